"""Filing evidence from the call: stills, the caller's photos and recordings.

Each piece of evidence is kept in two moves, on two threads:

1. `store_exhibit`, on the store's thread: the bytes are kept encrypted with
   the case and the store takes their SHA-256 itself.
2. `file_stored_exhibit`, on the GUI thread: the case's exhibit list gives the
   stored file its reference (PO/1, PO/2, ...), or notes it on the exhibit it
   repeats when the very same bytes are already one.

Why the split: the case (`CaseSession.case`) is the object the officer's pages
edit and the draft saver reads, all on the GUI thread; the store thread only
ever sees snapshots. Filing into it from the store thread would race with
typing and saving, and filing into a copy would lose a still filed meanwhile
(two stills arriving together would both become PO/1). The store thread runs
its work one job at a time and results come back to the GUI thread in the
same order, so references are still given in the order files arrived, and
only once each file is safe.

Photos the caller sends wait for the officer (`photo_arrived` says whether one
repeats an exhibit); a declined or discarded photo is audited as an erasure
(`declined_photo`, `discarded_photo`). No Qt, no network.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rvr_desktop.store.case_files import CaseFile, CaseFileKind, sha256_of
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.exhibits import Exhibit, exhibit_with_digest, file_exhibit, producer_initials

if TYPE_CHECKING:
    from rvr_desktop.settings import OfficerProfile
    from rvr_desktop.store.case_store import CaseStore
    from rvr_desktop.video.client import UploadInfo

# What the officer's page and the caller's page send; anything else is kept, but as ".bin".
MEDIA_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/heic": "heic",
                    "video/webm": "webm"}

STILL_CHANGED = "The still changed on its way from the video view, so it was not kept. Take it again."

_UPLOADED = "uploaded by the caller from the call page"
_UPLOADED_AGAIN = "uploaded again by the caller from the call page"


@dataclass(frozen=True)
class Evidence:
    """Bytes to keep as an exhibit, and what its continuity record says of them."""

    content: bytes
    media_type: str
    description: str
    how_captured: str
    # Made on the workstation (a still, the recording) rather than a copy of a file kept elsewhere.
    original: bool = True
    # Sent through the call page by this participant ("caller", "interpreter"), who produces it; "" when the
    # officer made it.
    sent_by: str = ""


@dataclass(frozen=True)
class StoredExhibit:
    """Evidence kept encrypted with the case, not yet given a reference: what `store_exhibit` returns."""

    file: CaseFile
    description: str
    how_captured: str
    original: bool = True
    sent_by: str = ""


@dataclass(frozen=True)
class Filed:
    """Evidence filed in the case: its exhibit, and whether that exhibit is new or one it repeats."""

    exhibit: Exhibit
    new: bool
    notice: str = ""  # for the officer, in plain words ('' when there is nothing to say)
    note: str = ""  # for the call's running log


@dataclass(frozen=True)
class NotKept:
    """Evidence refused before it was stored; `notice` says why, and what to do."""

    notice: str


@dataclass(frozen=True)
class CallDecision:
    """An officer's decision about the call that leaves nothing in the case itself, for the audit log."""

    action: str  # an audit action: erasure, disclosure, alteration
    what: str  # what it was about, within the case (`upload:<id>`)
    fields: str  # what that thing is, never its content
    justification: str
    recipient: str = ""
    note: str = ""  # for the call's running log

    def record(self, store: CaseStore, case_id: str) -> None:
        """Put the decision in the audit log; run on the store's thread."""
        store.log_call_decision(case_id, self.action, self.what, self.fields, self.justification, self.recipient)


def exhibit_file_name(media_type: str) -> str:
    """A stored exhibit's file name: random, so it says nothing of the caller, with the extension its type has."""
    return f"exhibit-{uuid.uuid4().hex[:12]}.{MEDIA_EXTENSIONS.get(media_type, 'bin')}"


def still_from_view(still: dict) -> Evidence | NotKept:
    """A still from the officer's page (base64 with the SHA-256 the page took), if it arrived unchanged."""
    content = base64.b64decode(still["base64"])
    if sha256_of(content) != still.get("sha256"):
        return NotKept(STILL_CHANGED)
    return Evidence(content, still.get("media_type", "image/png"), f"Still of the {still.get('role', 'caller')}'s video",
                    "still taken from the video call")


def photo_from_caller(info: UploadInfo, content: bytes) -> Evidence:
    """A photo the caller sent and the officer chose to file, fetched (and its digest checked) from the service."""
    # A copy: the original stays on the caller's device.
    return Evidence(content, info.media_type, _photo_description(info), _UPLOADED, original=False,
                    sent_by=info.from_role)


