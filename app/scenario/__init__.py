"""Synthetic scenarios (being written)."""
