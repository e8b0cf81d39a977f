"""A practice run names the trainee who did it: they say who they are before it starts (the last trainee's details
filled in), and the run, its debrief and the trainer's cohort report name them."""

from __future__ import annotations

import csv

from rvr_desktop.casework.practice_trainee import NUMBER_NEEDED, TRAINEE_FILE, keep_trainee, read_last_trainee
from rvr_desktop.qt import Qt
from rvr_desktop.settings import PRACTICE_OFFICER, OfficerProfile
from rvr_desktop.training import check_scenarios, practice_policy
from rvr_desktop.workflow.policy import load_policy
from rvr_desktop.workflow.steps import Step
from tests.conftest import run_cli
from tests.gui.case_steps import answer_safety, click
from tests.gui.trainee_steps import say_who_i_am, trainee_form, type_over

JO = OfficerProfile("Jo Bloggs", "PC", "1234")
SAM = OfficerProfile("Sam Patel", "DC", "5678", "Rapid Video Response")


def _scenario(scenario_id: str):
    return next(checked.scenario for checked in check_scenarios(practice_policy(load_policy()))
                if checked.ok and checked.scenario.scenario_id == scenario_id)


def _run_open(qtbot, window):
    qtbot.waitUntil(lambda: window.case_view is not None and window.case_view.practice is not None)
    return window.case_view


def _close(qtbot, window) -> None:
    window.case_view.close_case()
    qtbot.waitUntil(lambda: window.case_view is None)


def test_the_run_is_in_the_trainees_name_and_the_next_run_has_their_details_filled_in(qtbot, workstation,
                                                                                       data_dir):
    window = workstation()
    scenario = _scenario("standard-risk")
    window.start_scenario(scenario)
    form = trainee_form(qtbot, window)
    # The first trainee on this workstation: nothing is filled in, and the form says what the details are for.
    assert [field.text() for field in form.fields.values()] == ["", "", "", ""]
    assert "cohort report" in form.intro.text() and "filled in" not in form.intro.text()
    say_who_i_am(qtbot, window, name="Jo Bloggs", rank="PC", number="1234")
    view = _run_open(qtbot, window)
    # The run's debrief, documents and exhibits take the session's profile: the trainee's.
    assert view.session.settings.profile == JO
    assert view.practice.scenario_run.snapshot(view.session.case, view.session.settings.profile).trainee \
        == "PC 1234 Jo Bloggs"
    # The workstation's own settings are not changed: another case opened later is not in Jo's name.
    assert window.settings.profile == PRACTICE_OFFICER
    qtbot.waitUntil(lambda: (data_dir / TRAINEE_FILE).exists())
    assert read_last_trainee(data_dir) == JO
    _close(qtbot, window)

    # Jo's next run: their details are there, and Enter (on the name, where the cursor is) starts it.
    window.start_scenario(scenario)
    again = trainee_form(qtbot, window)
    assert again is not form
    assert (again.fields["name"].text(), again.fields["rank"].text(), again.fields["number"].text()) \
        == ("Jo Bloggs", "PC", "1234")
    assert "press Enter if they are yours" in again.intro.text()
    assert again.focusWidget() is again.fields["name"] and again.fields["name"].selectedText() == "Jo Bloggs"
    qtbot.keyClick(again.focusWidget(), Qt.Key.Key_Return)
    view = _run_open(qtbot, window)
    assert view.session.settings.profile == JO
    _close(qtbot, window)


def test_a_missing_number_is_refused_under_its_field_and_nothing_typed_or_stored_changes(qtbot, workstation,
                                                                                       data_dir):
    window = workstation()
    keep_trainee(data_dir, SAM)  # an earlier trainee on this workstation
    window.start_scenario(_scenario("standard-risk"))
    form = trainee_form(qtbot, window)
    type_over(qtbot, form.fields["name"], "Jo Bloggs")
    type_over(qtbot, form.fields["rank"], "PC")
    type_over(qtbot, form.fields["number"], "")
    qtbot.keyClick(form.fields["number"], Qt.Key.Key_Return)

    assert form.isVisible()
    number_message = form.messages["number"]
    assert number_message.isVisible() and number_message.text() == NUMBER_NEEDED
    assert not form.messages["name"].isVisible()
    # What was typed is all still there, the cursor is where the number goes, and nothing was made or kept.
    assert [form.fields[attr].text() for attr in ("name", "rank", "number", "unit")] \
        == ["Jo Bloggs", "PC", "", "Rapid Video Response"]
    assert form.focusWidget() is form.fields["number"]
    qtbot.wait(300)  # time for a run wrongly started to open, or a file wrongly kept to be written
    assert window.case_view is None and read_last_trainee(data_dir) == SAM

    # Typing the number takes the message away; Enter starts the run in Jo's name.
    type_over(qtbot, form.fields["number"], "1234")
    assert not number_message.isVisible()
    qtbot.keyClick(form.fields["number"], Qt.Key.Key_Return)
    view = _run_open(qtbot, window)
    assert view.session.settings.profile == OfficerProfile("Jo Bloggs", "PC", "1234", "Rapid Video Response")
    qtbot.waitUntil(lambda: read_last_trainee(data_dir) == view.session.settings.profile)
    _close(qtbot, window)


