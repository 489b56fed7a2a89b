"""Untrusted files in and our files out: safe opening, sheet guard, sheet cache,
deterministic OOXML saving, LibreOffice conversion and atomic output."""
