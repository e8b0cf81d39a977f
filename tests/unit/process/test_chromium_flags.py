"""QtWebEngine's Chromium flags are the workstation's own: no sandbox only as root, a user's flags kept."""

from __future__ import annotations

import logging

import pytest

from rvr_desktop import chromium_flags
from rvr_desktop.chromium_flags import (
    FAKE_CAMERA,
    NO_SANDBOX,
    VARIABLE,
    WebEngineAlreadyStarted,
    chromium_flags as flags_for,
    prepare_web_engine,
)


def test_the_sandbox_goes_only_for_root_and_the_fake_camera_only_when_asked():
    assert flags_for("", running_as_root=False, fake_camera=False) == []
    assert flags_for("", running_as_root=True, fake_camera=False) == [NO_SANDBOX]
    assert flags_for("", running_as_root=False, fake_camera=True) == [FAKE_CAMERA]


def test_flags_already_set_are_kept_in_their_order_and_not_doubled():
    inherited = "--enable-logging --v=1 --no-sandbox"
    assert flags_for(inherited, running_as_root=True, fake_camera=True) == [
        "--enable-logging", "--v=1", NO_SANDBOX, FAKE_CAMERA]


@pytest.fixture
def fresh_process(monkeypatch):
    """As if nothing in this process had set the flags yet (the module keeps what it set)."""
    monkeypatch.setattr(chromium_flags, "_applied", None)
    monkeypatch.delenv(VARIABLE, raising=False)
    return monkeypatch


def test_preparing_sets_the_variable_once_and_warns_about_root_and_inherited_flags(fresh_process, caplog):
    fresh_process.setattr(chromium_flags, "_running_as_root", lambda: True)
    fresh_process.setenv(VARIABLE, "--enable-logging")
    with caplog.at_level(logging.INFO, logger="rvr_desktop.chromium_flags"):
        value = prepare_web_engine(fake_camera=False)
        assert prepare_web_engine(fake_camera=False) == value
    import os

    assert os.environ[VARIABLE] == value == f"--enable-logging {NO_SANDBOX}"
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2, warnings  # once each, though asked twice
    assert any("--enable-logging" in w and "kept" in w for w in warnings)
    assert any("running as root" in w for w in warnings)


def test_an_ordinary_user_keeps_the_sandbox(fresh_process, caplog):
    fresh_process.setattr(chromium_flags, "_running_as_root", lambda: False)
    with caplog.at_level(logging.WARNING, logger="rvr_desktop.chromium_flags"):
        assert prepare_web_engine(fake_camera=False) == ""
    assert not caplog.records


def test_another_camera_choice_once_the_flags_are_set_is_refused_not_ignored(fresh_process):
    fresh_process.setattr(chromium_flags, "_running_as_root", lambda: False)
    assert prepare_web_engine(fake_camera=True) == FAKE_CAMERA
    with pytest.raises(WebEngineAlreadyStarted, match="fake camera on"):
        prepare_web_engine(fake_camera=False)
