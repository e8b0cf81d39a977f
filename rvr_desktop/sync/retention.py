"""How long a delivered case stays on the workstation: the force's rule, as data.

`resources/policy/retention.json` names the period after delivery; once it
has passed, the outbox erases the local case, its files and its outbox copy,
and records the erasure (see `store.outbox`). The records system keeps the
record of the investigation; the workstation is not an archive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from rvr_desktop.workflow.shipped_files import default_resources_dir
from rvr_desktop.workflow.policy_files import read_policy_file

RETENTION_FILE = Path("policy") / "retention.json"


@dataclass(frozen=True)
class RetentionPolicy:
    """Erase a delivered case's local copy `keep_for` after delivery."""

    keep_for: timedelta
    source: str = f"resources/{RETENTION_FILE.as_posix()}"


def load_retention_policy(resources_dir: Path | None = None) -> RetentionPolicy:
    """Read and check the retention file; a broken file stops with a `PolicyFileError`."""
    path = (resources_dir or default_resources_dir()) / RETENTION_FILE
    fields = read_policy_file(path)
    days = fields.integer("erase_delivered_cases_after_days", minimum=0, maximum=3650)
    fields.finish()
    return RetentionPolicy(timedelta(days=days))
