"""Reusable widgets; each posts messages up and leaves decisions to its screen."""
