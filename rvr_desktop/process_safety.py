"""What every process of RVR Desktop does first, and what each child it starts inherits.

A core dump of the workstation would hold victims' details and the database
key in the clear, in a file the store's encryption never sees. So each entry
point (the workstation, the link service, the records server) turns core
dumps off and marks itself not dumpable, which also keeps other programs of
the same account from reading its memory through ptrace or /proc.

A child started by the workstation must not outlive it however it ends
(SIGTERM, SIGKILL, a crash): `start_child_kwargs()` gives `subprocess.Popen`
the means. The child asks the kernel to kill it when its parent goes
(PR_SET_PDEATHSIG) and leads its own process group, so whatever it starts in
turn (the simulated caller's Chromium and its helpers) can be ended with it in one signal.

Linux only; elsewhere each call does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import logging
import os
import signal
import sys

log = logging.getLogger(__name__)

# From <linux/prctl.h>.
PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4

_ON_LINUX = sys.platform.startswith("linux")
# Loaded once, here: a child between fork and exec must not load libraries (another thread may have held
# the loader's lock at the fork).
_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True) if _ON_LINUX else None


def _prctl(option: int, value: int) -> None:
    if _libc is None:  # callers check _ON_LINUX first; prctl is Linux's alone
        raise OSError(errno.ENOSYS, "prctl exists only on Linux")
    if _libc.prctl(option, ctypes.c_ulong(value), 0, 0, 0) != 0:
        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error))


def forbid_core_dumps() -> None:
    """No core file, and not dumpable: called first thing by every entry point."""
    if not _ON_LINUX:
        return
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _prctl(PR_SET_DUMPABLE, 0)


def _die_with_parent(signum: int, parent: int) -> None:
    # Runs in the child between fork and exec: as little as can be.
    _prctl(PR_SET_PDEATHSIG, signum)
    # The parent may have died before the request was made: then nothing would ever send it.
    if os.getppid() != parent:
        os.kill(os.getpid(), signum)


def die_with_parent(parent: int, signum: int = signal.SIGKILL) -> None:
    """Called first thing in a child that a library started (multiprocessing's workers), where
    `start_child_kwargs` cannot be given: the child dies with `parent`. Such a worker holds both ends of
    its own queue's pipes, so it would never see its parent go, and would live on holding a caller's photo."""
    if _ON_LINUX:
        _die_with_parent(signum, parent)


def start_child_kwargs(on_parent_death: int = signal.SIGKILL) -> dict:
    """Keyword arguments for `subprocess.Popen` so the child dies with this process.

    The kernel sends `on_parent_death` when the thread that started the child
    ends, so start children from a thread that lives as long as the process
    (the GUI thread, or the background pool's, whose threads are never
    retired). A Python child that can tidy up takes SIGTERM.
    """
    if not _ON_LINUX:
        return {"process_group": 0} if os.name == "posix" else {}
    parent = os.getpid()
    return {"process_group": 0, "preexec_fn": lambda: _die_with_parent(on_parent_death, parent)}


def end_process_group(process, grace: float = 1.0) -> None:
    """SIGTERM a child started with `start_child_kwargs` and all it started, then SIGKILL what remains."""
    import subprocess

    for signum, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, grace)):
        try:
            os.killpg(process.pid, signum)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            # The leader is gone; the rest of its group may not be.
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue
        return
