"""Readers of the e-journal's exports (DESIGN §5): files → tables → layouts → Journal."""
