"""The suite's own shape: what lets `installer/test` collect every test in one run."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parents[2]


def test_no_two_test_files_share_a_name():
    # The test folders are not packages, so pytest imports each file by its bare name: two files
    # with one name stop the whole suite at collection.
    names = Counter(path.name for path in TESTS.rglob("test_*.py") if "node_modules" not in path.parts)
    assert [name for name, count in names.items() if count > 1] == []
