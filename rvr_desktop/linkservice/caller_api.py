"""What a participant's page asks of the service over HTTP: open a link,
send a photo, say it is leaving. The officer's page uses the same three.

Wrong links, codes and device keys are slowed per asker, opening links,
typing codes and sending files each in a bucket of its own; a right link and
key always pass (rate_limit.py). An upload is kept only when it is one whole image
(image_check.py). A refusal names its reason so the page can say it in the
caller's language.
"""

from __future__ import annotations

import uuid
from datetime import datetime, UTC

from aiohttp import web

from . import image_check, links
from .links import LinkInvite, Refusal
from .rate_limit import Bucket, slow_down
from .replies import read_at_most, read_json_object, refuse
from .service import SERVICE, LinkService
from .sessions import VideoSession
from .signalling import participant_gone
from .uploads import CallerUpload, sha256_hex

_REFUSAL_STATUS = {Refusal.UNKNOWN: 404, Refusal.EXPIRED: 410, Refusal.REVOKED: 410, Refusal.ENDED: 410,
                   Refusal.IN_USE: 409, Refusal.NOT_ADMITTED: 403}
# For whoever reads the raw reply; the pages show their own words from resources/. Neutral words only:
# whoever holds the phone may read them.
_REFUSAL_TEXT = {
    Refusal.UNKNOWN: "This link or code does not work. Nothing was shared.",
    Refusal.EXPIRED: "This link has expired. Nothing was shared.",
    Refusal.REVOKED: "This link no longer works. Nothing was shared.",
    Refusal.ENDED: "This link no longer works. Nothing was shared.",
    Refusal.IN_USE: "This link cannot be opened here just now. Nothing was shared.",
    Refusal.NOT_ADMITTED: "This link cannot be opened here. Nothing was shared.",
}
WAIT_AGAIN_MS = 2000  # how soon a tab waiting for the officer asks again


# Why an upload was not kept, for whoever reads the raw reply; the page says it in its own words.
_SEND_ANOTHER = "Send a screenshot of it instead."
_UPLOAD_REFUSALS = {
    image_check.EMPTY: (400, "That file is empty, so it was not sent. Choose the photo or screenshot again."),
    image_check.NOT_AN_IMAGE: (415, "That file is not a photo or screenshot we can take (JPEG, PNG, WebP or HEIC), "
                               "so it was not sent. Choose a photo or screenshot."),
    image_check.A_PROGRAM: (415, "That file is a program, not a photo or screenshot, so it was not sent or kept. "
                            "Choose a photo or screenshot instead."),
    image_check.TOO_MANY_PIXELS: (422, "That picture is too big to open safely, so it was not sent. "
                                  "Send a screenshot of it or a smaller copy."),
    image_check.INCOMPLETE: (422, "That file is not complete (it may not have finished saving), so it was not "
                             "sent. Check it opens on your phone, then send it again, or send a screenshot of it."),
    image_check.EXTRA_DATA: (422, "That file has something else joined on after the picture (motion and live "
                             f"photos can do this), so it was not sent. {_SEND_ANOTHER}"),
    image_check.UNREADABLE: (422, f"That file is damaged and cannot be opened as a picture, so it was not sent. "
                             f"{_SEND_ANOTHER}"),
}


def _refusal(reason: Refusal) -> web.Response:
    return refuse(_REFUSAL_STATUS[reason], reason.value, _REFUSAL_TEXT[reason])


async def claim_link(request: web.Request) -> web.Response:
    """Open a link (or a spoken code) from this tab.

    Body: `link` (the token from the page's address) or `code` (typed); `key`, the device key this tab
    already holds, if any; `waiting`, the secret a tab waiting for the officer was given. The reply is the
    device key (200), a wait for the officer (202), or a refusal."""
    service: LinkService = request.app[SERVICE]
    body = await read_json_object(request)
    if isinstance(body, web.Response):
        return body
    by_code = "code" in body and "link" not in body
    asker, bucket = service.asker(request), Bucket.CODES if by_code else Bucket.LINKS
    # A code is short enough to guess, so an asker over its limit is not even told whether a code is right
    # (rate_limit.py); a link is not, so a right one always passes.
    wait = await service.limits.waiting(bucket, asker) if by_code else 0
    if wait:
        return slow_down(bucket, wait)
    invite = service.book.find_by_code(body["code"]) if by_code else service.book.find(str(body.get("link", "")))
    if invite is None:
        wait = await service.limits.wrong(bucket, asker)
        return slow_down(bucket, wait) if wait else _refusal(Refusal.UNKNOWN)
    session = service.book.session(invite.session_id)
    if session.ended_at is not None:
        wait = await service.limits.wrong(bucket, asker)  # nobody asks after an ended call's link as fast as they like
        return slow_down(bucket, wait) if wait else _refusal(Refusal.ENDED)
    now = service.book.clock()
    service.expire_waiting(session, invite)
    if body.get("waiting") and not by_code:  # a code is used up by its opening: nobody waits on one
        outcome = links.follow_up(invite, now, str(body["waiting"]))
    else:
        outcome = links.claim(invite, now, str(body.get("key", "")))
    if outcome.refusal is not None:
        # Every refusal of a known link counts as a guess, so nobody can ask about a link's state, or fill
        # the officer's event stream with refusals, as fast as they like.
        wait = await service.limits.wrong(bucket, asker)
        if not body.get("waiting"):  # a waiting tab's answer was recorded when the officer gave it
            reason = "too_many_waiting" if outcome.refusal is Refusal.IN_USE else outcome.refusal.value
            service.tell_refusal(session, invite, reason)
        return slow_down(bucket, wait) if wait else _refusal(outcome.refusal)
    if outcome.waiting is not None:
        if outcome.waiting_secret:  # asked just now: the officer is told once
            session.events.record("admission_requested", invite_id=invite.invite_id, role=invite.role.value,
                                  request_id=outcome.waiting.request_id, why=outcome.waiting.why.value,
                                  holder_connected=invite.connected)
        return web.json_response({"waiting": True, "secret": outcome.waiting_secret, "retry_ms": WAIT_AGAIN_MS},
                                 status=202)
    answer = {
        "key": outcome.device_key, "role": invite.role.value, "language": invite.language,
        "expires_at": invite.expires_at, "records_calls": service.config.records_calls,
        "quick_exit_url": service.config.quick_exit_url, "ice_servers": service.ice_servers(),
        "ice_transport_policy": service.ice_transport_policy,
        "max_upload_bytes": service.config.max_upload_bytes, **service.via,
    }
    if outcome.first_opening:
        session.events.record("link_opened", invite_id=invite.invite_id, role=invite.role.value, by_code=by_code)
        if by_code:
            service.book.use_up_code(invite)
            answer["link"] = service.book.token_for(invite)  # the tab's way to speak of this call from now on
    return web.json_response(answer)


