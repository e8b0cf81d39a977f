"""Practice runs in the workstation, as a trainee does them: a scenario picked
from the list, the simulated caller (real headless Chromium) joining by
itself when the link is texted, and the debrief scoring the run."""

from __future__ import annotations

import pytest

from rvr_desktop.casework.statement_signing import signature_standing
from rvr_desktop.qt import Qt
from rvr_desktop.settings import Mode, Settings
from rvr_desktop.training import Verdict, model_run
from rvr_desktop.training.criteria import Criterion
from rvr_desktop.workflow.account import ProsecutionWish
from rvr_desktop.workflow.outcome import OutcomeKind
from rvr_desktop.workflow.signing import Signer, Standing
from rvr_desktop.workflow.steps import Step
from rvr_desktop.workflow.video import VideoEventKind
from tests.e2e.video.workstation import debrief_of, send_link_and_open_the_call, start_scenario, trainee_workstation
from tests.gui.case_steps import (
    answer_safety,
    choose,
    click,
    field,
    fill_statement,
    next_step,
    submit,
)
from tests.gui.typing_in_any_script import type_text

WISH_LABELS = {ProsecutionWish.SUPPORTS: "Supports a prosecution", ProsecutionWish.DOES_NOT_SUPPORT:
               "Does not support a prosecution", ProsecutionWish.UNDECIDED: "Undecided"}


@pytest.fixture
def trainee(qtbot, data_dir, link_service):
    """A practice workstation with the link service, as `installer/practice` opens it."""
    # The trainee's own camera: the practice fake one, as a training room without webcams is set up.
    settings = Settings(Mode.PRACTICE, data_dir, "practice:trainee", fake_camera=True)
    with trainee_workstation(qtbot, settings, link_service) as window:
        yield window


@pytest.mark.slow
def test_a_correct_safe_run_with_the_simulated_caller_scores_full_marks(qtbot, trainee, screenshots_dir,
                                                                        monkeypatch):
    from rvr_desktop.video.simulated_caller import SimulatedCaller

    spoken: list[int] = []  # the length of each line the simulated caller really plays into the call
    real_say = SimulatedCaller.say
    monkeypatch.setattr(SimulatedCaller, "say", lambda caller, wav: spoken.append(len(wav)) or real_say(caller, wav))
    view = start_scenario(qtbot, trainee, "standard-risk")
    case, policy = view.session.case, view.session.policy
    assert case.intake.caller_name == view.practice.scenario.caller.name  # the hand-over is filled in
    model = model_run(view.practice.scenario, policy, case.intake.call_received_at).case

    answer_safety(qtbot, view, {k: model.safety.latest(k).answer for k in case.safety.asked})
    next_step(qtbot, view, Step.LINK)
    # The simulated caller opens the texted link and joins by itself.
    send_link_and_open_the_call(qtbot, view)
    qtbot.waitUntil(lambda: len(spoken) == 1, timeout=10_000)  # the caller's greeting, aloud
    next_step(qtbot, view, Step.ACCOUNT)
    # Asked what happened, the caller answers aloud, line by line of the narrative.
    prompts = view.training_panel.prompts
    asked = prompts.item([prompts.item(r).text() for r in range(prompts.count())].index("Account: what happened"))
    qtbot.mouseClick(prompts.viewport(), Qt.MouseButton.LeftButton, pos=prompts.visualItemRect(asked).center())
    qtbot.waitUntil(lambda: len(spoken) == 1 + len(view.practice.script.say("account.what_happened")),
                    timeout=10_000)
    assert all(length > 10_000 for length in spoken)

    account = view.page(Step.ACCOUNT)
    local = model.account.incident_at.astimezone(policy.zone)
    type_text(qtbot, account.incident_at, f"{local:%d/%m/%Y %H:%M}")
    type_text(qtbot, field(account, "place"), model.account.place)
    type_text(qtbot, account.narrative, model.account.narrative[:300])
    choose(qtbot, field(account, "prosecution_wish"), WISH_LABELS[model.account.prosecution_wish])
    click(qtbot, account.complete)
    assert account.verdict.text() == "Account marked complete.", account.problems.text()

    next_step(qtbot, view, Step.RISK)
    risk = view.page(Step.RISK)
    for question_id, answer in model.risk.answers.items():
        click(qtbot, risk.buttons[question_id][answer])
    # Separation asks whether professional judgement is used: answered as the model run answers it.
    assert model.risk.judgement_not_used is not None
    click(qtbot, risk.used_no)
    type_text(qtbot, risk.reason, model.risk.judgement_not_used.reason)
    click(qtbot, risk.record_button)

    next_step(qtbot, view, Step.SAFEGUARDING)
    safeguarding = view.page(Step.SAFEGUARDING)
    click(qtbot, safeguarding.advice_given)
    for decision in model.referral_decisions:
        qtbot.waitUntil(lambda kind=decision.kind.value: bool(safeguarding.box_for(kind)))
        box = safeguarding.box_for(decision.kind.value)[0]
        if decision.confirmed:
            click(qtbot, box.confirm)
        else:
            box.decline_reason.setText(decision.reason)
            click(qtbot, box.decline)

    next_step(qtbot, view, Step.STATEMENT)
    fill_statement(qtbot, view, case.intake.caller_name, not_signed=None)
    # Asked to sign, the simulated caller signs on her page with the scenario's name, through the link service.
    statement = view.page(Step.STATEMENT)
    button, line = statement.signing[Signer.WITNESS]
    assert line.text() == "Not signed yet."
    click(qtbot, button)
    qtbot.waitUntil(lambda: "Waiting for her signature" in line.text(), timeout=15_000)
    qtbot.waitUntil(lambda: bool(case.statement.signatures), timeout=30_000)
    assert signature_standing(case, Signer.WITNESS)[0] is Standing.SIGNED
    assert case.statement.signatures[-1].name == view.practice.scenario.caller.name
    qtbot.waitUntil(lambda: line.text().startswith(f"Signed by {view.practice.scenario.caller.name}"), timeout=5_000)

    next_step(qtbot, view, Step.REVIEW)
    submit(qtbot, view)

    verdicts, debrief = debrief_of(qtbot, view)
    if screenshots_dir:
        _pictures(qtbot, trainee, view, screenshots_dir)
    failed = {c: v for c, v in verdicts.items() if v is Verdict.FAILED}
    assert failed == {}, [(r.criterion, r.reason) for r in debrief.results if r.verdict is Verdict.FAILED]
    assert verdicts[Criterion.SAFETY] is Verdict.PASSED and verdicts[Criterion.VIDEO_TIME] is Verdict.PASSED


