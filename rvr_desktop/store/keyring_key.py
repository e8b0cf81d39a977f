"""The database key in the operating system's keyring, and nowhere else.

There is deliberately no fallback: if no real system keyring can be used, the
store refuses to open rather than keep the key in a file.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import keyring
import keyring.backend
import keyring.errors

from rvr_desktop.store.errors import KeyringLockedError, NoKeyringError

SERVICE = "rvr-desktop"
KEY_BYTES = 32

# Only the operating systems' own keyrings, as the keyring library itself
# ships them (Secret Service, libsecret, KWallet, macOS Keychain, Windows
# Credential Locker), are trusted with the key. Add-on backends can keep
# secrets in plain or merely obscured files, so they are refused by name.
_SYSTEM_BACKEND_PACKAGE = "keyring.backends."
_NOT_A_KEYRING_MODULES = ("keyring.backends.fail", "keyring.backends.null")


@dataclass(frozen=True)
class KeyringBackend:
    """Which keyring will hold the key, and whether it is a real system one."""

    name: str
    is_system_keyring: bool
    reason: str = ""


def describe_backend() -> KeyringBackend:
    backend = keyring.get_keyring()
    parts = getattr(backend, "backends", None) or [backend]
    names = ", ".join(f"{type(b).__module__}.{type(b).__name__}" for b in parts)
    for part in parts:
        if not type(part).__module__.startswith(_SYSTEM_BACKEND_PACKAGE):
            return KeyringBackend(names, False, "it is not one of the operating system's own keyrings, and may keep "
                                  "secrets in a file, which RVR Desktop never allows")
    if all(type(p).__module__.startswith(_NOT_A_KEYRING_MODULES) for p in parts):
        return KeyringBackend(names, False, "no system keyring (Secret Service, Keychain or Credential Locker) was found")
    return KeyringBackend(names, True)


def require_system_keyring() -> KeyringBackend:
    backend = describe_backend()
    if not backend.is_system_keyring:
        raise NoKeyringError(
            f"The keyring backend is {backend.name}: {backend.reason}.",
            "Log in to a desktop session whose keyring is running (on Linux, GNOME Keyring or another "
            "Secret Service provider), then start RVR Desktop again.",
        )
    return backend


def _account(folder_id: str) -> str:
    return f"database-key/{folder_id}"


def _call(action, *args):
    return keyring_call(action, *args, holds="the database key")


def keyring_call(action, *args, holds: str):
    """`action` (keyring.get_password, set_password, delete_password) on RVR Desktop's entries, its failures
    told as a KeyringLockedError or NoKeyringError for the entry that `holds` a secret ("the database key")."""
    try:
        return action(SERVICE, *args)
    except keyring.errors.KeyringLocked as exc:
        raise KeyringLockedError(
            f"The system keyring that holds {holds} is locked and was not unlocked.",
            "Unlock your keyring (on Linux, log in to the desktop or unlock 'Login' in Passwords and Keys), "
            "then try again.",
        ) from exc
    except keyring.errors.KeyringError as exc:
        raise NoKeyringError(
            f"The system keyring did not answer ({type(exc).__name__}).",
            "Check that the desktop keyring service is running, then try again.",
        ) from exc


def read_key(folder_id: str) -> bytes | None:
    """The folder's key, or None when the keyring has no entry for it."""
    stored = _call(keyring.get_password, _account(folder_id))
    if stored is None:
        return None
    try:
        key = bytes.fromhex(stored)
    except ValueError:
        return b""  # Present but not ours: reported as a wrong key by the caller.
    return key


def create_key(folder_id: str) -> bytes:
    """Make a new random key, store it and read it back before trusting it."""
    key = secrets.token_bytes(KEY_BYTES)
    _call(keyring.set_password, _account(folder_id), key.hex())
    if read_key(folder_id) != key:
        raise NoKeyringError(
            "The keyring accepted the new database key but did not give it back.",
            "Check the keyring service; no database was created.",
        )
    return key
