"""The JSON Schema of Curator's export file, generated from the models themselves."""

from __future__ import annotations

from typing import Any

from .exchange import ExportFile


def export_schema() -> dict[str, Any]:
    return ExportFile.model_json_schema(mode="serialization")
