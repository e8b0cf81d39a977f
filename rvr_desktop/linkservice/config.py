"""How a link service is set up: link lifetime, public address, STUN/TURN,
GOV.UK Notify templates and the limits that keep one caller from starving
the others.

Read from an optional TOML file (`--config`). Like the workstation's live
configuration it refuses anything that looks like a secret: the officer
token, the Notify API key and TURN credentials live in the keyring.

Behind a reverse proxy, name it so guesses are counted per client rather
than per proxy (asking.py), and keep the defaults for the rest unless a
force has reason:

    [network]
    trusted_proxies = ["127.0.0.1", "10.20.0.0/24"]   # default: none
    [links]
    failed_attempts_per_minute = 20   # wrong secrets per asker, each kind apart
    failed_codes_per_minute = 5       # wrong spoken codes per asker
    [uploads]
    max_pixels = 64000000             # at most this; Pillow refuses beyond
"""

from __future__ import annotations

import ipaddress
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from rvr_desktop.settings import live_config_problems

from .asking import Network, trusted_networks
from .turn import TurnRelay

# A neutral, busy site: leaving to it looks like ordinary browsing.
DEFAULT_QUICK_EXIT_URL = "https://www.bbc.co.uk/weather"
DEFAULT_LINK_MINUTES = 15
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Phone cameras take 12 to 50 megapixels. Decoding costs 3 to 4 bytes a pixel, so this bounds one decode to
# about 256 MB, and it stays under Pillow's own guard (about 89 megapixels), which refuses far larger.
MAX_UPLOAD_PIXELS = 64_000_000


class ConfigError(Exception):
    """The link service's configuration cannot be used; the message says what to change."""


@dataclass(frozen=True)
class IceServer:
    """A STUN or TURN server handed to every browser in a call."""

    urls: tuple[str, ...]
    username: str = ""
    credential: str = ""  # filled from the keyring at start-up, never from the file

    def as_browser_config(self) -> dict:
        entry: dict = {"urls": list(self.urls)}
        if self.username:
            entry |= {"username": self.username, "credential": self.credential}
        return entry


@dataclass(frozen=True)
class NotifyTemplates:
    """GOV.UK Notify template ids, one per role and language.

    The wording lives in Notify; each template must have the fields
    ((link)) and ((minutes)).
    """

    by_role_and_language: dict[tuple[str, str], str] = field(default_factory=dict)

    def template_for(self, role: str, language: str) -> str:
        return (self.by_role_and_language.get((role, language))
                or self.by_role_and_language.get((role, "en"), ""))


@dataclass(frozen=True)
class LinkServiceConfig:
    """Everything the link service needs besides its secrets."""

    link_minutes: float = DEFAULT_LINK_MINUTES
    public_url: str = ""  # the address put in texts; default: the one the service listens on
    quick_exit_url: str = DEFAULT_QUICK_EXIT_URL
    records_calls: bool = False  # told to the caller on the consent screen
    ice_servers: tuple[IceServer, ...] = ()
    # The force's coturn, whose credentials are minted per tab (turn.py); None: no relay.
    turn: TurnRelay | None = None
    # The longest a call may run: a relay credential lasts this long (and a little more).
    call_max_minutes: float = 120.0
    notify_base_url: str = "https://api.notifications.service.gov.uk"
    notify_templates: NotifyTemplates = NotifyTemplates()
    # Wrong secrets an asker may present in a minute, in each bucket apart (see rate_limit.py); spoken
    # codes are short enough to guess, so they have a lower limit of their own.
    failed_attempts_per_minute: int = 20
    failed_codes_per_minute: int = 5
    # Proxies whose X-Forwarded-For is believed (addresses or networks; see asking.py). Empty: none, so a
    # service reached directly can never be told a made-up client address.
    trusted_proxies: tuple[Network, ...] = ()
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    max_upload_pixels: int = MAX_UPLOAD_PIXELS
    # Files a session takes in all, whether the workstation has collected them or not, so a page cannot
    # push an endless stream through the decoders and the officer's queue by waiting for each to be taken.
    max_uploads_per_session: int = 40
    # Follow Notify's delivery status this often, for this long.
    delivery_poll_seconds: float = 2.0
    delivery_follow_seconds: float = 600.0
    # Sessions the workstation never cleared are forgotten this long after ending, or after this age.
    keep_ended_hours: float = 2.0
    keep_any_hours: float = 24.0
    # Practice only: how long the simulated phone network takes to deliver a text.
    practice_delivery_seconds: float = 1.0

    def __post_init__(self) -> None:
        # Given as text (from the file, or by a test), kept as networks: checked once, here.
        object.__setattr__(self, "trusted_proxies", trusted_networks(
            str(entry) if isinstance(entry, (ipaddress.IPv4Network, ipaddress.IPv6Network)) else entry
            for entry in self.trusted_proxies))


