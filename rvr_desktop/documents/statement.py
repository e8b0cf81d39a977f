"""The victim's witness statement in section 9 form (MG11 style): the disclosable part.

Order follows the paper form: the maker, the declaration, the statement
running onto as many continuation pages as it needs, then how, when and
where it was taken, by whom, whether it was visually recorded and the
exhibits it refers to. Every page names the maker beside the police
reference and says "Page N of M", so a loose continuation page is still
known. The maker's details and the witness-care answers are the MG11's
restricted rear page, made as a document of its own (`witness_details`), so
the statement can be served without them. The sources of each part are in
the wording file's "statement_taking" section.

A labelled row never splits across a page here: a CPS reader must not find
half an answer at a page foot. The shared tables allow it (for long values
elsewhere), so these documents ask for whole rows locally (`whole_rows`);
only an answer taller than half a page may still run over a page break.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Table

from rvr_desktop.workflow.statement import (
    WrittenHow, exhibits_not_named, exhibits_referred_to, maker_is_adult, signed_after_finish, visual_recordings,
)
from rvr_desktop.workflow.times import local_date

from . import blocks
from .context import DocumentInput
from .parts import interpreter_joined_during_account
from .page import CONTENT_WIDTH, PageSetup, render
from .script_text import ScriptText
from .signatures import read_back, signatures_and_declarations, through_interpreter
from .wording import Section


def witness_statement(inp: DocumentInput) -> bytes:
    """The MG11-style statement for this case, as PDF bytes."""
    words = inp.wording.statement
    statement = inp.case.statement
    story: list[Flowable] = []
    story += blocks.fields([
        (words["maker"], maker(inp)),
        (words["over_18"], _over_18(inp)),
        (words["occupation"], inp.text(statement.maker_occupation) if statement.maker_occupation.strip()
         else inp.words["not_recorded"]),
        (inp.words["incident_reference"], inp.text(inp.case.intake.incident_reference)),
    ])
    # The declaration alone: the maker's confirmation is part of her signature's record (signatures.py), so
    # the box carries a warning only while she has not confirmed it.
    story += blocks.boxed([
        *blocks.plain_heading(words["declaration_heading"]),
        *blocks.body(words["declaration"]),
        *([] if statement.confirmed_true else [ScriptText(words["not_confirmed"], blocks.styles().label)]),
    ])
    story += blocks.heading(words["narrative_heading"])
    if statement.not_taken_reason.strip():
        story += blocks.fields([(words["not_taken"], statement.not_taken_reason)])
    else:
        story += blocks.body(inp.text(statement.narrative))
        story += blocks.body(words["end_of_statement"])
    story += signatures_and_declarations(inp)
    story += blocks.heading(words["taking_heading"])
    story += blocks.fields(taking_rows(inp))
    # Two short lines: kept whole, so the pointer to the rear page is never cut by a page break.
    story += [KeepTogether(blocks.body(inp.wording.statement_taking["rear_page_note"]))]
    return finish_naming_maker(inp, words, whole_rows(story), maker(inp))


def maker(inp: DocumentInput) -> str:
    """The maker as the statement names them: the step's answer, else the caller from the hand-over."""
    return inp.text(inp.case.statement.maker_name or inp.case.intake.caller_name)


def taking_rows(inp: DocumentInput) -> list[tuple[str, str]]:
    """When, where and by whom the statement was taken, whether it was visually recorded, and its exhibits."""
    words, statement = inp.wording.statement_taking, inp.case.statement
    officer = inp.officer
    return [
        (words["started"], inp.when(statement.started_at)),
        (words["finished"], finished(inp)),
        (words["place"], words.fill("place_value", witness=inp.text(statement.witness_location),
                                    officer=officer_place(inp) or words["officer_place_unknown"])),
        (words["taken_by"], inp.text(officer.describe())),
        (words["force_unit"], inp.text(force_and_unit(inp))),
        (inp.words["officer_contact"], inp.text(officer.contact())),
        (words["written"], written(inp)),
        (inp.wording.statement["read_back"], _read_back(inp)),
        (words["visually_recorded"], visually_recorded(inp)),
        (words["exhibits"], _exhibits(inp)),
        (inp.words["made_at"], inp.when(inp.now)),
    ]


def written(inp: DocumentInput) -> str:
    """How the statement was written: drafted from the first account (when it was recorded, and the language
    it was read back in), or written down as the witness spoke."""
    words, case = inp.wording.statement_taking, inp.case
    if case.statement.written is WrittenHow.AS_SPOKEN:
        return words["written_as_spoken"]
    if case.statement.written is not WrittenHow.FROM_ACCOUNT:
        return inp.words["not_recorded"]
    through = through_interpreter(inp)
    # Part of the first account given before the interpreter joined is for the prosecutor to weigh: said here,
    # on the statement itself, not only on the summary.
    joined = interpreter_joined_during_account(inp)
    return words.fill("written_from_account", recorded=inp.when(case.account.completed_at), through=through,
                      joined=words.fill("written_joined", when=inp.when(joined)) if joined else "")


