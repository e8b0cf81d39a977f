"""A force's link service on several machines (hosting.py, passing_on.py): two instances on Debian's
redis-server behind Debian's nginx with the example site, each a process started from its own
configuration file, and real headless Chromium as the officer and the caller."""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import pytest
import requests

from tests.e2e.video.caller_uploads import send_file
from tests.e2e.video.rejoining import FRAMES, back_in_call_within, mark_connections
from tests.e2e.video.test_video_call import consent_and_join, sees
from tests.helpers.chromium import Browsers, wait_for
from tests.helpers.enrolment import OFFICER, link_service_command
from tests.helpers.force_instances import force_instances
from tests.unit.linkservice.harness import png_image

pytestmark = pytest.mark.slow


def _connected_call(force, browsers: Browsers, officer_api, case: str):
    """A call opened by `officer_api`, the officer's page from the same address, the caller's phone through
    nginx; both in the call, each seeing the other."""
    session = officer_api.open_session(case)
    invitation = officer_api.invite(session.session_id, "caller")
    officer = browsers.start(trusting=force.authority)
    officer.get(session.officer_page_url)
    wait_for(officer, "window.rvrOfficer && window.rvrOfficer.status().joined", what="the officer's page")
    phone = browsers.start(phone=True, trusting=force.authority)
    phone.get(invitation.url)
    consent_and_join(phone)
    sees(phone, "remote-officer", "the caller seeing the officer", other=officer)
    sees(officer, "remote-caller", "the officer seeing the caller", other=phone)
    return session, officer, phone


def test_an_officer_on_one_instance_and_a_caller_on_the_other_are_in_one_call(tmp_path):
    # nginx passes the caller's requests to instance b only; the workstation speaks to instance a.
    with force_instances(tmp_path, behind_nginx=[1]) as force:
        a = force.instances[0]
        browsers = Browsers()
        try:
            with force.officer_api(a.url) as officer_api:
                session, officer, phone = _connected_call(force, browsers, officer_api, "CASE-SEVERAL-1")
                assert force.host_of(session.session_id) is a

                still = officer.execute_async_script(
                    "rvrOfficer.takeStill('caller').then(arguments[0], (e) => arguments[0]({error: String(e)}))")
                assert still.get("width", 0) > 0 and still.get("sha256"), still

                photo = png_image(48, 32)
                (tmp_path / "bruise.png").write_bytes(photo)
                assert "bruise.png was received" in send_file(phone, tmp_path / "bruise.png")
                [upload] = officer_api.uploads(session.session_id)
                assert upload.sha256 == hashlib.sha256(photo).hexdigest()
                assert officer_api.fetch_upload(session.session_id, upload).content == photo
                # Still hosted by a: everything the caller did reached it through b (nginx knows no other),
                # her socket, her claim and her photo passed on.
                assert force.host_of(session.session_id) is a
                assert force.instances[1].passed_on() == {"socket": 1, "request": 2}
        finally:
            browsers.close()


def test_when_the_instance_hosting_a_call_is_killed_the_call_is_back_within_ten_seconds_on_one_record(tmp_path):
    with force_instances(tmp_path) as force:  # nginx in front of both, as a force runs them
        browsers = Browsers()
        try:
            with force.officer_api() as officer_api:
                session, officer, phone = _connected_call(force, browsers, officer_api, "CASE-SEVERAL-FAILOVER")
                photo, another = tmp_path / "bruise.png", tmp_path / "arm.png"
                photo.write_bytes(png_image(48, 32))
                another.write_bytes(png_image(40, 30))
                assert "bruise.png was received" in send_file(phone, photo)
                # Each page names its call's host (?via=) and nginx sends it straight there: no socket, and no
                # photo, reaches the other instance to be passed on.
                assert [i.passed_on()["socket"] for i in force.instances] == [0, 0]

                mark_connections(officer, phone)
                host = force.host_of(session.session_id)
                killed = time.monotonic()
                host.process.crash()  # kill -9: no goodbye, no lease let go
                back_in_call_within(officer, phone, 10, killed)
                survivor = force.host_of(session.session_id)
                assert survivor is not host
                # Named the dead host, the pages reached it through nginx's backup, which took the call up.
                assert survivor.passed_on()["socket"] == 0

                # Nothing received before is lost or taken twice; what comes now arrives once.
                assert "bruise.png had already been received" in send_file(phone, photo)
                assert "arm.png was received" in send_file(phone, another)
                uploads = officer_api.uploads(session.session_id)
                assert sorted(u.sha256 for u in uploads) == sorted(
                    hashlib.sha256(p.read_bytes()).hexdigest() for p in (photo, another))

            # One continuous record: its events in one unbroken sequence, the rejoins in it.
            events = force.events_until(session.session_id, lambda seen: sum(
                e["kind"] == "joined" for e in seen) >= 4 and sum(e["kind"] == "upload_received" for e in seen) >= 3)
            assert [e["seq"] for e in events] == list(range(1, len(events) + 1)), events
            assert sorted(e["role"] for e in events if e["kind"] == "joined") == ["caller", "caller", "officer", "officer"]
            received = [e for e in events if e["kind"] == "upload_received"]
            assert [bool(e.get("repeated")) for e in received] == [False, True, False], received
        finally:
            browsers.close()


