"""Where the workstation keeps its data, which mode it runs in, and who is using it.

Practice is the default: its own data folder, its own key, everything marked
TRAINING; each practice run is in the name of the trainee who said who they
are before it (`Settings.for_trainee`). Live mode needs a configuration file whose endpoints are real and
whose secrets are in the keyring, never in the file.
"""

from __future__ import annotations

import getpass
import os
import re
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rvr_desktop.sign_in import SignInSettings
    from rvr_desktop.video.trainer_network import TrainerNetwork

LIVE_CONFIG_FILE = "live.toml"
# How a live officer is named to the force's link service on every request (its X-RVR-Officer header,
# linkservice/officer_api.py): a collar or staff number, letters, digits and spaces.
OFFICER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ]{0,31}$")
_SECRET_WORDS = ("token", "secret", "password", "api_key", "apikey", "private_key")


class Mode(StrEnum):
    PRACTICE = "practice"
    LIVE = "live"


class NotConfigured(Exception):
    """Live mode cannot start; the message lists every missing piece."""


@dataclass(frozen=True)
class OfficerProfile:
    """Who is at the workstation, as documents and exhibit references name them."""

    name: str
    rank: str = ""
    number: str = ""  # collar or warrant number
    unit: str = ""
    phone: str = ""
    email: str = ""
    force: str = ""  # the police force, as the MG11's "taken by" names it
    station: str = ""  # the station or base the unit works from: the MG11's "station" and the officer's place
    # The officer's supervisor on this shift, with a way to reach them: a referral names the referrer's
    # manager (SafeLives' MARAC referral form), for the agency to go to when the officer is off duty.
    supervisor: str = ""

    def describe(self) -> str:
        """'PC 1234 Jo Bloggs', as an officer is named on a form or an exhibit."""
        return " ".join(part for part in (self.rank, self.number, self.name) if part.strip())

    def contact(self) -> str:
        return ", ".join(part for part in (self.phone, self.email) if part.strip())

    @property
    def initials(self) -> str:
        """For exhibit references such as JS/1: the first letter of each name."""
        letters = "".join(part[0] for part in self.name.replace("-", " ").split() if part[:1].isalpha())
        return (letters.upper() or "X")[:4]


@dataclass(frozen=True)
class RecordsAccess:
    """The force's records API as live.toml's [records] names it: where it is, and how the workstation gets
    its access tokens (OAuth 2.0 client credentials: the id here, the secret in the keyring)."""

    url: str
    token_url: str
    client_id: str
    scope: str = ""
    ca_bundle: Path | None = None  # the force's certificate authority, for both; the system's when None
    proxy: str = ""  # the only proxy used: the environment's are ignored (sync/client.py)


# Practice mode's officer until a trainee says who they are: a practice run names its own trainee (for_trainee).
PRACTICE_OFFICER = OfficerProfile("Practice Officer", "PC", "TR1", "RVR team (practice)",
                                  supervisor="The practice session's trainer")


@dataclass(frozen=True)
class Settings:
    mode: Mode
    data_dir: Path
    officer: str
    profile: OfficerProfile = PRACTICE_OFFICER
    # Practice only: where a trainer's own device reaches this workstation to play the caller.
    trainer_network: TrainerNetwork | None = None
    # Practice only: Chromium's generated picture and tone stand in for a camera and microphone (a training
    # room without webcams). Fixed for the whole process: see chromium_flags.
    fake_camera: bool = False
    # Live only: the force's records API, and its link service's address (the workstation enrols with it).
    records: RecordsAccess | None = None
    links_url: str = ""
    # Live only: the force's identity provider, when officers sign in per shift (sign_in.py); None: the officer
    # is who [officer] names.
    sign_in: SignInSettings | None = None

    # Live, signed in: when the sign-in runs out (its ID token's expiry, epoch seconds); None: it does not.
    signed_in_until: float | None = None

    def signed_in(self, officer_id: str, profile: OfficerProfile, until: float | None = None) -> Settings:
        """These settings for the officer who signed in, until `until`: the audit log, documents and exhibits name
        them. The force-wide details ([officer] force, station, phone, email) stay as live.toml gives them."""
        if self.sign_in is None:
            raise ValueError("only a workstation whose officers sign in takes its officer from a sign-in")
        merged = replace(self.profile, name=profile.name, rank=profile.rank, number=profile.number,
                         unit=profile.unit or self.profile.unit)
        return replace(self, officer=officer_id, profile=merged, signed_in_until=until)

    @property
    def is_training(self) -> bool:
        return self.mode is Mode.PRACTICE

    def for_trainee(self, trainee: OfficerProfile) -> Settings:
        """These settings for a practice run by `trainee`: its debrief, documents and exhibits name them.

        Practice only: a live officer is who the live configuration says, never someone typed in.
        """
        if not self.is_training:
            raise ValueError("only a practice run names its own trainee")
        return replace(self, profile=trainee)


def default_data_dir(mode: Mode) -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "rvr-desktop" / mode.value


def load_settings(mode: Mode, data_dir: Path | None) -> Settings:
    folder = (data_dir or default_data_dir(mode)).expanduser().resolve()
    if mode is Mode.PRACTICE:
        return Settings(mode, folder, officer=f"practice:{getpass.getuser()}")
    config = _read_live_config(folder)
    officer = config.get("officer", {})
    profile = OfficerProfile(**{field: str(officer.get(field, "")) for field in
                                ("name", "rank", "number", "unit", "phone", "email", "force", "station",
                                 "supervisor")})
    sign_in = _sign_in(config["sign_in"]) if "sign_in" in config else None
    # With sign-in, nobody is the officer until someone signs in (Settings.signed_in).
    return Settings(mode, folder, officer="" if sign_in else officer["id"], profile=profile,
                    records=_records_access(config["records"]), links_url=str(config["links"]["url"]).rstrip("/"),
                    sign_in=sign_in)


