"""A 40,000-character statement runs onto continuation pages with nothing lost or reordered."""

from __future__ import annotations

import random
import re

from pdf_reading import pages

from rvr_desktop.documents.fonts import load_fonts
from rvr_desktop.documents.line_breaking import break_lines
from rvr_desktop.documents.statement import witness_statement

_WORDS = ("kitchen door phone Ștefan Łódź shouted pushed neck breathe children Maja school frightened messages "
          "Gwŷn Işık «quote» 14:40 £50 café naïve a an the said again").split()


def _narrative(length: int) -> str:
    chooser = random.Random(6)
    paragraphs, text = [], ""
    while len(text) < length:
        words = [f"{chooser.choice(_WORDS)}{index}" for index in range(chooser.randint(40, 160))]
        paragraphs.append(" ".join(words) + ".")
        text = "\n\n".join(paragraphs)
    return text[:length].rstrip()


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_forty_thousand_characters_paginate_with_nothing_lost_or_reordered(inp):
    narrative = _narrative(40_000)
    assert len(narrative) >= 39_990
    inp.case.statement.narrative = narrative
    texts = [text for text in pages(witness_statement(inp)) if "Restricted page" not in text]
    assert len(texts) >= 10
    furniture = {"OFFICIAL-SENSITIVE", "Witness statement", "CAD-1111-0123-SPECIMEN", "Made with RVR Desktop",
                 "CAD-1111-0123-SPECIMEN \u2014 Statement of Zofia Wiśniewska",  # the maker named on every page
                 *(f"Page {n} of {len(texts)}" for n in range(1, len(texts) + 1))}
    body = "\n".join(line for text in texts for line in text.splitlines() if line.strip() not in furniture)
    start = body.index("\nStatement\n") + len("\nStatement\n")
    printed = body[start:body.index("End of statement.")]
    assert _squeeze(printed) == _squeeze(narrative)


def test_line_breaking_keeps_every_character_and_cuts_an_overlong_word():
    family = load_fonts().regular
    paragraph = "short words then " + "x" * 300 + " and Ștefan's ending"
    lines = break_lines(paragraph, family, 10, 200)
    assert "".join(lines).replace(" ", "") == paragraph.replace(" ", "")
    assert lines[0] == "short words then" and lines[-1].endswith(" and Ștefan's ending")
    assert len(lines) >= 3 and all(line == line.strip() for line in lines)


def test_a_bengali_conjunct_is_never_cut():
    family = load_fonts().regular
    word = "স্কুল" * 40
    lines = break_lines(word, family, 10, 60)
    assert "".join(lines) == word
    assert all(not line.startswith(("\u09cd", "\u09c1")) for line in lines[1:])
