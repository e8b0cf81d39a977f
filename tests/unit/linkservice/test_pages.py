"""The pages the link service serves: light, self-contained, leaving nothing behind, in English and Welsh."""

from __future__ import annotations

import json
import re

import requests

from rvr_desktop.linkservice import tokens
from tests.unit.linkservice.harness import TOKEN, phone_messages

from rvr_desktop.linkservice.pages import RESOURCES

CALLER_PAGE = RESOURCES / "caller-page"
# What the caller's phone loads before the camera starts: the page, its style, scripts and words.
BEFORE_CAMERA = ("index.html", "first.js", "caller.css", "mesh.js", "caller.js", "strings/en.json")


def test_the_caller_page_is_served_for_any_link_with_headers_that_leave_nothing_behind(service):
    response = requests.get(f"{service.base_url}/j", timeout=5)
    assert response.status_code == 200 and "<title>Video appointment</title>" in response.text
    headers = response.headers
    assert "set-cookie" not in {h.lower() for h in headers}
    assert headers["Cache-Control"] == "no-store" and headers["Referrer-Policy"] == "no-referrer"
    policy = headers["Content-Security-Policy"]
    for rule in ("default-src 'none'", "script-src 'self'", "worker-src 'none'", "frame-ancestors 'none'",
                 f"connect-src 'self' ws://{service.base_url.split('//')[1]}"):
        assert rule in policy
    assert "camera=(self)" in headers["Permissions-Policy"]


def test_errors_carry_the_same_headers_and_unknown_paths_reveal_nothing(service):
    for path in ("/nothing", "/static/caller/../../rvr_desktop/cli.py", "/static/caller/%2e%2e/README.md", "/j/",
                 "/j/" + "A" * 43):  # a token in a path would reach access logs: none is served
        response = requests.get(service.base_url + path, timeout=5)
        assert response.status_code == 404, path
        assert response.headers["Cache-Control"] == "no-store" and "Content-Security-Policy" in response.headers


def test_the_caller_page_weighs_well_under_150_kb_before_the_camera_starts(service):
    total = 0
    for name in BEFORE_CAMERA:
        url = f"{service.base_url}/j" if name == "index.html" else f"{service.base_url}/static/caller/{name}"
        response = requests.get(url, timeout=5)
        assert response.status_code == 200, name
        total += len(response.content)
    assert total < 150 * 1024, total


def test_no_page_asks_anything_of_another_site():
    """Every URL in the pages' code is relative; the only absolute one is the quick exit's default."""
    for folder in ("caller-page", "officer-page", "trainer-page"):
        for path in (RESOURCES / folder).rglob("*"):
            if path.suffix not in (".html", ".js", ".css"):
                continue
            text = path.read_text(encoding="utf-8")
            addresses = set(re.findall(r"https?://[^\s\"'`)]+", text)) - {"https://www.bbc.co.uk/weather"}
            addresses = {a for a in addresses if not a.startswith(("http://www.w3.org",))}
            assert not addresses, (path.name, addresses)
            assert not re.search(r"localStorage|sessionStorage|document\.cookie|serviceWorker|indexedDB", text), \
                path.name


def test_english_and_welsh_say_the_same_things():
    english = json.loads((CALLER_PAGE / "strings" / "en.json").read_text(encoding="utf-8"))
    welsh = json.loads((CALLER_PAGE / "strings" / "cy.json").read_text(encoding="utf-8"))
    assert english.keys() == welsh.keys()
    for key, text in english.items():
        assert set(re.findall(r"\{\w+\}", text)) == set(re.findall(r"\{\w+\}", welsh[key])), key
        assert welsh[key].strip(), key
    assert "police" not in english["page_title"].lower() and "heddlu" not in welsh["page_title"].lower()
    used = set(re.findall(r"data-text=\"(\w+)\"", (CALLER_PAGE / "index.html").read_text(encoding="utf-8")))
    used |= set(re.findall(r"say\([^,]+, \"(\w+)\"", (CALLER_PAGE / "caller.js").read_text(encoding="utf-8")))
    assert used <= english.keys(), used - english.keys()


def test_the_officer_page_and_the_simulated_phone_are_served(service):
    officer = requests.get(f"{service.base_url}/officer/", timeout=5)
    assert officer.status_code == 200 and "rvrOfficer" in requests.get(
        f"{service.base_url}/static/officer/officer.js", timeout=5).text
    phone = requests.get(f"{service.base_url}/phone", timeout=5)
    assert phone.status_code == 200 and "Simulated phone" in phone.text
    assert phone_messages(service.base_url) == {"phones": []}


def test_the_simulated_phones_texts_need_the_runs_key_and_this_computers_own_address(service):
    """The texts hold working links: not for another user of this computer, nor a page of another site
    that rebinds its name to this address."""
    messages = f"{service.base_url}/phone/messages"
    assert requests.get(messages, timeout=5).status_code == 403
    assert requests.get(messages, headers={"Authorization": "Bearer " + "A" * 43}, timeout=5).status_code == 403
    key = {"Authorization": f"Bearer {tokens.phone_key(TOKEN)}"}
    for host in ("rebound.example", "rebound.example:80", "127.0.0.1.example"):
        for path in ("/phone", "/phone/messages"):
            answer = requests.get(service.base_url + path, headers={**key, "Host": host}, timeout=5)
            assert answer.status_code == 421, (host, path)
    assert requests.get(messages, headers={**key, "Host": "localhost"}, timeout=5).status_code == 200


def test_the_trainers_page_is_served_and_shows_what_it_is_given_as_text_only(service):
    page = requests.get(f"{service.base_url}/trainer/", timeout=5)
    assert page.status_code == 200 and "TRAINING" in page.text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    for name in ("trainer.js", "trainer.css"):
        assert requests.get(f"{service.base_url}/static/trainer/{name}", timeout=5).status_code == 200, name
    folder = RESOURCES / "trainer-page"
    script = (folder / "trainer.js").read_text(encoding="utf-8")
    # Briefs and texts are shown with textContent: nothing the service sends is ever parsed as HTML.
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", script)
    html = (folder / "index.html").read_text(encoding="utf-8")
    # The policy allows no inline script or style: everything is in the files beside it.
    assert not re.search(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=", html)
