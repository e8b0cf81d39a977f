"""The MARAC referral, with the risk checklist attached.

Carries what a MARAC coordinator needs to list a case without sending it
back (SafeLives' referral form is the measure): the handling note first (the
perpetrator must not learn of it), the grounds in SafeLives' four criteria
with the rule behind each, the incident and the earlier ones (each saying
whether it was reported to the police, which is what escalation counts), the
victim's identity, diversity data, safe contact and the people safe and not
safe to talk to, whether she knows of the referral and any earlier MARAC, the
perpetrator with his description, every child with their relationship to
each adult, and every checklist answer with where the checklist's wording
comes from. Anything not recorded says so in words, never a blank.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from rvr_desktop.workflow.account import Child, PreviousIncident
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.referrals import ReferralKind, marac_grounds

from . import blocks, parts
from .context import DocumentInput


def marac_referral(inp: DocumentInput) -> bytes:
    """The MARAC referral for this case, as PDF bytes."""
    words = inp.wording.marac
    story: list[Flowable] = blocks.fields(parts.made(inp))
    story += blocks.heading(words["handling_heading"])
    story += blocks.body(words["handling_note"])
    story += blocks.heading(words["referral_heading"])
    story += blocks.fields([*parts.referral(inp, ReferralKind.MARAC), *parts.wishes(inp)])
    story += grounds(inp)
    story += incident(inp)
    story += blocks.heading(words["victim_heading"])
    story += blocks.fields([*parts.victim(inp), *parts.safe_contact(inp), *contacts(inp), *history(inp)])
    story += blocks.heading(words["diversity_heading"])
    story += blocks.body(words["diversity_about"])
    story += blocks.fields(diversity(inp))
    story += blocks.heading(words["suspect_heading"])
    # Arrested, bailed (with what conditions) or still at large: what the MARAC's safety plan turns on.
    story += blocks.fields([*parts.suspect(inp), *parts.custody(inp)])
    story += blocks.heading(words["children_heading"])
    story += children(inp)
    story += risk_checklist(inp)
    return parts.finish(inp, words, story)


def grounds(inp: DocumentInput) -> list[Flowable]:
    """Each of SafeLives' four criteria: met or not, what this case shows, and the rule."""
    words = inp.wording.marac
    rows = [(ground.criterion.label,
             words.fill("ground", met=words["met"] if ground.met else
                        words["not_met"] if ground.known else words["not_known_yet"],
                        finding=ground.finding[0].upper() + ground.finding[1:], rule=ground.rule))
            for ground in marac_grounds(inp.case, inp.policy)]
    return [*blocks.heading(words["grounds_heading"]), *blocks.body(words["grounds_about"]), *blocks.fields(rows)]


def incident(inp: DocumentInput) -> list[Flowable]:
    """When, where and what happened, what was used and who was hurt or there, then the earlier incidents."""
    words, account = inp.wording.marac, inp.case.account
    summary = account.incident_summary.strip()
    present = [f"{child.name.strip() or inp.words['not_recorded']} ({inp.text(child.where_during_incident)})"
               for child in account.children if child.present]
    rows = [
        *parts.incident(inp),
        (words["incident_summary"], summary or words["no_summary"]),
        (words["injuries"], "; ".join(f"{i.body_location}: {i.description} ({i.how_caused})".replace(" ()", "")
                                      for i in account.injuries) or words["none_recorded"]),
        (words["weapons"], "; ".join(f"{w.description} ({w.how_used})".replace(" ()", "")
                                     for w in account.weapons) or words["none_recorded"]),
        (words["children_present"], "; ".join(present) or words["none_recorded"]),
        (words["substances"], inp.text(account.substances)),
    ]
    story = [*blocks.heading(words["incident_heading"]), *blocks.fields(rows)]
    if not summary and account.narrative.strip():
        story += [*blocks.heading(words["victims_words"]), *blocks.body(account.narrative)]
    story += blocks.heading(words["previous_heading"])
    story += blocks.fields([(words["records_check"], records_check(inp))])
    if not account.previous_incidents:
        return story + blocks.body(words["no_previous"])
    rows_of = [[inp.day(i.occurred_on) if i.occurred_on else words["undated"], inp.text(i.description),
                _reported(inp, i), _reference(inp, i)] for i in account.previous_incidents]
    return story + blocks.grid([words["previous_date"], words["previous_what"], words["previous_reported"],
                                words["previous_reference"]], rows_of, [2.6, 4.4, 2.2, 1.8])


