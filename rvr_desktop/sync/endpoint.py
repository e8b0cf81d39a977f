"""Where cases are sent, with what token, and the rule that keeps practice
mode on this computer.

Practice mode may send only to a practice records server on loopback,
written as a literal address (127.x.x.x or ::1): a name such as "localhost"
is looked up, and a look-up can be pointed anywhere. The rule is checked when
the endpoint is made and again on every request the client sends, so neither
a mistake in configuration nor a redirect can carry a practice case off this
computer. Live mode needs https, and its token comes from the keyring.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from rvr_desktop.sync.failures import DeliveryPaused

KEYRING_SERVICE = "rvr-desktop"
KEYRING_TOKEN_ACCOUNT = "records-api-token"


class EndpointRefused(ValueError):
    """The records endpoint is not allowed in this mode; the message says why and what to do."""


@dataclass(frozen=True)
class RecordsEndpoint:
    """The records API's base address and how to reach it."""

    url: str
    token: Callable[[], str]
    practice: bool
    ca_bundle: Path | None = None
    connect_timeout: float = 5.0
    read_timeout: float = 30.0

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


def live_endpoint(url: str, *, ca_bundle: Path | None = None, connect_timeout: float = 10.0,
                  read_timeout: float = 60.0) -> RecordsEndpoint:
    """The force's records API over https, with the token read from the keyring at each use.

    Read each time, so a token renewed in the keyring is used after "Retry now"
    without restarting the workstation.
    """
    if urlsplit(url).scheme != "https" or not urlsplit(url).hostname:
        raise EndpointRefused(f"The records system's address must start with https:// (found {url!r}). "
                              "Nothing was sent; correct [records] url in live.toml.")
    if ca_bundle is not None and not ca_bundle.is_file():
        raise EndpointRefused(f"The force's certificate bundle {ca_bundle} does not exist. Nothing was sent; "
                              "correct the path in live.toml or ask IT support for the file.")
    return RecordsEndpoint(url.rstrip("/"), _token_from_keyring, False, ca_bundle, connect_timeout, read_timeout)


def _token_from_keyring() -> str:
    import keyring
    from keyring.errors import KeyringError

    try:
        token = keyring.get_password(KEYRING_SERVICE, KEYRING_TOKEN_ACCOUNT)
    except KeyringError as error:
        raise DeliveryPaused(f"The records system's access token could not be read from the system keyring "
                             f"({type(error).__name__}). Unlock the keyring (log in again), then press "
                             "“Retry now”.") from None
    if not token:
        raise DeliveryPaused(f"The system keyring holds no access token for the records system (entry "
                             f"'{KEYRING_SERVICE}' / '{KEYRING_TOKEN_ACCOUNT}'). Ask IT support to store the "
                             "workstation's token there, then press “Retry now”.")
    return token