def test_escape_starts_no_run_and_keeps_the_last_trainees_details(qtbot, workstation, data_dir):
    window = workstation()
    keep_trainee(data_dir, SAM)
    window.start_scenario(_scenario("standard-risk"))
    form = trainee_form(qtbot, window)
    type_over(qtbot, form.fields["name"], "Somebody Else")
    qtbot.keyClick(form.fields["name"], Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not form.isVisible())
    qtbot.wait(200)
    assert window.case_view is None and read_last_trainee(data_dir) == SAM


def test_a_damaged_file_is_said_on_the_form_and_kept_until_the_trainee_saves_their_details(qtbot, workstation,
                                                                                         data_dir):
    window = workstation()
    damaged = (data_dir / TRAINEE_FILE)
    damaged.write_bytes(b'{"format": 1, "name": "Jo Blo')  # cut short
    window.start_scenario(_scenario("standard-risk"))
    form = trainee_form(qtbot, window)
    assert form.problem.isVisible()
    assert str(damaged) in form.problem.text() and "left as it is" in form.problem.text()
    assert [field.text() for field in form.fields.values()] == ["", "", "", ""]
    assert damaged.read_bytes() == b'{"format": 1, "name": "Jo Blo'

    say_who_i_am(qtbot, window, name="Sam Patel", rank="DC", number="5678")
    view = _run_open(qtbot, window)
    assert view.session.settings.profile == OfficerProfile("Sam Patel", "DC", "5678")
    qtbot.waitUntil(lambda: read_last_trainee(data_dir) == OfficerProfile("Sam Patel", "DC", "5678"))
    _close(qtbot, window)


def _debrief(qtbot, view) -> None:
    """Answer the safety check as the caller did and score the run from the panel, as the trainee does."""
    answer_safety(qtbot, view, dict(view.practice.scenario.safety.answers))
    qtbot.waitUntil(view.page(Step.SAFETY).confirm_box.isVisible)
    click(qtbot, view.page(Step.SAFETY).confirm_button)
    panel = view.training_panel
    click(qtbot, panel.debrief_button)
    qtbot.waitUntil(lambda: panel.debrief_window is not None and panel.debrief_window.isVisible(), timeout=20_000)
    assert panel.debrief_window.about.text().startswith(f"Trainee: {view.session.settings.profile.describe()}\n")


