"""Checking a scenario against resources/scenarios/scenario.schema.json.

The schema is the format's one definition: editors can use it to check a
file as it is typed, and this module checks it with jsonschema-rs. The
validator's own messages are written for programmers and quote regular
expressions, so each kind of error is put into our own words here, naming
the field and the line where the trainer will find it.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

from rvr_desktop.workflow.shipped_files import default_resources_dir

from .located_yaml import FieldPath, LocatedData
from .problems import ScenarioProblem, field_name

SCHEMA_FILE = Path("scenarios") / "scenario.schema.json"
_TYPES = {"string": "some text in quotes", "integer": "a whole number", "number": "a number",
          "boolean": "true or false", "array": "a list (lines starting with -)",
          "object": "a group of fields (name: value, one per line)", "null": "nothing"}


@cache
def scenario_schema() -> dict[str, Any]:
    return json.loads((default_resources_dir() / SCHEMA_FILE).read_text(encoding="utf-8"))


@cache
def _validator() -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(scenario_schema())


def schema_problems(located: LocatedData) -> list[ScenarioProblem]:
    """Every way the data breaks the schema, in file order."""
    problems = set()
    for error in _validator().iter_errors(located.data):
        path: FieldPath = tuple(error.instance_path)
        path, problem = _explain(error, path)
        problems.add(ScenarioProblem(field_name(path), located.line_of(path), problem))
    return sorted(problems, key=lambda found: (found.line, found.field, found.problem))


def _explain(error: jsonschema_rs.ValidationError, path: FieldPath) -> tuple[FieldPath, str]:
    kind = error.kind.name
    details = error.kind.as_dict()
    found = _show(error.instance)
    if kind == "required":
        # The missing field has no line; the line of the group it belongs in is found instead.
        return (*path, details["property"]), "is missing"
    if kind == "additionalProperties":
        name = details["unexpected"][0]
        return (*path, name), f"is not a field this program knows here{_near(name, error)}"
    if kind == "propertyNames":
        inner = details["error"].instance
        return (*path, inner), f"'{inner}' can't be a name here: {_expected(details['error'])}"
    if kind == "type":
        wanted = " or ".join(_TYPES.get(name, name) for name in details["types"])
        return path, f"expected {wanted}, found {found}"
    if kind == "enum":
        return path, f"expected one of {', '.join(map(str, details['options']))}; found {found}"
    if kind == "const":
        return path, f"expected {_described(error) or json.dumps(details['expected_value'])}, found {found}"
    if kind == "pattern":
        return path, f"expected {_expected(error)}, found {found}"
    if kind == "minimum":
        return path, f"expected {details['limit']} or more, found {found}"
    if kind == "maximum":
        return path, f"expected {details['limit']} or less, found {found}"
    if kind == "minItems":
        return path, f"expected at least {details['limit']} entries"
    if kind == "minProperties":
        return path, f"expected at least {details['limit']} fields"
    if kind == "uniqueItems":
        return path, "lists the same entry twice"
    return path, f"does not fit the scenario format (the schema's '{kind}' rule)"


def _subschema(error: jsonschema_rs.ValidationError) -> dict[str, Any]:
    """The part of the schema holding the rule that failed."""
    part: Any = scenario_schema()
    for step in list(error.schema_path)[:-1]:
        part = part[step]
    return part if isinstance(part, dict) else {}


def _described(error: jsonschema_rs.ValidationError) -> str:
    return _subschema(error).get("description", "")


def _expected(error: jsonschema_rs.ValidationError) -> str:
    return _described(error) or "a value in the form docs/training.md describes"


def _near(name: str, error: jsonschema_rs.ValidationError) -> str:
    known = list(_subschema(error).get("properties", {}))
    near = difflib.get_close_matches(name, known, n=1)
    return f" (did you mean '{near[0]}'?)" if near else f"; the fields here are {', '.join(known)}" if known else ""


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…\""