def test_a_text_whose_instance_died_before_its_delivery_was_known_is_still_followed_and_never_sent_again(tmp_path):
    phone = "07700 900 461"
    with force_instances(tmp_path) as force:
        with force.officer_api() as officer_api:
            session = officer_api.open_session("CASE-SEVERAL-TEXT")
            host = force.host_of(session.session_id)
            officer_api.invite(session.session_id, "caller", phone_number=phone)
            host.process.crash()  # before its first look at the text's delivery, 2 s after sending it

        # The workstation's following of the call reaches the other instance, which takes the call up and
        # follows the text on: the officer's link step is told it was delivered.
        events = force.events_until(session.session_id, lambda seen: seen[-1]["kind"] in ("text_delivered",
                                                                                      "text_failed"))
        assert [e["kind"] for e in events if e["kind"].startswith("text_")] == ["text_sent", "text_delivered"], events
        assert force.host_of(session.session_id) is not host
        assert len(force.notify.phones.texts_to(phone)) == 1  # sent once, by the instance that died


def test_a_restart_of_redis_leaves_the_call_going_and_loses_no_link(tmp_path):
    with force_instances(tmp_path) as force:
        browsers = Browsers()
        try:
            with force.officer_api() as officer_api:
                session, officer, phone = _connected_call(force, browsers, officer_api, "CASE-SEVERAL-REDIS")
                interpreter = officer_api.invite(session.session_id, "interpreter").url.partition("#")[2]
                frames = [page.execute_script(FRAMES, video) for page, video in
                          ((officer, "remote-caller"), (phone, "remote-officer"))]
                force.redis.restart()  # as systemctl restart redis-server does
                # The call never stopped: both still see each other, on the connection they had.
                for (page, video), before in zip(((officer, "remote-caller"), (phone, "remote-officer")), frames):
                    wait_for(page, f"document.getElementById({video!r}).getVideoPlaybackQuality().totalVideoFrames"
                                   f" > {before + 30}", timeout=10, what=f"{video} still playing")
                assert "Reconnecting" not in officer.execute_script("return document.body.innerText")
                # The link sent before the restart still opens, and a photo sent after it arrives.
                opened = requests.post(f"{force.public_url}/api/claim", json={"link": interpreter},
                                       verify=str(force.authority), timeout=10)
                assert opened.status_code == 200, opened.text
                photo = tmp_path / "bruise.png"
                photo.write_bytes(png_image(48, 32))
                assert "bruise.png was received" in send_file(phone, photo)
                assert len(officer_api.uploads(session.session_id)) == 1
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


def test_wrong_links_tried_at_both_instances_count_against_one_limit_and_the_right_link_still_opens(tmp_path):
    with force_instances(tmp_path) as force:
        with force.officer_api() as officer_api:
            session = officer_api.open_session("CASE-SEVERAL-GUESSES")
            link = officer_api.invite(session.session_id, "caller").url.partition("#")[2]
        urls = [instance.url for instance in force.instances]
        for guess in range(20):  # [links] failed_attempts_per_minute, spread over both
            wrong = requests.post(f"{urls[guess % 2]}/api/claim", json={"link": "A" * 43}, timeout=10)
            assert wrong.status_code == 404, wrong.text
        for url in urls:
            slowed = requests.post(f"{url}/api/claim", json={"link": "B" * 43}, timeout=10)
            assert slowed.status_code == 429 and int(slowed.headers["Retry-After"]) > 0, slowed.text
        opened = requests.post(f"{urls[1]}/api/claim", json={"link": link}, timeout=10)
        assert opened.status_code == 200 and opened.json()["key"], opened.text


