"""Where a force's link service finds its secrets: files only its own user can read, or systemd credentials.

A secret is never written in the configuration itself, which is read by
whoever looks after the server, copied into tickets and kept in version
control. The configuration names where each secret is instead:

    [notify]
    api_key_file = "/etc/rvr-link-service/notify-api-key"   # mode 0600, owned by the service's user
    # or, under systemd with LoadCredential=notify-api-key:/etc/rvr-link-service/notify-api-key
    api_key_credential = "notify-api-key"                     # read from $CREDENTIALS_DIRECTORY

A file that another user could read (or that someone else owns, and so could
swap) is refused rather than used: a Notify key that leaked sends texts in the
force's name. systemd's credentials directory is private to the unit already.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

CREDENTIALS_DIRECTORY = "CREDENTIALS_DIRECTORY"


@dataclass(frozen=True)
class SecretPlace:
    """Where one secret is kept: a file, or a systemd credential's name."""

    what: str  # in words, for messages: "the GOV.UK Notify API key"
    setting: str  # "[notify] api_key": its _file and _credential keys
    file: Path | None = None
    credential: str = ""


def read_secret(place: SecretPlace) -> tuple[str, str]:
    """(the secret, "") or ("", what is wrong and what to do)."""
    if place.credential:
        folder = os.environ.get(CREDENTIALS_DIRECTORY, "")
        if not folder:
            return "", (f"{place.setting}_credential names the systemd credential {place.credential!r} for "
                        f"{place.what}, but $CREDENTIALS_DIRECTORY is not set: give the unit "
                        f"LoadCredential={place.credential}:FILE, or name a file with {place.setting}_file")
        path = Path(folder) / place.credential
        return _read(path, place, check_owner=False)
    assert place.file is not None
    return _read(place.file, place, check_owner=True)


def _read(path: Path, place: SecretPlace, check_owner: bool) -> tuple[str, str]:
    try:
        # Opened first and checked through the open file, so the file checked is the file read.
        with path.open("rb") as opened:
            facts = os.fstat(opened.fileno())
            if check_owner and not stat.S_ISREG(facts.st_mode):
                return "", f"{place.what} must be in an ordinary file; {path} is not one"
            if check_owner and facts.st_mode & 0o077:
                return "", (f"{path} ({place.what}) can be read by other users (mode "
                            f"{stat.S_IMODE(facts.st_mode):04o}): make it 0600 with: chmod 600 {path}")
            if check_owner and facts.st_uid != os.geteuid():
                return "", (f"{path} ({place.what}) belongs to user id {facts.st_uid}, not to the service's user "
                            f"({os.geteuid()}): chown it to the service's user")
            text = opened.read(64 * 1024).decode("utf-8").strip()
    except FileNotFoundError:
        return "", f"{path} ({place.what}, from {place.setting}_file or _credential) does not exist"
    except PermissionError:
        return "", f"{path} ({place.what}) cannot be read by the service's user"
    except (OSError, UnicodeDecodeError) as exc:
        return "", f"{path} ({place.what}) cannot be read ({type(exc).__name__})"
    if not text:
        return "", f"{path} ({place.what}) is empty"
    return text, ""
