"""Whether an upload is exactly one whole photo or screenshot, found by reading all of it.

A file is kept only if its bytes are one JPEG, PNG, WebP or HEIC image from first byte to last, and it
decodes in full within a pixel limit:

- the kind is read from the first bytes (uploads.sniff_image_type), never from a name or a browser;
- the file's own structure must end where the file ends: a JPEG's end-of-image marker after its last
  scan (a few bytes of padding allowed, as some cameras write), a PNG's IEND chunk, a WebP's RIFF size,
  a HEIC's boxes. Anything after it (a web page, a program, a second file) is refused, and a file cut
  short is refused as incomplete rather than shown half-drawn. The one exception is what a JPEG
  declares itself in its Multi-Picture (MPF) segment: the HDR gain map of Android's Ultra HDR and
  Apple's HDR photos, and other cameras' extra views, come after the main picture's end. Each must
  be exactly where the segment says, be a whole JPEG itself, and decode like the main picture;
- the image is decoded to its last pixel, with Pillow's truncated-image loading left off, after its
  size is checked against the limit: a small file that unpacks to a billion pixels (a decompression
  bomb) is refused before it costs the memory.

The bytes themselves are never changed: what is kept is what was sent, so its SHA-256 is the evidence.

Decoders parse what a stranger sent, so they run in worker processes (`ImageChecks`), never in the
process holding every call's photos and numbers, and never on the event loop that carries every call's
signalling. A worker that crashes takes only its own upload with it.
"""

from __future__ import annotations

import asyncio
import functools
import io
import logging
import multiprocessing
import struct
import warnings
import zlib
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from .uploads import sniff_image_type

log = logging.getLogger(__name__)

EMPTY, NOT_AN_IMAGE, A_PROGRAM = "empty", "not_an_image", "a_program"
INCOMPLETE, EXTRA_DATA, UNREADABLE, TOO_MANY_PIXELS = "incomplete", "extra_data", "unreadable", "too_many_pixels"

# Programs by their first bytes: ELF (Linux, Android), Windows, Mach-O (both byte orders, 32 and 64 bit),
# fat Mach-O or Java class, Android's dex, and scripts.
_PROGRAM_HEADS = (b"\x7fELF", b"MZ", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe",
                  b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"dex\n", b"#!")
_PILLOW_FORMAT = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP", "image/heic": "HEIF"}
# Some cameras pad a JPEG after its end marker; more than this, or anything but padding, is something else.
JPEG_PADDING = 16
# Progressive JPEGs have about ten scans. Thousands of tiny scans make a small file take minutes to decode.
MAX_JPEG_SCANS = 100
# A gain map, a depth map, a second view: phones declare a few pictures after the main one, never dozens.
MAX_MPF_PICTURES = 8
# Top-level ISO media boxes a HEIC may hold: one of these running past the end is a file cut short.
_HEIF_BOXES = {b"ftyp", b"meta", b"mdat", b"moov", b"free", b"skip", b"uuid", b"idat", b"moof", b"mfra",
               b"styp", b"sidx", b"pdin", b"iloc"}


class Refused(Exception):
    """The upload is not one whole image; `code` says why (one of the constants above)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Verdict:
    """What a worker found: the image's media type, or the refusal's code."""

    media_type: str = ""
    refusal: str = ""


def check_whole_image(content: bytes, max_pixels: int) -> Verdict:
    """The verdict on `content` (the module docstring says what is checked). Runs in a worker process."""
    try:
        return Verdict(media_type=_whole_image(content, max_pixels))
    except Refused as refused:
        return Verdict(refusal=refused.code)


def _whole_image(content: bytes, max_pixels: int) -> str:
    if not content:
        raise Refused(EMPTY)
    media_type = sniff_image_type(content[:32])
    if media_type is None:
        raise Refused(A_PROGRAM if content.startswith(_PROGRAM_HEADS) else NOT_AN_IMAGE)
    for picture in (content, *_STRUCTURE[media_type](content)):
        _decode(picture, _PILLOW_FORMAT[media_type], max_pixels)
    return media_type


def _decode(content: bytes, pillow_format: str, max_pixels: int) -> None:
    from PIL import Image

    _readers_ready()
    try:
        with Image.open(io.BytesIO(content), formats=[pillow_format]) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise Refused(TOO_MANY_PIXELS)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own guard (far above our limit) fired while reading the header.
        raise Refused(TOO_MANY_PIXELS) from None
    except Refused:
        raise
    except OSError as exc:
        raise Refused(INCOMPLETE if "truncated" in str(exc) else UNREADABLE) from None
    except Exception:  # noqa: BLE001 - a file that breaks a decoder in any way is not an image we keep
        raise Refused(UNREADABLE) from None


def _after_the_end(content: bytes, end: int, padding: int = 0) -> None:
    """Refuse whatever follows the image's own end, but for `padding` bytes of 0x00 or 0xFF."""
    tail = content[end:]
    if tail and (len(tail) > padding or tail.strip(b"\x00\xff")):
        raise Refused(EXTRA_DATA)


