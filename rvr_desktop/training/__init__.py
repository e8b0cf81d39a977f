"""Training mode: practice scenarios, the simulated caller's script, and the debrief.

Pure Python (reportlab for the debrief PDF): no Qt, no database, no network,
so a trainer's laptop with no network runs all of it, and every rule is
tested on its own. The workstation's practice session (ui/) puts it on the
screen; this package never imports the UI.

For a practice session:

    policy = practice_policy(load_policy())              # drama numbers allowed
    scenarios = check_scenarios(policy)                  # every shipped file, checked
    scenario = load_scenario(path, policy)               # or ScenarioFileError, with lines
    clock = start_clock(scenario, real_now, policy.encompass.calendar)
    call_at = clock.now(real_now)                        # the case's "call received"
    script = caller_script(scenario, policy, call_at)    # script.say("safety.safe_place")
    scenario.events[i].due_at(call_at, video_connected)  # when the timetable fires each event
    debrief = score_run(TrainingRun(trainee, scenario, case, visits, fired), policy)
    debrief_pdf(debrief, policy, made_at); cohort_csv(debriefs, policy.zone)

Modules, in the order a run meets them:

- `scenario`: what a scenario holds; `scenario_files`, `located_yaml`,
  `schema_check`, `cross_checks`, `problems`: reading and checking files.
- `practice_policy`, `scenario_clock`, `facts`: a run's policy, clock and dates.
- `caller_script`: what the simulated caller says at each prompt.
- `run`: a trainee's run; `model_run`: the worked answer.
- `criteria`, `call_criteria`, `record_criteria`, `debrief`: scoring.
- `targets_told`: the times scored, in the words the trainee is shown.
- `debrief_pdf`, `cohort_csv`: the trainee's PDF and the trainer's CSV.
"""

from .caller_script import CallerLine, CallerScript, caller_script
from .cohort_csv import cohort_csv
from .criteria import Criterion, CriterionResult, Verdict
from .debrief import Debrief, score_run
from .debrief_pdf import debrief_pdf
from .model_run import model_run
from .practice_policy import practice_policy
from .problems import ScenarioFileError, ScenarioProblem
from .run import FiredEvent, StepVisit, TrainingRun
from .scenario import Decision, EventKind, Scenario, ScriptedEvent
from .scenario_clock import ScenarioClock, start_clock
from .scenario_files import CheckedFile, check_scenario_file, check_scenarios, default_scenarios_dir, load_scenario
from .targets_told import response_told, targets_told

__all__ = [
    "CallerLine", "CallerScript", "CheckedFile", "Criterion", "CriterionResult", "Debrief", "Decision", "EventKind",
    "FiredEvent", "Scenario", "ScenarioClock", "ScenarioFileError", "ScenarioProblem", "ScriptedEvent", "StepVisit",
    "TrainingRun", "Verdict", "caller_script", "check_scenario_file", "check_scenarios", "cohort_csv",
    "debrief_pdf", "default_scenarios_dir", "load_scenario", "model_run", "practice_policy", "response_told", "score_run",
    "start_clock", "targets_told",
]
