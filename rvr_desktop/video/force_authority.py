"""Whether a certificate chain was issued, for a host, by the force's own certificate authority: the check
that lets the officer's page in QtWebEngine trust the force's link service when its certificate comes from
the force's authority rather than one the system trusts (`rvr-desktop enrol --authority`).

QtWebEngine checks certificates against the system's store, and asks what to do with any other; this is the
answer, so the officer's page also trusts the enrolment's authority (enrolment.py), for the service's own
host only, never any certificate at all. (What the system's store trusts, QtWebEngine trusts without asking,
as every browser on the machine does.) The path is validated as a browser does (RFC 5280
through cryptography's verifier: signatures, dates, the host's name or address, key usages).
"""

from __future__ import annotations

import ipaddress

from cryptography import x509
from cryptography.x509.verification import DNSName, IPAddress, PolicyBuilder, Store, VerificationError


def authorities(pem: bytes) -> list[x509.Certificate]:
    """The certificates in a PEM bundle (ValueError when it holds none)."""
    return x509.load_pem_x509_certificates(pem)


def issued_for(host: str, chain_der: list[bytes], trusted: list[x509.Certificate]) -> bool:
    """True when `chain_der` (the server's certificate first, as TLS sends it) leads to one of `trusted` and
    names `host`, valid now."""
    if not chain_der or not trusted:
        return False
    try:
        leaf, *others = [x509.load_der_x509_certificate(der) for der in chain_der]
        name: IPAddress | DNSName
        try:
            name = IPAddress(ipaddress.ip_address(host))
        except ValueError:
            name = DNSName(host)
        PolicyBuilder().store(Store(trusted)).build_server_verifier(name).verify(leaf, others)
    except (ValueError, VerificationError):  # not a certificate, not a host name, or not issued for it
        return False
    return True
