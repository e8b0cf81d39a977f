"""The officer's windows. Nothing outside `ui/` (but the composition root) imports it."""
