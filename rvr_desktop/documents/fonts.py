"""The embedded fonts, and which one draws each character.

Names arrive in any script, so no single font will do. A family is a list of
faces tried in order: Noto Sans (Latin with every diacritic, Greek,
Cyrillic), then Noto Naskh Arabic (Arabic and Urdu), then Noto Sans Bengali.
Each character is drawn by the first face that has it; punctuation, digits,
spaces and combining marks stay with the face before them when it has them,
so "(محمد)" is shaped as one Arabic run rather than split at the brackets.

The fonts are OFL subsets committed under resources/fonts/ (see
make_subsets.py there). Arabic and Bengali faces are marked `shaped`: they go
through HarfBuzz, which joins Arabic letters and builds Bengali conjuncts.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from rvr_desktop.workflow.shipped_files import default_resources_dir


@dataclass(frozen=True)
class Face:
    """One registered font: its reportlab name, the characters it has, whether it needs shaping."""

    name: str
    characters: frozenset[str]
    shaped: bool

    def has(self, char: str) -> bool:
        return char in self.characters

    def draws_all(self, text: str) -> bool:
        return self.characters.issuperset(text)


@dataclass(frozen=True)
class Family:
    """Faces tried in order for each character; the first is the family's own."""

    faces: tuple[Face, ...]

    @property
    def primary(self) -> Face:
        return self.faces[0]

    def face_for(self, char: str, previous: Face | None = None) -> Face:
        """The face that draws `char`, keeping neutral characters with the face before them."""
        if previous is not None and previous.has(char) and _follows_neighbour(char):
            return previous
        for face in self.faces:
            if face.has(char):
                return face
        # No face has it: the primary face draws its missing-glyph box, and
        # `missing_characters` lets a test or a caller notice.
        return self.primary


@dataclass(frozen=True)
class Fonts:
    regular: Family
    bold: Family
    # Digests only: hex digits in fixed-width groups (its file carries ASCII alone).
    mono: Family


# (file, registered name, needs shaping)
_FILES = {
    "regular": ("NotoSans-Regular.ttf", "RVR-Sans", False),
    "bold": ("NotoSans-Bold.ttf", "RVR-Sans-Bold", False),
    "arabic": ("NotoNaskhArabic-Regular.ttf", "RVR-NaskhArabic", True),
    "bengali": ("NotoSansBengali-Regular.ttf", "RVR-SansBengali", True),
    "mono": ("NotoSansMono-Regular.ttf", "RVR-SansMono", False),
}
_lock = threading.Lock()


def fonts_dir() -> Path:
    return default_resources_dir() / "fonts"


@cache
def _registered() -> Fonts:
    faces = {}
    for key, (file_name, name, shaped) in _FILES.items():
        font = TTFont(name, str(fonts_dir() / file_name), shapable=shaped)
        pdfmetrics.registerFont(font)
        faces[key] = Face(name, frozenset(map(chr, font.face.charToGlyph)), shaped)
    others = (faces["arabic"], faces["bengali"])
    return Fonts(Family((faces["regular"], *others)), Family((faces["bold"], *others)), Family((faces["mono"],)))


def load_fonts() -> Fonts:
    """Register the embedded fonts with reportlab (once per process) and return the families.

    Documents are made on background threads; the lock keeps two first
    callers from registering the same font twice.
    """
    with _lock:
        return _registered()


def missing_characters(text: str, family: Family) -> list[str]:
    """Characters no face of `family` can draw (they would print as boxes)."""
    return sorted({char for char in text if not char.isspace() and not any(face.has(char) for face in family.faces)})


def _follows_neighbour(char: str) -> bool:
    # Marks, punctuation, digits, spaces and joiners have no script of their
    # own (or take their base letter's); letters choose their face themselves.
    category = unicodedata.category(char)
    return category[0] in "MPNZS" or category == "Cf"
