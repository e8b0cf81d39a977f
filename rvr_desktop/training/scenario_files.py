"""Scenario files under resources/scenarios/: finding, reading and checking them.

A file is read in three passes, each reporting every problem it finds with
the field and the line:

1. YAML, read strictly (`located_yaml`);
2. the format, against the JSON Schema next to the scenarios (`schema_check`);
3. the sense of it, against the force's policy (`cross_checks`): question
   ids the instrument has, prompts that exist, events inside the time limit,
   and a model run of the scenario that must earn full marks.

Only a file that passes all three becomes a `Scenario`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from rvr_desktop.workflow.account import Injury, ProsecutionWish, WeaponOrObject
from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.instruments import RiskGrade
from rvr_desktop.workflow.policy import Policy
from rvr_desktop.workflow.shipped_files import default_resources_dir
from rvr_desktop.workflow.referrals import ReferralKind

from .cross_checks import cross_check
from .located_yaml import YamlProblem, read_located_yaml
from .problems import ScenarioFileError, ScenarioProblem
from .scenario import (
    WEEKDAYS,
    AccountFacts,
    Age,
    CallClock,
    CallerProfile,
    ChildFacts,
    Decision,
    EarlierIncident,
    EventAnchor,
    EventKind,
    Expected,
    Handover,
    InterpreterNeed,
    RiskScript,
    SafetyScript,
    SafetyTruth,
    Scenario,
    ScriptedEvent,
    ScriptLine,
    SuspectFacts,
    SuspectWhereabouts,
    Targets,
)
from .schema_check import schema_problems

SCENARIO_SUFFIX = ".yaml"


def default_scenarios_dir() -> Path:
    return default_resources_dir() / "scenarios"


@dataclass(frozen=True)
class CheckedFile:
    """A scenario file after checking: the scenario, or the problems that stop it."""

    path: Path
    scenario: Scenario | None
    problems: tuple[ScenarioProblem, ...]

    @property
    def ok(self) -> bool:
        return self.scenario is not None


def check_scenario_file(path: Path, policy: Policy, *, now: datetime | None = None) -> CheckedFile:
    """Read and check one file; never raises for a bad file. `now` picks the model run's date (default: today)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return _refused(path, "the file is missing")
    except (OSError, UnicodeDecodeError) as error:
        return _refused(path, f"the file could not be read as UTF-8 text ({error})")
    try:
        located = read_located_yaml(text)
    except YamlProblem as problem:
        return CheckedFile(path, None, (ScenarioProblem("(whole file)", problem.line, problem.problem),))
    problems = schema_problems(located)
    if not problems and located.data["id"] != path.stem:
        problems = [ScenarioProblem("id", located.line_of(("id",)),
                                    f"must be the file's name without '{SCENARIO_SUFFIX}' ('{path.stem}'), "
                                    "so trainers and the debrief name the scenario the same way")]
    if problems:
        return CheckedFile(path, None, tuple(problems))
    scenario = scenario_from_data(located.data, path)
    problems = cross_check(scenario, located, policy, now)
    return CheckedFile(path, None if problems else scenario, tuple(problems))


def load_scenario(path: Path, policy: Policy, *, now: datetime | None = None) -> Scenario:
    """The scenario in `path`; `ScenarioFileError` lists every problem if the file can't be used."""
    checked = check_scenario_file(path, policy, now=now)
    if checked.scenario is None:
        raise ScenarioFileError(path, list(checked.problems))
    return checked.scenario


def scenario_files(folder: Path | None = None) -> list[Path]:
    """The scenario files in `folder` (default: the shipped ones), by name."""
    return sorted((folder or default_scenarios_dir()).glob(f"*{SCENARIO_SUFFIX}"))


def check_scenarios(policy: Policy, folder: Path | None = None, *, now: datetime | None = None) -> list[CheckedFile]:
    """Every scenario file in `folder`, checked: what `rvr-desktop scenario list` shows."""
    return [check_scenario_file(path, policy, now=now) for path in scenario_files(folder)]


def _refused(path: Path, problem: str) -> CheckedFile:
    return CheckedFile(path, None, (ScenarioProblem("(whole file)", 1, problem),))


