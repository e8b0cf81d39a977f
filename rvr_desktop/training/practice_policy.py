"""The force's policy as a practice run applies it.

Scenario callers have numbers in Ofcom's drama range, which no phone can
receive, so practice allows them (as the workstation does in practice mode,
`casework.policy_in_force`). Everything else is the force's own policy: trainees
practise against the rules they will work to.
"""

from __future__ import annotations

from dataclasses import replace

from rvr_desktop.workflow.policy import Policy


def practice_policy(policy: Policy) -> Policy:
    return replace(policy, phone=replace(policy.phone, drama_range_allowed=True))
