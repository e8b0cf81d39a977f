"""The words on the documents that are not case data: labels, the section 9
declaration, the security marking. Kept in resources/documents/wording.json
so a force can put in its own approved wording without a code change.

A force's file (in another resources folder) must have exactly the entries of
the shipped one, with the same {placeholders}: a missing label would print a
blank, and a missing placeholder would drop a page number or a deadline.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rvr_desktop.workflow.shipped_files import default_resources_dir
from rvr_desktop.workflow.policy_files import Fields, PolicyFileError, read_policy_file

WORDING_FILE = Path("documents") / "wording.json"


@dataclass(frozen=True)
class Section:
    """The wording of one part (a document, the marking, common labels)."""

    name: str
    texts: dict[str, str]

    def __getitem__(self, key: str) -> str:
        try:
            return self.texts[key]
        except KeyError:
            # Only reachable through a programming slip: load_wording checks
            # every entry the shipped file has.
            raise KeyError(f"wording.json has no entry '{self.name}.{key}'") from None

    def fill(self, key: str, **values: object) -> str:
        return self[key].format(**values)


@dataclass(frozen=True)
class Wording:
    marking: Section
    common: Section
    statement: Section
    statement_taking: Section
    witness_details: Section
    officer_statement: Section
    marac: Section
    encompass: Section
    idva: Section
    mash: Section
    exhibits: Section
    summary: Section
    signing: Section  # the statement's signatures and declarations (workflow/signing.py)


def load_wording(resources_dir: Path | None = None) -> Wording:
    """The wording under `resources_dir` (default: the repository's), checked against the shipped file."""
    shipped = _read(default_resources_dir() / WORDING_FILE)
    if resources_dir is None:
        return _wording(shipped)
    path = resources_dir / WORDING_FILE
    chosen = _read(path)
    for section, texts in shipped.items():
        for key, text in texts.items():
            if key not in chosen.get(section, {}):
                raise PolicyFileError(path, f"{section}.{key}", "is missing (the shipped wording has it)")
            if _placeholders(chosen[section][key]) != _placeholders(text):
                raise PolicyFileError(path, f"{section}.{key}",
                                      f"must use exactly the placeholders {sorted(_placeholders(text))}")
        for key in chosen.get(section, {}):
            if key not in texts:
                raise PolicyFileError(path, f"{section}.{key}", "is not an entry this program knows")
    return _wording(chosen)


@cache
def shipped_wording() -> Wording:
    """The shipped wording, read once per process."""
    return load_wording()


def _read(path: Path) -> dict[str, dict[str, str]]:
    fields = read_policy_file(path)
    sections = {}
    for name in Wording.__dataclass_fields__:
        section = fields.section(name)
        sections[name] = {key: _text(section, key) for key in section.names()}
        section.finish()
    fields.finish()
    return sections


def _text(section: Fields, key: str) -> str:
    text = section.text(key)
    try:
        _placeholders(text)
    except ValueError as error:
        raise section.error(key, f"has a broken {{placeholder}} ({error})") from None
    return text


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def _wording(sections: dict[str, dict[str, str]]) -> Wording:
    return Wording(**{name: Section(name, texts) for name, texts in sections.items()})
