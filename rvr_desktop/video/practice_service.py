"""Starting the link service as the workstation's child process in practice mode.

The officer token is made here and handed over on the child's standard
input, never on its command line or in its environment (both readable by
other programs of the same user). The pipe stays open for the child's life:
when the workstation exits, even by crashing, the pipe closes and the link
service stops with it.
"""

from __future__ import annotations

import json
import os
import queue
import secrets
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rvr_desktop.linkservice.tokens import phone_key
from rvr_desktop.process_safety import start_child_kwargs

from .client import LinkServiceClient, LinkServiceError
from .practice_certificate import PracticeCertificate
from .trainer_network import TrainerNetwork, certificate_for, check_can_listen

START_SECONDS = 30


@dataclass
class RunningLinkService:
    """A link service child process, where it listens and the token to use it."""

    process: subprocess.Popen
    base_url: str
    token: str
    public_url: str
    # With a trainer network: where the trainer's device reaches the service, and the certificate it trusts.
    network_url: str = ""
    certificate: PracticeCertificate | None = None
    # Why a trainer network that was asked for is not there (the service runs on loopback only).
    network_problem: str = ""

    # Its pages are on loopback over plain HTTP, or the trainer network's with a certificate a trainer's device
    # is told to trust; the officer's page trusts no authority beyond the system's (force_link_service.py).
    trusted_authorities: tuple = ()

    def client(self) -> LinkServiceClient:
        return LinkServiceClient(self.base_url, self.token)

    def follow(self, session_id: str, on_event: Callable[[dict], None], stop: threading.Event) -> int:
        """The session's events to `on_event` until `stop` is set (events.follow_events)."""
        from .events import follow_events  # aiohttp loads on first follow

        return follow_events(self.base_url, self.token, session_id, on_event, stop)

    @property
    def simulated_phone_url(self) -> str:
        # The key rides in the fragment, as a link's token does: never sent in a request line.
        return f"{self.base_url}/phone#{phone_key(self.token)}"

    def request_stop(self) -> None:
        """Close its standard input: it stops itself (`stop` waits for it)."""
        if self.process.poll() is None and not self.process.stdin.closed:  # type: ignore[union-attr]
            try:
                self.process.stdin.close()  # type: ignore[union-attr]
            except OSError:
                pass  # already gone

    def stop(self, timeout: float = 10) -> int:
        """Close its standard input (it stops itself), then terminate it if it has not."""
        process = self.process
        if process.poll() is None:
            try:
                self.request_stop()
                process.wait(timeout=timeout / 2)
            except (OSError, subprocess.TimeoutExpired):
                process.terminate()
                try:
                    process.wait(timeout=timeout / 2)
                except subprocess.TimeoutExpired:
                    process.kill()
        code = process.wait()
        for pipe in (process.stdin, process.stdout, process.stderr):
            if pipe is not None and not pipe.closed:
                pipe.close()
        return code

    def __enter__(self) -> RunningLinkService:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_practice_link_service(config: Path | None = None, extra_args: tuple[str, ...] = (),
                                stderr=None, certificates_dir: Path | None = None,
                                trainer_network: TrainerNetwork | None = None) -> RunningLinkService:
    """Start `rvr-desktop link-service` on loopback on a free port and wait until it listens.

    With `trainer_network` (and `certificates_dir`, where its certificate is
    kept) it also listens there, over HTTPS, for the trainer's device."""
    token = secrets.token_urlsafe(32)
    command = [sys.executable, "-m", "rvr_desktop", "link-service", "--mode", "practice", "--host", "127.0.0.1",
               "--port", "0", "--token-stdin", *extra_args]
    certificate = None
    if trainer_network is not None:
        certificate = _network_certificate(trainer_network, certificates_dir)
        command += ["--network", trainer_network.listen_argument, "--tls-cert", str(certificate.chain),
                    "--tls-key", str(certificate.key)]
    if config is not None:
        command += ["--config", str(config)]
    # If the workstation is killed outright, the kernel tells the service at once (SIGTERM: it tidies up).
    # Started in the folder that holds this very package (a checkout or site-packages): `-m` looks in the
    # working folder first, and an rvr_desktop folder there must not be the one that runs.
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, text=True,
                               cwd=Path(__file__).resolve().parents[2], env={**os.environ, "PYTHONUNBUFFERED": "1"},
                               **start_child_kwargs(signal.SIGTERM))
    process.stdin.write(token + "\n")  # type: ignore[union-attr]
    process.stdin.flush()  # type: ignore[union-attr]
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(process.stdout.readline()),  # type: ignore[union-attr]
                     name="link-service-start", daemon=True).start()
    try:
        first = lines.get(timeout=START_SECONDS)
        announced = json.loads(first)
    except (queue.Empty, ValueError):
        process.kill()
        process.wait()
        where = (f" Check that {trainer_network.host} is this computer's address on the training network and that "
                 f"port {trainer_network.port} is free." if trainer_network else "")
        raise LinkServiceError("The practice video link service did not start. Nothing was sent to anyone; the case "
                               f"is safe.{where} Run 'rvr-desktop link-service' in a terminal to see why.") from None
    return RunningLinkService(process, announced["url"], token, announced["public_url"],
                              announced.get("network_url", ""), certificate)


def _network_certificate(network: TrainerNetwork, folder: Path | None) -> PracticeCertificate:
    """The address's certificate, once the address is known to be usable (so a mistyped one leaves nothing)."""
    if folder is None:
        raise ValueError("a trainer network needs the folder its certificate is kept in")
    try:
        check_can_listen(network)
    except OSError as exc:
        raise LinkServiceError(f"A trainer's device cannot be given {network.url}: {exc.strerror or exc}. Check "
                               f"that {network.host} is this computer's address on the training network ('ip -brief "
                               f"address' lists them) and that nothing else uses port {network.port}.") from None
    try:
        return certificate_for(network, folder)
    except OSError as exc:
        raise LinkServiceError(f"The practice certificate for {network.host} could not be kept in {folder} "
                               f"({exc.strerror}); check the folder can be written.") from None
