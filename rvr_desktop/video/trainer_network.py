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
import socket
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


def split_host_port(text: str, default_port: int | None = None) -> tuple[str, int]:
    """HOST, HOST:PORT, IPv6 or [IPv6]:PORT as (host, port); ValueError names what is wrong."""
    text = text.strip()
    if "/" in text:
        raise ValueError(f"'{text}' is not an address; give the address alone, without http:// or a path, for "
                         "example 192.168.1.20")
    host, port = text, ""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port = rest.removeprefix(":")
    elif text.count(":") == 1:
        host, _, port = text.partition(":")
    if not port:
        if default_port is None:
            raise ValueError(f"'{text}' has no port; give HOST:PORT, for example 192.168.1.20:8443")
        return host, default_port
    if not port.isdigit() or int(port) > 65535:
        raise ValueError(f"'{port}' is not a port number (1 to 65535)")
    return host, int(port)


def parse_trainer_network(text: str) -> TrainerNetwork:
    """ADDRESS, ADDRESS:PORT or [IPv6]:PORT of this computer on the training network.

    ValueError says what is wrong and what to give instead. A name is looked
    up, so one that means this computer only (as a machine's own host name
    often does) or every interface is refused like the address would be.
    """
    host, port = split_host_port(text, DEFAULT_PORT)
    if port == 0:
        raise ValueError("the port must be fixed (1 to 65535), so the trainer's device finds it again")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if not _HOST_NAME.match(host):
            raise ValueError(f"'{text.strip()}' is not an address; give this computer's address on the training "
                             "network, for example 192.168.1.20 or 192.168.1.20:8443") from None
        try:
            # Internet families' addresses are strings; only other families' (none asked for here) are not.
            found = {info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
                     if isinstance(info[4][0], str)}
        except OSError:
            raise ValueError(f"'{host}' cannot be looked up on this computer; give its address instead, for "
                             "example 192.168.1.20 (see 'ip -brief address')") from None
        for each in found:
            _reachable(ipaddress.ip_address(each.split("%")[0]), host)
        return TrainerNetwork(host.lower(), port)
    _reachable(address, host)
    mapped = getattr(address, "ipv4_mapped", None)
    return TrainerNetwork((mapped or address).compressed, port)


def _reachable(address, given: str) -> None:
    """Refuse an address no other device can reach: this computer only, or every interface at once."""
    plain = getattr(address, "ipv4_mapped", None) or address
    if plain.is_unspecified or plain.is_loopback:
        raise ValueError(f"{given} cannot be reached from another device; give this computer's own address on the "
                         "training network, for example 192.168.1.20 (see 'ip -brief address')")


def check_can_listen(network: TrainerNetwork) -> None:
    """Try the address and port before anything is made for them; OSError says why it cannot be used."""
    family = socket.AF_INET6 if ":" in network.host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((network.host, network.port))


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
