"""Why the case store could not be opened, in words an officer can act on.

Each failure the environment can cause has its own class, message and exit
code, so the command line, the doctor and the workstation's dialog all say the
same thing. None of the code that raises these deletes, overwrites or
re-creates an existing database: the message always says what was kept safe.
"""

from __future__ import annotations


class StoreError(Exception):
    """The case store cannot be used; the user must do something about it."""

    exit_code = 3
    title = "The case store cannot be opened"
    kept_safe = "Nothing was changed: the case database was left exactly as it was."

    def __init__(self, what_happened: str, what_to_do: str):
        super().__init__(what_happened)
        self.what_happened = what_happened
        self.what_to_do = what_to_do

    def message(self) -> str:
        """The full text shown to the user: what, what is safe, what to do."""
        return f"{self.title}.\n{self.what_happened}\n{self.kept_safe}\nWhat to do: {self.what_to_do}"

    def one_line(self) -> str:
        return f"{self.what_happened} — {self.what_to_do}"


class NoKeyringError(StoreError):
    exit_code = 10
    title = "No system keyring is available"


class KeyringLockedError(StoreError):
    exit_code = 11
    title = "The system keyring is locked"


class KeyMissingError(StoreError):
    exit_code = 12
    title = "The key for this case database is missing"


class WrongKeyError(StoreError):
    exit_code = 13
    title = "The keyring holds a different key from the one this database was made with"


class CorruptDatabaseError(StoreError):
    exit_code = 14
    title = "The case database is damaged"
    kept_safe = "Nothing was changed: the damaged file was left exactly as it was, for recovery."


class NewerDatabaseError(StoreError):
    exit_code = 15
    title = "The case database was made by a newer version of RVR Desktop"


class FolderNotWritableError(StoreError):
    exit_code = 16
    title = "The data folder cannot be written"


class StoreBug(Exception):
    """A fault in the program rather than in the environment: report it."""
