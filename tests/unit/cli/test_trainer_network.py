"""--trainer-network: the address a trainer's device reaches, and the certificate it trusts."""

from __future__ import annotations

import os
import stat

import pytest

from rvr_desktop.video.practice_certificate import CA_FILE, read_practice_certificate
from rvr_desktop.video.trainer_network import (TrainerNetwork, certificate_for, check_can_listen,
                                               parse_trainer_network)
from tests.conftest import run_cli


@pytest.mark.parametrize(("given", "expected"), [
    ("192.168.1.20", TrainerNetwork("192.168.1.20", 8443)),
    ("192.168.1.20:9443", TrainerNetwork("192.168.1.20", 9443)),
    ("[fd00::20]:9443", TrainerNetwork("fd00::20", 9443)),
    ("fd00::20", TrainerNetwork("fd00::20", 8443)),
    ("::ffff:192.168.1.20", TrainerNetwork("192.168.1.20", 8443)),
])
def test_an_address_and_port_are_read(given, expected):
    assert parse_trainer_network(given) == expected


def test_an_ipv6_address_is_bracketed_in_its_url():
    assert TrainerNetwork("fd00::20", 9443).url == "https://[fd00::20]:9443"
    assert TrainerNetwork("fd00::20", 9443).listen_argument == "[fd00::20]:9443"


@pytest.mark.parametrize(("given", "says"), [
    ("127.0.0.1", "cannot be reached from another device"),
    ("0.0.0.0", "cannot be reached from another device"),
    ("::ffff:127.0.0.1", "cannot be reached from another device"),
    # Names are looked up: these mean this computer only, or every interface.
    ("localhost", "cannot be reached from another device"),
    ("0", "cannot be reached from another device"),
    ("no-such-training-laptop.invalid", "cannot be looked up"),
    ("192.168.1.20:99999", "is not a port number"),
    ("192.168.1.20:0", "the port must be fixed"),
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


def test_an_address_this_computer_does_not_have_is_found_out_before_anything_is_made(tmp_path):
    # 192.0.2.0/24 is reserved for documentation: no machine has it.
    with pytest.raises(OSError) as refused:
        check_can_listen(TrainerNetwork("192.0.2.55"))
    assert refused.value.strerror == "Cannot assign requested address"


def test_a_key_that_does_not_match_its_certificate_is_set_aside(tmp_path):
    first = certificate_for(TrainerNetwork("10.77.0.1"), tmp_path)
    other = certificate_for(TrainerNetwork("10.77.0.2"), tmp_path)
    first.key.write_bytes(other.key.read_bytes())  # a key from another folder: the service could never start
    again = certificate_for(TrainerNetwork("10.77.0.1"), tmp_path)
    assert again.fingerprint != first.fingerprint
    assert first.folder.with_name(first.folder.name + ".old-1").exists()


def test_an_authority_that_did_not_sign_the_certificate_is_set_aside(tmp_path):
    first = certificate_for(TrainerNetwork("10.77.0.1"), tmp_path)
    other = certificate_for(TrainerNetwork("10.77.0.2"), tmp_path)
    first.authority.write_bytes(other.authority.read_bytes())  # devices would trust the wrong authority
    again = certificate_for(TrainerNetwork("10.77.0.1"), tmp_path)
    assert again.fingerprint not in (first.fingerprint, other.fingerprint)


def test_an_unusable_trainer_network_leaves_practice_with_the_simulated_caller_working(tmp_path):
    from rvr_desktop.practice_services import _start_link_service

    config = tmp_path / "link-service.toml"
    config.write_text("")
    links = _start_link_service(config, tmp_path, TrainerNetwork("192.0.2.55"))
    try:
        assert links.network_url == "" and links.base_url.startswith("http://127.0.0.1:")
        assert "Cannot assign requested address" in links.network_problem
        assert "simulated caller works as usual" in links.network_problem
        assert not (tmp_path / "trainer-network").exists()  # nothing made for an address that cannot be used
        with links.client() as client:
            assert client.status()["mode"] == "practice"
    finally:
        links.stop()
