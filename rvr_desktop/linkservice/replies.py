"""JSON replies shared by every route: a refusal always names its reason in
a stable code for programs and says, for people, what happened, what was
kept safe and what to do."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

MAX_JSON_BYTES = 16 * 1024
# A body already read to see which call it is about (passing_on.py), for the route to read again.
PEEKED_BODY = web.RequestKey("peeked_body", bytes)


def refuse(status: int, code: str, message: str, **extra: Any) -> web.Response:
    """A refusal; a `retry_after` (seconds) in `extra` also goes out as the `Retry-After` header."""
    headers = {"Retry-After": str(extra["retry_after"])} if "retry_after" in extra else None
    return web.json_response({"error": code, "message": message, **extra}, status=status, headers=headers)


async def read_at_most(request: web.Request, limit: int) -> bytes | None:
    """The whole body, or None as soon as it passes `limit` bytes (however it was sent: a missing or
    false Content-Length changes nothing)."""
    if PEEKED_BODY in request:
        peeked = request[PEEKED_BODY]
        return peeked if len(peeked) <= limit else None
    parts, total = [], 0
    while chunk := await request.content.read(64 * 1024):
        total += len(chunk)
        if total > limit:
            return None
        parts.append(chunk)
    return b"".join(parts)


async def read_json_object(request: web.Request, limit: int = MAX_JSON_BYTES) -> dict | web.Response:
    """The request's JSON object (at most `limit` bytes of it), or a refusal explaining what was wrong with it."""
    raw = await read_at_most(request, limit)
    if raw is None:
        return refuse(413, "too_large", "The request was larger than this service accepts; nothing was changed.")
    try:
        body = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError):
        return refuse(400, "malformed_json", "The request was not valid JSON; nothing was changed. "
                      "This is a fault in the program that sent it: report it.")
    if not isinstance(body, dict):
        return refuse(400, "malformed_json", "The request must be a JSON object; nothing was changed.")
    return body
