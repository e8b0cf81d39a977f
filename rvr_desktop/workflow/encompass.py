"""Operation Encompass: telling a child's school before the next school day.

Judgement calls, written down:

- School age runs from reception to 17. We take "reception" as having turned
  4 by the date of the incident, and "17" as not yet having turned 18; both
  ages are policy. A child who is 4 but not yet in school (reception starts
  in the September after the fourth birthday) is still included: a needless
  notice costs a phone call, a missed one can cost a child.
- A child with no date of birth recorded is included too, with a reason
  asking the officer to check; an unknown age must not drop a child.
- The clock starts when police learned of the incident: the later of the
  incident time and the time the call came in. For a report made days after
  the event, a deadline before the report would be meaningless.
- The incident's date must make sense before a notice goes: not after the
  call came in (a time in the future is a typing slip), and not before the
  duty began (section 49A of the Domestic Abuse Act 2021, inserted by
  section 20 of the Victims and Prisoners Act 2024, in force from 7 November
  2025 under the Commencement No. 8 Regulations 2025, SI 2025/1168; the
  Home Office statutory guidance on Operation Encompass, 7 November 2025).
  An earlier incident may still be shared under the force's voluntary
  scheme, but not as the statutory duty, so the notice says which.
- A child below school age (at nursery, say) gets no notice under the duty:
  the statutory guidance's duty runs from reception to 17 and its settings
  are schools, alternative provision and colleges, not early years settings
  (Home Office statutory guidance on Operation Encompass, 7 November 2025).
  The documents say so for each such child rather than staying silent, and
  name the nursery, so children's services (told through the MASH referral)
  can decide whether the setting should know.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from .account import Child
from .date_checks import age_on
from .school_days import SchoolCalendar, next_school_day_start
from .times import local_date, spoken_date


@dataclass(frozen=True)
class EncompassRules:
    calendar: SchoolCalendar = field(default_factory=SchoolCalendar)
    first_school_age: int = 4
    last_school_age: int = 17
    # The day the statutory duty began (policy: resources/policy/encompass.json cites it).
    duty_from: date | None = None


@dataclass(frozen=True)
class EncompassNotice:
    """A school to tell about one child, by when, and why."""

    child: Child
    due_at: datetime | None
    reason: str
    # Why the incident's date needs checking before the notice goes, or "" when it is sensible.
    date_problem: str = ""


def police_aware_at(incident_at: datetime | None, call_received_at: datetime | None) -> datetime | None:
    """The later of the incident and the call: when the deadline starts to run."""
    known = [moment for moment in (incident_at, call_received_at) if moment is not None]
    return max(known) if known else None


def encompass_notices(
    children: list[Child], incident_at: datetime | None, call_received_at: datetime | None, rules: EncompassRules
) -> list[EncompassNotice]:
    """One notice for each involved child of school age (or of unknown age).

    Age is taken on the date of the incident (the call, if the incident time
    isn't recorded yet); the deadline runs from when police became aware.
    """
    aware_at = police_aware_at(incident_at, call_received_at)
    due = next_school_day_start(aware_at, rules.calendar) if aware_at else None
    incident_day = local_date(incident_at or aware_at, rules.calendar.zone) if aware_at else None
    problem = incident_date_problem(incident_at, call_received_at, rules)
    notices = []
    for child in children:
        reason = _why_notify(child, incident_day, rules)
        if child.involved and reason:
            notices.append(EncompassNotice(child, due, reason, problem))
    return notices


def why_no_notice(children: list[Child], incident_at: datetime | None, call_received_at: datetime | None,
                  rules: EncompassRules) -> list[tuple[Child, str]]:
    """Each involved child below school age, with why no notice goes (and where the child spends the day)."""
    aware_at = police_aware_at(incident_at, call_received_at)
    if aware_at is None:
        return []
    incident_day = local_date(incident_at or aware_at, rules.calendar.zone)
    found = []
    for child in children:
        if not child.involved or child.date_of_birth is None:
            continue
        age = age_on(child.date_of_birth, incident_day)
        if age < rules.first_school_age:
            who = child.name.strip() or "A child"
            setting = (f"{child.school.strip()} is not notified under it; children's services, told through the "
                       "MASH referral, can decide whether it should know" if child.school.strip()
                       else "no early years setting is recorded")
            found.append((child, f"{who} is {age}, below school age: the statutory duty runs from reception to "
                                 f"{rules.last_school_age} and does not cover early years settings, so {setting}."))
    return found


def incident_date_problem(incident_at: datetime | None, call_received_at: datetime | None,
                          rules: EncompassRules) -> str:
    """Why the incident's date is not sensible for a notice under the duty, or "" when it is."""
    if incident_at is None:
        return ""
    zone = rules.calendar.zone
    if call_received_at is not None and incident_at > call_received_at:
        return (f"The incident is recorded as {spoken_date(local_date(incident_at, zone))}, after the call came in "
                f"on {spoken_date(local_date(call_received_at, zone))}: correct the incident's date and time.")
    if rules.duty_from is not None and local_date(incident_at, zone) < rules.duty_from:
        return (f"The incident, on {spoken_date(local_date(incident_at, zone))}, is before the statutory duty "
                f"began on {spoken_date(rules.duty_from)}: check the date; an earlier incident is shared under the "
                "force's voluntary Operation Encompass scheme, not the duty.")
    return ""


def _why_notify(child: Child, incident_day: date | None, rules: EncompassRules) -> str | None:
    who = child.name.strip() or "A child"
    school = f" ({child.school.strip()})" if child.school.strip() else "; no school given yet"
    if child.date_of_birth is None or incident_day is None:
        return f"{who} may be of school age: record the date of birth to check{school}."
    age = age_on(child.date_of_birth, incident_day)
    if rules.first_school_age <= age <= rules.last_school_age:
        return f"{who} is {age}, of school age{school}: the school must hear before the next school day."
    return None
