"""The brief a trainer playing the caller gets on their own device."""

from __future__ import annotations

import json

from training_runs import TERM_TIME_NOON

from rvr_desktop.training import caller_script
from rvr_desktop.training.caller_script import prompt_label
from rvr_desktop.training.trainer_brief import trainer_brief


def _brief(scenario, policy) -> dict:
    return trainer_brief(scenario, caller_script(scenario, policy, TERM_TIME_NOON), policy)


def test_the_brief_tells_the_trainer_what_the_caller_will_not_say(scenarios, policy):
    brief = _brief(scenarios["suspect-returns"], policy)
    facts = dict(brief["facts"])
    assert brief["title"].startswith("TRAINING")
    assert facts["You play"] == "Sophie Marchetti"
    # She says she is safe; the trainer knows better, and when it changes.
    assert facts["Really safe now?"] == "NO"
    assert facts["The suspect is"].startswith("due back: His shift was cancelled")
    assert "end the call and escalate" in facts["The right decision"]
    assert [event["event_id"] for event in brief["events"]] == [e.event_id for e in scenarios["suspect-returns"].events]
    assert "end the call and escalate" in brief["events"][0]["expected"]


def test_the_script_is_in_the_order_of_a_call_with_the_questions_in_words(scenarios, policy):
    brief = _brief(scenarios["standard-risk"], policy)
    headings = [section["heading"] for section in brief["script"]]
    assert headings[0] == "Safety check" and headings.index("Account") < headings.index("Risk assessment")
    safety = {line["prompt"]: line["says"] for line in brief["script"][0]["lines"]}
    assert safety["Are you somewhere safe right now?"] == ["Yes, I'm at home. I've locked the door."]
    assert safety["Is this phone your own, and safe for us to send a text to?"] == ["Yes."]  # from the answers
    risk = next(section for section in brief["script"] if section["heading"] == "Risk assessment")
    # Risk questions are worded as the instrument words them, not by their ids.
    assert all("." not in line["prompt"][:12] for line in risk["lines"])
    json.dumps(brief)  # plain data, for the link service


def test_a_deaf_callers_lines_are_marked_as_signed(scenarios, policy):
    brief = _brief(scenarios["deaf-caller-bsl"], policy)
    said = [text for section in brief["script"] for line in section["lines"] for text in line["says"]]
    assert said and all(text.startswith("[signing]") for text in said)
    assert dict(brief["facts"])["Interpreter"] == "a BSL interpreter (the caller signs)"


def test_prompts_without_a_question_are_named_plainly():
    assert prompt_label("account.previous_incidents") == "Account: previous incidents"
    assert prompt_label("greeting") == "The video connects"
    assert prompt_label("safety.own_phone").startswith("Is this phone your own")


def test_a_dropped_connection_tells_the_trainer_to_drop_the_call_for_real(scenarios, policy):
    brief = _brief(scenarios["medium-risk"], policy)
    [drop] = [event for event in brief["events"] if event["label"] == "The connection drops"]
    assert drop["expected"].endswith("close the caller's tab so the call really drops.")
