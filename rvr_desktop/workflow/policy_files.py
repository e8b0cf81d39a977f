"""Reading the force's JSON policy files, field by field, with errors a policy
owner can act on.

Written by hand rather than with a schema library: the checks are few, and
each error names the file and the field ('marac.repeat_window_months') in
plain words, which is what the person editing the file needs.
"""

from __future__ import annotations

import difflib
import json
import re
from datetime import date, time
from pathlib import Path
from typing import Any

SUPPORTED_FORMAT = 1
_TIME_OF_DAY = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class PolicyFileError(ValueError):
    """A policy or instrument file is missing, unreadable, or has a field we can't use."""

    def __init__(self, file: Path, field: str, problem: str):
        self.file = file
        self.field = field
        self.problem = problem
        super().__init__(
            f"Policy file {file}, field '{field}': {problem}. "
            "Nothing was loaded from it; correct the file and start again."
        )


def read_policy_file(path: Path) -> Fields:
    """The top-level object of the JSON file at `path`, after checking its format number."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyFileError(path, "(whole file)", "the file is missing") from None
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyFileError(path, "(whole file)", f"the file could not be read ({error})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PolicyFileError(
            path, "(whole file)", f"not valid JSON at line {error.lineno}, column {error.colno} ({error.msg})"
        ) from None
    fields = Fields(path, data, "")
    found = fields.integer("format", minimum=1, maximum=10**6)
    if found != SUPPORTED_FORMAT:
        raise fields.error("format", f"this program reads format {SUPPORTED_FORMAT}, the file says {found}")
    return fields


class Fields:
    """One JSON object from a policy file, read one checked field at a time.

    `finish()` refuses any field that was never read, so a misspelt name
    ('school_day_start') is reported instead of silently falling back to a
    default. Every object may carry an 'about' note for people.
    """

    def __init__(self, file: Path, data: Any, where: str):
        self.file = file
        self.where = where
        if not isinstance(data, dict):
            raise PolicyFileError(file, where or "(whole file)", "expected an object in { braces }")
        self._data = data
        self._read = {"about"}

    def name(self, key: str) -> str:
        """The full field name as the error messages show it."""
        return f"{self.where}.{key}" if self.where else key

    def error(self, key: str, problem: str) -> PolicyFileError:
        return PolicyFileError(self.file, self.name(key), problem)

    def has(self, key: str) -> bool:
        return key in self._data

    def names(self) -> list[str]:
        """The field names present, for objects whose names are data (indicator names)."""
        return [key for key in self._data if key != "about"]

    def _get(self, key: str) -> Any:
        if key not in self._data:
            near = difflib.get_close_matches(key, [name for name in self._data if isinstance(name, str)], n=1)
            hint = f" (the file has '{near[0]}': is that a misspelling?)" if near else ""
            raise self.error(key, "is missing" + hint)
        self._read.add(key)
        return self._data[key]

    def text(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, "expected some text in quotes")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of one or more pieces of text, in [ brackets ]."""
        value = self._get(key)
        if not isinstance(value, list) or not value or not all(isinstance(item, str) and item.strip() for item in value):
            raise self.error(key, "expected a list of one or more pieces of text in quotes, in [ brackets ]")
        return tuple(value)

    def integer(self, key: str, *, minimum: int, maximum: int) -> int:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"expected a whole number, found {json.dumps(value)}")
        if not minimum <= value <= maximum:
            raise self.error(key, f"expected a number from {minimum} to {maximum}, found {value}")
        return value

    def boolean(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, found {json.dumps(value)}")
        return value

    def time_of_day(self, key: str) -> time:
        value = self._get(key)
        match = _TIME_OF_DAY.match(value) if isinstance(value, str) else None
        if not match:
            raise self.error(key, f"expected a 24-hour time like \"08:30\", found {json.dumps(value)}")
        return time(int(match[1]), int(match[2]))

    def day(self, key: str) -> date:
        value = self._get(key)
        # Only YYYY-MM-DD: fromisoformat also takes week dates ('2025-W52-4'),
        # which a person editing the file would not mean.
        if isinstance(value, str) and len(value) == 10:
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.error(key, f"expected a date like \"2025-12-25\", found {json.dumps(value)}")

    def section(self, key: str) -> Fields:
        return Fields(self.file, self._get(key), self.name(key))

    def sections(self, key: str, *, at_least: int = 0) -> list[Fields]:
        value = self._get(key)
        if not isinstance(value, list):
            raise self.error(key, "expected a list in [ brackets ]")
        if len(value) < at_least:
            raise self.error(key, f"expected at least {at_least} entries, found {len(value)}")
        return [Fields(self.file, item, f"{self.name(key)}[{index}]") for index, item in enumerate(value)]

    def finish(self) -> None:
        """Refuse fields nobody read: they are almost always a spelling mistake."""
        unknown = sorted(set(self._data) - self._read)
        if unknown:
            raise self.error(unknown[0], "is not a field this program knows; check its spelling")
        if "about" in self._data and not isinstance(self._data["about"], str):
            raise self.error("about", "expected a note in quotes")

