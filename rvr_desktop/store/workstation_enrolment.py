"""Where this workstation keeps its enrolment with the force's link service: the system keyring only.

One entry (service "rvr-desktop", account "link-service/enrolment") holds the
credential with the address that issued it and the authority its certificate
is checked against (video/enrolment.py). It is never written to a file: with
no system keyring the workstation is not enrolled, and is told why.

Blocking (the keyring): never on the GUI thread.
"""

from __future__ import annotations

import keyring

from rvr_desktop.video.enrolment import Enrolment

from .errors import NoKeyringError
from .keyring_key import keyring_call, require_system_keyring

ACCOUNT = "link-service/enrolment"
HOLDS = "this workstation's link service credential"


def kept_enrolment() -> Enrolment | None:
    """This workstation's enrolment, or None when it has none (a StoreError when the keyring cannot say)."""
    require_system_keyring()
    stored = keyring_call(keyring.get_password, ACCOUNT, holds=HOLDS)
    return Enrolment.from_text(stored) if stored else None


def keep_enrolment(enrolment: Enrolment) -> None:
    """Keep `enrolment`, replacing any earlier one, and read it back before trusting it."""
    keyring_call(keyring.set_password, ACCOUNT, enrolment.as_text(), holds=HOLDS)
    if kept_enrolment() != enrolment:
        raise NoKeyringError("The keyring took this workstation's credential but did not give it back.",
                             "Check the desktop keyring, then ask the force's IT team for a new enrolment code.")
