"""The statement's maker from the hand-over, and "18 or over" asked where the account can't answer it."""

from __future__ import annotations

from datetime import date

from rvr_desktop.workflow.intake import Intake
from rvr_desktop.workflow.statement import (
    StatementDetails,
    maker_is_adult,
    missing_from_statement,
    prefill_maker,
    statement_gaps,
    statement_started,
)
from rvr_desktop.workflow.steps import Step, StepState, status_of

TODAY = date(2026, 11, 20)


def test_the_makers_name_comes_from_the_hand_over_once():
    statement = StatementDetails()
    assert prefill_maker(statement, Intake(caller_name="Amira Haddad"))
    assert statement.maker_name == "Amira Haddad"
    statement.maker_name = ""  # the officer clears it on purpose
    assert not prefill_maker(statement, Intake(caller_name="Amira Haddad"))
    assert statement.maker_name == ""


def test_a_name_the_officer_typed_first_is_never_written_over():
    statement = StatementDetails(maker_name="Amira H. Haddad")
    prefill_maker(statement, Intake(caller_name="Amira Haddad"))
    assert statement.maker_name == "Amira H. Haddad"


def test_a_statement_only_prefilled_is_not_started():
    statement = StatementDetails()
    prefill_maker(statement, Intake(caller_name="Amira Haddad"))
    assert not statement_started(statement)
    statement.dates_to_avoid = "none"
    assert statement_started(statement)


def test_over_18_is_asked_only_when_the_account_has_no_date_of_birth():
    statement = StatementDetails()
    asked = [gap for gap in statement_gaps(statement, None) if gap.field == "maker_over_18"]
    assert [gap.what for gap in asked] == ["whether the maker is 18 or over (the account has no date of birth)"]
    assert not [gap for gap in statement_gaps(statement, date(1990, 1, 1)) if gap.field == "maker_over_18"]
    statement.maker_over_18 = False
    assert "18 or over" not in " ".join(missing_from_statement(statement, None))


def test_the_date_of_birth_decides_over_18_when_recorded():
    said_adult = StatementDetails(maker_over_18=True)
    assert maker_is_adult(said_adult, date(2009, 11, 21), TODAY) is False  # 18 tomorrow
    assert maker_is_adult(said_adult, date(2008, 11, 20), TODAY) is True  # 18 today
    assert maker_is_adult(said_adult, None, TODAY) is True
    assert maker_is_adult(StatementDetails(), None, TODAY) is None


def test_each_gap_names_a_field_of_the_statement():
    fields = {gap.field for gap in statement_gaps(StatementDetails(), None)}
    assert fields <= set(StatementDetails.__dataclass_fields__)
    assert {"maker_name", "maker_over_18", "narrative", "dates_to_avoid"} <= fields


def test_the_step_says_which_answer_is_missing_in_plain_words(build, policy):
    case = build.done_before(Step.REVIEW)
    case.statement.maker_over_18 = None
    status = status_of(case, policy, Step.STATEMENT)
    assert status.state is StepState.IN_PROGRESS
    assert "whether the maker is 18 or over" in status.reason
    case.account.victim.date_of_birth = date(1991, 3, 14)
    assert status_of(case, policy, Step.STATEMENT).state is StepState.DONE
