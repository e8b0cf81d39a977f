"""A phone on a mobile network, made of network namespaces: the phone behind a carrier's NAT, the workstation and
the force's servers on this machine's side.

    [phone ns] 10.199.1.2 --- 10.199.1.1 [carrier ns: NAT] 10.199.0.2 --- 10.199.0.1 [this machine]

The carrier namespace masquerades everything the phone sends, and drops the phone's UDP to this machine except
to the ports named (the force's TURN relay): as on a real carrier-grade NAT and force firewall, a direct media
path between the caller and the workstation cannot form, and a call connects only through the relay.

A browser runs in the phone namespace by starting chromedriver there; this machine reaches it through a route
into the phone's network (never masqueraded that way round). Names carry this process's id, so two runs on
one machine do not meet; everything is removed on exit, however the test ends.
"""

from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass

HOST_ADDRESS = "10.199.0.1"  # this machine, as the phone's network sees it (where the servers listen)
CARRIER_OUTSIDE = "10.199.0.2"
CARRIER_INSIDE = "10.199.1.1"
PHONE_ADDRESS = "10.199.1.2"
PHONE_NETWORK = "10.199.1.0/24"


def _run(*command: str, stdin: str | None = None) -> None:
    subprocess.run(command, input=stdin, text=True, check=True, capture_output=True)


@dataclass(frozen=True)
class PhoneNetwork:
    phone_ns: str
    carrier_ns: str

    def in_phone(self, *command: str) -> list[str]:
        """`command` as run inside the phone's namespace."""
        return ["ip", "netns", "exec", self.phone_ns, *command]


@contextmanager
def phone_behind_nat(relay_udp_ports: tuple[int, ...] = ()):
    """The namespaces above, with the phone's UDP to this machine dropped except to `relay_udp_ports`."""
    tag = f"{os.getpid() % 100000}"
    phone_ns, carrier_ns = f"rvr-phone-{tag}", f"rvr-nat-{tag}"
    host_if, carrier_out, carrier_in, phone_if = f"rvh{tag}", f"rvo{tag}", f"rvi{tag}", f"rvp{tag}"
    allowed = ", ".join(str(port) for port in relay_udp_ports)
    keep_relay = f"ip daddr {HOST_ADDRESS} udp dport {{ {allowed} }} accept;" if relay_udp_ports else ""
    rules = f"""table ip carrier {{
  chain forward {{ type filter hook forward priority 0; policy accept;
    iifname "{carrier_in}" {keep_relay} ip daddr {HOST_ADDRESS} meta l4proto udp drop; }}
  chain outbound {{ type nat hook postrouting priority 100; oifname "{carrier_out}" masquerade; }}
}}
"""
    made: list[str] = []
    try:
        for ns in (carrier_ns, phone_ns):
            _run("ip", "netns", "add", ns)
            made.append(ns)
        _run("ip", "link", "add", host_if, "type", "veth", "peer", "name", carrier_out, "netns", carrier_ns)
        made.append(host_if)
        _run("ip", "addr", "add", f"{HOST_ADDRESS}/30", "dev", host_if)
        _run("ip", "link", "set", host_if, "up")
        carrier = ("ip", "netns", "exec", carrier_ns)
        phone = ("ip", "netns", "exec", phone_ns)
        _run(*carrier, "ip", "link", "add", carrier_in, "type", "veth", "peer", "name", phone_if, "netns", phone_ns)
        for ns, interface, address in ((carrier, carrier_out, f"{CARRIER_OUTSIDE}/30"),
                                       (carrier, carrier_in, f"{CARRIER_INSIDE}/24"),
                                       (phone, phone_if, f"{PHONE_ADDRESS}/24")):
            _run(*ns, "ip", "addr", "add", address, "dev", interface)
            _run(*ns, "ip", "link", "set", interface, "up")
        for ns in (carrier, phone):
            _run(*ns, "ip", "link", "set", "lo", "up")
        _run(*phone, "ip", "route", "add", "default", "via", CARRIER_INSIDE)
        _run(*carrier, "sysctl", "-qw", "net.ipv4.ip_forward=1")
        _run(*carrier, "nft", "-f", "-", stdin=rules)
        _run("ip", "route", "add", PHONE_NETWORK, "via", CARRIER_OUTSIDE)
        made.append("route")
        yield PhoneNetwork(phone_ns, carrier_ns)
    finally:
        if "route" in made:
            subprocess.run(["ip", "route", "del", PHONE_NETWORK], capture_output=True)
        if host_if in made:
            subprocess.run(["ip", "link", "del", host_if], capture_output=True)
        for ns in (phone_ns, carrier_ns):
            if ns in made:
                # Whatever still runs inside (a browser a failed test left) goes with its namespace.
                pids = subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True).stdout.split()
                for pid in pids:
                    subprocess.run(["kill", "-9", pid], capture_output=True)
                subprocess.run(["ip", "netns", "del", ns], capture_output=True)
