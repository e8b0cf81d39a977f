"""Reading PDFs back the way a person's tools would: poppler's pdftotext, pdffonts and pdfinfo."""

from __future__ import annotations

import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path

# pdftotext marks the direction of mixed-direction lines with these; they
# are not part of the text.
_DIRECTION_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f\u2066\u2067\u2068\u2069"))


def _run(tool: str, pdf: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        return subprocess.run([tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
                              check=True, capture_output=True, text=True).stdout


def pages(pdf: bytes) -> list[str]:
    """The text of each page, without direction marks, composed (NFC)."""
    text = unicodedata.normalize("NFC", _run("pdftotext", pdf).translate(_DIRECTION_MARKS))
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


def flat(text: str) -> str:
    """Text with every run of whitespace made one space, so wrapped lines compare with the original."""
    return re.sub(r"\s+", " ", text).strip()


def fonts(pdf: bytes) -> list[dict[str, str]]:
    """pdffonts' table: one dict per font with its name, type and whether it is embedded."""
    header, _, *lines = _run("pdffonts", pdf).splitlines()
    column = header.index("emb")
    return [{"name": line.split()[0], "embedded": line[column:column + 3].strip()} for line in lines if line.strip()]


def info(pdf: bytes) -> dict[str, str]:
    fields = {}
    for line in _run("pdfinfo", pdf).splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def layout_pages(pdf: bytes) -> list[str]:
    """Each page as pdftotext lays it out (-layout): one line of print per line, cells of a row side by side."""
    text = unicodedata.normalize("NFC", _run("pdftotext", pdf, "-layout").translate(_DIRECTION_MARKS))
    return text.split("\f")[:-1]
