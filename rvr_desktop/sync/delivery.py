"""Delivering one case: create the investigation, upload its exhibits, and
confirm the records system holds every one with the right digest.

Each step is safe to repeat. The investigation is created under the case's
idempotency key, so a repeat returns the first answer; an exhibit is
addressed by its digest, so uploading it twice stores it once. Only when the
records system's own status shows every exhibit received is the case counted
as delivered: a system that accepted a file and then lost it is caught here,
and the file is sent again on the next attempt (under a new key, since the
old key's answer would only repeat the loss).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from rvr_desktop.store.case_files import CaseFile, CaseFileDamaged, CaseFileNotFound
from rvr_desktop.sync.backoff import StepRetries
from rvr_desktop.sync.client import RecordsClient
from rvr_desktop.sync.contract import exhibit_media_types
from rvr_desktop.sync.failures import CaseRefused, TemporaryFailure

ExhibitReader = Callable[[str], tuple[CaseFile, bytes]]
# Exhibit keys are derived from the case's key, so they need no storing.
_EXHIBIT_KEYS = uuid.UUID("6d1c3f4e-2b8a-4f5e-9c7d-0a1b2c3d4e5f")


@dataclass(frozen=True)
class Delivered:
    investigation_id: str
    crime_reference: str
    disclosed: tuple[str, ...]  # what went, by name, for the audit log


def exhibit_key(case_key: str, sha256: str, attempt: int) -> str:
    return str(uuid.uuid5(_EXHIBIT_KEYS, f"{case_key}/{sha256}/{attempt}"))


def deliver(request: dict, body: bytes, case_key: str, attempt: int, client: RecordsClient,
            read_exhibit: ExhibitReader, step: StepRetries | None = None) -> Delivered:
    """Deliver one case; raises a `failures` exception if it is not yet delivered.

    `step` runs each exchange (trying it again after a blip); by default once.
    """
    run = step or (lambda exchange: exchange())
    expected = {o["sha256"]: o["reference"] for o in request["objects"] if o["kind"] == "exhibit"}
    created = run(lambda: client.create_investigation(body, case_key))
    investigation_id = created.investigation["investigation_id"]
    investigation = created.investigation
    if created.replayed:
        # The kept answer is as it was when first given; ask what is held now.
        investigation = run(lambda: client.investigation(investigation_id))
    _same_exhibits(investigation, expected)
    missing = [e["sha256"] for e in investigation["exhibits"] if not e["received"]]
    for sha256 in missing:
        file, content = _read(read_exhibit, sha256, expected[sha256])
        media_type = file.media_type if file.media_type in exhibit_media_types() else "application/octet-stream"
        key = exhibit_key(case_key, sha256, attempt)
        run(partial(client.upload_exhibit, investigation_id, sha256, media_type, content, key))
    if missing:
        investigation = run(lambda: client.investigation(investigation_id))
        _same_exhibits(investigation, expected)
        lost = sorted(expected[e["sha256"]] for e in investigation["exhibits"] if not e["received"])
        if lost:
            raise TemporaryFailure(f"The records system accepted the case but does not hold exhibit "
                                   f"{', '.join(lost)}; it will be sent again.")
    if investigation["crime_reference"] != created.investigation["crime_reference"]:
        raise CaseRefused("The records system gave two different crime references for this case "
                          f"({created.investigation['crime_reference']} and {investigation['crime_reference']}).")
    disclosed = sorted(k for k, v in request.items() if k != "source" and v not in (None, [], {}))
    files = [f"exhibit file {reference}" for reference in sorted(expected.values())]
    return Delivered(investigation["investigation_id"], investigation["crime_reference"], (*disclosed, *files))


def _same_exhibits(investigation: dict, expected: dict[str, str]) -> None:
    held = {e["sha256"] for e in investigation["exhibits"]}
    if held != set(expected):
        raise CaseRefused("The records system lists different exhibits for this case from the ones sent "
                          f"({len(held)} listed, {len(expected)} sent), so it cannot be counted as delivered.")


def _read(read_exhibit: ExhibitReader, sha256: str, reference: str) -> tuple[CaseFile, bytes]:
    try:
        return read_exhibit(sha256)
    except CaseFileDamaged as error:
        raise CaseRefused(f"Exhibit {reference}: {error}") from None
    except CaseFileNotFound:
        raise CaseRefused(f"Exhibit {reference} has no stored file on this workstation, so it cannot be sent.") \
            from None
