"""Writers of xlsx reports (model → files)."""
