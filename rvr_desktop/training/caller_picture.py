"""The simulated caller's picture: a generated video with the caller's captions.

Chromium can play a Y4M file as its camera (`--use-file-for-fake-video-capture`),
so a scenario without a video of its own still shows the trainee a caller:
who they are, what they look like in words, and what they say first. Pure
Python and Pillow (which reportlab already brings).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from rvr_desktop.workflow.shipped_files import default_resources_dir

WIDTH, HEIGHT, FPS = 640, 480, 5
# The documents' embedded Noto Sans covers every Latin, Greek and Cyrillic name.
_FONT = default_resources_dir() / "fonts" / "NotoSans-Regular.ttf"


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_FONT), size)


def caller_frame(name: str, appearance: str, caption: str, tick: int = 0) -> Image.Image:
    """One frame: a figure, the caller's name and appearance, and a caption."""
    image = Image.new("RGB", (WIDTH, HEIGHT), (34, 48, 62))
    draw = ImageDraw.Draw(image)
    # A head and shoulders, breathing a little so the trainee sees live video.
    lift = (tick % FPS) - FPS // 2
    draw.ellipse((250, 70 + lift, 390, 210 + lift), fill=(196, 164, 132))
    draw.rounded_rectangle((190, 215 + lift, 450, 330), radius=60, fill=(74, 110, 150))
    draw.text((20, 16), f"Simulated caller: {name}", font=_font(24), fill=(255, 255, 255))
    draw.text((20, 48), textwrap.shorten(appearance, 70), font=_font(16), fill=(200, 210, 220))
    draw.rectangle((0, 350, WIDTH, HEIGHT), fill=(0, 0, 0))
    lines = textwrap.wrap(caption, 52)[:4]
    for row, line in enumerate(lines):
        draw.text((20, 360 + row * 28), line, font=_font(22), fill=(255, 255, 160))
    return image


def write_caller_video(path: Path, name: str, appearance: str, caption: str, seconds: int = 2) -> Path:
    """Write a looping Y4M (4:2:0) that Chromium plays as the simulated caller's camera."""
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{FPS}:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for tick in range(seconds * FPS):
            y, u, v = caller_frame(name, appearance, caption, tick).convert("YCbCr").split()
            half = (WIDTH // 2, HEIGHT // 2)
            out.write(b"FRAME\n")
            out.write(y.tobytes())
            out.write(u.resize(half).tobytes())
            out.write(v.resize(half).tobytes())
    return path
