"""The records API contract: the OpenAPI document and checks against its schemas.

The document in `resources/records-api/` is the one source of truth: the
practice server checks requests with it and the workstation checks answers
with it, so neither can drift from what a force is told to build. Pure: no
network here, so the practice server can use it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import jsonschema_rs
import yaml

from rvr_desktop.workflow.shipped_files import default_resources_dir

CONTRACT_PATH = default_resources_dir() / "records-api" / "openapi.yaml"
API_VERSION = "1"
# Enough for any case; a bigger body is a fault, not a case.
MAX_JSON_BYTES = 1024 * 1024
MAX_EXHIBIT_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class ContractProblem:
    """One way a document breaks the contract: where (a JSON pointer) and what."""

    pointer: str
    detail: str


@cache
def contract() -> dict[str, Any]:
    """The OpenAPI document, parsed once."""
    with CONTRACT_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def _validator(schema_name: str) -> jsonschema_rs.Validator:
    document = contract()
    if schema_name not in document["components"]["schemas"]:
        raise KeyError(f"the records API contract has no schema {schema_name!r}")
    root = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": f"#/components/schemas/{schema_name}",
        "components": document["components"],
    }
    return jsonschema_rs.validator_for(root, validate_formats=True)


def problems_with(schema_name: str, document: Any, *, limit: int = 20) -> list[ContractProblem]:
    """How `document` breaks the named schema (empty when it conforms)."""
    found = []
    for error in _validator(schema_name).iter_errors(document):
        pointer = "".join(f"/{str(part).replace('~', '~0').replace('/', '~1')}" for part in error.instance_path)
        # The validator quotes the offending value; a long narrative quoted
        # back helps nobody, so messages are kept short.
        message = error.message if len(error.message) <= 300 else error.message[:297] + "…"
        found.append(ContractProblem(pointer, message))
        if len(found) >= limit:
            break
    return found


def exhibit_media_types() -> tuple[str, ...]:
    """The media types the contract accepts for an exhibit's bytes."""
    operation = contract()["paths"]["/v1/investigations/{investigation_id}/exhibits/{sha256}"]["put"]
    return tuple(operation["requestBody"]["content"])
