"""The officer's workstation's API: sessions, links, texts, uploads and the
event stream (the trainer's consoles are in trainer_api.py).

Every route needs a bearer token: in practice mode the run's officer token;
in a force's service an enrolled workstation's credential (workstations.py),
with the officer signed in on it named in `X-RVR-Officer`. Wrong tokens
count towards a limit of their own (rate_limit.py); the right one is never
refused by it. A session belongs to the workstation that opened it: any
other workstation is told there is no such session, as for one that never
existed, so a credential taken from one workstation reaches no other
workstation's callers. The service's log names the workstation and officer
that opened each session, and nothing about the caller.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from rvr_desktop import __version__
from rvr_desktop.settings import OFFICER_ID

from . import codes, links, signing, tokens
from .events import stream as event_stream
from .links import LinkInvite, Role
from .rate_limit import Bucket, slow_down
from .replies import read_json_object, refuse
from .service import SERVICE, LinkService
from .sessions import CASE_REF_PATTERN, UnknownSession, VideoSession
from .trainer_console import UnknownConsole

log = logging.getLogger(__name__)
PREFIX = "/api/officer"
LANGUAGES = ("en", "cy")
OFFICER_HEADER = "X-RVR-Officer"
# The officer API this service speaks, told in its status: a workstation that speaks another refuses it
# with a message rather than failing on some request mid-call (video/force_link_service.py).
OFFICER_API_VERSION = 1
OFFICER_PATTERN = OFFICER_ID  # the workstation checks live.toml's [officer] id by the same rule
# Where officer_only notes who asked, on the request: the workstation's name ("" in practice) and the officer.
WORKSTATION, OFFICER = web.RequestKey("workstation", str), web.RequestKey("officer", str)
CREDENTIAL = web.RequestKey("credential", str)  # the enrolled credential's id: what it opens is held by it


@web.middleware
async def officer_only(request: web.Request, handler):
    if not request.path.startswith(PREFIX + "/"):
        return await handler(request)
    service: LinkService = request.app[SERVICE]
    refused = await _admit(service, request)
    if refused is not None:
        return refused
    try:
        return await handler(request)
    except UnknownSession:
        return refuse(404, "no_such_session", "There is no such video session (it ended and was cleared, or the "
                      "link service restarted). Nothing else was affected. Start a new session.")
    except UnknownConsole:
        return refuse(404, "no_such_console", "There is no such trainer's console (it was closed, or the link "
                      "service restarted). Nothing else was affected. Open a new one.")


async def _admit(service: LinkService, request: web.Request) -> web.Response | None:
    """None when the request may go on (its workstation and officer noted on it), else the refusal."""
    header = request.headers.get("Authorization")
    register = service.workstations
    if register is None:  # practice: the run's own token
        if tokens.bearer_matches(header, service.officer_token):
            request[WORKSTATION] = ""
            return None
        message = ("The officer token was missing or wrong; nothing was changed. Restart the workstation so it "
                   "hands the link service a fresh token.")
    else:
        scheme, _, presented = (header or "").partition(" ")
        # The register is a file: read on a worker thread, so no request waits behind the disk.
        admitted = await asyncio.to_thread(register.admit, presented.strip()) if scheme.lower() == "bearer" else None
        if admitted is not None:
            officer = request.headers.get(OFFICER_HEADER, "").strip()
            if not OFFICER_PATTERN.match(officer):
                return refuse(400, "officer_not_named", f"Every request from a workstation names the officer "
                              f"signed in on it ({OFFICER_HEADER}: their collar or staff number, up to 32 letters, "
                              "digits and spaces); nothing was changed. Sign in again on the workstation.")
            request[WORKSTATION], request[OFFICER] = admitted.workstation, officer
            request[CREDENTIAL] = admitted.credential_id
            return None
        message = ("This workstation is not enrolled with the force's link service, or it has been revoked; "
                   "nothing was changed. Ask the force's IT team to enrol it (rvr-desktop link-service enrol "
                   "on the server, then rvr-desktop enrol here), and carry on by phone meanwhile.")
    wait = await service.limits.wrong(Bucket.OFFICER_TOKENS, service.asker(request))
    if wait:
        return slow_down(Bucket.OFFICER_TOKENS, wait)
    return refuse(401, "not_authorised", message)


def asked_session(request: web.Request) -> VideoSession:
    """The session the path names, when the workstation asking opened it; UnknownSession otherwise, just as
    for a session that does not exist."""
    session = request.app[SERVICE].book.session(request.match_info["session_id"])
    if session.workstation != request.get(WORKSTATION, ""):
        raise UnknownSession(session.session_id)
    return session


def _invite(session: VideoSession, request: web.Request) -> LinkInvite | None:
    return session.invites.get(request.match_info["invite_id"])


async def status(request: web.Request) -> web.Response:
    service: LinkService = request.app[SERVICE]
    # A force's workstation is told of its own sessions only, not how busy the others are.
    sessions = sum(1 for s in service.book.all() if s.workstation == request[WORKSTATION])
    return web.json_response({"version": __version__, "officer_api": OFFICER_API_VERSION, "mode": service.mode,
                              "sessions": sessions, "public_url": service.public_url})


async def open_session(request: web.Request) -> web.Response:
    service: LinkService = request.app[SERVICE]
    body = await read_json_object(request)
    if isinstance(body, web.Response):
        return body
    case_ref = str(body.get("case_ref", ""))
    if not CASE_REF_PATTERN.match(case_ref):
        return refuse(400, "bad_case_ref", "case_ref must be the workstation's case identifier (letters, digits and "
                      "/_.:- up to 64 characters, no names); no session was opened.")
    session = service.book.open_session(case_ref, request[WORKSTATION])
    if service.sharing is not None:  # this instance hosts the new call (hosting.py)
        await service.sharing.hosting.take(session.session_id)
    if service.workstations is not None:
        log.info("video session opened by workstation %s for officer %s", request[WORKSTATION], request[OFFICER])
    page = _officer_page(request, session)
    return web.json_response({**session.summary(), **page}, status=201)


def _officer_page(request: web.Request, session: VideoSession) -> dict:
    service: LinkService = request.app[SERVICE]
    invite, token = service.book.issue(session, Role.OFFICER, service.config.link_minutes * 60)
    if CREDENTIAL in request:  # an enrolled workstation's: revoking it puts this page out of the call
        invite.credential_id = request[CREDENTIAL]
        service.holdings.officer_page(request[CREDENTIAL], session.session_id, invite.invite_id)
    # The token rides in the fragment, which browsers never send to a server or put in a Referer. The
    # invite's id in the query makes each page's address differ outside the fragment, so loading a new
    # one over an old one is a real page load, not a jump within the old page.
    return {"officer_page": f"/officer/?panel={invite.invite_id}#{token}", "officer_invite_id": invite.invite_id}


async def officer_page(request: web.Request) -> web.Response:
    """A fresh one-time address for the officer's page (the panel was reopened); the old one stops working."""
    service: LinkService = request.app[SERVICE]
    session = asked_session(request)
    if session.ended_at is not None:
        return _ended()
    earlier = session.live_invite(Role.OFFICER)
    page = _officer_page(request, session)
    if earlier is not None:
        await service.put_out(earlier, {"type": "revoked"}, "revoked")
    return web.json_response(page, status=201)


