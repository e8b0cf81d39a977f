"""The records API client: one HTTP exchange per call, each answer sorted into
success or one of the failures in `failures`.

It never retries by itself: the outbox decides when to try again, so the
back-off survives a restart and the GUI can show it. The one exception is a
live access token refused with 401: it is replaced once (access_tokens.py)
and the request sent again with the same idempotency key, before the outbox
is paused. Explicit connect and read time-outs; TLS verification always on
(a force CA bundle can be named); no redirects followed; answers read up to
a limit and checked against the contract before anything is believed.

Nothing is taken from the environment in either mode: `REQUESTS_CA_BUNDLE`
or `CURL_CA_BUNDLE` would silently replace the force's certificate
authority, `HTTPS_PROXY` would send every case through a machine the force
did not choose, and `~/.netrc` would add credentials. Live mode's one proxy
is live.toml's `[records] proxy`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import requests
import urllib3
from requests.adapters import HTTPAdapter

from rvr_desktop import __version__
from rvr_desktop.sync.access_tokens import AccessTokens
from rvr_desktop.sync.backoff import retry_after_seconds
from rvr_desktop.sync.contract import problems_with
from rvr_desktop.sync.endpoint import RecordsEndpoint, is_loopback_url
from rvr_desktop.sync.failures import CaseRefused, DeliveryPaused, TemporaryFailure

# No answer in this contract comes near it; a bigger one is a fault.
MAX_ANSWER_BYTES = 2 * 1024 * 1024
_JSON_TYPES = ("application/json", "application/problem+json")


class _PracticeOnly(HTTPAdapter):
    """Refuses, at the moment of sending, any request that would leave this computer."""

    def send(self, request, *args, **kwargs):
        if not is_loopback_url(request.url or ""):
            raise DeliveryPaused(
                "Practice mode stopped a request to a computer other than this one. Nothing was sent. "
                "Practice cases go only to the practice records server; report this to IT support.")
        return super().send(request, *args, **kwargs)


@dataclass(frozen=True)
class Created:
    """The answer to creating an investigation; `replayed` when it was created earlier under this key."""

    investigation: dict[str, Any]
    replayed: bool


def records_session(endpoint: RecordsEndpoint) -> requests.Session:
    """The HTTP session for `endpoint` and its token endpoint: its authority, its proxy, nothing else."""
    session = requests.Session()
    # The environment's proxies, CA bundles and netrc are not the force's choice (above); in practice a proxy
    # would carry loopback traffic off this computer.
    session.trust_env = False
    if endpoint.access is not None and endpoint.access.proxy:
        session.proxies = {"http": endpoint.access.proxy, "https": endpoint.access.proxy}
    session.verify = str(endpoint.ca_bundle) if endpoint.ca_bundle else True
    adapter = _PracticeOnly(max_retries=0) if endpoint.practice else HTTPAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = f"rvr-desktop/{__version__}"
    return session


class RecordsClient:
    """Talks to one records API endpoint. Use from one thread at a time."""

    def __init__(self, endpoint: RecordsEndpoint):
        self.endpoint = endpoint
        self._session = records_session(endpoint)
        access = endpoint.access
        self._tokens = None if access is None else AccessTokens(
            access.token_url, access.client_id, self._session, (endpoint.connect_timeout, endpoint.read_timeout),
            scope=access.scope)

    def close(self) -> None:
        self._session.close()

    def service(self) -> dict[str, Any]:
        return self._exchange("GET", "/v1/service", schema="Service")[0]

    def create_investigation(self, body: bytes, idempotency_key: str) -> Created:
        investigation, response = self._exchange("POST", "/v1/investigations", schema="Investigation", body=body,
                                                 content_type="application/json", key=idempotency_key)
        return Created(investigation, response.headers.get("Idempotent-Replayed") == "true")

    def investigation(self, investigation_id: str) -> dict[str, Any]:
        return self._exchange("GET", f"/v1/investigations/{investigation_id}", schema="Investigation")[0]

    def upload_exhibit(self, investigation_id: str, sha256: str, media_type: str, content: bytes,
                       idempotency_key: str) -> dict[str, Any]:
        return self._exchange("PUT", f"/v1/investigations/{investigation_id}/exhibits/{sha256}",
                              schema="ExhibitReceipt", body=content, content_type=media_type,
                              key=idempotency_key)[0]

    def _exchange(self, method: str, path: str, *, schema: str, body: bytes | None = None,
                  content_type: str | None = None, key: str | None = None) -> tuple[dict, requests.Response]:
        headers = {"Accept": "application/json"}
        if content_type:
            headers["Content-Type"] = content_type
        if key:
            headers["Idempotency-Key"] = key
        response, raw = self._send(method, path, headers | {"Authorization": f"Bearer {self._token()}"}, body)
        if response.status_code == 401 and self._tokens is not None:
            # Refused although it had not reached its end by its own account: revoked, or the clocks
            # differ. One fresh token; refused again, the outbox pauses with the records system's words.
            response, raw = self._send(method, path, headers | {"Authorization": f"Bearer {self._tokens.renew()}"},
                                       body)
        return _understood(response, raw, schema), response

    def _token(self) -> str:
        if self._tokens is not None:
            return self._tokens.token()
        assert self.endpoint.token is not None  # an endpoint has a token or a token endpoint (endpoint.py)
        return self.endpoint.token()

    def _send(self, method: str, path: str, headers: dict[str, str],
              body: bytes | None) -> tuple[requests.Response, bytes]:
        timeouts = (self.endpoint.connect_timeout, self.endpoint.read_timeout)
        try:
            response = self._session.request(method, self.endpoint.url + path, data=body, headers=headers,
                                             timeout=timeouts, allow_redirects=False, stream=True)
            try:
                return response, _read_limited(response)
            finally:
                response.close()
        except requests.exceptions.SSLError:
            raise DeliveryPaused(
                f"The records system at {self.endpoint.host} could not prove its identity (its TLS certificate is "
                "not trusted by this workstation). Nothing was sent. Ask IT support to check the certificate or "
                "the force CA bundle named in live.toml, then press “Retry now”.") from None
        except requests.exceptions.ConnectTimeout:
            raise TemporaryFailure(f"The records system could not be reached within "
                                   f"{self.endpoint.connect_timeout:g} seconds.", reachable=False) from None
        except (requests.exceptions.ReadTimeout, urllib3.exceptions.ReadTimeoutError):
            raise TemporaryFailure(f"The records system did not answer within "
                                   f"{self.endpoint.read_timeout:g} seconds.") from None
        except requests.exceptions.ConnectionError as error:
            if _never_connected(error):
                raise TemporaryFailure("The records system could not be reached (the connection was refused or "
                                       "the network is down).", reachable=False) from None
            raise TemporaryFailure("The connection to the records system was lost before its answer arrived.") \
                from None
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError):
            # Includes an answer cut short while it was being read.
            raise TemporaryFailure("The records system's answer was cut off on the way.") from None


def _never_connected(error: requests.exceptions.ConnectionError) -> bool:
    """True when no connection was made, as opposed to one lost mid-exchange."""
    cause = error.args[0] if error.args else None
    return isinstance(cause, urllib3.exceptions.MaxRetryError) and isinstance(
        cause.reason, urllib3.exceptions.NewConnectionError)


def _read_limited(response: requests.Response) -> bytes:
    raw = response.raw.read(MAX_ANSWER_BYTES + 1, decode_content=True)
    if len(raw) > MAX_ANSWER_BYTES:
        raise CaseRefused(f"The records system's answer was larger than {MAX_ANSWER_BYTES} bytes, far more than "
                          "the contract allows, so it was not read.")
    return raw


def _understood(response: requests.Response, raw: bytes, schema: str) -> dict:
    status = response.status_code
    if 200 <= status < 300:
        return _conforming(response, raw, schema)
    words = _server_words(response, raw)
    if status in (401, 403):
        raise DeliveryPaused(
            f"The records system refused the workstation's access ({status}: {words}). Nothing more will be sent "
            "until this is put right. Ask your supervisor or IT support to renew the workstation's records access, "
            "then press “Retry now”.")
    retry_after = retry_after_seconds(response.headers.get("Retry-After"), response.headers.get("Date"))
    if status == 409 or status == 429 or status >= 500:
        raise TemporaryFailure(f"The records system is busy or unavailable ({status}: {words}).",
                               retry_after=retry_after)
    if status == 422 and _problem_type(raw).endswith("/digest-mismatch"):
        # Our copy was checked before sending: the bytes changed on the way.
        raise TemporaryFailure(f"An exhibit was damaged on the way to the records system ({words}).")
    if 400 <= status < 500:
        raise CaseRefused(f"The records system refused this case ({status}): {words}")
    raise CaseRefused(f"The records system gave an answer the contract does not allow (HTTP {status}).")


def _conforming(response: requests.Response, raw: bytes, schema: str) -> dict:
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    broken = "The records system said it succeeded but its answer breaks the agreed contract"
    if media_type not in _JSON_TYPES:
        raise CaseRefused(f"{broken}: it is {media_type or 'untyped'}, not JSON.")
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise CaseRefused(f"{broken}: it is not readable JSON.") from None
    problems = problems_with(schema, document, limit=3)
    if problems:
        where = "; ".join(f"{p.pointer or '(whole answer)'}: {p.detail}" for p in problems)
        raise CaseRefused(f"{broken} ({where}).")
    return document


def _problem(raw: bytes) -> dict:
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    return document if isinstance(document, dict) else {}


def _problem_type(raw: bytes) -> str:
    kind = _problem(raw).get("type", "")
    return kind if isinstance(kind, str) else ""


def _server_words(response: requests.Response, raw: bytes) -> str:
    """The records system's own explanation, from its problem details, kept short."""
    problem = _problem(raw)
    parts = [str(problem.get(k)) for k in ("title", "detail") if isinstance(problem.get(k), str) and problem.get(k)]
    errors = problem.get("errors")
    if isinstance(errors, list):
        for error in errors[:10]:
            if isinstance(error, dict) and error.get("detail"):
                where = error.get("pointer") or ""
                parts.append(f"{where}: {error['detail']}" if where else str(error["detail"]))
    text = " ".join(parts) if parts else (response.reason or "no explanation given")
    return text if len(text) <= 1500 else text[:1497] + "…"
