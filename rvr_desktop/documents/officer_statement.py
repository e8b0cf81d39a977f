"""A draft of the officer's own MG11: the call, what was seen over video, and the exhibits produced.

Written from the case record in the first person, for the officer to check
against their own recollection, edit and sign: every page says DRAFT, and
the signature line says it is not signed. Each exhibit is produced by its
reference with what it shows, so the witness's statement and the exhibit
list meet this one on the same references. What the officer saw comes from
the account's injuries recorded as seen on video and the demeanour the
officer noted on the statement step; an injury the witness described but the
officer did not see is attributed to her, never described as seen. The draft
names the interpreter (name, reference, language, how they joined), says
whether the officer spoke to each child and why not, and how the exhibits
were kept. Where the case holds nothing, the draft says so in a bracketed
line to fill in or delete, never a sentence the officer did not write.
"""

from __future__ import annotations

from datetime import datetime

from reportlab.platypus import Flowable, KeepTogether

from rvr_desktop.casework.statement_signing import interpreter_language, interpreter_used, signature_standing
from rvr_desktop.workflow.exhibits import Exhibit
from rvr_desktop.workflow.signing import Signer, Standing, latest
from rvr_desktop.workflow.statement import visual_recordings
from rvr_desktop.workflow.times import as_utc, spoken_date
from rvr_desktop.workflow.video import VideoEventKind, first_event

from . import blocks
from .context import DeliveryState, DocumentInput
from .parts import interpreter_joined_during_account
from .signatures import read_back, through_interpreter
from .statement import finish_naming_maker, force_and_unit, maker, whole_rows


def officer_statement(inp: DocumentInput) -> bytes:
    """The draft officer's statement for this case, as PDF bytes."""
    words, statement_words = inp.wording.officer_statement, inp.wording.statement
    officer = inp.text(inp.officer.describe())
    story: list[Flowable] = blocks.boxed(blocks.body(words["draft_banner"]))
    story += blocks.fields([
        (words["maker"], officer),
        (words["occupation"], words["occupation_value"]),
        (statement_words["over_18"], inp.words["yes"]),
        (inp.words["incident_reference"], inp.text(inp.case.intake.incident_reference)),
    ])
    story += blocks.boxed([*blocks.plain_heading(statement_words["declaration_heading"]),
                           *blocks.body(statement_words["declaration"])])
    story += blocks.heading(words["narrative_heading"])
    for paragraph in call_paragraphs(inp):
        story += blocks.body(paragraph)
    story += blocks.heading(words["seen_heading"])
    for paragraph in seen_paragraphs(inp):
        story += blocks.body(paragraph)
    story += blocks.heading(words["exhibits_heading"])
    for paragraph in exhibit_paragraphs(inp):
        story += blocks.body(paragraph)
    # The end and the (missing) signature stay together, never a page apart.
    story.append(KeepTogether([*blocks.body(words["end"]), *whole_rows(blocks.fields([
        (words["signature"], words["not_signed"]), (inp.words["made_at"], inp.when(inp.now))]))]))
    return finish_naming_maker(inp, words, whole_rows(story), officer)


def call_paragraphs(inp: DocumentInput) -> list[str]:
    """Who the officer is, the call, any interpreter, and when the witness's statement was taken."""
    words, case = inp.wording.officer_statement, inp.case
    connected = first_event(case.video_events, VideoEventKind.CONNECTED)
    ended = first_event(case.video_events, VideoEventKind.ENDED)
    start = connected.at if connected else case.intake.call_received_at
    day = spoken_date(as_utc(start).astimezone(inp.policy.zone).date()) if start else inp.words["not_recorded"]
    paragraphs = [words.fill("opening", officer=inp.text(inp.officer.describe()),
                             unit=inp.text(force_and_unit(inp)), day=day, witness=maker(inp),
                             reference=inp.text(case.intake.incident_reference))]
    if connected or ended:
        paragraphs.append(words.fill("call_times", start=inp.when(connected.at if connected else None),
                                     end=inp.when(ended.at if ended else None)))
    paragraphs += [interpreter_paragraph(inp, event.at, event.note)
                   for event in case.video_events if event.kind is VideoEventKind.INTERPRETER_JOINED]
    if case.account.completed_at is not None:
        paragraphs.append(words.fill("account_taken", witness=maker(inp), end=inp.when(case.account.completed_at)))
        joined = interpreter_joined_during_account(inp)
        if joined is not None:
            paragraphs.append(words.fill("account_before_interpreter", witness=maker(inp), when=inp.when(joined)))
    statement = case.statement
    if statement.started_at or statement.finished_at:
        paragraphs.append(words.fill("statement_taken", start=inp.when(statement.started_at),
                                     finish=inp.when(statement.finished_at), witness=maker(inp)))
        paragraphs += signing_paragraphs(inp)
    return paragraphs


