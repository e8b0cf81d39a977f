"""The supervisor's summary of a case: how fast, how risky, who was told, how it ended.

Also what a supervisor and a reviewing lawyer ask first: the offences as the
officer records them and those the account supports under the force's
offence rules (with their statutes), the victim's wish about prosecution,
the suspect's arrest or bail, any independent witness and any child who saw
it (a potential witness, with an ABE interview among the actions), the
supervisor's review of the risk grade (or plainly that there has been none),
what is still to do, and which documents were made and when, against the
case's submission.
"""

from __future__ import annotations

from datetime import datetime

from reportlab.platypus import Flowable

from rvr_desktop.workflow.account import ProsecutionWish
from rvr_desktop.workflow.case_actions import Deadline
from rvr_desktop.workflow.investigation import (
    GradeReviewResult, actions_the_case_shows, child_witnesses, the_evidence_plan,
)
from rvr_desktop.workflow.offences import offences_the_account_supports
from rvr_desktop.workflow.referrals import decision_for, propose_referrals
from rvr_desktop.workflow.statement import visual_recordings
from rvr_desktop.workflow.video import VideoEventKind, first_event
from rvr_desktop.workflow.response_clock import read_response_clock
from rvr_desktop.workflow.times import as_utc

from . import blocks, parts
from .context import DocumentInput, duration


def case_summary(inp: DocumentInput) -> bytes:
    """The supervisor's case summary, as PDF bytes."""
    words = inp.wording.summary
    # Said where the supervisor starts reading: the summary holds what would find her, so it is never served.
    story: list[Flowable] = blocks.fields([*parts.made(inp), (words["handling_label"], words["handling"])])
    story += _offences(inp)
    story += _witnesses(inp)
    story += _actions(inp)
    story += _timeline(inp)
    story += blocks.heading(words["risk_heading"])
    story += blocks.fields(parts.risk_rows(inp))
    story += _review(inp)
    story += _referrals(inp)
    advice = inp.case.safeguarding
    story += blocks.heading(words["advice_heading"])
    story += blocks.fields([
        (words["safety_plan"], inp.yes_no(advice.safety_plan)),
        (words["emergency_and_silent_call"], inp.yes_no(advice.emergency_and_silent_call)),
        (words["local_services"], inp.yes_no(advice.local_services)),
        (words["advice_notes"], inp.text(advice.notes)),
    ])
    outcome = inp.case.outcome
    statement = inp.case.statement
    story += blocks.heading(words["outcome_heading"])
    story += blocks.fields([
        (words["outcome"], f"{outcome.describe()} ({inp.when(outcome.at)})" if outcome else words["open"]),
        (words["statement"], statement.not_taken_reason or inp.yes_no(bool(statement.narrative.strip()
                                                                           and statement.confirmed_true))),
        (words["exhibits"], ", ".join(e.reference for e in inp.case.exhibits) or inp.words["none"]),
    ])
    story += _documents(inp)
    return parts.finish(inp, words, story)


def _timeline(inp: DocumentInput) -> list[Flowable]:
    words = inp.wording.summary
    timeline = inp.case.timeline
    started = timeline.call_received
    # With the call's own events the statement and the officer's evidence rest on, in their place (only when
    # they happened: a call without an interpreter has no such row).
    joined, ended = (first_event(inp.case.video_events, kind)
                     for kind in (VideoEventKind.INTERPRETER_JOINED, VideoEventKind.ENDED))
    steps = [("call_received", timeline.call_received), ("safety_confirmed", timeline.safety_confirmed),
             ("link_sent", timeline.link_sent), ("link_opened", timeline.link_opened),
             ("video_connected", timeline.video_connected),
             *([("interpreter_joined", joined.at)] if joined else []),
             ("account_complete", timeline.account_complete),
             *([("video_ended", ended.at)] if ended else []),
             ("submitted", timeline.submitted)]
    rows = [[words[key], inp.stamp(moment), _after(started, moment, inp)] for key, moment in steps]
    story = blocks.heading(words["timeline_heading"])
    story += blocks.grid([words["milestone"], words["at"], words["after_call"]], rows, [3, 4, 2])
    clock = read_response_clock(inp.case, inp.policy.video_call.response_target, inp.now)
    story += blocks.heading(words["response_heading"])
    story += blocks.fields([
        (words["response_time"], duration(clock.elapsed)),
        (words["response_target"], duration(clock.target)),
        (words["response_result"], clock.state.value),
    ])
    return story