def scenario_from_data(data: dict[str, Any], source: Path) -> Scenario:
    """A `Scenario` from data that has passed the schema check."""
    caller = data["caller"]
    safety = data["safety"]
    truth = safety["truth"]
    expected = data["expected"]
    media = data.get("media", {})
    return Scenario(
        scenario_id=data["id"],
        title=data["title"],
        summary=data["summary"],
        source=source,
        caller=CallerProfile(
            name=caller["name"], phone=caller["phone"].strip(), language=caller["language"],
            interpreter=InterpreterNeed(caller["interpreter"]), age=_age(caller["age"]), address=caller["address"],
            accessibility=caller.get("accessibility", ""), appearance=caller.get("appearance", "")),
        handover=Handover(**data["handover"]),
        safety=SafetyScript(
            answers={key: Answer(value) for key, value in safety["answers"].items()},
            truth=SafetyTruth(caller_safe=truth["caller_safe"], suspect=SuspectWhereabouts(truth["suspect"]),
                              children_present=truth["children_present"],
                              suspect_note=truth.get("suspect_note", ""))),
        expected=Expected(
            decision=Decision(expected["decision"]),
            referrals=tuple(ReferralKind(kind) for kind in expected.get("referrals", [])),
            statement_taken=expected.get("statement_taken", True),
            encompass_due_weekday=expected.get("encompass_due_weekday"),
            escalation_reason=expected.get("escalation_reason", "")),
        targets=Targets(link_sent=duration(data["targets"]["link_sent"]),
                        video_connected=duration(data["targets"]["video_connected"])),
        time_limit=duration(data["time_limit"]),
        account=_account(data["account"]) if "account" in data else None,
        risk=_risk(data["risk"]) if "risk" in data else None,
        clock=_clock(data["clock"]) if "clock" in data else None,
        events=tuple(_event(entry) for entry in data.get("events", [])),
        script=tuple(ScriptLine(entry["prompt"], entry["says"], entry.get("english", ""))
                     for entry in data.get("script", [])),
        teaches=tuple(data.get("teaches", [])),
        trainer_notes=data.get("trainer_notes", ""),
        video=source.parent / media["video"] if "video" in media else None,
    )


def duration(text: str) -> timedelta:
    """'4:30' (minutes and seconds) as a timedelta."""
    minutes, seconds = text.split(":")
    return timedelta(minutes=int(minutes), seconds=int(seconds))


def _age(data: dict[str, int]) -> Age:
    return Age(data["years"], data.get("months", 0), data.get("days", 0))


def _clock(data: dict[str, str]) -> CallClock:
    hours, minutes = data["time"].split(":")
    return CallClock(WEEKDAYS.index(data["weekday"]), time(int(hours), int(minutes)))


def _account(data: dict[str, Any]) -> AccountFacts:
    suspect = data["suspect"]
    return AccountFacts(
        minutes_before_call=data["minutes_before_call"],
        place=data["place"],
        narrative=tuple(data["narrative"]),
        suspect=SuspectFacts(name=suspect["name"], relationship=suspect["relationship"],
                             age=_age(suspect["age"]) if "age" in suspect else None,
                             description=suspect.get("description", ""), address=suspect.get("address", "")),
        prosecution_wish=ProsecutionWish(data["prosecution_wish"]),
        who_they_fear=data.get("who_they_fear", ""),
        injuries=tuple(Injury(**injury) for injury in data.get("injuries", [])),
        weapons=tuple(WeaponOrObject(**weapon) for weapon in data.get("weapons", [])),
        children=tuple(ChildFacts(**{**child, "age": _age(child["age"])}) for child in data.get("children", [])),
        previous_incidents=tuple(EarlierIncident(**earlier) for earlier in data.get("previous_incidents", [])),
        last_marac_referral_months_before=data.get("last_marac_referral_months_before"),
        substances=data.get("substances", ""),
        victim_wishes=data.get("victim_wishes", ""),
    )


def _risk(data: dict[str, Any]) -> RiskScript:
    return RiskScript(instrument_id=data["instrument"],
                      answers={key: Answer(value) for key, value in data["answers"].items()},
                      grade=RiskGrade(data["grade"]), judgement=data.get("judgement", ""),
                      judgement_not_used=data.get("judgement_not_used", ""))


def _event(data: dict[str, str]) -> ScriptedEvent:
    kind = EventKind(data["kind"])
    respond = duration(data["respond_within"]) if "respond_within" in data else kind.usual_response_time
    return ScriptedEvent(event_id=data["id"], kind=kind, after=EventAnchor(data["after"]), at=duration(data["at"]),
                         respond_within=respond, note=data.get("note", ""))

