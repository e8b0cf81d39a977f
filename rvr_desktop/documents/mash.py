"""The referral to children's social care through the MASH.

About the children first: each one's details, where they were and what
they saw or said, who holds parental responsibility and the contact each
has with the suspect; then the suspect's arrest or bail, the household,
what happened in brief, and what we ask of children's services. A summary
of what the recipient needs, never the whole statement: the statement is
evidence, disclosed through the prosecution, not copied to every agency.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from rvr_desktop.workflow.referrals import ReferralKind

from . import blocks, parts
from .context import DocumentInput


def childrens_social_care_referral(inp: DocumentInput) -> bytes:
    """The children's social care (MASH) referral for this case, as PDF bytes."""
    words = inp.wording.mash
    account = inp.case.account
    story: list[Flowable] = blocks.fields(parts.made(inp))
    story += blocks.heading(words["referral_heading"])
    story += blocks.fields(parts.referral(inp, ReferralKind.CHILDRENS_SOCIAL_CARE))
    story += blocks.heading(words["ask_heading"])
    story += blocks.body(words["ask"])
    story += blocks.heading(words["children_heading"])
    rows = [[inp.text(child.name), inp.birth(child.date_of_birth), inp.text(child.school),
             inp.yes_no(child.lives_with_victim), inp.yes_no(child.present), inp.text(child.where_during_incident),
             inp.text(child.what_seen_or_said)] for child in parts.involved_children(inp)]
    if rows:
        header = [inp.words["name"], inp.words["date_of_birth"], inp.words["school"], words["lives_with_victim"],
                  words["present"], words["where_during"], words["seen_or_said"]]
        story += blocks.grid(header, rows, [2.2, 2.4, 2.2, 1.3, 1.1, 2, 2.8])
        story += _responsibility(inp)
    else:
        story += blocks.body(inp.words["no_children"])
    story += blocks.heading(words["bail_heading"])
    story += blocks.fields([(f"{inp.words['suspect']}: {label}", value) for label, value in parts.suspect(inp)]
                           + parts.custody(inp))
    story += blocks.heading(words["household_heading"])
    story += blocks.fields([*parts.victim(inp), *parts.safe_contact(inp)[:2]])
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


def _responsibility(inp: DocumentInput) -> list[Flowable]:
    # One row per child per adult: parental responsibility belongs to an adult for a child, and two
    # children of one household can have different fathers (as the specimen's do).
    words, case = inp.wording.mash, inp.case
    adults = [(case.intake.caller_name, "relationship_to_victim", "victim_parental_responsibility"),
              (case.account.suspect.name, "relationship_to_suspect", "suspect_parental_responsibility")]
    rows = [[inp.text(child.name), inp.text(name), inp.text(getattr(child, relationship)),
             inp.answer(getattr(child, responsibility))]
            for child in parts.involved_children(inp) for name, relationship, responsibility in adults]
    contact = [(f"{words['contact_arrangement']}: {inp.text(child.name)}",
                child.contact_arrangement.strip() or words["no_contact_recorded"])
               for child in parts.involved_children(inp)]
    return [*blocks.heading(words["responsibility_heading"]),
            *blocks.grid([words["child"], inp.words["name"], words["relationship"], words["parental_responsibility"]],
                         rows, [3, 3, 3, 2]),
            *blocks.fields(contact)]
