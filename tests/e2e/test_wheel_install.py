"""The built wheel works on its own: installed into a fresh virtual environment, its command runs.

An editable install reads the checkout, so it hides anything the wheel
leaves out (the policy files, pages and scenarios under resources/). Only
the wheel's own copy of rvr_desktop is installed into the new environment;
its dependencies are borrowed read-only from this one through a .pth line,
which keeps the test fast and needs no download to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import rvr_desktop

REPO = Path(rvr_desktop.__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _run(*command: str | Path, cwd: Path, timeout: float = 120) -> str:
    done = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")})
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _source_copy(target: Path) -> Path:
    """The files git would commit, copied: a build in the checkout could pick up stale files from its build/."""
    listed = _run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO)
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The `bin` folder of a fresh environment holding only the wheel just built from this source."""
    work = tmp_path_factory.mktemp("wheel")
    source = _source_copy(work / "source")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", work / "dist", ".", cwd=source)
    (wheel,) = (work / "dist").glob("rvr_desktop-*.whl")
    env = work / "env"
    _run(sys.executable, "-m", "venv", "--without-pip", env, cwd=work)
    python = env / "bin" / "python"
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel, cwd=work)
    purelib = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=work).strip())
    # Appended after the new environment's own folder, so its rvr_desktop is the one imported.
    (purelib / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    shutil.rmtree(source)  # nothing may be read from the source any more
    return env / "bin"


def test_the_installed_package_is_the_wheels(installed):
    where = _run(installed / "python", "-c", "import rvr_desktop; print(rvr_desktop.__file__)", cwd=installed)
    assert Path(where.strip()).is_relative_to(installed.parent)


def test_the_installed_command_tells_its_version(installed):
    assert _run(installed / "rvr-desktop", "--version", cwd=installed).strip() == f"rvr-desktop {rvr_desktop.__version__}"


def test_the_installed_command_lists_the_shipped_scenarios(installed):
    listed = _run(installed / "rvr-desktop", "scenario", "list", cwd=installed)
    shipped = sorted(p.stem for p in (REPO / "rvr_desktop" / "resources" / "scenarios").glob("*.yaml"))
    assert shipped and all(name in listed for name in shipped), listed
