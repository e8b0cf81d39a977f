"""Opening a stored case for the officer, the one way the windows read a case.

A draft made before the workstation recognised repeat uploads may name one
file (one SHA-256) as two exhibits, which the records system would refuse at
submission. It is mended as it opens: the first exhibit keeps its reference
and the later arrival is kept on its continuity record. The mend is saved at
once as an alteration in the audit log, with its reason, so the case on disk
is the case the officer sees. Submitted cases are mended by the outbox
(`sync.repeat_exhibits`), never here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rvr_desktop.store.cases import CaseSummary
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.exhibits import MergedExhibit, merge_duplicate_exhibits, merge_words
from rvr_desktop.workflow.plain_data import CaseFormatError

if TYPE_CHECKING:
    from rvr_desktop.store.case_store import CaseStore


@dataclass(frozen=True)
class OpenedCase:
    """A case as read for the officer, and any exhibits merged as it opened."""

    summary: CaseSummary
    payload: dict
    merged: tuple[MergedExhibit, ...] = ()

    @property
    def notice(self) -> str:
        """What the officer is told about a mend ('' when nothing was mended)."""
        if not self.merged:
            return ""
        words = merge_words(list(self.merged))
        return (f"This case had one file filed as two exhibits ({words}), which the records system would refuse. "
                "The exhibit that stands keeps its reference, and the later arrival is recorded on its continuity, "
                "so nothing is lost; the change is saved and in the audit log. Check the exhibit list; nothing "
                "else to do.")


def open_case_for_officer(store: CaseStore, case_id: str, *, justification: str = "") -> OpenedCase:
    """Read a case (a consultation in the log), mending a draft's repeated exhibits; run on the store's thread.

    A case this version cannot read is returned exactly as stored, for the
    window to explain.
    """
    stored = store.cases.open_case(case_id, justification=justification)
    try:
        case = Case.from_dict(stored.payload)
    except CaseFormatError:
        return OpenedCase(stored.summary, stored.payload)
    if case.outcome is not None:
        return OpenedCase(stored.summary, stored.payload)
    merged = merge_duplicate_exhibits(case.exhibits)
    if not merged:
        return OpenedCase(stored.summary, stored.payload)
    payload = case.to_dict()
    store.cases.save_draft(case_id, payload, stored.summary.headline,
                           justification=f"one file filed as two exhibits, mended on opening: {merge_words(merged)}; "
                                         "the later arrival kept on the continuity of the exhibit that stands")
    return OpenedCase(stored.summary, payload, tuple(merged))
