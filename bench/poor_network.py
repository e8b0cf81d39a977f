"""A caller on a poor mobile connection (issue #16): join time, frame rate, freezes and audio on the officer's
side when the caller's phone is on a slow, lossy link, against the same call on an unshaped link in the same run.

Set-up, as tests/e2e/video/test_call_through_relay.py builds it (its helpers, imported): the phone's network
namespace behind a carrier's NAT with its direct UDP to this machine dropped, Debian's coturn with the shipped
peer rules, the force's link service from its TOML config with relay_only = true behind Debian's nginx, and
real Chromium with its fake camera and microphone (chromedriver inside the phone's namespace).

Shaping the phone's link: `tc tbf` holds it to 1 Mbit/s down (on the carrier's side of the phone's cable) and
384 kbit/s up (on the phone's side). This kernel has no `netem`, so the 150 ms round trip and 2 % loss come from
a small userspace UDP forwarder in the phone's media path: it listens on this machine's address in the phone's
network, keeps one upstream socket per phone address so coturn sees distinct 5-tuples, and forwards to coturn,
delaying each datagram 75 ms each way and dropping 2 % at random (seeded).

How the phone reaches the forwarder: the shaped case runs its own link service whose config names the
forwarder as the TURN URL, and the carrier lets the phone's UDP through to the forwarder's port only, so every
media packet of the phone's leg crosses it. This is honest and simple: the service hands the page exactly what
it is configured with, as a force's would. The officer's leg reaches coturn directly (relay-only: both peers
use coturn, and the officer's relayed address is coturn's own), so only the phone's leg is delayed and lossy.
Signalling (HTTPS, WebSocket) is held to the same bandwidth but does not cross the forwarder.

Measured for each link: caller presses join -> first video frame on the officer's side (median and worst of
10; target < 3 s), then a 60 s call sampled once a second on the officer's side: frames per second received,
the longest freeze (the longest gap between frames from requestVideoFrameCallback, with getStats' freezeCount
and totalFreezesDuration beside it; target: none over 2 s), and whether audio was continuous (no second in
which more than half of the received audio samples were concealed; the concealed share overall is shown).
"""

from __future__ import annotations

import asyncio
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from common import machine, median, verdict

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rvr_desktop.video.client import LinkServiceClient  # noqa: E402
from tests.e2e.video.test_video_call import consent_and_join  # noqa: E402
from tests.helpers.chromium import Browsers, wait_for  # noqa: E402
from tests.helpers.coturn import coturn, example_peer_rules, free_udp_port  # noqa: E402
from tests.helpers.enrolment import OFFICER, enrolled_credential  # noqa: E402
from tests.helpers.force_link_service import behind_nginx  # noqa: E402
from tests.helpers.network_namespaces import HOST_ADDRESS, PhoneNetwork, phone_behind_nat  # noqa: E402
from tests.helpers.notify_stand_in import notify_stand_in  # noqa: E402

JOIN_RUNS = 10
CALL_SECONDS = 60
ONE_WAY_DELAY = 0.075
LOSS = 0.02
DOWN, UP = "1mbit", "384kbit"

# Once a second on the officer's page: the caller's inbound video and audio, and the longest gap between video
# frames seen so far (requestVideoFrameCallback on the caller's video, set up on the first call).
SAMPLE = """
const [done] = arguments;
const video = document.getElementById('remote-caller');
if (!window.benchFrames && video.requestVideoFrameCallback) {
  window.benchFrames = {last: null, longest: 0, count: 0};
  const frame = (now) => {
    const seen = window.benchFrames;
    if (seen.last !== null) seen.longest = Math.max(seen.longest, now - seen.last);
    seen.last = now; seen.count += 1;
    video.requestVideoFrameCallback(frame);
  };
  video.requestVideoFrameCallback(frame);
}
rvrOfficer.peerConnection('caller').getStats().then((stats) => {
  const out = {frames: window.benchFrames ? {...window.benchFrames} : null};
  stats.forEach((r) => { if (r.type === 'inbound-rtp') out[r.kind] = r; });
  done(JSON.parse(JSON.stringify(out)));
});
"""


@dataclass
class Figures:
    joins: list[float]
    fps: float
    longest_gap: float | None  # seconds, from requestVideoFrameCallback
    freezes: int
    frozen_for: float
    concealed_share: float
    broken_seconds: int
    audio_lost: int


