"""A practice OpenID provider, standing in for a force's identity provider as live mode meets one: the
authorization code flow with PKCE for a native application (RFC 6749 s.4.1, RFC 7636, RFC 8252), OpenID
Connect Core 1.0's ID token signed with RS256, its discovery document and its key set.

It is the other party, as the practice records server is: the workstation's own sign-in (sign_in.py) is the
real part and knows nothing of it. Its officers and their passwords are given when it starts; it keeps
nothing on disk. `faults` makes it misbehave as a broken or hostile provider would, so the workstation's
checks of what it is given can be seen to work: "audience" (an ID token for another client), "issuer",
"nonce", "expired", "signature" (signed by a key it never published).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import html
import ipaddress
import secrets
import ssl
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from aiohttp import web
from joserfc import jwt
from joserfc.jwk import RSAKey

from rvr_desktop.serving import stop_serving

CODE_SECONDS = 60  # an authorization code unused this long is refused
# What each fault puts wrong in the ID token (issuer, now -> claims).
_WRONG_CLAIMS = {
    "audience": lambda issuer, now: {"aud": "another-client"},
    "issuer": lambda issuer, now: {"iss": issuer + "/other"},
    "nonce": lambda issuer, now: {"nonce": "not-yours"},
    "expired": lambda issuer, now: {"exp": now - 600, "iat": now - 1200},
}


@dataclass
class PracticeOfficer:
    password: str
    claims: dict[str, str]  # sub and whatever the force's provider says of an officer (name, collar number…)


@dataclass
class _Code:
    client_id: str
    redirect_uri: str
    challenge: str
    nonce: str
    officer: str
    expires: float


@dataclass
class _Provider:
    clients: set[str]
    officers: dict[str, PracticeOfficer]
    faults: set[str]
    token_seconds: int
    issuer: str = ""
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(8),
                                                                                         "use": "sig", "alg": "RS256"}))
    codes: dict[str, _Code] = field(default_factory=dict)
    signed_in: list[str] = field(default_factory=list)  # who signed in, in order


def _loopback_redirect(uri: str) -> bool:
    """RFC 8252 s.7.3 and s.8.3: a native application's redirect is http on a loopback address, any port."""
    parts = urlsplit(uri)
    try:
        return parts.scheme == "http" and ipaddress.ip_address(parts.hostname or "").is_loopback
    except ValueError:
        return False


