"""The MG11's restricted rear page: the witness's details and the witness-care answers.

A document of its own, so it is never served with the statement by
accident: its title, at the head of every page, says it is not for
disclosure, and so does its opening line. What it holds follows the
rear page of the MG11 and its guidance notes; the wording file's
"witness_details" section cites the source of each answer.

Special measures (the Youth Justice and Criminal Evidence Act 1999,
ss.23-30) are printed apart from interpreting needs, which come from the
hand-over's language: an interpreter is a right under the Victims' Code
(Right 1), not a special measure. An answer not yet given reads "not asked",
so a blank never passes for "no".
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.statement import VictimPersonalStatement

from . import blocks
from .context import DocumentInput
from .statement import finish_naming_maker, maker, whole_rows


def witness_details(inp: DocumentInput) -> bytes:
    """The restricted rear page for this case's statement, as PDF bytes."""
    words = inp.wording.witness_details
    # The title, printed at the head of every page, says it is not for disclosure.
    story: list[Flowable] = blocks.body(words["not_for_disclosure"])
    story += blocks.heading(words["details_heading"])
    story += blocks.fields(details_rows(inp))
    story += blocks.heading(words["care_heading"])
    story += blocks.fields(care_rows(inp))
    story += blocks.heading(words["vps_heading"])
    story += blocks.fields(vps_rows(inp))
    story += blocks.heading(words["consent_heading"])
    story += blocks.fields(consent_rows(inp))
    return finish_naming_maker(inp, words, whole_rows(story), maker(inp))


def details_rows(inp: DocumentInput) -> list[tuple[str, str]]:
    words, common, case = inp.wording.witness_details, inp.words, inp.case
    intake = case.intake
    return [
        (common["name"], maker(inp)),
        (common["date_of_birth"], inp.birth(case.account.victim.date_of_birth)),
        (words["occupation"], inp.text(case.statement.maker_occupation)),
        (common["address"], inp.text(case.account.victim.address)),
        (words["phone"], inp.phone(intake.safe_phone or intake.safe_phone_typed)),
        (words["email"], _said(inp, case.statement.witness_email)),
        (words["preferred_contact"], _said(inp, case.statement.preferred_contact)),
        (common["safe_time"], inp.text(intake.safe_time_to_call)),
        (words["leave_message"], words["not_asked"] if intake.safe_to_leave_message is None
         else inp.yes_no(intake.safe_to_leave_message)),
        # Who may and may not be contacted, so the witness care unit never reaches her through the suspect.
        (words["safe_contacts"], _said(inp, case.account.victim.safe_to_talk_to)),
        (words["unsafe_contacts"], _said(inp, case.account.victim.not_safe_to_talk_to)),
        (common["accessibility"], inp.text(intake.accessibility_needs)),
    ]


def care_rows(inp: DocumentInput) -> list[tuple[str, str]]:
    words, statement = inp.wording.witness_details, inp.case.statement
    return [
        (words["willing_to_attend"], _asked(inp, statement.willing_to_attend_court)),
        (words["dates_to_avoid"], _said(inp, statement.dates_to_avoid)),
        (words["court_needs"], _said(inp, statement.court_needs)),
        (words["special_measures"], _asked(inp, statement.special_measures)),
        (words["special_measures_notes"], statement.special_measures_notes.strip() or inp.words["none"]),
        (words["interpreting"], interpreting(inp)),
    ]


def interpreting(inp: DocumentInput) -> str:
    words, intake = inp.wording.witness_details, inp.case.intake
    if not intake.interpreter_needed:
        return words["interpreting_none"]
    return words.fill("interpreter_language", language=inp.text(intake.language))


def vps_rows(inp: DocumentInput) -> list[tuple[str, str]]:
    words, statement = inp.wording.witness_details, inp.case.statement
    offered = statement.victim_personal_statement_offered
    if offered is None:
        outcome = words["not_asked"]
    elif not offered:
        outcome = words["vps_not_offered"]
    elif statement.victim_personal_statement is None:
        outcome = words["not_asked"]
    else:
        outcome = words[_VPS[statement.victim_personal_statement]]
    return [(words["vps_offered"], words["not_asked"] if offered is None else inp.yes_no(offered)),
            (words["vps_outcome"], outcome)]


_VPS = {VictimPersonalStatement.MADE: "vps_made", VictimPersonalStatement.DECLINED: "vps_declined",
        VictimPersonalStatement.LATER: "vps_later"}


def consent_rows(inp: DocumentInput) -> list[tuple[str, str]]:
    words, statement = inp.wording.witness_details, inp.case.statement
    return [
        (words["medical_police"], _asked(inp, statement.medical_records_consent)),
        (words["medical_disclosure"], _asked(inp, statement.medical_disclosure_consent)),
        (words["family_civil"], _asked(inp, statement.family_civil_disclosure_consent)),
        (words["witness_service"], _asked(inp, statement.witness_service_referral)),
    ]


def _asked(inp: DocumentInput, value: Answer | None) -> str:
    return inp.wording.witness_details["not_asked"] if value is None else inp.answer(value)


def _said(inp: DocumentInput, value: str) -> str:
    return value if value.strip() else inp.wording.witness_details["not_asked"]
