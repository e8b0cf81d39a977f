"""One explicit transaction: BEGIN IMMEDIATE … COMMIT, or ROLLBACK on error."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlcipher3


@contextmanager
def transaction(conn: sqlcipher3.Connection) -> Iterator[sqlcipher3.Connection]:
    """Take the write lock at the start, so a transaction never fails half-way for it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
