"""A force's link service configuration: every problem named at once, no secret in the file, and secrets only
from files its own user alone can read, or from systemd credentials."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rvr_desktop.linkservice.config import ConfigError, load_config

WORKSTATION_KEY = "workstation-key-of-a-force-0123456789abcdef"
NOTIFY_KEY = "force-key-11111111-2222-3333-4444-555555555555-66666666-7777-8888-9999-000000000000"


def _secret(folder: Path, name: str, value: str, mode: int = 0o600) -> Path:
    path = folder / name
    path.write_text(value + "\n", encoding="utf-8")
    path.chmod(mode)
    return path


def _config(folder: Path, text: str) -> Path:
    path = folder / "link-service.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _private_folder(folder: Path) -> Path:
    folder.mkdir(mode=0o700, exist_ok=True)
    folder.chmod(0o700)
    return folder


def _force(folder: Path, extra: str = "", notify: str = "", store: str | None = None) -> Path:
    """A force's configuration; `store` is its [store] section (default: SQLite in a private folder)."""
    token = _secret(folder, "workstation-key", WORKSTATION_KEY)
    key = _secret(folder, "notify-api-key", NOTIFY_KEY)
    if store is None:
        store = f'[store]\ndirectory = "{_private_folder(folder / "store")}"\n'
    return _config(folder, f'[server]\nlisten = "127.0.0.1:8080"\npublic_url = "https://video.force.example"\n'
                           f'workstation_key_file = "{token}"\n{extra}\n'
                           f'[notify]\napi_key_file = "{key}"\n{notify}\n{store}')


