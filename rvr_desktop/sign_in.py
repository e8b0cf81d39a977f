"""Signing the officer in for a shift against the force's identity provider, as a native application does it:
OpenID Connect's authorization code flow with PKCE through the system browser, the answer brought back to a
loopback address of this workstation's own (RFC 8252 s.7.3, s.8.3; RFC 7636), and the ID token checked
before anything in it is believed (OpenID Connect Core 1.0 s.3.1.3.7: signature by a key the provider
publishes, issuer, audience, expiry, nonce).

authlib builds the authorization request (state, PKCE's S256 challenge) and exchanges the code; joserfc,
authlib's own JOSE library, checks the ID token. Who the officer is (force id, name, rank, number, unit) is
read from the token's claims as live.toml's [sign_in.claims] maps them. The tokens are kept in memory only,
and only for as long as this function needs them; nothing is written anywhere.

Blocking (network, waiting for the browser): never on the GUI thread.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

import requests

from rvr_desktop.settings import OfficerProfile

CALLBACK_PATH = "/signed-in"
# The officer's profile, field by field, and the claim each is read from unless live.toml says otherwise.
PROFILE_FIELDS = ("id", "name", "rank", "number", "unit")
DEFAULT_CLAIMS = {"id": "preferred_username", "name": "name"}
_BACK_TO_THE_WORKSTATION = (b"<!doctype html><title>RVR Desktop</title><p>Signed in. You can close this tab and go "
                            b"back to RVR Desktop.</p>")


class Cancelled(Protocol):
    """Set by whoever waits for the sign-in (the window's Cancel): threading.Event or ui.background.StopFlag."""

    def is_set(self) -> bool: ...


class SignInFailed(Exception):
    """The officer is not signed in: the message says why and what to do."""


@dataclass(frozen=True)
class SignInSettings:
    """live.toml's [sign_in]: the force's identity provider and how its claims name the officer."""

    issuer: str
    client_id: str
    scope: str = "openid profile"
    ca_bundle: Path | None = None
    claims: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_CLAIMS))
    lock_minutes: int = 10


@dataclass(frozen=True)
class SignedIn:
    officer_id: str
    profile: OfficerProfile
    until: float  # when the ID token lapses (epoch seconds): the shift's sign-in is good until then


def sign_in(settings: SignInSettings, open_browser: Callable[[str], None], *, wait_seconds: float = 300,
            cancelled: Cancelled | None = None) -> SignedIn:
    """Sign an officer in: `open_browser(url)` shows the provider's page (the system browser); back once the
    provider has answered, or SignInFailed."""
    from authlib.common.security import generate_token
    from authlib.integrations.requests_client import OAuth2Session

    with _session(settings) as http, OAuth2Session(settings.client_id, scope=settings.scope,
                                                   code_challenge_method="S256") as oauth:
        oauth.trust_env, oauth.verify = False, http.verify
        provider = _discovered(http, settings)
        with _Callback() as callback:
            oauth.redirect_uri = callback.url
            verifier, nonce = generate_token(64), secrets.token_urlsafe(24)
            url, state = oauth.create_authorization_url(provider["authorization_endpoint"], code_verifier=verifier,
                                                        nonce=nonce)
            open_browser(url)
            answer = callback.wait(wait_seconds, cancelled)
        if answer.get("state") != state:
            raise SignInFailed("The answer that came back from the sign-in page was not for this sign-in, so it was "
                               "ignored. Sign in again.")
        if "error" in answer:
            said = answer.get("error_description") or answer["error"]
            raise SignInFailed("Sign-in was cancelled." if answer["error"] == "access_denied" else
                               f"The force's sign-in refused: {said}. Sign in again, or ask IT support.")
        try:
            tokens = oauth.fetch_token(provider["token_endpoint"], code=answer.get("code", ""),
                                       code_verifier=verifier, timeout=15)
        except Exception as error:  # noqa: BLE001 (authlib's and requests' errors alike: told, never raised)
            raise SignInFailed(f"The force's sign-in service did not complete the sign-in "
                               f"({type(error).__name__}: {error}). Sign in again.") from None
        claims = _checked_claims(http, settings, provider, tokens.get("id_token"), nonce)
    return _officer(settings, claims)


def check_provider(settings: SignInSettings) -> dict:
    """The provider's discovery document, as sign_in reads it (for the doctor); SignInFailed when it cannot be."""
    with _session(settings) as http:
        return _discovered(http, settings)


def _session(settings: SignInSettings) -> requests.Session:
    http = requests.Session()
    http.trust_env = False  # the force's authority and no proxy of the environment's (as sync/client.py)
    http.verify = str(settings.ca_bundle) if settings.ca_bundle else True
    return http