def _jpeg(content: bytes) -> list[bytes]:
    """A JPEG whose main picture ends where the file ends, or where the pictures its MPF segment declares
    begin; those pictures (returned, to be decoded too) must each be whole and fill the rest of the file."""
    at, declared = _jpeg_picture(content)
    pictures = []
    for start, length in sorted(declared):
        gap = content[at:start]
        if start < at or len(gap) > JPEG_PADDING or gap.strip(b"\x00\xff"):
            raise Refused(EXTRA_DATA)
        if start + length > len(content):
            raise Refused(INCOMPLETE)
        picture = content[start:start + length]
        end, _ = _jpeg_picture(picture)
        _after_the_end(picture, end, JPEG_PADDING)
        pictures.append(picture)
        at = start + length
    _after_the_end(content, at, JPEG_PADDING)
    return pictures


def _jpeg_picture(content: bytes) -> tuple[int, list[tuple[int, int]]]:
    """Where one JPEG picture's end-of-image marker after its last scan ends, and the (start, length) of
    each further picture its MPF segment declares."""
    if not content.startswith(b"\xff\xd8"):
        raise Refused(UNREADABLE)
    declared: list[tuple[int, int]] = []
    size, at, scans = len(content), 2, 0
    while True:
        if at >= size:
            raise Refused(INCOMPLETE)
        if content[at] != 0xFF:
            raise Refused(UNREADABLE)  # segments must follow one another
        while at < size and content[at] == 0xFF:  # fill bytes may precede any marker
            at += 1
        if at >= size:
            raise Refused(INCOMPLETE)
        marker, at = content[at], at + 1
        if marker == 0xD9:  # end of image
            return at, declared
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            continue
        if at + 2 > size:
            raise Refused(INCOMPLETE)
        (length,) = struct.unpack_from(">H", content, at)
        if length < 2:
            raise Refused(UNREADABLE)
        if marker == 0xE2 and content[at + 2:at + 6] == b"MPF\x00" and not declared:
            declared = _mpf_pictures(content, at + 6, at + length)
        at += length
        if at > size:
            raise Refused(INCOMPLETE)
        if marker == 0xDA:  # start of scan: compressed data runs to the next marker
            scans += 1
            if scans > MAX_JPEG_SCANS:
                raise Refused(UNREADABLE)
            at = _end_of_scan(content, at)


