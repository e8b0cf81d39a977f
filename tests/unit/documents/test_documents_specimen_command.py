"""rvr-desktop documents specimen writes every document for the fictitious case, marked SPECIMEN."""

from __future__ import annotations

from pathlib import Path

from pdf_reading import pages


def test_the_specimen_command_writes_every_document(cli, tmp_path: Path):
    out = tmp_path / "specimens"
    result = cli("documents", "specimen", "--out", str(out), "--training")
    assert result.returncode == 0, result.stderr
    written = sorted(path.name for path in out.iterdir())
    assert written == sorted(["witness-statement.pdf", "witness-details-restricted.pdf", "officer-statement-draft.pdf",
                              "marac-referral.pdf", "idva-referral.pdf",
                              "childrens-social-care-referral.pdf", "operation-encompass-1.pdf",
                              "exhibit-list.pdf", "case-summary.pdf"])
    assert result.stdout.splitlines() == [str(out / name) for name in
                                          ("witness-statement.pdf", "witness-details-restricted.pdf",
                                           "officer-statement-draft.pdf", "marac-referral.pdf", "idva-referral.pdf",
                                           "childrens-social-care-referral.pdf", "operation-encompass-1.pdf",
                                           "exhibit-list.pdf", "case-summary.pdf")]
    for name in written:
        for text in pages((out / name).read_bytes()):
            assert "SPECIMEN: a fictitious case" in text and "TRAINING" in text


def test_an_unwritable_folder_is_reported(cli, tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = cli("documents", "specimen", "--out", str(blocker / "inside"))
    assert result.returncode == 2
    assert "could not be written" in result.stderr
