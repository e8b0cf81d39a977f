"""Mending submitted cases stuck on one file filed as two exhibits.

Before the workstation recognised a repeat upload, a caller who sent the same
photo twice gave a case two exhibits with one SHA-256. The records system
refuses such a filing, and since the filing is made once at submission and
every retry sends the same bytes, the case needed attention for ever.

The mend works on the stored filing itself, not a new one: the later exhibit
object is folded into the first (its arrival told in the first one's
continuity, its links dropped, the first one's link to the event standing for
both), so the risk grade, referrals and everything else stay exactly as the
officer submitted them under the policy of that day. The stored case gets the
same merge, so the case and its filing agree. Only entries the records system
has not accepted are touched, each in one audited transaction.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rvr_desktop.store.outbox import CaseDelivery, OutboxItem
from rvr_desktop.sync.pole import exhibit_object
from rvr_desktop.workflow.case import Case
from rvr_desktop.workflow.exhibits import Exhibit, MergedExhibit, merge_duplicate_exhibits, merge_words
from rvr_desktop.workflow.plain_data import CaseFormatError

if TYPE_CHECKING:
    from rvr_desktop.store.case_store import CaseStore

log = logging.getLogger(__name__)
KEPT_SAFE = "The case is kept safe, unchanged, in the encrypted outbox on this workstation."


class FilingNotMendable(ValueError):
    """A filing names one file twice but its exhibits cannot be read well enough to merge them."""


@dataclass(frozen=True)
class MendedEntry:
    """What the mend at start did to one outbox entry: merged exhibits, or why it could not."""

    delivery: CaseDelivery
    merged: tuple[MergedExhibit, ...]
    problem: str = ""


def repeated_digests(filing: dict) -> list[str]:
    """Digests that more than one exhibit object of a filing carries (empty for a sound filing)."""
    objects = filing.get("objects") if isinstance(filing, dict) else None
    if not isinstance(objects, list):
        return []
    counts = Counter(o.get("sha256") for o in objects if isinstance(o, dict) and o.get("kind") == "exhibit")
    return sorted(digest for digest, count in counts.items() if count > 1 and isinstance(digest, str))


def merge_filing_exhibits(filing: dict, local: ZoneInfo) -> list[MergedExhibit]:
    """Fold exhibit objects that share a digest into the first received, in place; returns what merged.

    The rule is the workflow's (`merge_duplicate_exhibits`) and the words are
    the filing's own (`pole.exhibit_object`), so a mended filing says what a
    filing made from the mended case would. Raises `FilingNotMendable`
    (with `filing` unchanged) if an exhibit object cannot be read.
    """
    if not repeated_digests(filing):
        return []
    pairs = [(obj, _as_exhibit(obj)) for obj in filing["objects"]
             if isinstance(obj, dict) and obj.get("kind") == "exhibit"]
    exhibits = [exhibit for _, exhibit in pairs]
    merged = merge_duplicate_exhibits(exhibits)
    kept = {id(exhibit) for exhibit in exhibits}
    withdrawn = {obj["ref"] for obj, exhibit in pairs if id(exhibit) not in kept}
    for obj, exhibit in pairs:
        if id(exhibit) in kept:
            obj.update(exhibit_object(exhibit, local))
    filing["objects"] = [obj for obj in filing["objects"]
                         if not (isinstance(obj, dict) and obj.get("ref") in withdrawn)]
    filing["links"] = [link for link in filing.get("links", [])
                       if not (isinstance(link, dict) and {link.get("from"), link.get("to")} & withdrawn)]
    return merged


_TEXTS = ("reference", "description", "captured_by", "how_captured", "sha256")


def _as_exhibit(obj: dict) -> Exhibit:
    try:
        for name in _TEXTS:
            if not isinstance(obj[name], str):
                raise TypeError(f"its {name} is not text")
        if not isinstance(obj.get("file_name", ""), str):
            raise TypeError("its file_name is not text")
        captured_at = datetime.fromisoformat(obj["captured_at"])
        if captured_at.tzinfo is None:
            raise ValueError(f"the time {obj['captured_at']!r} has no time zone")
        return Exhibit(obj["reference"], obj["description"], obj["captured_by"], captured_at, obj["how_captured"],
                       obj["sha256"], obj.get("file_name", ""))
    except (KeyError, TypeError, ValueError) as error:
        where = obj.get("reference", obj.get("ref", "an exhibit")) if isinstance(obj, dict) else "an exhibit"
        raise FilingNotMendable(f"{where} cannot be read ({type(error).__name__}: {error})") from None


def mend_repeated_exhibits(store: CaseStore, local: ZoneInfo) -> list[MendedEntry]:
    """Mend every waiting entry whose case or filing names one file as two exhibits; run on the store's thread.

    An entry that cannot be mended is left as it is, with a message saying so
    and what to do; the others are made due at once.
    """
    results = []
    for item in store.outbox.undelivered():
        try:
            result = _mend(store, item, local)
        except FilingNotMendable as error:
            message = (f"The records system will refuse this case: one file is named as two exhibits, and RVR "
                       f"Desktop could not merge them ({error}). {KEPT_SAFE} Tell your supervisor, who can ask IT "
                       "support to look at the outbox entry.")
            log.warning("outbox entry %d names one file twice and cannot be mended", item.seq)
            results.append(MendedEntry(store.outbox.record_not_mended(item.seq, message), (), str(error)))
            continue
        if result is not None:
            results.append(result)
    return results


def _mend(store: CaseStore, item: OutboxItem, local: ZoneInfo) -> MendedEntry | None:
    payload, case_merged = item.payload, []
    try:
        case = Case.from_dict(item.payload)
    except CaseFormatError:
        case = None  # not a case this version can read: its filing (if any) can still be mended
    if case is not None:
        case_merged = merge_duplicate_exhibits(case.exhibits)
        payload = case.to_dict() if case_merged else item.payload
    body, body_merged = item.request_body, []
    if body is not None:
        try:
            filing = json.loads(body)
        except ValueError:
            filing = None  # the worker reports a body it cannot read; nothing to mend here
        if filing is not None and repeated_digests(filing):
            body_merged = merge_filing_exhibits(filing, local)
            body = json.dumps(filing, ensure_ascii=False, separators=(",", ":"))
    merged = tuple(body_merged or case_merged)
    if not merged:
        return None
    words = merge_words(list(merged))
    first = merged[0]
    message = (f"One file had been filed as two exhibits ({first.withdrawn} and {first.kept} have the same SHA-256), "
               f"which the records system refuses. RVR Desktop merged them ({words}): each reference that stands "
               "keeps its number, and the later arrival is recorded on its continuity, so nothing is lost; nothing "
               "else in the filing changed and the audit log records the change. The case is queued to send again "
               "under its own key, so it cannot arrive twice; nothing for you to do.")
    delivery = store.outbox.mend_filing(
        item.seq, payload, body, message=message,
        justification=f"one file filed as two exhibits, which the records system refuses: {words}; the later "
                      "arrival kept on the continuity of the exhibit that stands")
    log.info("outbox entry %d mended: %d repeated exhibit(s) merged", item.seq, len(merged))
    return MendedEntry(delivery, merged)
