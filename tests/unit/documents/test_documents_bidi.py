"""Visual order of mixed-direction lines, as the Unicode Bidirectional Algorithm gives it."""

from __future__ import annotations

from rvr_desktop.documents.bidi import starts_right_to_left, visual_runs
from rvr_desktop.documents.fonts import load_fonts


def _runs(line: str, rtl: bool = False) -> list[tuple[str, bool]]:
    return [(run.text, run.rtl) for run in visual_runs(line, load_fonts().regular, rtl)]


def test_an_arabic_name_inside_english_is_one_right_to_left_run():
    # The comma stays with the Arabic face that has it, but left to right.
    assert _runs("Name: محمد عبد الله, aged 30") == [
        ("Name: ", False), ("محمد عبد الله", True), (", ", False), ("aged 30", False)]


def test_a_number_inside_arabic_keeps_its_digits_left_to_right_and_its_place():
    runs = _runs("شارع 12 النيل")
    # Left to right on the page: the last Arabic word, the number, the first;
    # each space stays with the word before it in reading order.
    assert runs == [(" النيل", True), ("12", False), ("شارع ", True)]


def test_english_inside_a_right_to_left_paragraph_is_placed_right_to_left():
    assert starts_right_to_left("محمد Ali")
    assert _runs("محمد Ali", rtl=True) == [("Ali", False), ("محمد ", True)]


def test_a_left_to_right_line_is_not_reordered():
    assert _runs("Ștefan Γιώργος Дмитрий") == [("Ștefan Γιώργος Дмитрий", False)]
    assert not starts_right_to_left("12 Ștefan محمد")
