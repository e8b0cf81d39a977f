"""A force's link service as several instances on one Redis (hosting.py): Debian's redis-server with the
example configuration, each instance a process of its own started from its TOML file, and Debian's nginx
with the example site in front of them, TLS from a test authority, all on loopback.

Each instance has a folder of its own, as on machines of their own: what they share (the calls, the limits,
the register of workstations) is in Redis."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import redis
import requests
from prometheus_client.parser import text_string_to_metric_families

from rvr_desktop.video.client import LinkServiceClient
from rvr_desktop.video.events import follow_events
from rvr_desktop.video.practice_certificate import make_practice_certificate
from tests.helpers.enrolment import OFFICER, enrolled_credential
from tests.helpers.force_link_service import ForceDeployment, private_file
from tests.helpers.nginx import example_nginx, free_port
from tests.helpers.notify_stand_in import StandInNotify, notify_stand_in
from tests.helpers.redis_server import RunningRedis

INSTANCE_NAMES = "abcdefgh"  # instance-a, instance-b...: each known to nginx's ?via= routes by its letter


@dataclass
class Instance:
    name: str
    url: str  # where the other instances, and a test, reach it directly
    process: ForceDeployment
    metrics_url: str  # its /metrics, as the force's monitoring reads it

    def passed_on(self) -> dict[str, float]:
        """How many requests and sockets this instance has passed on to another, by kind."""
        text = requests.get(self.metrics_url, timeout=5).text
        counted = {sample.labels["kind"]: sample.value for family in text_string_to_metric_families(text)
                   if family.name == "rvr_link_service_passed_on" for sample in family.samples
                   if sample.name.endswith("_total")}
        return {"request": 0.0, "socket": 0.0} | counted


@dataclass
class ForceInstances:
    public_url: str  # nginx's, put in texts
    authority: Path  # the test authority behind nginx's certificate
    redis: RunningRedis
    instances: list[Instance]
    credential: str  # an enrolled workstation's
    notify: StandInNotify  # where the instances' texts go

    def officer_api(self, base_url: str | None = None) -> LinkServiceClient:
        """The workstation's client, through nginx or straight to one instance."""
        verify = str(self.authority) if base_url is None else True
        return LinkServiceClient(base_url or self.public_url, self.credential, verify=verify, timeout=15,
                                 officer=OFFICER)

    def events_until(self, session_id: str, enough: Callable[[list[dict]], bool], seconds: float = 20) -> list[dict]:
        """The call's events as the workstation follows them through nginx, until `enough` of them have come
        (or `seconds` have passed)."""
        events: list[dict] = []
        stop = threading.Event()

        def take(event: dict) -> None:
            events.append(event)
            if enough(events):
                stop.set()

        follower = threading.Thread(target=follow_events, args=(self.public_url, self.credential, session_id, take,
                                                                stop),
                                    kwargs={"verify": str(self.authority), "officer": OFFICER}, daemon=True)
        follower.start()
        follower.join(seconds)
        stop.set()
        follower.join(5)
        return events

    def host_of(self, session_id: str) -> Instance:
        """The instance hosting the call now, as Redis says."""
        with redis.Redis(port=self.redis.port, password=self.redis.password) as client:
            host = client.get(f"rvr:host:{session_id}")
            assert host is not None, "no instance hosts the call"
            url = client.get(f"rvr:instance:{host.decode()}")
        assert url is not None
        [instance] = [i for i in self.instances if i.url == url.decode()]
        return instance


def _instance_config(folder: Path, name: str, shared: Path, redis_server: RunningRedis,
                     notify: StandInNotify, public_url: str) -> tuple[Path, int, int]:
    """The instance called instance-<letter>, named <letter> for the balancer's ?via= routes."""
    port, metrics_port = free_port(), free_port()
    store = folder / name / "store"
    store.mkdir(mode=0o700, parents=True)
    config = folder / f"{name}.toml"
    config.write_text(
        f'[server]\nlisten = "127.0.0.1:{port}"\npublic_url = "{public_url}"\ntrusted_proxies = ["127.0.0.1"]\n'
        f'metrics_listen = "127.0.0.1:{metrics_port}"\ninstance_url = "http://127.0.0.1:{port}"\ninstance_name = "{name.removeprefix("instance-")}"\nworkstation_key_file = "{shared / "workstation-key"}"\n'
        f'[store]\nkind = "redis"\ndirectory = "{store}"\nurl = "{redis_server.url}"\n'
        f'password_file = "{redis_server.password_file}"\n[calls]\ndrain_seconds = 0\n'
        f'{notify.config_section(shared / "notify-api-key")}', encoding="utf-8")
    return config, port, metrics_port


@contextmanager
def force_instances(folder: Path, count: int = 2, behind_nginx: Sequence[int] | None = None) -> Iterator[ForceInstances]:
    """`count` instances on one Redis, with nginx in front of those numbered in `behind_nginx` (all of
    them by default, each tab routed by its ?via= to its call's host), and a workstation enrolled."""
    with ExitStack() as stack:
        notify = stack.enter_context(notify_stand_in())
        redis_server = RunningRedis(folder / "redis")
        stack.callback(redis_server.stop)
        shared = folder / "shared"
        shared.mkdir()
        private_file(shared / "workstation-key", secrets.token_hex(32).encode())
        private_file(shared / "notify-api-key", notify.phones.api_key.encode())
        authority, chain, key, _ = make_practice_certificate(["127.0.0.1"])
        (folder / "ca.pem").write_bytes(authority)
        https_port = free_port()
        public_url = f"https://127.0.0.1:{https_port}"
        instances, ports = [], []
        for number in range(count):
            name = "instance-" + INSTANCE_NAMES[number]
            config, port, metrics_port = _instance_config(folder, name, shared, redis_server, notify, public_url)
            process = ForceDeployment(folder / name, public_url, config)
            stack.callback(process.stop)
            instances.append(Instance(name, f"http://127.0.0.1:{port}", process,
                                      f"http://127.0.0.1:{metrics_port}/metrics"))
            ports.append(port)
        fronted = {INSTANCE_NAMES[i]: ports[i] for i in (behind_nginx if behind_nginx is not None else range(count))}
        stack.enter_context(example_nginx(folder / "nginx", fronted, private_file(folder / "chain.pem", chain + authority),
                                          private_file(folder / "key.pem", key), https_port=https_port))
        credential = enrolled_credential(instances[0].process.config, instances[0].url, "CR-SEVERAL")
        yield ForceInstances(public_url, folder / "ca.pem", redis_server, instances, credential, notify)