async def show_session(request: web.Request) -> web.Response:
    return web.json_response(asked_session(request).summary())


async def invite(request: web.Request) -> web.Response:
    """A link for the caller or an interpreter, texted when a phone number is given."""
    session = asked_session(request)
    body = await read_json_object(request)
    if isinstance(body, web.Response):
        return body
    role = body.get("role")
    if role not in (Role.CALLER.value, Role.INTERPRETER.value):
        return refuse(400, "bad_role", "role must be 'caller' or 'interpreter'; no link was made.")
    language = body.get("language", "en")
    if language not in LANGUAGES:
        return refuse(400, "bad_language", f"language must be one of {', '.join(LANGUAGES)}; no link was made.")
    phone_number = body.get("phone_number", "")
    if not isinstance(phone_number, str) or len(phone_number) > 32:
        return refuse(400, "bad_phone_number", "phone_number must be the number as text; no link was made.")
    by = body.get("by", "link")
    if by not in ("link", "code"):
        return refuse(400, "bad_by", "by must be 'link' (a link, texted when a number is given) or 'code' (a code "
                      "the officer reads out); no link was made.")
    if by == "code" and phone_number:
        return refuse(400, "code_not_texted", "A spoken code is read out, never texted: leave phone_number out. "
                      "No code was made.")
    return await _issue(request, session, Role(role), language, phone_number, body.get("valid_minutes"),
                        by_code=by == "code")


async def _issue(request: web.Request, session: VideoSession, role: Role, language: str, phone_number: str,
                 valid_minutes, by_code: bool = False) -> web.Response:
    service: LinkService = request.app[SERVICE]
    if session.ended_at is not None:
        return _ended()
    minutes = service.config.link_minutes if valid_minutes is None else valid_minutes
    if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or not 0 < minutes <= 24 * 60:
        return refuse(400, "bad_valid_minutes", "valid_minutes must be a number of minutes up to 1440; "
                      "no link was made.")
    earlier = session.live_invite(role)
    if by_code:
        new, code = service.book.issue_code(session, role, minutes * 60, language)
    else:
        new, token = service.book.issue(session, role, minutes * 60, language, phone_number)
    if earlier is not None:
        session.events.record("link_revoked", invite_id=earlier.invite_id, role=role.value,
                              reason="replaced by a new link")
        await service.put_out(earlier, {"type": "revoked"}, "revoked")
    if by_code:
        return web.json_response({"invite": new.summary(), "code": code, "spoken": codes.spoken(code),
                                  "address": service.code_address}, status=201)
    url = service.link_url(token)
    text = await service.texts.send(session, new, url) if phone_number else {"status": "not-sent"}
    return web.json_response({"invite": new.summary(), "url": url, "text": text}, status=201)


