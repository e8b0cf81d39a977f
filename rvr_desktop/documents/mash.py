"""The referral to children's social care through the MASH.

About the children first: each one's details, where they were and what
they saw or said; then the household and what happened.
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
    story += blocks.heading(words["children_heading"])
    rows = [[inp.text(child.name), inp.birth(child.date_of_birth), inp.text(child.school),
             inp.yes_no(child.lives_with_victim), inp.yes_no(child.present), inp.text(child.where_during_incident),
             inp.text(child.what_seen_or_said)] for child in parts.involved_children(inp)]
    if rows:
        header = [inp.words["name"], inp.words["date_of_birth"], inp.words["school"], words["lives_with_victim"],
                  words["present"], words["where_during"], words["seen_or_said"]]
        story += blocks.grid(header, rows, [2.2, 2.4, 2.2, 1.3, 1.1, 2, 2.8])
    else:
        story += blocks.body(inp.words["no_children"])
    story += blocks.heading(words["household_heading"])
    story += blocks.fields([*parts.victim(inp), *parts.safe_contact(inp)[:2]])
    story += blocks.fields([(f"{inp.words['suspect']}: {label}", value) for label, value in parts.suspect(inp)])
    dependants = "; ".join(f"{d.name} ({d.relationship})" + (f": {d.care_and_support_needs}" if d.care_and_support_needs
                                                              else "") for d in account.dependants)
    story += blocks.fields([(words["dependants"], dependants or inp.words["none"]), *parts.wishes(inp)])
    story += blocks.heading(words["incident_heading"])
    injuries = "; ".join(f"{i.body_location}: {i.description} ({i.how_caused})" for i in account.injuries)
    weapons = "; ".join(w.description + (f" ({w.how_used})" if w.how_used else "") for w in account.weapons)
    story += blocks.fields([
        *parts.incident(inp),
        (words["injuries"], injuries or inp.words["none"]),
        (words["weapons"], weapons or inp.words["none"]),
        (words["summary"], inp.text(account.narrative)),
    ])
    return parts.finish(inp, words, story)
