"""The program's own log: rotating files in the data folder.

Log lines describe what the program did (opened the store, migrated, saved
revision 12 of a case) and never carry personal data: names, numbers, dates of
birth and narrative stay in the encrypted database only.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import time
from pathlib import Path

LOG_DIR = "logs"
LOG_FILE = "rvr-desktop.log"


class _UtcFormatter(logging.Formatter):
    converter = time.gmtime


def setup_logging(data_dir: Path, stderr_level: str = "WARNING") -> Path:
    """Send log records to a private rotating file (and warnings to stderr)."""
    folder = data_dir / LOG_DIR
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / LOG_FILE
    # Created private before the handler opens it, whatever the umask.
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    fmt = _UtcFormatter("%(asctime)s.%(msecs)03dZ %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S")
    to_file = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    to_file.setFormatter(fmt)
    to_stderr = logging.StreamHandler()
    to_stderr.setFormatter(fmt)
    to_stderr.setLevel(stderr_level.upper())
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(to_file)
    root.addHandler(to_stderr)
    return path
