"""The trainee's debrief as a PDF, on the documents' own page template.

Every page carries the TRAINING mark (and note) beside the security marking,
exactly as practice-mode case documents do, so a debrief can never pass for
a record of a real call. The PDF's metadata holds no names: only the title
and the marking. It says what the debrief window (ui/debrief_window.py)
shows, in the same words: each criterion's verdict, reason and particulars.
"""

from __future__ import annotations

from datetime import datetime

from reportlab.platypus import Flowable

from rvr_desktop.documents import blocks
from rvr_desktop.documents.context import Marks, duration
from rvr_desktop.documents.page import PageSetup, render
from rvr_desktop.documents.wording import shipped_wording
from rvr_desktop.workflow.policy import Policy
from rvr_desktop.workflow.times import as_utc, spoken_date

from .debrief import Debrief

TITLE = "Training debrief"


def debrief_pdf(debrief: Debrief, policy: Policy, made_at: datetime) -> bytes:
    """The debrief for the trainee, as PDF bytes; times on the force's clock."""

    def when(moment: datetime | None) -> str:
        if moment is None:
            return "not recorded"
        local = as_utc(moment).astimezone(policy.zone)
        return f"{spoken_date(local.date())} at {local:%H:%M:%S}"

    story: list[Flowable] = blocks.title(TITLE, "A practice run, scored criterion by criterion against its scenario")
    story += blocks.fields([
        ("Trainee", debrief.trainee or "not recorded"),
        ("Scenario", f"{debrief.scenario_title} ({debrief.scenario_id})"),
        ("Call came in", when(debrief.call_received)),
        ("The right decision", _sentence(debrief.right_decision.label)),
        ("Score", f"{debrief.passed} of {debrief.out_of} criteria passed"),
        ("Debrief made", when(made_at)),
    ])
    story += blocks.heading("Criteria")
    story += blocks.grid(["Criterion", "Result", "Why"],
                         [[result.criterion.label, result.verdict.label, result.reason]
                          for result in debrief.results], [2.6, 1.2, 6.2])
    for result in debrief.results:
        if result.details:
            story += blocks.heading(f"{result.criterion.label}: the particulars")
            for detail in result.details:
                story += blocks.body(f"\u2022 {detail}")
    story += blocks.heading("Timeline")
    start = as_utc(debrief.call_received)
    story += blocks.grid(["Milestone", "Time", "After the call came in"],
                         [[milestone.label, when(milestone.at), _after(start, milestone.at)]
                          for milestone in debrief.milestones], [3, 4.2, 2])
    if debrief.teaches:
        story += blocks.heading("What this scenario teaches")
        for point in debrief.teaches:
            story += blocks.body(f"\u2022 {point}")
    setup = PageSetup(title=TITLE, subject="Practice run debrief", reference=f"Scenario {debrief.scenario_id}",
                      marks=Marks(training=True), wording=shipped_wording())
    return render(story, setup)


def _after(start: datetime, moment: datetime | None) -> str:
    return duration(as_utc(moment) - start) if moment is not None else "not recorded"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."