def force_and_unit(inp: DocumentInput) -> str:
    """'Anyshire Police, Anytown Central Police Station, Rapid Video Response team', from the officer's
    profile; empty when it has none of them."""
    officer = inp.officer
    return ", ".join(part.strip() for part in (officer.force, officer.station, officer.unit) if part.strip())


def officer_place(inp: DocumentInput) -> str:
    """Where the officer was: at the workstation of their unit, station and force; empty when none is known."""
    officer = inp.officer
    where = ", ".join(part.strip() for part in (officer.unit, officer.station, officer.force) if part.strip())
    return inp.wording.statement_taking.fill("officer_place", where=where) if where else ""


def finished(inp: DocumentInput) -> str:
    """The finish time: a statement is not finished until it is signed, so a signature given after the
    recorded finish is the finish, and the row says so and why (MG11: the time the statement was completed)."""
    statement, words = inp.case.statement, inp.wording.statement_taking
    later = signed_after_finish(statement)
    if not later:
        return inp.when(statement.finished_at)
    last = later[-1]
    return words.fill("finished_at_signature", when=inp.when(last.signed_at), signer=inp.text(last.name),
                      recorded=inp.when(statement.finished_at))


def visually_recorded(inp: DocumentInput) -> str:
    words = inp.wording.statement_taking
    recordings = visual_recordings(inp.case.exhibits)
    if not recordings:
        return words["recorded_no"]
    return words.fill("recorded_yes", references=", ".join(exhibit.reference for exhibit in recordings))


def _exhibits(inp: DocumentInput) -> str:
    words, statement = inp.wording.statement_taking, inp.case.statement
    referred = exhibits_referred_to(statement, inp.case.exhibits)
    if not referred:
        return words["exhibits_none"]
    # One the maker produced but never named by reference is flagged, so it is put right before service.
    unnamed = {exhibit.reference for exhibit in exhibits_not_named(statement, inp.case.exhibits)}
    return "; ".join(f"{exhibit.reference} ({exhibit.description})"
                     + (f" {words['exhibit_not_named']}" if exhibit.reference in unnamed else "")
                     for exhibit in referred)


def finish_naming_maker(inp: DocumentInput, wording: Section, story: list[Flowable], maker_name: str) -> bytes:
    """The PDF with the maker named at the head of every page, beside the police reference.

    The name goes in the printed reference line, never the PDF's metadata
    (which must hold no personal data)."""
    named = inp.wording.statement_taking.fill("maker_on_page", maker=maker_name)
    setup = PageSetup(title=wording["title"], subject=wording["subtitle"],
                      reference=f"{inp.case.intake.incident_reference} \u2014 {named}", marks=inp.marks,
                      wording=inp.wording)
    return render(blocks.title(wording["title"], wording["subtitle"]) + story, setup)


# A row taller than this may still break inside: a whole row must fit on a
# page, and an answer of many paragraphs could not (reportlab would refuse to
# lay the document out at all). Half a page's frame.
_TALLEST_WHOLE_ROW = 350


def whole_rows(story: list[Flowable]) -> list[Flowable]:
    """The same story with every table asked to break only between rows, never inside one."""
    for flowable in story:
        if isinstance(flowable, Table):
            flowable.wrap(CONTENT_WIDTH, 1e9)  # to measure its rows
            tallest = max(getattr(flowable, "_rowHeights", None) or [0])
            # reportlab reads this when it splits; the shared blocks set 1.
            flowable.splitInRow = 0 if tallest < _TALLEST_WHOLE_ROW else 1
    return story


def _over_18(inp: DocumentInput) -> str:
    """By the date of birth when the account has it, else as the maker answered on the statement step."""
    born = inp.case.account.victim.date_of_birth
    adult = maker_is_adult(inp.case.statement, born, local_date(inp.now, inp.policy.zone))
    if adult is None or adult:
        return inp.yes_no(adult)
    if born is None:
        return inp.words["no"]
    return f"{inp.words['no']}: {inp.words['date_of_birth'].lower()} {inp.birth(born)}"



def _read_back(inp: DocumentInput) -> str:
    read = read_back(inp)
    if read is None:
        return inp.words["not_recorded"]
    return f"{read[0]}, {inp.wording.statement.fill('read_back_at', when=read[1])}"
