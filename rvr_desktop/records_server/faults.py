"""Faults the practice records server can be told to show, so the workstation's
outbox is trained (and tested) against the records system officers describe:
slow, often down, sometimes answering in ways it should not.

A specification is a comma-separated list of `name=value`, for example

    error=0.15,timeout=0.05,drop=0.1,latency=0.002-0.01,seed=7

Rates are fractions of requests (0 to 1):

- `error`: answer 500 or 503 (with Retry-After) before doing anything;
- `timeout`: hang for `hang` seconds (default 30), then carry on, so the
  work is done after the workstation has given up waiting;
- `drop`: do the work, commit it, then cut the connection before answering;
- `conflict`: answer 409, as if the same request were still in progress;
- `invalid`: refuse a write with 422 (the workstation must ask a person);
- `lose`: acknowledge an exhibit upload but keep nothing;
- `malformed`: answer a success with a body that is not JSON;
- `off_contract`: answer a success with JSON that breaks the contract.

Settings: `latency=S` or `latency=MIN-MAX` seconds added to every request;
`retry_after=S` sent with 503 and 409 (default 1); `clock=S` seconds added to
the server's clock (its Date header and times); `token=expired` refuses every
request as if the workstation's token had expired; `seed=N` for a
repeatable run. An empty specification heals everything.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

RATES = ("error", "timeout", "drop", "conflict", "invalid", "lose", "malformed", "off_contract")


class FaultSpecError(ValueError):
    """The fault specification cannot be read; the message says which part and why."""


@dataclass(frozen=True)
class Faults:
    error: float = 0.0
    timeout: float = 0.0
    drop: float = 0.0
    conflict: float = 0.0
    invalid: float = 0.0
    lose: float = 0.0
    malformed: float = 0.0
    off_contract: float = 0.0
    latency_min: float = 0.0
    latency_max: float = 0.0
    hang: float = 30.0
    retry_after: float = 1.0
    clock: float = 0.0
    token_expired: bool = False
    seed: int | None = None

    @property
    def healthy(self) -> bool:
        return self == Faults(seed=self.seed)

    def describe(self) -> str:
        """The specification that gives these faults back ('' when healthy)."""
        parts = [f"{name}={getattr(self, name):g}" for name in RATES if getattr(self, name)]
        if self.latency_max:
            parts.append(f"latency={self.latency_min:g}-{self.latency_max:g}")
        defaults = Faults()
        parts += [f"{name}={getattr(self, name):g}" for name in ("hang", "retry_after", "clock")
                  if getattr(self, name) != getattr(defaults, name)]
        if self.token_expired:
            parts.append("token=expired")
        if self.seed is not None:
            parts.append(f"seed={self.seed}")
        return ",".join(parts)


def parse_faults(spec: str) -> Faults:
    """Read a specification such as 'error=0.3,drop=0.1'; '' means no faults."""
    faults = Faults()
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        name, sep, value = part.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not value:
            raise FaultSpecError(f"'{part}' should be name=value, for example error=0.2")
        faults = replace(faults, **_setting(name, value))
    return faults


def _setting(name: str, value: str) -> dict:
    if name in RATES:
        rate = _number(name, value)
        if not 0 <= rate <= 1:
            raise FaultSpecError(f"{name} is a fraction of requests from 0 to 1, not {value}")
        return {name: rate}
    if name == "latency":
        low, _, high = value.partition("-")
        low_s = _seconds(name, low)
        high_s = _seconds(name, high) if high else low_s
        if high_s < low_s:
            raise FaultSpecError(f"latency range {value} runs backwards")
        return {"latency_min": low_s, "latency_max": high_s}
    if name in ("hang", "retry_after"):
        return {name: _seconds(name, value)}
    if name == "clock":
        return {"clock": _number(name, value)}
    if name == "token":
        if value != "expired":
            raise FaultSpecError("token takes only the value 'expired'")
        return {"token_expired": True}
    if name == "seed":
        try:
            return {"seed": int(value)}
        except ValueError:
            raise FaultSpecError(f"seed must be a whole number, not {value}") from None
    known = sorted({*RATES, "latency", "hang", "retry_after", "clock", "token", "seed"})
    raise FaultSpecError(f"'{name}' is not a fault; known: {', '.join(known)}")


def _number(name: str, value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise FaultSpecError(f"{name} needs a number, not {value!r}") from None


def _seconds(name: str, value: str) -> float:
    seconds = _number(name, value)
    if not 0 <= seconds <= 3600:
        raise FaultSpecError(f"{name} is in seconds from 0 to 3600, not {value}")
    return seconds


class FaultDice:
    """Decides, request by request, which fault (if any) to show."""

    def __init__(self, faults: Faults):
        self.faults = faults
        self._random = random.Random(faults.seed)

    def roll(self, name: str) -> bool:
        rate = getattr(self.faults, name)
        return rate > 0 and self._random.random() < rate

    def latency(self) -> float:
        f = self.faults
        return self._random.uniform(f.latency_min, f.latency_max) if f.latency_max else 0.0

    def choice(self, options: tuple):
        return self._random.choice(options)

