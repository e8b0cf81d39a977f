"""The Operation Encompass notification: one per child, for the school's
designated safeguarding lead, with the time it must arrive by.

It tells the school only what it needs to support the child, as the Home
Office statutory guidance on the duty (Victims and Prisoners Act 2024) sets
out (see the `about` note of its wording): who, when and where, the
circumstances in brief, how each adult involved is related to the child,
whether the child was there and whether police spoke to them, the other
referrals made about the children (children's social care, never the
victim's own MARAC or IDVA referral), and what the school is asked to do.
A notice whose incident date makes no sense for the duty says so at the
top. Never the statement.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from rvr_desktop.workflow.account import Child
from rvr_desktop.workflow.encompass import encompass_notices
from rvr_desktop.workflow.referrals import referrals_told_to_school
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
    story: list[Flowable] = blocks.fields([(words["due"], due), (words["why"], notice.reason)]
                                          + ([(words["check_date"], notice.date_problem)] if notice.date_problem else []))
    story += blocks.fields(parts.made(inp))
    story += blocks.heading(words["child_heading"])
    story += blocks.fields([
        (inp.words["name"], inp.text(child.name)),
        (inp.words["date_of_birth"], inp.birth(child.date_of_birth)),
        # A notice under the duty only ever goes to a school or college (a nursery is outside it).
        (words["school"], inp.text(child.school)),
    ])
    story += blocks.heading(words["incident_heading"])
    story += blocks.fields([
        *parts.incident(inp),
        (words["circumstances"], parts.incident_summary(inp, words["summary_missing"])),
        (words["present"], inp.yes_no(child.present)),
        (words["where_during"], inp.text(child.where_during_incident)),
        (words["seen_or_said"], inp.text(child.what_seen_or_said)),
        (words["spoken_to"], inp.yes_no(child.spoken_to_by_police)),
        (words["spoken_to_how"], inp.text(child.spoken_to_note) if child.spoken_to_by_police else inp.words["none"]),
    ])
    story += _adults(inp, child)
    # What the school needs to keep her safe at the gate: whether he may collect her, and whether he is held.
    story += blocks.fields([
        (words["suspect_responsibility"], inp.answer(child.suspect_parental_responsibility)),
        (words["contact"], child.contact_arrangement.strip() or inp.words["none_recorded"]),
        *parts.custody(inp),
        (words["earlier_incidents"], "; ".join(
            f"{inp.day(incident.occurred_on)}: {incident.description.strip()}"
            for incident in case.account.previous_incidents if incident.description.strip()) or inp.words["none"]),
    ])
    made = "; ".join(words.fill("referral_made", kind=decision.kind.label, when=inp.when(decision.decided_at))
                     for decision in referrals_told_to_school(case))
    story += blocks.fields([(words["other_referrals"], made or inp.words["none"])])
    story += blocks.heading(words["ask_heading"])
    story += blocks.body(words["ask"])
    story += blocks.body(words["handling"])
    story += blocks.body(words["guidance"])
    return parts.finish(inp, words, story)


def _adults(inp: DocumentInput, child: Child) -> list[Flowable]:
    # Each adult by name and part in the incident, with their relationship to this child: the school
    # knows the family by relationship ("Leon's father"), not by the police's roles.
    words, account = inp.wording.encompass, inp.case.account
    rows = [[inp.text(inp.case.intake.caller_name), words["victim_role"], inp.text(child.relationship_to_victim)],
            [inp.text(account.suspect.name), words["suspect_role"], inp.text(child.relationship_to_suspect)]]
    return [*blocks.heading(words["adults_heading"]),
            *blocks.grid([words["adult"], words["role"], words["relationship_to_child"]], rows, [3, 2.5, 3])]
