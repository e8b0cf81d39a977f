"""The shipped policy files load, and a broken copy names the file and field."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from rvr_desktop.workflow.instruments import RiskGrade
from rvr_desktop.workflow.policy import load_policy
from rvr_desktop.workflow.policy_files import PolicyFileError
from rvr_desktop.workflow.shipped_files import default_resources_dir

REPO = Path(__file__).resolve().parents[3]
JsonEdit = Callable[[Any], None]


def test_default_resources_dir_is_the_folder_inside_the_package():
    # Inside the package, so a wheel carries it (tests/e2e/test_wheel_install.py installs one).
    assert default_resources_dir() == REPO / "rvr_desktop" / "resources"


def test_the_shipped_policy_holds_the_documented_values(policy):
    assert policy.instrument_id == "dash-2009-police"
    assert (policy.marac.escalation_incident_count, policy.marac.escalation_window_months) == (3, 12)
    assert policy.marac.repeat_window_months == 12
    assert policy.encompass.calendar.day_starts_at == time(8, 30)
    assert policy.encompass.calendar.zone_name == "Europe/London"
    assert policy.zone == ZoneInfo("Europe/London")
    assert (policy.encompass.first_school_age, policy.encompass.last_school_age) == (4, 17)
    assert date(2025, 10, 29) in policy.encompass.calendar.holidays  # a half-term day from a range
    assert date(2026, 5, 4) in policy.encompass.calendar.holidays  # a one-day holiday
    assert policy.video_call.response_target == timedelta(minutes=3)
    assert policy.phone.international_mobiles_allowed is False


def test_the_dash_instrument_has_27_questions_and_its_bands(policy):
    dash = policy.instruments["dash-2009-police"]
    assert len(dash.questions) == 27
    assert [(band.grade, band.min_yes) for band in dash.bands] == [
        (RiskGrade.STANDARD, 0), (RiskGrade.MEDIUM, 10), (RiskGrade.HIGH, 14),
    ]
    flagged = {question.indicator for question in dash.questions if question.indicator}
    assert flagged == {"strangulation", "threats_to_kill", "stalking", "separation", "escalation",
                       "honour_based_abuse"}


def test_each_instrument_says_where_its_wording_comes_from(policy):
    for instrument in policy.instruments.values():
        assert "not the published" in instrument.source or "not SafeLives' published text" in instrument.source
        assert instrument.may_change is True
        assert instrument.high_from == 14
        assert "set for its own 24-question" in instrument.threshold_basis or \
            "set for this 24-question checklist" in instrument.threshold_basis
    police = policy.instruments["dash-2009-police"]
    assert "This is the police DASH of 27 questions" in police.threshold_basis
    assert {q.question_id for q in police.questions if q.for_children} >= {"child_contact", "harmed_children"}


def test_a_second_shorter_instrument_is_installed(policy):
    partner = policy.instruments["partner-agency-24"]
    assert len(partner.questions) == 24
    assert [band.grade for band in partner.bands] == [RiskGrade.STANDARD, RiskGrade.HIGH]


def _set(path: list[Any], value: Any) -> JsonEdit:
    def edit(data: Any) -> None:
        for key in path[:-1]:
            data = data[key]
        data[path[-1]] = value
    return edit


def _drop(path: list[Any]) -> JsonEdit:
    def edit(data: Any) -> None:
        for key in path[:-1]:
            data = data[key]
        del data[path[-1]]
    return edit


DASH = "instruments/dash-2009-police.json"
REFERRALS = "policy/referrals.json"
BROKEN = [
    (REFERRALS, _set(["marac", "escalation_incident_count"], "three"), "marac.escalation_incident_count"),
    (REFERRALS, _set(["marac", "escalation_incident_count"], 1), "marac.escalation_incident_count"),
    ("policy/referrals.json", _drop(["marac", "repeat_window_months"]), "marac.repeat_window_months"),
    ("policy/referrals.json", _set(["marac", "repeat_window"], 12), "marac.repeat_window"),
    ("policy/referrals.json", _set(["format"], 2), "format"),
    ("policy/encompass.json", _set(["school_day_starts_at"], "8.30"), "school_day_starts_at"),
    ("policy/encompass.json", _set(["school_day_starts_at"], "24:00"), "school_day_starts_at"),
    ("policy/encompass.json", _set(["time_zone"], "Europe/Londn"), "time_zone"),
    ("policy/encompass.json", _set(["school_age", "to"], 3), "school_age.to"),
    ("policy/encompass.json", _set(["holidays", 1, "first"], "2025-13-01"), "holidays[1].first"),
    ("policy/encompass.json", _set(["holidays", 1, "last"], "2025-10-01"), "holidays[1].last"),
    ("policy/encompass.json", _set(["holidays", 2], "2025-12-25"), "holidays[2]"),
    ("policy/encompass.json", _drop(["holidays", 0, "name"]), "holidays[0].name"),
    # The day the statutory duty began is policy, cited, and a real date.
    ("policy/encompass.json", _drop(["statutory_duty", "from"]), "statutory_duty.from"),
    ("policy/encompass.json", _set(["statutory_duty", "from"], "7 Nov 2025"), "statutory_duty.from"),
    ("policy/phone.json", _set(["international_mobiles_allowed"], "yes"), "international_mobiles_allowed"),
    ("policy/phone.json", _set(["home_region"], "UK"), "home_region"),
    ("policy/video_call.json", _set(["response_target_seconds"], 0), "response_target_seconds"),
    ("policy/video_call.json", _set(["records_video_calls"], 1), "records_video_calls"),
    ("policy/risk.json", _set(["instrument"], "dash-2099"), "instrument"),
    ("policy/risk.json", _set(["about"], 7), "about"),
    (DASH, _set(["grading", 0, "min_yes"], 1), "grading[0].min_yes"),
    (DASH, _set(["grading", 2, "min_yes"], 9), "grading[2]"),
    (DASH, _set(["grading", 1, "grade"], "severe"), "grading[1].grade"),
    (DASH, _set(["grading", 2, "min_yes"], 28), "grading[2].min_yes"),
    (DASH, _set(["questions", 17, "indicator"], "strangling"), "questions[17].indicator"),
    (DASH, _set(["questions", 1, "id"], "injury"), "questions[1].id"),
    (DASH, _set(["questions", 0, "text"], " "), "questions[0].text"),
    (DASH, _set(["questions"], []), "questions"),
    (DASH, _set(["indicators", "stalking"], None), "indicators.stalking"),
    ("instruments/partner-agency-24.json", _set(["id"], "dash-2009-police"), "id"),
    # An instrument must say where its wording comes from and whether a force may change it.
    (DASH, _drop(["source"]), "source"),
    (DASH, _set(["source"], " "), "source"),
    (DASH, _drop(["may_change"]), "may_change"),
    (DASH, _set(["may_change"], "yes"), "may_change"),
    # And which checklist its count threshold was set for, since the MARAC referral prints it.
    (DASH, _drop(["threshold_basis"]), "threshold_basis"),
    (DASH, _set(["questions", 6, "for_children"], "yes"), "questions[6].for_children"),
    ("instruments/partner-agency-24.json", _drop(["source"]), "source"),
    (REFERRALS, _drop(["marac", "escalation_counts_only_reported"]), "marac.escalation_counts_only_reported"),
    # An offence names its statute and its source, and only questions an installed instrument asks.
    ("policy/offences.json", _drop(["offences", 0, "statute"]), "offences[0].statute"),
    ("policy/offences.json", _drop(["offences", 1, "source"]), "offences[1].source"),
    ("policy/offences.json", _set(["offences", 0, "when_yes"], ["strangling"]), "offences[0].when_yes"),
    ("policy/offences.json", _set(["offences", 0, "when_yes"], []), "offences[0].when_yes"),
    # Each MARAC rule names where it comes from; the escalation threshold's source is the MARAC's own document.
    (REFERRALS, _drop(["marac", "escalation_source"]), "marac.escalation_source"),
    (REFERRALS, _set(["marac", "judgement_source"], " "), "marac.judgement_source"),
    # Every action the case can show has an owner, a deadline and a source; a line of enquiry names only
    # offences the offence rules have.
    ("policy/case_actions.json", _drop(["shown", "arrest"]), "shown.arrest"),
    ("policy/case_actions.json", _drop(["shown", "abe_interview", "source"]), "shown.abe_interview.source"),
    ("policy/case_actions.json", _drop(["shown", "arrest", "within_hours"]), "shown.arrest.by"),
    ("policy/case_actions.json", _set(["lines_of_enquiry", 3, "for_offences"], ["strangling"]),
     "lines_of_enquiry[3].for_offences"),
    ("policy/case_actions.json", _set(["lines_of_enquiry", 0, "within_hours"], -1), "lines_of_enquiry[0].within_hours"),
    # Every record the summary lists as relevant material has a schedule, and only one of the two.
    ("policy/case_actions.json", _drop(["relevant_material", "first_account"]), "relevant_material.first_account"),
    ("policy/case_actions.json", _set(["relevant_material", "risk_assessment", "schedule"], "MG6X"),
     "relevant_material.risk_assessment.schedule"),
]


@pytest.fixture
def resources(tmp_path: Path) -> Path:
    copy = tmp_path / "resources"
    shutil.copytree(default_resources_dir(), copy)
    return copy


@pytest.mark.parametrize(("relative", "edit", "field"), BROKEN, ids=[f"{r}:{f}" for r, _, f in BROKEN])
def test_a_broken_file_is_refused_naming_the_file_and_the_field(resources: Path, relative: str, edit, field: str):
    path = resources / relative
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PolicyFileError) as refused:
        load_policy(resources)
    assert (refused.value.file, refused.value.field) == (path, field)
    assert str(path) in str(refused.value) and f"'{field}'" in str(refused.value)


def test_a_file_that_is_not_json_is_refused_with_the_line(resources: Path):
    path = resources / "policy/phone.json"
    path.write_text('{\n  "format": 1,\n  "home_region": "GB",,\n}', encoding="utf-8")
    with pytest.raises(PolicyFileError, match=r"line 3") as refused:
        load_policy(resources)
    assert refused.value.file == path


def test_a_missing_file_is_refused_by_name(resources: Path):
    path = resources / "policy/video_call.json"
    path.unlink()
    with pytest.raises(PolicyFileError, match="missing") as refused:
        load_policy(resources)
    assert refused.value.file == path


def test_a_folder_with_no_instruments_is_refused(resources: Path):
    for path in (resources / "instruments").glob("*.json"):
        path.unlink()
    with pytest.raises(PolicyFileError, match="no instrument files"):
        load_policy(resources)


def test_another_copy_of_the_resources_can_change_a_threshold(resources: Path):
    path = resources / "policy/referrals.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["marac"]["escalation_incident_count"] = 4
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_policy(resources).marac.escalation_incident_count == 4


def test_a_misspelt_field_is_pointed_out(resources: Path):
    path = resources / "policy/referrals.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["marac"]["repeat_window_month"] = data["marac"].pop("repeat_window_months")
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PolicyFileError, match="'repeat_window_month': is that a misspelling") as refused:
        load_policy(resources)
    assert refused.value.field == "marac.repeat_window_months"
