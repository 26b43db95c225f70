"""`quizapp serve [--host 127.0.0.1] [--port 8000]`: arguments, checks and messages.

Safe by default: it binds to the loopback address only, and the printed URL carries a
random token that every page, asset and websocket needs. Binding anywhere else prints
a warning, since whoever has the URL can use the app and run code through the grader.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import os
import secrets
import shlex
import sys
from pathlib import Path

EXIT_OK, EXIT_USAGE = 0, 2

# Printed in both languages: `serve` has no language of its own to pick one.
_MESSAGES: dict[str, tuple[str, str]] = {  # key: (en, zh)
    "missing": (
        "quizapp serve needs the web extra: pip install 'quizapp[web]'",
        "quizapp serve 需要 web 扩展：pip install 'quizapp[web]'",
    ),
    "exposed": (
        "warning: serving on {host}, not only this machine: anyone who can reach it and has the URL "
        "can use the app and run code through the grader.",
        "警告：正在 {host} 上提供服务，不只本机可以访问：任何能连到这台机器并拿到网址的人，"
        "都能使用本应用，并通过评测器运行代码。",
    ),
    "ready": (
        "quizapp is served at {url}\nOpen it in a browser (each tab is its own app); Ctrl+C stops.",
        "quizapp 的网址：{url}\n在浏览器中打开（每个标签页是一个独立的应用）；按 Ctrl+C 停止。",
    ),
    "cannot_bind": ("cannot serve on {host}:{port}: {why}", "无法在 {host}:{port} 上提供服务：{why}"),
    "bad_port": (
        "the port must be a number from 0 to 65535, got {value!r}",
        "端口必须是 0 到 65535 之间的数字，而不是 {value!r}",
    ),
    "stopped": ("stopped", "已停止"),
}


def _both(key: str, **values: object) -> str:
    en, zh = _MESSAGES[key]
    return f"{en.format(**values)}\n{zh.format(**values)}"


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(_both("bad_port", value=value))
    return port


def add_serve_arguments(serve: argparse.ArgumentParser) -> None:
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)"
    )
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000; 0: any free port)")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _url(host: str, port: int, token: str) -> str:
    shown = "127.0.0.1" if host in ("", "0.0.0.0") else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/{token}/"


def child_command(content_dirs: list[Path]) -> str:
    """The shell command textual-serve runs for each tab (the same interpreter and content)."""
    words = [sys.executable, "-m", "quizapp.web.child", *(str(d.resolve()) for d in content_dirs)]
    return shlex.join(words)


def run_serve(args: argparse.Namespace) -> int:
    import importlib.util

    if importlib.util.find_spec("textual_serve") is None:
        print(_both("missing"), file=sys.stderr)
        return EXIT_USAGE
    from quizapp.locations import data_home
    from quizapp.web.server import serve

    # Every tab's app process inherits this: one data folder for all of them.
    os.environ["QUIZAPP_HOME"] = str(data_home())
    host, token = args.host, secrets.token_urlsafe(24)

    def ready(port: int) -> None:  # bound: from now on the URL works
        if not is_loopback(host):
            print(_both("exposed", host=host), file=sys.stderr, flush=True)
        print(_both("ready", url=_url(host, port, token)), flush=True)

    try:
        asyncio.run(serve(child_command(list(args.content)), host, args.port, token, ready))
    except OSError as exc:
        print(_both("cannot_bind", host=host, port=args.port, why=exc.strerror or exc), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:  # where signal handlers cannot be installed (Windows)
        pass
    print(_both("stopped"), file=sys.stderr)
    return EXIT_OK
