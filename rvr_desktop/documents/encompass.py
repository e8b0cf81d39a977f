"""The Operation Encompass notification: one per child, for the school's
designated safeguarding lead, with the time it must arrive by.

It tells the school only what it needs to support the child: who, when and
where, whether the child was there, and what they saw or said.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from rvr_desktop.workflow.encompass import encompass_notices
from rvr_desktop.workflow.times import as_utc, spoken_date

from . import blocks, parts
from .context import DocumentInput


def encompass_notification(inp: DocumentInput, child_id: str) -> bytes:
    """The notification about the child with `child_id`, as PDF bytes.

    Raises ValueError when the rules propose no notice for that child (not of
    school age, or not involved): the school must not be told without cause.
    """
    words = inp.wording.encompass
    case = inp.case
    rules = inp.policy.encompass
    notices = encompass_notices(case.account.children, case.account.incident_at, case.intake.call_received_at, rules)
    notice = next((n for n in notices if n.child.child_id == child_id), None)
    if notice is None:
        raise ValueError("No Operation Encompass notice is due for this child (not of school age, or not involved).")
    child = notice.child
    if notice.due_at is None:
        due = words["due_unknown"]
    else:
        local = as_utc(notice.due_at).astimezone(rules.calendar.zone)
        due = words.fill("due_before", time=f"{local:%H:%M}", day=spoken_date(local.date()))
    story: list[Flowable] = blocks.fields([(words["due"], due), (words["why"], notice.reason)])
    story += blocks.fields(parts.made(inp))
    story += blocks.heading(words["child_heading"])
    story += blocks.fields([
        (inp.words["name"], inp.text(child.name)),
        (inp.words["date_of_birth"], inp.birth(child.date_of_birth)),
        (inp.words["school"], inp.text(child.school)),
    ])
    story += blocks.heading(words["incident_heading"])
    story += blocks.fields([
        *parts.incident(inp),
        (words["present"], inp.yes_no(child.present)),
        (words["where_during"], inp.text(child.where_during_incident)),
        (words["seen_or_said"], inp.text(child.what_seen_or_said)),
    ])
    story += blocks.body(words["handling"])
    return parts.finish(inp, words, story)
