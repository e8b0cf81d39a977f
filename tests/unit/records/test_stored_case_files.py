"""Files kept with a case: digest taken on add and checked on every read; audited."""

from __future__ import annotations

import hashlib

import pytest

from rvr_desktop.store.case_files import CaseFileDamaged, CaseFileNotFound
from rvr_desktop.store.case_store import CaseStore
from rvr_desktop.store.cases import CaseHeadline, CaseNotFound


@pytest.fixture
def opened(data_dir):
    store = CaseStore(data_dir, "PC 1234")
    yield store
    store.close()


def test_a_file_is_kept_with_its_digest_and_read_back_whole(opened):
    case = opened.cases.create({"n": 1}, CaseHeadline("INC-1", "Caller", "draft"))
    content = bytes(range(256)) * 100
    stored = opened.files.add(case.case_id, "exhibit", "still-1.jpg", "image/jpeg", content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest() and stored.size == len(content)
    opened.files.add(case.case_id, "document", "mg11.pdf", "application/pdf", b"%PDF-1.7")

    assert [f.name for f in opened.files.list_for_case(case.case_id)] == ["still-1.jpg", "mg11.pdf"]
    assert [f.name for f in opened.files.list_for_case(case.case_id, kind="exhibit")] == ["still-1.jpg"]
    file, read = opened.files.get(stored.file_id, justification="checking the still")
    assert read == content and file == stored

    entries = list(opened.audit.entries())
    added, consulted = entries[-3], entries[-1]
    assert added.action == "collection" and added.record == f"case:{case.case_id}/file:{stored.file_id}"
    assert consulted.action == "consultation" and consulted.justification == "checking the still"
    # Names of fields only: the content never reaches the log.
    assert all(content[:16].hex() not in str(e) for e in entries)


def test_a_changed_file_is_refused_on_read(opened):
    case = opened.cases.create({}, CaseHeadline("INC-2", "", "draft"))
    stored = opened.files.add(case.case_id, "exhibit", "still.jpg", "image/jpeg", b"original bytes")
    opened._conn.execute("UPDATE case_files SET content = ? WHERE id = ?", (b"altered bytes!", stored.file_id))
    with pytest.raises(CaseFileDamaged, match="no longer matches the SHA-256"):
        opened.files.get(stored.file_id)
    with pytest.raises(CaseFileDamaged):
        opened.files.content_for_disclosure(case.case_id, stored.sha256)


def test_bad_kinds_media_types_and_unknown_cases_are_refused(opened):
    case = opened.cases.create({}, CaseHeadline("INC-3", "", "draft"))
    with pytest.raises(ValueError, match="A file kind is one of exhibit, document, training-run"):
        opened.files.add(case.case_id, "Exhibit!", "a", "image/jpeg", b"x")
    with pytest.raises(ValueError, match="media type"):
        opened.files.add(case.case_id, "exhibit", "a", "jpeg", b"x")
    with pytest.raises(CaseNotFound):
        opened.files.add("no-such-case", "exhibit", "a", "image/jpeg", b"x")
    with pytest.raises(CaseFileNotFound):
        opened.files.content_for_disclosure(case.case_id, "0" * 64)


def test_erasing_a_case_erases_its_files(opened):
    case = opened.cases.create({}, CaseHeadline("INC-4", "", "draft"))
    opened.files.add(case.case_id, "exhibit", "a.jpg", "image/jpeg", b"x")
    opened.cases.erase(case.case_id, "created in error")
    assert opened._conn.execute("SELECT count(*) FROM case_files").fetchone()[0] == 0


def test_files_added_within_the_same_moment_keep_the_order_they_were_added_in(opened):
    case = opened.cases.create({"n": 1}, CaseHeadline("INC-3", "Caller", "draft"))
    names = [f"still-{n}.jpg" for n in range(40)]  # quick enough that several share a millisecond
    for name in names:
        opened.files.add(case.case_id, "exhibit", name, "image/jpeg", name.encode())
    assert [f.name for f in opened.files.list_for_case(case.case_id)] == names
