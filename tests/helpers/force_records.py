"""The practice records server as a force's records API meets a live workstation: https only, with a
certificate from an authority of the test's own, and access tokens only from its own OAuth 2.0 token
endpoint for the client id and secret it was given. The secret is put where a force's IT team puts it, in the
(throw-away) keyring, and taken out again afterwards."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import keyring

from rvr_desktop.records_server.serve import PracticeServerThread
from rvr_desktop.settings import RecordsAccess
from rvr_desktop.sync.access_tokens import KEYRING_SECRET_ACCOUNT, KEYRING_SERVICE
from rvr_desktop.video.practice_certificate import make_practice_certificate
from tests.helpers.force_link_service import private_file

CLIENT_ID = "rvr-workstation-0042"
SCOPE = "api://records.force.example/.default"  # a scope the endpoint insists on, as Entra ID's does
# A secret as a provider may issue one: characters that mean something in a form or in HTTP Basic, and beyond ASCII.
SECRET_EXTRAS = "+%:/=€"


@dataclass
class ForceRecords:
    server: PracticeServerThread
    authority: Path  # the force's certificate authority, as live.toml's [records] ca_bundle names it
    secret: str

    @property
    def access(self) -> RecordsAccess:
        """What the force's live.toml says of its records API."""
        return RecordsAccess(self.server.url, self.server.token_url, CLIENT_ID, SCOPE, ca_bundle=self.authority)

    def live_toml(self) -> str:
        return (f'[records]\nurl = "{self.server.url}"\ntoken_url = "{self.server.token_url}"\n'
                f'client_id = "{CLIENT_ID}"\nscope = "{SCOPE}"\nca_bundle = "{self.authority}"\n')


def other_authority(folder: Path) -> Path:
    """An authority that signed nothing the force runs: a certificate bundle pointing elsewhere."""
    authority, *_ = make_practice_certificate(["127.0.0.1"])
    return private_file(folder / "elsewhere-ca.pem", authority)


@contextmanager
def force_records(folder: Path, *, token_lifetime: int = 300, faults: str = "") -> Iterator[ForceRecords]:
    folder.mkdir(parents=True, exist_ok=True)
    authority, chain, key, _ = make_practice_certificate(["127.0.0.1"])
    tls = (private_file(folder / "chain.pem", chain + authority), private_file(folder / "key.pem", key))
    secret = secrets.token_urlsafe(24) + SECRET_EXTRAS
    keyring.set_password(KEYRING_SERVICE, KEYRING_SECRET_ACCOUNT, secret)
    try:
        with PracticeServerThread(folder / "records.sqlite3", clients={CLIENT_ID: secret}, tls=tls,
                                  token_lifetime=token_lifetime, token_scope=SCOPE, faults=faults) as server:
            yield ForceRecords(server, private_file(folder / "force-ca.pem", authority), secret)
    finally:
        try:
            keyring.delete_password(KEYRING_SERVICE, KEYRING_SECRET_ACCOUNT)
        except keyring.errors.PasswordDeleteError:
            pass  # a test took it out itself
