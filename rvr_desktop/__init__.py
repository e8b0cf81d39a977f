"""RVR Desktop: the Rapid Video Response officer's workstation."""

__version__ = "0.1.0"
