"""The web server: textual-serve's page, assets and websocket, behind a secret path.

Every route lives under `/<token>/`, a random token printed in the URL; any other path
gets 403 before a handler runs, so without the token nobody gets the page, its assets
or a websocket (each websocket starts an app process that can run code through the
grader). The token is in the path rather than a query or a cookie because the page's
own links (assets, websocket) are built from the path it was served under, and a cookie
would be sent to every other server on the same host, whatever its port.

Imported only by `quizapp serve`, with the `quizapp[web]` extra installed.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import re
import signal
from collections.abc import Awaitable, Callable

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# No request leaves for anywhere but this server (textual-serve's page asks a font
# CDN; the bundled font is used instead), and the URL is never sent as a referrer.
_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self' {ws}; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
_HOST = re.compile(r"^[A-Za-z0-9.\-:\[\]]{1,255}$")
_TAB_CLOSE_SECONDS = 5.0


class TokenServer(Server):
    """textual-serve's Server, whose page links back to the address it was opened at."""

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        # textual-serve builds the page's absolute URLs (assets, websocket) from
        # public_url; taken from the request, a page opened through any of the
        # machine's addresses connects back to that one. No await comes between
        # setting it and the base handler reading it.
        self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)


def path_token(request: web.Request) -> str:
    """The first segment of the request's path, as sent."""
    parts = request.rel_url.raw_path.split("/", 2)
    return parts[1] if len(parts) > 1 else ""


def build_app(server: Server, token: str) -> web.Application:
    prefix = f"/{token}"

    @web.middleware
    async def require_token(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not hmac.compare_digest(path_token(request).encode(), token.encode()):
            raise web.HTTPForbidden(text="403: this address needs the token printed by `quizapp serve`\n")
        return await handler(request)

    async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
        host = request.host if _HOST.match(request.host or "") else ""
        ws = f"ws://{host} wss://{host}" if host else ""
        response.headers["Content-Security-Policy"] = _CSP.format(ws=ws)
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-store"

    tabs: set[asyncio.Task[object]] = set()

    async def websocket(request: web.Request) -> web.StreamResponse:
        """One tab: textual-serve starts its own app process for each websocket."""
        task = asyncio.current_task()
        assert task is not None
        tabs.add(task)
        try:
            return await server.handle_websocket(request)
        finally:
            tabs.discard(task)

    async def close_tabs(_app: web.Application) -> None:
        # Cancelling a tab's handler closes its websocket and tells its app to quit.
        for task in list(tabs):
            task.cancel()
        if tabs:
            await asyncio.wait(list(tabs), timeout=_TAB_CLOSE_SECONDS)

    async def add_slash(_request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(prefix + "/")

    app = web.Application(middlewares=[require_token])
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(server.templates_path))
    app.add_routes(
        [
            web.get(prefix, add_slash),
            # The names are the ones textual-serve's page handler looks up.
            web.get(prefix + "/", server.handle_index, name="index"),
            web.get(prefix + "/ws", websocket, name="websocket"),
            web.get(prefix + "/download/{key}", server.handle_download, name="download"),
            web.static(prefix + "/static", server.statics_path, name="static"),
        ]
    )
    app.on_response_prepare.append(security_headers)
    app.on_shutdown.append(close_tabs)
    return app


async def serve(command: str, host: str, port: int, token: str, on_ready: Callable[[int], None]) -> None:
    """Serve until SIGINT or SIGTERM; `on_ready` gets the bound port (useful with port 0)."""
    server = TokenServer(command, host=host, port=port, title="quizapp")
    runner = web.AppRunner(build_app(server, token), access_log=None, handle_signals=False)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        on_ready(int(runner.addresses[0][1]))
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # Windows: Ctrl+C arrives as KeyboardInterrupt
                loop.add_signal_handler(sig, stop.set)
        await stop.wait()
    finally:
        await runner.cleanup()
