"""`quizapp serve`: the token guards every path, and a real browser drives the app.

The browser test runs Debian's `chromium` through Playwright (executable_path: no
browser download). It is skipped only where no Chromium is installed, and says so;
.ci/run installs it. Screenshots are kept in the test's temp folder
(`screenshots/home.png`, `screenshots/drill.png`).
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from quizapp.cli import main

IN_CI = bool(os.environ.get("CI"))
HAS_PROC = Path("/proc/self/environ").exists()
# A hook into textual-serve's page script (pinned to 1.1.x in pyproject): keep each
# terminal session where the test can read its screen buffer through xterm.js' API.
HOOK = "const t=new w(e,{ping:r});"
SCREEN_JS = """() => {
  const s = (window.__quizappSessions || [])[0];
  if (!s) return "";
  const buffer = s.terminal.buffer.active, lines = [];
  for (let y = 0; y < s.terminal.rows; y++) {
    const line = buffer.getLine(y);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
}"""


def test_missing_extra_is_a_usage_error_with_the_install_command(monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # find_spec() then says: not installed
    assert main(["serve"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "pip install 'quizapp[web]'" in err and "web 扩展" in err


@pytest.mark.parametrize("port", ["70000", "-1", "http"])
def test_a_bad_port_is_a_usage_error(port, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["serve", "--port", port])
    assert stop.value.code == 2
    assert "65535" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("host", "warned"), [("127.0.0.1", False), ("localhost", False), ("::1", False), ("0.0.0.0", True), ("::", True)]
)
def test_only_a_non_loopback_host_prints_the_warning(host, warned, monkeypatch, capsys) -> None:
    pytest.importorskip("textual_serve", reason="the quizapp[web] extra is not installed")
    import quizapp.web.server as server

    seen = {}

    async def fake_serve(command, host_, port, token, on_ready):  # binds nothing
        seen.update(command=command, host=host_, port=port, token=token)
        on_ready(8123)

    monkeypatch.setattr(server, "serve", fake_serve)
    assert main(["serve", "--host", host, "--port", "0"]) == 0
    out, err = capsys.readouterr()
    assert ("anyone who can reach it and has the URL can use the app and run code through the grader" in err) == warned
    assert re.search(rf"http://\S+:8123/{re.escape(seen['token'])}/", out)
    assert len(seen["token"]) >= 32 and seen["host"] == host
    assert "-m quizapp.web.child" in seen["command"]


def _get(base: str, path: str, headers: dict[str, str] | None = None) -> int:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        return conn.getresponse().status
    finally:
        conn.close()


def _tab_processes(home: Path) -> list[int]:
    """Pids of the tabs' app processes on `home` (a fork of one, the preload, not counted)."""
    found: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            environ = (entry / "environ").read_bytes().split(b"\0")
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if b"quizapp.web.child" in argv and f"QUIZAPP_HOME={home}".encode() in environ:
            found[int(entry.name)] = ppid
    return sorted(pid for pid, ppid in found.items() if ppid not in found)


@pytest.fixture
def served(quizapp_home: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "quizapp", "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        found = re.search(r"http://127\.0\.0\.1:\d+/[A-Za-z0-9_-]+/", line)
        assert found, f"no URL printed: {line!r} {proc.stderr.read() if proc.poll() is not None else ''}"
        yield found.group(0), proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _browser_or_skip() -> str:
    pytest.importorskip("textual_serve", reason="the quizapp[web] extra is not installed (pip install '.[web]')")
    if IN_CI:
        import playwright  # noqa: F401  # .ci/run installs it: its absence there is a failure
    else:
        pytest.importorskip("playwright", reason="Playwright for Python is not installed (pip install playwright)")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no Chromium on this machine (Debian: apt-get install chromium): the browser test cannot run")
    return chromium


def test_the_app_in_a_real_browser_behind_the_token(served, quizapp_home, tmp_path) -> None:
    chromium = _browser_or_skip()
    from playwright.sync_api import Route, sync_playwright

    url, proc = served
    base = url.rsplit("/", 2)[0]
    token = url.rstrip("/").rsplit("/", 1)[1]
    # Without the token (or with a wrong one): 403 for the page, its assets and the websocket.
    upgrade = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}  # fmt: skip
    assert _get(base, "/") == 403
    assert _get(base, "/static/js/textual.js") == 403
    assert _get(base, "/ws", upgrade) == 403
    assert _get(base, f"/{token[:-1]}/") == 403
    assert _get(base, f"/{token}x/ws", upgrade) == 403
    assert _get(base, f"/{token}/") == 200
    assert _get(base, f"/{token}/static/js/textual.js") == 200

    shots = tmp_path / "screenshots"
    shots.mkdir()

    def expose_sessions(route: Route) -> None:
        response = route.fetch()
        body = response.text()
        assert HOOK in body, "textual-serve's page script changed: update HOOK"
        hooked = HOOK + "(window.__quizappSessions = window.__quizappSessions || []).push(t);"
        route.fulfill(response=response, body=body.replace(HOOK, hooked))

    def screen_shows(page, text: str) -> None:
        page.wait_for_function(f"() => ({SCREEN_JS})().includes({text!r})", timeout=60_000)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            context = browser.new_context(viewport={"width": 1000, "height": 700})
            context.route("**/static/js/textual.js", expose_sessions)
            page = context.new_page()
            page.goto(url)
            screen_shows(page, "Batch Norm basics")  # Home's deck list
            screen = page.evaluate(SCREEN_JS)
            assert "Decks" in screen and "Practice and pitfalls" in screen
            page.screenshot(path=str(shots / "home.png"))

            page.locator(".xterm-screen").click()
            page.keyboard.press("r")
            screen_shows(page, "Card 1 of")
            screen_shows(page, "Press space to show the answer")
            page.screenshot(path=str(shots / "drill.png"))

            # A second tab is a second app process, on the same data folder
            # (counted through /proc: Linux, where CI runs).
            second = context.new_page()
            second.goto(url)
            screen_shows(second, "Batch Norm basics")
            deadline = time.monotonic() + 10
            while HAS_PROC and len(_tab_processes(quizapp_home)) != 2 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert not HAS_PROC or len(_tab_processes(quizapp_home)) == 2
        finally:
            browser.close()

    proc.send_signal(signal.SIGINT)  # Ctrl+C: exit 0, and no tab's app left running
    assert proc.wait(timeout=20) == 0
    assert _tab_processes(quizapp_home) == []
    assert (shots / "home.png").stat().st_size > 10_000 and (shots / "drill.png").stat().st_size > 10_000
