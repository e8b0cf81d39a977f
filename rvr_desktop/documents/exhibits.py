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
    return parts.finish(inp, words, story)


def _spaced(digest: str) -> str:
    # Groups of eight wrap cleanly in a narrow column and are easy to read
    # aloud when checking a copy against the original.
    return " ".join(digest[index:index + 8] for index in range(0, len(digest), 8))
