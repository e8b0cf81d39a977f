"""CSV files that people open in a spreadsheet: safe cells, and the TRAINING mark.

A cell that starts with = + - @ (or a tab or carriage return) would run as a
formula in a spreadsheet; it gets a leading apostrophe so it shows as text.
Practice data carries a `marking` column saying TRAINING on every row, so
no row can be mistaken for a real record once copied elsewhere.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

TRAINING = "TRAINING"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[object]], *, marking: str = "") -> bytes:
    """UTF-8 with a byte-order mark (so spreadsheets read every script), CRLF lines."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow((["marking"] if marking else []) + list(columns))
    for row in rows:
        writer.writerow(([marking] if marking else []) + [safe_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")
