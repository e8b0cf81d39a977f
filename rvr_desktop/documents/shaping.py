"""Measuring and shaping runs of text in one face.

Latin, Greek and Cyrillic are drawn character by character, as reportlab
always does. Arabic, Urdu and Bengali go through HarfBuzz (reportlab's own
`shapeStr`, with `uharfbuzz` installed): it picks each Arabic letter's joined
form and builds Bengali conjuncts and vowel signs, which drawn one character
at a time would come out unjoined or in the wrong order.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr

from .fonts import Face, Family


@lru_cache(maxsize=8192)
def _shape(text: str, face_name: str, size: float) -> tuple[str, float]:
    shaped = shapeStr(text, face_name, size)
    if isinstance(shaped, ShapedStr):
        # reportlab scales HarfBuzz advances to 1000 units to the em.
        # types-reportlab's ShapedStr omits the shaping data that ShapedStr.__new__ stores on it.
        return shaped, sum(data.x_advance for data in shaped.__shapeData__) * size / 1000  # type: ignore[attr-defined]
    return text, stringWidth(text, face_name, size)


def drawable(text: str, face: Face, size: float) -> tuple[str, float]:
    """What to hand to `drawString` for `text` in `face` (shaped if the face needs it), and its width."""
    if face.shaped:
        return _shape(text, face.name, size)
    return text, stringWidth(text, face.name, size)


def is_shaped(content: str) -> bool:
    return isinstance(content, ShapedStr)


def text_width(text: str, family: Family, size: float) -> float:
    """The width of `text` laid out in logical order, each character in its family's face."""
    primary = family.primary
    if primary.draws_all(text):
        return stringWidth(text, primary.name, size)
    width = 0.0
    for run_text, face in face_runs(text, family):
        width += drawable(run_text, face, size)[1]
    return width


def face_runs(text: str, family: Family) -> list[tuple[str, Face]]:
    """`text` cut where the face changes, in logical order."""
    runs: list[tuple[str, Face]] = []
    face: Face | None = None
    start = 0
    for index, char in enumerate(text):
        chosen = family.face_for(char, face)
        if chosen is not face and index > start:
            runs.append((text[start:index], face))  # type: ignore[arg-type]
            start = index
        face = chosen
    if text:
        runs.append((text[start:], face))  # type: ignore[arg-type]
    return runs
