"""Curator: curate horizon-scanning entries from seed files."""

__version__ = "0.1.0"