def signing_paragraphs(inp: DocumentInput) -> list[str]:
    """How the statement was read back and signed: the officer's own evidence of the electronic signatures, which
    the CPS guidance on electronic signatures expects the officer taking the statement to be able to give."""
    words, statement = inp.wording.officer_statement, inp.case.statement
    paragraphs = []
    read = read_back(inp)
    if statement.confirmed_true and statement.read_back_at is not None and read is not None:
        paragraphs.append(words.fill("read_back", witness=maker(inp), how=read[0], when=read[1],
                                     through=through_interpreter(inp)))
    signers = [Signer.WITNESS] + ([Signer.INTERPRETER] if interpreter_used(inp.case) else [])
    for signer in signers:
        state, signature = signature_standing(inp.case, signer, inp.wording)
        who = maker(inp) if signer is Signer.WITNESS else words["the_interpreter"]
        if state is Standing.SIGNED and signature is not None:
            # Each signer is shown the statement with their own declaration: the digest is checked against that.
            declaration = words["maker_declaration" if signer is Signer.WITNESS else "interpreter_declaration"]
            paragraphs.append(words.fill("signed_over_call", who=who, name=inp.text(signature.name),
                                         when=inp.when(signature.signed_at), declaration=declaration))
        else:
            paragraphs.append(words.fill("not_signed_over_call", who=who[:1].upper() + who[1:]))
    return paragraphs


def interpreter_paragraph(inp: DocumentInput, joined_at: datetime, note: str) -> str:
    """The interpreter by name, reference and language (from their own signature when they signed), when and
    how they joined: a court may need to call them, so a reference alone is not enough."""
    words = inp.wording.officer_statement
    signed = latest(inp.case.statement.signatures, Signer.INTERPRETER)
    return words.fill("interpreter", name=signed.name if signed else words["interpreter_unnamed"],
                      reference=signed.reference if signed and signed.reference else inp.words["not_recorded"],
                      language=interpreter_language(inp.case, inp.wording), when=inp.when(joined_at),
                      how=inp.text(note))


def seen_paragraphs(inp: DocumentInput) -> list[str]:
    """What the officer saw, then what the witness told them of and they did not see, the demeanour noted,
    and whether the officer spoke to each child. Only what was seen on video is described as seen: an injury
    not recorded as seen is attributed to the witness."""
    words, account = inp.wording.officer_statement, inp.case.account
    witness = maker(inp)
    seen, told = [], []
    for injury in account.injuries:
        if not (injury.body_location.strip() or injury.description.strip()):
            continue
        where = _lower_first(inp.text(injury.body_location))
        what = _lower_first(inp.text(injury.description))
        if injury.seen_on_video:
            seen.append(words.fill("injury", where=where, what=what))
        else:
            # Not recorded as seen: hers, and the officer is asked to say whether they saw it.
            key = "injury_told" if injury.seen_on_video is False else "injury_told_seen_unknown"
            told.append(words.fill(key, witness=witness, where=where, what=what))
    if not seen and not told:
        seen = [words["no_injuries"]]
    # Every still the officer took is named where what it shows is described, not only in the list of exhibits
    # produced: the reviewing lawyer meets JS/2 (the damaged phone) beside what the officer saw of it.
    stills = [words.fill("seen_still", reference=e.reference, description=_lower_first(inp.text(e.description)))
              for e in officers_stills(inp)]
    demeanour = inp.case.statement.demeanour_seen.strip()
    return [*seen, *stills, *told, words.fill("demeanour", demeanour=demeanour) if demeanour else words["demeanour_missing"],
            *children_paragraphs(inp)]