def test_two_trainees_on_one_workstation_are_two_people_in_the_trainers_cohort_report(qtbot, workstation,
                                                                                     data_dir, tmp_path):
    window = workstation()
    scenario = _scenario("not-safe-at-start")
    for trainee in (JO, SAM):
        window.start_scenario(scenario)
        say_who_i_am(qtbot, window, name=trainee.name, rank=trainee.rank, number=trainee.number)
        _debrief(qtbot, _run_open(qtbot, window))
        _close(qtbot, window)

    out = tmp_path / "cohort.csv"
    done = run_cli("cohort", "--out", str(out), "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert sorted(row["trainee"] for row in rows) == ["DC 5678 Sam Patel", "PC 1234 Jo Bloggs"]
    assert [row["scenario"] for row in rows] == ["not-safe-at-start"] * 2


def test_the_documents_made_in_a_run_name_its_trainee_as_the_officer(qtbot, workstation, data_dir):
    from rvr_desktop.store.case_files import CaseFileKind
    from rvr_desktop.store.case_store import CaseStore
    from tests.unit.documents.pdf_reading import flat, pages

    window = workstation()
    window.start_scenario(_scenario("standard-risk"))
    say_who_i_am(qtbot, window, name="Jo Bloggs", rank="PC", number="1234", unit="Response, Northtown")
    view = _run_open(qtbot, window)
    view.show_documents(True)
    panel = view.documents
    click(qtbot, panel.make_button)
    qtbot.waitUntil(lambda: panel.list.count() >= 1, timeout=20_000)
    view.show_documents(False)
    case_id = view.session.store_id
    _close(qtbot, window)
    window.close()

    store = CaseStore(data_dir, "auditor")
    try:
        texts = [flat(" ".join(pages(store.files.get(kept.file_id, justification="test reads it back")[1])))
                 for kept in store.files.list_for_case(case_id, CaseFileKind.DOCUMENT)]
    finally:
        store.close()
    assert texts and all("Jo Bloggs" in text and "Practice Officer" not in text for text in texts), texts
    assert any("1234" in text and "Response, Northtown" in text for text in texts)


def test_details_that_cannot_be_kept_are_said_and_the_run_still_names_its_trainee(qtbot, workstation, data_dir):
    window = workstation()
    (data_dir / TRAINEE_FILE).mkdir()  # where the file goes, something no file can replace
    window.start_scenario(_scenario("standard-risk"))
    assert "cannot be read" in trainee_form(qtbot, window).problem.text()
    say_who_i_am(qtbot, window, name="Jo Bloggs", rank="PC", number="1234")
    view = _run_open(qtbot, window)
    assert view.session.settings.profile == JO
    qtbot.waitUntil(lambda: window.error_box is not None and window.error_box.isVisible())
    assert window.error_box.text().startswith(f"They could not be saved in {data_dir}")
    assert "This run names you all the same" in window.error_box.text()
    window.error_box.accept()
    _close(qtbot, window)


def test_a_run_reopened_from_the_case_list_names_its_trainee_in_the_documents_made_then(qtbot, workstation,
                                                                                       data_dir, practice):
    """Jo's run, closed and opened again from the case list after Sam has said who they are: it is still Jo's, and
    a document made then names Jo; a practice case begun without a scenario stays the practice officer's."""
    from rvr_desktop.store.case_files import CaseFileKind
    from rvr_desktop.store.case_store import CaseStore
    from rvr_desktop.training.specimen_cases import CaseBuilder
    from tests.gui.case_steps import keep_case, open_listed_case
    from tests.unit.documents.pdf_reading import flat, pages

    jo = OfficerProfile("Jo Bloggs", "PC", "1234", "Response, Northtown")
    window = workstation()
    window.start_scenario(_scenario("standard-risk"))
    say_who_i_am(qtbot, window, name=jo.name, rank=jo.rank, number=jo.number, unit=jo.unit)
    case_id = _run_open(qtbot, window).session.store_id
    _close(qtbot, window)
    qtbot.waitUntil(lambda: read_last_trainee(data_dir) == jo)
    keep_trainee(data_dir, SAM)  # the next trainee on this workstation said who they are meanwhile

    open_listed_case(qtbot, window, case_id)
    qtbot.waitUntil(lambda: window.case_view is not None)
    view = window.case_view
    assert view.practice is None  # reopened from the list, not run from its scenario
    assert view.session.settings.profile == jo
    assert window.settings.profile == PRACTICE_OFFICER  # the workstation's own settings are not Jo's
    view.show_documents(True)
    panel = view.documents
    click(qtbot, panel.make_button)
    qtbot.waitUntil(lambda: panel.list.count() >= 1, timeout=20_000)
    view.show_documents(False)
    _close(qtbot, window)

    store = CaseStore(data_dir, "auditor")
    try:
        texts = [flat(" ".join(pages(store.files.get(kept.file_id, justification="test reads it back")[1])))
                 for kept in store.files.list_for_case(case_id, CaseFileKind.DOCUMENT)]
    finally:
        store.close()
    assert texts and all("Jo Bloggs" in text and "Practice Officer" not in text and "Sam Patel" not in text
                         for text in texts), texts
    assert any("1234" in text and "Response, Northtown" in text for text in texts)

    # A case with no trainee kept (a practice case begun with "New case") opens in the practice officer's name.
    plain = CaseBuilder(window.policy).done_before(Step.REVIEW)
    keep_case(practice, plain)
    window.refresh_cases()
    open_listed_case(qtbot, window, plain.case_id)
    qtbot.waitUntil(lambda: window.case_view is not None)
    assert window.case_view.session.settings.profile == PRACTICE_OFFICER
    _close(qtbot, window)
