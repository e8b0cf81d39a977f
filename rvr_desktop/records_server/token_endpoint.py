"""The practice records server's own OAuth 2.0 token endpoint, standing in for the force's: the client
credentials grant (RFC 6749 s.4.4), the way a force's identity service gives a workstation its records API
access tokens.

It follows the RFC where a client would notice: the form-encoded request (s.4.4.2), the client's secret in
HTTP Basic or in the form (s.2.3.1), the answer with `expires_in` and no caching (s.5.1), and each refusal
with its RFC error code (s.5.2). Tokens are random, kept only as digests in memory, and each lives
`lifetime` seconds, so a workstation that keeps using one past its time is refused as a force's would be.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field
from urllib.parse import unquote_plus

from aiohttp import web

TOKEN_PATH = "/oauth2/token"
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


@dataclass
class TokenIssuer:
    """Which clients may ask for tokens (client id -> secret), how long each token lives, and the tokens out."""

    clients: dict[str, str]
    lifetime: int = 300  # seconds: expires_in is a whole number (s.5.1)
    scope: str = ""  # when set, the scope a client must ask for, as some providers require one (s.3.3)
    _issued: dict[str, float] = field(default_factory=dict)  # sha256 of a token -> when it expires (monotonic)
    issued_count: int = 0

    def check(self, token: str) -> str:
        """"" for a token this issuer gave and still honours; else why not ("unknown" or "expired")."""
        expires = self._issued.get(_digest(token))
        if expires is None:
            return "unknown"
        return "" if time.monotonic() < expires else "expired"

    def forget_all(self) -> None:
        """Every token out is refused from now on, as when a force's identity service is reset."""
        self._issued.clear()

    def _issue(self) -> str:
        token = secrets.token_urlsafe(32)
        now = time.monotonic()
        self._issued = {digest: expires for digest, expires in self._issued.items() if expires > now}
        self._issued[_digest(token)] = now + self.lifetime
        self.issued_count += 1
        return token

    async def answer(self, request: web.Request) -> web.Response:
        """POST /oauth2/token."""
        if request.content_type != "application/x-www-form-urlencoded":
            return _refusal(400, "invalid_request", "The request must be form-encoded (RFC 6749 s.4.4.2).")
        form = await request.post()
        if "grant_type" not in form:
            return _refusal(400, "invalid_request", "The request names no grant_type (RFC 6749 s.4.4.2).")
        if "Authorization" in request.headers and "client_secret" in form:
            # s.2.3: a client must not use more than one way of authenticating in each request.
            return _refusal(400, "invalid_request", "The client authenticated in two ways at once.")
        client_id, secret = _client_of(request, {k: str(v) for k, v in form.items()})
        known = self.clients.get(client_id)
        if not client_id or known is None or not hmac.compare_digest(secret.encode(), known.encode()):
            # s.5.2: a client that tried HTTP Basic is told so in WWW-Authenticate.
            headers = {"WWW-Authenticate": 'Basic realm="records"'} if "Authorization" in request.headers else {}
            return _refusal(401, "invalid_client", "The client id or secret was not recognised.", headers)
        if form.get("grant_type") != "client_credentials":
            return _refusal(400, "unsupported_grant_type", "Only the client credentials grant is offered here.")
        if self.scope and form.get("scope") != self.scope:
            return _refusal(400, "invalid_scope", f"This client may ask only for the scope {self.scope}.")
        return web.json_response({"access_token": self._issue(), "token_type": "Bearer",
                                  "expires_in": round(self.lifetime)}, headers=_NO_STORE)


def _client_of(request: web.Request, form: dict[str, str]) -> tuple[str, str]:
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "basic":
        try:
            client_id, _, secret = base64.b64decode(encoded, validate=True).decode("ascii").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return "", ""  # form-encoded first (s.2.3.1), so nothing but ASCII belongs here
        # s.2.3.1: each part is form-encoded before it is put in the Basic header.
        return unquote_plus(client_id), unquote_plus(secret)
    return form.get("client_id", ""), form.get("client_secret", "")


def _refusal(status: int, error: str, description: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response({"error": error, "error_description": description}, status=status,
                             headers={**_NO_STORE, **(headers or {})})


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
