"""The command line as an administrator uses it."""

from __future__ import annotations

import json
import os

import pytest

from rvr_desktop import __version__
from tests.conftest import run_cli


def test_version():
    done = run_cli("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"rvr-desktop {__version__}"


def test_log_lines_on_stderr_are_json_objects_when_asked(data_dir):
    # A command that keeps a log file in the data folder, and one that keeps none.
    for args in (("doctor", "--data-dir", str(data_dir)), ("scenario", "list")):
        done = run_cli(*args, "--log-level", "INFO", "--log-json")
        records = [json.loads(line) for line in done.stderr.splitlines()]
        assert done.returncode == 0, done.stderr
        assert {"level": "INFO", "logger": "rvr_desktop.cli"}.items() <= records[0].items()
        assert records[0]["message"].startswith(f"rvr-desktop {__version__} starting: command={args[0]}")


def test_doctor_prints_only_ok_lines_in_a_working_session(data_dir):
    done = run_cli("doctor", "--data-dir", str(data_dir))
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    # A test machine has no camera or microphone: the doctor notes it, and it is no failure.
    assert all(line.startswith("ok ") for line in lines if not line.startswith(("note camera", "note microphone"))), \
        lines
    names = {line.split(":")[0].split(" ", 1)[1] for line in lines}
    assert {"qt-platform", "qtwebengine", "keyring", "database", "sqlcipher", "schema", "cipher-integrity",
            "integrity", "audit-log", "data-folder", "camera", "microphone"} <= names
    assert "ok qtwebengine: QtWebEngine starts and loads a page" in done.stdout
    camera = next(line for line in lines if line.split(":")[0].endswith(" camera"))
    assert camera.startswith("ok camera") or "calls still work: you see and hear the caller" in camera, camera
    assert "created on first run" in done.stdout
    assert "SecretService" in done.stdout
    again = run_cli("doctor", "--data-dir", str(data_dir))
    assert again.returncode == 0 and "opened with its key from the keyring" in again.stdout


def test_doctor_keeps_chromium_flags_an_administrator_set(data_dir):
    # Chromium's own fake devices, set from outside as an administrator might: the doctor's probe keeps them,
    # so it finds a camera and a microphone even on a machine with neither.
    env = {**os.environ, "QTWEBENGINE_CHROMIUM_FLAGS": "--use-fake-device-for-media-stream"}
    done = run_cli("doctor", "--data-dir", str(data_dir), env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok camera: a camera can be used" in done.stdout
    assert "ok microphone: a microphone can be used" in done.stdout


def test_doctor_says_what_to_do_without_a_display_or_keyring(data_dir):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    done = run_cli("doctor", "--data-dir", str(data_dir), env=env)
    assert done.returncode == 1
    fails = [line for line in done.stdout.splitlines() if line.startswith("FAIL ")]
    assert any(line.startswith("FAIL qt-platform") and "xvfb-run" in line for line in fails), fails
    assert any(line.startswith("FAIL keyring") and "keyring.backends.fail" in line for line in fails), fails
    assert not (data_dir / "cases.db").exists()


def test_workstation_without_a_display_explains_xvfb_run(data_dir):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    done = run_cli("--data-dir", str(data_dir), env=env)
    assert done.returncode == 4
    assert "xvfb-run -a rvr-desktop" in done.stderr


def test_live_mode_refuses_until_configured(data_dir):
    done = run_cli("--mode", "live", "--data-dir", str(data_dir))
    assert done.returncode == 2
    assert "Live mode is not configured" in done.stderr
    assert not (data_dir / "cases.db").exists()


def test_live_mode_refuses_a_secret_in_its_configuration_file(data_dir):
    data_dir.mkdir(mode=0o700)
    (data_dir / "live.toml").write_text(
        '[officer]\nid = "PC 1"\n[records]\nurl = "http://records.example"\napi_token = "abc"\n'
        '[links]\nurl = "https://links.example"\n')
    done = run_cli("--mode", "live", "--data-dir", str(data_dir))
    assert done.returncode == 2
    assert "'records.api_token' looks like a secret" in done.stderr
    assert "[records] url must be an https:// address" in done.stderr
    assert not (data_dir / "cases.db").exists()


def test_the_fake_camera_is_for_the_practice_workstation_only(data_dir):
    done = run_cli("--fake-camera", "doctor", "--data-dir", str(data_dir))
    assert done.returncode == 2
    assert "--fake-camera is for the practice workstation only" in done.stderr
    assert not data_dir.exists()  # refused before anything was made


def test_live_mode_reads_the_officers_station_and_supervisor_for_the_documents(data_dir):
    from rvr_desktop.settings import Mode, load_settings

    data_dir.mkdir(mode=0o700)
    (data_dir / "live.toml").write_text(
        '[officer]\nid = "PC 1"\nname = "Jo Live"\nstation = "Anytown Central"\n'
        'supervisor = "Sgt 2 Sam Duty, 01632 960001"\n[records]\nurl = "https://records.example"\ntoken_url = "https://login.force.example/oauth2/token"\nclient_id = "rvr-ws-1"\n'
        '[links]\nurl = "https://links.example"\n')
    profile = load_settings(Mode.LIVE, data_dir).profile
    assert (profile.station, profile.supervisor) == ("Anytown Central", "Sgt 2 Sam Duty, 01632 960001")


def test_live_mode_reads_how_the_workstation_gets_its_records_token_and_says_what_is_wrong(data_dir):
    from rvr_desktop.settings import Mode, NotConfigured, RecordsAccess, load_settings

    data_dir.mkdir(mode=0o700)
    authority = data_dir / "force-ca.pem"
    authority.write_text("a PEM the force gave")
    records = ('[records]\nurl = "https://records.force.example/v1/"\n'
               'token_url = "https://login.force.example/oauth2/token"\nclient_id = "rvr-ws-0042"\n'
               f'scope = "records.write"\nca_bundle = "{authority}"\nproxy = "http://proxy.force.example:3128"\n')
    officer_and_links = '[officer]\nid = "PC 1"\nname = "Jo Live"\n[links]\nurl = "https://links.example"\n'
    (data_dir / "live.toml").write_text(officer_and_links + records)
    # token_url names where tokens come from, not a token: it is not refused as a secret would be.
    assert load_settings(Mode.LIVE, data_dir).records == RecordsAccess(
        "https://records.force.example/v1", "https://login.force.example/oauth2/token", "rvr-ws-0042",
        "records.write", authority, "http://proxy.force.example:3128")

    (data_dir / "live.toml").write_text(officer_and_links + '[records]\nurl = "https://records.force.example"\n'
                                        'token_url = "http://login.force.example/token"\nca_bundle = "/nowhere.pem"\n'
                                        'proxy = "proxy.force.example:3128"\nclient_secret = "s3cret"\n')
    with pytest.raises(NotConfigured) as refused:
        load_settings(Mode.LIVE, data_dir)
    told = str(refused.value)
    for problem in ("'records.client_secret' looks like a secret", "[records] token_url must be an https://",
                    "[records] client_id is missing", "[records] ca_bundle /nowhere.pem is not a file",
                    "[records] proxy must be an http:// or https:// address"):
        assert problem in told
    assert "s3cret" not in told


def test_doctor_in_live_mode_gets_a_records_token_and_reaches_the_records_api_or_says_what_to_fix(data_dir,
                                                                                                  tmp_path):
    import keyring

    from rvr_desktop.sync.access_tokens import KEYRING_SECRET_ACCOUNT, KEYRING_SERVICE
    from tests.helpers.force_records import force_records, other_authority

    data_dir.mkdir(mode=0o700)
    with force_records(tmp_path / "force") as force:
        (data_dir / "live.toml").write_text('[officer]\nid = "PC 1"\nname = "Jo Live"\n[links]\n'
                                            'url = "https://links.example"\n' + force.live_toml())
        # A bundle in the environment that trusts another server changes nothing: live.toml's authority holds.
        env = {**os.environ, "REQUESTS_CA_BUNDLE": str(other_authority(tmp_path))}
        done = run_cli("doctor", "--mode", "live", "--data-dir", str(data_dir), env=env)
        assert f"ok records-token: an access token from {force.server.token_url}" in done.stdout
        assert f"ok records-api: {force.server.url} answers with that token" in done.stdout
        # No link service here to enrol with (tests/gui/test_live_link_service.py has one): the only failure.
        assert [line.split(":")[0] for line in done.stdout.splitlines() if line.startswith("FAIL")] == [
            "FAIL link-service"], done.stdout
        assert "not enrolled with the force's link service" in done.stdout and done.returncode == 1

        keyring.set_password(KEYRING_SERVICE, KEYRING_SECRET_ACCOUNT, "an old secret")
        done = run_cli("doctor", "--mode", "live", "--data-dir", str(data_dir))
    assert done.returncode == 1
    [line] = [line for line in done.stdout.splitlines() if "records-" in line]
    assert line.startswith("FAIL records-token: The force's sign-in service for the records system refused the "
                           "workstation (401: invalid_client")
    assert line.endswith("then run the doctor again")


def test_live_mode_refuses_an_officer_id_the_forces_link_service_could_not_be_told():
    from rvr_desktop.settings import live_config_problems

    config = {"officer": {"id": "j.bloggs@force", "name": "Jo"}, "links": {"url": "https://links.example"},
              "records": {"url": "https://r.example", "token_url": "https://l.example/t", "client_id": "ws"}}
    assert live_config_problems(config) == [
        "[officer] id 'j.bloggs@force' must be letters, digits and spaces, up to 32 (a collar or staff number, as "
        "the force's link service is told it)"]
    assert live_config_problems({**config, "officer": {"id": "PC 4821", "name": "Jo"}}) == []
