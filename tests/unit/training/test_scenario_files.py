"""The shipped scenarios, and how a broken scenario file is reported: every
problem names the field and the line, in words a trainer can act on."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema_rs
import pytest
from training_runs import TERM_TIME_NOON

from rvr_desktop.training import ScenarioFileError, check_scenario_file, load_scenario
from rvr_desktop.training.scenario import Decision, EventKind, InterpreterNeed
from rvr_desktop.training.scenario_files import default_scenarios_dir
from rvr_desktop.training.schema_check import scenario_schema
from rvr_desktop.workflow.referrals import ReferralKind
from rvr_desktop.workflow.safety import ALL_QUESTIONS

SHIPPED = default_scenarios_dir()


def test_the_issue_asks_for_these_eight_scenarios_and_they_are_shipped(scenarios):
    assert len(scenarios) >= 8
    grades = {scenario.risk.grade.value for scenario in scenarios.values() if scenario.risk}
    assert grades == {"standard", "medium", "high"}
    high = scenarios["high-risk-marac-idva"].expected.referrals
    assert {ReferralKind.MARAC, ReferralKind.IDVA} <= set(high)
    assert scenarios["not-safe-at-start"].expected.decision is Decision.ESCALATE_BEFORE_LINK
    returns = scenarios["suspect-returns"]
    assert returns.expected.decision is Decision.ESCALATE_DURING_CALL
    assert [event.kind for event in returns.events] == [EventKind.SUSPECT_ARRIVES]
    friday = scenarios["friday-children"]
    assert friday.clock.label == "Friday 21:40" and len(friday.account.children) == 2
    assert friday.expected.encompass_due_weekday == "monday"
    assert scenarios["interpreter-polish"].caller.interpreter is InterpreterNeed.SPOKEN
    assert scenarios["deaf-caller-bsl"].caller.interpreter is InterpreterNeed.BSL
    kinds = {event.kind for scenario in scenarios.values() for event in scenario.events}
    assert kinds == set(EventKind)


def test_callers_have_their_own_drama_range_numbers(scenarios):
    numbers = [scenario.caller.phone.replace(" ", "") for scenario in scenarios.values()]
    assert all(number.startswith("07700900") for number in numbers)
    assert len(set(numbers)) == len(numbers)
    # The practice phone treats ...000 as a number that doesn't exist and ...111 as switched off.
    assert not any(number.endswith(("000", "111")) for number in numbers)


def test_the_schema_asks_exactly_the_workflows_safety_questions():
    answers = scenario_schema()["properties"]["safety"]["properties"]["answers"]
    assert set(answers["properties"]) == set(ALL_QUESTIONS)
    referrals = scenario_schema()["properties"]["expected"]["properties"]["referrals"]["items"]["enum"]
    assert referrals == [kind.value for kind in ReferralKind]


def _line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if needle in line)


# scenario, text to replace, replacement, field, words in the problem, a line of the result to expect it on
BROKEN = [
    ("standard-risk", "age: {years: 34, months: 5}", "age: {years: thirty}", "caller.age.years",
     'expected a whole number, found "thirty"', "age: {years: thirty}"),
    ("standard-risk", "  safe_time_to_call:", "  safe_time_to_cal:", "handover.safe_time_to_cal",
     "did you mean 'safe_time_to_call'?", "safe_time_to_cal:"),
    ("standard-risk", '  place: "The hallway of her flat, Flat 3, 21 Practice Street, Anytown"\n', "",
     "account.place", "is missing", "account:"),
    ("standard-risk", '"07700 900412"', '"07911 123456"', "caller.phone", "Ofcom's drama range", "07911 123456"),
    ("standard-risk", "    safe_place: yes", "    safe_place: maybe", "safety.answers.safe_place",
     "expected one of yes, no, not_known; found \"maybe\"", "safe_place: maybe"),
    ("standard-risk", "    injury: no", "    injuries: no", "risk.answers.injuries",
     "is not a question of DASH (police, 27 questions)", "injuries: no"),
    ("standard-risk", "referrals: [support_services]", "referrals: [support_services, marac]",
     "expected.referrals[1]", "the rules don't propose MARAC", "referrals: [support_services, marac]"),
    ("standard-risk", "prompt: risk.separation", "prompt: risk.separashun", "script[3].prompt",
     "did you mean 'risk.separation'?", "risk.separashun"),
    ("standard-risk", "  grade: standard", "  grade: medium", "risk.grade",
     "say in risk.judgement why professional judgement raises it", "grade: medium"),
    ("standard-risk", "at about {incident_time} he", "at about {incident_hour} he", "account.narrative[1]",
     "{incident_hour} is not a placeholder", "{incident_hour}"),
    ("standard-risk", 'link_sent: "1:30"', 'link_sent: "1:3"', "targets.link_sent",
     'expected a time in minutes and seconds, like "4:30", found "1:3"', 'link_sent: "1:3"'),
    ("standard-risk", "id: standard-risk", "id: standard", "id", "must be the file's name", "id: standard"),
    ("standard-risk", "    own_phone: yes\n", "    own_phone: yes\n    own_phone: no\n", "(whole file)",
     "the field 'own_phone' is given twice", "own_phone: no"),
    ("standard-risk", "    children_present: no\n  truth:", "    children_present: [no\n  truth:", "(whole file)",
     "this is not valid YAML", "truth:"),
    ("high-risk-marac-idva", "  grade: high", "  grade: medium", "risk.grade",
     "can't be medium: the answers count 15 \u201cyes\u201d, which is high", "grade: medium"),
    ("not-safe-at-start", "decision: escalate_before_link", "decision: video_call", "safety.answers.safe_place",
     "is an unsafe answer, which ends the video path", "    safe_place: no"),
    ("suspect-returns", 'at: "7:00"', 'at: "19:00"', "events[0].at", "falls after the scenario's time_limit",
     'at: "19:00"'),
    ("suspect-returns", "kind: suspect_arrives", "kind: connection_drops", "expected.decision",
     "no event has kind suspect_arrives", "decision: escalate_during_call"),
    ("friday-children", "encompass_due_weekday: monday", "encompass_due_weekday: tuesday",
     "expected.encompass_due_weekday", "due on monday, not tuesday", "encompass_due_weekday: tuesday"),
    ("friday-children", "{born:theo}", "{born:theodore}", "script[2].says", "{born:theodore} names nobody",
     "{born:theodore}"),
    ("interpreter-polish", "    english: Yes, I agree.\n", "", "script[7]", "has no 'english'",
     "prompt: safety.consents_to_video"),
    ("deaf-caller-bsl", 'at: "0:30"', 'at: "0:30"\n    volume: loud', "events[0].volume",
     "is not a field this program knows here", "volume: loud"),
]


@pytest.mark.parametrize(("scenario_id", "old", "new", "field", "words", "on_line"), BROKEN,
                         ids=[f"{case[0]}:{case[3]}" for case in BROKEN])
def test_a_broken_file_names_the_field_and_the_line(tmp_path: Path, policy, scenario_id, old, new, field, words,
                                                     on_line):
    text = (SHIPPED / f"{scenario_id}.yaml").read_text(encoding="utf-8")
    assert old in text
    broken = text.replace(old, new, 1)
    path = tmp_path / f"{scenario_id}.yaml"
    path.write_text(broken, encoding="utf-8")
    checked = check_scenario_file(path, policy, now=TERM_TIME_NOON)
    assert not checked.ok
    found = [(problem.field, problem.line) for problem in checked.problems if words in problem.problem]
    assert found == [(field, _line_of(broken, on_line))], checked.problems


def test_loading_a_broken_file_raises_with_every_problem(tmp_path: Path, policy):
    path = tmp_path / "standard-risk.yaml"
    text = (SHIPPED / "standard-risk.yaml").read_text().replace("    injury: no", "    injury: perhaps") \
        .replace("  language: English", "  language: 12")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioFileError) as raised:
        load_scenario(path, policy, now=TERM_TIME_NOON)
    language, injury = _line_of(text, "language: 12"), _line_of(text, "injury: perhaps")
    assert [(p.field, p.line) for p in raised.value.problems] == [("caller.language", language),
                                                                  ("risk.answers.injury", injury)]
    assert str(raised.value).startswith(f"{path}, line {language}, field 'caller.language': expected some text in "
                                        "quotes, found 12 (and 1 more problems)")
    assert "rvr-desktop scenario validate" in str(raised.value)


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path: Path, policy):
    checked = check_scenario_file(tmp_path / "nothing.yaml", policy)
    assert [(p.field, p.line, p.problem) for p in checked.problems] == [("(whole file)", 1, "the file is missing")]


def test_the_schema_is_valid_json_schema():
    assert jsonschema_rs.meta.is_valid(json.loads((SHIPPED / "scenario.schema.json").read_text()))


def test_the_validate_command_exits_1_naming_the_field_and_line(cli, tmp_path: Path):
    path = tmp_path / "standard-risk.yaml"
    text = (SHIPPED / "standard-risk.yaml").read_text().replace("    safe_place: yes", "    safe_place: 1")
    path.write_text(text)
    done = cli("scenario", "validate", str(path), str(SHIPPED / "friday-children.yaml"))
    assert done.returncode == 1
    line = _line_of(text, "safe_place: 1")
    assert (f"{path}, line {line}, field 'safety.answers.safe_place': expected one of yes, no, not_known; "
            "found 1") in done.stderr
    assert f"ok {SHIPPED / 'friday-children.yaml'}: Two children present, late on a Friday" in done.stdout


def test_the_list_command_shows_every_shipped_scenario(cli):
    done = cli("scenario", "list")
    assert done.returncode == 0, done.stderr
    for name in ("standard-risk", "not-safe-at-start", "friday-children", "deaf-caller-bsl"):
        assert name in done.stdout
    assert "right decision: escalate at the safety check, with no link sent" in done.stdout
    assert "the call comes in on Friday 21:40" in done.stdout


def test_the_list_command_marks_a_broken_file(cli, tmp_path: Path):
    (tmp_path / "standard-risk.yaml").write_text((SHIPPED / "standard-risk.yaml").read_text())
    (tmp_path / "broken.yaml").write_text("format: 1\nid: broken\n")
    done = cli("scenario", "list", "--folder", str(tmp_path))
    assert done.returncode == 1
    assert "broken  " in done.stdout and "NOT USABLE: line 1, field 'caller': is missing" in done.stdout
    assert "standard-risk" in done.stdout
    assert "1 of 2 scenario files can't be used" in done.stderr


def test_a_force_that_records_calls_needs_the_callers_consent_in_every_scenario(tmp_path: Path, policy):
    recording = replace(policy, video_call=replace(policy.video_call, records_video_calls=True))
    text = (SHIPPED / "standard-risk.yaml").read_text().replace("    consents_to_recording: yes\n", "")
    path = tmp_path / "standard-risk.yaml"
    path.write_text(text)
    [problem] = check_scenario_file(path, recording, now=TERM_TIME_NOON).problems
    assert (problem.field, problem.line) == ("safety.answers.consents_to_recording", _line_of(text, "  answers:"))
    assert "this force records video calls" in problem.problem
    assert check_scenario_file(path, policy, now=TERM_TIME_NOON).ok


def test_a_missing_video_file_is_named(tmp_path: Path, policy):
    text = (SHIPPED / "standard-risk.yaml").read_text() + "\nmedia:\n  video: media/dana.webm\n"
    path = tmp_path / "standard-risk.yaml"
    path.write_text(text)
    [problem] = check_scenario_file(path, policy, now=TERM_TIME_NOON).problems
    assert (problem.field, problem.line) == ("media.video", _line_of(text, "video: media/dana.webm"))
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "dana.webm").write_bytes(b"not really a video")
    assert check_scenario_file(path, policy, now=TERM_TIME_NOON).scenario.video == tmp_path / "media" / "dana.webm"
