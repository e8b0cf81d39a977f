"""The end-to-end tests start the real workstation, which opens its store."""

from __future__ import annotations

from tests.helpers.sandbox import require_throwaway_keyring

# The workstation keeps its database key in the keyring.
require_throwaway_keyring()
