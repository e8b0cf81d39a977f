"""Rebuild the embedded fonts in this folder from Debian's `fonts-noto-core`.

The documents embed Noto (SIL Open Font License 1.1, see OFL.txt), cut down
to the scripts a victim's or suspect's name is likely to be written in, so the
repository carries about half a megabyte instead of forty. The shaping tables
(GSUB, GPOS, GDEF) are kept whole: HarfBuzz needs them to join Arabic letters
and to build Bengali conjuncts.

A maintainer's tool, not run by the program or the installer. To add a script
or a character, widen the ranges below and run, from the repository root:

    apt-get download fonts-noto-core && dpkg-deb -x fonts-noto-core_*.deb /tmp/noto
    .venv/bin/pip install fonttools
    .venv/bin/python rvr_desktop/resources/fonts/make_subsets.py /tmp/noto/usr/share/fonts/truetype/noto
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

HERE = Path(__file__).resolve().parent

# Shared by every font: space, ASCII punctuation and digits where the font
# has them, joiners and bidi marks, the dotted circle a shaper shows under a
# stray mark, and the replacement character.
COMMON = "U+0020-007E,U+00A0,U+200B-200F,U+2010-2027,U+2030-205E,U+25CC,U+FFFD"

LATIN_GREEK_CYRILLIC = ",".join([
    COMMON,
    "U+00A1-024F",  # Latin-1, Extended-A and -B: Polish, Romanian (ș ț), Lithuanian, Turkish, Welsh ŵ ŷ
    "U+0250-036F",  # IPA, spacing modifiers, combining diacritics
    "U+0370-03FF",  # Greek
    "U+0400-052F",  # Cyrillic and its supplement
    "U+1E00-1EFF",  # Latin Extended Additional: Welsh ẁ ẃ ẅ ỳ, Vietnamese
    "U+20A0-20C0",  # currency signs
    "U+2100-2152,U+2190-2199,U+2212,U+2022,U+2116",  # ℅ №, arrows, minus, bullet
])
ARABIC = ",".join([COMMON, "U+060C-06FF", "U+0750-077F", "U+08A0-08FF"])  # Arabic, Urdu, Persian letters
BENGALI = ",".join([COMMON, "U+0964-0965", "U+0980-09FF"])

FONTS = {
    "NotoSans-Regular.ttf": LATIN_GREEK_CYRILLIC,
    "NotoSans-Bold.ttf": LATIN_GREEK_CYRILLIC,
    "NotoNaskhArabic-Regular.ttf": ARABIC,
    "NotoSansBengali-Regular.ttf": BENGALI,
    # From Debian's `fonts-noto-mono` (same folder once extracted): for SHA-256 digests, so ASCII only.
    "NotoSansMono-Regular.ttf": COMMON,
}


def main(source: Path) -> int:
    for name, unicodes in FONTS.items():
        options = subset.Options()
        options.layout_features = ["*"]  # every shaping feature: joining, conjuncts, marks, kerning
        options.name_IDs = ["*"]  # keep the copyright and licence entries
        options.notdef_outline = True
        options.glyph_names = False
        options.hinting = False  # PDFs are printed or zoomed; hints only add size
        font = subset.load_font(str(source / name), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(unicodes))
        subsetter.subset(font)
        subset.save_font(font, str(HERE / name), options)
        print(f"{name}: {(HERE / name).stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
