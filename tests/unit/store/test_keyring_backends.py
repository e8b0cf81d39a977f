"""Which keyrings may hold the database key: the operating system's own only."""

from __future__ import annotations

import keyring
import keyring.backend
import pytest

from rvr_desktop.store.keyring_key import describe_backend


class _FileKeyring(keyring.backend.KeyringBackend):
    """An add-on backend of the kind that keeps secrets in a file."""

    priority = 1

    def get_password(self, service, username):
        return None

    def set_password(self, service, username, password):
        raise NotImplementedError

    def delete_password(self, service, username):
        raise NotImplementedError


@pytest.fixture
def restore_keyring():
    previous = keyring.get_keyring()
    yield
    keyring.set_keyring(previous)


def test_an_add_on_file_keyring_is_refused(restore_keyring):
    keyring.set_keyring(_FileKeyring())
    backend = describe_backend()
    assert not backend.is_system_keyring
    assert "file" in backend.reason


def test_the_session_keyring_of_the_tests_is_a_system_one():
    backend = describe_backend()
    assert backend.is_system_keyring, backend
    assert "SecretService" in backend.name
