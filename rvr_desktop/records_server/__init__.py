"""The practice records server: a stand-in for the force's records system that
speaks the records API contract on loopback, with faults on request.

- `app`: the aiohttp application (handlers, authentication, faults).
- `records`: its own SQLite file of investigations, exhibits and idempotency keys.
- `checks`: cross-reference rules beyond the contract's schema.
- `faults`: the fault specification and the dice that apply it.
- `problems`: RFC 9457 problem details.
- `serve`: running it as a process or on a thread.

It runs as its own process (`rvr-desktop records-server`) and never imports
the workstation's windows or its encrypted store.
"""
