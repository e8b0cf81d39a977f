"""The requests to sign that are out on the call, as the officer's workstation follows them.

A request is open from the link service's answer to "ask her to sign" until she signs, the officer (or the
workstation on her behalf) withdraws it, or the service drops it (her tab left the call, her page was out of
view too long, the call ended). A withdrawal is not done when it is asked for, but when the service confirms
it (or drops the request itself): until then the officer reads that the statement may still be on the page,
and the workstation keeps asking.
The workstation withdraws by itself whenever the text a request carries is no longer the statement as it is
now (`out_of_date`), when the officer leaves the statement step and when the call ends: she is never left
looking at, or able to sign, a text that is not the current one. Even a signature that crosses a withdrawal
on the wire stands only for the text it signed (`workflow.signing.standing`), so it can never pass for the new
one.

What the officer reads on the statement step (`line`) says plainly, for each signer, whether a request is
waiting or why the last one was withdrawn; whether a signature stands is the case's own line
(`statement_signing.standing_line`). No Qt, no network, no database: this keeps no case data, only the call's
moment-to-moment state, and it goes with the call.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.signing import Signer

from .statement_signing import to_sign


class WhyWithdrawn(Enum):
    """Why a request to sign came off the signer's page, as the officer is told it."""

    STATEMENT_CHANGED = "the statement changed \u2014 ask again"
    LEFT_STEP = "you left the statement step \u2014 ask again when you are back on it"
    CALL_ENDED = "the call ended"
    BY_OFFICER = "you withdrew it"
    PAGE_LEFT = "their page left the call and the statement went with it \u2014 ask again once they are back"
    # Her phone may have been locked or put down and picked up by someone else: not shown again by itself.
    PAGE_AWAY = "their page was out of view, so the statement was taken off it \u2014 ask again when they are ready"
    REFUSED = "the link service no longer holds it \u2014 ask again"


# The link service's reasons (linkservice/signing.py) for a request it dropped by itself.
_SERVICE_REASONS = {"left": WhyWithdrawn.PAGE_LEFT, "withdrawn by the officer": WhyWithdrawn.BY_OFFICER,
                    "out of view": WhyWithdrawn.PAGE_AWAY}


@dataclass(frozen=True)
class OpenRequest:
    """A request to sign the link service holds: its id and the digest of the text it carries."""

    signer: Signer
    request_id: str
    digest: str


class SigningRequests:
    """The open request to sign for each signer on one call, and the last word on the one before it."""

    def __init__(self) -> None:
        self.open: dict[Signer, OpenRequest] = {}
        self._withdrawn: dict[Signer, WhyWithdrawn] = {}
        self._withdrawing: dict[str, tuple[Signer, WhyWithdrawn]] = {}  # request id: asked, not yet confirmed
        self._ever_open: dict[str, Signer] = {}  # request id -> signer: a late event names a request we knew

    def asked(self, signer: Signer, request_id: str, digest: str) -> None:
        """The service holds a new request for `signer` (it replaces any earlier one)."""
        self.open[signer] = OpenRequest(signer, request_id, digest)
        self._ever_open[request_id] = signer
        self._withdrawn.pop(signer, None)

    def withdrawing(self, signer: Signer, why: WhyWithdrawn) -> OpenRequest | None:
        """Take `signer`'s open request off the books, to be withdrawn (the caller then asks the service until
        `withdrawal_confirmed`): the request, or None when none was open. No answer to it counts from now."""
        request = self.open.pop(signer, None)
        if request is not None:
            self._withdrawing[request.request_id] = (signer, why)
        return request

    def withdrawal_confirmed(self, request_id: str) -> bool:
        """The service no longer holds `request_id` (it said so, or it dropped or forgot it). True if that
        changed what the officer should read."""
        settled = self._withdrawing.pop(request_id, None)
        if settled is None:
            return False
        signer, why = settled
        if signer not in self.open:  # a newer request replaced it: that one's line stands
            self._withdrawn[signer] = why
        return True

    def _still_withdrawing(self, signer: Signer) -> WhyWithdrawn | None:
        return next((why for who, why in self._withdrawing.values() if who is signer), None)

    def out_of_date(self, case: Case) -> list[OpenRequest]:
        """Open requests whose text is no longer what that signer would be sent now: the statement (or the
        language an interpreter's declaration names) changed after asking, or there is nothing to sign."""
        stale = []
        for signer, request in self.open.items():
            now = to_sign(case, signer)
            if now is None or now.digest != request.digest:
                stale.append(request)
        return stale

    def heard(self, event: dict) -> bool:
        """A link-service event about signing: the request it names is no longer open. True if that changed
        what the officer should read."""
        kind, request_id = event.get("kind"), event.get("request_id")
        signer = self._ever_open.get(request_id) if isinstance(request_id, str) else None
        if signer is None or kind not in ("statement_signed", "signing_withdrawn"):
            return False
        if request_id in self._withdrawing:  # signed across the withdrawal, or dropped: off her page either way
            return self.withdrawal_confirmed(request_id)
        request = self.open.get(signer)
        if request is None or request.request_id != request_id:
            return False  # already taken off here (withdrawn by us, or replaced by a newer request)
        del self.open[signer]
        if kind == "statement_signed":
            self._withdrawn.pop(signer, None)
        else:
            self._withdrawn[signer] = _SERVICE_REASONS.get(str(event.get("reason", "")), WhyWithdrawn.REFUSED)
        return True

    def line(self, signer: Signer) -> str:
        """For the officer: a request waiting, why the last was withdrawn, or "" when neither."""
        whose = "the interpreter's" if signer is Signer.INTERPRETER else "her"
        if signer in self.open:
            return f"Waiting for {whose} signature: the statement is on {whose} page now."
        pending = self._still_withdrawing(signer)
        if pending is not None:
            return (f"Withdrawing the request ({pending.value}): the link service has not yet confirmed it is off "
                    f"{whose} page, and the workstation keeps asking. If this does not clear within a minute, "
                    f"ask them to close the page, or end the call.")
        why = self._withdrawn.get(signer)
        return f"Request withdrawn: {why.value}." if why is not None else ""
