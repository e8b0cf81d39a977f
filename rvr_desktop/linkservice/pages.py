"""The caller's, the officer's and the practice phone's pages, and the
headers every response carries.

Pages are read from `resources/` once at start-up and served from memory;
only files that were there at start-up can be asked for, so no path from a
request ever reaches the file system. The headers keep the caller's phone
clean: nothing is cached, no cookie is ever set, no service worker may
register, and leaving the page sends no referrer to the next site.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from aiohttp import web

from rvr_desktop.workflow.shipped_files import default_resources_dir

RESOURCES = default_resources_dir()
_TEXT_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json",
               ".svg": "image/svg+xml"}


def _content_type(path: Path) -> str:
    return _TEXT_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class PageFiles:
    """The files of one folder under resources/, by their path relative to it."""

    def __init__(self, folder: str) -> None:
        root = RESOURCES / folder
        self.files = {p.relative_to(root).as_posix(): (p.read_bytes(), _content_type(p))
                      for p in sorted(root.rglob("*")) if p.is_file()}

    def response(self, name: str) -> web.Response:
        try:
            body, content_type = self.files[name]
        except KeyError:
            raise web.HTTPNotFound(text="Not found.") from None
        response = web.Response(body=body, content_type=content_type,
                                charset="utf-8" if content_type.startswith(("text/", "application/json")) else None)
        if content_type.startswith("text/") or content_type == "application/json":
            response.enable_compression()
        return response

    async def handle(self, request: web.Request) -> web.Response:
        return self.response(request.match_info["name"])


def static_page(relative: str):
    """A handler serving one file under resources/."""
    folder, _, name = relative.partition("/")
    files = PageFiles(folder)

    async def handler(request: web.Request) -> web.Response:
        return files.response(name)
    return handler


def content_security_policy(request: web.Request) -> str:
    socket_scheme = "wss" if request.secure else "ws"
    return "; ".join([
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' blob: data:",
        "media-src 'self' blob: mediastream:", f"connect-src 'self' {socket_scheme}://{request.host}",
        "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'", "worker-src 'none'",
        "manifest-src 'none'",
    ])


async def add_safe_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Added just before any response's headers go out (an `on_response_prepare` hook), errors included."""
    headers = response.headers
    headers.setdefault("Cache-Control", "no-store")
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Content-Security-Policy"] = content_security_policy(request)
    headers["Permissions-Policy"] = "camera=(self), microphone=(self), geolocation=(self)"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.secure:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    # No handler sets a cookie; make sure nothing ever does.
    headers.popall("Set-Cookie", None)
