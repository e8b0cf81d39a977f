"""The store tests open real encrypted stores, whose keys go into the keyring."""

from __future__ import annotations

from tests.helpers.sandbox import require_throwaway_keyring

# Every test here writes a database key into whatever keyring answers.
require_throwaway_keyring()
