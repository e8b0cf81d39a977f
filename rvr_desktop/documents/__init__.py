"""The case's documents as PDF: statement, referrals, exhibit list, case summary.

Pure Python and reportlab: no Qt, no database, no network, and nothing is
written to disk (only `rvr-desktop documents specimen` does that). Each
document is made from a `Case`, the force's `Policy`, the `Officer` and the
moment it is made, and comes back as bytes. Making one takes tens of
milliseconds, so the workstation makes them in the background.

Modules:

- `catalogue`: which documents a case calls for, and making them (the API).
- `statement`, `marac`, `encompass`, `idva`, `mash`, `exhibits`,
  `case_summary`: one document each.
- `parts`, `blocks`: pieces the documents share; `page`: the one page
  template (marking, page numbers, TRAINING and SPECIMEN marks).
- `script_text`, `fonts`, `shaping`, `bidi`, `line_breaking`: printing text
  in any script.
- `wording`: labels, declaration and marking from resources/documents/.
- `context`: the inputs and how values are written out; `specimen`: the
  fictitious case.
"""

from .catalogue import Document, DocumentKind, DueDocument, documents_due, documents_for_case, make_document
from .context import DeliveryState, DocumentInput, Marks, Officer, RecordsDelivery, SentDocument

__all__ = [
    "DeliveryState",
    "Document",
    "DocumentInput",
    "DocumentKind",
    "DueDocument",
    "Marks",
    "Officer",
    "RecordsDelivery",
    "SentDocument",
    "documents_due",
    "documents_for_case",
    "make_document",
]
