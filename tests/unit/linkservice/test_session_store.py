"""The session store: what a restart takes back, and what forgetting leaves in the SQLite file (nothing)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from rvr_desktop.linkservice.links import Role
from rvr_desktop.linkservice.sessions import SessionBook
from rvr_desktop.linkservice.store import SqliteStore
from rvr_desktop.linkservice.uploads import CallerUpload

PHONE = "+447700900999"
PHOTO = b"\x89PNG-bytes-of-her-photo-" * 200


def _raw(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.name.startswith("sessions.sqlite3"))


def test_a_restart_takes_back_links_codes_and_files_and_forgetting_leaves_nothing_in_the_file(tmp_path):
    book = SessionBook(store=SqliteStore(tmp_path))
    session = book.open_session("OP-RAVEN/2026/0417")
    invite, token = book.issue(session, Role.CALLER, 900, phone_number=PHONE)
    _, code = book.issue_code(session, Role.INTERPRETER, 600)
    session.uploads["u1"] = CallerUpload("u1", "caller", "image/png", "ab" * 32, "2026-12-02T11:00:00", PHOTO)
    session.events.record("text_sent", invite_id=invite.invite_id)
    asyncio.run(book.write_through())
    asyncio.run(book.store.close())
    assert os.stat(tmp_path / "sessions.sqlite3").st_mode & 0o777 == 0o600

    again = SessionBook()
    assert asyncio.run(again.use_store(SqliteStore(tmp_path))) == 1
    back = again.session(session.session_id)
    assert again.find(token) == invite and again.find_by_code(code) is not None
    assert back.uploads["u1"].content == PHOTO
    assert [e["kind"] for e in back.events.after(0)] == ["text_sent"]
    assert back.events.record("quality", reporter="caller", peer="officer")["seq"] == 2  # numbering goes on
    asyncio.run(again.write_through())
    assert PHONE.encode() in _raw(tmp_path)  # the check below could fail

    asyncio.run(again.forget(back))
    raw = _raw(tmp_path)
    for secret in (PHONE, "OP-RAVEN", session.session_id, invite.token_digest):
        assert secret.encode() not in raw, secret
    assert PHOTO[:40] not in raw
    assert asyncio.run(SessionBook().use_store(SqliteStore(tmp_path))) == 0