def _after(started: datetime | None, moment: datetime | None, inp: DocumentInput) -> str:
    if started is None or moment is None:
        return inp.words["not_recorded"]
    return duration(as_utc(moment) - as_utc(started))


def _referrals(inp: DocumentInput) -> list[Flowable]:
    words = inp.wording.summary
    forms = _referral_forms(inp)
    rows = []
    for proposal in propose_referrals(inp.case, inp.policy):
        decision = decision_for(inp.case, proposal.key)
        if decision is None:
            state, sent = words["undecided"], words["nothing_to_send"]
        elif decision.confirmed:
            state = words.fill("confirmed_at", when=inp.when(decision.decided_at))
            sent = _sent(inp, forms.get(proposal.key))
        else:
            state, sent = words.fill("declined", reason=decision.reason), words["nothing_to_send"]
        due = inp.when(proposal.due_at) if proposal.due_at else words["no_deadline"]
        rows.append([proposal.kind.label, proposal.reason, due, state, sent])
    story = blocks.heading(words["referrals_heading"])
    story += blocks.grid([words["referral"], inp.words["grounds"], words["due"], inp.words["decision"], words["sent"]],
                         rows, [2.1, 3.5, 1.7, 1.8, 1.9])
    story += blocks.body(words["sent_note"])
    # A child too young for a notice is said to be, never silently missing from the list.
    return story + blocks.fields(parts.encompass_not_sent(inp))


def _referral_forms(inp: DocumentInput) -> dict[str, str]:
    """Each confirmed referral's form, by the proposal it sends: the file its export is logged under."""
    from .catalogue import documents_due  # the catalogue lists this summary among its makers

    return {due.proposal_key: due.file_name for due in documents_due(inp.case, inp.policy) if due.proposal_key}


def _sent(inp: DocumentInput, file_name: str | None) -> str:
    """Every export of the referral's form (who it was for, when, by whom), or plainly that it has not gone."""
    words = inp.wording.summary
    if file_name is None:  # a referral with no form of ours (victim support services, say)
        return words["no_form"]
    exports = [words.fill("exported", recipient=sent.recipient, when=inp.when(sent.at), officer=sent.officer)
               for sent in inp.sent if sent.file_name == file_name]
    return "; ".join(exports) or words["not_sent"]


_WISHES = {ProsecutionWish.NOT_ASKED: "wish_not_asked", ProsecutionWish.SUPPORTS: "wish_supports",
           ProsecutionWish.DOES_NOT_SUPPORT: "wish_does_not_support", ProsecutionWish.UNDECIDED: "wish_undecided"}


def _offences(inp: DocumentInput) -> list[Flowable]:
    # The officer's own record first, then what the risk answers support under the force's offence rules
    # (resources/policy/offences.json, each with its statute), for the officer and the lawyer to consider.
    words, case = inp.wording.summary, inp.case
    supported = offences_the_account_supports(case.risk, inp.policy.offences)
    return [*blocks.heading(words["offences_heading"]), *blocks.fields([
        (words["offences"], case.investigation.offences.strip() or inp.words["none"]),
        (words["offences_supported"], "; ".join(rule.describe() for rule in supported) or inp.words["none"]),
        (words["prosecution_wish"], words[_WISHES[case.account.prosecution_wish]]),
        *[(f"{words['suspect_status']}: {label}", value) for label, value in parts.custody(inp)],
    ])]