def records_check(inp: DocumentInput) -> str:
    """When the police's own records were searched for earlier incidents, and what was searched and found."""
    account, words = inp.case.account, inp.wording.marac
    if account.police_records_checked_at is None:
        return words["records_not_checked"]
    return words.fill("records_checked", when=inp.when(account.police_records_checked_at),
                      note=inp.text(account.police_records_note))


def _reference(inp: DocumentInput, incident: PreviousIncident) -> str:
    # An incident never reported has no police reference to find: said so, not "not recorded".
    if not incident.police_reference.strip() and incident.reported_to_police is Answer.NO:
        return inp.wording.marac["no_reference_not_reported"]
    return inp.text(incident.police_reference)


def _reported(inp: DocumentInput, incident: PreviousIncident) -> str:
    """Whether an earlier incident was reported to the police, saying so when it is left out of the count."""
    words = inp.wording.marac
    if incident.reported_to_police is Answer.YES:
        return inp.words["yes"]
    if incident.reported_to_police is Answer.NO:
        return words["reported_no"]
    return words["reported_unknown"]


def contacts(inp: DocumentInput) -> list[tuple[str, str]]:
    """Who is safe and not safe to talk to, and whether the victim knows of the referral."""
    words, advice = inp.wording.marac, inp.case.safeguarding
    rows = [*parts.talk_to(inp), (words["aware"], inp.answer(advice.victim_aware_of_referral))]
    if advice.victim_aware_of_referral is not Answer.YES:
        rows.append((words["why_not_aware"], inp.text(advice.why_not_aware)))
    return rows


def history(inp: DocumentInput) -> list[tuple[str, str]]:
    """Any earlier MARAC: yes, no or not known, which one and when."""
    words, account = inp.wording.marac, inp.case.account
    rows = [(words["previous_marac"], inp.answer(account.previous_marac))]
    if account.previous_marac is Answer.YES or account.last_marac_referral_on is not None:
        rows += [(words["previous_marac_where"], inp.text(account.previous_marac_where)),
                 (words["last_referral"], inp.day(account.last_marac_referral_on))]
    return rows


def diversity(inp: DocumentInput) -> list[tuple[str, str]]:
    """The victim's diversity data as recorded, "not asked" where it was not."""
    words, data = inp.wording.marac, inp.case.account.victim.diversity
    return [(words[key], value if value.strip() else words["not_asked"])
            for key, value in (("gender", data.gender), ("ethnicity", data.ethnicity),
                               ("disability", data.disability), ("sexual_orientation", data.sexual_orientation),
                               ("trans", data.trans_or_gender_identity))]


def children(inp: DocumentInput) -> list[Flowable]:
    """Each involved child with date of birth, school and relationship to each adult, or a line saying none."""
    words = inp.wording.marac
    involved = parts.involved_children(inp)
    if not involved:
        return blocks.body(inp.words["no_children"])
    return blocks.grid([inp.words["name"], inp.words["date_of_birth"], inp.words["school"],
                        words["relationship_to_victim"], words["relationship_to_perpetrator"]],
                       [_child_row(inp, child) for child in involved], [2.6, 2.6, 2.4, 2.2, 2.2])


def _child_row(inp: DocumentInput, child: Child) -> list[str]:
    return [inp.text(child.name), inp.birth(child.date_of_birth), inp.text(child.school),
            inp.text(child.relationship_to_victim), inp.text(child.relationship_to_suspect)]


def risk_checklist(inp: DocumentInput) -> list[Flowable]:
    """Every question of the instrument the case was assessed with, its answer and the victim's details,
    the grade and any judgement, and where the checklist's wording comes from."""
    words = inp.wording.marac
    risk = inp.case.risk
    instrument = inp.policy.instrument_for(risk)
    story = blocks.heading(words["checklist_heading"])
    # Whether a force may change the wording is the force's business, not the recipient's: only its source is shown.
    story += blocks.fields([*parts.risk_rows(inp), (words["instrument_source"], instrument.source)])
    # The answers table under a heading of its own, so a coordinator finds it (SafeLives' form attaches it).
    story += blocks.heading(words["answers_heading"])
    rows = [[str(number), question.topic, question.text, parts.checklist_answer(inp, risk.answers.get(
             question.question_id)),
             risk.details.get(question.question_id, "")]  # blank, not "not recorded": details are optional
            for number, question in enumerate(instrument.questions, start=1)]
    story += blocks.grid(["", words["topic"], words["question"], words["answer"], words["details"]], rows,
                         [0.7, 2.0, 4.2, 1.2, 3.4])
    return story