def _discovered(http: requests.Session, settings: SignInSettings) -> dict:
    where = settings.issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        answer = http.get(where, timeout=15, allow_redirects=False)
        found = answer.json() if answer.status_code == 200 else None
    except requests.exceptions.SSLError:
        raise SignInFailed(f"The force's sign-in service ({settings.issuer}) could not prove its identity (its "
                           "certificate is not trusted here). Ask IT support to check [sign_in] ca_bundle.") from None
    except (requests.RequestException, ValueError):
        raise SignInFailed(f"The force's sign-in service ({settings.issuer}) could not be reached. Nothing was "
                           "changed; try again, and tell IT support if it goes on.") from None
    # Discovery s.4.3: the issuer it states must be the one asked, or every later check means nothing.
    if not isinstance(found, dict) or found.get("issuer") != settings.issuer.rstrip("/") or not all(
            isinstance(found.get(k), str) for k in ("authorization_endpoint", "token_endpoint", "jwks_uri")):
        raise SignInFailed(f"{settings.issuer} did not answer as the force's sign-in service does. Ask IT support "
                           "to check [sign_in] issuer in live.toml.")
    return found


def _checked_claims(http: requests.Session, settings: SignInSettings, provider: dict, id_token: object,
                    nonce: str) -> dict:
    from joserfc import jwt
    from joserfc.errors import JoseError
    from joserfc.jwk import KeySet

    wrong = "The force's sign-in service gave an identity that failed its checks ({}), so nobody was signed in. " \
            "Tell IT support."
    if not isinstance(id_token, str):
        raise SignInFailed(wrong.format("no ID token"))
    try:
        keys = KeySet.import_key_set(http.get(provider["jwks_uri"], timeout=15, allow_redirects=False).json())
        token = jwt.decode(id_token, keys, algorithms=["RS256", "ES256", "PS256"])
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": settings.issuer.rstrip("/")},
            aud={"essential": True, "value": settings.client_id},
            exp={"essential": True}, iat={"essential": True}, nonce={"essential": True, "value": nonce},
        ).validate(token.claims)
    except (requests.RequestException, ValueError, JoseError) as error:
        raise SignInFailed(wrong.format(_why(error))) from None
    claims = token.claims
    # Core s.3.1.3.7 (3): with more than one audience, it must be for this client (azp).
    if isinstance(claims.get("aud"), list) and len(claims["aud"]) > 1 and claims.get("azp") != settings.client_id:
        raise SignInFailed(wrong.format("it was issued to another application"))
    return claims


def _why(error: Exception) -> str:
    from joserfc.errors import BadSignatureError, ClaimError, ExpiredTokenError

    if isinstance(error, ExpiredTokenError):
        return "it has expired"
    if isinstance(error, BadSignatureError):
        return "its signature is not the provider's"
    claim = getattr(error, "claim", "") if isinstance(error, ClaimError) else ""
    return {"aud": "it was issued to another application", "iss": "it came from another issuer",
            "nonce": "it answered another sign-in", "exp": "it has expired"}.get(claim, type(error).__name__)


def _officer(settings: SignInSettings, claims: dict) -> SignedIn:
    mapping = {**DEFAULT_CLAIMS, **settings.claims}
    found = {name: str(claims.get(mapping[name], "")).strip() for name in PROFILE_FIELDS if name in mapping}
    missing = [f"{name} (claim {mapping[name]!r})" for name in ("id", "name") if not found.get(name)]
    if missing:
        raise SignInFailed(f"The force's sign-in service did not say the officer's {' or '.join(missing)}. Ask IT "
                           "support to check [sign_in.claims] in live.toml.")
    profile = OfficerProfile(found["name"], found.get("rank", ""), found.get("number", ""), found.get("unit", ""))
    return SignedIn(found["id"], profile, float(claims["exp"]))


class _Callback:
    """The loopback address the provider sends the browser back to, for one answer (RFC 8252 s.7.3)."""

    def __init__(self) -> None:
        answers: list[dict[str, str]] = []
        arrived = threading.Event()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
                parts = urlsplit(self.path)
                if parts.path != CALLBACK_PATH or arrived.is_set():
                    self.send_error(404)
                    return
                answers.append({k: v[0] for k, v in parse_qs(parts.query).items()})
                arrived.set()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(_BACK_TO_THE_WORKSTATION)))
                self.end_headers()
                self.wfile.write(_BACK_TO_THE_WORKSTATION)

            def log_message(self, *args: object) -> None:
                pass  # the request line holds the code: never logged

        self._server = HTTPServer(("127.0.0.1", 0), Handler)
        self._answers, self._arrived = answers, arrived
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}{CALLBACK_PATH}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.1,), name="sign-in callback",
                                        daemon=True)

    def __enter__(self) -> _Callback:
        self._thread.start()
        return self

    def wait(self, seconds: float, cancelled: Cancelled | None) -> dict[str, str]:
        deadline = time.monotonic() + seconds
        while not self._arrived.wait(0.2):
            if cancelled is not None and cancelled.is_set():
                raise SignInFailed("Sign-in was cancelled.")
            if time.monotonic() > deadline:
                raise SignInFailed(f"No answer came from the sign-in page within {seconds / 60:g} minutes. Sign in "
                                   "again.")
        return self._answers[0]

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
