"""One function per job; the CLI and the scheduler call these."""
