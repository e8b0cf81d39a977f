"""rvr-desktop link-certificate: a certificate for practising over a local network.

A phone's browser only opens the camera on a secure origin, so a practice
link service reached over Wi-Fi needs HTTPS. This makes a small certificate
authority of its own, signs one server certificate for the names and
addresses given, and throws the authority's private key away: nobody can
make another certificate that the phones would trust.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from rvr_desktop.settings import Settings

HELP = "make a practice HTTPS certificate for the link service on a local network, and say how to trust it"
NEEDS_DATA_FOLDER = False
# Apple refuses server certificates valid longer than this.
VALID_DAYS = 397
CA_FILE, CERT_FILE, KEY_FILE = "rvr-practice-ca.pem", "link-service.pem", "link-service-key.pem"


def add_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, metavar="FOLDER", help="where to write the files")
    parser.add_argument("--name", action="append", default=[], metavar="HOST_OR_IP",
                        help="a name or address phones will use (repeatable); localhost and 127.0.0.1 are "
                             "always included")


def run(settings: Settings, args: argparse.Namespace) -> int:
    names = list(dict.fromkeys(["localhost", "127.0.0.1", *args.name]))
    existing = [f for f in (CA_FILE, CERT_FILE, KEY_FILE) if (args.out / f).exists()]
    if existing:
        print(f"{args.out} already holds {', '.join(existing)}; nothing was overwritten. Choose an empty folder, "
              "or remove the old files once no phone needs them.", file=sys.stderr)
        return 2
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        ca_pem, cert_pem, key_pem, fingerprint = make_practice_certificate(names)
        (args.out / CA_FILE).write_bytes(ca_pem)
        (args.out / CERT_FILE).write_bytes(cert_pem + ca_pem)  # the chain, so browsers need only the authority
        key_path = args.out / KEY_FILE
        key_path.touch(mode=0o600)
        os.chmod(key_path, 0o600)
        key_path.write_bytes(key_pem)
    except OSError as exc:
        print(f"The certificate files could not be written to {args.out} ({exc.strerror}); choose a writable "
              "folder.", file=sys.stderr)
        return 2
    print(_instructions(args.out, names, fingerprint))
    return 0


def make_practice_certificate(names: list[str]) -> tuple[bytes, bytes, bytes, str]:
    """PEM of the authority's certificate, the server certificate and its key, and the authority's SHA-256."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.now(timezone.utc)
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


def _instructions(out: Path, names: list[str], fingerprint: str) -> str:
    address = next((n for n in reversed(names) if n not in ("localhost", "127.0.0.1")), "ADDRESS")
    return f"""Made a practice certificate for: {', '.join(names)} (valid {VALID_DAYS} days).

  {out / CERT_FILE}       server certificate chain
  {out / KEY_FILE}   its private key (only this account can read it; keep it private)
  {out / CA_FILE}      the practice authority: put THIS on each practice phone

Start the link service with it:
  rvr-desktop link-service --host 0.0.0.0 --port 8443 --public-url https://{address}:8443 \\
      --tls-cert {out / CERT_FILE} --tls-key {out / KEY_FILE}

Trust the practice authority on each phone (practice phones only, never a victim's):
  iPhone:  send {CA_FILE} to the phone (AirDrop or e-mail), open it, then Settings > General >
           VPN & Device Management > install the profile; then Settings > General > About >
           Certificate Trust Settings > turn on full trust for "RVR practice authority".
  Android: Settings > Security (or Security & privacy) > More > Encryption & credentials >
           Install a certificate > CA certificate > choose {CA_FILE}. Chrome then trusts it.
  Before trusting, check the SHA-256 fingerprint the phone shows is:
  {fingerprint}

Remove it from the phones when practice ends. Its private key was never saved, so it cannot sign anything else."""