def _problems(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as refused:
        load_config(path)
    message = str(refused.value)
    assert "Nothing was started" in message
    return [line[4:] for line in message.splitlines() if line.startswith("  - ")]


def test_a_force_config_is_read_with_its_secrets_from_private_files(tmp_path):
    path = _force(tmp_path, extra='trusted_proxies = ["127.0.0.1"]\nmetrics_listen = "127.0.0.1:9464"',
                  notify='templates = { caller = { en = "tmpl-en" } }\n'
                         '[links]\nvalid_minutes = 20\n[calls]\ndrain_seconds = 45\nrecorded = true\n'
                         '[turn]\nservers = [{ urls = "stun:stun.force.example:3478" }]\n'
                         '[uploads]\nmax_pixels = 1000',
                  store=f'[store]\nkind = "memory"\ndirectory = "{_private_folder(tmp_path / "store")}"\n')
    config = load_config(path)
    assert config.server is not None and config.server.listen == ("127.0.0.1", 8080)
    assert config.server.metrics_listen == ("127.0.0.1", 9464)
    assert config.server.secrets.workstation_key == WORKSTATION_KEY
    assert config.server.secrets.notify_api_key == NOTIFY_KEY
    assert WORKSTATION_KEY not in repr(config) and NOTIFY_KEY not in repr(config)
    assert config.public_url == "https://video.force.example"
    assert [str(n) for n in config.trusted_proxies] == ["127.0.0.1/32"]
    assert (config.link_minutes, config.drain_seconds, config.records_calls) == (20, 45, True)
    assert config.notify_templates.template_for("caller", "en") == "tmpl-en"
    assert config.ice_servers[0].urls == ("stun:stun.force.example:3478",)
    assert config.max_upload_pixels == 1000


def test_every_problem_is_named_at_once(tmp_path):
    path = _force(tmp_path, extra='listen_port = 8080\ntls_certificate = "/nowhere/chain.pem"\n',
                  notify='[links]\nvalid_minutes = 0\nquick_exit_url = "weather"\n[calls]\ndrain_seconds = -1\n'
                         '[network]\ntrusted_proxies = []\n', store='[store]\nkind = "disk"\n')
    problems = _problems(path)
    expected = ["[server] listen_port is not a setting", "HTTPS needs both tls_certificate and tls_key",
                "[links] valid_minutes must be a number", "[links] quick_exit_url must be a web address",
                "[calls] drain_seconds must be a number", "[store] kind must be \"sqlite\" or \"memory\"",
                "[store] directory is missing",
                "[network] is not a section"]
    for words in expected:
        assert sum(words in p for p in problems) == 1, (words, problems)
    assert len(problems) == len(expected), problems


def test_a_secret_written_in_the_file_is_refused_saying_where_it_goes(tmp_path):
    path = _force(tmp_path, notify='[turn]\nshared_secret = "coturn-secret"\n')
    text = path.read_text().replace("[notify]\n", f'[notify]\napi_key = "{NOTIFY_KEY}"\n')
    path.write_text(text.replace('api_key_file = ', 'x_file = '), encoding="utf-8")
    problems = _problems(path)
    assert any("'notify.api_key' looks like a secret" in p and "[notify] api_key_file" in p
               and "[notify] api_key_credential" in p for p in problems), problems
    assert any("'turn.shared_secret' looks like a secret" in p and "[turn] shared_secret_file" in p
               for p in problems), problems
    assert not any("api_key_file is missing" in p for p in problems), problems  # said once, as a secret
    assert all(NOTIFY_KEY not in p and "coturn-secret" not in p for p in problems)


def test_a_secret_file_others_can_read_or_someone_else_owns_is_refused(tmp_path):
    path = _force(tmp_path)
    (tmp_path / "workstation-key").chmod(0o644)
    assert any("can be read by other users (mode 0644)" in p and "chmod 600" in p for p in _problems(path))
    (tmp_path / "workstation-key").chmod(0o600)
    (tmp_path / "notify-api-key").unlink()
    assert any("notify-api-key (the GOV.UK Notify API key" in p and "does not exist" in p for p in _problems(path))
    _secret(tmp_path, "notify-api-key", NOTIFY_KEY)
    if os.geteuid() == 0:  # only root can give a file to another user
        os.chown(tmp_path / "notify-api-key", 12345, 12345)
        assert any("belongs to user id 12345" in p for p in _problems(path))
    _secret(tmp_path, "workstation-key", "short")
    (tmp_path / "notify-api-key").unlink()
    _secret(tmp_path, "notify-api-key", NOTIFY_KEY)
    assert any("at least 32 characters" in p for p in _problems(path))


def test_secrets_may_come_from_systemd_credentials(tmp_path, monkeypatch):
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    _secret(credentials, "workstation-key", WORKSTATION_KEY, mode=0o400)
    _secret(credentials, "notify-api-key", NOTIFY_KEY, mode=0o400)
    path = _config(tmp_path, '[server]\nlisten = "127.0.0.1:8080"\npublic_url = "https://video.force.example"\n'
                             'workstation_key_credential = "workstation-key"\n'
                             '[notify]\napi_key_credential = "notify-api-key"\n'
                             f'[store]\ndirectory = "{_private_folder(tmp_path / "store")}"\n')
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    assert any("$CREDENTIALS_DIRECTORY is not set" in p and "LoadCredential=" in p for p in _problems(path))
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(credentials))
    secrets = load_config(path).server.secrets
    assert (secrets.workstation_key, secrets.notify_api_key) == (WORKSTATION_KEY, NOTIFY_KEY)


def test_the_retired_officer_token_is_refused_saying_workstations_enrol_now(tmp_path):
    old = _secret(tmp_path, "officer-token", "officer-token-of-the-old-kind-0123456789abcdef")
    problems = _problems(_force(tmp_path, extra=f'officer_token_file = "{old}"'))
    assert any(p.startswith("[server] officer_token_file is no longer read") and "enrols" in p for p in problems)
    assert not any("not a setting" in p for p in problems)


def test_a_force_service_needs_its_secrets_an_address_and_https(tmp_path):
    path = _config(tmp_path, '[server]\nlisten = "0.0.0.0:8080"\npublic_url = "http://video.force.example"\n')
    problems = _problems(path)
    assert any("[server] workstation_key_file is missing" in p for p in problems)
    assert any("[notify] api_key_file is missing" in p for p in problems)
    assert any("[server] public_url must be the https:// address" in p for p in problems)
    assert any("plain HTTP on a network" in p for p in problems)
    path = _config(tmp_path, '[server]\npublic_url = "https://video.force.example"\nlisten = "everywhere"\n')
    assert any("[server] listen must be HOST:PORT" in p for p in _problems(path))


def test_a_workstations_service_keeps_its_secrets_in_the_keyring(tmp_path):
    key = _secret(tmp_path, "notify-api-key", NOTIFY_KEY)
    path = _config(tmp_path, f'[notify]\napi_key_file = "{key}"\n[links]\nvalid_minutes = 10\n')
    assert any("are for a force's service" in p for p in _problems(path))
    path = _config(tmp_path, '[links]\nvalid_minutes = 10\n[calls]\nrecorded = true\n')
    config = load_config(path)
    assert config.server is None and config.link_minutes == 10 and config.drain_seconds == 0