def _pictures(qtbot, window, view, folder) -> None:
    """The practice run and its debrief's first page, for the README."""
    import subprocess

    window.resize(1500, 960)
    view.go_to(3)
    qtbot.wait(1500)
    window.grab().save(str(folder / "practice-run.png"))
    store_id = view.session.store_id
    files = view.session.store.submit(lambda s: s.files.list_for_case(store_id, "document")).result()
    _, pdf = view.session.store.submit(lambda s: s.files.get(files[-1].file_id)).result()
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", "-",
                    str(folder / "debrief")], input=pdf, check=True)


@pytest.mark.slow
@pytest.mark.parametrize("believes_the_caller", [True, False], ids=["escalates (right)", "sends a link (wrong)"])
def test_the_unsafe_scenario_is_scored_on_the_decision(qtbot, trainee, believes_the_caller):
    view = start_scenario(qtbot, trainee, "not-safe-at-start")
    scenario = view.practice.scenario
    safety = view.page(Step.SAFETY)
    if believes_the_caller:
        answers = dict(scenario.safety.answers)
        answer_safety(qtbot, view, answers)
        qtbot.waitUntil(safety.confirm_box.isVisible)
        click(qtbot, safety.confirm_button)
        assert view.session.case.outcome.kind is OutcomeKind.ESCALATED
    else:
        answer_safety(qtbot, view)  # every answer recorded as safe, whatever the caller said
        next_step(qtbot, view, Step.LINK)
        click(qtbot, view.page(Step.LINK).send)
        qtbot.waitUntil(lambda: bool(view.session.case.link_invites), timeout=15_000)
    verdicts, debrief = debrief_of(qtbot, view)
    expected = Verdict.PASSED if believes_the_caller else Verdict.FAILED
    assert verdicts[Criterion.SAFETY] is expected, [(r.criterion, r.reason) for r in debrief.results]


