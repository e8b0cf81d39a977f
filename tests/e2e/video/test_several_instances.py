"""A force's link service on several machines (hosting.py, passing_on.py): two instances on Debian's
redis-server behind Debian's nginx with the example site, each a process started from its own
configuration file, and real headless Chromium as the officer and the caller."""

from __future__ import annotations

import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from selenium.webdriver.common.by import By

from tests.e2e.video.test_video_call import consent_and_join, sees
from tests.helpers.chromium import Browsers, wait_for
from tests.helpers.force_instances import force_instances
from tests.unit.linkservice.harness import png_image

pytestmark = pytest.mark.slow


def test_an_officer_on_one_instance_and_a_caller_on_the_other_are_in_one_call(tmp_path):
    # nginx passes the caller's requests to instance b only; the workstation speaks to instance a.
    with force_instances(tmp_path, behind_nginx=[1]) as force:
        a = force.instances[0]
        browsers = Browsers()
        try:
            with force.officer_api(a.url) as officer_api:
                session = officer_api.open_session("CASE-SEVERAL-1")
                invitation = officer_api.invite(session.session_id, "caller")
                assert force.host_of(session.session_id) is a
                officer = browsers.start()
                officer.get(session.officer_page_url)
                wait_for(officer, "window.rvrOfficer && window.rvrOfficer.status().joined", what="the officer's page")
                phone = browsers.start(phone=True, trusting=force.authority)
                phone.get(invitation.url)
                consent_and_join(phone)
                sees(phone, "remote-officer", "the caller seeing the officer", other=officer)
                sees(officer, "remote-caller", "the officer seeing the caller", other=phone)

                still = officer.execute_async_script(
                    "rvrOfficer.takeStill('caller').then(arguments[0], (e) => arguments[0]({error: String(e)}))")
                assert still.get("width", 0) > 0 and still.get("sha256"), still

                photo = png_image(48, 32)
                (tmp_path / "bruise.png").write_bytes(photo)
                phone.find_element(By.ID, "photo").send_keys(str(tmp_path / "bruise.png"))
                wait_for(phone, "document.querySelector('#uploads li') && "
                                "document.querySelector('#uploads li').dataset.sha256", what="the photo received")
                [upload] = officer_api.uploads(session.session_id)
                assert upload.sha256 == hashlib.sha256(photo).hexdigest()
                assert officer_api.fetch_upload(session.session_id, upload).content == photo
                # Still hosted by a: everything the caller did reached it through b.
                assert force.host_of(session.session_id) is a
        finally:
            browsers.close()


def _claimed_at_once(urls: list[str], code: str) -> list[requests.Response]:
    """The same code typed at each of `urls` in the same instant."""
    ready = threading.Barrier(len(urls))

    def claim(url: str) -> requests.Response:
        ready.wait()
        return requests.post(f"{url}/api/claim", json={"code": code}, timeout=15)

    with ThreadPoolExecutor(len(urls)) as pool:
        return list(pool.map(claim, urls))


def test_a_spoken_code_claimed_at_both_instances_at_once_opens_the_call_once(tmp_path):
    with force_instances(tmp_path) as force:
        urls = [instance.url for instance in force.instances]
        with force.officer_api() as officer_api:
            for attempt in range(5):
                session = officer_api.open_session(f"CASE-SEVERAL-CODE-{attempt}")
                answers = _claimed_at_once(urls, officer_api.spoken_code(session.session_id).code)
                statuses = sorted(answer.status_code for answer in answers)
                assert statuses[0] == 200 and statuses[1] in (404, 409), [answer.text for answer in answers]
                assert sum("key" in answer.json() for answer in answers) == 1