def _sign_in(section: dict) -> SignInSettings:
    from rvr_desktop.sign_in import DEFAULT_CLAIMS, SignInSettings

    bundle = str(section.get("ca_bundle", "")).strip()
    claims = {**DEFAULT_CLAIMS, **{str(k): str(v) for k, v in dict(section.get("claims", {})).items()}}
    return SignInSettings(str(section["issuer"]).rstrip("/"), str(section["client_id"]),
                          str(section.get("scope", "openid profile")), Path(bundle).expanduser() if bundle else None,
                          claims, int(section.get("lock_minutes", 10)))


def _records_access(records: dict) -> RecordsAccess:
    bundle = str(records.get("ca_bundle", "")).strip()
    return RecordsAccess(str(records["url"]).rstrip("/"), str(records["token_url"]), str(records["client_id"]),
                         str(records.get("scope", "")), Path(bundle).expanduser() if bundle else None,
                         str(records.get("proxy", "")))


def _read_live_config(folder: Path) -> dict:
    import tomllib  # only live mode reads a configuration file

    path = folder / LIVE_CONFIG_FILE
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotConfigured(
            f"Live mode is not configured: {path} does not exist.\n"
            "Ask your force's RVR Desktop administrator for the live configuration, or start without "
            "--mode live to use practice mode. No case data was touched."
        ) from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise NotConfigured(f"Live mode cannot start: {path} cannot be read ({exc}). "
                            "No case data was touched.") from None
    problems = live_config_problems(config)
    if problems:
        raise NotConfigured(
            f"Live mode cannot start; {path} needs attention:\n" + "\n".join(f"  - {p}" for p in problems)
        )
    return config


def live_config_problems(config: dict) -> list[str]:
    """Everything wrong with a live configuration, so it is fixed in one go."""
    problems = [f"'{name}' looks like a secret; secrets belong in the system keyring, not in this file"
                for name in secret_looking_keys(config, except_endings=("token_url",))]
    sign_in = config.get("sign_in")
    if isinstance(sign_in, dict):
        problems += _sign_in_problems(sign_in)
    else:  # without sign-in, the officer is who the file names
        officer_id = str(config.get("officer", {}).get("id", "")).strip()
        if not officer_id:
            problems.append("[officer] id is missing (the officer's force identifier, used in the audit log), or "
                            "give [sign_in] for officers to sign in per shift")
        elif not OFFICER_ID.match(officer_id):
            problems.append(f"[officer] id {officer_id!r} must be letters, digits and spaces, up to 32 (a collar "
                            "or staff number, as the force's link service is told it)")
        if not str(config.get("officer", {}).get("name", "")).strip():
            problems.append("[officer] name is missing (documents and exhibit references name the officer)")
    for section, name in (("records", "url"), ("records", "token_url"), ("links", "url")):
        url = str(config.get(section, {}).get(name, ""))
        if not url.startswith("https://"):
            problems.append(f"[{section}] {name} must be an https:// address (found {url or 'nothing'})")
    records = config.get("records", {})
    if not str(records.get("client_id", "")).strip():
        problems.append("[records] client_id is missing (the workstation's client id at the force's token "
                        "endpoint; its secret goes in the keyring)")
    bundle = str(records.get("ca_bundle", "")).strip()
    if bundle and not Path(bundle).expanduser().is_file():
        problems.append(f"[records] ca_bundle {bundle} is not a file (the force's certificate authority, PEM)")
    proxy = str(records.get("proxy", ""))
    if proxy and not proxy.startswith(("http://", "https://")):
        problems.append(f"[records] proxy must be an http:// or https:// address (found {proxy})")
    return problems


def _sign_in_problems(section: dict) -> list[str]:
    problems = []
    if not str(section.get("issuer", "")).startswith("https://"):
        problems.append(f"[sign_in] issuer must be an https:// address (found {section.get('issuer') or 'nothing'})")
    if not str(section.get("client_id", "")).strip():
        problems.append("[sign_in] client_id is missing (this application's client id at the identity provider)")
    bundle = str(section.get("ca_bundle", "")).strip()
    if bundle and not Path(bundle).expanduser().is_file():
        problems.append(f"[sign_in] ca_bundle {bundle} is not a file (the force's certificate authority, PEM)")
    claims = section.get("claims", {})
    if not isinstance(claims, dict) or not all(isinstance(v, str) for v in claims.values()):
        problems.append("[sign_in.claims] maps each of id, name, rank, number and unit to a claim's name")
    minutes = section.get("lock_minutes", 10)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 60:
        problems.append(f"[sign_in] lock_minutes must be a whole number of minutes from 1 to 60 (found {minutes})")
    return problems


def secret_looking_keys(config: dict, except_endings: tuple[str, ...] = ()) -> list[str]:
    """Every key (dotted: "notify.api_key") whose name says it holds a secret, but for names ending in
    `except_endings` (a setting naming where a secret is kept, such as "api_key_file")."""
    return [name for name in _all_keys(config) if any(word in name.lower() for word in _SECRET_WORDS)
            and not (except_endings and name.endswith(except_endings))]


def _all_keys(node: object, prefix: str = "") -> list[str]:
    if not isinstance(node, dict):
        return []
    names = []
    for key, value in node.items():
        names.append(f"{prefix}{key}")
        names += _all_keys(value, f"{prefix}{key}.")
    return names
