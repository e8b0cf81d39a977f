"""Cutting a paragraph into lines that fit a width.

Lines break at spaces. A word wider than the whole line (a long URL, an
e-mail address) is cut between characters, never between a letter and its
marks or across a Bengali conjunct. Every character of the paragraph ends up
on exactly one line, in order; only the spaces at a break are dropped, so a
40,000-character statement loses nothing.
"""

from __future__ import annotations

import re
import unicodedata

from .fonts import Family
from .shaping import text_width

_WORD = re.compile(r"\S+")
_JOINERS = {"\u200c", "\u200d", "\u09cd"}  # ZWNJ, ZWJ, Bengali virama: bind to the next letter
_CONTROLS = {chr(code) for code in range(32)} - {"\n"}


def prepare(text: str) -> list[str]:
    """Text as typed, made printable: composed (NFC), tabs as spaces, no stray control characters.

    Returns its paragraphs (split at line ends); an empty one is a blank line.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    "))
    return "".join(char for char in text if char not in _CONTROLS).split("\n")


def break_lines(paragraph: str, family: Family, size: float, width: float) -> list[str]:
    """The lines of one paragraph (no line ends inside) that fit `width` points."""
    widths: dict[str, float] = {}

    def measure(text: str) -> float:
        if text not in widths:
            widths[text] = text_width(text, family, size)
        return widths[text]

    lines: list[str] = []
    start = end = None  # the current line is paragraph[start:end]
    used = 0.0
    for match in _WORD.finditer(paragraph):
        word = match.group()
        if start is not None:
            gap = measure(paragraph[end:match.start()])
            if used + gap + measure(word) <= width:
                used += gap + measure(word)
                end = match.end()
                continue
            lines.append(paragraph[start:end])
        if measure(word) <= width:
            start, end, used = match.start(), match.end(), measure(word)
            continue
        *whole, last = _cut_word(word, family, size, width)
        lines.extend(whole)
        start, end = match.end() - len(last), match.end()
        used = measure(last)
    if start is not None:
        lines.append(paragraph[start:end])
    return lines or [""]


def _cut_word(word: str, family: Family, size: float, width: float) -> list[str]:
    # Cluster widths are added up rather than the piece measured again each
    # time, so a long unbroken string costs linear time.
    pieces: list[str] = []
    piece, used = "", 0.0
    for cluster in _clusters(word):
        cluster_width = text_width(cluster, family, size)
        if piece and used + cluster_width > width:
            pieces.append(piece)
            piece, used = "", 0.0
        piece += cluster
        used += cluster_width
    pieces.append(piece)
    return pieces


def _clusters(word: str) -> list[str]:
    clusters: list[str] = []
    for char in word:
        joins_previous = clusters and (unicodedata.category(char)[0] == "M" or char in _JOINERS
                                       or clusters[-1][-1] in _JOINERS)
        if joins_previous:
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters
