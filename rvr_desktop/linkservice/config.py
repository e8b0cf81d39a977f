"""How a link service is set up: where it listens, link lifetime, STUN/TURN,
GOV.UK Notify templates and the limits that keep one caller from starving
the others.

Read from an optional TOML file (`--config`). A file with a `[server]`
section is a force's own service (`rvr-desktop link-service --config FILE`):
it says where to listen, and names where each secret is kept (secret_files.py).
Without one, the workstation (or a trainer) starts the service with options.
Every problem in the file is listed at once, as the workstation's `live.toml`
is checked, and a setting the service does not know is refused rather than
ignored. A secret written in the file itself is refused, saying where it goes.

    [server]                      # a force's service only
    listen = "0.0.0.0:8443"
    tls_certificate = "/etc/rvr-link-service/tls/fullchain.pem"
    tls_key = "/etc/rvr-link-service/tls/key.pem"        # mode 0600, the service's user's
    # or, behind a reverse proxy that terminates TLS (asking.py), no certificate and:
    trusted_proxies = ["127.0.0.1", "10.20.0.0/24"]     # default: none
    public_url = "https://video.force.example"           # the caller's page, put in texts
    metrics_listen = "127.0.0.1:9464"                    # /metrics on its own socket (metrics.py)
    instance_url = "http://10.20.0.11:8080"              # [store] kind "redis": where the other instances
                                                         # reach this one (hosting.py); they must be in
                                                         # trusted_proxies, as the balancer is
    instance_name = "a"           # kind "redis", optional: the name the balancer routes a tab's ?via= by,
                                  # straight to its call's host (docs/deploy.md, "The balancer")
    workstation_key_file = "/etc/rvr-link-service/workstation-key"   # signs enrolled workstations' credentials
    [store]
    kind = "sqlite"               # the default; "memory": a restart forgets every session (store.py);
                                  # "redis": several instances share the calls (redis_store.py)
    directory = "/var/lib/rvr-link-service"   # mode 0700, the service's user's: sessions.sqlite3 (with kind
                                              # "sqlite") and workstations.sqlite3 (workstations.py) are here
    url = "rediss://redis.force.example:6379/0"        # kind "redis" only; rediss:// is Redis over TLS
    sentinels = ["10.20.0.21:26379", "10.20.0.22:26379", "10.20.0.23:26379"]   # or Redis Sentinel finds
    sentinel_master = "rvr"                            # the primary (url then gives only rediss:// and the DB)
    tls_authority = "/etc/rvr-link-service/redis-ca.pem"   # what signed Redis's certificate, for rediss://
    password_file = "/etc/rvr-link-service/redis-password"  # Redis's requirepass (or its ACL user's)
    [notify]
    api_key_file = "/etc/rvr-link-service/notify-api-key"   # or api_key_credential = "notify-api-key"
    base_url = "https://api.notifications.service.gov.uk"
    templates = { caller = { en = "TEMPLATE-ID", cy = "TEMPLATE-ID" } }
    [turn]
    servers = [{ urls = ["stun:stun.force.example:3478"] }]   # STUN, handed to every browser as it is
    urls = ["turns:relay.force.example:443"]   # the force's coturn: credentials minted per tab (turn.py)
    shared_secret_file = "/etc/rvr-link-service/turn-secret"   # coturn's static-auth-secret
    relay_only = false                # true: media only through the relay, so neither side sees the other's address
    [links]
    valid_minutes = 15
    quick_exit_url = "https://www.bbc.co.uk/weather"
    failed_attempts_per_minute = 20   # wrong secrets per asker, each kind apart
    failed_codes_per_minute = 5       # wrong spoken codes per asker
    [calls]
    recorded = false                  # told to the caller on the consent screen
    drain_seconds = 600               # on SIGTERM, calls in progress get this long
    max_minutes = 120                 # the longest call: a relay credential lasts this long
    keep_ended_hours = 2
    keep_any_hours = 24
    [uploads]
    max_pixels = 64000000             # at most this; Pillow refuses beyond

Any `_file` above may instead be a systemd credential: the same name ending
in `_credential`, read from $CREDENTIALS_DIRECTORY.
"""

from __future__ import annotations

import ipaddress
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from rvr_desktop.settings import secret_looking_keys

from .asking import Network, trusted_networks
from .config_checks import SettingsReader
from .secret_files import SecretPlace, read_secret
from .turn import TurnRelay

# A neutral, busy site: leaving to it looks like ordinary browsing.
DEFAULT_QUICK_EXIT_URL = "https://www.bbc.co.uk/weather"
DEFAULT_LINK_MINUTES = 15
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Phone cameras take 12 to 50 megapixels. Decoding costs 3 to 4 bytes a pixel, so this bounds one decode to
# about 256 MB, and it stays under Pillow's own guard (about 89 megapixels), which refuses far larger.
MAX_UPLOAD_PIXELS = 64_000_000


LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")
SECTIONS = ("server", "store", "notify", "turn", "links", "calls", "uploads")
STORE_KINDS = ("sqlite", "memory", "redis")  # see store.py and redis_store.py


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
class RedisSettings:
    """Where the force's Redis is and how to reach it: `[store] url`, `tls_authority`, the password."""

    url: str  # redis://HOST:PORT/DB, or rediss:// for TLS; with sentinels, only its scheme and DB count
    tls_authority: Path | None = None  # the authority that signed Redis's certificate (rediss://)
    password: str = field(default="", repr=False)  # Redis's, and its Sentinels' too
    sentinels: tuple[tuple[str, int], ...] = ()  # Redis Sentinels to ask where the primary is, if any
    sentinel_master: str = ""  # the name the Sentinels know the force's Redis by


@dataclass(frozen=True)
class ForceSecrets:
    """A force's service's secrets, read from the files or credentials its configuration names."""

    notify_api_key: str = field(default="", repr=False)
    turn_shared_secret: str = field(default="", repr=False)  # minted into per-claim TURN credentials (point 4)
    workstation_key: str = field(default="", repr=False)  # signs enrolled workstations' credentials
    redis_password: str = field(default="", repr=False)  # kind "redis": Redis's password, where it has one


@dataclass(frozen=True)
class ServerSettings:
    """Where a force's service listens: its `[server]` section."""

    listen: tuple[str, int]
    tls_certificate: Path | None = None
    tls_key: Path | None = None
    metrics_listen: tuple[str, int] | None = None
    instance_url: str = ""  # kind "redis": where the other instances pass on requests for this one's calls
    # kind "redis": the name the balancer knows this instance by, told to the tabs of the calls it hosts so
    # their next requests come straight here (passing_on.py); "": they go wherever the balancer sends them.
    instance_name: str = ""
    secrets: ForceSecrets = ForceSecrets()


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
    # On SIGTERM, calls in progress may carry on this long while new claims are refused (server.py).
    drain_seconds: float = 0.0
    store_kind: str = "memory"
    # Where kind "sqlite" keeps its file. None outside a force's service: the practice service is given a
    # private folder of its own that goes when it stops (commands/link_service.py).
    store_directory: Path | None = None
    redis: RedisSettings | None = None  # kind "redis": where the calls are kept
    server: ServerSettings | None = None  # a force's own service; None: started by a workstation or trainer

    def __post_init__(self) -> None:
        # Given as text (from the file, or by a test), kept as networks: checked once, here.
        object.__setattr__(self, "trusted_proxies", trusted_networks(
            str(entry) if isinstance(entry, (ipaddress.IPv4Network, ipaddress.IPv6Network)) else entry
            for entry in self.trusted_proxies))




# Each secret a force's service may be given: (section, name, in words, needed to start).
SECRETS = (
    ("server", "workstation_key", "the key that signs enrolled workstations' credentials", True),
    ("notify", "api_key", "the GOV.UK Notify API key", True),
    ("turn", "shared_secret", "the TURN shared secret (coturn's static-auth-secret)", False),
    ("store", "password", "the Redis password (its requirepass, or its ACL user's)", False),
)
SECRET_ENDINGS = ("_file", "_credential")
MIN_SECRET_CHARACTERS = 32  # the workstation key: long enough never to be guessed
# Before workstations enrolled, every workstation of a force presented one officer token.
RETIRED_SETTINGS = {("server", "officer_token_file"), ("server", "officer_token_credential")}


def load_config(path: Path | None) -> LinkServiceConfig:
    """The configuration in `path`, or the defaults when there is none; ConfigError lists every problem."""
    if path is None:
        return LinkServiceConfig(store_kind="sqlite")  # as a file without [store] says
    config, problems = config_and_problems(_parsed(path))
    if problems:
        raise ConfigError(f"The link service configuration {path} needs attention. Nothing was started:\n"
                          + "\n".join(f"  - {p}" for p in problems))
    return config


@dataclass(frozen=True)
class RegisterPlace:
    """Where a force's service keeps its register of workstations, as its IT team's commands reach it."""

    folder: Path  # [store] directory: the register's SQLite file (and the sessions', with kind "sqlite")
    public_url: str
    redis: RedisSettings | None = None  # kind "redis": the register is in the force's Redis instead


def force_register_place(path: Path) -> RegisterPlace:
    """Where the force's service that `path` configures keeps its register of workstations, checked as the
    service checks it, and the service's public address; ConfigError otherwise. Nothing else in the file is
    read, so the IT team's commands (enrol, workstations, revoke) need none of the service's secrets but,
    with kind "redis", Redis's password."""
    raw = _parsed(path, "nothing was changed")
    store = raw.get("store")
    folder = store.get("directory") if "server" in raw and isinstance(store, dict) else None
    if not isinstance(folder, str) or not folder.strip():
        raise ConfigError(f"{path} is not a force's link service configuration with a [store] directory, where "
                          "its workstations are registered. Give the file the service runs with.")
    problem = private_folder_problem(Path(folder).expanduser(), "[store] directory")
    if problem:
        raise ConfigError(f"{problem}. Run this as the service's own user (for example: sudo -u rvr-link "
                          "rvr-desktop link-service ...), so the register stays its alone; nothing was changed.")
    public_url = raw["server"].get("public_url") if isinstance(raw["server"], dict) else ""
    assert isinstance(store, dict)
    return RegisterPlace(Path(folder).expanduser(), str(public_url or "").rstrip("/"), _register_redis(path, store))


def _register_redis(path: Path, store: dict) -> RedisSettings | None:
    if store.get("kind") != "redis":
        return None
    read = SettingsReader({"store": store}, ("store",))
    file = read.value("store", "password_file", None, _path, "the path of a file")
    credential = read.text("store", "password_credential", "", "the name of a systemd credential")
    password, problem = ("", "")
    if file or credential:
        password, problem = read_secret(SecretPlace("the Redis password", "[store] password", file=file,
                                                    credential=credential))
    url = store.get("url")
    if problem or not isinstance(url, str) or not url.startswith(("redis://", "rediss://")):
        raise ConfigError(f"{path}: the register of workstations is in the force's Redis, which cannot be reached "
                          f"from here: {problem or '[store] url is not a redis:// or rediss:// address'}. Run this "
                          "as the service's own user, naming the Redis password by password_file; nothing was "
                          "changed.")
    authority = store.get("tls_authority")
    sentinels = store.get("sentinels")
    return RedisSettings(url, Path(authority) if isinstance(authority, str) else None, password,
                         _sentinels(sentinels) if sentinels else (), str(store.get("sentinel_master", "")))


def _parsed(path: Path, outcome: str = "nothing was started") -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"The link service configuration {path} does not exist. "
                          f"Check the --config path; {outcome}.") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"The link service configuration {path} cannot be read ({exc}). "
                          f"Fix the file; {outcome}.") from None


def config_and_problems(raw: dict) -> tuple[LinkServiceConfig, list[str]]:
    """The configuration `raw` describes, and everything wrong with it (empty when it can be used)."""
    read = SettingsReader(raw, SECTIONS)
    inline = [f"'{name}' looks like a secret and must not be written here: put it in a file only the service's "
              f"user can read (chmod 600) and name the file as {_secret_setting(name)}_file, or give it as a "
              f"systemd credential named by {_secret_setting(name)}_credential"
              for name in secret_looking_keys(raw, SECRET_ENDINGS)]
    for name in secret_looking_keys(raw, SECRET_ENDINGS):
        section, _, key = name.partition(".")
        read.mark_read(section, key.split(".")[0])  # named once, as a secret, not again as unknown
    force = "server" in raw
    defaults = LinkServiceConfig()
    server, public_url, proxies = _server(read) if force else (None, "", ())
    config = LinkServiceConfig(
        link_minutes=read.number("links", "valid_minutes", DEFAULT_LINK_MINUTES, 0.5, 24 * 60),
        public_url=public_url,
        quick_exit_url=read.value("links", "quick_exit_url", DEFAULT_QUICK_EXIT_URL, _web_address, "a web address"),
        records_calls=read.flag("calls", "recorded", False),
        ice_servers=read.value("turn", "servers", (), lambda v: _ice_servers(v, force),
                               "a list such as [{ urls = [\"stun:stun.force.example:3478\"] }]"),
        notify_base_url=read.value("notify", "base_url", defaults.notify_base_url, _web_address, "a web address"),
        notify_templates=read.value("notify", "templates", NotifyTemplates(), _templates,
                                    "a table such as { caller = { en = \"TEMPLATE-ID\" } }"),
        failed_attempts_per_minute=read.whole("links", "failed_attempts_per_minute",
                                              defaults.failed_attempts_per_minute, 1, 10_000),
        failed_codes_per_minute=read.whole("links", "failed_codes_per_minute", defaults.failed_codes_per_minute,
                                           1, 1_000),
        trusted_proxies=proxies,
        max_upload_pixels=read.whole("uploads", "max_pixels", MAX_UPLOAD_PIXELS, 1, MAX_UPLOAD_PIXELS),
        drain_seconds=read.number("calls", "drain_seconds", 300.0 if force else 0.0, 0, 24 * 3600),
        keep_ended_hours=read.number("calls", "keep_ended_hours", defaults.keep_ended_hours, 0.1, 24 * 30),
        keep_any_hours=read.number("calls", "keep_any_hours", defaults.keep_any_hours, 0.1, 24 * 30),
        store_kind=read.value("store", "kind", "sqlite", _store_kind, " or ".join(f'"{k}"' for k in STORE_KINDS)),
        store_directory=read.value("store", "directory", None, _path, "the path of a folder"),
        server=server,
    )
    _check_store(read, config, force)
    secrets = _secrets(read, force, inline)
    if server is not None:
        config = replace(config, server=replace(server, secrets=secrets))
    config = replace(config, redis=_redis(read, config, force, secrets.redis_password))
    config = replace(config, turn=_relay(read, force, secrets.turn_shared_secret),
                     call_max_minutes=read.number("calls", "max_minutes", defaults.call_max_minutes, 1, 24 * 60))
    return config, inline + read.problems + read.unknown()


