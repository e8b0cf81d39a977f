"""Where cases are sent, with what token, and the rule that keeps practice
mode on this computer.

Practice mode may send only to a practice records server on loopback,
written as a literal address (127.x.x.x or ::1): a name such as "localhost"
is looked up, and a look-up can be pointed anywhere. The rule is checked when
the endpoint is made and again on every request the client sends, so neither
a mistake in configuration nor a redirect can carry a practice case off this
computer. Live mode needs https, and its tokens come from the force's token
endpoint (access_tokens.py), with the client secret from the keyring.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from rvr_desktop.settings import RecordsAccess


class EndpointRefused(ValueError):
    """The records endpoint is not allowed in this mode; the message says why and what to do."""


@dataclass(frozen=True)
class RecordsEndpoint:
    """The records API's base address and how to reach it."""

    url: str
    token: Callable[[], str] | None  # practice: its one token; live: None, tokens come by way of `access`
    practice: bool
    ca_bundle: Path | None = None
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    access: RecordsAccess | None = None  # live: the token endpoint, the client id and the proxy

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""


def is_loopback_url(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.username or parts.password:
        return False
    try:
        return ipaddress.ip_address(parts.hostname or "").is_loopback
    except ValueError:
        return False


def practice_endpoint(url: str, token: str, *, connect_timeout: float = 5.0,
                      read_timeout: float = 30.0) -> RecordsEndpoint:
    """The practice records server on this computer; anything else is refused."""
    if not is_loopback_url(url):
        raise EndpointRefused(
            f"Practice mode sends cases only to the practice records server on this computer "
            f"(http://127.0.0.1:PORT), not to {url!r}. Nothing was sent. Start the workstation in live mode to "
            "reach a force's records system.")
    return RecordsEndpoint(url.rstrip("/"), lambda: token, True, None, connect_timeout, read_timeout)


def live_endpoint(access: RecordsAccess, *, connect_timeout: float = 10.0,
                  read_timeout: float = 60.0) -> RecordsEndpoint:
    """The force's records API over https, its tokens from the force's token endpoint over https."""
    for name, url in (("url", access.url), ("token_url", access.token_url)):
        if urlsplit(url).scheme != "https" or not urlsplit(url).hostname:
            raise EndpointRefused(f"The records system's {name} must start with https:// (found {url!r}). "
                                  f"Nothing was sent; correct [records] {name} in live.toml.")
    if access.ca_bundle is not None and not access.ca_bundle.is_file():
        raise EndpointRefused(f"The force's certificate bundle {access.ca_bundle} does not exist. Nothing was "
                              "sent; correct [records] ca_bundle in live.toml or ask IT support for the file.")
    return RecordsEndpoint(access.url.rstrip("/"), None, False, access.ca_bundle, connect_timeout, read_timeout,
                           access)
