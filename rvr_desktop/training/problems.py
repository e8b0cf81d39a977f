"""A problem found in a scenario file: the field, its line, and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .located_yaml import FieldPath


def field_name(path: FieldPath) -> str:
    """'account.children[0].age' from ('account', 'children', 0, 'age'); '(whole file)' for the root."""
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name or "(whole file)"


@dataclass(frozen=True)
class ScenarioProblem:
    """One problem, worded for the trainer who will correct the file."""

    field: str
    line: int
    problem: str

    def describe(self, file: Path) -> str:
        return f"{file}, line {self.line}, field '{self.field}': {self.problem}"


class ScenarioFileError(ValueError):
    """A scenario file can't be used; `problems` says every reason found, in file order."""

    def __init__(self, file: Path, problems: list[ScenarioProblem]):
        self.file = file
        self.problems = problems
        first = problems[0].describe(file)
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(f"{first}{more}. The scenario was not loaded; correct the file and check it with "
                         f"'rvr-desktop scenario validate {file}'.")
