"""One page per step of the officer's path; `pages.py` lists them in order."""
