"""The referral to children's social care through the MASH.

About the children first: each one's details, where they were and what
they saw or said, every parent and who holds parental responsibility
(Children Act 1989 s.3; what children's services need to decide on a
referral, Working Together to Safeguard Children 2023), the contact each
has with the suspect and the next handover, why a child too young for an
Operation Encompass notice gets none (naming the nursery, for children's
services to tell), and every question the risk checklist marks as bearing on
a child with its answer, "no" and "not asked" included; then the suspect's
arrest or bail, the household with the mother's language, any interpreter
and who is not safe to talk to, what happened in brief, and what we ask of
children's services. A summary of what the recipient needs, never the whole
statement: the statement is evidence, disclosed through the prosecution,
not copied to every agency.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.investigation import child_witnesses, names_of, strategy_discussion_children
from rvr_desktop.workflow.referrals import ReferralKind

from . import blocks, parts
from .context import DocumentInput


def childrens_social_care_referral(inp: DocumentInput) -> bytes:
    """The children's social care (MASH) referral for this case, as PDF bytes."""
    words = inp.wording.mash
    account = inp.case.account
    story: list[Flowable] = blocks.fields(parts.made(inp))
    # First, as on the MARAC referral: the suspect may hold parental responsibility and ask what is held.
    story += blocks.heading(words["handling_heading"])
    story += blocks.body(words["handling_note"])
    story += blocks.heading(words["referral_heading"])
    story += blocks.fields(parts.referral(inp, ReferralKind.CHILDRENS_SOCIAL_CARE))
    story += blocks.heading(words["ask_heading"])
    story += _ask(inp)
    story += blocks.heading(words["children_heading"])
    rows = [[inp.text(child.name), inp.birth(child.date_of_birth), inp.text(child.school),
             inp.yes_no(child.lives_with_victim), inp.yes_no(child.present), inp.text(child.where_during_incident),
             inp.text(child.what_seen_or_said)] for child in parts.involved_children(inp)]
    if rows:
        header = [inp.words["name"], inp.words["date_of_birth"], inp.words["school"], words["lives_with_victim"],
                  words["present"], words["where_during"], words["seen_or_said"]]
        story += blocks.grid(header, rows, [2.2, 2.4, 2.2, 1.3, 1.1, 2, 2.8])
        story += blocks.fields(parts.encompass_not_sent(inp))
        story += _children_in_their_words(inp)
        story += _responsibility(inp)
        story += _risk_to_children(inp)
    else:
        story += blocks.body(inp.words["no_children"])
    story += blocks.heading(words["bail_heading"])
    story += blocks.fields([(f"{inp.words['suspect']}: {label}", value) for label, value in parts.suspect(inp)]
                           + parts.custody(inp))
    story += blocks.heading(words["household_heading"])
    story += blocks.fields([*parts.victim(inp), *parts.safe_contact(inp), *parts.talk_to(inp)])
    dependants = "; ".join(f"{d.name} ({d.relationship})" + (f": {d.care_and_support_needs}" if d.care_and_support_needs
                                                              else "") for d in account.dependants)
    story += blocks.fields([(words["dependants"], dependants or inp.words["none"]), *parts.wishes(inp)])
    story += blocks.heading(words["incident_heading"])
    injuries = "; ".join(f"{i.body_location}: {i.description} ({i.how_caused})" for i in account.injuries)
    weapons = "; ".join(w.description + (f" ({w.how_used})" if w.how_used else "") for w in account.weapons)
    story += blocks.fields([
        *parts.incident(inp),
        (words["incident_summary"], parts.incident_summary(inp, words["summary_missing"])),
        (words["injuries"], injuries or inp.words["none"]),
        (words["weapons"], weapons or inp.words["none"]),
    ])
    return parts.finish(inp, words, story)


def _ask(inp: DocumentInput) -> list[Flowable]:
    # A strategy discussion is asked for by name when the rule calls for one (workflow.investigation), with
    # the joint planning of any child witness's ABE interview; the general ask follows.
    words = inp.wording.mash
    children = strategy_discussion_children(inp.case, inp.policy)
    story = []
    if children:
        story += blocks.body(words.fill("ask_strategy", children=inp.text(names_of(children))))
        witnesses = child_witnesses(inp.case.account)
        if witnesses:
            story += blocks.body(words.fill("ask_abe", children=inp.text(names_of(witnesses))))
    return story + blocks.body(words["ask"])


