"""The exhibit list: each exhibit, what the file is, and its continuity from
capture to delivery.

For each exhibit: where and how it was captured and by whom, the file's
name, size and format, whether it is the original or a copy, its SHA-256
(in the monospaced face, in fixed groups), every file inside an archive with
its own digest, and every event since capture:
kept encrypted with the case, any arrival of the same file again, and the
delivery of the case to the force's records system, which hands the file
on and so is part of its continuity. The list says plainly when no
recording of the call was made, and why where the case shows it.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.exhibits import Exhibit
from rvr_desktop.workflow.safety import RECORDING_CONSENT

from . import blocks, parts
from .context import DeliveryState, DocumentInput

Row = list[blocks.Cell]


def exhibit_list(inp: DocumentInput) -> bytes:
    """Every exhibit of the case with its file, its digest and its continuity, as PDF bytes."""
    words = inp.wording.exhibits
    story: list[Flowable] = blocks.fields(parts.made(inp))
    exhibits = sorted(inp.case.exhibits, key=lambda exhibit: exhibit.captured_at)
    story += _recording(inp, exhibits)
    if not exhibits:
        story += blocks.body(words["none"])
        return parts.finish(inp, words, story)
    for exhibit in exhibits:
        story += _exhibit(inp, exhibit)
    story += blocks.body(words["digest_note"])
    if any(exhibit.also_received for exhibit in exhibits):
        story += blocks.body(words["repeats_note"])
    return parts.finish(inp, words, story)


def _exhibit(inp: DocumentInput, exhibit: Exhibit) -> list[Flowable]:
    words = inp.wording.exhibits
    original = {True: words["is_original"], False: words["is_copy"], None: inp.words["not_recorded"]}[exhibit.original]
    # One exhibit's record is read as one: kept on one page where it fits.
    story = blocks.plain_heading(words.fill("exhibit_heading", reference=exhibit.reference,
                                            description=exhibit.description))
    story += blocks.fields([
        (words["place"], inp.text(exhibit.place_captured)),
        # A copy sent in (her screenshots) was made before it reached us: its time here is when it arrived.
        (words["sent_by" if _sent_in(exhibit) else "captured_by"], inp.text(exhibit.captured_by)),
        (words["received_at" if _sent_in(exhibit) else "captured_at"], inp.when(exhibit.captured_at)),
        (words["how"], inp.text(exhibit.how_captured)),
        (words["file_name"], inp.text(exhibit.file_name)),
        (words["size_and_format"], _size_and_format(inp, exhibit)),
        (words["original"], original),
        (words["sha256"], blocks.digest(exhibit.sha256)),
    ])
    story += _contents(inp, exhibit)
    story += blocks.grid([words["event"], words["event_at"], words["event_by"]], _continuity(inp, exhibit),
                         [5, 2.6, 2.4])
    return [Spacer(0, 3 * mm), KeepTogether(story)]


def _contents(inp: DocumentInput, exhibit: Exhibit) -> list[Flowable]:
    # An archive (the victim's screenshots in one .zip) lists every file with its own digest, so one
    # screenshot can be checked, or produced on its own, without trusting the archive's digest alone.
    words = inp.wording.exhibits
    if not exhibit.contents:
        return blocks.fields([(words["contents"], words["contents_single"])]) if _is_archive(exhibit) else []
    rows: list[Row] = [[inp.text(item.name), _size(item.size_bytes), blocks.digest(item.sha256)]
                       for item in exhibit.contents]
    return [*blocks.body(words.fill("contents_intro", count=len(exhibit.contents))),
            *blocks.grid([words["file_name"], words["size"], words["sha256"]], rows, [3.4, 2.4, 4.2])]


def _sent_in(exhibit: Exhibit) -> bool:
    """A copy that reached the workstation (her screenshots), rather than a still captured on it."""
    return exhibit.original is False


def _is_archive(exhibit: Exhibit) -> bool:
    return exhibit.media_type == "application/zip" or exhibit.file_name.lower().endswith(".zip")


def _continuity(inp: DocumentInput, exhibit: Exhibit) -> list[Row]:
    words = inp.wording.exhibits
    rows: list[Row] = [
        [words.fill("event_received_copy" if _sent_in(exhibit) else "event_captured",
                    how=exhibit.how_captured.strip() or inp.words["not_recorded"]),
         inp.when(exhibit.captured_at), inp.text(exhibit.captured_by)],
        [words["event_stored"], inp.when(exhibit.captured_at), words["workstation"]],
    ]
    for arrival in exhibit.also_received:
        event = words.fill("event_received_again", how=arrival.how.strip() or inp.words["not_recorded"])
        if arrival.withdrawn_reference:
            event += f" ({words['repeat_withdrawn']} {arrival.withdrawn_reference})"
        rows.append([event, inp.when(arrival.received_at), inp.text(arrival.received_by)])
    rows.append(_delivery(inp))
    return rows


def _delivery(inp: DocumentInput) -> Row:
    # The last event: handed to the records system with the case, or where the hand-over stands.
    # "By" is who handed it on: the officer who submitted the case, from this workstation; the records
    # system is where it went, named in the event with the reference it gave.
    words, delivery = inp.wording.exhibits, inp.delivery
    if delivery is None:
        return [words["event_not_submitted"], words["not_yet"], words["not_yet"]]
    sender = words.fill("delivered_by", officer=inp.text(inp.officer.describe()))
    if delivery.state is DeliveryState.DELIVERED:
        reference = (words.fill("records_reference", reference=delivery.crime_reference.strip())
                     if delivery.crime_reference.strip() else words["no_records_reference"])
        return [words.fill("event_delivered", reference=reference, submitted=inp.when(delivery.submitted_at)),
                inp.when(delivery.delivered_at), sender]
    key = "event_needs_attention" if delivery.state is DeliveryState.NEEDS_ATTENTION else "event_queued"
    return [words[key], inp.when(delivery.submitted_at), sender]


def _recording(inp: DocumentInput, exhibits: list[Exhibit]) -> list[Flowable]:
    words = inp.wording.exhibits
    recordings = [exhibit.reference for exhibit in exhibits if exhibit.media_type.startswith("video/")]
    if recordings:
        said = words.fill("recording_made", references=", ".join(recordings))
    elif not inp.policy.video_call.records_video_calls:
        said = words["no_recording_not_recorded_here"]
    else:
        consent = inp.case.safety.latest(RECORDING_CONSENT.key)
        said = words["no_recording_refused"] if consent and consent.answer is Answer.NO else words["no_recording"]
    return blocks.fields([(words["recording"], said)])


def _size_and_format(inp: DocumentInput, exhibit: Exhibit) -> str:
    if exhibit.size_bytes is None and not exhibit.media_type:
        return inp.words["not_recorded"]
    size = _size(exhibit.size_bytes) if exhibit.size_bytes is not None else inp.words["not_recorded"]
    return inp.wording.exhibits.fill("size_format", size=size, format=exhibit.media_type or inp.words["not_recorded"])


def _size(count: int) -> str:
    # The exact count of bytes as well: a copy of the right size is the first check of the right file.
    for unit, scale in (("MB", 1_000_000), ("KB", 1_000)):
        if count >= scale:
            return f"{count / scale:.1f} {unit} ({count:,} bytes)"
    return f"{count:,} bytes"
