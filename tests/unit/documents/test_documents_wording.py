"""A force's own wording replaces ours, and a file that would drop a label is refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pdf_reading import flat, pages

from rvr_desktop.documents.catalogue import DocumentKind, make_document
from rvr_desktop.documents.specimen import MADE_AT, SPECIMEN_OFFICER
from rvr_desktop.documents.wording import WORDING_FILE, load_wording
from rvr_desktop.workflow.shipped_files import default_resources_dir
from rvr_desktop.workflow.policy_files import PolicyFileError


@pytest.fixture
def force_resources(tmp_path: Path) -> Path:
    target = tmp_path / "resources" / WORDING_FILE
    target.parent.mkdir(parents=True)
    shutil.copy(default_resources_dir() / WORDING_FILE, target)
    return tmp_path / "resources"


def _edit(resources: Path, change) -> None:
    path = resources / WORDING_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_a_forces_declaration_and_marking_are_printed(force_resources, case, policy):
    def change(data):
        data["statement"]["declaration"] = "I declare, in Northshire's approved words, that this is true."
        data["marking"]["classification"] = "OFFICIAL SENSITIVE (NORTHSHIRE)"

    _edit(force_resources, change)
    pdf = make_document(DocumentKind.WITNESS_STATEMENT, case, policy, SPECIMEN_OFFICER, MADE_AT,
                        wording=load_wording(force_resources))
    texts = pages(pdf)
    assert "in Northshire's approved words" in flat(texts[0])
    assert all(text.count("OFFICIAL SENSITIVE (NORTHSHIRE)") >= 1 for text in texts)


def test_a_missing_label_is_refused_with_its_name(force_resources):
    _edit(force_resources, lambda data: data["statement"].pop("end_of_statement"))
    with pytest.raises(PolicyFileError, match=r"statement\.end_of_statement.*is missing"):
        load_wording(force_resources)


def test_a_dropped_page_count_placeholder_is_refused(force_resources):
    _edit(force_resources, lambda data: data["marking"].update(page_number="Page {page}"))
    with pytest.raises(PolicyFileError, match=r"marking\.page_number.*placeholders \['page', 'pages'\]"):
        load_wording(force_resources)


def test_an_unknown_entry_is_refused(force_resources):
    _edit(force_resources, lambda data: data["exhibits"].update(colour="red"))
    with pytest.raises(PolicyFileError, match=r"exhibits\.colour"):
        load_wording(force_resources)