def load_config(path: Path | None) -> LinkServiceConfig:
    """The configuration in `path`, or the defaults when there is none."""
    if path is None:
        return LinkServiceConfig()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"The link service configuration {path} does not exist. "
                          "Check the --config path; nothing was started.") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"The link service configuration {path} cannot be read ({exc}). "
                          "Fix the file; nothing was started.") from None
    secrets = [p for p in live_config_problems(raw) if "looks like a secret" in p]
    if secrets:
        raise ConfigError(f"{path} holds what looks like a secret; nothing was started.\n"
                          + "\n".join(f"  - {p}" for p in secrets))
    try:
        return _from_toml(raw)
    except (TypeError, ValueError, KeyError) as exc:
        raise ConfigError(f"{path} has a setting the link service cannot use: {exc}. "
                          "Nothing was started; see docs in rvr_desktop/linkservice/config.py.") from None


def _from_toml(raw: dict) -> LinkServiceConfig:
    links = raw.get("links", {})
    notify = raw.get("notify", {})
    templates = {}
    for role, by_language in notify.get("templates", {}).items():
        for language, template_id in by_language.items():
            templates[(role, language)] = str(template_id)
    minutes = float(links.get("valid_minutes", DEFAULT_LINK_MINUTES))
    if not 0 < minutes <= 24 * 60:
        raise ValueError("[links] valid_minutes must be between 0 and 1440")
    quick_exit = str(links.get("quick_exit_url", DEFAULT_QUICK_EXIT_URL))
    if not quick_exit.startswith(("https://", "http://")):
        raise ValueError("[links] quick_exit_url must be a web address")
    proxies = raw.get("network", {}).get("trusted_proxies", [])
    if not isinstance(proxies, list):
        raise ValueError("[network] trusted_proxies must be a list such as [\"10.0.0.5\", \"10.1.0.0/16\"]")
    pixels = int(raw.get("uploads", {}).get("max_pixels", MAX_UPLOAD_PIXELS))
    if not 1 <= pixels <= MAX_UPLOAD_PIXELS:
        raise ValueError(f"[uploads] max_pixels must be between 1 and {MAX_UPLOAD_PIXELS}")
    ice = tuple(IceServer(urls=tuple(_as_list(s["urls"])), username=str(s.get("username", "")))
                for s in raw.get("ice_servers", []))
    return LinkServiceConfig(
        link_minutes=minutes,
        public_url=str(links.get("public_url", "")).rstrip("/"),
        quick_exit_url=quick_exit,
        records_calls=bool(raw.get("calls", {}).get("recorded", False)),
        ice_servers=ice,
        notify_base_url=str(notify.get("base_url", LinkServiceConfig.notify_base_url)),
        notify_templates=NotifyTemplates(templates),
        failed_attempts_per_minute=int(links.get("failed_attempts_per_minute",
                                                 LinkServiceConfig.failed_attempts_per_minute)),
        failed_codes_per_minute=int(links.get("failed_codes_per_minute", LinkServiceConfig.failed_codes_per_minute)),
        trusted_proxies=tuple(proxies),
        max_upload_pixels=pixels,
    )


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value]
