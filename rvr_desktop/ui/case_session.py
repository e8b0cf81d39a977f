"""One open case: the workflow model, its policy, and saving it as it changes.

Pages change `session.case` directly through the workflow's own functions,
then call `touch()`. That schedules a save (the draft saver) and, a moment
later, one `changed` signal, so the step rail, the clock and every derived
figure are recomputed once per burst of typing rather than per keystroke.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from rvr_desktop.casework.starting import headline_of
from rvr_desktop.qt import QtCore, Signal
from rvr_desktop.services import NO_SERVICES, Services
from rvr_desktop.settings import Settings
from rvr_desktop.store.worker import StoreThread
from rvr_desktop.ui.background import when_done
from rvr_desktop.ui.draft_saver import DraftSaver
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.policy import Policy

if TYPE_CHECKING:
    from rvr_desktop.ui.video_call import VideoCall

log = logging.getLogger(__name__)

DERIVED_REFRESH_MS = 80

def now() -> datetime:
    return datetime.now(UTC)


class CaseSession(QtCore.QObject):
    """The case being worked on, shared by every page of the case view."""

    changed = Signal()

    def __init__(self, store: StoreThread, store_id: str, case: Case, policy: Policy, settings: Settings,
                 services: Services = NO_SERVICES, parent: QtCore.QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.store_id = store_id
        self.case = case
        self.policy = policy
        self.saver = DraftSaver(store, store_id, lambda: (self.case.to_dict(), headline_of(self.case)), self,
                                clock=lambda: self.now().astimezone(policy.zone))
        self.services = services
        self._video: VideoCall | None = None
        self.closed = False
        self.submitting = False  # sent to the store to be queued for the records system, no answer yet
        self._derived = QtCore.QTimer(self, singleShot=True, interval=DERIVED_REFRESH_MS)
        self._derived.timeout.connect(self.changed)

    @property
    def clock_offset(self) -> timedelta:
        """How far the case's clock runs from real time: a practice scenario may set its call at, say, a Friday
        evening, for every time the case records. Kept in the case, so a reopened run keeps its clock."""
        return timedelta(seconds=self.case.practice_clock_offset_seconds)

    @clock_offset.setter
    def clock_offset(self, offset: timedelta) -> None:
        self.case.practice_clock_offset_seconds = round(offset.total_seconds())

    def now(self) -> datetime:
        """The case's clock: real time, or a practice scenario's (real time plus its offset)."""
        return now() + self.clock_offset

    def on_case_clock(self, real: datetime) -> datetime:
        """A moment taken from the real clock (a file kept, the link service's) on the case's clock: moved by
        a practice scenario's offset, like every time the case records."""
        return real + self.clock_offset

    def services_started(self, services: Services) -> None:
        """The services started while this case was open: its link service and the outbox from now on."""
        self.services = services

    def video_call(self) -> VideoCall | None:
        """The case's video call on the link service, made when first needed; None without a service."""
        if self._video is None and self.services.links is not None:
            from rvr_desktop.ui.video_call import VideoCall

            self._video = VideoCall(self, self)
        return self._video

    def close(self) -> None:
        """The case is closed: save what is pending and stop following its call."""
        self.closed = True
        self._derived.stop()
        self.saver.flush()
        if self._video is not None:
            self._video.close()

    def queue_for_records(self, on_answer, on_failed) -> None:
        """Submit the case (`casework.submitting`): `on_answer` gets `Queued` or `NotSubmitted`.

        Drafts are saved first: the store's single thread keeps the order. The
        case here takes its outcome only once the store has queued it; a
        refusal or a failure leaves it exactly as it was.
        """
        from rvr_desktop.casework.submitting import Queued, submit_for_records

        self.saver.flush()
        # Until the store answers, nothing may be typed that the submitted case would not hold.
        self.submitting = True
        self.touch(at_once=True)
        on_screen, at = self.case.to_dict(), self.now()
        store_id, policy, settings = self.store_id, self.policy, self.settings
        answer = self.store.submit(lambda s: submit_for_records(s, store_id, on_screen, policy, at=at,
                                                                officer=settings.officer,
                                                                training=settings.is_training))

        def settled() -> None:
            self.submitting = False
            self.touch(at_once=True)

        def answered(result) -> None:
            settled()
            if isinstance(result, Queued):
                result.apply_to(self.case)
                self.saver.case_left()  # what was submitted stands: no draft is saved after it
                self.services.wake_delivery()
                if self._video is not None:
                    self._video.end_and_forget("submitted")  # submitted: the link service need hold nothing more of it
            on_answer(result)

        def failed(error: BaseException) -> None:
            settled()
            on_failed(error)

        when_done(answer, answered, failed)

    def touch(self, *, at_once: bool = False) -> None:
        """The case changed: save it soon and refresh what is derived from it.

        `at_once` is for decisions (an answer, a button) whose effect the
        officer must see immediately, such as an escalation closing steps.
        """
        if self.closed:
            return  # a late event for a case already closed and saved
        self.saver.mark_changed()
        if at_once:
            self._derived.stop()
            self.changed.emit()
        elif not self._derived.isActive():
            self._derived.start()
