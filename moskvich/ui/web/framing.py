"""Which sites may show the dashboard in a frame: its pages only its own, the embed view any.

Streamlit sends the same HTML for every page, so the policy is set on the HTTP response by path:
`Content-Security-Policy: frame-ancestors 'self'` (and `X-Frame-Options: SAMEORIGIN` for browsers that
predate it) on everything but the embed view (`/embed`), which exists to be framed by other sites
(share.embed_code). That stops another site from framing a page under its own, for instance to overlay
the upload form (clickjacking). The middleware wraps the server through `st.App` in app.py, so a
single process and every replica behind a proxy send it alike.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.middleware import Middleware

from moskvich.plots.registry import EMBED_PATH

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

POLICY = (b"content-security-policy", b"frame-ancestors 'self'")
LEGACY = (b"x-frame-options", b"SAMEORIGIN")


def embeddable(path: str) -> bool:
    """Whether the page at `path` may be framed by any site: the embed view, under any base path."""
    return path.rstrip("/").endswith("/" + EMBED_PATH)


class FrameGuard:
    """ASGI middleware that adds the framing policy to every HTTP response but the embed view's."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or embeddable(scope.get("path", "")):
            await self.app(scope, receive, send)
            return

        async def guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), POLICY, LEGACY]}
            await send(message)

        await self.app(scope, receive, guarded)


MIDDLEWARE = [Middleware(FrameGuard)]
