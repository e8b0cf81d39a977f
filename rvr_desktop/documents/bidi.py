"""Putting one line of mixed left-to-right and right-to-left text in visual order.

reportlab lays text out left to right only (its own bidi support needs a
package that is not published), so a line holding an Arabic or Urdu name is
ordered here, after line breaking, as the Unicode Bidirectional Algorithm
(UAX #9) does for a paragraph with no explicit embeddings:

- the paragraph's direction is that of its first strong character (P2, P3);
- marks take the type of the character before them (W1); a number after
  left-to-right text is left-to-right (W7); numbers otherwise keep their own
  left-to-right order inside right-to-left text (I1, I2);
- spaces and punctuation between two runs of the same direction take it,
  otherwise the paragraph's (N1, N2);
- runs are reversed from the highest level down (L2).

Left out, and why: explicit embedding and isolate controls (typed names do
not carry them), and mirroring of brackets drawn by a face that is not shaped
(HarfBuzz mirrors them in the Arabic face, which has them).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .fonts import Face, Family

_LTR, _RTL, _NUMBER, _NEUTRAL = "L", "R", "N", "-"
_MIRRORED = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


@dataclass(frozen=True)
class Run:
    """A piece of a line drawn by one face in one direction; `text` is in logical order."""

    text: str
    face: Face
    rtl: bool

    def visual_text(self) -> str:
        """The characters in the order they appear on the page, left to right."""
        return self.text[::-1] if self.rtl else self.text

    def mirrored_visual_text(self) -> str:
        """What an unshaped face must draw for a right-to-left run: reversed, brackets turned."""
        return self.visual_text().translate(_MIRRORED) if self.rtl else self.text


def _kind(char: str) -> str:
    kind = unicodedata.bidirectional(char)
    if kind == "L":
        return _LTR
    if kind in ("R", "AL"):
        return _RTL
    if kind in ("EN", "AN"):
        return _NUMBER
    if kind == "NSM":
        return ""  # takes the type before it (W1)
    return _NEUTRAL


def starts_right_to_left(text: str) -> bool:
    """Whether the paragraph's first strong character is right-to-left (P2, P3)."""
    for char in text:
        kind = _kind(char)
        if kind in (_LTR, _RTL):
            return kind == _RTL
    return False


def has_right_to_left(text: str) -> bool:
    return any(_kind(char) == _RTL for char in text)


def visual_runs(line: str, family: Family, rtl_paragraph: bool) -> list[Run]:
    """The runs of `line` from left to right, each with its face and direction."""
    if not line:
        return []
    kinds = _resolve(line, rtl_paragraph)
    base = 1 if rtl_paragraph else 0
    levels = [_level(kind, base) for kind in kinds]
    pieces: list[tuple[int, Face, list[str]]] = []
    face: Face | None = None
    for char, level in zip(line, levels, strict=True):
        face = family.face_for(char, face)
        if pieces and pieces[-1][0] == level and pieces[-1][1] is face:
            pieces[-1][2].append(char)
        else:
            pieces.append((level, face, [char]))
    order = _reorder([level for level, _, _ in pieces])
    return [Run("".join(pieces[i][2]), pieces[i][1], pieces[i][0] % 2 == 1) for i in order]


def _resolve(line: str, rtl_paragraph: bool) -> list[str]:
    base = _RTL if rtl_paragraph else _LTR
    kinds: list[str] = []
    last_strong = base
    for char in line:
        kind = _kind(char) or (kinds[-1] if kinds else _NEUTRAL)
        if kind in (_LTR, _RTL):
            last_strong = kind
        elif kind == _NUMBER and last_strong == _LTR:
            kind = _LTR
        kinds.append(kind)
    # Neutrals between two sides of the same direction take it; numbers count
    # as right-to-left here (N1). Otherwise the paragraph's direction (N2).
    index = 0
    while index < len(kinds):
        if kinds[index] != _NEUTRAL:
            index += 1
            continue
        end = index
        while end < len(kinds) and kinds[end] == _NEUTRAL:
            end += 1
        before = _as_strong(kinds[index - 1]) if index > 0 else base
        after = _as_strong(kinds[end]) if end < len(kinds) else base
        kinds[index:end] = [before if before == after else base] * (end - index)
        index = end
    return kinds


def _as_strong(kind: str) -> str:
    return _RTL if kind == _NUMBER else kind


def _level(kind: str, base: int) -> int:
    if base == 0:
        return {_LTR: 0, _RTL: 1, _NUMBER: 2}[kind]
    return {_RTL: 1, _LTR: 2, _NUMBER: 2}[kind]


def _reorder(levels: list[int]) -> list[int]:
    """Indexes of the pieces in visual order (L2): reverse from the highest level down to the lowest odd one."""
    order = list(range(len(levels)))
    if not levels:
        return order
    floor = min(levels) | 1  # the lowest odd level at or above the line's lowest
    for level in range(max(levels), floor - 1, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] >= level:
                end = index
                while end < len(order) and levels[order[end]] >= level:
                    end += 1
                order[index:end] = reversed(order[index:end])
                index = end
            else:
                index += 1
    return order
