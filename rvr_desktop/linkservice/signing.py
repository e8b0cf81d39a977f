"""Asking the witness (or the interpreter) to sign the statement on their own device, during the call.

The officer asks (officer API, POST .../signing); the tab of that role now in the call is sent the
statement and the declaration (`sign-request`); the signer types their name and taps to sign, and the tab
answers `sign` with the request's id, the typed name and the SHA-256 its page computed of what it showed.
The service accepts one answer per request, only from the very tab it asked (not a device admitted to the
link afterwards, not the same link reconnected), and only when the digest is that of the text it sent: a
replayed or second answer, or one for a withdrawn request, is refused and records nothing. What is signed is
then an event for the workstation (`statement_signed`), which keeps the signature with the case.

The text is held only while the request is open: signing, withdrawing, a new request, the tab leaving and
the session being forgotten each drop it. It is never logged, and never in an event. The page itself keeps it
only while it is in view: hidden (another app, the app switcher, the screen locked) it removes the statement
from its document, and back in view asks for it again (`sign-show`), which the service answers with the same
request while it stands, or with its withdrawal. A page out of view for longer than a short while (a phone
locked or put down mid-request, perhaps picked up by someone else) asks for nothing: it says so (`sign-away`)
and the service withdraws the request, as if the officer had, with the reason the workstation shows her
officer (`AWAY`).

The signed text is the statement, a blank line and the declaration (rvr_desktop/workflow/signing.py
`signed_text`; the caller's page joins them the same way, caller-page/signing.js).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiohttp import web

from rvr_desktop.workflow.signing import PART_BREAK, typed_name

from . import tokens
from .links import Role
from .replies import read_json_object, refuse

if TYPE_CHECKING:
    from .service import LinkService, Participant
    from .sessions import VideoSession

MAX_TEXT_CHARS = 40_000  # a long statement is a few thousand words; an answer must fit the tab's socket
SIGNERS = (Role.CALLER, Role.INTERPRETER)
# The reason in a `signing_withdrawn` event for a request her page gave up after being out of view too long
# (casework/signing_requests.py tells the officer, in words, from it).
AWAY = "out of view"


@dataclass
class SigningRequest:
    """An open request to sign: the text sent, its digest, and the one tab that may answer it."""

    request_id: str
    role: Role
    statement: str
    declaration: str
    digest: str
    participant: Participant


def _shown(request: SigningRequest) -> dict:
    # What the tab is sent to show: the same whether asked now or shown again once the page is back in view.
    return {"type": "sign-request", "request_id": request.request_id, "statement": request.statement,
            "declaration": request.declaration, "role": request.role.value}


def digest_of(statement: str, declaration: str) -> str:
    # Of the text exactly as sent, not normalised again: the page hashes what it was given and showed.
    return hashlib.sha256((statement + PART_BREAK + declaration).encode("utf-8")).hexdigest()


def drop(session: VideoSession, participant: Participant) -> None:
    """The tab left (closed, reconnected, put out): its open request goes, text and all."""
    request = session.signing.get(participant.role)
    if request is not None and request.participant is participant:
        del session.signing[participant.role]
        session.events.record("signing_withdrawn", role=participant.role.value, request_id=request.request_id,
                              reason="left")


async def _withdraw(session: VideoSession, request: SigningRequest, reason: str) -> None:
    session.signing.pop(request.role, None)
    session.events.record("signing_withdrawn", role=request.role.value, request_id=request.request_id, reason=reason)
    await request.participant.send({"type": "sign-withdrawn", "request_id": request.request_id})


async def ask(request: web.Request) -> web.Response:
    """The officer asks the caller (or interpreter) in the call to sign `statement` with `declaration`."""
    from .officer_api import asked_session  # here, not at the top: the service imports this module (`drop`)
    from .service import SERVICE

    service: LinkService = request.app[SERVICE]
    session = asked_session(request)
    body = await read_json_object(request)
    if isinstance(body, web.Response):
        return body
    role = body.get("role", Role.CALLER.value)
    if role not in (r.value for r in SIGNERS):
        return refuse(400, "bad_role", "role must be 'caller' or 'interpreter'; nobody was asked to sign.")
    statement, declaration = body.get("statement"), body.get("declaration")
    if not (isinstance(statement, str) and isinstance(declaration, str) and statement.strip() and declaration.strip()
            and len(statement) + len(declaration) <= MAX_TEXT_CHARS):
        return refuse(400, "bad_text", "statement and declaration must both be text, not empty, together at most "
                      f"{MAX_TEXT_CHARS} characters; nobody was asked to sign.")
    if session.ended_at is not None:
        return refuse(409, "ended", "This video session has ended; nobody was asked to sign.")
    participant = service.participant(session, Role(role))
    if participant is None or not participant.in_call:
        return refuse(409, "not_in_call", f"The {role} is not in the call now, so their page cannot show the "
                      "statement. Nothing was sent. Ask again once they are back in the call.")
    earlier = session.signing.get(Role(role))
    if earlier is not None:
        await _withdraw(session, earlier, "asked again")
    asked = SigningRequest(tokens.new_id(), Role(role), statement, declaration, digest_of(statement, declaration),
                           participant)
    session.signing[asked.role] = asked
    session.events.record("signing_asked", role=role, request_id=asked.request_id)
    await participant.send(_shown(asked))
    return web.json_response({"request_id": asked.request_id, "digest": asked.digest}, status=201)


async def withdraw(request: web.Request) -> web.Response:
    """The officer withdraws an open request: the page takes the statement down."""
    from .officer_api import asked_session

    session = asked_session(request)
    wanted = request.match_info["request_id"]
    open_request = next((r for r in session.signing.values() if r.request_id == wanted), None)
    if open_request is None:
        return refuse(404, "not_open", "That request to sign is not open (it was signed, withdrawn or replaced); "
                      "nothing was changed.")
    await _withdraw(session, open_request, "withdrawn by the officer")
    return web.Response(status=204)


def _error(code: str, message: str) -> dict:
    return {"type": "error", "code": code, "message": message}


async def sign(service: LinkService, participant: Participant, message: dict) -> None:
    """A tab's answer (signalling message `sign`): accepted once, from the tab asked, for the text sent."""
    session = participant.session
    request = session.signing.get(participant.role)
    if request is None or request.participant is not participant or message.get("request_id") != request.request_id:
        await participant.send(_error("not_asked", "There is nothing to sign on this page now; nothing was "
                                                   "recorded. The officer can ask again."))
        return
    if message.get("digest") != request.digest:
        await participant.send(_error("not_what_was_shown", "What this page signed is not the statement the "
                                                            "officer sent; nothing was recorded."))
        return
    name, reference = typed_name(message.get("name")), message.get("reference", "")
    if name is None or not isinstance(reference, str) or len(reference) > 100:
        await participant.send(_error("bad_name", "Type your full name to sign; nothing was recorded."))
        return
    del session.signing[participant.role]
    session.events.record("statement_signed", role=participant.role.value, request_id=request.request_id,
                          name=name, reference=" ".join(reference.split()), digest=request.digest)
    await participant.send({"type": "ack", "what": "signed", "request_id": request.request_id})


