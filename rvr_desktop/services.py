"""What the windows are given once the workstation's services run.

One typed object, made by the composition root (`app.Workstation`) and
handed to the main window and every open case, instead of loose callables
and attribute look-ups: a case asks it for the link service and wakes the
outbox through it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rvr_desktop.video.force_link_service import ForceLinkService
    from rvr_desktop.video.practice_service import PracticeCertificate, RunningLinkService


def _nothing_to_wake() -> None:
    """Without an outbox worker a submitted case waits in the outbox until one runs."""


@dataclass(frozen=True)
class Services:
    """The running services: the video link service (None when there is none) and the outbox's wake-up."""

    # The practice link service this workstation started, or the force's (live mode); None without video.
    links: RunningLinkService | ForceLinkService | None = None
    wake_delivery: Callable[[], None] = _nothing_to_wake
    notice: str = ""  # a service the officer might expect and does not have, in a few words for them
    notice_detail: str = ""  # and what to do instead

    @property
    def trainer_url(self) -> str:
        """Where a trainer's device reaches the link service; empty without a trainer network."""
        return self.links.network_url if self.links is not None else ""

    @property
    def trainer_network_problem(self) -> str:
        """Why a trainer network that was asked for is not there; empty when there is no problem."""
        return self.links.network_problem if self.links is not None else ""

    @property
    def trainer_certificate(self) -> PracticeCertificate | None:
        """The certificate a trainer's device is shown to trust, with a trainer network."""
        return self.links.certificate if self.links is not None else None


NO_SERVICES = Services()