def children_paragraphs(inp: DocumentInput) -> list[str]:
    """Whether the officer spoke to each child, and what was said or why not (a bracketed line when unknown)."""
    words = inp.wording.officer_statement
    paragraphs = []
    for child in inp.case.account.children:
        name = inp.text(child.name)
        note = child.spoken_to_note.strip()
        if child.spoken_to_by_police is None:
            paragraphs.append(words.fill("child_unknown", child=name))
        elif child.spoken_to_by_police:
            talk = _talk_with(inp, child, name)
            if talk:  # the full record, then the officer's note of it
                paragraphs += talk + ([words.fill("child_talk_note", note=note)] if note else [])
            else:
                paragraphs += [words.fill("child_spoken", child=name, note=note or inp.words["not_recorded"]),
                               words.fill("child_talk_missing", child=name)]
        else:
            paragraphs.append(words.fill("child_not_spoken", child=name,
                                         why=note or words.fill("child_why_missing", child=name)))
    return paragraphs


def _talk_with(inp: DocumentInput, child, name: str) -> list[str]:
    """The full record of a first talk with a child witness (workflow.account.Child, after ABE 2022): when, who
    else was there, and each question and answer as it was said, line by line; nothing when the time or the
    questions are missing (the caller then asks for them)."""
    words, questions = inp.wording.officer_statement, child.spoken_to_questions.strip()
    if child.spoken_to_at is None or not questions:
        return []
    present = child.spoken_to_present.strip()
    language = child.spoken_to_language.strip()
    said = words.fill("child_talk", child=name, time=inp.when(child.spoken_to_at),
                      language=inp.text(language) if language else words["child_talk_language_missing"],
                      present=words.fill("child_talk_present", present=inp.text(present)) if present else "")
    return [said, *(inp.text(line.strip()) for line in questions.splitlines() if line.strip())]


def exhibit_paragraphs(inp: DocumentInput) -> list[str]:
    """Each exhibit produced by its reference with what it shows, oldest first, and whether the call was recorded."""
    words = inp.wording.officer_statement
    exhibits = sorted(inp.case.exhibits, key=lambda exhibit: exhibit.captured_at)
    produced = [words.fill("exhibit_received" if from_witness(inp, e) else "exhibit", reference=e.reference, description=e.description, by=e.captured_by,
                           when=inp.when(e.captured_at), how=_lower_first(e.how_captured)) for e in exhibits]
    recordings = visual_recordings(exhibits)
    recorded = (words.fill("recording", references=", ".join(e.reference for e in recordings)) if recordings
                else words["not_recorded"])
    return [*(produced or [words["no_exhibits"]]), *([continuity(inp)] if exhibits else []), recorded]


def from_witness(inp: DocumentInput, exhibit: Exhibit) -> bool:
    """Whether the witness produced this exhibit (she sent it; her statement names it): the officer only
    received it."""
    witness = inp.case.statement.maker_name.strip().casefold()
    return bool(witness) and exhibit.captured_by.strip().casefold() == witness


def officers_stills(inp: DocumentInput) -> list[Exhibit]:
    """The stills the officer took from the video (made on the workstation, not the recording), oldest first."""
    recordings = visual_recordings(inp.case.exhibits)
    return sorted((e for e in inp.case.exhibits
                   if e.original and not from_witness(inp, e) and e not in recordings),
                  key=lambda exhibit: exhibit.captured_at)


def continuity(inp: DocumentInput) -> str:
    """How the exhibits were kept from capture to hand-over: hashed, stored encrypted, delivered (or not yet)."""
    words, delivery = inp.wording.officer_statement, inp.delivery
    if delivery is not None and delivery.state is DeliveryState.DELIVERED:
        handed = words.fill("continuity_delivered", when=inp.when(delivery.delivered_at),
                            reference=delivery.crime_reference.strip() or inp.words["not_recorded"])
    else:
        handed = words["continuity_not_delivered"]
    return words.fill("continuity", handed=handed)


def _lower_first(text: str) -> str:
    # "Red mark about 4 cm across" reads on inside a sentence; an acronym
    # ("CCTV still") keeps its capitals.
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]
