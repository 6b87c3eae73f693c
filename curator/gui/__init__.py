"""Curator's Qt interface: a thin layer over the core."""
