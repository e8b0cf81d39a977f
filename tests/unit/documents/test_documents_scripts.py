"""Names in every script the brief names print without boxes and come back out of the PDF unchanged."""

from __future__ import annotations

import pytest
import uharfbuzz
from pdf_reading import flat, fonts, pages

from rvr_desktop.documents.catalogue import DocumentKind, make_document
from rvr_desktop.documents.fonts import fonts_dir, load_fonts, missing_characters
from rvr_desktop.documents.specimen import MADE_AT, SPECIMEN_OFFICER

NAMES = {
    "Polish": "Zofia Łęcka-Wójcik Źdźbło",
    "Romanian (comma below)": "Ștefan Țăranu Ioniță",
    "Lithuanian": "Žydrūnė Ąžuolaitė Čėsnienė Ūla",
    "Turkish": "Çağrı Gülşen Işıkoğlu İnce",
    "Welsh": "Siôn Gwŷn ap Ŵyn Dŷfi",
    "Greek": "Γιώργος Παπαδόπουλος",
    "Cyrillic": "Дмитрий Щербаков Ёлкин",
    "Arabic": "محمد عبد الله",
    "Urdu": "عائشہ پروین",
    "Bengali": "রবীন্দ্রনাথ ঠাকুর",
}
_SHAPED = {"Arabic": "NotoNaskhArabic-Regular.ttf", "Urdu": "NotoNaskhArabic-Regular.ttf",
           "Bengali": "NotoSansBengali-Regular.ttf"}


@pytest.mark.parametrize("script", NAMES)
def test_a_name_round_trips_through_the_pdf_text(script, case, policy):
    name = NAMES[script]
    case.intake.caller_name = name
    case.account.suspect.name = name
    pdf = make_document(DocumentKind.MARAC_REFERRAL, case, policy, SPECIMEN_OFFICER, MADE_AT)
    lines = [line.strip() for line in "\n".join(pages(pdf)).splitlines()]
    assert lines.count(name) == 2, f"{script}: {name!r} not found as printed"


@pytest.mark.parametrize("script", NAMES)
def test_every_character_of_a_name_has_a_glyph(script):
    assert missing_characters(NAMES[script], load_fonts().regular) == []


@pytest.mark.parametrize("script", _SHAPED)
def test_shaping_uses_no_missing_glyph(script):
    # Glyph 0 is the font's missing-glyph box: HarfBuzz falls back to it for
    # any character the font cannot draw in context.
    blob = uharfbuzz.Blob.from_file_path(str(fonts_dir() / _SHAPED[script]))
    font = uharfbuzz.Font(uharfbuzz.Face(blob))
    buffer = uharfbuzz.Buffer()
    buffer.add_str(NAMES[script])
    buffer.guess_segment_properties()
    uharfbuzz.shape(font, buffer, {})
    assert all(info.codepoint != 0 for info in buffer.glyph_infos)


def test_a_character_no_font_has_is_reported():
    assert missing_characters("Ann \u4e2d", load_fonts().regular) == ["\u4e2d"]


def test_every_font_is_embedded_and_helvetica_is_never_used(case, policy):
    case.intake.caller_name = " ".join(NAMES.values())
    pdf = make_document(DocumentKind.MARAC_REFERRAL, case, policy, SPECIMEN_OFFICER, MADE_AT)
    found = fonts(pdf)
    names = " ".join(font["name"] for font in found)
    assert all(font["embedded"] == "yes" for font in found), found
    for face in ("NotoSans-Regular", "NotoSans-Bold", "NotoNaskhArabic", "NotoSansBengali"):
        assert face in names
    assert "Helvetica" not in names


def test_a_right_to_left_paragraph_keeps_its_words_in_reading_order(case, policy):
    sentence = "ذهبت إلى المدرسة صباحا"
    case.statement.narrative = sentence
    pdf = make_document(DocumentKind.WITNESS_STATEMENT, case, policy, SPECIMEN_OFFICER, MADE_AT)
    assert sentence in flat(pages(pdf)[0])
