"""Reading a TOML configuration so that every problem in it is found in one pass.

A `SettingsReader` is asked for each setting it knows, with its kind and
bounds; a setting that is wrong is noted and its default used, so reading
carries on and the next one is checked too. Whatever the file holds that no
one asked for is named at the end (a misspelt key would otherwise be ignored
in silence and its default used without anyone knowing). The workstation's
`live.toml` is checked the same way: a list of problems, all shown at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_NO_DEFAULT = object()


class SettingsReader:
    """The settings of one parsed file, each checked as it is read; `problems` says what was wrong."""

    def __init__(self, raw: dict, sections: tuple[str, ...]) -> None:
        self._raw = raw
        self._sections = sections
        self._asked: set[tuple[str, str]] = set()
        self.problems: list[str] = []
        for name, value in raw.items():
            if name not in sections:
                self.problems.append(f"[{name}] is not a section the link service knows (it knows "
                                     f"{', '.join(f'[{s}]' for s in sections)})")
            elif not isinstance(value, dict):
                self.problems.append(f"{name} must be a section, [{name}]")

    def section(self, name: str) -> dict:
        value = self._raw.get(name, {})
        return value if isinstance(value, dict) else {}

    def has(self, section: str, key: str) -> bool:
        return key in self.section(section)

    def value(self, section: str, key: str, default: Any, check: Callable[[Any], Any], wanted: str) -> Any:
        """`check(value)` of the setting, or `default` when it is absent (or, noting why, when it is wrong).
        `check` raises ValueError or TypeError for a value it cannot use; `wanted` says what is."""
        self._asked.add((section, key))
        if key not in self.section(section):
            if default is _NO_DEFAULT:
                self.problems.append(f"[{section}] {key} is missing: it must be {wanted}")
            return None if default is _NO_DEFAULT else default
        found = self.section(section)[key]
        try:
            return check(found)
        except (ValueError, TypeError) as exc:
            # A check that says what is wrong is more use than the whole value (a long list, say) repeated.
            detail = f" ({exc})" if str(exc) else f"; found {found!r}"
            self.problems.append(f"[{section}] {key} must be {wanted}{detail}")
            return None if default is _NO_DEFAULT else default

    def required(self, section: str, key: str, check: Callable[[Any], Any], wanted: str) -> Any:
        return self.value(section, key, _NO_DEFAULT, check, wanted)

    def text(self, section: str, key: str, default: str = "", wanted: str = "text") -> str:
        return self.value(section, key, default, _text, wanted)

    def number(self, section: str, key: str, default: float, low: float, high: float) -> float:
        def within(value: Any) -> float:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
                raise ValueError("")
            return float(value)
        return self.value(section, key, default, within, f"a number from {low:g} to {high:g}")

    def whole(self, section: str, key: str, default: int, low: int, high: int) -> int:
        def within(value: Any) -> int:
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ValueError("")
            return value
        return self.value(section, key, default, within, f"a whole number from {low} to {high}")

    def flag(self, section: str, key: str, default: bool) -> bool:
        def boolean(value: Any) -> bool:
            if not isinstance(value, bool):
                raise ValueError("")
            return value
        return self.value(section, key, default, boolean, "true or false")

    def mark_read(self, section: str, key: str) -> None:
        """`key` is read elsewhere (a secret's file or credential name): not unknown."""
        self._asked.add((section, key))

    def unknown(self) -> list[str]:
        """Settings in the file that nothing asked for."""
        return [f"[{section}] {key} is not a setting the link service knows"
                for section, values in self._raw.items() if section in self._sections and isinstance(values, dict)
                for key in values if (section, key) not in self._asked]


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("it is not text")
    return value
