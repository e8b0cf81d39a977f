"""What the caller's page says about the files it sends, in real headless Chromium against the practice
link service: a photo with something joined on after it is refused in plain words and not kept, and the
same photo sent twice is received once."""

from __future__ import annotations

import pytest

from tests.e2e.video.caller_uploads import send_file
from tests.e2e.video.test_video_call import consent_and_join
from tests.unit.linkservice.harness import png_image

pytestmark = pytest.mark.slow


def test_the_caller_is_told_plainly_what_became_of_each_file(link_service, officer_api, browsers, tmp_path):
    session = officer_api.open_session("CASE-E2E-UPLOADS")
    phone = browsers.start(phone=True)
    phone.get(officer_api.invite(session.session_id, "caller").url)
    consent_and_join(phone)

    def send(name: str, content: bytes) -> str:
        (tmp_path / name).write_bytes(content)
        return send_file(phone, tmp_path / name)

    photo = png_image(40, 30)
    said = send("smuggled.png", photo + b"<html><script>alert(1)</script></html>")
    assert "smuggled.png was not sent" in said and "Send a screenshot of it instead" in said
    assert officer_api.uploads(session.session_id) == []
    assert "bruise.png was received" in send("bruise.png", photo)
    assert "bruise-again.png had already been received, so it was not sent again" in send("bruise-again.png", photo)
    assert len(officer_api.uploads(session.session_id)) == 1
