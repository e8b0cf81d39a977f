"""The case's video call on the link service: links, what happens, exhibits.

Every call to the link service runs in the background; its event stream is
followed by the background helper's follower and each event is applied to the
case on the GUI thread, where the workflow records it (text delivered, link opened,
caller joined, interpreter in). Stills from the officer's view are stored
encrypted with the case as exhibits, with their SHA-256, and listed in the
case with a reference such as PO/1. Photos the caller sends wait for the
officer to file or decline them: nothing from the caller's phone becomes
evidence without an officer looking at it.

What the abuser could do is decided here too: a quick exit, or the link
opened again on a device that is not the caller's tab, is put in front of
the officer at once (`left_quickly`, `admission_asked`) whatever step they
are on, and the officer's answer is audited.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rvr_desktop.qt import QtCore, Signal
from rvr_desktop.ui.background import StopFlag, Follower, follow, run_in_background, when_done
from rvr_desktop.ui.case_session import CaseSession
from rvr_desktop.ui.forgetting_calls import keep_asking, keep_asking_to_forget
from rvr_desktop.casework.call_events import (
    WaitingDevice, apply_call_event, officer_ended_call, record_call_event, record_link_made, service_moment,
)
from rvr_desktop.casework.exhibits import (
    CallDecision, Evidence, Filed, NotKept, declined_photo, discarded_photo, file_stored_exhibit, photo_arrived,
    StoredExhibit, photo_from_caller, still_from_view, store_exhibit,
)
from rvr_desktop.casework.signing_requests import SigningRequests, WhyWithdrawn
from rvr_desktop.casework.statement_signing import ASK_FIRST, to_sign
from rvr_desktop.workflow.link import LinkInvite
from rvr_desktop.workflow.signing import Signer
from rvr_desktop.workflow.phone import shown_number
from rvr_desktop.workflow.video import VideoEventKind

if TYPE_CHECKING:
    from rvr_desktop.video.client import UploadInfo

log = logging.getLogger(__name__)

class VideoCall(QtCore.QObject):
    """One case's session on the link service, for the link and video steps."""

    event_arrived = Signal(object)  # a link-service event (dict), on the GUI thread
    changed = Signal()  # something the pages show has changed
    told = Signal(str)  # a message for the officer, in plain words
    closing = Signal()  # the case is closing: views of the call let go of it
    left_quickly = Signal(object)  # the caller pressed Leave quickly, at this moment (case clock)
    admission_asked = Signal(object)  # a WaitingDevice: the link was opened again elsewhere
    admission_settled = Signal(str)  # that request's id: answered, or it gave up
    code_given = Signal(object)  # a SpokenCode to read out to the caller

    def __init__(self, session: CaseSession, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self.session = session
        service = session.services.links
        if service is None:  # CaseSession.video_call makes a call only once the service runs
            raise RuntimeError("a video call needs the link service")
        self.service = service
        self.client = service.client()
        self.officer_url = ""
        self.interpreter_link = ""
        self.caller_links: dict[str, str] = {}  # invite id -> the link texted (for the practice caller)
        self.log: list[str] = []
        self.waiting_devices: dict[str, WaitingDevice] = {}  # by request id, until the officer answers
        self.pending_uploads: dict[str, UploadInfo] = {}  # by upload id, until filed or declined
        self.forgotten = False  # the service was told to forget the call (escalated, submitted, closed)
        # A text is on its way: one at a time, so two links never race each other to her phone.
        self.sending = False
        # Set once the call is ended for good. A text still being asked for in the background checks it at
        # the last moment, so nothing is texted to a phone the officer has stopped trusting.
        self._ended = StopFlag()
        self._followers: dict[str, Follower] = {}  # by session id; each stops when the case closes
        self.signing = SigningRequests()  # requests to sign out on the call: withdrawn once out of date
        session.changed.connect(self._withdraw_out_of_date)
        # Heard or seen by the officer since the caller last joined (a reopened case may be mid-call).
        marks = [e.kind for e in session.case.video_events
                 if e.kind in (VideoEventKind.CONNECTED, VideoEventKind.DISCONNECTED, VideoEventKind.LEFT_QUICKLY,
                               VideoEventKind.ENDED)]
        self._caller_connected = bool(marks) and marks[-1] is VideoEventKind.CONNECTED
        self.event_arrived.connect(self._apply)
        live = self._latest_invite()
        if live is not None and live.video_session_id:
            self._follow(live.video_session_id)

    @property
    def session_id(self) -> str:
        invite = self._latest_invite()
        return invite.video_session_id if invite else ""

    def _latest_invite(self) -> LinkInvite | None:
        invites = [i for i in self.session.case.link_invites if i.video_session_id]
        return invites[-1] if invites else None

    # -- the link ----------------------------------------------------------------

    def send_link(self) -> None:
        """Open (or reuse) the video session and text the caller a new link; the old one stops working."""
        case = self.session.case
        phone, store_id, existing = case.intake.safe_phone, self.session.store_id, self.session_id
        client = self.client
        # Issued when the officer asked for it: the service's answer can take a moment longer.
        issued = self.session.now()

        minutes = self._valid_minutes()
        if self.sending:
            self.told.emit("A link is being texted now: wait for it before sending another.")
            return
        ended = self._ended

        def text_her(session_id: str):
            if ended.is_set():
                return None
            return client.invite(session_id, "caller", phone_number=phone, valid_minutes=minutes)

        def work():
            if ended.is_set():  # before a session is even opened for it
                return None
            return (*self._on_a_session(client, existing, store_id, text_her), issued)

        self.sending = True
        self.changed.emit()
        when_done(run_in_background(work), self._link_sent, self._link_failed)

    def _valid_minutes(self) -> float:
        # One number for a link's life: the force's policy, which the service is asked to apply.
        return self.session.policy.video_call.link_valid_for.total_seconds() / 60

    @staticmethod
    def _on_a_session(client, existing: str, store_id: str, make):
        """`make(session_id)` on the case's session, opened now unless it has one the service still holds (a
        case closed earlier had its session forgotten): the session's id, its officer page (when opened
        now) and what `make` gave."""
        from rvr_desktop.video.client import LinkServiceError

        if existing:
            try:
                return existing, "", make(existing)
            except LinkServiceError as error:
                if error.code != "no_such_session":
                    raise
        opened = client.open_session(store_id)  # the case's id: never a name
        return opened.session_id, opened.officer_page_url, make(opened.session_id)

    def on_case_clock(self, epoch_seconds: float) -> datetime:
        """A moment the link service gave (its own clock), on the case's clock."""
        return self.session.on_case_clock(datetime.fromtimestamp(epoch_seconds, UTC))

    def give_spoken_code(self) -> None:
        """A short code to read out to a caller who must not receive a text: it opens the call once, for a
        few minutes, at the service's plain address. Any earlier link or code stops working."""
        existing, store_id, client = self.session_id, self.session.store_id, self.client
        issued, minutes = self.session.now(), self._valid_minutes()

        ended = self._ended

        def work():
            if ended.is_set():  # the call ended before the service was asked: no code to read out
                return None
            return (*self._on_a_session(client, existing, store_id, lambda session_id: client.spoken_code(
                session_id, valid_minutes=minutes)), issued)

        when_done(run_in_background(work), self._code_made, self._service_failed)

    def _made_after_the_case_ended(self, session_id: str, invite_id: str, what: str) -> bool:
        """A link or code asked for before the case ended (caller unreachable, escalated) or was closed, but made
        after it: the case cannot record it, and it must not open on a phone the officer has stopped trusting.
        The service forgets the session it was made on (or, when an escalated case kept its call going, revokes
        just this link). True when it was made too late."""
        if self.session.case.outcome is None and not self.forgotten:
            return False
        call_kept = not self.forgotten and session_id == self.session_id
        self._note(f"{what} made after the case ended: the link service was told to close it")
        log.info("a %s made after the case ended is closed on the link service", what)
        self._close_on_service(session_id, invite_id if call_kept else "")
        self.told.emit(f"A {what} asked for before the case ended was made after it ended. The link service was "
                       "told to close it at once, so it does not open; if its text reached the phone, the link "
                       "leads to a page that says it does not work.")
        return True

    def _close_on_service(self, session_id: str, invite_id: str = "") -> None:
        """Have the service revoke just `invite_id`, or (without one) forget the whole session."""
        def close_it() -> None:
            from rvr_desktop.video.client import LinkServiceError

            with self.service.client() as own:
                try:
                    if invite_id:
                        own.revoke(session_id, invite_id)
                    else:
                        own.forget(session_id)
                except LinkServiceError as error:
                    if error.code not in ("no_such_session", "no_such_invite"):  # already gone with the case's
                        raise

        when_done(run_in_background(close_it), lambda _r: None, self._service_failed)

    def _code_made(self, result) -> None:
        if result is None:
            self.told.emit("The call ended before the spoken code was made: there is no code to read out.")
            return
        session_id, officer_url, code, issued = result
        if self._made_after_the_case_ended(session_id, code.invite_id, "spoken code"):
            return
        if officer_url:
            self.officer_url = officer_url
        record_link_made(self.session.case, self.session.policy, issued, by_code=True, invite_id=code.invite_id,
                         session_id=session_id, expires_at=self.on_case_clock(code.expires_at))
        self._note("spoken code made for the caller")
        self._follow(session_id)
        self.session.touch(at_once=True)
        self.code_given.emit(code)
        self.changed.emit()

    def _link_failed(self, error: BaseException) -> None:
        self.sending = False
        self.changed.emit()
        self._service_failed(error)

    def _link_sent(self, result) -> None:
        self.sending = False
        self.changed.emit()
        if result is None or result[2] is None:
            self._note("link not texted: the call had ended before it was sent")
            self.told.emit("The call ended before the link was sent: no text was sent to the caller.")
            if result is not None and result[1]:  # a session opened for it and left empty: let it go
                self._close_on_service(result[0])
            return
        session_id, officer_url, invitation, issued = result
        if self._made_after_the_case_ended(session_id, invitation.invite_id, "link"):
            return
        if officer_url:
            self.officer_url = officer_url
        invite = record_link_made(self.session.case, self.session.policy, issued, text_status=invitation.text_status,
                                  invite_id=invitation.invite_id, session_id=session_id,
                                  expires_at=self.on_case_clock(invitation.expires_at))
        self.caller_links[invitation.invite_id] = invitation.url
        if invitation.text_status != "sent":
            self.told.emit(f"The link was made but its text was not sent: {invitation.text_message}")
        self._note(f"link texted to {shown_number(invite.sent_to, self.session.policy.phone)} "
                   f"({invitation.text_status})")
        log.info("caller's link made (text %s)", invitation.text_status)
        self._follow(session_id)
        self.session.touch(at_once=True)
        self.changed.emit()

    def invite_interpreter(self) -> None:
        session_id, client = self.session_id, self.client
        if not session_id:
            self.told.emit("Send the caller's link first: the interpreter joins the same call.")
            return
        when_done(run_in_background(lambda: client.invite(session_id, "interpreter")), self._interpreter_invited,
                  self._service_failed)

    def _interpreter_invited(self, invitation) -> None:
        self.interpreter_link = invitation.url
        self._note("interpreter's link made")
        self.told.emit(f"Interpreter's link (it works once, on one device): {invitation.url}")
        self.changed.emit()

    def ask_to_sign(self, signer: Signer) -> None:
        """Show the statement on `signer`'s page in the call and ask them to sign it there; their signature
        arrives as an event (casework.statement_signing)."""
        asked, session_id, client = to_sign(self.session.case, signer), self.session_id, self.client
        who = "the interpreter" if signer is Signer.INTERPRETER else "the caller"
        if asked is None or not session_id:
            self.told.emit(ASK_FIRST if asked is None else f"There is no video call yet: {who} signs on their page "
                           "in the call.")
            return

        def asked_to_sign(request_id: str) -> None:
            if self.forgotten:  # ended while the service was answering: the service dropped it with the call
                return
            self.signing.asked(signer, request_id, asked.digest)
            self._note(f"{who} asked to sign the statement")
            self.told.emit(f"The statement is on {who}'s page now, waiting for their signature.")
            self.changed.emit()
            self._withdraw_out_of_date()  # typed into while the service was answering

        when_done(run_in_background(lambda: client.ask_to_sign(session_id, signer.value, asked.statement,
                                                               asked.declaration)), asked_to_sign, self._service_failed)

    def withdraw_signing(self, signer: Signer, why: WhyWithdrawn) -> None:
        """Take `signer`'s open request to sign off their page now; any answer to it is then refused. Asked of the
        service until it confirms (forgetting_calls.py): until then the officer reads that it may still be there."""
        request, session_id = self.signing.withdrawing(signer, why), self.session_id
        if request is None:
            return
        # On the call's record as asked, then as confirmed: until then the text may still be on the page.
        self._note(f"request to sign: withdrawal asked ({signer.value}): {why.value}")

        def confirmed() -> None:
            if self.signing.withdrawal_confirmed(request.request_id):
                self._note(f"request to sign withdrawn ({signer.value}): off their page")
                self.changed.emit()

        if self.forgotten or not session_id:
            confirmed()  # the service forgot the call, and the request with it
            return
        self.changed.emit()

        def withdraw() -> None:
            from rvr_desktop.video.client import LinkServiceError

            # A client of its own: the case may be closing (closing the call's client) as this runs.
            with self.service.client() as own:
                try:
                    own.withdraw_signing(session_id, request.request_id)
                except LinkServiceError as error:
                    if error.code not in ("not_open", "no_such_session"):  # signed, dropped or forgotten already
                        raise

        def failed(error: BaseException, delay: int) -> None:
            self.told.emit(f"The link service did not confirm the request to sign is off their page "
                           f"({error or type(error).__name__}). The workstation asks it again in {delay} seconds, "
                           "and keeps asking. If it does not clear soon, ask them to close the page, or end the call.")

        keep_asking(f"withdraw {request.request_id}", withdraw, confirmed, failed, "withdrawing a request to sign")

    def withdraw_all_signing(self, why: WhyWithdrawn) -> None:
        """Every open request to sign comes off its page (the officer left the step, the call is ending)."""
        for signer in list(self.signing.open):
            self.withdraw_signing(signer, why)

    def _withdraw_out_of_date(self) -> None:
        # The case changed: a request whose text is no longer the statement as it is now must not be signed.
        for request in self.signing.out_of_date(self.session.case):
            self.withdraw_signing(request.signer, WhyWithdrawn.STATEMENT_CHANGED)

    def officer_page(self, on_url) -> None:
        """The officer's one-time page address: the one from opening the session, or a fresh one."""
        if self.officer_url:
            url, self.officer_url = self.officer_url, ""
            on_url(url)
            return
        session_id, client = self.session_id, self.client
        when_done(run_in_background(lambda: client.officer_page_url(session_id)), on_url, self._service_failed)

    def end_call(self) -> None:
        session_id, client = self.session_id, self.client
        self.withdraw_all_signing(WhyWithdrawn.CALL_ENDED)
        if session_id:
            when_done(run_in_background(lambda: client.end(session_id)), lambda _r: None, self._service_failed)

    @property
    def live(self) -> bool:
        """Whether the service may still hold this case's call (a session that was not forgotten)."""
        return bool(self.session_id) and not self.forgotten

    def unfiled_photos(self, doing: str) -> str | None:
        """Why `doing` (closing, submitting) the case must wait: photos from the caller the officer has not filed
        or declined yet, which the service would forget with the call. None when there are none."""
        count = len(self.pending_uploads)
        if not count:
            return None
        return (f"The caller sent {count} photo{'s' if count > 1 else ''} you have not filed or declined yet. Open "
                f"the video call step and file or decline each before {doing} the case: that ends the call, and "
                "the link service then forgets them.")

    def end_and_forget(self, why: str, on_done=None) -> None:
        """End the call for everyone and have the service forget it: its links, codes, uploads and the
        caller's number. For an escalated, submitted or closed case (`why`), so nothing about the caller
        stays on the service a moment longer than the case needs it. Photos still waiting for the officer
        go with it, each audited as discarded unfiled (the case view warns before that can happen)."""
        session_id = self.session_id
        self._ended.set()  # even before any session: a first text still being asked for is not sent
        if not session_id or self.forgotten:
            if on_done is not None:
                on_done()
            return
        self.withdraw_all_signing(WhyWithdrawn.CALL_ENDED)
        self.forgotten = True
        if officer_ended_call(self.session.case, self.session.now(), why):
            self.session.touch()  # on the record: the call was ended, and when (a practice debrief checks it)
        for info in self.pending_uploads.values():
            self._keep_on_record(discarded_photo(info, why))
        self.pending_uploads.clear()
        for request_id in list(self.waiting_devices):
            self.admission_settled.emit(self.waiting_devices.pop(request_id).request_id)

        def forgotten() -> None:
            self._note("call ended and forgotten by the link service")
            self.changed.emit()
            if on_done is not None:
                on_done()

        def failed(error: BaseException, delay: int) -> None:
            self.told.emit(f"The link service did not confirm it has ended the call and forgotten the caller's "
                           f"links ({error or type(error).__name__}). The workstation asks it again in {delay} "
                           "seconds, and keeps asking, even once the case is closed, until it does. The case is "
                           "saved.")

        # Asked until the service confirms, beyond this call's life (forgetting_calls.py).
        keep_asking_to_forget(self.service, session_id, forgotten, failed)

    # -- events --------------------------------------------------------------------

    def _follow(self, session_id: str) -> None:
        if session_id in self._followers:
            return
        service = self.service
        self._followers[session_id] = follow(
            lambda emit, stopped: service.follow(session_id, emit, stopped),
            self.event_arrived.emit, what="the video call's events", tell=self.told.emit)

    def _apply(self, event: dict) -> None:
        # What the event means is decided in casework; this only shows it.
        at = service_moment(event.get("at"), self.session.clock_offset, self.session.now())
        news = apply_call_event(self.session.case, self.session.policy, event, at)
        if event.get("kind") == "ended":
            for signer in list(self.signing.open):  # the service dropped them with the call
                self.signing.withdrawing(signer, WhyWithdrawn.CALL_ENDED)
            self.changed.emit()
        elif self.signing.heard(event):
            self.changed.emit()
        if news.notice:
            self.told.emit(news.notice)
        if news.caller_gone:
            self._caller_connected = False  # a rejoin is connected again once their media arrives
        if news.left_quickly_at is not None:
            self.left_quickly.emit(news.left_quickly_at)
        if news.waiting is not None:
            self.waiting_devices[news.waiting.request_id] = news.waiting
            self.admission_asked.emit(news.waiting)
        if news.settled and self.waiting_devices.pop(news.settled, None) is not None:
            self.admission_settled.emit(news.settled)
        if news.photo is not None:
            self._upload_waiting(news.photo)
        if news.case_changed or news.photo is not None or news.waiting is not None:
            kind = event.get("kind", "")
            self._note(kind.replace("_", " ") + (f" ({event['role']})" if event.get("role") else ""))
            self.session.touch(at_once=True)
            self.changed.emit()

    def caller_media_arrived(self) -> None:
        """The caller's first sound or picture reached the officer's view: only now is the call connected."""
        if self._caller_connected:
            return
        self._caller_connected = True
        log.info("the caller's sound or picture reached the officer's view: the call is connected")
        self._record(VideoEventKind.CONNECTED, self.session.now())
        self._note("caller's sound or picture arrived")
        self.session.touch(at_once=True)
        self.changed.emit()

    def _record(self, kind: VideoEventKind, at: datetime) -> None:
        if not record_call_event(self.session.case, self.session.policy, kind, at):
            # The case has ended (escalated, say): the event is not part of it any more.
            log.info("video event not recorded: the case has ended")

    def _note(self, text: str) -> None:
        self.log.append(f"{self.session.now().astimezone(self.session.policy.zone):%H:%M:%S} {text}")

    # -- exhibits ----------------------------------------------------------------------
    # What is filed, and what the officer is told, is decided in casework.exhibits; here it is only carried
    # between threads: bytes to the store's thread, the filing back on the GUI thread (which owns the case).

    def _upload_waiting(self, event: dict) -> None:
        from rvr_desktop.video.client import UploadInfo

        info = UploadInfo(event["upload_id"], event["from_role"], event["media_type"], event["sha256"],
                          event["size"], event["received_at"])
        if self.forgotten:
            return
        repeat = photo_arrived(self.session.case, info, self.session.settings.profile, self.session.now())
        if repeat is None:
            self.pending_uploads[info.upload_id] = info
            return
        self.session.touch(at_once=True)
        self._let_go(info.upload_id)
        self.told.emit(repeat.notice)

    def file_upload(self, upload_id: str) -> None:
        """The officer files a waiting photo as an exhibit: fetched (its digest checked), stored encrypted,
        then the service lets go of it."""
        info = self.pending_uploads.pop(upload_id, None)  # taken off the list at once: one click, one exhibit
        if info is None:
            return
        session_id, client = self.session_id, self.client
        self.changed.emit()

        def fetch():
            return client.fetch_upload(session_id, info).content  # digest checked on arrival

        def fetched(content: bytes) -> None:
            self.keep_exhibit(photo_from_caller(info, content), on_filed=lambda _filed: self._let_go(upload_id))

        def failed(error: BaseException) -> None:
            self.pending_uploads[upload_id] = info  # still on the service: the officer can try again
            self.changed.emit()
            self._service_failed(error)

        when_done(run_in_background(fetch), fetched, failed)

    def decline_upload(self, upload_id: str) -> None:
        """The officer declines a waiting photo: the service discards it, and the decision is audited."""
        info = self.pending_uploads.pop(upload_id, None)
        if info is None:
            return
        self._let_go(upload_id)
        decision = declined_photo(info)
        self._keep_on_record(decision)
        self._note(decision.note)
        self.changed.emit()

    def _let_go(self, upload_id: str) -> None:
        session_id, client = self.session_id, self.client
        when_done(run_in_background(lambda: client.drop_upload(session_id, upload_id)), lambda _r: None,
                  self._service_failed)

    def take_still(self, still: dict) -> None:
        """A still from the officer's page (base64 PNG with its SHA-256) becomes an exhibit."""
        evidence = still_from_view(still)
        if isinstance(evidence, NotKept):
            self.told.emit(evidence.notice)
            return
        self.keep_exhibit(evidence)

    def keep_exhibit(self, evidence: Evidence, on_filed: Callable[[Filed], None] | None = None) -> None:
        """Store the evidence encrypted with the case, then file it; `on_filed(Filed)` once it has its place."""
        session = self.session
        store_id = session.store_id

        def stored(kept: StoredExhibit) -> None:
            # On the GUI thread, in the order the store kept them: references follow arrival.
            filed = file_stored_exhibit(session.case, kept, session.settings.profile, session.now())
            session.touch(at_once=True)
            if filed.note:
                self._note(filed.note)
            if filed.notice:
                self.told.emit(filed.notice)
            self.changed.emit()
            if on_filed is not None:
                on_filed(filed)

        when_done(session.store.submit(lambda s: store_exhibit(s, store_id, evidence)), stored, self._service_failed)

    # -- another device on the caller's link ----------------------------------------------

    def answer_device(self, request_id: str, admit: bool) -> None:
        """The officer admits or refuses a device that opened the caller's link again; audited either way,
        and kept on the case's timeline."""
        waiting = self.waiting_devices.pop(request_id, None)
        if waiting is None:
            return
        session_id, client = self.session_id, self.client
        now = self.session.now()

        def answered(_result) -> None:
            self._record(VideoEventKind.DEVICE_ADMITTED if admit else VideoEventKind.DEVICE_REFUSED, now)
            self._audit("disclosure" if admit else "alteration", f"video-link:{waiting.invite_id}",
                        f"the {waiting.role}'s link, opened on another device",
                        "admitted by the officer to the video call" if admit else
                        "refused by the officer: the device was not let into the video call",
                        recipient="a device that opened the caller's link again" if admit else "")
            self._note(f"another device {'admitted' if admit else 'refused'} on the {waiting.role}'s link")
            self.session.touch(at_once=True)
            self.admission_settled.emit(request_id)
            self.changed.emit()

        def failed(error: BaseException) -> None:
            if getattr(error, "code", "") == "not_waiting" and not admit:
                answered(None)  # refused already (it gave up, timed out, or another device was admitted)
                return
            self.admission_settled.emit(request_id)
            if getattr(error, "code", "") == "not_waiting":
                self.told.emit("That device was no longer waiting (it gave up or waited too long), so it was not "
                               "let in. If it was the caller, they can open the link again.")
                return
            self._service_failed(error)

        when_done(run_in_background(lambda: client.answer_admission(session_id, waiting.invite_id, request_id,
                                                                      admit)), answered, failed)

    def _audit(self, action: str, what: str, fields: str, justification: str, recipient: str = "") -> None:
        self._keep_on_record(CallDecision(action, what, fields, justification, recipient))

    def _keep_on_record(self, decision: CallDecision) -> None:
        store_id = self.session.store_id
        when_done(self.session.store.submit(lambda s: decision.record(s, store_id)), lambda _r: None,
                  self._service_failed)

    # -- failures and the end -------------------------------------------------------------

    def _service_failed(self, error: BaseException) -> None:
        log.error("video link service: %s", type(error).__name__)
        self.told.emit(f"{error}" if str(error) else f"The video link service did not answer "
                       f"({type(error).__name__}). Nothing was sent; the case is saved. Try again, or carry on "
                       "by phone.")

    def close(self) -> None:
        """Stop following events (the call itself goes on until ended); no statement stays on a page with
        nobody following it."""
        self.withdraw_all_signing(WhyWithdrawn.LEFT_STEP)
        self.closing.emit()
        for follower in self._followers.values():
            follower.stop()
        self.client.close()
