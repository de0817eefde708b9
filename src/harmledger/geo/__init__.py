"""Stage package (filled in by its modules)."""