class _Leg(asyncio.DatagramProtocol):
    """One phone address's upstream socket to coturn; what coturn answers goes back to that phone, late."""

    def __init__(self, forwarder: _Forwarder, phone: tuple[str, int]) -> None:
        self.forwarder, self.phone = forwarder, phone
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, _address) -> None:
        self.forwarder.later(lambda: self.forwarder.transport.sendto(data, self.phone))


class _Forwarder(asyncio.DatagramProtocol):
    """Delays every datagram ONE_WAY_DELAY each way and drops LOSS of them, seeded, so each run loses alike."""

    def __init__(self, loop: asyncio.AbstractEventLoop, upstream: tuple[str, int]) -> None:
        self.loop, self.upstream = loop, upstream
        self.random = random.Random(16)
        self.legs: dict[tuple[str, int], _Leg] = {}
        self.transport: asyncio.DatagramTransport

    def connection_made(self, transport) -> None:
        self.transport = transport

    def later(self, send) -> None:
        if self.random.random() >= LOSS:
            self.loop.call_later(ONE_WAY_DELAY, send)

    def datagram_received(self, data: bytes, phone) -> None:
        leg = self.legs.get(phone)
        if leg is None:
            leg = self.legs[phone] = _Leg(self, phone)
            self.loop.create_task(self.loop.create_datagram_endpoint(lambda: leg, remote_addr=self.upstream))
        self.later(lambda: leg.transport and leg.transport.sendto(data))


@contextmanager
def forwarder(listen: tuple[str, int], upstream: tuple[str, int]) -> Iterator[None]:
    loop = asyncio.new_event_loop()
    protocol = _Forwarder(loop, upstream)
    transport, _ = loop.run_until_complete(loop.create_datagram_endpoint(lambda: protocol, local_addr=listen))
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        def stop() -> None:
            transport.close()
            for leg in protocol.legs.values():
                if leg.transport:
                    leg.transport.close()
            loop.stop()
        loop.call_soon_threadsafe(stop)
        thread.join(10)
        loop.close()


def _cable(namespace: str) -> str:
    """The namespace's one interface besides loopback."""
    lines = subprocess.run(["ip", "netns", "exec", namespace, "ip", "-o", "link", "show"], check=True,
                           capture_output=True, text=True).stdout.splitlines()
    return next(line.split(":")[1].strip().split("@")[0] for line in lines if ": lo:" not in line)


def shape(network: PhoneNetwork) -> None:
    """Token buckets on the phone's cable: DOWN towards the phone (the carrier's end), UP from it."""
    for namespace, interface, rate in ((network.carrier_ns, _carrier_inside(network), DOWN),
                                       (network.phone_ns, _cable(network.phone_ns), UP)):
        subprocess.run(["ip", "netns", "exec", namespace, "tc", "qdisc", "add", "dev", interface, "root", "tbf",
                        "rate", rate, "burst", "16kb", "latency", "300ms"], check=True, capture_output=True)


def _carrier_inside(network: PhoneNetwork) -> str:
    """The carrier's interface towards the phone (its other one faces this machine)."""
    lines = subprocess.run(["ip", "netns", "exec", network.carrier_ns, "ip", "-o", "-4", "addr", "show"],
                           check=True, capture_output=True, text=True).stdout.splitlines()
    return next(line.split()[1] for line in lines if " 10.199.1." in line)


def _sample(officer) -> dict:
    return officer.execute_async_script(SAMPLE)


def call_figures(officer) -> tuple[float, float | None, int, float, float, int, int]:
    samples = [_sample(officer)]
    for _ in range(CALL_SECONDS):
        time.sleep(1)
        samples.append(_sample(officer))
    first, last = samples[0], samples[-1]
    video = lambda s, key: (s.get("video") or {}).get(key, 0)  # noqa: E731
    audio = lambda s, key: (s.get("audio") or {}).get(key, 0)  # noqa: E731
    fps = (video(last, "framesDecoded") - video(first, "framesDecoded")) / CALL_SECONDS
    frames = last.get("frames")
    longest = frames["longest"] / 1000 if frames and frames["count"] > 1 else None
    broken = 0
    for before, after in zip(samples, samples[1:]):
        received = audio(after, "totalSamplesReceived") - audio(before, "totalSamplesReceived")
        concealed = audio(after, "concealedSamples") - audio(before, "concealedSamples")
        if received <= 0 or concealed > received / 2:
            broken += 1
    total = audio(last, "totalSamplesReceived") - audio(first, "totalSamplesReceived")
    share = (audio(last, "concealedSamples") - audio(first, "concealedSamples")) / total if total else 1.0
    return (fps, longest, video(last, "freezeCount") - video(first, "freezeCount"),
            video(last, "totalFreezesDuration") - video(first, "totalFreezesDuration"), share, broken,
            audio(last, "packetsLost") - audio(first, "packetsLost"))


