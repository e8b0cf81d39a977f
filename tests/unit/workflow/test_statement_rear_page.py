"""The MG11's time and place and its rear page: what the statement step asks for, and what a stored draft keeps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rvr_desktop.workflow.answers import Answer
from rvr_desktop.workflow.exhibits import Exhibit
from rvr_desktop.workflow.plain_data import from_plain, to_plain
from rvr_desktop.workflow.statement import (
    StatementDetails,
    VictimPersonalStatement,
    exhibits_referred_to,
    mentions_interpreting,
    statement_gaps,
    visual_recordings,
)

AT = datetime(2025, 11, 4, 14, 30, tzinfo=UTC)


def _fields(statement: StatementDetails) -> set[str]:
    return {gap.field for gap in statement_gaps(statement, None)}


def test_the_rear_page_answers_are_asked_for():
    asked = _fields(StatementDetails())
    assert {"started_at", "finished_at", "witness_location", "court_needs", "medical_records_consent",
            "medical_disclosure_consent", "family_civil_disclosure_consent", "witness_service_referral"} <= asked


def test_a_statement_that_finished_before_it_started_is_sent_back():
    statement = StatementDetails(started_at=AT, finished_at=AT - timedelta(minutes=5))
    gap = next(gap for gap in statement_gaps(statement, None) if gap.field == "finished_at")
    assert "finished before it started" in gap.what
    statement.finished_at = AT + timedelta(minutes=20)
    assert "finished_at" not in _fields(statement)


def test_what_became_of_the_vps_is_asked_only_once_it_is_offered():
    statement = StatementDetails(victim_personal_statement_offered=False)
    assert "victim_personal_statement" not in _fields(statement)
    statement.victim_personal_statement_offered = True
    assert "victim_personal_statement" in _fields(statement)
    statement.victim_personal_statement = VictimPersonalStatement.DECLINED
    assert "victim_personal_statement" not in _fields(statement)


def test_an_interpreter_among_the_special_measures_is_sent_back():
    statement = StatementDetails(special_measures=Answer.YES, special_measures_notes="Screens; a Polish interpreter")
    gap = next(gap for gap in statement_gaps(statement, None) if gap.field == "special_measures_notes")
    assert "an interpreter is not a special measure" in gap.what
    assert mentions_interpreting("needs interpreting") and not mentions_interpreting("live link; an intermediary")
    statement.special_measures_notes = "Screens; an intermediary"
    assert "special_measures_notes" not in _fields(statement)


def test_a_draft_stored_before_these_answers_opens_with_them_unanswered():
    stored = to_plain(StatementDetails(maker_name="Amira Haddad", dates_to_avoid="none"))
    for name in ("started_at", "finished_at", "witness_location", "court_needs", "victim_personal_statement",
                 "medical_disclosure_consent", "family_civil_disclosure_consent", "witness_service_referral",
                 "demeanour_seen"):
        del stored[name]
    opened = from_plain(StatementDetails, stored, "statement")
    assert opened.maker_name == "Amira Haddad" and opened.started_at is None and opened.court_needs == ""
    assert opened.witness_service_referral is None


def _exhibit(reference: str, by: str, file_name: str) -> Exhibit:
    return Exhibit(reference, "an exhibit", by, AT, "how", "0" * 64, file_name)


def test_visually_recorded_means_a_video_exhibit():
    still, recording = _exhibit("JS/1", "PC 1 Jo", "exhibit-1.png"), _exhibit("JS/3", "PC 1 Jo", "exhibit-3.webm")
    assert visual_recordings([still]) == []
    assert visual_recordings([still, recording]) == [recording]


def test_exhibits_referred_to_are_named_in_the_narrative_or_produced_by_the_maker():
    named, theirs, other = (_exhibit("JS/1", "PC 1 Jo", "a.png"), _exhibit("JS/2", "Amira Haddad", "b.png"),
                            _exhibit("JS/12", "PC 1 Jo", "c.png"))
    statement = StatementDetails(maker_name="Amira Haddad", narrative="The officer showed me JS/1 on the call.")
    assert exhibits_referred_to(statement, [named, theirs, other]) == [named, theirs]
    statement.narrative = "I saw AJS/1 and JS/10."
    assert exhibits_referred_to(statement, [named, other]) == []


def test_an_exhibit_the_maker_produced_must_be_named_by_its_reference():
    from rvr_desktop.workflow.statement import exhibits_not_named

    at = datetime(2025, 11, 4, 14, 0, tzinfo=UTC)
    statement = StatementDetails(maker_name="Zofia Example", narrative="I sent screenshots of his messages.")
    hers = Exhibit("JS/2", "Screenshots", "Zofia Example", at, "uploaded", "a" * 64)
    officers = Exhibit("JS/1", "Still", "PC 1 Jo Example", at, "still", "b" * 64)
    assert exhibits_not_named(statement, [officers, hers]) == [hers]
    statement.narrative = "I sent screenshots of his messages, which I produce as exhibit JS/2."
    assert exhibits_not_named(statement, [officers, hers]) == []
    statement.narrative = "I produce exhibit JS/21."  # another exhibit's reference is not this one's
    assert exhibits_not_named(statement, [hers]) == [hers]


def test_a_signature_after_the_recorded_finish_is_found():
    from rvr_desktop.workflow.signing import Signer, StatementSignature
    from rvr_desktop.workflow.statement import signed_after_finish

    at = datetime(2025, 11, 4, 14, 46, tzinfo=UTC)
    witness = StatementSignature(Signer.WITNESS, "Zofia Example", at, "typed", "c" * 64)
    interpreter = StatementSignature(Signer.INTERPRETER, "Ewa Example", at + timedelta(minutes=1), "typed", "d" * 64)
    statement = StatementDetails(finished_at=at, signatures=[interpreter, witness])
    assert signed_after_finish(statement) == [interpreter]
    statement.finished_at = at + timedelta(minutes=1)
    assert signed_after_finish(statement) == []
    statement.finished_at = None
    assert signed_after_finish(statement) == []


def test_a_finished_statement_filled_in_one_call_leaves_nothing_to_ask():
    from rvr_desktop.workflow.statement import WitnessCare, fill_finished_statement, statement_gaps

    at = datetime(2025, 11, 4, 14, 30, tzinfo=UTC)
    statement = StatementDetails()
    fill_finished_statement(statement, maker_name="Zofia Example", narrative="What happened.", started_at=at,
                            finished_at=at + timedelta(minutes=15), read_back=(at + timedelta(minutes=4), at + timedelta(minutes=14)),
                            care=WitnessCare(court_needs="Childcare on court days", special_measures=Answer.YES))
    assert statement_gaps(statement, born=datetime(1990, 1, 1).date()) == []
    assert (statement.court_needs, statement.special_measures, statement.dates_to_avoid) == (
        "Childcare on court days", Answer.YES, "none")
    unread = StatementDetails()
    fill_finished_statement(unread, maker_name="Zofia Example", narrative="What happened.", started_at=at,
                            finished_at=at, read_back=None)
    assert not unread.confirmed_true and unread.read_back_by is None
    assert {gap.field for gap in statement_gaps(unread, born=None)} == {"maker_over_18", "read_back_by",
                                                                         "confirmed_true"}
