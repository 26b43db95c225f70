"""`quizapp mock --export FILE`: the last mock interview's report as Markdown."""

from __future__ import annotations

import sys
from pathlib import Path

from quizapp.content.model import Catalog


def export_last_report(*, home: Path, catalog: Catalog, target: Path, lang: str | None) -> int:
    from quizapp.mock.report import baseline, build_report, to_markdown
    from quizapp.review.errors import StoreError
    from quizapp.review.store import ReviewStore

    if not (home / "quizapp.db").exists():
        print("quizapp mock: no mock interview yet; start one with `quizapp mock`", file=sys.stderr)
        return 1
    try:
        with ReviewStore.open(home) as store:
            sessions = store.list_mocks(limit=50)
            finished = [s for s in sessions if s.finished is not None]
            language = lang or str(store.get_setting("language"))
    except StoreError as exc:
        print(f"quizapp mock: {exc}", file=sys.stderr)
        return 1
    if not finished:
        print("quizapp mock: no finished mock interview yet; start one with `quizapp mock`", file=sys.stderr)
        return 1
    last = finished[0]
    previous = baseline(sessions, last.id)
    report = build_report(last, catalog, previous=previous, lang=language)
    try:
        target.write_text(to_markdown(report, language), encoding="utf-8")
    except OSError as exc:
        print(f"quizapp mock: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"wrote {target}")
    return 0
