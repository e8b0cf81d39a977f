"""The program's own log: rotating files in the data folder.

Log lines describe what the program did (opened the store, migrated, saved
revision 12 of a case) and never carry personal data: names, numbers, dates of
birth and narrative stay in the encrypted database only.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import time
from pathlib import Path

LOG_DIR = "logs"
LOG_FILE = "rvr-desktop.log"


class _UtcFormatter(logging.Formatter):
    # staticmethod tells mypy what Python does anyway: a builtin function is not bound to the formatter.
    converter = staticmethod(time.gmtime)


class _JsonLines(logging.Formatter):
    """One JSON object a line, for a program that follows the workstation's log
    (a supervisor, the end-to-end tests) without parsing free text."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"created": record.created, "level": record.levelname, "logger": record.name,
                "message": record.getMessage()}
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def stderr_handler(level: str = "WARNING", json_lines: bool = False) -> logging.Handler:
    """Log lines of `level` and above on stderr, as text or (`json_lines`) as JSON objects."""
    handler = logging.StreamHandler()
    handler.setFormatter(_JsonLines() if json_lines else _text_format())
    handler.setLevel(level.upper())
    return handler


def _text_format() -> logging.Formatter:
    return _UtcFormatter("%(asctime)s.%(msecs)03dZ %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S")


def setup_logging(data_dir: Path, to_stderr: logging.Handler) -> Path:
    """Send log records to a private rotating file, and to `to_stderr` (see `stderr_handler`)."""
    folder = data_dir / LOG_DIR
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / LOG_FILE
    # Created private before the handler opens it, whatever the umask.
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    to_file = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    to_file.setFormatter(_text_format())
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(to_file)
    root.addHandler(to_stderr)
    return path