@pytest.mark.slow
def test_the_trainer_gets_a_cohort_csv_of_debriefed_runs(qtbot, trainee, data_dir, tmp_path):
    import csv

    from tests.conftest import run_cli

    # Two trainees take turns at one workstation (one training-room login): each says who they are.
    for believes, who in ((True, {"name": "Jo Bloggs", "rank": "PC", "number": "1234"}),
                          (False, {"name": "Sam Patel", "rank": "DC", "number": "5678"})):
        view = start_scenario(qtbot, trainee, "not-safe-at-start", **who)
        if believes:
            answer_safety(qtbot, view, dict(view.practice.scenario.safety.answers))
            click(qtbot, view.page(Step.SAFETY).confirm_button)
        else:
            answer_safety(qtbot, view)
        debrief_of(qtbot, view)
        view.close_case()
        qtbot.waitUntil(lambda: trainee.case_view is None)

    out = tmp_path / "cohort.csv"
    done = run_cli("cohort", "--out", str(out), "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [row["scenario"] for row in rows] == ["not-safe-at-start"] * 2
    # Each run in its own trainee's name, as their documents name them, not by the account's id.
    assert sorted((row["trainee"], row["safety"]) for row in rows) \
        == [("DC 5678 Sam Patel", "failed"), ("PC 1234 Jo Bloggs", "passed")]


@pytest.mark.slow
def test_a_scenario_set_on_a_friday_night_runs_on_its_own_clock(qtbot, trainee):

    from rvr_desktop.workflow.referrals import ReferralKind, propose_referrals
    from tests.gui.case_steps import add_child

    view = start_scenario(qtbot, trainee, "friday-children")
    case, policy = view.session.case, view.session.policy
    london = policy.zone
    received = case.intake.call_received_at.astimezone(london)
    assert (received.strftime("%A"), received.strftime("%H:%M")) == ("Friday", "21:40")
    model = model_run(view.practice.scenario, policy, case.intake.call_received_at).case

    answer_safety(qtbot, view, {k: model.safety.latest(k).answer for k in case.safety.asked})
    # Answers are timed on the scenario's clock, just after its call came in.
    assert 0 <= (case.safety.answers[-1].answered_at - case.intake.call_received_at).total_seconds() < 60
    assert "Hand-over to video 00:" in view.clock.text()
    next_step(qtbot, view, Step.LINK)
    send_link_and_open_the_call(qtbot, view)
    connected = next(e for e in case.video_events if e.kind is VideoEventKind.CONNECTED)
    assert 0 <= (connected.at - case.intake.call_received_at).total_seconds() < 120  # the scenario's clock
    next_step(qtbot, view, Step.ACCOUNT)
    account = view.page(Step.ACCOUNT)
    type_text(qtbot, account.incident_at, f"{model.account.incident_at.astimezone(london):%d/%m/%Y %H:%M}")
    for child in model.account.children:
        add_child(qtbot, view, child.name, f"{child.date_of_birth:%d/%m/%Y}", child.school)
    due = {p.due_at.astimezone(london).strftime("%A %H:%M") for p in propose_referrals(case, policy)
           if p.kind is ReferralKind.OPERATION_ENCOMPASS}
    assert due == {"Monday 08:30"}, due


@pytest.mark.slow
def test_the_trainer_fires_the_suspect_arriving_and_the_trainee_escalates(qtbot, trainee):
    view = start_scenario(qtbot, trainee, "suspect-returns")
    case, policy = view.session.case, view.session.policy
    model = model_run(view.practice.scenario, policy, case.intake.call_received_at).case
    answer_safety(qtbot, view, {k: model.safety.latest(k).answer for k in case.safety.asked})
    next_step(qtbot, view, Step.LINK)
    send_link_and_open_the_call(qtbot, view)

    panel = view.training_panel
    [fire] = panel.event_buttons
    click(qtbot, fire)
    assert "the suspect arrives" in panel.notice.text() and "escalate" in panel.notice.text()
    assert "the suspect arrives" in view.call_pane.flag_shown  # flagged beside the call, whatever the step
    qtbot.keyClick(view.focusWidget() or view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert view.escalation.isVisible()
    qtbot.keyClick(view.escalation.reasons["1"], Qt.Key.Key_1)  # the suspect is back
    assert case.outcome.kind is OutcomeKind.ESCALATED

    verdicts, debrief = debrief_of(qtbot, view)
    assert verdicts[Criterion.EVENTS] is Verdict.PASSED, [(r.criterion, r.reason) for r in debrief.results]
    # The escalation banner ended the call with it (its tick left as it was), and the debrief saw that.
    assert verdicts[Criterion.CALL_ENDED] is Verdict.PASSED, debrief.result(Criterion.CALL_ENDED).reason
