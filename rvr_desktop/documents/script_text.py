"""`ScriptText`: a platypus flowable for text typed by people, in any script.

Every name, address and narrative goes through it, so the same rules apply
everywhere: the face for each character (`fonts`), shaping (`shaping`),
line breaking (`line_breaking`) and visual order (`bidi`). It splits between
lines, so a statement of any length runs onto continuation pages.

Shaped runs are wrapped in a marked-content span whose ActualText is the
run's characters: shaped glyphs (a Bengali conjunct, a joined Arabic letter)
have no character of their own, and without the span copying or searching
the PDF would give private-use codes. For right-to-left runs the span holds
the characters in visual order, as for any other text on a page, because
text extractors (poppler, pdf.js) turn right-to-left text found in visual
order back into reading order.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from .bidi import Run, has_right_to_left, starts_right_to_left, visual_runs
from .fonts import Family
from .line_breaking import break_lines, prepare
from .shaping import drawable, is_shaped

# Where the baseline sits in a line, as a share of the leading: leaves room
# for Noto's accents above and descenders below.
_BASELINE = 0.78


@dataclass(frozen=True)
class TextStyle:
    family: Family
    size: float
    leading: float


@dataclass(frozen=True)
class _Line:
    text: str
    rtl_paragraph: bool


class ScriptText(Flowable):
    """Text in any script, wrapped to the available width; splits across pages between lines."""

    def __init__(self, text: str, style: TextStyle, *, lines: list[_Line] | None = None):
        super().__init__()
        self.text = text
        self.style = style
        self._lines = lines
        self._wrapped_for: float | None = None if lines is None else -1.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab's names)
        if self._wrapped_for not in (availWidth, -1.0):
            self._lines = _lay_out(self.text, self.style, availWidth)
            self._wrapped_for = availWidth
        self.width = availWidth
        self.height = len(self._lines or []) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        lines = self._lines or []
        fits = int(availHeight // self.style.leading)
        if fits <= 0:
            return []
        if fits >= len(lines):
            return [self]
        return [ScriptText(self.text, self.style, lines=lines[:fits]),
                ScriptText(self.text, self.style, lines=lines[fits:])]

    def draw(self) -> None:
        canvas: Canvas = self.canv
        for index, line in enumerate(self._lines or []):
            baseline = self.height - index * self.style.leading - _BASELINE * self.style.leading
            draw_line(canvas, 0, baseline, line.text, self.style, self.width, rtl_paragraph=line.rtl_paragraph)


def _lay_out(text: str, style: TextStyle, width: float) -> list[_Line]:
    lines: list[_Line] = []
    for paragraph in prepare(text):
        rtl = starts_right_to_left(paragraph)
        lines.extend(_Line(line, rtl) for line in break_lines(paragraph, style.family, style.size, width))
    return lines


def draw_line(canvas: Canvas, x: float, baseline: float, line: str, style: TextStyle, width: float, *,
              rtl_paragraph: bool = False, align: str | None = None) -> None:
    """Draw one line in visual order within `width` from `x`.

    `align` is "left", "right" or "centre"; by default a right-to-left
    paragraph's lines sit against the right edge and others the left.
    """
    primary = style.family.primary
    if primary.draws_all(line) and not has_right_to_left(line):
        runs = [Run(line, primary, False)]  # the common case: no fallback, no reordering
    else:
        runs = visual_runs(line, style.family, rtl_paragraph)
    pieces = []
    for run in runs:
        content, run_width = drawable(run.text if run.face.shaped else run.mirrored_visual_text(), run.face, style.size)
        pieces.append((run, content, run_width))
    spare = width - sum(piece[2] for piece in pieces)
    align = align or ("right" if rtl_paragraph else "left")
    cursor = x + {"left": 0, "right": spare, "centre": spare / 2}[align]
    for run, content, run_width in pieces:
        canvas.setFont(run.face.name, style.size)
        if is_shaped(content):
            canvas.addLiteral(f"/Span <</ActualText <{_utf16_hex(run.visual_text())}>>> BDC")
            canvas.drawString(cursor, baseline, content)
            canvas.addLiteral("EMC")
        else:
            canvas.drawString(cursor, baseline, content)
        cursor += run_width


def _utf16_hex(text: str) -> str:
    return ("\ufeff" + text).encode("utf-16-be").hex().upper()
