"""The Qt-free application layer: what the windows ask of a case, done with the
store and the workflow together, so no window holds a domain decision.

Modules:

- `opening`: opening a stored case for the officer, mending what an earlier
  version left wrong.
"""
