"""Where the files shipped with RVR Desktop are: policy, pages, fonts, scenarios.

A module of its own, importing only the standard library, so the link
service, the records client and the training tools can find the files
without loading the policy's rules.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

# The top-level package, by name: workflow/ imports no other part of rvr_desktop.
_PACKAGE = __name__.partition(".")[0]


def default_resources_dir() -> Path:
    """The `resources/` folder shipped inside the `rvr_desktop` package.

    Found through `importlib.resources` rather than from this file's place in
    a checkout, so an installed wheel finds its own copy. The folder's files
    are read as ordinary paths (globbed, served, handed to reportlab), so the
    package must be installed unpacked, as pip always installs it.
    """
    folder = resources.files(_PACKAGE) / "resources"
    if not isinstance(folder, Path):
        raise RuntimeError(f"RVR Desktop's resources are not in a folder on disk ({folder}); install it unpacked.")
    return folder
