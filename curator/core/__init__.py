"""Curator's Qt-free core: model, seed text, library store, exchange and operations."""