def test_a_workstation_enrolled_at_one_instance_is_admitted_at_every_one_and_revoked_at_all_at_once(tmp_path):
    with force_instances(tmp_path) as force:
        a, b = force.instances
        for instance in (a, b):
            with force.officer_api(instance.url) as officer_api:
                assert officer_api.open_session(f"CASE-SEVERAL-{instance.name}").session_id
        # The IT team revokes it on b's machine; a refuses it at its next request.
        revoked = link_service_command(b.process.config, "revoke", "CR-SEVERAL")
        assert revoked.returncode == 0, revoked.stderr
        answer = requests.get(f"{a.url}/api/officer/status", headers={"Authorization": f"Bearer {force.credential}",
                                                                       "X-RVR-Officer": OFFICER}, timeout=10)
        assert answer.status_code == 401, answer.text
        listed = link_service_command(a.process.config, "workstations")
        assert listed.returncode == 0 and "CR-SEVERAL" in listed.stdout and "revoked" in listed.stdout, listed


async def _tab(http: aiohttp.ClientSession, base: str, link: str) -> aiohttp.ClientWebSocketResponse:
    """A tab that opened `link` at `base` and joined its call, over the service's own WebSocket."""
    async with http.post(f"{base}/api/claim", json={"link": link}) as answer:
        key = (await answer.json())["key"]
    return await _in_call(http, base, link, key)


async def _in_call(http: aiohttp.ClientSession, base: str, link: str, key: str) -> aiohttp.ClientWebSocketResponse:
    """The tab holding `key` for `link`, connected at `base` (again, as mesh.js reconnects) and joined."""
    socket = await http.ws_connect(base.replace("http", "ws", 1) + "/ws")
    await socket.send_str(json.dumps({"type": "hello", "link": link, "key": key}))
    assert json.loads((await socket.receive(timeout=10)).data)["type"] == "welcome"
    await socket.send_str(json.dumps({"type": "join"}))
    assert json.loads((await socket.receive(timeout=10)).data)["type"] == "joined"
    return socket


def test_revoking_a_workstation_puts_its_officers_page_out_of_a_call_that_moved_to_another_instance(tmp_path):
    with force_instances(tmp_path) as force:
        a, b = force.instances
        with force.officer_api(a.url) as officer_api:
            session = officer_api.open_session("CASE-SEVERAL-REVOKED")
        link = session.officer_page_url.rpartition("#")[2]

        async def run() -> None:
            async with aiohttp.ClientSession() as http:
                async with http.post(f"{a.url}/api/claim", json={"link": link}) as answer:
                    key = (await answer.json())["key"]
                await _in_call(http, a.url, link, key)
                a.process.crash()
                page = await _in_call(http, b.url, link, key)  # back, on b, which took the call up
                revoked = link_service_command(b.process.config, "revoke", "CR-SEVERAL")
                assert revoked.returncode == 0, revoked.stderr
                told = []
                async for message in page:  # until b closes it
                    if message.type == aiohttp.WSMsgType.TEXT:
                        told.append(json.loads(message.data)["type"])
                assert "revoked" in told and page.close_code == 4001, (told, page.close_code)

        asyncio.run(asyncio.wait_for(run(), 30))


def test_more_than_a_hundred_tabs_passed_on_through_one_instance_are_all_in_their_calls(tmp_path):
    calls = 60  # 120 tabs, each passed on from b to a: past any pool of 100 connections
    with force_instances(tmp_path) as force:
        a, b = force.instances
        with force.officer_api(a.url) as officer_api:
            links = []
            for n in range(calls):
                session = officer_api.open_session(f"CASE-SEVERAL-MANY-{n}")
                links.append((session.officer_page_url.rpartition("#")[2],
                              officer_api.invite(session.session_id, "caller").url.rpartition("#")[2]))

        async def run() -> None:
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:  # 120 phones
                tabs = [await asyncio.wait_for(_tab(http, b.url, link), 15) for pair in links for link in pair]
                officer, caller = tabs[-2], tabs[-1]
                await officer.send_str(json.dumps({"type": "signal", "to": "caller", "data": {"n": 1}}))
                while (said := json.loads((await caller.receive(timeout=10)).data))["type"] != "signal":
                    pass
                assert said == {"type": "signal", "from": "officer", "data": {"n": 1}}
                await asyncio.gather(*(tab.close() for tab in tabs))
        asyncio.run(run())
