"""The victim's witness statement in section 9 form (MG11 style).

Order follows the paper form: the maker, the declaration, the statement
running onto as many continuation pages as it needs, then how it was taken
and what the witness care unit needs. The maker's contact details go on a
restricted page of their own, numbered apart, so the statement can be
disclosed without them.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from rvr_desktop.workflow.statement import ReadBackBy, maker_is_adult
from rvr_desktop.workflow.times import local_date

from . import blocks, parts
from .context import DocumentInput
from .page import restricted_pages
from .script_text import ScriptText
from .signatures import signatures_and_declarations


def witness_statement(inp: DocumentInput) -> bytes:
    """The MG11-style statement for this case, as PDF bytes."""
    words = inp.wording.statement
    statement = inp.case.statement
    story: list[Flowable] = []
    story += blocks.fields([
        (words["maker"], inp.text(statement.maker_name or inp.case.intake.caller_name)),
        (words["over_18"], _over_18(inp)),
        (words["occupation"], inp.text(statement.maker_occupation) if statement.maker_occupation.strip()
         else inp.words["not_recorded"]),
        (inp.words["incident_reference"], inp.text(inp.case.intake.incident_reference)),
    ])
    story += blocks.boxed([
        *blocks.plain_heading(words["declaration_heading"]),
        *blocks.body(words["declaration"]),
        ScriptText(words["confirmation"], blocks.styles().label),
        ScriptText(_confirmation(inp), blocks.styles().body),
    ])
    story += blocks.heading(words["narrative_heading"])
    if statement.not_taken_reason.strip():
        story += blocks.fields([(words["not_taken"], statement.not_taken_reason)])
    else:
        story += blocks.body(inp.text(statement.narrative))
        story += blocks.body(words["end_of_statement"])
    story += signatures_and_declarations(inp)
    story += blocks.heading(words["taking_heading"])
    story += blocks.fields([
        *parts.officer(inp),
        (inp.words["made_at"], inp.when(inp.now)),
        (words["read_back"], _read_back(inp)),
    ])
    story += blocks.heading(words["care_heading"])
    story += blocks.fields([
        (words["dates_to_avoid"], inp.text(statement.dates_to_avoid)),
        (words["special_measures"], inp.answer(statement.special_measures)),
        (words["special_measures_notes"], inp.text(statement.special_measures_notes)),
        (words["medical_consent"], inp.answer(statement.medical_records_consent)),
        (words["vps_offered"], inp.yes_no(statement.victim_personal_statement_offered)),
    ])
    story += restricted_pages()
    story += blocks.plain_heading(words["contact_heading"])
    story += blocks.body(words["contact_note"])
    story += blocks.fields([*parts.victim(inp), *parts.safe_contact(inp)])
    return parts.finish(inp, words, story)


def _over_18(inp: DocumentInput) -> str:
    """By the date of birth when the account has it, else as the maker answered on the statement step."""
    born = inp.case.account.victim.date_of_birth
    adult = maker_is_adult(inp.case.statement, born, local_date(inp.now, inp.policy.zone))
    if adult is None or adult:
        return inp.yes_no(adult)
    if born is None:
        return inp.words["no"]
    return f"{inp.words['no']}: {inp.words['date_of_birth'].lower()} {inp.birth(born)}"


def _confirmation(inp: DocumentInput) -> str:
    words = inp.wording.statement
    statement = inp.case.statement
    if not statement.confirmed_true:
        return words["not_confirmed"]
    return f"{words['confirmed']} {_read_back(inp)}."


def _read_back(inp: DocumentInput) -> str:
    words = inp.wording.statement
    statement = inp.case.statement
    if statement.read_back_by is None:
        return inp.words["not_recorded"]
    how = words["read_back_by_video" if statement.read_back_by is ReadBackBy.VIDEO else "read_back_by_phone"]
    return f"{how}, {words.fill('read_back_at', when=inp.when(statement.read_back_at))}"
