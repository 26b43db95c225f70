"""One browser tab's app: `python -m quizapp.web.child [CONTENT_DIR ...]`.

textual-serve starts this once per websocket, with Textual's web driver chosen
through the environment, on the same QUIZAPP_HOME as the server. It calls the app
factory directly rather than the `quizapp` command, whose checks are for a terminal.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    from quizapp.tui.app import run_app

    return run_app(content_dirs=[Path(arg) for arg in argv])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
