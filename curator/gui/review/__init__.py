"""Reviewing scores: the Items table, review mode, calibration and statistics."""
