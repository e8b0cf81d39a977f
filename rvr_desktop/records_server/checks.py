"""What the records system checks beyond the contract's schema: that the POLE
entities and links of an investigation refer to each other correctly.

JSON Schema cannot say "every link joins two entities of this request", so
these rules are written here and described in the contract's prose.
"""

from __future__ import annotations

from collections import Counter

from rvr_desktop.sync.contract import ContractProblem

_PREFIX = {"persons": "P", "locations": "L", "objects": "O"}


def cross_reference_problems(request: dict) -> list[ContractProblem]:
    """Problems with refs and links in a request that already meets the schema."""
    problems: list[ContractProblem] = []
    refs: dict[str, str] = {}  # ref -> pointer of the entity that has it
    entities = [("/event", request["event"], "E")]
    for section, prefix in _PREFIX.items():
        entities += [(f"/{section}/{i}", item, prefix) for i, item in enumerate(request[section])]
    for pointer, entity, prefix in entities:
        ref = entity["ref"]
        if not ref.startswith(prefix):
            problems.append(ContractProblem(f"{pointer}/ref", f"{ref} should start with {prefix} here"))
        elif ref in refs:
            problems.append(ContractProblem(f"{pointer}/ref", f"{ref} is used twice (also at {refs[ref]})"))
        else:
            refs[ref] = pointer
    for i, link in enumerate(request["links"]):
        for end in ("from", "to"):
            if link[end] not in refs:
                problems.append(ContractProblem(f"/links/{i}/{end}", f"{link[end]} is not an entity of this request"))
    victims = [p for p in request["persons"] if p["role"] == "victim"]
    if len(victims) != 1:
        problems.append(ContractProblem("/persons", f"an investigation has exactly one victim; found {len(victims)}"))
    exhibits = [o for o in request["objects"] if o["kind"] == "exhibit"]
    for field in ("sha256", "reference"):
        for value, count in Counter(e[field] for e in exhibits).items():
            if count > 1:
                problems.append(ContractProblem("/objects", f"two exhibits have the same {field} {value}"))
    children = {p["ref"] for p in request["persons"] if p["role"] == "child"}
    for i, referral in enumerate(request["referrals"]):
        if referral.get("child") is not None and referral["child"] not in children:
            problems.append(ContractProblem(f"/referrals/{i}/child", f"{referral['child']} is not a child here"))
    for i, disclosure in enumerate(request["disclosures"]):
        for role in ("applicant", "subject"):
            if role in disclosure and disclosure[role] not in refs:
                problems.append(ContractProblem(f"/disclosures/{i}/{role}",
                                                f"{disclosure[role]} is not an entity of this request"))
    return problems