def test_the_forces_relay_takes_its_shared_secret_from_a_file(tmp_path):
    secret = _secret(tmp_path, "turn-secret", "s" * 40)
    relay = f'[turn]\nurls = ["turns:relay.force.example:443"]\nrelay_only = true\nshared_secret_file = "{secret}"\n'
    config = load_config(_force(tmp_path, notify=relay + "[calls]\nmax_minutes = 90\n"))
    assert config.turn is not None and config.turn.relay_only and config.turn.secret == b"s" * 40
    assert config.turn.urls == ("turns:relay.force.example:443",) and config.call_max_minutes == 90
    assert config.server.secrets.turn_shared_secret == "s" * 40
    problems = _problems(_force(tmp_path, notify='[turn]\nurls = ["turns:relay.force.example:443"]\n'))
    assert any("needs the relay's shared secret" in p for p in problems), problems
    problems = _problems(_force(tmp_path, notify='[turn]\nrelay_only = true\n'))
    assert any("relay_only needs the force's relay" in p for p in problems), problems
    _secret(tmp_path, "turn-secret", "short")
    problems = _problems(_force(tmp_path, notify=relay.replace("turns:", "http:")))
    assert any("turn: or turns:" in p for p in problems), problems


def test_a_force_keeps_its_sessions_in_sqlite_in_a_folder_of_its_own(tmp_path):
    config = load_config(_force(tmp_path))
    assert (config.store_kind, config.store_directory) == ("sqlite", tmp_path / "store")
    # The default needs its folder: without one the service does not start (rather than lose links at a restart).
    [problem] = _problems(_force(tmp_path, store=""))
    assert problem.startswith("[store] directory is missing") and "enrolled workstations" in problem
    # The folder holds callers' phone numbers and photos: the service's user's alone, and there.
    open_folder = tmp_path / "open"
    open_folder.mkdir(mode=0o755)
    open_folder.chmod(0o755)
    [problem] = _problems(_force(tmp_path, store=f'[store]\ndirectory = "{open_folder}"\n'))
    assert "can be entered by other users (mode 0755)" in problem and f"chmod 700 {open_folder}" in problem
    [problem] = _problems(_force(tmp_path, store=f'[store]\ndirectory = "{tmp_path / "nowhere"}"\n'))
    assert "does not exist" in problem and "install -d -m 0700" in problem
    if os.geteuid() == 0:  # only root can give a folder to another user
        someone_elses = _private_folder(tmp_path / "someone-elses")
        os.chown(someone_elses, 4321, 4321)
        [problem] = _problems(_force(tmp_path, store=f'[store]\ndirectory = "{someone_elses}"\n'))
        assert "belongs to user id 4321" in problem
    # Kept in memory, the sessions are lost at a restart; the register of workstations still needs its folder.
    [problem] = _problems(_force(tmp_path, store='[store]\nkind = "memory"\n'))
    assert problem.startswith("[store] directory is missing")
    memory = f'[store]\nkind = "memory"\ndirectory = "{tmp_path / "store"}"\n'
    assert load_config(_force(tmp_path, store=memory)).store_kind == "memory"


INSTANCE = 'instance_url = "http://10.20.0.11:8080"'


