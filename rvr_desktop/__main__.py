"""`python -m rvr_desktop`: the same as the `rvr-desktop` command.

Guarded, so importing this module (a tool walking the package, say) never
starts the workstation.
"""

from rvr_desktop.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