def store_exhibit(store: CaseStore, case_id: str, evidence: Evidence) -> StoredExhibit:
    """Keep the evidence encrypted with the case; run on the store's thread, then `file_stored_exhibit`."""
    file = store.files.add(case_id, CaseFileKind.EXHIBIT, exhibit_file_name(evidence.media_type), evidence.media_type,
                           evidence.content)
    return StoredExhibit(file, evidence.description, evidence.how_captured, evidence.original, evidence.sent_by)


def file_stored_exhibit(case: Case, stored: StoredExhibit, officer: OfficerProfile, at: datetime) -> Filed:
    """Give a stored file its place in the case (on the GUI thread, which owns the case): a new exhibit with the
    next reference, or, for the very same bytes filed while it was stored, the arrival noted on that exhibit."""
    initials = producer_initials(_sender_name(case, stored.sent_by), officer.initials) if stored.sent_by \
        else officer.initials
    exhibit, new = file_exhibit(case.exhibits, initials=initials, description=stored.description,
                                captured_by=officer.describe(), captured_at=at, how_captured=stored.how_captured,
                                sha256=stored.file.sha256, file_name=stored.file.name,
                                media_type=stored.file.media_type, size_bytes=stored.file.size,
                                place_captured=_place_captured(stored, officer), original=stored.original)
    if new:
        return Filed(exhibit, True, note=f"exhibit {exhibit.reference} kept ({stored.description.lower()})")
    return Filed(exhibit, False, notice=f"That file is already exhibit {exhibit.reference}; no second exhibit was "
                                        "made.")


def _sender_name(case: Case, role: str) -> str:
    # The caller is the victim taking part in the call; an interpreter's name is in the interpreter's own
    # signature when there is one, and otherwise unknown here ("W" then, for witness).
    if role == "caller":
        return case.intake.caller_name
    return next((s.name for s in case.statement.signatures if s.signer.value == "interpreter"), "")


def _place_captured(stored: StoredExhibit, officer: OfficerProfile) -> str:
    # Where the file came into being, for the exhibit list's continuity.
    if stored.original:
        return f"On the officer's workstation ({officer.unit or 'RVR'}), during the video call"
    return "On the caller's own device, sent through the call page during the video call"


def photo_arrived(case: Case, info: UploadInfo, officer: OfficerProfile, at: datetime) -> Filed | None:
    """A photo from the caller reached the link service. None: it is new, and waits for the officer to file or
    decline it. The very same bytes as an exhibit: the exhibit stands and its continuity notes the arrival
    (the returned `Filed`); the service's copy can be let go, never filed twice."""
    if exhibit_with_digest(case.exhibits, info.sha256) is None:
        return None
    exhibit, _new = file_exhibit(case.exhibits, initials=officer.initials, description=_photo_description(info),
                                 captured_by=officer.describe(), captured_at=at, how_captured=_UPLOADED_AGAIN,
                                 sha256=info.sha256)
    return Filed(exhibit, False, notice=f"The {info.from_role} sent the same photo again; it is already exhibit "
                                        f"{exhibit.reference}, so no second exhibit was made (the second arrival is "
                                        "noted on it).")


def declined_photo(info: UploadInfo) -> CallDecision:
    """The officer declined a waiting photo: the service discards it, and the log says so (never its content)."""
    return CallDecision("erasure", f"upload:{info.upload_id}",
                        f"photo from the {info.from_role} ({info.media_type}, {info.size / 1048576:.1f} MB)",
                        "declined by the officer: not filed as an exhibit, discarded by the link service",
                        note=f"photo from the {info.from_role} declined")


def discarded_photo(info: UploadInfo, why: str) -> CallDecision:
    """A photo still waiting when the call was forgotten, as the case was `why` (escalated, submitted, closed)."""
    return CallDecision("erasure", f"upload:{info.upload_id}", f"photo from the {info.from_role} ({info.media_type})",
                        f"discarded unfiled: the call was ended and forgotten as the case was {why}")


def _photo_description(info: UploadInfo) -> str:
    return f"Photo or screenshot sent by the {info.from_role}"


class CallRecording:
    """The workstation's recording of the call, assembled from the parts the officer's page sends as it records."""

    def __init__(self) -> None:
        self._content = bytearray()

    def add_part(self, base64_text: str) -> None:
        self._content += base64.b64decode(base64_text)

    def finished(self) -> Evidence | None:
        """The recording so far, to keep as an exhibit (None when nothing was recorded); the next starts empty."""
        if not self._content:
            return None
        content, self._content = bytes(self._content), bytearray()
        return Evidence(content, "video/webm", "Recording of the video call",
                        "recorded on the workstation during the call")