def _children_in_their_words(inp: DocumentInput) -> list[Flowable]:
    # The child's voice (Working Together to Safeguard Children 2023: a child-centred approach): what each
    # child said to the police, word for word, with when, who else was there and the language; or plainly that
    # the police did not speak to the child, and why.
    words = inp.wording.mash
    story = blocks.heading(words["voice_heading"])
    for child in parts.involved_children(inp):
        name = inp.text(child.name)
        if child.spoken_to_by_police is None:
            story += blocks.body(words.fill("voice_unknown", child=name))
        elif not child.spoken_to_by_police:
            story += blocks.body(words.fill("voice_not_spoken", child=name,
                                            why=inp.text(child.spoken_to_note).rstrip(".")))
        else:
            questions = [line.strip() for line in child.spoken_to_questions.splitlines() if line.strip()]
            story += blocks.body(words.fill(
                "voice_spoken", child=name, when=inp.when(child.spoken_to_at),
                language=inp.text(child.spoken_to_language), present=inp.text(child.spoken_to_present)))
            story += [flowable for line in questions for flowable in blocks.body(inp.text(line))]
            if not questions:
                story += blocks.body(words.fill("voice_note", note=inp.text(child.spoken_to_note).rstrip(".")))
    return story


def _responsibility(inp: DocumentInput) -> list[Flowable]:
    # One row per child per adult: parental responsibility belongs to an adult for a child, and two
    # children of one household can have different fathers (as the specimen's do).
    words, case = inp.wording.mash, inp.case
    rows = []
    for child in parts.involved_children(inp):
        rows += [[inp.text(child.name), inp.text(case.intake.caller_name), inp.text(child.relationship_to_victim),
                  inp.answer(child.victim_parental_responsibility)],
                 [inp.text(child.name), inp.text(case.account.suspect.name), inp.text(child.relationship_to_suspect),
                  inp.answer(child.suspect_parental_responsibility)]]
        # A parent who is neither adult here (Maja's father) still holds or lacks responsibility. Where both
        # adults here hold it (Leon's mother and father) and no one else is recorded, a row saying "no other
        # parent" would only puzzle the reader; otherwise the gap is said plainly.
        both_here = (child.victim_parental_responsibility is Answer.YES
                     and child.suspect_parental_responsibility is Answer.YES)
        if child.other_parent.strip() or not both_here:
            rows.append([inp.text(child.name), child.other_parent.strip() or words["no_other_parent"],
                         words["other_parent"],
                         inp.answer(child.other_parent_responsibility) if child.other_parent.strip()
                         else inp.words["none"]])
    return [*blocks.heading(words["responsibility_heading"]),
            *blocks.grid([words["child"], inp.words["name"], words["relationship"], words["parental_responsibility"]],
                         rows, [3, 3, 3, 2]),
            *blocks.fields(parts.child_contact(inp))]


def _risk_to_children(inp: DocumentInput) -> list[Flowable]:
    # The grade, the strong single indicators, and every question the instrument marks as bearing on a child
    # with its answer, "no" and "not asked" as plainly as "yes": a "no" to harm to the children is as much
    # what children's services need as a "yes" (Working Together to Safeguard Children 2023). Not the whole
    # checklist, which goes to the MARAC. Topic and question are the instrument file's own words.
    words, risk = inp.wording.mash, inp.case.risk
    result = parts.risk(inp)
    instrument = inp.policy.instrument_for(risk)
    indicators = "; ".join(indicator.label for indicator in result.strong_indicators)
    story = [*blocks.heading(words["risk_heading"]),
             *blocks.fields([(inp.wording.marac["instrument"], instrument.name),
                             (inp.words["risk_grade"], parts.risk_grade(inp)),
                             (inp.wording.marac["indicators"], indicators or inp.words["none"])])]
    questions = [q for q in instrument.questions if q.for_children]
    if not questions:
        return story + blocks.body(words["no_child_questions"])
    if not risk.answers:
        story += blocks.body(inp.wording.idva["not_assessed"])
    rows = [[question.topic, question.text, _answer(inp, risk.answers.get(question.question_id)),
             risk.details.get(question.question_id, "").strip() or words["no_details"]] for question in questions]
    return story + blocks.grid([inp.wording.marac["topic"], words["asked_as"], words["answer"],
                                inp.wording.marac["details"]], rows, [2, 3.4, 1.4, 3])


def _answer(inp: DocumentInput, answer: Answer | None) -> str:
    # Unanswered is "not asked", never a blank.
    if answer is None:
        return inp.wording.mash["not_asked"]
    return parts.checklist_answer(inp, answer)
