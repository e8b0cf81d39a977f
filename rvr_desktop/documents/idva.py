"""The referral to an independent domestic violence adviser (IDVA).

The IDVA's first call must be safe, so the safe number, the safe time,
whether a message may be left, the language, and who is and is not safe to
talk to lead the form (SafeLives' referral form asks the same). Then what
the IDVA needs to plan support: whether the case is going to a MARAC and
when, what happened in brief (never the whole statement), the risk
checklist's "yes" answers in plain words, the suspect with his description
and whether he is in custody or on bail, and each child's contact with him,
with the next handover, when he will next be at her door.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.referrals import ReferralKind

from . import blocks, parts
from .context import DocumentInput


def idva_referral(inp: DocumentInput) -> bytes:
    """The IDVA referral for this case, as PDF bytes."""
    words = inp.wording.idva
    story: list[Flowable] = blocks.fields(parts.made(inp))
    story += blocks.heading(words["contact_heading"])
    story += blocks.fields([*parts.safe_contact(inp), *parts.talk_to(inp)])
    story += blocks.heading(words["referral_heading"])
    story += blocks.fields([*parts.referral(inp, ReferralKind.IDVA), *parts.wishes(inp), parts.marac_status(inp),
                            (inp.wording.marac["previous_marac"], inp.answer(inp.case.account.previous_marac))])
    story += blocks.heading(words["incident_heading"])
    story += blocks.fields([*parts.incident(inp), (words["summary"], parts.incident_summary(inp, words["summary_missing"]))])
    story += _yes_answers(inp)
    story += blocks.heading(words["victim_heading"])
    story += blocks.fields(parts.victim(inp))
    story += blocks.heading(words["suspect_heading"])
    story += blocks.fields(parts.suspect(inp))
    story += blocks.heading(words["bail_heading"])
    story += blocks.fields(parts.custody(inp))
    story += blocks.heading(words["household"])
    story += parts.children_table(inp)
    story += blocks.fields(parts.child_contact(inp))
    return parts.finish(inp, words, story)


def _yes_answers(inp: DocumentInput) -> list[Flowable]:
    # The checklist's topics are its plain-words names for each question (the question itself is
    # worded for the victim); the officer's note on an answer goes beside it.
    words = inp.wording.idva
    risk = inp.case.risk
    story = blocks.heading(words["risk_heading"])
    if not risk.answers:
        return story + blocks.body(words["not_assessed"])
    instrument = inp.policy.instrument_for(risk)
    story += blocks.fields([(inp.wording.marac["instrument"], instrument.name),
                            (inp.wording.marac["yes_count"], str(parts.risk(inp).yes_count)),
                            (inp.words["risk_grade"], parts.risk_grade(inp))])
    questions = instrument.questions
    rows = [[question.topic, risk.details.get(question.question_id, "").strip() or words["no_details"]]
            for question in questions if risk.answers.get(question.question_id) is Answer.YES]
    if not rows:
        return story + blocks.body(words["no_yes_answers"])
    return story + blocks.grid([inp.wording.marac["topic"], inp.wording.marac["details"]], rows, [2, 5])
