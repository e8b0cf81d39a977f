"""The statement's documents never split a labelled row across a page: label and answer share a page."""

from __future__ import annotations

from pdf_reading import flat, pages

from rvr_desktop.documents.statement import taking_rows, witness_statement


def test_no_row_of_how_it_was_taken_is_split_across_a_page(inp):
    statement = inp.case.statement
    narrative = statement.narrative
    # A tall row (a place that wraps over many lines), walked over the page foot a line of narrative at a time.
    statement.witness_location = "at home, in the living room, by the window " * 14
    for lines in range(0, 60, 3):
        statement.narrative = narrative + "\n\n" + "A line of the statement that runs on. " * (2 * lines)
        texts = [flat(text) for text in pages(witness_statement(inp))]
        for label, value in taking_rows(inp):
            holding = [text for text in texts if flat(label) in text]
            assert holding, label
            assert flat(value) in holding[-1], (label, lines)


def test_an_answer_longer_than_a_page_still_prints_whole(inp):
    from rvr_desktop.documents.witness_details import witness_details

    # Counted by a one-word marker: a phrase may be cut by a page's foot and head.
    inp.case.statement.court_needs = "Needs a great deal of help-on-each-day of the trial. " * 120
    text = flat("\n".join(pages(witness_details(inp))))
    assert text.count("help-on-each-day") == 120
