"""The MARAC referral, with the risk checklist attached.

Carries what a MARAC coordinator needs to list a case: both people's
identity, how to reach the victim safely, every child, consent to share,
who the victim fears and what they want, and every checklist answer with
the grade and any professional judgement.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from rvr_desktop.workflow.referrals import ReferralKind

from . import blocks, parts
from .context import DocumentInput


def marac_referral(inp: DocumentInput) -> bytes:
    """The MARAC referral for this case, as PDF bytes."""
    words = inp.wording.marac
    story: list[Flowable] = blocks.fields(parts.made(inp))
    story += blocks.heading(words["referral_heading"])
    story += blocks.fields([*parts.referral(inp, ReferralKind.MARAC), *parts.wishes(inp)])
    story += blocks.heading(words["victim_heading"])
    story += blocks.fields([*parts.victim(inp), *parts.safe_contact(inp)])
    story += blocks.heading(words["suspect_heading"])
    story += blocks.fields(parts.suspect(inp))
    story += blocks.heading(words["children_heading"])
    story += parts.children_table(inp)
    story += risk_checklist(inp)
    return parts.finish(inp, words, story)


def risk_checklist(inp: DocumentInput) -> list[Flowable]:
    """Every question of the instrument the case was assessed with, its answer and the victim's details,
    the grade and any judgement."""
    words = inp.wording.marac
    risk = inp.case.risk
    instrument = inp.policy.instrument_for(risk)
    story = blocks.heading(words["checklist_heading"])
    story += blocks.fields(parts.risk_rows(inp))
    rows = [[str(number), question.topic, question.text, inp.answer(risk.answers.get(question.question_id)),
             risk.details.get(question.question_id, "")]  # blank, not "not recorded": details are optional
            for number, question in enumerate(instrument.questions, start=1)]
    story += blocks.grid(["", words["topic"], words["question"], words["answer"], words["details"]], rows,
                         [0.7, 2.0, 4.2, 1.2, 3.4])
    return story
