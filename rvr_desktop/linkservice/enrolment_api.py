"""POST /api/enrol: a workstation exchanges its one-time enrolment code for its credential (workstations.py).

Served by a force's service only. A wrong code counts towards a limit of its
own (rate_limit.py), as every guessable secret does; a code is 125 bits, so
the limit is for the service's sake more than the code's.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from .rate_limit import Bucket, slow_down
from .replies import read_json_object, refuse
from .service import SERVICE, LinkService
from .workstations import EnrolmentRefused

log = logging.getLogger(__name__)
ENROL_PATH = "/api/enrol"

_REFUSED = {
    "unknown": "That enrolment code is not one this service issued. Check it was typed as it was given (the "
               "dashes may be left out); nothing was changed.",
    "used": "That enrolment code has been used already, and a code works once; nothing was changed. If this "
            "workstation did not use it, tell the force's IT team now, so they can revoke whoever did.",
    "expired": "That enrolment code is more than a day old and no longer works; nothing was changed. Ask the "
               "force's IT team for a new one.",
    "revoked": "That enrolment code was cancelled when its workstation was revoked; nothing was changed. Ask "
               "the force's IT team for a new one.",
}


async def enrol(request: web.Request) -> web.Response:
    service: LinkService = request.app[SERVICE]
    assert service.workstations is not None  # the route is only there when it is
    body = await read_json_object(request)
    if isinstance(body, web.Response):
        return body
    code = body.get("code")
    if not isinstance(code, str) or not 0 < len(code) <= 64:
        return refuse(400, "bad_code", "code must be the enrolment code as text; nothing was changed.")
    try:
        workstation, credential = await asyncio.to_thread(service.workstations.exchange, code)
    except EnrolmentRefused as refused:
        wait = await service.limits.wrong(Bucket.ENROLMENT_CODES, service.asker(request))
        if wait:
            return slow_down(Bucket.ENROLMENT_CODES, wait)
        log.warning("an enrolment code was refused (%s)", refused.reason)
        return refuse(401, f"code_{refused.reason}", _REFUSED[refused.reason])
    log.info("workstation %s enrolled", workstation)
    return web.json_response({"workstation": workstation, "credential": credential,
                              "public_url": service.public_url}, status=201)


def routes() -> list[web.RouteDef]:
    return [web.post(ENROL_PATH, enrol)]
