"""Checking the number a link will be texted to.

Google's `phonenumbers` knows every country's ranges, so we ask it what kind of
number was typed and keep the number in E.164 ('+447911123456'). A text can
only go to a mobile; every other kind of number gets a plain reason.

Judgement calls, written down:

- "UK mobile" means any mobile under country code +44. That includes the
  Crown Dependencies' mobiles (Jersey, Guernsey, Isle of Man share +44 and
  take texts like UK ones); `phonenumbers` even reports many ordinary UK
  mobiles under Guernsey, so the region code can't be used to decide.
- Abroad, some countries (the US and Canada) don't separate mobile and fixed
  ranges; `phonenumbers` calls those "fixed line or mobile". When the force
  allows international texts we accept them, since the caller says the phone
  is theirs and takes texts.
- Ofcom's drama range (07700 900000 to 900999) is reserved for fiction and
  never reaches a phone. `phonenumbers` calls it invalid. We say so plainly,
  and practice mode may allow it through policy so training scenarios can use
  numbers that are guaranteed to belong to nobody.
- Numbers with an extension, or with letters, are refused: a text can't
  reach an extension, and a number with letters is a typing slip.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType, shortnumberinfo

UK_COUNTRY_CODE = 44
_DRAMA_RANGE = re.compile(r"^\+447700900\d{3}$")
# Digits, spaces, brackets, dashes, dots, slashes and a plus: every way people
# write a number down. Checked after Unicode normalisation, which turns
# full-width digits and no-break spaces into ordinary ones.
_WRITTEN_NUMBER = re.compile(r"^[\d\s+().\-/]*$")

_NOT_A_MOBILE = {
    PhoneNumberType.FIXED_LINE: "That's a landline number; a text can't be sent to it. Ask for a mobile number.",
    PhoneNumberType.TOLL_FREE: "That's a freephone number (0800 or 0808); it can't receive texts.",
    PhoneNumberType.PREMIUM_RATE: (
        "That's a premium-rate or special-service number (09, 084 or 087); it can't receive texts."
    ),
    PhoneNumberType.SHARED_COST: "That's a shared-cost service number; it can't receive texts.",
    PhoneNumberType.UAN: "That's a non-geographic service number (such as 03 or 055); it can't receive texts.",
    PhoneNumberType.VOIP: "That's an internet-phone number (056); texts to it can't be relied on.",
    PhoneNumberType.PERSONAL_NUMBER: (
        "That's a 070 personal (follow-me) number, not a mobile; it can't receive texts reliably."
    ),
    PhoneNumberType.PAGER: "That's a pager number; it can't receive a link.",
    PhoneNumberType.VOICEMAIL: "That's a voicemail access number; it can't receive texts.",
}


@dataclass(frozen=True)
class PhonePolicy:
    """What the force allows for the number a link is texted to."""

    default_region: str = "GB"
    international_mobiles_allowed: bool = False
    drama_range_allowed: bool = False


@dataclass(frozen=True)
class PhoneCheck:
    """The result of checking a typed number: the E.164 form, or why not."""

    e164: str | None
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.e164 is not None


def check_mobile_number(typed: str, policy: PhonePolicy) -> PhoneCheck:
    """Check that a text with a link can go to `typed`; never raises for bad input."""
    text = unicodedata.normalize("NFKC", typed).strip()
    if not text:
        return _refuse("Enter the caller's mobile number.")
    if not _WRITTEN_NUMBER.match(text) or "+" in text[1:]:
        return _refuse(
            "That doesn't look like a phone number: use digits, with spaces or brackets if you like, "
            "and no extension."
        )
    try:
        number = phonenumbers.parse(text, policy.default_region)
    except phonenumbers.NumberParseException:
        return _refuse("That isn't a phone number we can read; check the digits and the country code.")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if _DRAMA_RANGE.match(e164):
        if policy.drama_range_allowed:
            return PhoneCheck(e164)
        return _refuse(
            "That number is in Ofcom's range for TV and film (07700 900000 to 900999); "
            "it belongs to no real phone, so a text can't reach it."
        )
    if not phonenumbers.is_valid_number(number):
        return _refuse(_why_invalid(number, policy))
    return _check_kind(number, e164, policy)


def _check_kind(number: phonenumbers.PhoneNumber, e164: str, policy: PhonePolicy) -> PhoneCheck:
    kind = phonenumbers.number_type(number)
    abroad = number.country_code != UK_COUNTRY_CODE
    mobile_kinds = {PhoneNumberType.MOBILE}
    if abroad:
        mobile_kinds.add(PhoneNumberType.FIXED_LINE_OR_MOBILE)
    if kind not in mobile_kinds:
        return _refuse(_NOT_A_MOBILE.get(kind, "That number isn't a mobile, so a text can't be sent to it."))
    if abroad and not policy.international_mobiles_allowed:
        # The geocoder's data takes a third of a second to load: only here.
        from phonenumbers import geocoder

        country = geocoder.country_name_for_number(number, "en") or "another country"
        return _refuse(
            f"That number belongs to {country} (+{number.country_code}). This force only texts UK mobiles; "
            "ask for a UK number, or call the caller back by phone."
        )
    return PhoneCheck(e164)


def _why_invalid(number: phonenumbers.PhoneNumber, policy: PhonePolicy) -> str:
    if shortnumberinfo.is_valid_short_number_for_region(number, policy.default_region):
        return "That's a short number (such as 999, 101 or 116 123); a text can't be sent to it."
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason == phonenumbers.ValidationResult.INVALID_COUNTRY_CODE:
        return "That country code doesn't exist; check the digits after the +."
    if reason in (phonenumbers.ValidationResult.TOO_SHORT, phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY):
        return "That number is too short to be a mobile; check for missing digits."
    if reason == phonenumbers.ValidationResult.TOO_LONG:
        return "That number is too long to be a mobile; check for extra digits."
    return "That number isn't in use anywhere in the numbering plan; check the digits."


def _refuse(message: str) -> PhoneCheck:
    return PhoneCheck(None, message)


def shown_number(e164: str, policy: PhonePolicy) -> str:
    """A number as the officer reads it aloud: national format at home (07700 900123), international abroad;
    as kept when it cannot be read (never raises)."""
    try:
        number = phonenumbers.parse(e164, policy.default_region)
    except phonenumbers.NumberParseException:
        return e164
    # By country code, not region: a number from a range not yet allocated has no region, but is still dialled
    # the national way at home.
    home = number.country_code == phonenumbers.country_code_for_region(policy.default_region)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL if home
                                      else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