def _witnesses(inp: DocumentInput) -> list[Flowable]:
    words = inp.wording.summary
    story = blocks.heading(words["witnesses_heading"])
    witnesses, children = inp.case.account.witnesses, child_witnesses(inp.case.account)
    if not witnesses and not children:
        return story + blocks.body(words["no_witnesses"])
    rows = [[inp.text(w.name), inp.text(w.contact), inp.text(w.what_they_saw)] for w in witnesses]
    # A child who saw it is a potential witness too: named, never left to the narrative alone.
    rows += [[inp.text(child.name), words.fill("child_witness", born=inp.birth(child.date_of_birth)),
              inp.text(child.what_seen_or_said)] for child in children]
    if not witnesses:
        story += blocks.body(words["no_witnesses"])
    return story + blocks.grid([words["witness"], words["witness_contact"], words["witness_saw"]], rows, [2.4, 2.6, 5])


def _documents(inp: DocumentInput) -> list[Flowable]:
    # Said as it is: these documents are made from the case on this workstation, at the time printed, and the
    # records system received the case's data, never these PDFs; made after submission, they say so.
    words, delivery = inp.wording.summary, inp.delivery
    from .catalogue import documents_due

    titles = [_title(inp, due.kind.value) for due in documents_due(inp.case, inp.policy)]
    submitted = delivery.submitted_at if delivery is not None else None
    if submitted is not None and as_utc(inp.now) >= as_utc(submitted):
        when = words.fill("documents_after_submission", made=inp.when(inp.now), submitted=inp.when(submitted))
    else:
        when = words.fill("documents_before_submission", made=inp.when(inp.now))
    return [*blocks.heading(words["documents_heading"]), *blocks.fields([
        (words["documents"], "; ".join(dict.fromkeys(titles))), (words["documents_made"], when)])]


# Each document's title, from its own wording section.
_SECTIONS = {"witness-statement": "statement", "witness-details-restricted": "witness_details",
             "officer-statement-draft": "officer_statement", "marac-referral": "marac",
             "operation-encompass": "encompass", "idva-referral": "idva", "childrens-social-care-referral": "mash",
             "exhibit-list": "exhibits", "case-summary": "summary"}


def _title(inp: DocumentInput, kind: str) -> str:
    return getattr(inp.wording, _SECTIONS[kind])["title"]


def _actions(inp: DocumentInput) -> list[Flowable]:
    # What the case itself shows is still to do, with the owner and time limit the force's policy gives each,
    # then what the officer listed; then the evidence plan for the offences. Each policy entry's guidance is
    # a numbered note under the table, so the rows stay readable.
    words = inp.wording.summary
    notes: dict[str, int] = {}
    rows = [[_with_note(notes, action.what, action.owner.source if action.owner else ""),
             action.owner.who if action.owner else words["not_given_yet"],
             _deadline(inp, action.owner.deadline) if action.owner else words["not_given_yet"]]
            for action in actions_the_case_shows(inp.case, inp.policy)]
    rows += [[inp.text(a.what), inp.text(a.who), inp.day(a.by_when)] for a in inp.case.investigation.actions]
    story = blocks.heading(words["actions_heading"])
    header = [words["action"], words["action_who"], words["action_by"]]
    if rows:
        story += blocks.grid(header, rows, [6, 2.4, 2.2])
    else:
        story += blocks.body(words["no_actions"])
    plan = _evidence_plan(inp, notes)
    if plan:
        story += [*blocks.heading(words["evidence_heading"]), *blocks.body(words["evidence_about"]),
                  *blocks.grid([words["evidence"], words["action_who"], words["action_by"]], plan, [6, 2.4, 2.2])]
    material = _material(inp, notes)
    if material:
        story += [*blocks.heading(words["material_heading"]), *blocks.body(words["material_about"]),
                  *blocks.grid([words["material"], words["material_kept"], words["material_schedule"]], material,
                               [4.6, 2.6, 3.4])]
    if notes:
        story += blocks.heading(words["sources_heading"])
        for source, number in notes.items():
            story += blocks.body(words.fill("source_note", number=str(number), source=source))
    return story


def _evidence_plan(inp: DocumentInput, notes: dict[str, int]) -> list[list[str]]:
    done = inp.case.investigation.done_on_call
    return [[_with_note(notes, line.action, line.source), line.who,
             inp.wording.summary.fill("done_on_call", note=done[line.key].note,
                                      when=inp.when(done[line.key].recorded_at))
             if line.key in done else _deadline(inp, line.deadline)]
            for line in the_evidence_plan(inp.case, inp.policy)]


