"""Pure ASGI middleware: request size limit, security headers, a CPR-free access log."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from hir_docs.formatting import scrub_cpr

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
# An ASGI app answering "too large" for (scope, limit in bytes).
TooLarge = Callable[[Scope, int], ASGIApp]

log = logging.getLogger("hir_docs.web")
CLIENT_GONE = 499  # the status logged when the client disconnected before the answer
STATIC_CACHE = b"public, max-age=3600"  # static files (CSS, script) change only with a release

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class _BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Refuse a request body above the path's limit: at once by its Content-Length, and
    by counting while it streams in (a chunked or lying client), before it is all read."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int], too_large: TooLarge):
        self.app = app
        self.limit_for = limit_for
        self.too_large = too_large

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self.too_large(scope, limit)(scope, receive, send)
            return
        received = 0
        exceeded = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                return  # the app's answer to a cut-off body is replaced by ours
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await self.too_large(scope, limit)(scope, receive, send)


class SecurityHeaders:
    """Content-Security-Policy without inline script or style, nosniff, no referrer,
    no framing. Unless a route set its own Cache-Control: pages are not cached (no-store),
    static files are cached for an hour."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in {h for h, _ in SECURITY_HEADERS}
                ]
                headers.extend(SECURITY_HEADERS)
                if not any(k.lower() == b"cache-control" for k, _ in headers):  # a route's own
                    static = scope["path"].startswith("/static/")
                    headers.append((b"cache-control", STATIC_CACHE if static else b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class AccessLog:
    """One line per request: method, path (CPR numbers masked, no query string), status
    and time. Replaces uvicorn's access log, which would print the query string."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            ms = (time.perf_counter() - start) * 1000
            path = scope["path"]
            if path.startswith("/hent/"):
                path = "/hent/…"  # a download link is a secret while it lives
            elif "/resultat/" in path:
                path = path[: path.index("/resultat/")] + "/resultat/…"  # so is a result
            gone = " (klienten afbrød forbindelsen)" if status == CLIENT_GONE else ""
            log.info("%s %s %d%s %.0f ms", scope["method"], scrub_cpr(path), status, gone, ms)