def _relay(read: SettingsReader, force: bool, secret: str) -> TurnRelay | None:
    """The force's coturn, from [turn] urls and the shared secret (turn.py), or None when there is none."""
    urls = read.value("turn", "urls", [], _text_list, "a list such as [\"turns:relay.force.example:443\"]")
    relay_only = read.flag("turn", "relay_only", False)
    if not urls:
        if relay_only:
            read.problems.append("[turn] relay_only needs the force's relay: give [turn] urls and shared_secret_file")
        if secret:
            read.problems.append("[turn] shared_secret is given but no relay uses it: give [turn] urls")
        return None
    if not force:
        read.problems.append("[turn] urls is for a force's service (a config with [server]), which reads the "
                             "relay's shared secret from a file or credential")
        return None
    if not secret:
        if not any("shared_secret" in p for p in read.problems):
            read.problems.append("[turn] urls needs the relay's shared secret: name its file with shared_secret_file "
                                 "(or a systemd credential with shared_secret_credential)")
        return None
    try:
        return TurnRelay(tuple(urls), secret.encode("utf-8"), relay_only=relay_only)
    except ValueError as exc:
        read.problems.append(str(exc))
        return None


def _text_list(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("")
    return list(value)


def _server(read: SettingsReader) -> tuple[ServerSettings, str, tuple[Network, ...]]:
    listen = read.required("server", "listen", _host_port, "HOST:PORT, such as \"0.0.0.0:8443\" or \"[::]:8443\"")
    certificate = read.value("server", "tls_certificate", None, _path, "the path of a PEM certificate chain")
    key = read.value("server", "tls_key", None, _path, "the path of a PEM private key")
    proxies = read.value("server", "trusted_proxies", (), _networks, "a list such as [\"10.0.0.5\", \"10.1.0.0/16\"]")
    public_url = read.required("server", "public_url", _https_address,
                               "the https:// address of the caller's page, such as \"https://video.force.example\"")
    metrics = read.value("server", "metrics_listen", None, _host_port, "HOST:PORT, such as \"127.0.0.1:9464\"")
    instance_url = read.value("server", "instance_url", "", _web_address,
                              "the address the other instances reach this one at, such as \"http://10.20.0.11:8080\"")
    instance_name = read.value("server", "instance_name", "", _instance_name,
                               "a short name of lower-case letters, digits and dashes, such as \"a\" or \"video-2\"")
    for section, retired in sorted(RETIRED_SETTINGS):
        if read.has(section, retired):
            read.mark_read(section, retired)
            read.problems.append(f"[{section}] {retired} is no longer read: each workstation now enrols and "
                                 "presents a credential of its own, signed with the key named by workstation_key_file "
                                 "(docs/deploy.md, \"Enrolling workstations\"); remove the setting, and the token "
                                 "with it")
    if (certificate is None) != (key is None):
        read.problems.append("[server] HTTPS needs both tls_certificate and tls_key")
    if key is not None:
        _, problem = read_secret(SecretPlace("the TLS private key", "[server] tls_key", file=key))
        if problem:
            read.problems.append(problem.replace("_file or _credential", ""))
    if listen and certificate is None and not proxies and listen[0] not in LOOPBACK_HOSTS:
        read.problems.append("[server] the service would serve plain HTTP on a network: give tls_certificate and "
                             "tls_key, or listen on 127.0.0.1 behind a reverse proxy named in trusted_proxies")
    if metrics and listen and metrics == listen and listen[1] != 0:
        read.problems.append("[server] metrics_listen must be a socket of its own, not the listen address")
    return ServerSettings(listen=listen or ("127.0.0.1", 0), tls_certificate=certificate, tls_key=key,
                          metrics_listen=metrics, instance_url=instance_url, instance_name=instance_name), (public_url or "").rstrip("/"), proxies


def _secrets(read: SettingsReader, force: bool, inline: list[str]) -> ForceSecrets:
    found: dict[str, str] = {}
    for section, name, what, needed in SECRETS:
        setting = f"[{section}] {name}"
        file = read.value(section, f"{name}_file", None, _path, "the path of a file")
        credential = read.text(section, f"{name}_credential", "", "the name of a systemd credential")
        if not force:
            if file or credential:
                read.problems.append(f"{setting}_file and _credential are for a force's service (a config with "
                                     "[server]); a workstation's service keeps its secrets in the keyring")
            continue
        if file and credential:
            read.problems.append(f"{setting}: give {name}_file or {name}_credential, not both")
        elif not (file or credential):
            if needed and not any(f"'{section}.{name}'" in p for p in inline):
                read.problems.append(f"{setting}_file is missing: {what} is kept in a file only the service's user "
                                     f"can read (chmod 600), or in a systemd credential named by {name}_credential")
        else:
            secret, problem = read_secret(SecretPlace(what, setting, file=file, credential=credential))
            if not problem and name == "workstation_key" and len(secret) < MIN_SECRET_CHARACTERS:
                problem = f"{what} must be at least {MIN_SECRET_CHARACTERS} characters (make one with: openssl rand -base64 32)"
            if problem:
                read.problems.append(problem)
            found[name if section == "server" else f"{section}_{name}"] = secret
    return ForceSecrets(notify_api_key=found.get("notify_api_key", ""),
                        turn_shared_secret=found.get("turn_shared_secret", ""),
                        workstation_key=found.get("workstation_key", ""),
                        redis_password=found.get("store_password", ""))


def _secret_setting(dotted: str) -> str:
    section, _, key = dotted.partition(".")
    return f"[{section}] {key}"


def _web_address(value: object) -> str:
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise ValueError("")
    return value.rstrip("/")


def _instance_name(value: object) -> str:
    # It travels in a query string and names an upstream in the balancer's configuration: nothing else fits both.
    if not isinstance(value, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,31}", value):
        raise ValueError("")
    return value


def _https_address(value: object) -> str:
    if not isinstance(value, str) or not value.startswith("https://") or len(value) <= len("https://"):
        raise ValueError("")
    return value


def _path(value: object) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("")
    return Path(value).expanduser()


def _host_port(value: object) -> tuple[str, int]:
    if not isinstance(value, str):
        raise ValueError("")
    host, colon, port = value.strip().rpartition(":")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not colon or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError("")
    return host, int(port)


def _networks(value: object) -> tuple[Network, ...]:
    if not isinstance(value, list):
        raise ValueError("it must be a list")
    return trusted_networks(value)


def _store_kind(value: object) -> str:
    if value not in STORE_KINDS:
        raise ValueError("")
    return str(value)


def _check_store(read: SettingsReader, config: LinkServiceConfig, force: bool) -> None:
    """A force's service needs its folder, for its register of workstations and (kind "sqlite") its
    sessions; any folder named must be the service's alone, as the sessions in it hold callers' phone
    numbers and the photos they sent."""
    folder = config.store_directory
    if folder is None:
        if force:
            read.problems.append('[store] directory is missing: a force\'s service keeps its enrolled workstations, '
                                 'and its sessions (kind = "sqlite", the default), in a folder of its own, such as '
                                 '"/var/lib/rvr-link-service" (mode 0700, owned by the service\'s user)')
        return
    problem = private_folder_problem(folder, "[store] directory")
    if problem:
        read.problems.append(problem)


def _redis(read: SettingsReader, config: LinkServiceConfig, force: bool, password: str) -> RedisSettings | None:
    """Where kind "redis" keeps the calls, from `[store] url` and `tls_authority`; None for another kind."""
    url = read.text("store", "url", "", "an address such as \"rediss://redis.force.example:6379/0\"")
    authority = read.value("store", "tls_authority", None, _path, "the path of a PEM certificate")
    if config.store_kind != "redis":
        if url or authority is not None or password:
            read.problems.append('[store] url, tls_authority and password_file are for kind = "redis"')
        if config.server is not None and config.server.instance_name:
            read.problems.append('[server] instance_name is for kind = "redis": one instance needs no name')
        return None
    if not force:
        read.problems.append('[store] kind = "redis" is for a force\'s service (a config with [server]): a '
                             "workstation's own service keeps its calls in memory")
        return None
    if not url.startswith(("redis://", "rediss://")):
        read.problems.append('[store] kind = "redis" needs url, the address of the force\'s Redis, such as '
                             '"rediss://redis.force.example:6379/0" (rediss:// is Redis over TLS)')
        return None
    if "@" in url.partition("://")[2].partition("/")[0]:
        read.problems.append("[store] url must not carry a user or password: put the password in a file only the "
                             "service's user can read (chmod 600) and name it with password_file")
        return None
    if authority is not None and not url.startswith("rediss://"):
        read.problems.append("[store] tls_authority is for Redis over TLS: make the url rediss://")
    sentinels = read.value("store", "sentinels", (), _sentinels,
                           'a list such as ["10.20.0.21:26379", "10.20.0.22:26379", "10.20.0.23:26379"]')
    master = read.text("store", "sentinel_master", "", "the name the Sentinels monitor the force's Redis by")
    if read.has("store", "sentinels") != bool(master):
        read.problems.append("[store] sentinels and sentinel_master go together: the Sentinels' addresses, and the "
                             "name they know the force's Redis by")
    if config.server is not None and not config.server.instance_url:
        read.problems.append('[server] instance_url is missing: with kind = "redis" each instance passes requests '
                             "about a call to the instance hosting it, so each says where the others reach it, "
                             'such as "http://10.20.0.11:8080" (and lists the others in trusted_proxies)')
    return RedisSettings(url, authority, password, sentinels, master)


def _sentinels(value: object) -> tuple[tuple[str, int], ...]:
    if not isinstance(value, list) or not value:
        raise ValueError("")
    return tuple(_host_port(entry) for entry in value)


def private_folder_problem(folder: Path, setting: str) -> str:
    """What is wrong with `folder` as one only the service's user may enter, or ""."""
    try:
        facts = os.stat(folder)
    except FileNotFoundError:
        return f"{setting} {folder} does not exist: create it with: install -d -m 0700 -o SERVICE-USER {folder}"
    except OSError as exc:
        return f"{setting} {folder} cannot be read ({type(exc).__name__})"
    if not stat.S_ISDIR(facts.st_mode):
        return f"{setting} {folder} is not a folder"
    if facts.st_uid != os.geteuid():
        return (f"{setting} {folder} belongs to user id {facts.st_uid}, not to the service's user ({os.geteuid()}): "
                f"chown it to the service's user")
    if facts.st_mode & 0o077:
        return (f"{setting} {folder} can be entered by other users (mode {stat.S_IMODE(facts.st_mode):04o}): "
                f"make it 0700 with: chmod 700 {folder}")
    return ""


def _templates(value: object) -> NotifyTemplates:
    if not isinstance(value, dict):
        raise ValueError("")
    found: dict[tuple[str, str], str] = {}
    for role, by_language in value.items():
        if not isinstance(by_language, dict) or not all(isinstance(t, str) and t for t in by_language.values()):
            raise ValueError(f"{role} must map languages to template ids")
        found |= {(role, language): template_id for language, template_id in by_language.items()}
    return NotifyTemplates(found)


def _ice_servers(value: object, force: bool) -> tuple[IceServer, ...]:
    if not isinstance(value, list) or not all(isinstance(s, dict) and s.get("urls") for s in value):
        raise ValueError("")
    servers = []
    for entry in value:
        if set(entry) - {"urls", "username"}:
            raise ValueError(f"a server has only urls and username, not {', '.join(sorted(set(entry) - {'urls', 'username'}))}")
        urls = [entry["urls"]] if isinstance(entry["urls"], str) else entry["urls"]
        if not all(isinstance(u, str) and u.startswith(("stun:", "turn:", "turns:")) for u in urls):
            raise ValueError("each url starts stun:, turn: or turns:")
        if force and entry.get("username"):
            raise ValueError("a force's service gives each caller credentials of their own from shared_secret, "
                             "not one username for everyone")
        servers.append(IceServer(urls=tuple(urls), username=str(entry.get("username", ""))))
    return tuple(servers)
