"""Bearer and link comparisons, the per-address limit, and image types read from the bytes."""

from __future__ import annotations

import pytest

from rvr_desktop.linkservice.rate_limit import AttemptLimiter
from rvr_desktop.linkservice.tokens import bearer_matches
from rvr_desktop.linkservice.uploads import sniff_image_type

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 "
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"
HEIC_MIF1 = b"\x00\x00\x00\x1cftypmif1\x00\x00\x00\x00mif1heic"


@pytest.mark.parametrize(("head", "kind"), [(JPEG, "image/jpeg"), (PNG, "image/png"), (WEBP, "image/webp"),
                                            (HEIC, "image/heic"), (HEIC_MIF1, "image/heic")])
def test_accepted_images_are_known_by_their_bytes(head, kind):
    assert sniff_image_type(head) == kind


@pytest.mark.parametrize("head", [b"%PDF-1.7\n", b"MZ\x90\x00", b"<html><body>", b"GIF89a\x01\x00",
                                  b"\x00\x00\x00\x18ftypmp42", b"RIFF\x24\x00\x00\x00WAVEfmt ", b"", b"\xff\xd8"])
def test_other_files_are_refused_whatever_their_name(head):
    assert sniff_image_type(head) is None


def test_bearer_needs_the_scheme_and_the_exact_token():
    assert bearer_matches("Bearer secret-token", "secret-token")
    assert bearer_matches("bearer secret-token", "secret-token")
    for wrong in (None, "", "Bearer", "Bearer secret-toke", "Bearer secret-tokenX", "Basic secret-token",
                  "secret-token"):
        assert not bearer_matches(wrong, "secret-token"), wrong


def test_failures_are_limited_per_address_in_a_sliding_minute():
    now = [0.0]
    limiter = AttemptLimiter(3, clock=lambda: now[0])
    for _ in range(3):
        assert not limiter.blocked("192.0.2.1")
        limiter.failed("192.0.2.1")
    assert limiter.blocked("192.0.2.1") and not limiter.blocked("192.0.2.2")
    assert 1 <= limiter.seconds_to_wait("192.0.2.1") <= 61
    now[0] = 61.0
    assert not limiter.blocked("192.0.2.1")


def test_the_limiter_forgets_the_oldest_address_rather_than_grow_without_end():
    limiter = AttemptLimiter(1, clock=lambda: 0.0, max_addresses=100)
    for n in range(1000):
        limiter.failed(f"10.0.{n // 256}.{n % 256}")
    assert len(limiter._failures) <= 100
