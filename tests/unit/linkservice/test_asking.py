"""Who is asking: X-Forwarded-For believed only from trusted proxies, IPv6 counted by /64, and the
configuration of trusted proxies refused clearly when it is wrong."""

from __future__ import annotations

import asyncio

import ipaddress

import pytest

from rvr_desktop.linkservice.asking import asker_address, limit_key, parse_address, trusted_networks
from rvr_desktop.linkservice.config import LinkServiceConfig, config_and_problems
from rvr_desktop.linkservice.rate_limit import Bucket, GuessLimits

PROXIES = trusted_networks(["10.0.0.5", "10.1.0.0/16", "2001:db8:ffff::/48"])


def _asker(peer: str, *forwarded: str, proxies=PROXIES) -> str:
    return limit_key(asker_address(peer, list(forwarded), proxies))


def test_a_client_reached_directly_is_its_own_address_whatever_header_it_sends():
    assert _asker("203.0.113.9", "198.51.100.1") == "203.0.113.9"
    assert _asker("203.0.113.9", "198.51.100.1", proxies=()) == "203.0.113.9"


def test_behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_asker():
    assert _asker("10.0.0.5", "198.51.100.1") == "198.51.100.1"
    # The client wrote the left-hand entry itself; the proxy appended what it saw.
    assert _asker("10.0.0.5", "192.0.2.66, 198.51.100.1") == "198.51.100.1"
    # Two proxies in a row, and the header split over two lines.
    assert _asker("10.0.0.5", "192.0.2.66, 198.51.100.1", "10.1.4.4") == "198.51.100.1"
    # A proxy that wrote nonsense is counted itself, and nothing further left is believed.
    assert _asker("10.0.0.5", "198.51.100.1, not-an-address") == "10.0.0.5"
    # Only trusted proxies behind it: the furthest of them.
    assert _asker("10.0.0.5", "10.1.0.9") == "10.1.0.9"
    assert _asker("10.0.0.5") == "10.0.0.5"


def test_ipv6_is_counted_by_its_64_and_ipv4_in_ipv6_as_ipv4():
    assert _asker("2001:db8:1:2::1") == _asker("2001:db8:1:2:ffff:ffff:ffff:ffff") == "2001:db8:1:2::/64"
    assert _asker("2001:db8:1:3::1") != _asker("2001:db8:1:2::1")
    assert _asker("::ffff:198.51.100.7") == "198.51.100.7"
    # A trusted proxy seen through a dual-stack socket is still trusted.
    assert _asker("::ffff:10.0.0.5", "2001:db8:1:2::99") == "2001:db8:1:2::/64"
    assert _asker("2001:db8:ffff:1::1", "[2001:db8:7::1]:4431") == "2001:db8:7::/64"


def test_addresses_are_read_as_proxies_write_them():
    assert parse_address("198.51.100.1:5678") == ipaddress.ip_address("198.51.100.1")
    assert parse_address("[2001:db8::1]:443") == ipaddress.ip_address("2001:db8::1")
    assert parse_address("fe80::1%eth0") == ipaddress.ip_address("fe80::1")
    for nonsense in ("", "unknown", "_hidden", "999.1.1.1", "[::1"):
        assert parse_address(nonsense) is None, nonsense


def test_one_ipv6_64_shares_one_count():
    limits = GuessLimits(per_minute=3, codes_per_minute=1, clock=lambda: 0.0)
    for host in range(1, 4):
        assert asyncio.run(limits.wrong(Bucket.LINKS, _asker(f"2001:db8:1:2::{host}"))) == 0
    assert asyncio.run(limits.wrong(Bucket.LINKS, _asker("2001:db8:1:2::99"))) > 0
    assert asyncio.run(limits.wrong(Bucket.LINKS, _asker("2001:db8:1:3::1"))) == 0


def test_trusted_proxies_are_checked_and_every_problem_is_named():
    server = {"listen": "127.0.0.1:8080", "public_url": "https://video.force.example"}
    config, problems = config_and_problems({"server": server | {"trusted_proxies": ["10.0.0.5", "10.1.0.0/16", "::1"]}})
    assert [str(n) for n in config.trusted_proxies] == ["10.0.0.5/32", "10.1.0.0/16", "::1/128"]
    assert not any("trusted_proxies" in p for p in problems)
    _, problems = config_and_problems({"server": server | {
        "trusted_proxies": ["10.0.0.5", "proxy.example", "10.1.0.1/16", 7]}})
    message = next(p for p in problems if "trusted_proxies" in p)
    assert "'proxy.example'" in message and "'10.1.0.1/16'" in message and "7 " in message
    assert "'10.0.0.5'" not in message
    _, problems = config_and_problems({"server": server | {"trusted_proxies": "10.0.0.5"}})
    assert any("trusted_proxies must be a list" in p for p in problems)
    assert LinkServiceConfig().trusted_proxies == ()
    with pytest.raises(ValueError, match="trusted_proxies"):
        LinkServiceConfig(trusted_proxies=("everyone",))
