"""Who is asking: the network address a request is counted against when it carries a wrong secret.

Behind the force's reverse proxy (nginx, HAProxy) every request arrives from the proxy, so counting by the
direct peer would let one stranger's guesses slow every caller and officer. `X-Forwarded-For` says who the
proxy was talking to, but anyone can send that header, so it is believed only from a peer in the
configured trusted proxies, and read from the right: each trusted hop vouches for the entry it appended,
and the first address no trusted proxy stands for is the asker. Whatever a client put further left is its
own claim and counts for nothing.

Addresses are keyed as a limit should see them: an IPv4 address as itself, an IPv4 address carried in
IPv6 (`::ffff:192.0.2.1`, as a dual-stack socket reports it) as that IPv4 address, and an IPv6 address by
its /64 network, because one phone or home is given a whole /64 and can pick a fresh address in it for
every request.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from aiohttp import web

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
UNKNOWN = "unknown"  # no address at all (a Unix socket, a connection already gone): one shared key


def trusted_networks(entries: Iterable[object]) -> tuple[Network, ...]:
    """The trusted proxies as networks (a single address is a /32 or /128), or ValueError listing every
    entry that is not an address or a network, so a configuration is fixed in one go."""
    networks, problems = [], []
    for entry in entries:
        try:
            if not isinstance(entry, str):
                raise ValueError("it is not text")
            networks.append(ipaddress.ip_network(entry.strip(), strict=True))
        except ValueError as exc:
            problems.append(f"{entry!r} is not an IP address or network such as 10.0.0.5 or 10.0.0.0/24 ({exc})")
    if problems:
        raise ValueError("trusted_proxies: " + "; ".join(problems))
    return tuple(networks)


def parse_address(text: str) -> Address | None:
    """An address as a peer or a proxy reports it: bare, `[v6]:port`, `v4:port`, or with an IPv6 zone."""
    text = text.strip()
    if text.startswith("["):
        text, closed, _ = text[1:].partition("]")
        if not closed:
            return None
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        return ipaddress.ip_address(text.partition("%")[0])
    except ValueError:
        return None


def limit_key(address: Address) -> str:
    """The key a limit counts `address` under (see the module docstring)."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(address) >> 64 << 64, 64)))
    return str(address)


def _trusted(address: Address, proxies: tuple[Network, ...]) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in proxies)


def asker_address(peer: str | None, forwarded_for: Iterable[str], proxies: tuple[Network, ...]) -> Address | None:
    """The asking client's address: `peer` unless it is a trusted proxy, then the right-most entry of the
    `X-Forwarded-For` headers (in the order received) that no trusted proxy stands for."""
    current = parse_address(peer or "")
    if current is None or not proxies:
        return current
    hops = [hop for header in forwarded_for for hop in header.split(",") if hop.strip()]
    while hops and _trusted(current, proxies):
        claimed = parse_address(hops.pop())
        if claimed is None:
            # A trusted proxy wrote something that is not an address: count the proxy itself rather than
            # believe anything further left, which a client may have written.
            break
        current = claimed
    return current


def who_is_asking(request: web.Request, proxies: tuple[Network, ...]) -> str:
    """The key under which this request's wrong secrets are counted."""
    address = asker_address(request.remote, request.headers.getall("X-Forwarded-For", []), proxies)
    return UNKNOWN if address is None else limit_key(address)
