"""The `rvr-desktop` sub-commands, one module each (see `cli.COMMANDS`)."""
