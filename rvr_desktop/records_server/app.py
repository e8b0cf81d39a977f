"""The practice records server's web application: the records API contract
over the practice database, with faults on request.

Order of work for a write: read the body, answer a repeat from the answer
kept under its idempotency key, check the contract, claim the key (a second
request with it meanwhile gets 409), do the work and keep the answer in one
transaction, release the key. Faults are applied around that (see `faults`).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import math
import re
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from aiohttp import web

from rvr_desktop.records_server.checks import cross_reference_problems
from rvr_desktop.records_server.faults import FaultDice, Faults, FaultSpecError, parse_faults
from rvr_desktop.records_server.problems import Problem, from_http_error
from rvr_desktop.records_server.records import KeptAnswer, PracticeRecords
from rvr_desktop.records_server.token_endpoint import TOKEN_PATH, TokenIssuer
from rvr_desktop.sync.contract import (
    API_VERSION,
    MAX_EXHIBIT_BYTES,
    MAX_JSON_BYTES,
    exhibit_media_types,
    problems_with,
)

log = logging.getLogger(__name__)

_INVESTIGATION_ID = re.compile(r"^[A-Za-z0-9-]{1,64}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_KEY = re.compile(r"^[\x21-\x7e]{8,255}$")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class ServerState:
    records: PracticeRecords
    token: str  # the one token accepted, unless tokens come from `issuer`
    dice: FaultDice
    issuer: TokenIssuer | None = None  # the force's way: tokens from the token endpoint, each for a time
    in_flight: set[str] = field(default_factory=set)

    @property
    def faults(self) -> Faults:
        return self.dice.faults

    def now(self) -> datetime:
        """The server's clock, which a fault may set far from the workstation's."""
        return datetime.now(UTC) + timedelta(seconds=self.faults.clock)

    def retry_after(self) -> str:
        seconds = self.faults.retry_after
        if self.faults.clock:
            # A skewed server says when on its own clock: exactly what a
            # client that trusts its own clock would misread.
            return format_datetime(self.now() + timedelta(seconds=seconds), usegmt=True)
        return str(math.ceil(seconds))


STATE = web.AppKey("state", ServerState)


@dataclass(frozen=True)
class FaultPlan:
    """What this one request will suffer, rolled once when it arrives."""

    hang: float = 0.0
    lose: bool = False


# Set by the faults middleware, read by the handler of the same request (the
# same task, so the same context).
_plan: ContextVar[FaultPlan] = ContextVar("fault_plan", default=FaultPlan())  # noqa: B039 (frozen: never changed)


def build_app(records: PracticeRecords, token: str, faults: Faults, issuer: TokenIssuer | None = None) -> web.Application:
    app = web.Application(middlewares=[_problem_answers, _signed_in, _practice_faults],
                          client_max_size=MAX_EXHIBIT_BYTES)
    app[STATE] = ServerState(records, token, FaultDice(faults), issuer)
    if issuer is not None:
        app.router.add_post(TOKEN_PATH, issuer.answer)
    app.router.add_get("/v1/service", service)
    app.router.add_post("/v1/investigations", create_investigation)
    app.router.add_get("/v1/investigations/{investigation_id}", get_investigation)
    app.router.add_put("/v1/investigations/{investigation_id}/exhibits/{sha256}", upload_exhibit)
    app.router.add_get("/practice/faults", show_faults)
    app.router.add_put("/practice/faults", change_faults)
    return app


# Middlewares, outermost first.

@web.middleware
async def _problem_answers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every refusal as a problem document, and the server's clock in the Date header."""
    try:
        response = await handler(request)
    except Problem as problem:
        response = problem.response(request.path)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        response = from_http_error(error).response(request.path)
    except Exception:
        log.exception("practice records server failed on %s %s", request.method, request.path)
        response = Problem(500, "server-fault", "The practice records server failed while handling this request.",
                           "Nothing was kept from it. Try again; if it keeps happening, restart the practice "
                           "server and send its output to whoever looks after the training set-up.").response(
            request.path)
    response.headers["Date"] = format_datetime(request.app[STATE].now(), usegmt=True)
    return response


@web.middleware
async def _signed_in(request: web.Request, handler: Handler) -> web.StreamResponse:
    state = request.app[STATE]
    if state.issuer is not None and request.path == TOKEN_PATH:
        return await handler(request)  # the client authenticates itself there (token_endpoint.py)
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    refused = {"WWW-Authenticate": 'Bearer realm="records"'}
    if scheme.lower() != "bearer" or not given.strip():
        raise Problem(401, "no-token", "The request carried no access token.",
                      "Nothing was done. The workstation must send its records API token.", headers=refused)
    invalid = {"WWW-Authenticate": 'Bearer realm="records", error="invalid_token"'}
    why_not = state.issuer.check(given.strip()) if state.issuer is not None else (
        "" if hmac.compare_digest(given.strip().encode(), state.token.encode()) else "unknown")
    if why_not == "unknown":
        raise Problem(401, "invalid-token", "The records system did not recognise the workstation's access token.",
                      "Nothing was done. Ask for the workstation's records access to be set up again.",
                      headers=invalid)
    if why_not == "expired" or (state.faults.token_expired and request.path.startswith("/v1/")):
        raise Problem(401, "token-expired", "The workstation's access token for the records system has expired.",
                      "Nothing was done. Ask your supervisor or IT to renew the workstation's records access.",
                      headers={"WWW-Authenticate": 'Bearer realm="records", error="invalid_token", '
                                                   'error_description="The access token expired"'})
    return await handler(request)


