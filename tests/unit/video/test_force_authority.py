"""The officer's page trusts a certificate the system does not only when the force's own authority issued it
for the link service's host (force_authority.py, used by ui/video_panel.py)."""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from rvr_desktop.video.force_authority import authorities, issued_for
from rvr_desktop.video.practice_certificate import make_practice_certificate


def _der_chain(pem: bytes) -> list[bytes]:
    return [certificate.public_bytes(Encoding.DER) for certificate in x509.load_pem_x509_certificates(pem)]


def test_only_the_forces_authority_for_the_services_own_host_is_trusted():
    force, chain, _key, _ = make_practice_certificate(["127.0.0.1", "video.force.example"])
    elsewhere, other_chain, _, _ = make_practice_certificate(["127.0.0.1"])
    trusted = authorities(force)
    assert issued_for("127.0.0.1", _der_chain(chain), trusted)
    assert issued_for("video.force.example", _der_chain(chain), trusted)
    # Another host the same certificate does not name; another authority's certificate for the same host.
    assert not issued_for("127.0.0.2", _der_chain(chain), trusted)
    assert not issued_for("records.force.example", _der_chain(chain), trusted)
    assert not issued_for("127.0.0.1", _der_chain(other_chain), trusted)
    assert not issued_for("127.0.0.1", _der_chain(chain), authorities(elsewhere))
    # Nothing to check against, nothing sent, or not a certificate at all: never trusted.
    assert not issued_for("127.0.0.1", _der_chain(chain), [])
    assert not issued_for("127.0.0.1", [], trusted)
    assert not issued_for("127.0.0.1", [b"not a certificate"], trusted)


def test_the_workstation_and_the_service_speak_the_same_officer_api():
    from rvr_desktop.linkservice import officer_api
    from rvr_desktop.video import client

    assert client.OFFICER_API_VERSION == officer_api.OFFICER_API_VERSION
    assert client.OFFICER_HEADER == officer_api.OFFICER_HEADER


def test_a_host_name_no_certificate_can_name_is_refused_not_raised():
    force, chain, _key, _ = make_practice_certificate(["127.0.0.1"])
    assert not issued_for("video.force.example.", _der_chain(chain), authorities(force))  # a trailing dot
    assert not issued_for("", _der_chain(chain), authorities(force))
