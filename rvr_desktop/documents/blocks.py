"""The pieces documents are built from: titles, headings, labelled fields and tables.

Every piece of text, ours or the case's, is a `ScriptText`, so a name in any
script prints the same way in a heading, a table cell or a narrative.

Print rules, for every document: a table row is never split across a page
(reportlab's `splitInRow=0`; a table breaks only between rows), so a reader
never meets half an answer at the foot of a page. A table's header repeats
only where the table continues at the top of a new page, and never stands
alone at a page's foot: it is kept with its first row. A value too long to
sit in one row on a page is printed under its label as running text, which
may break between lines. A SHA-256 digest prints in a monospaced face in
eight fixed groups of eight, so a copy can be checked against the original
group by group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from .fonts import load_fonts
from .page import CONTENT_WIDTH
from .script_text import ScriptText, TextStyle

_SHADE = Color(0.92, 0.92, 0.92)
_LABEL_WIDTH = 58 * mm
# Past this many characters a field's value may be taller than a page could
# hold as one unsplittable row; it is printed as running text instead.
_RUNNING_TEXT_FROM = 900
DIGEST_GROUP = 8
Cell = str | Flowable


@dataclass(frozen=True)
class Styles:
    title: TextStyle
    subtitle: TextStyle
    heading: TextStyle
    body: TextStyle
    label: TextStyle
    cell: TextStyle
    cell_head: TextStyle
    digest: TextStyle


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
        digest=TextStyle(fonts.mono, 8, 11),
    )


def title(text: str, subtitle: str) -> list[Flowable]:
    return [ScriptText(text, styles().title), ScriptText(subtitle, styles().subtitle), Spacer(0, 5 * mm)]


def heading(text: str) -> list[Flowable]:
    # A heading never sits alone at the foot of a page: the space it needs is asked for, and it is kept with
    # what follows it, since a table whose first row is taller than the space left moves whole to the next page.
    return [CondPageBreak(30 * mm), Spacer(0, 3 * mm), *_kept_with_next(ScriptText(text, styles().heading),
                                                                         Spacer(0, 1.5 * mm))]


def _kept_with_next(*flowables: Flowable) -> list[Flowable]:
    for flowable in flowables:
        flowable.keepWithNext = True  # reportlab's document template keeps these with the flowable after them
    return list(flowables)


def plain_heading(text: str) -> list[Flowable]:
    """A heading inside a box or at the top of a page, where no page break can come before it."""
    return [ScriptText(text, styles().heading), Spacer(0, 1.5 * mm)]


def body(text: str) -> list[Flowable]:
    return [ScriptText(text, styles().body), Spacer(0, 2 * mm)]


def fields(rows: Sequence[tuple[str, Cell]]) -> list[Flowable]:
    """Label and value side by side, one unsplittable row each; a very long value runs on under its label.
    A value is text or a flowable (a `digest`)."""
    story: list[Flowable] = []
    short: list[tuple[str, Cell]] = []
    for label, value in rows:
        if isinstance(value, Flowable) or len(value) < _RUNNING_TEXT_FROM:
            short.append((label, value))
            continue
        story += _field_table(short)
        short = []
        story += [CondPageBreak(20 * mm), ScriptText(label, styles().label), Spacer(0, 1 * mm),
                  ScriptText(value, styles().cell), Spacer(0, 2 * mm)]
    return story + _field_table(short) + [Spacer(0, 2 * mm)]


def _field_table(rows: Sequence[tuple[str, Cell]]) -> list[Flowable]:
    if not rows:
        return []
    data = [[ScriptText(label, styles().label), value if isinstance(value, Flowable) else
             ScriptText(value, styles().cell)] for label, value in rows]
    table = Table(data, colWidths=[_LABEL_WIDTH, CONTENT_WIDTH - _LABEL_WIDTH], splitInRow=0, hAlign="LEFT")
    table.setStyle(_table_style([
        ("BACKGROUND", (0, 0), (0, -1), _SHADE),
        ("GRID", (0, 0), (-1, -1), 0.4, black),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return [table]


def grid(header: Sequence[str], rows: Sequence[Sequence[Cell]], shares: Sequence[float]) -> list[Flowable]:
    """A table with a shaded header row; `shares` of the width per column. A cell is text or a flowable
    (a `digest`, say). Rows never split: the table breaks between rows, and the header repeats at the top
    of each page it runs on to (reportlab never leaves the header alone at a page's foot)."""
    data: list[list[Flowable]] = [[ScriptText(text, styles().cell_head) for text in header]]
    data += [[cell if isinstance(cell, Flowable) else ScriptText(cell, styles().cell) for cell in row]
             for row in rows]
    table = Table(data, colWidths=[CONTENT_WIDTH * share / sum(shares) for share in shares], repeatRows=1,
                  splitInRow=0, hAlign="LEFT")
    table.setStyle(_table_style([
        ("BACKGROUND", (0, 0), (-1, 0), _SHADE),
        ("GRID", (0, 0), (-1, -1), 0.4, black),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    return [table, Spacer(0, 2 * mm)]


def digest(sha256: str) -> Flowable:
    """A SHA-256 digest in the monospaced face, in eight groups of eight on two lines of four.

    Two fixed lines rather than wrapping where the column happens to end:
    every copy of the list breaks the digest in the same place.
    """
    groups = [sha256[index:index + DIGEST_GROUP] for index in range(0, len(sha256), DIGEST_GROUP)]
    lines = [" ".join(groups[index:index + 4]) for index in range(0, len(groups), 4)]
    return _Lines(lines, styles().digest)


class _Lines(Flowable):
    """Lines drawn exactly as given, never rewrapped: a digest breaks only where `digest` breaks it."""

    def __init__(self, lines: Sequence[str], style: TextStyle):
        super().__init__()
        self._lines = list(lines)
        self._style = style

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab's names)
        face = self._style.family.primary.name
        self.width = max((stringWidth(line, face, self._style.size) for line in self._lines), default=0)
        self.height = self._style.leading * len(self._lines)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(self._style.family.primary.name, self._style.size)
        for index, line in enumerate(self._lines):
            canvas.drawString(0, self.height - (index + 1) * self._style.leading + 0.25 * self._style.leading, line)


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
