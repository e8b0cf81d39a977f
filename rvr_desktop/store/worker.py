"""One thread that owns the case store, so callers never wait on disk.

SQLite connections belong to the thread that made them; putting every store
call on one worker thread keeps that rule and orders the writes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rvr_desktop.store.case_store import CaseStore

T = TypeVar("T")
log = logging.getLogger(__name__)


class StoreThread:
    """Runs `fn(store)` on the store's own thread and hands back a Future."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="case-store")
        self._store: CaseStore | None = None
        self.closed = False

    def open(self, folder: Path, officer: str) -> Future[CaseStore]:
        def opening() -> CaseStore:
            # Imported here so the keyring and SQLCipher load on this thread,
            # not on the caller's (the GUI thread at start-up).
            from rvr_desktop.store.case_store import CaseStore

            self._store = CaseStore(folder, officer)
            return self._store

        return self._executor.submit(opening)

    @property
    def is_open(self) -> bool:
        """The store opened and has not been shut: a failed task does not change this."""
        return self._store is not None and not self.closed

    def submit(self, fn: Callable[[CaseStore], T]) -> Future[T]:
        def calling() -> T:
            if self._store is None:
                raise RuntimeError("the case store is not open")
            return fn(self._store)

        return self._executor.submit(calling)

    def shutdown(self) -> None:
        """Finish every queued save, then close the database."""

        def closing() -> None:
            if self._store is not None:
                self._store.close()
                self._store = None

        self.closed = True
        self._executor.submit(closing)
        self._executor.shutdown(wait=True)