async def _standing_for(participant: Participant, message: dict) -> SigningRequest | None:
    # The request a page names, if it still stands for this very tab; otherwise the page is told it was
    # withdrawn (and, naming someone else's, learns nothing of it).
    request = participant.session.signing.get(participant.role)
    wanted = message.get("request_id")
    if request is None or request.participant is not participant or wanted != request.request_id:
        await participant.send({"type": "sign-withdrawn", "request_id": wanted if isinstance(wanted, str) else ""})
        return None
    return request


async def show_again(service: LinkService, participant: Participant, message: dict) -> None:
    """The page is back in view (signalling message `sign-show`): the request it took down while hidden is sent
    again if it still stands for this very tab; otherwise the page is told it was withdrawn."""
    request = await _standing_for(participant, message)
    if request is not None:
        await participant.send(_shown(request))


async def away(service: LinkService, participant: Participant, message: dict) -> None:
    """The page is back after too long out of view (signalling message `sign-away`): the request is withdrawn,
    so it can no longer be signed, and the officer is told why."""
    request = await _standing_for(participant, message)
    if request is not None:
        await _withdraw(participant.session, request, AWAY)


def routes(one: str) -> list[web.RouteDef]:
    """The officer's routes, under a session's path `one`."""
    return [web.post(f"{one}/signing", ask), web.delete(f"{one}/signing/{{request_id}}", withdraw)]
