"""The practice stand-ins for the force's systems, started beside the workstation.

In practice mode the workstation runs the practice records server and the
video link service as child processes on loopback, exactly as it will talk
to the force's real services: over HTTP, never by import. Starting them
takes a second or two, so the composition root does it off the GUI thread.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from rvr_desktop.records_server.launch import (
    PracticeServerProcess,
    launch_practice_server,
)
from rvr_desktop.video.client import LinkServiceError
from rvr_desktop.video.practice_service import (
    RunningLinkService,
    start_practice_link_service,
)
from rvr_desktop.video.trainer_network import TrainerNetwork

log = logging.getLogger(__name__)


@dataclass
class PracticeServices:
    records: PracticeServerProcess
    links: RunningLinkService

    def stop(self, grace: float = 2.0) -> None:
        """Ask both to stop at once, then wait for each within `grace` seconds in all (killed after)."""
        started = time.monotonic()
        services = (("link service", self.links), ("records server", self.records))
        for _name, service in services:
            service.request_stop()
        for name, service in services:
            try:
                service.stop(timeout=max(0.2, grace - (time.monotonic() - started)))
            except OSError as exc:  # already gone: nothing left to stop
                log.warning("practice %s did not stop cleanly: %s", name, type(exc).__name__)


def start_practice_services(data_dir: Path, *, records_calls: bool = False,
                            trainer_network: TrainerNetwork | None = None) -> PracticeServices:
    """Start both stand-ins; if the second fails, the first is stopped again.

    `records_calls` is the force's policy: the caller's consent screen must
    say whether the call is recorded. With `trainer_network` the link service
    also listens there, over HTTPS, for a trainer's device.
    """
    # The records server keeps its own database beside the workstation's
    # data folder, never inside it: it stands for another organisation.
    records = launch_practice_server(data_dir)
    try:
        config = data_dir / "practice-link-service.toml"
        config.write_text(f"[calls]\nrecorded = {'true' if records_calls else 'false'}\n", encoding="utf-8")
        links = _start_link_service(config, data_dir, trainer_network)
    except BaseException:
        records.stop()
        raise
    log.info("practice records server and link service listening on loopback%s",
             f", and for the trainer's device at {links.network_url}" if links.network_url else "")
    return PracticeServices(records, links)


def _start_link_service(config: Path, data_dir: Path, trainer_network: TrainerNetwork | None) -> RunningLinkService:
    """The link service, on the trainer network if one was asked for and can be had; otherwise on loopback
    only, saying why, so practice with the simulated caller still works."""
    if trainer_network is None:
        return start_practice_link_service(config=config)
    try:
        return start_practice_link_service(config=config, certificates_dir=data_dir, trainer_network=trainer_network)
    except LinkServiceError as exc:
        log.warning("trainer network %s not available; link service on loopback only", trainer_network.url)
        links = start_practice_link_service(config=config)
        links.network_problem = (f"{exc} Practice with the simulated caller works as usual; to let a trainer's "
                                 "device play the caller, restart with a corrected --trainer-network.")
        return links
