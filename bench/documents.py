"""Making documents: a 10-page statement, and every document of a full case.

Targets: the statement in under 300 ms, the whole case in under 1 s. Each is
compared with a plain reportlab document of the same number of pages, made in
the same run: Helvetica (built in, nothing embedded), Paragraph flowables,
no shaping and no page furniture. Prints the median of RUNS.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import time

from common import machine, median, verdict
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from rvr_desktop.documents import DocumentInput, Marks, documents_for_case
from rvr_desktop.documents.specimen import MADE_AT, NARRATIVE, SPECIMEN_OFFICER, specimen_case
from rvr_desktop.documents.statement import witness_statement
from rvr_desktop.workflow.policy import load_policy

RUNS = 7


def _pages(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        out = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def _plain(pages: int) -> bytes:
    """A plain reportlab document of `pages` pages of narrative text."""
    style = getSampleStyleSheet()["BodyText"]
    story = []
    for page in range(pages):
        story += [Paragraph(paragraph, style) for paragraph in NARRATIVE.split("\n\n")[:6]]
        if page < pages - 1:
            story.append(PageBreak())
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def _timed(make) -> tuple[float, bytes]:
    started = time.perf_counter()
    result = make()
    return time.perf_counter() - started, result


def main() -> int:
    policy = load_policy()
    case = specimen_case(policy)
    inp = DocumentInput(case, policy, SPECIMEN_OFFICER, MADE_AT, Marks(specimen=True))
    first, _ = _timed(lambda: witness_statement(inp))  # registers the fonts: once per process

    # At least ten pages of narrative; the signatures and how it was taken follow on the last page. (The restricted
    # rear page is a document of its own now, counted with the whole case below.)
    repeats = 8
    while True:
        case.statement.narrative = "\n\n".join([NARRATIVE] * repeats)
        statement_pages = _pages(witness_statement(inp))
        if statement_pages >= 11:
            break
        repeats += 1
    all_documents = documents_for_case(specimen_case(policy), policy, SPECIMEN_OFFICER, MADE_AT)
    case_pages = sum(_pages(document.pdf) for document in all_documents)

    ours, plain, whole, plain_whole = [], [], [], []
    for _ in range(RUNS):
        ours.append(_timed(lambda: witness_statement(inp))[0])
        plain.append(_timed(lambda: _plain(statement_pages))[0])
        whole.append(_timed(lambda: documents_for_case(specimen_case(policy), policy, SPECIMEN_OFFICER, MADE_AT))[0])
        plain_whole.append(_timed(lambda: _plain(case_pages))[0])

    print(f"machine: {machine()}")
    print(f"first document in a process (font registration included): {first * 1000:7.1f} ms")
    print(f"witness statement of {statement_pages} pages ({len(case.statement.narrative):,} characters): "
          f"median {median(ours) * 1000:7.1f} ms  (target < 300 ms: {verdict(median(ours) < 0.300)})")
    print(f"  plain reportlab, {statement_pages} pages (baseline): median {median(plain) * 1000:7.1f} ms  "
          f"ratio {median(ours) / median(plain):.1f}x")
    print(f"every document of a full case ({len(all_documents)} documents, {case_pages} pages): "
          f"median {median(whole) * 1000:7.1f} ms  (target < 1 s: {verdict(median(whole) < 1.0)})")
    print(f"  plain reportlab, {case_pages} pages (baseline): median {median(plain_whole) * 1000:7.1f} ms  "
          f"ratio {median(whole) / median(plain_whole):.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
