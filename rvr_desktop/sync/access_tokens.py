"""The live records API's access tokens, from the force's token endpoint by the OAuth 2.0 client credentials
grant (RFC 6749 s.4.4): the workstation's client id from live.toml, its secret from the keyring.

A token is kept in memory only, used until shortly before the `expires_in` it came with (s.5.1), and then
replaced before a request can be refused for it. A records API that refuses a token anyway (it was revoked,
or the clocks disagree) gets one fresh token (`renew`) before the outbox is paused (client.py).

Each way of failing is told in words, as the records client tells its own, and sorted the same way: the
token endpoint down or busy is temporary (the case waits and is tried again); a refused client, a missing
secret or an untrusted certificate pauses the outbox until a person acts.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote_plus, urlsplit

import requests
import urllib3

from rvr_desktop.sync.backoff import retry_after_seconds
from rvr_desktop.sync.failures import DeliveryPaused, TemporaryFailure

KEYRING_SERVICE = "rvr-desktop"
KEYRING_SECRET_ACCOUNT = "records-client-secret"
# Renewed this long before it expires (a tenth of its life when that is shorter), so a request sent with it
# does not arrive just after it lapsed.
RENEW_BEFORE_SECONDS = 60.0
_MAX_TOKEN_ANSWER_BYTES = 64 * 1024
# A lifetime longer than a day is read as a day: the token is asked for again then, whatever it said.
MAX_TRUSTED_LIFETIME = 86_400.0


@dataclass
class _Held:
    token: str
    renew_at: float  # on the monotonic clock; inf when the endpoint gave no lifetime


class AccessTokens:
    """Gets and keeps the records API's access token. Use from one thread at a time (the outbox worker's)."""

    def __init__(self, token_url: str, client_id: str, session: requests.Session, timeouts: tuple[float, float],
                 *, scope: str = "", secret: Callable[[], str] | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.token_url, self.client_id, self.scope = token_url, client_id, scope
        self._session, self._timeouts = session, timeouts
        self._secret = secret or client_secret_from_keyring
        self._clock = clock
        self._held: _Held | None = None

    @property
    def host(self) -> str:
        return urlsplit(self.token_url).hostname or ""

    def token(self) -> str:
        """A token good for the next request: the one held, or a new one when it is near its end."""
        held = self._held
        if held is None or self._clock() >= held.renew_at:
            held = self._held = self._fetch()
        return held.token

    def renew(self) -> str:
        """A new token, whatever the one held said of itself: the records API refused it."""
        self._held = None
        return self.token()

    def _fetch(self) -> _Held:
        secret = self._secret()  # read each time: a secret renewed in the keyring works after "Retry now"
        form = {"grant_type": "client_credentials", **({"scope": self.scope} if self.scope else {})}
        # RFC 6749 s.2.3.1: HTTP Basic is the way every authorization server must accept, each part form-encoded
        # first (so a secret with "+", "%", ":" or letters beyond ASCII arrives as it is).
        basic = (quote_plus(self.client_id), quote_plus(secret))
        asked = self._clock()
        try:
            response = self._session.post(self.token_url, data=form, auth=basic,
                                          headers={"Accept": "application/json"}, timeout=self._timeouts,
                                          allow_redirects=False, stream=True)
            try:
                raw = response.raw.read(_MAX_TOKEN_ANSWER_BYTES + 1, decode_content=True)
            finally:
                response.close()
        except requests.exceptions.SSLError:
            raise DeliveryPaused(
                f"The force's sign-in service for the records system ({self.host}) could not prove its identity "
                "(its TLS certificate is not trusted by this workstation). Nothing was sent. Ask IT support to "
                "check its certificate or [records] ca_bundle in live.toml, then press “Retry now”.") from None
        except requests.exceptions.Timeout:
            raise TemporaryFailure(f"The force's sign-in service for the records system ({self.host}) did not "
                                   "answer in time.", reachable=False) from None
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError):
            raise TemporaryFailure(f"The force's sign-in service for the records system ({self.host}) could "
                                   "not be reached, or its answer was cut off.", reachable=False) from None
        return self._understood(response, raw, asked)

    def _understood(self, response: requests.Response, raw: bytes, asked: float) -> _Held:
        answer = _json_object(raw) if len(raw) <= _MAX_TOKEN_ANSWER_BYTES else {}
        status = response.status_code
        if status == 200:
            token, lifetime = answer.get("access_token"), answer.get("expires_in")
            if isinstance(token, str) and token and str(answer.get("token_type", "")).lower() == "bearer":
                return _Held(token, _renew_at(asked, lifetime))
            raise DeliveryPaused(
                f"The force's sign-in service for the records system ({self.host}) answered without a bearer "
                "access token. Nothing was sent. Ask IT support to check [records] token_url in live.toml, "
                "then press “Retry now”.")
        if status == 429 or status >= 500:
            raise TemporaryFailure(f"The force's sign-in service for the records system is busy or unavailable "
                                   f"({status}).", retry_after=retry_after_seconds(
                                       response.headers.get("Retry-After"), response.headers.get("Date")))
        words = " ".join(str(answer[k]) for k in ("error", "error_description") if isinstance(answer.get(k), str))
        # s.5.2: a scope refused is the configuration's [records] scope; anything else, the client's id or secret.
        check = ("[records] scope in live.toml" if answer.get("error") == "invalid_scope" else
                 f"[records] client_id in live.toml and the client secret in the keyring ('{KEYRING_SERVICE}' / "
                 f"'{KEYRING_SECRET_ACCOUNT}')")
        raise DeliveryPaused(
            f"The force's sign-in service for the records system refused the workstation ({status}: "
            f"{words or response.reason or 'no explanation given'}). Nothing was sent. Ask IT support to check "
            f"{check}, then press “Retry now”.")


def _renew_at(asked: float, lifetime: object) -> float:
    # s.5.1: expires_in is recommended, not required; without it the token is used until it is refused. Some
    # providers (Entra ID's v1 endpoint, AD FS) send it as a string of digits.
    if isinstance(lifetime, str) and lifetime.strip().isdigit():
        lifetime = int(lifetime)
    if isinstance(lifetime, bool) or not isinstance(lifetime, int | float) or not 0 < lifetime < float("inf"):
        return float("inf")
    seconds = MAX_TRUSTED_LIFETIME if lifetime > MAX_TRUSTED_LIFETIME else float(lifetime)  # no float overflow
    return asked + seconds - min(RENEW_BEFORE_SECONDS, seconds / 10)


def _json_object(raw: bytes) -> dict:
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    return document if isinstance(document, dict) else {}


def client_secret_from_keyring() -> str:
    import keyring
    from keyring.errors import KeyringError

    try:
        secret = keyring.get_password(KEYRING_SERVICE, KEYRING_SECRET_ACCOUNT)
    except KeyringError as error:
        raise DeliveryPaused(f"The records system's client secret could not be read from the system keyring "
                             f"({type(error).__name__}). Unlock the keyring (log in again), then press "
                             "“Retry now”.") from None
    if not secret:
        raise DeliveryPaused(f"The system keyring holds no client secret for the records system (entry "
                             f"'{KEYRING_SERVICE}' / '{KEYRING_SECRET_ACCOUNT}'). Ask IT support to store the "
                             "workstation's secret there, then press “Retry now”.")
    return secret
