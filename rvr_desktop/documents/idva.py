"""The referral to an independent domestic violence adviser (IDVA).

The IDVA's first call must be safe, so the safe number, the safe time and
the language lead the form.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from rvr_desktop.workflow.referrals import ReferralKind

from . import blocks, parts
from .context import DocumentInput


def idva_referral(inp: DocumentInput) -> bytes:
    """The IDVA referral for this case, as PDF bytes."""
    words = inp.wording.idva
    story: list[Flowable] = blocks.fields(parts.made(inp))
    story += blocks.heading(words["contact_heading"])
    story += blocks.fields(parts.safe_contact(inp))
    story += blocks.heading(words["referral_heading"])
    story += blocks.fields([*parts.referral(inp, ReferralKind.IDVA), *parts.wishes(inp)])
    story += blocks.heading(words["victim_heading"])
    story += blocks.fields(parts.victim(inp))
    story += blocks.heading(words["suspect_heading"])
    story += blocks.fields(parts.suspect(inp))
    story += blocks.heading(words["household"])
    story += parts.children_table(inp)
    return parts.finish(inp, words, story)
