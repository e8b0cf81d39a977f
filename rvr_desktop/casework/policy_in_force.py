"""The policy a workstation works under, for the windows and the commands alike.

Qt-free, so a command such as `rvr-desktop cohort` reads the same policy as
the workstation without loading the windows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rvr_desktop.settings import Settings
    from rvr_desktop.workflow.policy import Policy


def policy_for(settings: Settings) -> Policy:
    """The force's policy; practice mode may text Ofcom's fictional numbers
    (see `training.practice_policy`), so no real phone gets a practice link."""
    from rvr_desktop.training.practice_policy import practice_policy
    from rvr_desktop.workflow.policy import load_policy

    policy = load_policy()
    return practice_policy(policy) if settings.is_training else policy
