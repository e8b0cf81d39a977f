"""rvr-desktop link-certificate: a certificate for practising over a local network.

A phone's browser only opens the camera on a secure origin, so a practice
link service reached over Wi-Fi needs HTTPS. This makes a small certificate
authority of its own, signs one server certificate for the names and
addresses given, and throws the authority's private key away: nobody can
make another certificate that the phones would trust.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rvr_desktop.settings import Settings
from rvr_desktop.video.practice_certificate import (CA_FILE, CERT_FILE, KEY_FILE, VALID_DAYS, existing_files,
                                                    write_practice_certificate)

HELP = "make a practice HTTPS certificate for the link service on a local network, and say how to trust it"
NEEDS_DATA_FOLDER = False


def add_arguments(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, metavar="FOLDER", help="where to write the files")
    parser.add_argument("--name", action="append", default=[], metavar="HOST_OR_IP",
                        help="a name or address phones will use (repeatable); localhost and 127.0.0.1 are "
                             "always included")


def run(settings: Settings, args: argparse.Namespace) -> int:
    names = list(dict.fromkeys(["localhost", "127.0.0.1", *args.name]))
    existing = existing_files(args.out)
    if existing:
        print(f"{args.out} already holds {', '.join(existing)}; nothing was overwritten. Choose an empty folder, "
              "or remove the old files once no phone needs them.", file=sys.stderr)
        return 2
    try:
        fingerprint = write_practice_certificate(args.out, names).fingerprint
    except OSError as exc:
        print(f"The certificate files could not be written to {args.out} ({exc.strerror}); choose a writable "
              "folder.", file=sys.stderr)
        return 2
    print(_instructions(args.out, names, fingerprint))
    return 0


def _instructions(out: Path, names: list[str], fingerprint: str) -> str:
    address = next((n for n in reversed(names) if n not in ("localhost", "127.0.0.1")), "ADDRESS")
    return f"""Made a practice certificate for: {', '.join(names)} (valid {VALID_DAYS} days).

  {out / CERT_FILE}       server certificate chain
  {out / KEY_FILE}   its private key (only this account can read it; keep it private)
  {out / CA_FILE}      the practice authority: put THIS on each practice phone

Start the link service with it (callers and the trainer's console on the network, the rest on this computer):
  rvr-desktop link-service --network {address}:8443 \\
      --tls-cert {out / CERT_FILE} --tls-key {out / KEY_FILE}
(The practice workstation does all of this itself with: rvr-desktop --trainer-network {address})

Trust the practice authority on each phone (practice phones only, never a victim's):
  iPhone:  send {CA_FILE} to the phone (AirDrop or e-mail), open it, then Settings > General >
           VPN & Device Management > install the profile; then Settings > General > About >
           Certificate Trust Settings > turn on full trust for "RVR practice authority".
  Android: Settings > Security (or Security & privacy) > More > Encryption & credentials >
           Install a certificate > CA certificate > choose {CA_FILE}. Chrome then trusts it.
  Before trusting, check the SHA-256 fingerprint the phone shows is:
  {fingerprint}

Remove it from the phones when practice ends. Its private key was never saved, so it cannot sign anything else."""
