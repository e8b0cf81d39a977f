"""The trainer's console over HTTP (practice mode only; see trainer_console.py).

The workstation opens and closes consoles and follows what was fired through the officer API (bearer token,
checked by officer_api.officer_only). The trainer's page has no officer token: the console's key is its
secret, so wrong keys are slowed per asker in a bucket of their own (rate_limit.py).
"""

from __future__ import annotations

import functools

from aiohttp import web

from .events import stream as event_stream
from .officer_api import PREFIX
from .pages import PageFiles
from .rate_limit import Bucket, slow_down
from .replies import read_json_object, refuse
from .service import SERVICE, LinkService
from .simulated_phone import e164
from .trainer_console import MAX_BRIEF_BYTES, TIMETABLE, TRAINER, BriefError, TrainerConsole, checked_brief

TRAINER_PREFIX = "/api/trainer"


def _practice_only(handler):
    """Live mode has no trainer and no simulated phone: say so rather than pretend the console is missing."""
    @functools.wraps(handler)
    async def checked(request: web.Request):
        if not request.app[SERVICE].practice:
            return refuse(404, "practice_only", "Trainer's consoles exist in practice mode only; nothing was made.")
        return await handler(request)
    return checked


@_practice_only
async def open_console(request: web.Request) -> web.Response:
    service: LinkService = request.app[SERVICE]
    body = await read_json_object(request, MAX_BRIEF_BYTES)
    if isinstance(body, web.Response):
        return body
    phone_number = body.get("phone_number", "")
    if not isinstance(phone_number, str) or len(phone_number) > 32:
        return refuse(400, "bad_phone_number", "phone_number must be the caller's practice number as text; "
                      "no console was made.")
    try:
        brief = checked_brief(body.get("brief"))
    except BriefError as exc:
        return refuse(400, "bad_brief", f"The trainer's brief is not in the expected shape ({exc}); no console was "
                      "made. This is a fault in the program that sent it: report it.")
    # Texts are timed by the simulated phones' clock, so the console notes its opening by that clock too.
    since = service.phones.clock() if service.phones is not None else None
    console, key = service.consoles.open(brief, e164(phone_number) if phone_number else "", texts_since=since)
    # As with the officer's page, the key rides in the fragment, which browsers never send to a server.
    page = f"/trainer/#{key}"
    return web.json_response({"console_id": console.console_id, "console_page": page,
                              "url": service.public_url + page}, status=201)


@_practice_only
async def console_events(request: web.Request) -> web.WebSocketResponse:
    console = request.app[SERVICE].consoles.console(request.match_info["console_id"])
    return await event_stream(request, console.events, "console closed")


@_practice_only
async def close_console(request: web.Request) -> web.Response:
    service: LinkService = request.app[SERVICE]
    service.consoles.close(service.consoles.console(request.match_info["console_id"]))
    return web.Response(status=204)


@_practice_only
async def mark_fired(request: web.Request) -> web.Response:
    """The workstation's timetable fired an event by itself: the console shows it as due now, so the trainer acts
    it. Recorded like the trainer's own Fire (once per event), with "by": "timetable"."""
    console = request.app[SERVICE].consoles.console(request.match_info["console_id"])
    body = await read_json_object(request)
    if isinstance(body, web.Response):
        return body
    event_id = body.get("event_id")
    if not isinstance(event_id, str) or event_id not in console.event_ids():
        return refuse(400, "unknown_event", "The trainer's console has no such event, so it was not marked as "
                      "fired; the practice run goes on. This is a fault in the program that sent it: report it.")
    console.fire(event_id, by=TIMETABLE)
    return web.json_response({"fired": console.fired})


async def _presented_console(request: web.Request) -> tuple[TrainerConsole, dict] | web.Response:
    """The open console whose key the trainer's page sent, with the request's body; or the refusal."""
    service: LinkService = request.app[SERVICE]
    body = await read_json_object(request)
    if isinstance(body, web.Response):
        return body
    console = service.consoles.find(body.get("key"))
    if console is None:
        wait = await service.limits.wrong(Bucket.CONSOLES, service.asker(request))
        if wait:
            return slow_down(Bucket.CONSOLES, wait)
        return refuse(404, "unknown", "This trainer's console link is not one the practice service knows. Open "
                      "the whole link the workstation shows, including everything after the #.")
    if console.closed_at is not None:
        return refuse(410, "closed", "This practice run has ended, so its console is closed. Nothing more can be "
                      "fired from it; the workstation shows a new link for the next run.")
    return console, body


async def trainer_console(request: web.Request) -> web.Response:
    """What the trainer's page shows: the brief, what was fired (and by whom), and the texts to the caller's
    phone since the console opened."""
    found = await _presented_console(request)
    if isinstance(found, web.Response):
        return found
    console, _ = found
    console.page_opened()
    phones = request.app[SERVICE].phones
    texts = (phones.texts_to(console.phone_number, since=console.texts_since)
             if phones is not None and console.phone_number else [])
    return web.json_response({"brief": console.brief, "fired": console.fired, "fired_by": console.fired_by,
                              "texts": texts})


async def fire(request: web.Request) -> web.Response:
    found = await _presented_console(request)
    if isinstance(found, web.Response):
        return found
    console, body = found
    event_id = body.get("event_id")
    if not isinstance(event_id, str) or event_id not in console.event_ids():
        return refuse(400, "unknown_event", "This practice run has no such event; nothing was fired. Reload the "
                      "console.")
    console.fire(event_id, by=TRAINER)
    return web.json_response({"fired": console.fired, "fired_by": console.fired_by})


async def fail_next_text(request: web.Request) -> web.Response:
    """The trainer's rehearsal of a text that does not arrive: the next text to this run's caller ends as the
    Notify failure asked for, and the officer's link step shows what to do about it."""
    found = await _presented_console(request)
    if isinstance(found, web.Response):
        return found
    console, body = found
    phones = request.app[SERVICE].phones
    if phones is None or not console.phone_number:
        return refuse(400, "no_phone", "This practice run has no caller's phone, so no text can be made to fail.")
    try:
        phones.fail_next_text(console.phone_number, str(body.get("status", "permanent-failure")))
    except ValueError as exc:
        return refuse(400, "unknown_failure", f"{exc} Nothing was changed.")
    return web.json_response({"fails_next": str(body.get("status", "permanent-failure"))})


def officer_routes() -> list[web.RouteDef]:
    consoles = f"{PREFIX}/trainer-consoles"
    return [web.post(consoles, open_console),
            web.delete(f"{consoles}/{{console_id}}", close_console),
            web.post(f"{consoles}/{{console_id}}/fired", mark_fired),
            web.get(f"{consoles}/{{console_id}}/events", console_events)]


def trainer_routes() -> list[web.RouteDef]:
    """The trainer's page and its API: practice mode only, so added only with the simulated phones."""
    page = PageFiles("trainer-page")

    async def index(request: web.Request) -> web.Response:
        return page.response("index.html")

    return [web.get("/trainer/", index),
            web.get("/static/trainer/{name:.+}", page.handle),
            web.post(f"{TRAINER_PREFIX}/console", trainer_console),
            web.post(f"{TRAINER_PREFIX}/fire", fire),
            web.post(f"{TRAINER_PREFIX}/fail-next-text", fail_next_text)]
