"""--trainer-network: the address a trainer's device reaches, and the certificate it trusts."""

from __future__ import annotations

import os
import stat

import pytest

from rvr_desktop.video.practice_certificate import CA_FILE, read_practice_certificate
from rvr_desktop.video.trainer_network import TrainerNetwork, certificate_for, parse_trainer_network
from tests.conftest import run_cli


@pytest.mark.parametrize(("given", "expected"), [
    ("192.168.1.20", TrainerNetwork("192.168.1.20", 8443)),
    ("192.168.1.20:9443", TrainerNetwork("192.168.1.20", 9443)),
    ("[fd00::20]:9443", TrainerNetwork("fd00::20", 9443)),
    ("fd00::20", TrainerNetwork("fd00::20", 8443)),
    ("Training-Laptop.local", TrainerNetwork("training-laptop.local", 8443)),
])
def test_an_address_and_port_are_read(given, expected):
    assert parse_trainer_network(given) == expected


def test_an_ipv6_address_is_bracketed_in_its_url():
    assert TrainerNetwork("fd00::20", 9443).url == "https://[fd00::20]:9443"
    assert TrainerNetwork("fd00::20", 9443).listen_argument == "[fd00::20]:9443"


@pytest.mark.parametrize(("given", "says"), [
    ("127.0.0.1", "cannot be reached from another device"),
    ("0.0.0.0", "cannot be reached from another device"),
    ("localhost", "is not an address"),
    ("192.168.1.20:99999", "is not a port number"),
    ("http://192.168.1.20", "is not an address"),
])
def test_an_address_another_device_cannot_use_is_refused_with_a_reason(given, says):
    with pytest.raises(ValueError, match=says):
        parse_trainer_network(given)


def test_the_workstation_refuses_a_bad_address_before_starting(tmp_path):
    done = run_cli("--trainer-network", "127.0.0.1", "--data-dir", str(tmp_path / "data"))
    assert done.returncode == 2
    assert "cannot be reached from another device" in done.stderr and "Nothing was started" in done.stderr
    assert not (tmp_path / "data").exists()


def test_the_certificate_for_an_address_is_made_once_and_kept(tmp_path):
    network = TrainerNetwork("10.77.0.1")
    first = certificate_for(network, tmp_path)
    assert stat.S_IMODE(os.stat(first.key).st_mode) == 0o600
    # The devices already trust this authority: the next start keeps it.
    again = certificate_for(network, tmp_path)
    assert (again.folder, again.fingerprint) == (first.folder, first.fingerprint)
    assert read_practice_certificate(first.folder, "10.77.0.1") is not None
    assert read_practice_certificate(first.folder, "10.77.0.2") is None


def test_a_new_address_gets_its_own_certificate_and_the_old_one_stays(tmp_path):
    first = certificate_for(TrainerNetwork("10.77.0.1"), tmp_path)
    second = certificate_for(TrainerNetwork("10.77.0.2"), tmp_path)
    assert second.folder != first.folder and second.fingerprint != first.fingerprint
    assert first.authority.exists()


def test_a_damaged_certificate_is_set_aside_not_deleted(tmp_path):
    first = certificate_for(TrainerNetwork("10.77.0.1"), tmp_path)
    first.chain.write_text("not a certificate")
    second = certificate_for(TrainerNetwork("10.77.0.1"), tmp_path)
    assert second.fingerprint != first.fingerprint
    aside = first.folder.with_name(first.folder.name + ".old-1")
    assert (aside / CA_FILE).exists() and (aside / "link-service.pem").read_text() == "not a certificate"
