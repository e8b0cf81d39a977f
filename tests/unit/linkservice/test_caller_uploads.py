"""Photos and screenshots from the caller: kept with the digest computed on arrival, checked again by the
workstation's client, and refused clearly when too big, not an image, damaged or from outside the call."""

from __future__ import annotations

import hashlib

import pytest
import requests

from rvr_desktop.linkservice.config import LinkServiceConfig
from rvr_desktop.video.client import UploadDamaged
from tests.unit.linkservice.harness import claimed_caller_link, png_image


@pytest.fixture
def caller(service):
    """A session whose caller has opened their link: (session id, link, device key)."""
    return claimed_caller_link(service, "CASE-U")


def _upload(service, link: str, key: str, content: bytes, digest: str | None = None) -> requests.Response:
    headers = {"X-Link": link, "X-Device-Key": key, "Content-Type": "application/octet-stream"}
    if digest is not None:
        headers["X-Content-SHA256"] = digest
    return requests.post(f"{service.base_url}/api/upload", data=content, headers=headers, timeout=10)


def test_a_photo_arrives_with_the_same_digest_on_both_sides(service, caller):
    session_id, link, key = caller
    photo = png_image()
    expected = hashlib.sha256(photo).hexdigest()
    response = _upload(service, link, key, photo, expected)
    assert response.status_code == 201
    body = response.json()
    assert body["sha256"] == expected and body["media_type"] == "image/png" and body["from_role"] == "caller"
    officer = service.officer()
    [info] = officer.uploads(session_id)
    received = officer.fetch_upload(session_id, info)
    assert received.content == photo and received.info.sha256 == expected
    events = service.book.session(session_id).events.after(0)
    assert any(e["kind"] == "upload_received" and e["sha256"] == expected for e in events)
    officer.drop_upload(session_id, info.upload_id)
    assert officer.uploads(session_id) == []


def test_a_type_claimed_by_the_browser_counts_for_nothing(service, caller):
    _, link, key = caller
    pdf = b"%PDF-1.7\n" + b"x" * 1000
    response = requests.post(f"{service.base_url}/api/upload", data=pdf, timeout=10,
                             headers={"X-Link": link, "X-Device-Key": key, "Content-Type": "image/jpeg"})
    assert response.status_code == 415 and response.json()["error"] == "not_an_image"
    assert "was not sent" in response.json()["message"]


def test_files_over_the_limit_are_refused_before_they_are_kept(service, caller):
    session_id, link, key = caller
    big = b"\xff\xd8\xff\xe0" + b"\x00" * (20 * 1024 * 1024)
    response = _upload(service, link, key, big)
    assert response.status_code == 413 and "20 MB" in response.json()["message"]

    def chunks():  # no Content-Length: the limit holds on the bytes actually read
        yield b"\xff\xd8\xff\xe0"
        for _ in range(21):
            yield b"\x00" * (1024 * 1024)
    response = requests.post(f"{service.base_url}/api/upload", data=chunks(), timeout=30,
                             headers={"X-Link": link, "X-Device-Key": key})
    assert response.status_code == 413
    assert service.book.session(session_id).uploads == {}


def test_a_file_damaged_on_the_way_is_not_kept(service, caller):
    session_id, link, key = caller
    response = _upload(service, link, key, png_image(), "0" * 64)
    assert response.status_code == 422 and response.json()["error"] == "damaged_in_transit"
    assert service.book.session(session_id).uploads == {}


def test_uploads_need_the_device_key_of_a_tab_in_a_live_call(service, caller):
    session_id, link, key = caller
    for bad_link, bad_key in ((link, "A" * 43), (link, ""), ("B" * 43, key), ("", "")):
        response = _upload(service, bad_link, bad_key, png_image())
        assert response.status_code == 403 and response.json()["error"] == "not_in_call"
    service.officer().end(session_id)
    assert _upload(service, link, key, png_image()).status_code == 410


def test_the_workstation_refuses_bytes_that_do_not_match_the_digest(service, caller):
    session_id, link, key = caller
    _upload(service, link, key, png_image())
    officer = service.officer()
    [info] = officer.uploads(session_id)
    stored = service.book.session(session_id).uploads[info.upload_id]
    object.__setattr__(stored, "content", stored.content + b"tampered")
    with pytest.raises(UploadDamaged):
        officer.fetch_upload(session_id, info)


@pytest.fixture
def service_config() -> LinkServiceConfig:
    """Two files per session here, so the limit is reached quickly."""
    return LinkServiceConfig(max_uploads_per_session=2, failed_attempts_per_minute=100)


def test_a_session_takes_a_bounded_number_of_files_collected_or_not(service, caller):
    session_id, link, key = caller
    assert [_upload(service, link, key, png_image(n)).status_code for n in (1, 2, 3)] == [201, 201, 409]
    officer = service.officer()
    for info in officer.uploads(session_id):
        officer.drop_upload(session_id, info.upload_id)
    assert _upload(service, link, key, png_image(4)).status_code == 409

