"""Where a trainer's own device reaches a practice workstation over a local network.

`rvr-desktop --trainer-network 192.168.1.20` (optionally `:PORT`) starts the
practice link service with a second, HTTPS-only address on that network, so
a trainer can play the caller from a phone or laptop in the same room and
fire the scenario's events from a console on it. The officer's side stays
on loopback. Browsers open the camera only on a secure origin, so the
address gets a practice certificate, made once and kept in the practice
data folder; the trainer's device trusts its authority (the window shows the
file and its fingerprint).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path

from .practice_certificate import PracticeCertificate, read_practice_certificate, write_practice_certificate

DEFAULT_PORT = 8443
CERTIFICATES_FOLDER = "trainer-network"
_HOST_NAME = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}"
                        r"[A-Za-z0-9])?)*$")


@dataclass(frozen=True)
class TrainerNetwork:
    """This workstation's address and port on the training room's network."""

    host: str
    port: int = DEFAULT_PORT

    @property
    def _url_host(self) -> str:
        return f"[{self.host}]" if ":" in self.host else self.host

    @property
    def url(self) -> str:
        return f"https://{self._url_host}:{self.port}"

    @property
    def listen_argument(self) -> str:
        """As `rvr-desktop link-service --network` takes it."""
        return f"{self._url_host}:{self.port}"


def parse_trainer_network(text: str) -> TrainerNetwork:
    """ADDRESS, ADDRESS:PORT or [IPv6]:PORT; ValueError says what is wrong and what to give instead."""
    text = text.strip()
    if "/" in text:
        raise ValueError(f"'{text}' is not an address; give the address alone, without http:// or a path, for "
                         "example 192.168.1.20")
    host, port = text, DEFAULT_PORT
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest:
            port = _port(rest.removeprefix(":"))
    elif text.count(":") == 1:
        host, _, given = text.partition(":")
        port = _port(given)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if not _HOST_NAME.match(host) or host.lower() == "localhost":
            raise ValueError(f"'{text}' is not an address; give this computer's address on the training network, "
                             "for example 192.168.1.20 or 192.168.1.20:8443") from None
        return TrainerNetwork(host.lower(), port)
    if address.is_unspecified or address.is_loopback:
        raise ValueError(f"{host} cannot be reached from another device; give this computer's own address on the "
                         "training network, for example 192.168.1.20 (see 'ip -brief address')")
    return TrainerNetwork(address.compressed, port)


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise ValueError(f"'{text}' is not a port number (1 to 65535)")
    return int(text)


def certificate_for(network: TrainerNetwork, data_dir: Path) -> PracticeCertificate:
    """The address's practice certificate: the one kept in the data folder, or a new one.

    Each address has its own folder, so a certificate devices already trust
    is never replaced; a new one is made only for a new address, or when the
    old one is about to expire (it is then kept aside, not deleted).
    """
    folder = data_dir / CERTIFICATES_FOLDER / re.sub(r"[^A-Za-z0-9.-]", "_", network.host)
    kept = read_practice_certificate(folder, network.host)
    if kept is not None:
        return kept
    if folder.exists() and any(folder.iterdir()):
        n = 1
        while (aside := folder.with_name(f"{folder.name}.old-{n}")).exists():
            n += 1
        folder.rename(aside)
    return write_practice_certificate(folder, ["localhost", "127.0.0.1", network.host])
