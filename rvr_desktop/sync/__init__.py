"""Delivering submitted cases to the force's records system.

- `contract`: the records API's OpenAPI document and checks against it.
- `pole`: a case as POLE entities and links (a pure function).
- `endpoint`: where to send, with which token; practice mode stays on loopback.
- `client`: one HTTP exchange per call, each answer sorted into success or a failure.
- `failures`: temporary, refused (needs attention) and paused.
- `backoff`: exponential back-off with jitter that honours Retry-After.
- `delivery`: one case with its exhibits, each step safe to repeat.
- `worker`: the outbox worker thread and its callbacks.
- `repeat_exhibits`: mending waiting cases that name one file as two exhibits.
- `retention`: how long a delivered case stays on the workstation.

Nothing here imports Qt.
"""