async def resend(request: web.Request) -> web.Response:
    """A new link to the same phone; the earlier link stops working."""
    session = asked_session(request)
    earlier = _invite(session, request)
    if earlier is None or earlier.role is Role.OFFICER or earlier.by_code:
        return _no_invite()
    return await _issue(request, session, earlier.role, earlier.language, earlier.phone_number,
                        (earlier.expires_at - earlier.created_at) / 60)


async def revoke(request: web.Request) -> web.Response:
    service: LinkService = request.app[SERVICE]
    session = asked_session(request)
    target = _invite(session, request)
    if target is None:
        return _no_invite()
    if target.revoked_at is None:
        service.book.revoke(target, "revoked by the officer")
        session.events.record("link_revoked", invite_id=target.invite_id, role=target.role.value,
                              reason="revoked by the officer")
        await service.put_out(target, {"type": "revoked"}, "revoked")
    return web.json_response({"invite": target.summary()})


async def admission(request: web.Request) -> web.Response:
    """The officer admits or refuses a device waiting to open a link (links.py). Admitting moves the link to
    that device: a tab that held it before is put out of the call."""
    service: LinkService = request.app[SERVICE]
    session = asked_session(request)
    target = _invite(session, request)
    if target is None:
        return _no_invite()
    body = await read_json_object(request)
    if isinstance(body, web.Response):
        return body
    if not isinstance(body.get("admit"), bool):
        return refuse(400, "bad_admit", "admit must be true or false; nothing was changed.")
    earlier = service.participant(session, target.role)
    settled = links.decide(target, request.match_info["request_id"], body["admit"], service.book.clock())
    if not settled:
        return refuse(409, "not_waiting", "That device is no longer waiting (it was answered, gave up or timed "
                      "out); nothing was changed.")
    for decided, by in zip(settled, ["officer"] + ["another device admitted"] * (len(settled) - 1)):
        session.events.record("admission_decided", invite_id=target.invite_id, request_id=decided.request_id,
                              admitted=decided.admitted, by=by)
    if settled[0].admitted and earlier is not None and earlier.invite is target:
        await service.put_out(target, {"type": "revoked"}, "revoked")
    return web.json_response({"invite": target.summary()})


async def end(request: web.Request) -> web.Response:
    service: LinkService = request.app[SERVICE]
    session = asked_session(request)
    await service.end_call(session, by="officer")
    return web.json_response(session.summary())


async def forget(request: web.Request) -> web.Response:
    """End the call and drop everything held for it, uploads included."""
    service: LinkService = request.app[SERVICE]
    session = asked_session(request)
    await service.end_call(session, by="officer")
    await service.book.forget(session)
    if service.sharing is not None:
        await service.sharing.hosting.let_go(session.session_id)
    return web.Response(status=204)


async def list_uploads(request: web.Request) -> web.Response:
    return web.json_response({"uploads": [u.summary() for u in asked_session(request).uploads.values()]})


async def fetch_upload(request: web.Request) -> web.Response:
    upload = asked_session(request).uploads.get(request.match_info["upload_id"])
    if upload is None:
        return _no_upload()
    return web.Response(body=upload.content, content_type=upload.media_type,
                        headers={"X-Content-SHA256": upload.sha256, "X-Received-At": upload.received_at})


async def drop_upload(request: web.Request) -> web.Response:
    """The workstation has stored the upload encrypted; the service need not hold it any longer."""
    if asked_session(request).uploads.pop(request.match_info["upload_id"], None) is None:
        return _no_upload()
    return web.Response(status=204)


async def events(request: web.Request) -> web.WebSocketResponse:
    """The session's events as a WebSocket of JSON messages, from `?after=SEQ` on."""
    held = request.app[SERVICE].holdings.sockets(request[CREDENTIAL]) if CREDENTIAL in request else None
    return await event_stream(request, asked_session(request).events, "session forgotten", held)


def _ended() -> web.Response:
    return refuse(409, "ended", "This video session has ended; nothing was changed. Start a new session for a new call.")


def _no_invite() -> web.Response:
    return refuse(404, "no_such_invite", "There is no such link in this session; nothing was changed.")


def _no_upload() -> web.Response:
    return refuse(404, "no_such_upload", "There is no such upload in this session (it may have been collected "
                  "already); nothing was changed.")


def routes() -> list[web.RouteDef]:
    sessions = f"{PREFIX}/sessions"
    one = f"{sessions}/{{session_id}}"
    return [
        web.get(f"{PREFIX}/status", status),
        web.post(sessions, open_session),
        web.get(one, show_session),
        web.delete(one, forget),
        web.post(f"{one}/officer-page", officer_page),
        web.post(f"{one}/invites", invite),
        web.post(f"{one}/invites/{{invite_id}}/resend", resend),
        web.post(f"{one}/invites/{{invite_id}}/revoke", revoke),
        web.post(f"{one}/invites/{{invite_id}}/admissions/{{request_id}}", admission),
        web.post(f"{one}/end", end),
        web.get(f"{one}/uploads", list_uploads),
        web.get(f"{one}/uploads/{{upload_id}}", fetch_upload),
        web.delete(f"{one}/uploads/{{upload_id}}", drop_upload),
        web.get(f"{one}/events", events),
        *signing.routes(one),
    ]
