"""Practice HTTPS certificates for a link service reached over a local network.

A phone's browser only opens the camera on a secure origin, so a practice
link service reached over Wi-Fi needs HTTPS. This makes a small certificate
authority of its own, signs one server certificate for the names and
addresses given, and throws the authority's private key away: nobody can
make another certificate that the trainer's devices would trust.

Used by `rvr-desktop link-certificate` and by a practice workstation started
with `--trainer-network`, which keeps one certificate per address.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta, UTC
from pathlib import Path

# Apple refuses server certificates valid longer than this.
VALID_DAYS = 397
CA_FILE, CERT_FILE, KEY_FILE = "rvr-practice-ca.pem", "link-service.pem", "link-service-key.pem"


def _spki():
    from cryptography.hazmat.primitives import serialization

    return serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo


@dataclass(frozen=True)
class PracticeCertificate:
    """The three files in `folder`, and the authority's SHA-256 fingerprint to check on a device."""

    folder: Path
    fingerprint: str

    @property
    def authority(self) -> Path:
        return self.folder / CA_FILE

    @property
    def chain(self) -> Path:
        return self.folder / CERT_FILE

    @property
    def key(self) -> Path:
        return self.folder / KEY_FILE


def existing_files(folder: Path) -> list[str]:
    return [name for name in (CA_FILE, CERT_FILE, KEY_FILE) if (folder / name).exists()]


def write_practice_certificate(folder: Path, names: list[str]) -> PracticeCertificate:
    """Write a new authority, chain and key into `folder`, which must not hold any of them yet."""
    if existing_files(folder):
        raise FileExistsError(f"{folder} already holds a practice certificate")
    folder.mkdir(parents=True, exist_ok=True)
    ca_pem, cert_pem, key_pem, fingerprint = make_practice_certificate(names)
    key_path = folder / KEY_FILE
    # Made private before the key is written into it, so it is never readable by others.
    key_path.touch(mode=0o600)
    os.chmod(key_path, 0o600)
    key_path.write_bytes(key_pem)
    (folder / CERT_FILE).write_bytes(cert_pem + ca_pem)  # the chain, so browsers need only the authority
    (folder / CA_FILE).write_bytes(ca_pem)
    return PracticeCertificate(folder, fingerprint)


def read_practice_certificate(folder: Path, name: str) -> PracticeCertificate | None:
    """The certificate kept in `folder` if it is complete, still valid for a while and covers `name`."""
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization

    if len(existing_files(folder)) != 3:
        return None
    try:
        server = x509.load_pem_x509_certificate((folder / CERT_FILE).read_bytes())
        authority = x509.load_pem_x509_certificate((folder / CA_FILE).read_bytes())
        key = serialization.load_pem_private_key((folder / KEY_FILE).read_bytes(), password=None)
        names = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        # The key must be the certificate's, and the certificate signed by the authority devices trust.
        matched = key.public_key().public_bytes(*_spki()) == server.public_key().public_bytes(*_spki())
        server.verify_directly_issued_by(authority)
    except (OSError, ValueError, TypeError, InvalidSignature, x509.ExtensionNotFound):
        return None
    if not matched:
        return None
    covered = {str(n) for n in names.get_values_for_type(x509.IPAddress)} | set(names.get_values_for_type(x509.DNSName))
    # A week's margin, so a practice session never meets a certificate expiring mid-run.
    fresh = server.not_valid_after_utc > datetime.now(UTC) + timedelta(days=7)
    if name not in covered or not fresh:
        return None
    return PracticeCertificate(folder, authority.fingerprint(hashes.SHA256()).hex(":").upper())


def make_practice_certificate(names: list[str]) -> tuple[bytes, bytes, bytes, str]:
    """PEM of the authority's certificate, the server certificate and its key, and the authority's SHA-256."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "RVR Desktop practice"),
                         x509.NameAttribute(NameOID.COMMON_NAME, f"RVR practice authority {socket.gethostname()}")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=VALID_DAYS))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    server_key = ec.generate_private_key(ec.SECP256R1())
    alt_names = [_alt_name(n) for n in names]
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[-1])]))
            .issuer_name(ca_name).public_key(server_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=VALID_DAYS))
            .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    key_pem = server_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    fingerprint = ca.fingerprint(hashes.SHA256()).hex(":").upper()
    return ca.public_bytes(pem), cert.public_bytes(pem), key_pem, fingerprint


def _alt_name(name: str):
    from cryptography import x509

    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)
