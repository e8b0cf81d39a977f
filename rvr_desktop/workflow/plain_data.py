"""Turning the case's dataclasses into plain JSON-able values and back.

One generic converter driven by the dataclasses' type hints, so a new field
cannot be forgotten in a hand-written `to_dict`. The round trip is lossless:
text is kept exactly as typed, times keep their microseconds (in UTC), and
enums are stored by their value, which is a stable code rather than a label.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from datetime import date, datetime
from enum import Enum
from typing import Any

from .times import as_utc


class CaseFormatError(ValueError):
    """Stored case data does not fit the case model; `path` says where."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"Stored case data at {path}: {problem}.")


def to_plain(value: Any) -> Any:
    """`value` as dicts, lists, strings, numbers, booleans and None."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: to_plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {_plain_key(key): to_plain(item) for key, item in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"{type(value).__name__} has no plain form")


def _plain_key(key: Any) -> str:
    if not isinstance(key, str):
        raise TypeError(f"dictionary keys must be text, not {type(key).__name__}")
    return key


def from_plain(kind: Any, data: Any, path: str) -> Any:
    """Rebuild a value of type `kind` from its plain form, checking as it goes."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        return _from_optional(kind, data, path)
    if origin is list:
        (item_kind,) = typing.get_args(kind)
        items = _expect(data, list, path, "a list")
        return [from_plain(item_kind, item, f"{path}[{index}]") for index, item in enumerate(items)]
    if origin is dict:
        _, item_kind = typing.get_args(kind)
        mapping = _expect(data, dict, path, "an object")
        return {key: from_plain(item_kind, item, f"{path}.{key}") for key, item in mapping.items()}
    if dataclasses.is_dataclass(kind):
        return _from_dataclass(kind, data, path)
    if isinstance(kind, type) and issubclass(kind, Enum):
        try:
            return kind(data)
        except ValueError:
            raise CaseFormatError(path, f"{data!r} is not one of {[member.value for member in kind]}") from None
    if kind is datetime:
        return _from_datetime(data, path)
    if kind is date:
        try:
            return date.fromisoformat(_expect(data, str, path, "a date"))
        except ValueError:
            raise CaseFormatError(path, f"{data!r} is not a date like 2025-11-07") from None
    if kind is bool:
        return _expect(data, bool, path, "true or false")
    if kind is int:
        if isinstance(data, bool):
            raise CaseFormatError(path, "expected a whole number")
        return _expect(data, int, path, "a whole number")
    if kind is str:
        return _expect(data, str, path, "text")
    raise TypeError(f"{path}: no plain form for {kind!r}")


def _from_optional(kind: Any, data: Any, path: str) -> Any:
    options = [option for option in typing.get_args(kind) if option is not type(None)]
    if len(options) != 1:
        raise TypeError(f"{path}: only 'X | None' unions are supported")
    if data is None:
        return None
    return from_plain(options[0], data, path)


@functools.cache
def _fields_of(kind: Any) -> tuple[dict[str, Any], frozenset[str]]:
    # Worked out once per class: resolving the annotations cost a quarter of opening a full case.
    return typing.get_type_hints(kind), frozenset(field.name for field in dataclasses.fields(kind) if field.init)


def _from_dataclass(kind: Any, data: Any, path: str) -> Any:
    mapping = _expect(data, dict, path, "an object")
    hints, names = _fields_of(kind)
    unknown = sorted(set(mapping) - names)
    if unknown:
        raise CaseFormatError(f"{path}.{unknown[0]}", "is not a field of the case model")
    # Missing fields take their defaults, so a draft saved before a field was
    # added still opens.
    values = {name: from_plain(hints[name], mapping[name], f"{path}.{name}") for name in names if name in mapping}
    try:
        return kind(**values)
    except TypeError as error:
        raise CaseFormatError(path, f"missing a required field ({error})") from None


def _from_datetime(data: Any, path: str) -> datetime:
    text = _expect(data, str, path, "a date and time")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CaseFormatError(path, f"{text!r} is not a date and time") from None
    if moment.tzinfo is None:
        raise CaseFormatError(path, f"{text!r} has no time zone")
    return as_utc(moment)


def _expect(data: Any, kind: type, path: str, wanted: str) -> Any:
    if not isinstance(data, kind):
        raise CaseFormatError(path, f"expected {wanted}, found {type(data).__name__}")
    return data