def measure(shaped: bool) -> Figures:
    """Ten joins and a minute's call between an officer on this machine and a caller behind the carrier's NAT."""
    relay_port, forwarder_port = free_udp_port(), free_udp_port()
    while forwarder_port == relay_port:
        forwarder_port = free_udp_port()
    browsers = Browsers()  # closed while the phone's network still stands
    with tempfile.TemporaryDirectory(prefix="rvr-bench-poor-") as name, ExitStack() as stack:
        folder = Path(name)
        network = stack.enter_context(phone_behind_nat(relay_udp_ports=(forwarder_port if shaped else relay_port,)))
        notify = stack.enter_context(notify_stand_in())
        turn_url, secret, _ = stack.enter_context(coturn(folder, listen=HOST_ADDRESS, port=relay_port,
                                                         extra=example_peer_rules(HOST_ADDRESS)))
        try:
            if shaped:
                stack.enter_context(forwarder((HOST_ADDRESS, forwarder_port), (HOST_ADDRESS, relay_port)))
                shape(network)
                turn_url = f"turn:{HOST_ADDRESS}:{forwarder_port}?transport=udp"
            force = stack.enter_context(behind_nginx(folder, turn_url, secret, notify))
            base_url, authority = force.public_url, force.authority
            credential = enrolled_credential(force.config, base_url, "BENCH-POOR", str(authority))
            officer = browsers.start(trusting=authority)
            phone = browsers.start(phone=True, trusting=authority, inside=network)
            joins: list[float] = []
            with LinkServiceClient(base_url, credential, timeout=20, verify=str(authority), officer=OFFICER) as api:
                for run in range(JOIN_RUNS):
                    session = api.open_session(f"BENCH-POOR-{run}")
                    invitation = api.invite(session.session_id, "caller", phone_number="+447700900462")
                    for driver in (officer, phone):  # a new page each time, not a hash change
                        driver.get("about:blank")
                    officer.get(session.officer_page_url)
                    wait_for(officer, "window.rvrOfficer && rvrOfficer.status().joined", what="the officer's page")
                    phone.get(invitation.url)
                    consent_and_join(phone)
                    seen = wait_for(officer, "rvrOfficer.timings.firstFrameAt.caller", timeout=60,
                                    what="the officer's first frame of the caller")
                    pressed = phone.execute_script("return rvrCaller.timings.joinPressedAt")
                    joins.append((float(seen) - float(pressed)) / 1000)  # type: ignore[arg-type]
                    if run < JOIN_RUNS - 1:
                        api.end(session.session_id)
                figures = call_figures(officer)
                api.end(session.session_id)
        finally:
            browsers.close()
    return Figures(joins, *figures)


def report(label: str, f: Figures) -> None:
    gap = f"{f.longest_gap:.2f} s" if f.longest_gap is not None else "not measured (no requestVideoFrameCallback)"
    print(f"{label}: caller presses join -> first frame at the officer: median {median(f.joins):.2f} s, "
          f"worst {max(f.joins):.2f} s of {len(f.joins)}  (target < 3 s: {verdict(max(f.joins) < 3)})")
    worst_freeze = f.longest_gap if f.longest_gap is not None else f.frozen_for
    print(f"{label}: {CALL_SECONDS} s call: {f.fps:.1f} frames/s received; longest gap between frames {gap}; "
          f"getStats: {f.freezes} freezes, {f.frozen_for:.2f} s frozen  (target no freeze over 2 s: "
          f"{verdict(worst_freeze <= 2)})")
    print(f"{label}: audio: {f.concealed_share * 100:.1f} % of samples concealed, {f.audio_lost} packets lost, "
          f"{f.broken_seconds} of {CALL_SECONDS} seconds more than half concealed  (continuous: "
          f"{verdict(f.broken_seconds == 0)})")


def main() -> int:
    print(f"machine: {machine()}")
    baseline = measure(shaped=False)
    report("unshaped link (baseline)", baseline)
    poor = measure(shaped=True)
    report(f"poor link ({DOWN} down, {UP} up, {ONE_WAY_DELAY * 2000:.0f} ms round trip, {LOSS:.0%} loss)", poor)
    print(f"ratios poor/baseline: join median {median(poor.joins) / median(baseline.joins):.1f}x, "
          f"frame rate {poor.fps / baseline.fps if baseline.fps else float('nan'):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
