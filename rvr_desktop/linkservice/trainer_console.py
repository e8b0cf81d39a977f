"""Practice mode's trainer's consoles: a trainer playing the caller from their own device sees the brief the
workstation made (who they play, the script, the events to fire) and the simulated phone's texts, and fires
the scenario's events; the workstation follows what they fired.

Held in memory like sessions. The console's key is the secret in its address (after the #), made and kept
like a link token: only its digest is held, and a console is found by digest. A closed console stays findable
(without its brief) so its page can say the run has ended rather than that the link is wrong.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from . import tokens
from .events import SessionEvents

KINDS = frozenset({"console_opened", "fired"})
# Who fired an event (a `fired` event's "by"): the trainer's own Fire, or the workstation's timetable (the event
# fell due by itself, and the trainer must now act it).
TRAINER, TIMETABLE = "trainer", "timetable"
MAX_BRIEF_BYTES = 256 * 1024  # the shipped scenarios' briefs are under 10 KB; room for far longer ones


class BriefError(ValueError):
    """The brief is not in the shape the trainer's page shows; the message says where."""


@dataclass
class TrainerConsole:
    """One practice run's console: the brief shown, the caller's number, and what the trainer fired."""

    console_id: str
    key_digest: str
    brief: dict
    phone_number: str  # E.164 where it parses, so it matches the simulated phone's texts however it was written
    created_at: float
    events: SessionEvents
    # When it opened by the simulated phones' clock: only texts sent since are shown, so a later run of the same
    # scenario (the same fictitious number) never shows an earlier run's links, which may still work.
    texts_since: float = 0.0
    fired: dict[str, str] = field(default_factory=dict)  # event_id -> when (UTC ISO)
    fired_by: dict[str, str] = field(default_factory=dict)  # event_id -> TRAINER or TIMETABLE
    opened: bool = False
    closed_at: float | None = None

    def event_ids(self) -> set[str]:
        return {event["event_id"] for event in self.brief.get("events", [])}

    def fire(self, event_id: str, by: str = TRAINER) -> None:
        """Record `event_id` as fired `by` the trainer or the timetable, once: a second tap, a retried request
        or the other one firing it too records nothing (the first stays)."""
        assert by in (TRAINER, TIMETABLE), by
        if event_id not in self.fired:
            self.fired[event_id] = self.events.record("fired", event_id=event_id, by=by)["at"]
            self.fired_by[event_id] = by

    def page_opened(self) -> None:
        if not self.opened:
            self.opened = True
            self.events.record("console_opened")


class UnknownConsole(LookupError):
    pass


class ConsoleBook:
    """Every trainer's console of this service, by id (for the officer) and by key digest (for the trainer)."""

    def __init__(self, clock=time.time) -> None:
        self.clock = clock
        self._open: dict[str, TrainerConsole] = {}
        self._by_digest: dict[str, TrainerConsole] = {}

    def __len__(self) -> int:
        """How many consoles are open."""
        return len(self._open)

    def open(self, brief: dict, phone_number: str, texts_since: float | None = None) -> tuple[TrainerConsole, str]:
        """A new console and its key. `texts_since` is now by the clock the texts' times are on (the simulated
        phones'), which need not be this book's: the console shows texts sent from then on."""
        key = tokens.new_token()
        now = self.clock()
        console = TrainerConsole(tokens.new_id(), tokens.digest(key), brief, phone_number, now,
                                 SessionEvents(self.clock, kinds=KINDS),
                                 texts_since=now if texts_since is None else texts_since)
        self._open[console.console_id] = console
        self._by_digest[console.key_digest] = console
        return console, key

    def console(self, console_id: str) -> TrainerConsole:
        try:
            return self._open[console_id]
        except KeyError:
            raise UnknownConsole(console_id) from None

    def find(self, key: object) -> TrainerConsole | None:
        """The console (open or closed) a presented key belongs to."""
        if not tokens.well_formed(key):
            return None
        return self._by_digest.get(tokens.digest(key))  # type: ignore[arg-type]

    def close(self, console: TrainerConsole) -> None:
        """The run is over: drop the brief, end its event streams, keep only what says 'closed'."""
        console.closed_at = self.clock()
        console.brief = {}
        console.events.close()
        self._open.pop(console.console_id, None)

    def sweep(self, oldest: float) -> int:
        """Close consoles opened more than `oldest` seconds ago, and forget those closed that long ago, so a
        service left running does not keep briefs (or their keys) for ever."""
        now = self.clock()
        stale = [c for c in self._open.values() if now - c.created_at > oldest]
        for console in stale:
            self.close(console)
        for digest, console in list(self._by_digest.items()):
            if console.closed_at is not None and now - console.closed_at > oldest:
                del self._by_digest[digest]
        return len(stale)


def checked_brief(raw: object) -> dict:
    """A copy of `raw` holding only the brief's own fields, each of the right type; BriefError otherwise.
    The page shows it as text, so this guards the shape, not the content."""
    brief = _object(raw, "brief", ("title", "summary", "facts", "script", "events"))
    events = [_object(e, f"events[{i}]", ("event_id", "label", "expected"))
              for i, e in enumerate(_list(brief["events"], "events"))]
    ids = [e["event_id"] for e in events]
    if any(not i for i in ids) or len(set(ids)) != len(ids):
        raise BriefError("every event in the brief needs its own non-empty event_id")
    return {
        "title": _text(brief["title"], "title"),
        "summary": _text(brief["summary"], "summary"),
        "facts": [_pair(f, f"facts[{i}]") for i, f in enumerate(_list(brief["facts"], "facts"))],
        "script": [_section(s, f"script[{i}]") for i, s in enumerate(_list(brief["script"], "script"))],
        "events": [{k: _text(e[k], f"events[{i}].{k}") for k in ("event_id", "label", "expected")}
                   for i, e in enumerate(events)],
    }


def _section(raw: object, where: str) -> dict:
    section = _object(raw, where, ("heading", "lines"))
    lines = [_object(line, f"{where}.lines[{i}]", ("prompt", "says"))
             for i, line in enumerate(_list(section["lines"], f"{where}.lines"))]
    return {"heading": _text(section["heading"], f"{where}.heading"),
            "lines": [{"prompt": _text(line["prompt"], f"{where}.lines[{i}].prompt"),
                       "says": [_text(s, f"{where}.lines[{i}].says[{j}]")
                                for j, s in enumerate(_list(line["says"], f"{where}.lines[{i}].says"))]}
                      for i, line in enumerate(lines)]}


def _object(raw: object, where: str, keys: tuple[str, ...]) -> dict:
    if not isinstance(raw, dict):
        raise BriefError(f"{where} must be a JSON object")
    missing = [k for k in keys if k not in raw]
    if missing:
        raise BriefError(f"{where} has no {', '.join(missing)}")
    return raw


def _list(raw: object, where: str) -> list:
    if not isinstance(raw, list):
        raise BriefError(f"{where} must be a list")
    return raw


def _text(raw: object, where: str) -> str:
    if not isinstance(raw, str):
        raise BriefError(f"{where} must be text")
    return raw


def _pair(raw: object, where: str) -> list[str]:
    if not isinstance(raw, list) or len(raw) != 2:
        raise BriefError(f"{where} must be a [label, value] pair")
    return [_text(raw[0], f"{where}[0]"), _text(raw[1], f"{where}[1]")]
