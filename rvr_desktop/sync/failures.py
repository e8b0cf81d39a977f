"""The three ways a delivery attempt can fail, and what the outbox does about each.

- `TemporaryFailure`: the records system is down, slow, busy or cut the
  connection. The case waits and is sent again automatically.
- `CaseRefused`: the records system refused this case (it breaks the
  contract, or the answer did). The case waits for a person; others go on.
- `DeliveryPaused`: nothing can be sent until a person acts (the access token
  expired, the server's certificate is not trusted, practice mode was pointed
  somewhere else). One message for the whole outbox, not a retry loop.

Each carries a message in plain words saying what happened; the outbox adds
what was kept safe and what to do.
"""

from __future__ import annotations


class DeliveryProblem(Exception):
    """Base: `message` is what happened, in words for the officer."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TemporaryFailure(DeliveryProblem):
    """Try again later; `retry_after` is the records system's own request, in seconds."""

    def __init__(self, message: str, *, retry_after: float | None = None, reachable: bool = True):
        super().__init__(message)
        self.retry_after = retry_after
        # False when the records system could not be reached at all: the
        # status bar then shows it offline.
        self.reachable = reachable


class CaseRefused(DeliveryProblem):
    """This case needs a person to look at it before it is sent again."""


class DeliveryPaused(DeliveryProblem):
    """No case can be sent until a person acts; then "Retry now"."""
