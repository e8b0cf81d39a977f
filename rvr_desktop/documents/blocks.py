"""The pieces documents are built from: titles, headings, labelled fields and tables.

Every piece of text, ours or the case's, is a `ScriptText`, so a name in any
script prints the same way in a heading, a table cell or a narrative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from .fonts import load_fonts
from .page import CONTENT_WIDTH
from .script_text import ScriptText, TextStyle

_SHADE = Color(0.92, 0.92, 0.92)
_LABEL_WIDTH = 58 * mm


@dataclass(frozen=True)
class Styles:
    title: TextStyle
    subtitle: TextStyle
    heading: TextStyle
    body: TextStyle
    label: TextStyle
    cell: TextStyle
    cell_head: TextStyle


@cache
def styles() -> Styles:
    fonts = load_fonts()
    return Styles(
        title=TextStyle(fonts.bold, 16, 21),
        subtitle=TextStyle(fonts.regular, 10, 14),
        heading=TextStyle(fonts.bold, 11.5, 16),
        body=TextStyle(fonts.regular, 10, 14.2),
        label=TextStyle(fonts.bold, 9, 12.5),
        cell=TextStyle(fonts.regular, 9, 12.5),
        cell_head=TextStyle(fonts.bold, 8.5, 11.5),
    )


def title(text: str, subtitle: str) -> list[Flowable]:
    return [ScriptText(text, styles().title), ScriptText(subtitle, styles().subtitle), Spacer(0, 5 * mm)]


def heading(text: str) -> list[Flowable]:
    # A heading never sits alone at the foot of a page.
    return [CondPageBreak(30 * mm), Spacer(0, 3 * mm), ScriptText(text, styles().heading), Spacer(0, 1.5 * mm)]


def plain_heading(text: str) -> list[Flowable]:
    """A heading inside a box or at the top of a page, where no page break can come before it."""
    return [ScriptText(text, styles().heading), Spacer(0, 1.5 * mm)]


def body(text: str) -> list[Flowable]:
    return [ScriptText(text, styles().body), Spacer(0, 2 * mm)]


def fields(rows: Sequence[tuple[str, str]]) -> list[Flowable]:
    """Label and value side by side, one row each; long values run over a page break."""
    data = [[ScriptText(label, styles().label), ScriptText(value, styles().cell)] for label, value in rows]
    table = Table(data, colWidths=[_LABEL_WIDTH, CONTENT_WIDTH - _LABEL_WIDTH], splitInRow=1, hAlign="LEFT")
    table.setStyle(_table_style([
        ("BACKGROUND", (0, 0), (0, -1), _SHADE),
        ("GRID", (0, 0), (-1, -1), 0.4, black),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return [table, Spacer(0, 2 * mm)]


def grid(header: Sequence[str], rows: Sequence[Sequence[str]], shares: Sequence[float]) -> list[Flowable]:
    """A table with a shaded header row that repeats on each page; `shares` of the width per column."""
    data = [[ScriptText(text, styles().cell_head) for text in header]]
    data += [[ScriptText(text, styles().cell) for text in row] for row in rows]
    table = Table(data, colWidths=[CONTENT_WIDTH * share / sum(shares) for share in shares], repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(_table_style([
        ("BACKGROUND", (0, 0), (-1, 0), _SHADE),
        ("GRID", (0, 0), (-1, -1), 0.4, black),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    return [table, Spacer(0, 2 * mm)]


def boxed(flowables: list[Flowable]) -> list[Flowable]:
    """A framed block kept on one page (the declaration)."""
    table = Table([[flowables]], colWidths=[CONTENT_WIDTH], hAlign="LEFT")
    table.setStyle(_table_style([("BOX", (0, 0), (-1, -1), 0.8, black), ("TOPPADDING", (0, 0), (-1, -1), 5),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 5), ("LEFTPADDING", (0, 0), (-1, -1), 6),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 6)]))
    return [KeepTogether([table]), Spacer(0, 2 * mm)]


def _table_style(commands: list[tuple]) -> TableStyle:
    # A table sets its cells' font even when they hold flowables; left at
    # reportlab's default it would pull in Helvetica, which is not embedded.
    return TableStyle([("FONT", (0, 0), (-1, -1), load_fonts().regular.primary.name, 9),
                       ("VALIGN", (0, 0), (-1, -1), "TOP"), *commands])
