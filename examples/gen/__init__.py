"""Building blocks of examples/generate.py (identifiers, people, writers, letters)."""
