"""A scenario's facts anchored to the moment a run's call comes in.

Ages become dates of birth on the incident's date, "40 minutes before the
call" becomes a time, "3 months before" becomes a date, and placeholders in
the caller's lines are filled in:

    {incident_date}   the incident's date, e.g. 07/11/2025
    {incident_time}   its time on the force's clock, e.g. 21:05
    {born:KEY}        a date of birth: KEY is caller, suspect or a child's key

Dates are written day/month/year, the way the workstation reads them, so a
trainee can type what the caller says, and the caller can say them in any
language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from rvr_desktop.workflow.account import Account, Child, PreviousIncident, Suspect, Victim
from rvr_desktop.workflow.referrals import months_before
from rvr_desktop.workflow.times import as_utc, local_date

from .scenario import Age, Scenario

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_KNOWN = re.compile(r"^(incident_date|incident_time|born:[a-z0-9][a-z0-9_-]*)$")


@dataclass(frozen=True)
class AnchoredFacts:
    """The dates a run of this scenario works with."""

    call_at: datetime
    incident_at: datetime
    incident_day: date
    zone: ZoneInfo

    def born(self, age: Age) -> date:
        return age.birth_date(self.incident_day)


def anchor(scenario: Scenario, call_at: datetime, local: ZoneInfo) -> AnchoredFacts:
    """The scenario's relative times made real for a call coming in at `call_at`."""
    minutes = scenario.account.minutes_before_call if scenario.account else 0
    incident_at = as_utc(call_at) - timedelta(minutes=minutes)
    return AnchoredFacts(as_utc(call_at), incident_at, local_date(incident_at, local), local)


def account_facts(scenario: Scenario, anchored: AnchoredFacts) -> Account:
    """A fresh `Account` holding everything the caller can tell, as a model trainee records it.

    Every call gives new objects, so a run can change its copy freely.
    """
    facts = scenario.account
    if facts is None:
        return Account()
    suspect = facts.suspect
    day = anchored.incident_day
    return Account(
        incident_at=anchored.incident_at,
        place=facts.place,
        narrative="\n\n".join(fill(line, scenario, anchored) for line in facts.narrative),
        victim=Victim(date_of_birth=anchored.born(scenario.caller.age), address=scenario.caller.address,
                      who_they_fear=facts.who_they_fear),
        suspect=Suspect(name=suspect.name, date_of_birth=anchored.born(suspect.age) if suspect.age else None,
                        relationship=suspect.relationship, description=suspect.description, address=suspect.address),
        injuries=[replace(injury) for injury in facts.injuries],
        weapons=[replace(weapon) for weapon in facts.weapons],
        children=[Child(name=child.name, date_of_birth=anchored.born(child.age), school=child.school,
                        lives_with_victim=child.lives_with_victim, present=child.present,
                        where_during_incident=child.where_during_incident,
                        what_seen_or_said=child.what_seen_or_said)
                  for child in facts.children],
        previous_incidents=[PreviousIncident(occurred_on=months_before(day, earlier.months_before),
                                             description=earlier.description)
                            for earlier in facts.previous_incidents],
        last_marac_referral_on=(months_before(day, facts.last_marac_referral_months_before)
                                if facts.last_marac_referral_months_before is not None else None),
        substances=facts.substances,
        prosecution_wish=facts.prosecution_wish,
        victim_wishes=facts.victim_wishes,
    )


def placeholder_problems(text: str, scenario: Scenario) -> list[str]:
    """What is wrong with the placeholders in `text`, in plain words (empty when all is well)."""
    people = _people(scenario)
    problems = []
    for found in _PLACEHOLDER.findall(text):
        if not _KNOWN.match(found):
            problems.append(f"{{{found}}} is not a placeholder this program fills in "
                            "(use {incident_date}, {incident_time} or {born:KEY})")
        elif found.startswith("born:") and found[5:] not in people:
            problems.append(f"{{{found}}} names nobody in this scenario; KEY can be {', '.join(sorted(people))}")
    if text.count("{") != len(_PLACEHOLDER.findall(text)) or text.count("}") != text.count("{"):
        problems.append("has a { or } that doesn't belong to a placeholder")
    return problems


def fill(text: str, scenario: Scenario, anchored: AnchoredFacts) -> str:
    """`text` with its placeholders filled in for this run (checked files only have known ones)."""
    people = _people(scenario)
    local = anchored.incident_at.astimezone(anchored.zone)

    def value(match: re.Match[str]) -> str:
        name = match[1]
        if name == "incident_date":
            return f"{local:%d/%m/%Y}"
        if name == "incident_time":
            return f"{local:%H:%M}"
        return f"{anchored.born(people[name[5:]]):%d/%m/%Y}"

    return _PLACEHOLDER.sub(value, text)


def _people(scenario: Scenario) -> dict[str, Age]:
    people = {"caller": scenario.caller.age}
    if scenario.account is not None:
        if scenario.account.suspect.age is not None:
            people["suspect"] = scenario.account.suspect.age
        people.update({child.key: child.age for child in scenario.account.children})
    return people
