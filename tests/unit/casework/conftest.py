"""The casework tests open cases from a real encrypted store."""

from __future__ import annotations

from tests.helpers.sandbox import require_throwaway_keyring

# Opening a case opens the store, whose key lives in the keyring.
require_throwaway_keyring()
