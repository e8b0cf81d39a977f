"""A practice case on a clock the test moves by hand, for the practice run's tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rvr_desktop.training import Scenario, default_scenarios_dir, load_scenario
from rvr_desktop.workflow.policy import Policy

# A Wednesday in term time, midday in London (GMT): the call comes in.
CALL_AT = datetime(2025, 11, 12, 12, 0, tzinfo=UTC)


class HandClock:
    """The case's clock, standing still until the test moves it on."""

    def __init__(self, at: datetime = CALL_AT):
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **how_long: float) -> datetime:
        self.at += timedelta(**how_long)
        return self.at


def shipped_scenario(policy: Policy, scenario_id: str) -> Scenario:
    return load_scenario(default_scenarios_dir() / f"{scenario_id}.yaml", policy, now=CALL_AT)