def _material(inp: DocumentInput, notes: dict[str, int]) -> list[list[str]]:
    """The records this workstation made that are relevant material (CPIA 1996 Code), each with where it is kept
    and the schedule the force's policy expects it on; the disclosure officer decides."""
    rules = inp.policy.case_actions
    if rules is None:
        return []
    words, case = inp.wording.summary, inp.case
    in_case_data, on_workstation = words["kept_in_case_data"], words["kept_on_workstation"]
    items: list[tuple[str, str, str]] = []
    if case.account.narrative.strip():
        items.append(("first_account", _first_account(inp), in_case_data))
    if case.video_events:
        recorded = visual_recordings(case.exhibits)
        items.append(("call_log", words.fill(
            "call_log_item", recording=words.fill("recording_exhibited", references=", ".join(
                exhibit.reference for exhibit in recorded)) if recorded else words["no_recording"]), in_case_data))
    if case.risk.answers:
        items.append(("risk_assessment", words.fill(
            "risk_assessment_item", instrument=inp.policy.instrument_for(case.risk).name,
            grade=parts.risk_grade(inp)), in_case_data))
    forms = _referral_forms(inp)
    if forms:
        # One name per kind: two schools' Encompass notices are one kind of form.
        items.append(("referral_forms", words.fill("referral_forms_item", forms=", ".join(dict.fromkeys(
            decision.kind.label for decision in case.referral_decisions if decision.proposal_key in forms))),
            on_workstation))
    items.append(("case_summary", words["case_summary_item"], on_workstation))
    rows = []
    for key, item, kept in items:
        rule = rules.material[key]
        rows.append([item, kept, _with_note(notes, words.fill("schedule_because", schedule=rule.schedule,
                                                              why=rule.why), rule.source)])
    return rows


def _first_account(inp: DocumentInput) -> str:
    """When the first account was typed, and whether the interpreter had joined by then: what the statement was
    drafted from, so the prosecutor can compare them."""
    words, case = inp.wording.summary, inp.case
    connected = first_event(case.video_events, VideoEventKind.CONNECTED)
    item = words.fill("first_account_item", officer=inp.text(inp.officer.describe()),
                      when=inp.span(connected.at if connected else None, case.account.completed_at))
    joined = parts.interpreter_joined_during_account(inp)
    if joined is not None:
        item += " " + words.fill("interpreter_joined_during", when=inp.when(joined))
    return item


def _with_note(notes: dict[str, int], text: str, source: str) -> str:
    """`text` with the number of its source's note, numbering each source once in the order first met."""
    if not source:
        return text
    number = notes.setdefault(source, len(notes) + 1)
    return f"{text} [{number}]"


def _deadline(inp: DocumentInput, deadline: Deadline) -> str:
    words = inp.wording.summary
    if deadline.within_hours is None:
        return deadline.in_words
    if deadline.within_hours == 0:
        return words["at_once"]
    due = deadline.due_at(inp.case.intake.call_received_at)
    return words.fill("within_hours", hours=str(deadline.within_hours), when=inp.when(due))


def _review(inp: DocumentInput) -> list[Flowable]:
    words, review = inp.wording.summary, inp.case.investigation.grade_review
    story = blocks.heading(words["review_heading"])
    if review.result is GradeReviewResult.NOT_REVIEWED:
        return story + blocks.fields([(words["reviewed"], words["not_reviewed"])])
    result = (words["review_agreed"] if review.result is GradeReviewResult.AGREED
              else words.fill("review_changed", grade=inp.text(review.changed_to)))
    return story + blocks.fields([
        (words["reviewed"], result),
        (words["reviewed_by"], inp.text(review.reviewed_by)),
        (words["reviewed_at"], inp.when(review.reviewed_at)),
        (words["review_reason"], inp.text(review.reason) if review.result is GradeReviewResult.CHANGED
         else review.reason.strip() or inp.words["none"]),
    ])