@web.middleware
async def _practice_faults(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith("/v1/"):
        return await handler(request)
    state = request.app[STATE]
    dice = state.dice
    delay = dice.latency()
    if delay:
        await asyncio.sleep(delay)
    if dice.roll("error"):
        status = dice.choice((500, 503))
        headers = {"Retry-After": state.retry_after()} if status == 503 else None
        raise Problem(status, "practice-fault", "The records system is not available just now (a practice fault).",
                      "Nothing was done. The workstation keeps the case and tries again.", headers=headers)
    if dice.roll("conflict"):
        raise _in_progress(state)
    writing = request.method in ("POST", "PUT")
    if writing and dice.roll("invalid"):
        raise Problem(422, "practice-refusal", "The records system refused this request (a practice fault).",
                      "Nothing was kept. A trainer set the practice server to refuse some cases; press "
                      "“Retry now” once they have healed it.")
    _plan.set(FaultPlan(hang=state.faults.hang if dice.roll("timeout") else 0.0,
                        lose=writing and "/exhibits/" in request.path and dice.roll("lose")))
    if not writing:
        await pause()
    response = await handler(request)
    if dice.roll("drop"):
        # The work is committed; the answer never leaves. The workstation
        # sees a broken connection and must not create the case twice.
        if request.transport is not None:
            request.transport.abort()
        return response
    if 200 <= response.status < 300 and isinstance(response, web.Response):
        if dice.roll("malformed"):
            return web.Response(status=response.status, text='{"investigation_id": "', content_type="application/json")
        if dice.roll("off_contract"):
            return _json_response(response.status, {"investigation_id": "x", "state": "filed away"})
    return response


async def pause() -> None:
    """Hang here if this request drew the time-out fault."""
    hang = _plan.get().hang
    if hang:
        await asyncio.sleep(hang)


def _in_progress(state: ServerState) -> Problem:
    return Problem(409, "in-progress", "The same request is still being processed by the records system.",
                   "Nothing new was done. Try again shortly with the same Idempotency-Key.",
                   headers={"Retry-After": state.retry_after()})


# Handlers.

async def service(request: web.Request) -> web.Response:
    state = request.app[STATE]
    return _json_response(200, {"service": "RVR Desktop practice records server", "api_version": API_VERSION,
                                "time": state.now().isoformat(), "training": True})


async def create_investigation(request: web.Request) -> web.Response:
    state = request.app[STATE]
    key = _idempotency_key(request)
    if request.content_type != "application/json" or (request.charset or "utf-8").lower() != "utf-8":
        raise Problem(415, "unsupported-media-type", "An investigation must be sent as JSON in UTF-8.",
                      f"The request said {request.headers.get('Content-Type', 'nothing')!r}; send "
                      "'Content-Type: application/json'.")
    if (request.content_length or 0) > MAX_JSON_BYTES:
        raise Problem(413, "too-large", "The investigation is larger than the records system accepts.",
                      f"At most {MAX_JSON_BYTES} bytes of JSON; exhibits are uploaded separately.")
    body = await request.read()
    if len(body) > MAX_JSON_BYTES:
        raise Problem(413, "too-large", "The investigation is larger than the records system accepts.",
                      f"At most {MAX_JSON_BYTES} bytes of JSON; exhibits are uploaded separately.")
    fingerprint = _fingerprint(request, body)
    kept = _kept(state, key, fingerprint)
    if kept is not None:
        return _answer(kept, replayed=True)
    document = _parse_json(body)
    problems = problems_with("InvestigationRequest", document)
    # The schema asks for an object, so a document it passes is a dict.
    if not problems and isinstance(document, dict):
        problems = cross_reference_problems(document)
    if problems:
        raise Problem(422, "contract", "The case does not meet the records system's requirements.",
                      "Nothing was created. Each problem below names the field.", errors=problems)
    assert isinstance(document, dict)
    with _claimed(state, key):
        await pause()
        answer = state.records.create_investigation(document, key=key, fingerprint=fingerprint, now=state.now())
    return _answer(answer, replayed=False)


async def get_investigation(request: web.Request) -> web.Response:
    state = request.app[STATE]
    investigation = state.records.investigation(_investigation_id(request))
    if investigation is None:
        raise _no_investigation()
    return _json_response(200, investigation)


async def upload_exhibit(request: web.Request) -> web.Response:
    state = request.app[STATE]
    key = _idempotency_key(request)
    investigation_id = _investigation_id(request)
    sha256 = request.match_info["sha256"]
    if not _SHA256.match(sha256):
        raise Problem(404, "not-found", "An exhibit is addressed by its SHA-256 digest: 64 lower-case hex characters.")
    media_type = request.content_type
    if media_type not in exhibit_media_types():
        raise Problem(415, "unsupported-media-type", "The records system does not take exhibits of this type.",
                      f"Types accepted: {', '.join(exhibit_media_types())}.")
    content = await request.read()
    fingerprint = _fingerprint(request, content)
    kept = _kept(state, key, fingerprint)
    if kept is not None:
        return _answer(kept, replayed=True)
    if state.records.investigation(investigation_id) is None:
        raise _no_investigation()
    if state.records.expected_exhibit(investigation_id, sha256) is None:
        raise Problem(422, "not-an-exhibit", "The investigation lists no exhibit with this SHA-256 digest.",
                      "Nothing was kept. Only exhibits named in the investigation's objects can be uploaded.")
    received = hashlib.sha256(content).hexdigest()
    if received != sha256:
        raise Problem(422, "digest-mismatch", "The exhibit received does not match its SHA-256 digest.",
                      f"It was damaged on the way ({len(content)} bytes arrived, digest {received}). Nothing was "
                      "kept; send the file again.")
    already = state.records.exhibit_receipt(investigation_id, sha256)
    if already is not None:
        return _json_response(200, already)
    with _claimed(state, key):
        await pause()
        answer = state.records.keep_exhibit(investigation_id, sha256, media_type, content, key=key,
                                            fingerprint=fingerprint, now=state.now(), lose=_plan.get().lose)
    return _answer(answer, replayed=False)


async def show_faults(request: web.Request) -> web.Response:
    return web.Response(text=request.app[STATE].faults.describe() + "\n")


async def change_faults(request: web.Request) -> web.Response:
    """Swap the faults at run time; an empty body heals the server."""
    try:
        faults = parse_faults((await request.text()).strip())
    except FaultSpecError as error:
        raise Problem(400, "bad-fault-spec", "The fault specification cannot be read.", str(error)) from None
    state = request.app[STATE]
    state.dice = FaultDice(faults)
    log.info("practice faults now: %s", faults.describe() or "none (healed)")
    return web.Response(text=faults.describe() + "\n")


# Helpers.

def _idempotency_key(request: web.Request) -> str:
    key = request.headers.get("Idempotency-Key", "")
    if not _KEY.match(key):
        raise Problem(400, "idempotency-key", "Every write needs an Idempotency-Key header.",
                      "Use 8 to 255 visible ASCII characters, the same on every retry of the same write.")
    return key


def _investigation_id(request: web.Request) -> str:
    investigation_id = request.match_info["investigation_id"]
    if not _INVESTIGATION_ID.match(investigation_id):
        raise _no_investigation()
    return investigation_id


def _no_investigation() -> Problem:
    return Problem(404, "no-such-investigation", "The records system holds no investigation with this id.")


def _fingerprint(request: web.Request, body: bytes) -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(body)
    return digest.hexdigest()


def _kept(state: ServerState, key: str, fingerprint: str) -> KeptAnswer | None:
    kept = state.records.kept_answer(key)
    if kept is not None and kept.fingerprint != fingerprint:
        raise Problem(422, "idempotency-key-reused", "This Idempotency-Key was used before for a different request.",
                      "Nothing was done. A key belongs to one request; send new requests with new keys.")
    return kept


@contextmanager
def _claimed(state: ServerState, key: str) -> Iterator[None]:
    if key in state.in_flight:
        raise _in_progress(state)
    state.in_flight.add(key)
    try:
        yield
    finally:
        state.in_flight.discard(key)


def _parse_json(body: bytes) -> object:
    def refuse_constant(name: str) -> float:
        raise ValueError(f"{name} is not allowed in JSON")

    try:
        return json.loads(body.decode("utf-8"), parse_constant=refuse_constant)
    except UnicodeDecodeError:
        raise Problem(400, "malformed", "The request body is not UTF-8 text.", "Nothing was created.") from None
    except ValueError as error:
        raise Problem(400, "malformed", "The request body is not valid JSON.", f"{error}. Nothing was created.") \
            from None


def _answer(kept: KeptAnswer, *, replayed: bool) -> web.Response:
    response = _json_response(kept.status, kept.body)
    if kept.location:
        response.headers["Location"] = kept.location
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


def _json_response(status: int, body: object) -> web.Response:
    return web.Response(status=status, text=json.dumps(body, ensure_ascii=False), content_type="application/json")
