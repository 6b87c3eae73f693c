"""The JSON Schema of Curator's export file, generated from the models themselves."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .exchange import FORMAT, VERSION
from .model import Entry


class ExportFile(BaseModel):
    """A curated set of entries, as `curator export` writes it and `curator import` reads it."""

    model_config = ConfigDict(title="Curator entries export")

    format: Literal["curator-entries"] = Field(description=f'Always "{FORMAT}".')
    version: Literal[1] = Field(description=f"The export format version, {VERSION}.")
    exported_at: datetime
    app_version: str = Field(description="The Curator version that wrote the file.")
    filter: dict[str, Any] = Field(description="The search and facet choices exported.")
    count: int = Field(ge=0, description="How many entries follow.")
    entries: list[Entry]


def export_schema() -> dict[str, Any]:
    return ExportFile.model_json_schema(mode="serialization")