def test_several_instances_share_their_calls_in_the_forces_redis_with_its_password_in_a_file(tmp_path):
    folder = _private_folder(tmp_path / "store")
    password = _secret(tmp_path, "redis-password", "redis-password-of-the-force")
    authority = _secret(tmp_path, "redis-ca.pem", "-----BEGIN CERTIFICATE-----")
    redis = (f'[store]\nkind = "redis"\ndirectory = "{folder}"\nurl = "rediss://redis.force.example:6379/0"\n'
             f'tls_authority = "{authority}"\npassword_file = "{password}"\n')
    config = load_config(_force(tmp_path, extra=INSTANCE, store=redis))
    assert config.store_kind == "redis" and config.redis is not None and config.server is not None
    assert config.server.instance_url == "http://10.20.0.11:8080"
    # Each instance says where the others pass it requests about the calls it hosts.
    [problem] = _problems(_force(tmp_path, store=redis))
    assert problem.startswith("[server] instance_url is missing") and "trusted_proxies" in problem
    assert (config.redis.url, config.redis.tls_authority) == ("rediss://redis.force.example:6379/0", authority)
    assert config.redis.password == "redis-password-of-the-force" and "redis-password-of" not in repr(config)
    # The address, and what it takes, are checked with everything else.
    [problem] = _problems(_force(tmp_path, extra=INSTANCE, store=f'[store]\nkind = "redis"\ndirectory = "{folder}"\n'))
    assert problem.startswith('[store] kind = "redis" needs url')
    [problem] = _problems(_force(tmp_path, extra=INSTANCE, store=f'[store]\nkind = "redis"\ndirectory = "{folder}"\n'
                                                 'url = "redis://:hunter2@redis.force.example:6379/0"\n'))
    assert "must not carry a user or password" in problem and "password_file" in problem
    [problem] = _problems(_force(tmp_path, extra=INSTANCE, store=f'[store]\nkind = "redis"\ndirectory = "{folder}"\n'
                                                 f'url = "redis://10.0.0.5:6379/0"\ntls_authority = "{authority}"\n'))
    assert "make the url rediss://" in problem
    [problem] = _problems(_force(tmp_path, extra=INSTANCE, store=f'[store]\ndirectory = "{folder}"\nurl = "redis://10.0.0.5/0"\n'))
    assert problem == '[store] url, tls_authority and password_file are for kind = "redis"'
    # A password written in the file is refused, as every secret is.
    [problem] = _problems(_force(tmp_path, extra=INSTANCE, store=f'[store]\nkind = "redis"\ndirectory = "{folder}"\n'
                                                 'url = "redis://10.0.0.5:6379/0"\npassword = "hunter2"\n'))
    assert "'store.password' looks like a secret" in problem and "password_file" in problem


def test_an_instance_may_name_itself_for_the_balancer_to_route_its_calls_tabs_straight_to_it(tmp_path):
    folder = _private_folder(tmp_path / "store")
    password = _secret(tmp_path, "redis-password", "redis-password-of-the-force")
    redis = (f'[store]\nkind = "redis"\ndirectory = "{folder}"\nurl = "redis://10.0.0.5:6379/0"\n'
             f'password_file = "{password}"\n')
    config = load_config(_force(tmp_path, extra=INSTANCE + '\ninstance_name = "video-2"', store=redis))
    assert config.server is not None and config.server.instance_name == "video-2"
    assert load_config(_force(tmp_path, extra=INSTANCE, store=redis)).server.instance_name == ""
    # It goes in a query string and names an upstream in nginx's configuration, so nothing else is taken.
    for wrong in ('"Video 2"', '"a/b"', '""', "2", '"' + "a" * 33 + '"'):
        [problem] = _problems(_force(tmp_path, extra=INSTANCE + f"\ninstance_name = {wrong}", store=redis))
        assert problem.startswith("[server] instance_name") and "lower-case letters" in problem
    # One instance has no balancer choosing between instances.
    [problem] = _problems(_force(tmp_path, extra='instance_name = "a"', store=f'[store]\ndirectory = "{folder}"\n'))
    assert problem == '[server] instance_name is for kind = "redis": one instance needs no name'


def test_redis_may_be_found_through_its_sentinels(tmp_path):
    folder = _private_folder(tmp_path / "store")
    password = _secret(tmp_path, "redis-password", "redis-password-of-the-force")
    store = (f'[store]\nkind = "redis"\ndirectory = "{folder}"\nurl = "rediss://redis/2"\npassword_file = "{password}"\n')
    config = load_config(_force(tmp_path, extra=INSTANCE, store=store + 'sentinels = ["10.20.0.21:26379", '
                                                                        '"10.20.0.22:26379"]\nsentinel_master = "rvr"\n'))
    assert config.redis is not None
    assert config.redis.sentinels == (("10.20.0.21", 26379), ("10.20.0.22", 26379)) and config.redis.sentinel_master == "rvr"
    [problem] = _problems(_force(tmp_path, extra=INSTANCE, store=store + 'sentinels = ["10.20.0.21:26379"]\n'))
    assert problem.startswith("[store] sentinels and sentinel_master go together")
    [problem] = _problems(_force(tmp_path, extra=INSTANCE, store=store + 'sentinels = ["nowhere"]\nsentinel_master = "rvr"\n'))
    assert problem.startswith("[store] sentinels")
