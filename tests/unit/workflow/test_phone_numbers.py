"""Which numbers a link may be texted to, and the reason when not."""

from __future__ import annotations

import pytest

from rvr_desktop.workflow.intake import Intake, enter_safe_phone
from rvr_desktop.workflow.phone import PhonePolicy, check_mobile_number

UK_ONLY = PhonePolicy()
INTERNATIONAL = PhonePolicy(international_mobiles_allowed=True)


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("07911 123456", "+447911123456"),
        ("07911123456", "+447911123456"),
        ("+44 7911 123456", "+447911123456"),
        ("+447911123456", "+447911123456"),
        ("0044 7911 123456", "+447911123456"),
        ("(07911) 123 456", "+447911123456"),
        ("07911-123-456", "+447911123456"),
        ("+44 (0) 7911 123456", "+447911123456"),
        ("  07400 123456 ", "+447400123456"),
        ("\uff10\uff17\uff19\uff11\uff11 123456", "+447911123456"),  # full-width digits
        ("07911\u00a0123456", "+447911123456"),  # a no-break space pasted from a document
        ("07624 123456", "+447624123456"),  # Isle of Man mobile, under +44
    ],
)
def test_uk_mobiles_in_any_common_form_are_kept_in_e164(typed, e164):
    assert check_mobile_number(typed, UK_ONLY).e164 == e164
    assert check_mobile_number(typed, UK_ONLY).message is None


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "Enter the caller's mobile number"),
        ("020 7946 0000", "landline"),
        ("0161 496 0000", "landline"),
        ("0800 123 4567", "freephone"),
        ("0808 157 0000", "freephone"),
        ("0906 123 4567", "premium-rate"),
        ("0871 123 4567", "premium-rate"),
        ("0300 123 4567", "non-geographic"),
        ("056 1234 5678", "internet-phone"),
        ("070 1234 5678", "personal"),
        ("07640 123456", "pager"),
        ("999", "short number"),
        ("101", "short number"),
        ("116123", "short number"),
        ("07911", "too short"),
        ("079111234567", "too long"),
        ("0791112345", "isn't in use"),
        ("07700 900123", "Ofcom"),
        ("abc", "doesn't look like a phone number"),
        ("07911 123456 ext 2", "no extension"),
        ("07911+123456", "doesn't look like a phone number"),
        ("+999 123", "isn't a phone number we can read"),
        ("+33 1 23 45 67 89", "landline"),
    ],
)
def test_numbers_a_text_cannot_go_to_are_refused_with_a_reason(typed, says):
    check = check_mobile_number(typed, INTERNATIONAL)
    assert check.e164 is None and not check.ok
    assert says in check.message


@pytest.mark.parametrize(
    ("typed", "e164", "country"),
    [
        ("+33 6 12 34 56 78", "+33612345678", "France"),
        ("0033 6 12 34 56 78", "+33612345678", "France"),
        ("+48 512 345 678", "+48512345678", "Poland"),
        ("+353 85 123 4567", "+353851234567", "Ireland"),
        ("+1 202 555 0123", "+12025550123", "United States"),  # fixed-or-mobile: can't tell, accepted
    ],
)
def test_international_mobiles_only_when_the_force_allows_them(typed, e164, country):
    assert check_mobile_number(typed, INTERNATIONAL).e164 == e164
    refused = check_mobile_number(typed, UK_ONLY)
    assert refused.e164 is None and country in refused.message and "only texts UK mobiles" in refused.message


def test_drama_numbers_only_when_practice_allows_them():
    assert check_mobile_number("07700 900123", PhonePolicy(drama_range_allowed=True)).e164 == "+447700900123"
    assert check_mobile_number("07700 900123", UK_ONLY).e164 is None


def test_entering_a_number_keeps_what_was_typed_and_only_a_good_e164():
    intake = Intake()
    enter_safe_phone(intake, "(07911) 123 456", UK_ONLY)
    assert (intake.safe_phone_typed, intake.safe_phone) == ("(07911) 123 456", "+447911123456")
    check = enter_safe_phone(intake, "020 7946 000", UK_ONLY)
    assert (intake.safe_phone_typed, intake.safe_phone) == ("020 7946 000", "")
    assert not check.ok


def test_numbers_are_shown_the_way_the_officer_reads_them_out():
    from rvr_desktop.workflow.phone import shown_number

    assert shown_number("+447911123456", UK_ONLY) == "07911 123456"
    assert shown_number("+33612345678", INTERNATIONAL) == "+33 6 12 34 56 78"
    assert shown_number("not a number", UK_ONLY) == "not a number"