def _app(provider: _Provider) -> web.Application:
    async def discovery(_request: web.Request) -> web.Response:
        issuer = provider.issuer
        return web.json_response({
            "issuer": issuer, "authorization_endpoint": f"{issuer}/authorize", "token_endpoint": f"{issuer}/token",
            "jwks_uri": f"{issuer}/jwks", "response_types_supported": ["code"], "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"], "code_challenge_methods_supported": ["S256"],
            "grant_types_supported": ["authorization_code"], "token_endpoint_auth_methods_supported": ["none"],
            "scopes_supported": ["openid", "profile"]})

    async def jwks(_request: web.Request) -> web.Response:
        return web.json_response({"keys": [provider.key.as_dict(private=False)]})

    def refused(text: str) -> web.Response:
        return web.Response(status=400, text=text)

    async def authorize(request: web.Request) -> web.Response:
        asked = dict(request.query) if request.method == "GET" else {k: str(v) for k, v in (await request.post()).items()}
        if asked.get("client_id") not in provider.clients or not _loopback_redirect(asked.get("redirect_uri", "")):
            # s.4.1.2.1: never redirect to an address not proven to be the client's.
            return refused("Unknown client or redirect address.")
        back = asked["redirect_uri"]
        if asked.get("response_type") != "code" or asked.get("code_challenge_method") != "S256" \
                or not asked.get("code_challenge") or "openid" not in asked.get("scope", "").split():
            return _redirect(back, error="invalid_request", state=asked.get("state", ""))
        if request.method == "POST":
            if "cancel" in asked:
                return _redirect(back, error="access_denied", state=asked.get("state", ""))
            officer = provider.officers.get(asked.get("username", ""))
            if officer is not None and secrets.compare_digest(officer.password, asked.get("password", "")):
                code = secrets.token_urlsafe(32)
                provider.codes[code] = _Code(asked["client_id"], back, asked["code_challenge"], asked.get("nonce", ""),
                                             asked["username"], time.monotonic() + CODE_SECONDS)
                return _redirect(back, code=code, state=asked.get("state", ""))
        return web.Response(content_type="text/html", text=_login_page(asked, failed=request.method == "POST"))

    async def token(request: web.Request) -> web.Response:
        form = {k: str(v) for k, v in (await request.post()).items()}
        code = provider.codes.pop(form.get("code", ""), None)  # one use, whatever happens next
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if form.get("grant_type") != "authorization_code" or code is None or time.monotonic() > code.expires \
                or form.get("client_id") != code.client_id or form.get("redirect_uri") != code.redirect_uri \
                or not secrets.compare_digest(challenge, code.challenge):
            return web.json_response({"error": "invalid_grant"}, status=400)
        provider.signed_in.append(code.officer)
        now = int(time.time())
        claims = {**provider.officers[code.officer].claims, "iss": provider.issuer, "aud": code.client_id,
                  "iat": now, "auth_time": now, "exp": now + provider.token_seconds, "nonce": code.nonce}
        for fault in provider.faults & set(_WRONG_CLAIMS):
            claims.update(_WRONG_CLAIMS[fault](provider.issuer, now))
        key = RSAKey.generate_key(2048, parameters={"kid": str(provider.key.kid)}) if "signature" in provider.faults \
            else provider.key
        id_token = jwt.encode({"alg": "RS256", "kid": provider.key.kid}, claims, key)
        return web.json_response({"access_token": secrets.token_urlsafe(32), "token_type": "Bearer",
                                  "expires_in": provider.token_seconds, "id_token": id_token},
                                 headers={"Cache-Control": "no-store", "Pragma": "no-cache"})

    app = web.Application()
    app.router.add_get("/.well-known/openid-configuration", discovery)
    app.router.add_get("/jwks", jwks)
    app.router.add_route("*", "/authorize", authorize)
    app.router.add_post("/token", token)
    return app


def _redirect(uri: str, **query: str) -> web.Response:
    joined = "&" if urlsplit(uri).query else "?"
    raise web.HTTPFound(uri + joined + urlencode({k: v for k, v in query.items() if v}))


def _login_page(asked: dict[str, str], failed: bool) -> str:
    hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                     for k, v in asked.items() if k not in ("username", "password"))
    warning = '<p id="failed">That name and password were not recognised.</p>' if failed else ""
    return ("<!doctype html><title>Practice force sign-in</title><h1>Practice force sign-in</h1>" + warning +
            f'<form method="post" action="/authorize">{hidden}'
            '<label>Username <input id="username" name="username" autocomplete="off"></label>'
            '<label>Password <input id="password" name="password" type="password"></label>'
            '<button id="sign-in" type="submit">Sign in</button>'
            '<button id="cancel" type="submit" name="cancel" value="1">Cancel</button></form>')


class PracticeIdentityProvider:
    """The provider on its own thread and event loop, on a loopback port the OS chose, https with `tls`."""

    def __init__(self, clients: set[str], officers: dict[str, PracticeOfficer], *, tls: tuple[Path, Path],
                 faults: set[str] = frozenset(), token_seconds: int = 3600) -> None:  # type: ignore[assignment]
        self.provider = _Provider(set(clients), officers, set(faults), token_seconds)
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._tls = tls
        self._thread = threading.Thread(target=self._run, name="practice-identity-provider", daemon=True)
        self._thread.start()
        if not self._ready.wait(30) or not self.provider.issuer:
            raise RuntimeError("the practice identity provider did not start")

    @property
    def issuer(self) -> str:
        return self.provider.issuer

    def set_faults(self, *faults: str) -> None:
        self._loop.call_soon_threadsafe(lambda: setattr(self.provider, "faults", set(faults)))

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*self._tls)
        self._runner = web.AppRunner(_app(self.provider), access_log=None, shutdown_timeout=1.0)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=context)
        self._loop.run_until_complete(site.start())
        self.provider.issuer = f"https://127.0.0.1:{self._runner.addresses[0][1]}"
        self._ready.set()
        self._loop.run_forever()
        self._loop.run_until_complete(stop_serving(self._runner))
        self._loop.close()

    def stop(self) -> None:
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(30)

    def __enter__(self) -> PracticeIdentityProvider:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
