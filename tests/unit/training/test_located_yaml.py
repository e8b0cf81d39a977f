"""Scenario YAML is read strictly, with the line of every field."""

from __future__ import annotations

import pytest

from rvr_desktop.training.located_yaml import YamlProblem, read_located_yaml


def test_answers_and_times_stay_as_written():
    # YAML 1.1 would read "no" as false and 6:30 as 390; a scenario means the word and the time.
    located = read_located_yaml("a: yes\nb: no\nc: off\nt: 6:30\nd: 2025-11-07\nn: 12\nf: 1.5\nx: true\nz:\n")
    assert located.data == {"a": "yes", "b": "no", "c": "off", "t": "6:30", "d": "2025-11-07", "n": 12, "f": 1.5,
                            "x": True, "z": None}


def test_every_field_and_list_entry_has_its_line():
    located = read_located_yaml("top:\n  list:\n    - name: one\n      age: {years: 9}\n    - two\n")
    assert located.lines[("top", "list", 0)] == 3
    assert located.lines[("top", "list", 0, "age", "years")] == 4
    assert located.lines[("top", "list", 1)] == 5
    # A field that isn't there is found at the group it belongs in.
    assert located.line_of(("top", "list", 0, "school")) == 3


@pytest.mark.parametrize(("text", "line", "words"), [
    ("a: 1\nb:\n  c: 2\n  c: 3\n", 4, "the field 'c' is given twice"),
    ("a: &shared [1]\nb: *shared\n", 2, "anchors and aliases"),
    ("a:\n\tb: 1\n", 2, "this is not valid YAML here, column 1"),
    ("a: [1\nb: 2\n", 2, "this is not valid YAML"),
    ("", 1, "the file is empty"),
    ("1: x\n", 1, "a field name must be a word"),
])
def test_what_cant_be_read_is_refused_with_its_line(text, line, words):
    with pytest.raises(YamlProblem) as raised:
        read_located_yaml(text)
    assert raised.value.line == line
    assert words in raised.value.problem
