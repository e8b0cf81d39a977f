"""The command tests run `rvr-desktop` commands that open the store and read the keyring."""

from __future__ import annotations

from tests.helpers.sandbox import require_throwaway_keyring

# `doctor` and `audit` open the practice store, so they reach the keyring.
require_throwaway_keyring()
