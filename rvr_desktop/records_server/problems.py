"""RFC 9457 problem details, worded for the officer who will read them.

The workstation shows `title`, `detail` and each error to the officer, so
each says what happened and what to do, in plain words.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from aiohttp import web

from rvr_desktop.sync.contract import ContractProblem

PROBLEM_TYPE = "application/problem+json"


class Problem(Exception):
    """Raised by a handler to answer with a problem document."""

    def __init__(self, status: int, name: str, title: str, detail: str = "", *,
                 errors: Iterable[ContractProblem] = (), headers: dict[str, str] | None = None):
        super().__init__(title)
        self.status = status
        self.name = name
        self.title = title
        self.detail = detail
        self.errors = list(errors)
        self.headers = headers or {}

    def response(self, instance: str) -> web.Response:
        body = {"type": f"/problems/{self.name}" if self.name else "about:blank", "title": self.title,
                "status": self.status, "instance": instance}
        if self.detail:
            body["detail"] = self.detail
        if self.errors:
            body["errors"] = [{"pointer": e.pointer, "detail": e.detail} for e in self.errors]
        return web.Response(status=self.status, headers=self.headers, content_type=PROBLEM_TYPE,
                            text=json.dumps(body, ensure_ascii=False))


def from_http_error(error: web.HTTPException) -> Problem:
    """aiohttp's own refusals (no such path, wrong method, body too big) as problems."""
    titles = {
        404: ("not-found", "There is nothing at this address in the records API."),
        405: ("method-not-allowed", "This address does not accept that kind of request."),
        413: ("too-large", "The request is larger than the records system accepts."),
    }
    name, title = titles.get(error.status, ("", error.reason))
    headers = {"Allow": error.headers["Allow"]} if "Allow" in error.headers else None
    return Problem(error.status, name, title, headers=headers)
