"""The edit view: every field of one entry, checked by the entry model as the analyst types."""

from .view import EditView

__all__ = ["EditView"]
