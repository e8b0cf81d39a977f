"""Uploads are kept only when they are one whole image, decoded in full: hostile files made here (a
decompression bomb, images with a web page or a program joined on, images cut short, renamed drawings,
pages and programs, an empty file, 21 MB) each get their own plain refusal through the real service, and
nothing of them is kept. A real photo in each accepted format is kept byte for byte, once."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import io
import json
import multiprocessing
import random
import struct
import subprocess
import sys
import time
import zlib

import pillow_heif
import pytest
import requests
from PIL import Image

from rvr_desktop.linkservice.config import ConfigError, load_config
from rvr_desktop.linkservice.image_check import ImageChecks, check_whole_image
from rvr_desktop.linkservice.pages import RESOURCES
from tests.conftest import REPO
from tests.unit.linkservice.harness import claimed_caller_link

CALLER_PAGE = RESOURCES / "caller-page"
CALLER_JS = (CALLER_PAGE / "caller.js").read_text(encoding="utf-8")

HTML = b"<!DOCTYPE html><html><body><script>fetch('/api/officer/status')</script></body></html>\n"
# The start of a real 64-bit Linux program: ELF header, then code.
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + struct.pack("<HHI", 2, 62, 1) + b"\x48\x31\xc0\xc3" * 64
SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(1)</script><rect width="10" height="10"/></svg>')


def _photo(kind: str, size: tuple[int, int] = (64, 48)) -> bytes:
    """A small real photo-like picture (noise, so it compresses like a photo) saved by Pillow."""
    picture = Image.effect_noise(size, 60).convert("RGB")
    saved = io.BytesIO()
    if kind == "HEIF":
        pillow_heif.from_pillow(picture).save(saved, format="HEIF", quality=60)
    else:
        picture.save(saved, format=kind, **({} if kind == "PNG" else {"quality": 80}))
    return saved.getvalue()


def _ultra_hdr() -> bytes:
    """A JPEG with a second, smaller picture after its end, declared in its MPF segment, as Android's Ultra
    HDR photos carry their gain map."""
    picture = Image.effect_noise((64, 48), 60).convert("RGB")
    saved = io.BytesIO()
    picture.save(saved, format="MPO", save_all=True, append_images=[picture.resize((32, 24))])
    return saved.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@functools.cache
def _png_bomb(side: int) -> bytes:
    """A `side` x `side` grey PNG of zeros, about 900 KB for 30,000 x 30,000, made without compressing
    900 MB: after a full flush deflate's blocks for identical rows are identical, so one is repeated, and
    the Adler-32 of n zero bytes is ((n mod 65521) << 16) | 1."""
    rows_per_block = 100
    block = bytes((side + 1) * rows_per_block)  # each row: filter byte 0, then `side` zero pixels
    deflate = zlib.compressobj(9)
    first = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    repeated = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    finish = deflate.flush()[:-4]
    blocks = side // rows_per_block
    adler = ((len(block) * blocks) % 65521) << 16 | 1
    stream = first + repeated * (blocks - 1) + finish + struct.pack(">I", adler)
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", stream)
            + _png_chunk(b"IEND", b""))


@pytest.fixture
def caller(service):
    return claimed_caller_link(service, "CASE-H")


def _send(service, caller, content: bytes) -> requests.Response:
    _, link, key = caller
    return requests.post(f"{service.base_url}/api/upload", data=content, timeout=30,
                         headers={"X-Link": link, "X-Device-Key": key, "Content-Type": "image/jpeg",
                                  "X-Content-SHA256": hashlib.sha256(content).hexdigest()})


JPEG, PNG = _photo("JPEG"), _photo("PNG")
WEBP, HEIC = _photo("WEBP"), _photo("HEIF")
ULTRA_HDR = _ultra_hdr()
# Where the declared second picture starts: just after the main picture's end marker.
SECOND = ULTRA_HDR.index(b"\xff\xd9\xff\xd8") + 2

HOSTILE = {
    "bomb, 30000 x 30000": (_png_bomb(30000), "too_many_pixels"),
    "bomb under Pillow's own guard": (_png_bomb(8200), "too_many_pixels"),
    "JPEG with a web page after it": (JPEG + HTML, "extra_data"),
    "JPEG with a program after it": (JPEG + ELF, "extra_data"),
    "PNG with a web page after IEND": (PNG + HTML, "extra_data"),
    "Ultra HDR photo with a web page after it": (ULTRA_HDR + HTML, "extra_data"),
    "Ultra HDR photo whose declared picture is a web page": (ULTRA_HDR[:SECOND] + HTML.ljust(
        len(ULTRA_HDR) - SECOND), "unreadable"),
    "WebP longer than its RIFF size": (WEBP + b"\x00\x00" + HTML, "extra_data"),
    "HEIC with a program after it": (HEIC + ELF, "extra_data"),
    "HEIC with a web page after it": (HEIC + HTML, "extra_data"),
    "JPEG cut short": (JPEG[: len(JPEG) * 2 // 3], "incomplete"),
    "JPEG without its end marker": (JPEG[:-2], "incomplete"),
    "PNG cut short": (PNG[: len(PNG) - 40], "incomplete"),
    "WebP cut short": (WEBP[:-10], "incomplete"),
    "HEIC cut short": (HEIC[: len(HEIC) - 50], "incomplete"),
    "Ultra HDR photo cut short in its gain map": (ULTRA_HDR[:-30], "incomplete"),
    "PNG with a damaged chunk": (PNG[:40] + bytes([PNG[40] ^ 0xFF]) + PNG[41:], "unreadable"),
    "JPEG whose scan is nonsense": (JPEG[:JPEG.index(b"\xff\xda")] + b"\xff\xda\x00\x02" + b"\x00" * 500
                                    + b"\xff\xd9", "unreadable"),
    "SVG renamed .jpg": (SVG, "not_an_image"),
    "web page renamed .jpg": (HTML, "not_an_image"),
    "Linux program renamed .jpg": (ELF, "a_program"),
    "Windows program renamed .jpg": (b"MZ\x90\x00\x03" + bytes(200), "a_program"),
    "empty file": (b"", "empty"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_file_gets_its_own_plain_refusal_and_nothing_is_kept(service, caller, name):
    content, code = HOSTILE[name]
    response = _send(service, caller, content)
    assert response.status_code in (400, 415, 422), response.text
    body = response.json()
    assert body["error"] == code
    assert "not sent" in body["message"] and body["message"].rstrip().endswith(".")
    session = service.book.session(caller[0])
    assert session.uploads == {} and session.upload_digests == {}
    assert not any(e["kind"] == "upload_received" for e in session.events.after(0))
    # The caller's page says it in the caller's language.
    assert f'"{code}"' in CALLER_JS[CALLER_JS.index("async function sendFile"):]
    for language in ("en", "cy"):
        strings = json.loads((CALLER_PAGE / "strings" / f"{language}.json").read_text(encoding="utf-8"))
        assert strings[f"upload_{code}"].endswith("."), language


def test_21_megabytes_is_refused_before_it_is_decoded(service, caller):
    big = JPEG[:-2] + bytes(21 * 1024 * 1024) + b"\xff\xd9"
    response = _send(service, caller, big)
    assert response.status_code == 413 and response.json()["error"] == "too_large"
    assert "20 MB" in response.json()["message"] and "not sent" in response.json()["message"]
    assert service.book.session(caller[0]).uploads == {}


@pytest.mark.parametrize(("content", "media_type"), [(JPEG, "image/jpeg"), (PNG, "image/png"),
                                                     (WEBP, "image/webp"), (HEIC, "image/heic"),
                                                     (JPEG + b"\x00" * 4, "image/jpeg"),
                                                     (ULTRA_HDR, "image/jpeg")])
def test_a_whole_photo_is_kept_byte_for_byte(service, caller, content, media_type):
    response = _send(service, caller, content)
    assert response.status_code == 201, response.text
    assert response.json()["media_type"] == media_type
    [kept] = service.book.session(caller[0]).uploads.values()
    assert kept.content == content and kept.sha256 == hashlib.sha256(content).hexdigest()


def test_the_same_photo_twice_is_held_once_and_the_workstation_told_each_arrival(service, caller):
    session_id = caller[0]
    first = _send(service, caller, JPEG)
    again = _send(service, caller, JPEG)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json() == {**first.json(), "already_received": True}
    officer = service.officer()
    [info] = officer.uploads(session_id)  # one copy, under the first upload's id
    officer.drop_upload(session_id, info.upload_id)  # filed (or declined) by the officer
    after_collecting = _send(service, caller, JPEG)
    assert after_collecting.status_code == 200 and after_collecting.json()["upload_id"] == info.upload_id
    # Held again under the same id, so the workstation can note the arrival on its exhibit and let it go.
    assert officer.uploads(session_id) == [info]
    assert officer.fetch_upload(session_id, info).content == JPEG
    received = [e for e in service.book.session(session_id).events.after(0) if e["kind"] == "upload_received"]
    assert [(e["upload_id"], e.get("repeated", False)) for e in received] == [
        (info.upload_id, False), (info.upload_id, True), (info.upload_id, True)]
    assert _send(service, caller, PNG).status_code == 201  # a different photo is a new one


def test_damaged_photos_of_every_kind_get_a_verdict_never_a_fault():
    """Bytes changed, cut out, put in or cut off anywhere: the checker answers for each, without raising."""
    chooser = random.Random(20261201)
    for _ in range(400):
        original, media_type = chooser.choice([(JPEG, "image/jpeg"), (PNG, "image/png"), (WEBP, "image/webp"),
                                               (HEIC, "image/heic"), (ULTRA_HDR, "image/jpeg")])
        damaged = bytearray(original)
        for _ in range(chooser.randint(1, 4)):
            at = chooser.randrange(len(damaged) or 1)
            change = chooser.choice(["flip", "cut", "insert", "end"])
            if change == "flip" and damaged:
                damaged[at] ^= 1 << chooser.randrange(8)
            elif change == "cut":
                del damaged[at:at + chooser.randint(1, 40)]
            elif change == "insert":
                damaged[at:at] = chooser.randbytes(chooser.randint(1, 20))
            else:
                del damaged[at:]
        verdict = check_whole_image(bytes(damaged), 64_000_000)
        assert bool(verdict.media_type) != bool(verdict.refusal)
        assert verdict.media_type in ("", media_type) or damaged[:4] != original[:4]


def test_a_force_may_lower_the_pixel_limit_but_not_raise_it_past_pillows_guard(tmp_path):
    config = tmp_path / "link-service.toml"
    config.write_text("[uploads]\nmax_pixels = 1000\n", encoding="utf-8")
    assert load_config(config).max_upload_pixels == 1000
    assert check_whole_image(PNG, 64 * 48 - 1).refusal == "too_many_pixels"
    assert check_whole_image(PNG, 64 * 48).media_type == "image/png"
    config.write_text("[uploads]\nmax_pixels = 200000000\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="max_pixels"):
        load_config(config)


def test_stopping_waits_for_the_checking_workers_so_the_service_exits_without_a_fault():
    """A pool left to wind down by itself races the interpreter's exit, which then writes to its closed
    wake-up pipe ("Bad file descriptor") as the service stops. Closed, no worker is left running."""
    async def check_then_close():
        checks = ImageChecks(workers=2)
        verdict = await checks.verdict(PNG, 64_000_000)
        assert multiprocessing.active_children(), "the check ran in a worker process"
        await checks.close()
        return verdict

    assert asyncio.run(check_then_close()).media_type == "image/png"
    assert multiprocessing.active_children() == []


WORKERS_THEN_KILLED = """
import asyncio, multiprocessing, os, signal, sys
from rvr_desktop.linkservice.image_check import ImageChecks
png = bytes.fromhex(sys.argv[1])
async def check():
    checks = ImageChecks(workers=2)
    assert (await checks.verdict(png, 64_000_000)).media_type == "image/png"
    print(" ".join(str(child.pid) for child in multiprocessing.active_children()), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
asyncio.run(check())
"""


def test_a_service_killed_outright_leaves_no_checking_worker_behind():
    """Killed with SIGKILL (or by the kernel for memory) the service cannot close its pool; its decoders,
    which may hold a caller's photo, die with it rather than live on under init."""
    killed = subprocess.run([sys.executable, "-c", WORKERS_THEN_KILLED, PNG.hex()], cwd=REPO, capture_output=True,
                            text=True, timeout=60)
    assert killed.returncode == -9, killed.stderr
    workers = [int(pid) for pid in killed.stdout.split()]
    assert workers, killed.stdout
    deadline = time.monotonic() + 10
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = [pid for pid in workers if _running(pid)]
    assert alive == [], f"decoder workers {alive} outlived the service"


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has already gone
    except FileNotFoundError:
        return False
