"""The simulated caller's generated picture is a Y4M file Chromium can play."""

from rvr_desktop.training.caller_picture import FPS, HEIGHT, WIDTH, caller_frame, write_caller_video


def test_the_video_has_a_y4m_header_and_whole_frames(tmp_path):
    path = write_caller_video(tmp_path / "caller.y4m", "Dana Whitfield", "A woman at a kitchen table.",
                              "Yes, I'm at home. I've locked the door.", seconds=2)
    data = path.read_bytes()
    header, _, frames = data.partition(b"\n")
    assert header == f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{FPS}:1 Ip A1:1 C420jpeg".encode()
    frame = len(b"FRAME\n") + WIDTH * HEIGHT * 3 // 2
    assert len(frames) == 2 * FPS * frame
    assert frames.count(b"FRAME\n") >= 2 * FPS


def test_the_caption_and_name_are_drawn():
    plain = caller_frame("", "", "")
    drawn = caller_frame("Łucja Nowak", "A woman on a sofa.", "He has just left; I am safe now.")
    # The text areas differ from a frame without text.
    assert plain.crop((0, 0, WIDTH, 80)).tobytes() != drawn.crop((0, 0, WIDTH, 80)).tobytes()
    assert plain.crop((0, 350, WIDTH, HEIGHT)).tobytes() != drawn.crop((0, 350, WIDTH, HEIGHT)).tobytes()