def _mpf_pictures(content: bytes, tiff: int, segment_end: int) -> list[tuple[int, int]]:
    """The (start, length) in the file of each picture but the first that an MPF segment lists. Its
    entries are in a TIFF structure whose offsets count from the TIFF header at `tiff`."""
    segment = content[tiff:segment_end]
    try:
        order = {b"II": "<", b"MM": ">"}[segment[:2]]
        (ifd,) = struct.unpack_from(order + "I", segment, 4)
        (tags,) = struct.unpack_from(order + "H", segment, ifd)
        for n in range(tags):
            tag, _, count, value = struct.unpack_from(order + "HHII", segment, ifd + 2 + 12 * n)
            if tag == 0xB002:  # MP Entry: 16 bytes a picture
                if count % 16 or count // 16 > MAX_MPF_PICTURES + 1:
                    raise Refused(UNREADABLE)
                entries = [struct.unpack_from(order + "III", segment, value + 16 * k) for k in range(count // 16)]
                # The main picture is listed with offset 0; the others count from the TIFF header.
                return [(tiff + offset, length) for _, length, offset in entries if offset]
    except (KeyError, struct.error):
        raise Refused(UNREADABLE) from None
    return []


def _end_of_scan(content: bytes, at: int) -> int:
    """Where a scan's compressed data ends: at the next 0xFF that is neither stuffing (FF 00), a restart
    marker (FF D0-D7) nor fill before a marker."""
    while True:
        at = content.find(b"\xff", at)
        if at < 0 or at + 1 >= len(content):
            raise Refused(INCOMPLETE)
        following = content[at + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            at += 2
        elif following == 0xFF:
            at += 1
        else:
            return at


def _png(content: bytes) -> list[bytes]:
    """A PNG's chunks, each whole and with its checksum right, up to IEND."""
    size, at, first = len(content), 8, True
    while True:
        if at + 8 > size:
            raise Refused(INCOMPLETE)
        length, kind = struct.unpack_from(">I4s", content, at)
        if length > 0x7FFFFFFF or not kind.isalpha() or (first and kind != b"IHDR"):
            raise Refused(UNREADABLE)
        end = at + 12 + length
        if end > size:
            raise Refused(INCOMPLETE)
        (stored,) = struct.unpack_from(">I", content, end - 4)
        if zlib.crc32(content[at + 4:end - 4]) != stored:
            raise Refused(UNREADABLE)
        at, first = end, False
        if kind == b"IEND":
            _after_the_end(content, at)
            return []


def _webp(content: bytes) -> list[bytes]:
    """A WebP's RIFF header gives its length, which must be the file's."""
    (riff_size,) = struct.unpack_from("<I", content, 4)
    if 8 + riff_size > len(content):
        raise Refused(INCOMPLETE)
    _after_the_end(content, 8 + riff_size)
    return []


def _heif(content: bytes) -> list[bytes]:
    """A HEIC's top-level boxes must tile the file exactly."""
    size, at = len(content), 0
    while at < size:
        if at + 8 > size:
            raise Refused(EXTRA_DATA)
        box_size, kind = struct.unpack_from(">I4s", content, at)
        header = 8
        if box_size == 1:  # a 64-bit size follows the type
            if at + 16 > size:
                raise Refused(INCOMPLETE)
            (box_size,), header = struct.unpack_from(">Q", content, at + 8), 16
        elif box_size == 0:  # runs to the end of the file
            box_size = size - at
        if not all(0x20 <= byte < 0x7F for byte in kind):
            raise Refused(EXTRA_DATA)  # not a box at all: something joined on after the image
        if box_size < header:
            raise Refused(UNREADABLE)
        if at + box_size > size:
            raise Refused(INCOMPLETE if kind in _HEIF_BOXES else EXTRA_DATA)
        at += box_size
    return []


_STRUCTURE = {"image/jpeg": _jpeg, "image/png": _png, "image/webp": _webp, "image/heic": _heif}


@functools.cache
def _readers_ready() -> None:
    """Pillow reads HEIC through pillow-heif, decoding the main picture only (in the process that decodes:
    registering changes Pillow for the whole process)."""
    import pillow_heif

    pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)


def _start_worker() -> None:
    """A decoder's warning about a file (cut short, malformed, Pillow's bomb warning) refuses it. Set for
    the whole worker process, which does nothing else, so the service's own warnings are not touched.
    The worker holds a caller's photo in memory: like every process of ours, it leaves no core dump and
    cannot be read by other programs (a new program does not inherit the service's setting)."""
    from rvr_desktop.process_safety import die_with_parent, forbid_core_dumps

    forbid_core_dumps()
    parent = multiprocessing.parent_process()
    if parent is not None and parent.pid is not None:
        die_with_parent(parent.pid)  # a service killed outright (SIGKILL, OOM) leaves no decoder behind
    warnings.simplefilter("error")


class ImageChecks:
    """Runs `check_whole_image` in at most `workers` processes at once, away from the event loop.

    Uploads beyond that wait their turn here, so a burst of large files uses a bounded amount of CPU and
    memory for decoding while calls' signalling carries on."""

    def __init__(self, workers: int = 2) -> None:
        self._workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._turns: asyncio.Semaphore | None = None

    def _current_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # Spawned, not forked: a forked worker would start with a copy of this process's memory,
            # every call's photos and numbers included.
            self._pool = ProcessPoolExecutor(self._workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_start_worker)
        return self._pool

    async def verdict(self, content: bytes, max_pixels: int) -> Verdict:
        if self._turns is None:
            self._turns = asyncio.Semaphore(self._workers)
        loop = asyncio.get_running_loop()
        async with self._turns:
            # A second try in a fresh pool: a worker lost to another upload's crash says nothing about this
            # one. A file that crashes the decoder twice is refused.
            for _ in range(2):
                pool = self._current_pool()
                try:
                    return await loop.run_in_executor(pool, check_whole_image, content, max_pixels)
                except BrokenProcessPool:
                    log.warning("an image-checking worker process died; starting a fresh one")
                    if self._pool is pool:
                        self._pool = None
                        pool.shutdown(wait=False, cancel_futures=True)
        return Verdict(refusal=UNREADABLE)

    async def close(self) -> None:
        """Stop the workers, waiting (off the event loop) for any file already being decoded.

        Waiting matters: a pool left to stop on its own races the interpreter's exit, which then writes
        to the pool's closed wake-up pipe and prints a fault as the service stops."""
        pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)
