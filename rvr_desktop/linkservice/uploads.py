"""Photos and screenshots the caller sends: what kind they claim to be by
their first bytes, and their SHA-256, computed here on the bytes received.

The type is read from the bytes, never from the file name or the browser's
claim; image_check.py then decodes the whole file before it is kept.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

# HEIF brands phones write for photos (HEIC on iPhones, some Android cameras).
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}


def sniff_image_type(head: bytes) -> str | None:
    """The media type of an image from its first bytes, or None if it is not one we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "image/heic"
    return None


@dataclass(frozen=True)
class CallerUpload:
    """One image received from a participant, held in memory until the officer's workstation takes it."""

    upload_id: str
    from_role: str
    media_type: str
    sha256: str
    received_at: str
    content: bytes = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.content)

    def summary(self) -> dict:
        return {"upload_id": self.upload_id, "from_role": self.from_role, "media_type": self.media_type,
                "sha256": self.sha256, "size": self.size, "received_at": self.received_at}


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
