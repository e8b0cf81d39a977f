"""The exhibit list: each exhibit's reference and its continuity record."""

from __future__ import annotations

from reportlab.platypus import Flowable

from . import blocks, parts
from .context import DocumentInput


def exhibit_list(inp: DocumentInput) -> bytes:
    """Every exhibit of the case with who captured it, when, how and its SHA-256, as PDF bytes."""
    words = inp.wording.exhibits
    story: list[Flowable] = blocks.fields(parts.made(inp))
    exhibits = sorted(inp.case.exhibits, key=lambda exhibit: exhibit.captured_at)
    if not exhibits:
        story += blocks.body(words["none"])
        return parts.finish(inp, words, story)
    rows = [[e.reference, e.description, e.captured_by, inp.when(e.captured_at), e.how_captured, _spaced(e.sha256)]
            for e in exhibits]
    header = [words["reference"], words["description"], words["captured_by"], words["captured_at"], words["how"],
              words["sha256"]]
    story += blocks.grid(header, rows, [1.6, 3, 1.8, 2, 2.3, 2.5])
    story += blocks.body(words["digest_note"])
    story += _repeats(inp, exhibits)
    return parts.finish(inp, words, story)


def _repeats(inp: DocumentInput, exhibits) -> list[Flowable]:
    # The continuity of a file received more than once: a court may ask about
    # every arrival, and about a withdrawn reference a statement names.
    words = inp.wording.exhibits
    rows = [[e.reference, inp.when(a.received_at), a.received_by, a.how, a.withdrawn_reference]
            for e in exhibits for a in e.also_received]
    if not rows:
        return []
    header = [words["repeat_exhibit"], words["repeat_at"], words["repeat_by"], words["repeat_how"],
              words["repeat_withdrawn"]]
    return [*blocks.heading(words["repeats_heading"]), *blocks.grid(header, rows, [1.6, 2.4, 2.2, 3.6, 1.8]),
            *blocks.body(words["repeats_note"])]


def _spaced(digest: str) -> str:
    # Groups of eight wrap cleanly in a narrow column and are easy to read
    # aloud when checking a copy against the original.
    return " ".join(digest[index:index + 8] for index in range(0, len(digest), 8))
