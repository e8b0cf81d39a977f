"""The one page template every document uses.

Each page carries the security marking at its head and foot, the document's
title and police reference, "Page X of Y", and TRAINING or SPECIMEN marks
when asked. Pages are counted per group: a statement's restricted contact
page is numbered on its own, so "Page 2 of 2" is the last page of the
statement itself.

The furniture is drawn when the document is finished, once the number of
pages is known, so the document is laid out only once.
"""

from __future__ import annotations

import io
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate

from .context import Marks
from .fonts import load_fonts
from .script_text import TextStyle, draw_line
from .wording import Wording

MAIN, RESTRICTED = "main", "restricted"
_MARGIN = 18 * mm
# The frame for the content: below the head (marking, title line, any
# practice note) and above the foot (page number, marking).
_FRAME_TOP = 26 * mm
_FRAME_BOTTOM = 22 * mm
CONTENT_WIDTH = A4[0] - 2 * _MARGIN
_WATERMARK = Color(0.75, 0.1, 0.1, alpha=0.13)
# reportlab keeps per-document state inside each registered font (its
# subsets, HarfBuzz's extra glyphs); documents are made one at a time.
_build_lock = threading.Lock()


@dataclass(frozen=True)
class PageSetup:
    """What the furniture of every page shows. `title` and `subject` also go in the PDF's metadata,
    so they must never hold personal data; `reference` (the police reference) is printed only."""

    title: str
    subject: str
    reference: str
    marks: Marks
    wording: Wording


def restricted_pages() -> list[Flowable]:
    """Flowables that start the restricted group of pages (numbered on their own)."""
    return [NextPageTemplate(RESTRICTED), PageBreak()]


def render(story: list[Flowable], setup: PageSetup) -> bytes:
    """The finished PDF of `story` on this template."""
    fonts = load_fonts()
    out = io.BytesIO()
    frame = Frame(_MARGIN, _FRAME_BOTTOM, CONTENT_WIDTH, A4[1] - _FRAME_TOP - _FRAME_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    document = BaseDocTemplate(
        out, pagesize=A4, title=setup.title, author=setup.wording.marking["made_by"], subject=setup.subject,
        keywords=_keywords(setup), creator="RVR Desktop", lang="en-GB", pageCompression=1,
        # Without this reportlab starts every page in Helvetica, a font it
        # does not embed.
        initialFontName=fonts.regular.primary.name,
        pageTemplates=[PageTemplate(MAIN, [frame], onPage=_group(MAIN)),
                       PageTemplate(RESTRICTED, [frame], onPage=_group(RESTRICTED))])
    furniture = _Furniture(setup, TextStyle(fonts.bold, 8.5, 11), TextStyle(fonts.regular, 8, 10))
    with _build_lock:
        document.build(list(story), canvasmaker=lambda *args, **kwargs: _CountingCanvas(
            *args, furniture=furniture, **kwargs))
    return out.getvalue()


def _keywords(setup: PageSetup) -> list[str]:
    marking = setup.wording.marking
    words = [marking["classification"]]
    if setup.marks.training:
        words.append(marking["training"])
    if setup.marks.specimen:
        words.append(marking["specimen"])
    return words


def _group(name: str) -> Callable[[Canvas, BaseDocTemplate], None]:
    def mark(canvas: Canvas, _document: BaseDocTemplate) -> None:
        if isinstance(canvas, _CountingCanvas):  # render's canvas always is
            canvas.page_group = name

    return mark


class _CountingCanvas(Canvas):
    """Holds each finished page back until the end, when the page count is known."""

    def __init__(self, *args, furniture: _Furniture, **kwargs):
        super().__init__(*args, **kwargs)
        self.page_group = MAIN
        self._furniture = furniture
        self._held: list[tuple[dict, str]] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._held.append((dict(self.__dict__), self.page_group))
        # Canvas's own showPage ends with this private call; types-reportlab leaves private methods out.
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        totals = Counter(group for _, group in self._held)
        numbers: Counter[str] = Counter()
        for state, group in self._held:
            self.__dict__.update(state)
            numbers[group] += 1
            self._furniture.draw(self, group, numbers[group], totals[group])
            super().showPage()
        super().save()


@dataclass(frozen=True)
class _Furniture:
    setup: PageSetup
    strong: TextStyle
    plain: TextStyle

    def draw(self, canvas: Canvas, group: str, page: int, pages: int) -> None:
        marking = self.setup.wording.marking
        width, height = A4
        inner = CONTENT_WIDTH
        canvas.saveState()
        canvas.setFillColor(black)
        head = marking["restricted_page"] if group == RESTRICTED else marking["classification"]
        self._centred(canvas, head, height - 10 * mm, self.strong)
        self._centred(canvas, marking["classification"], 8 * mm, self.strong)
        draw_line(canvas, _MARGIN, height - 16 * mm, self.setup.title, self.strong, inner)
        draw_line(canvas, _MARGIN, height - 16 * mm, self.setup.reference, self.plain, inner, align="right")
        number = marking.fill("restricted_page_number" if group == RESTRICTED else "page_number", page=page, pages=pages)
        draw_line(canvas, _MARGIN, 13 * mm, number, self.plain, inner)
        draw_line(canvas, _MARGIN, 13 * mm, marking["made_by"], self.plain, inner, align="right")
        canvas.setStrokeColor(black)
        canvas.setLineWidth(0.4)
        canvas.line(_MARGIN, height - 18 * mm, width - _MARGIN, height - 18 * mm)
        canvas.line(_MARGIN, 17 * mm, width - _MARGIN, 17 * mm)
        self._practice_marks(canvas, inner)
        canvas.restoreState()

    def _practice_marks(self, canvas: Canvas, inner: float) -> None:
        marking = self.setup.wording.marking
        marks = self.setup.marks
        shown = [(marking["training"], marking["training_note"])] if marks.training else []
        shown += [(marking["specimen"], marking["specimen_note"])] if marks.specimen else []
        if not shown:
            return
        width, height = A4
        notes = "  ".join(note for _, note in shown)
        draw_line(canvas, _MARGIN, height - 21.5 * mm, notes, self.plain, inner)
        canvas.saveState()
        canvas.setFillColor(_WATERMARK)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(40)
        big = TextStyle(self.strong.family, 72, 80)
        for index, (word, _) in enumerate(shown):
            offset = (index - (len(shown) - 1) / 2) * 100
            draw_line(canvas, -width, offset, word, big, 2 * width, align="centre")
        canvas.restoreState()

    def _centred(self, canvas: Canvas, text: str, baseline: float, style: TextStyle) -> None:
        draw_line(canvas, _MARGIN, baseline, text, style, CONTENT_WIDTH, align="centre")