async def upload(request: web.Request) -> web.Response:
    """Receive one image from a tab in a call; its SHA-256 is computed here and compared with the page's.
    The same file sent again in the session is answered as already received (200, `already_received`),
    never kept twice: two exhibits with one digest would be one piece of evidence counted twice."""
    service: LinkService = request.app[SERVICE]
    invite = service.book.find(request.headers.get("X-Link", ""))
    if invite is None or not links.holds(invite, request.headers.get("X-Device-Key", "")):
        wait = await service.limits.wrong(Bucket.UPLOADS, service.asker(request))
        if wait:
            return slow_down(Bucket.UPLOADS, wait)
        return refuse(403, "not_in_call", "This page is not part of a call, so the file was not sent. "
                      "Open your link again.")
    session = service.book.session(invite.session_id)
    settled = _settled(service, session, invite)
    if settled:
        return settled
    limit = service.config.max_upload_bytes
    if (request.content_length or 0) > limit:
        return _too_big(limit)
    content = await read_at_most(request, limit)
    if content is None:
        return _too_big(limit)
    digest = sha256_hex(content)
    claimed = request.headers.get("X-Content-SHA256", "").lower()
    if claimed and claimed != digest:
        return refuse(422, "damaged_in_transit", "The file changed on its way here, so it was not kept. "
                      "Send it again.")
    settled = _settled(service, session, invite, digest, content)
    if settled:
        return settled
    verdict = await service.image_checks.verdict(content, service.config.max_upload_pixels)
    if verdict.refusal:
        status, message = _UPLOAD_REFUSALS[verdict.refusal]
        return refuse(status, verdict.refusal, message)
    # Decoding took a while: the call may have ended, or the same file arrived by another request, since.
    settled = _settled(service, session, invite, digest, content)
    if settled:
        return settled
    received = CallerUpload(uuid.uuid4().hex, invite.role.value, verdict.media_type, digest,
                            datetime.now(UTC).isoformat(timespec="milliseconds"), content)
    session.uploads[received.upload_id] = received
    session.upload_digests[digest] = received.summary()
    session.events.record("upload_received", **received.summary())
    return web.json_response(received.summary(), status=201)


def _settled(service: LinkService, session: VideoSession, invite: LinkInvite, digest: str = "",
             content: bytes = b"") -> web.Response | None:
    """The answer to an upload that needs no decoding: the call is over, this very file was received
    before, or the session is full."""
    if session.ended_at is not None or invite.revoked_at is not None:
        return refuse(410, "ended", "The call has ended, so the file was not sent. Ask the officer for a new link.")
    if digest in session.upload_digests:
        return _received_again(session, session.upload_digests[digest], content)
    if digest and len(session.upload_digests) >= service.config.max_uploads_per_session:
        return refuse(409, "too_many_files", "This call already has as many files as it can take. The files "
                      "already sent are safe. Tell the officer; they can collect the rest another way.")
    return None


def _received_again(session: VideoSession, first: dict, content: bytes) -> web.Response:
    """The same bytes as a file received earlier in this call. The caller is told it was already received;
    the workstation is told it arrived again (`repeated`, under the first upload's id), so the exhibit's
    continuity can say so. One copy at most is held: if the workstation had let go of the first (filed or
    declined), these identical bytes are held again under its id for the officer to decide on."""
    upload_id = first["upload_id"]
    if upload_id not in session.uploads:
        session.uploads[upload_id] = CallerUpload(upload_id, first["from_role"], first["media_type"], first["sha256"],
                                                  first["received_at"], content)
    session.events.record("upload_received", **first, repeated=True)
    return web.json_response({**first, "already_received": True})


def _too_big(limit: int) -> web.Response:
    return refuse(413, "too_large", f"That file is larger than {limit // (1024 * 1024)} MB, so it was not sent. "
                  "Send a smaller photo or a screenshot of it.")


async def leave(request: web.Request) -> web.Response:
    """A tab unloading says it is leaving (sent with navigator.sendBeacon), so the link frees at once."""
    service: LinkService = request.app[SERVICE]
    body = await read_json_object(request)
    if isinstance(body, web.Response):
        return body
    await participant_gone(service, str(body.get("link", "")), str(body.get("key", "")), str(body.get("reason", "")))
    # The same answer whatever happened: a leave tells nobody whether a link exists.
    response = web.Response(status=204)
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response
