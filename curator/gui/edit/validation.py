"""Run the entry model over what the forms hold; say what is wrong, field by field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ...core.messages import problems
from ...core.model import Entry


@dataclass(frozen=True)
class FieldError:
    """One problem the model found: where (pydantic's `loc`), Curator's sentence for it
    ("Relevancy must be a whole number from 1 to 5"), and its context."""

    loc: tuple[str | int, ...]
    message: str
    ctx: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> str:
        """The loc as a dotted path: `signals.2.relevancy`, `title`, `keywords.0`."""
        return ".".join(str(part) for part in self.loc)


def validate(data: dict[str, Any]) -> tuple[Entry | None, list[FieldError]]:
    """The entry the data makes, or None and every problem the model reports."""
    try:
        return Entry.model_validate(data), []
    except ValidationError as error:
        contexts = [dict(e.get("ctx") or {}) for e in error.errors(include_url=False)]
        return None, [
            FieldError(problem.loc, problem.text, ctx)
            for problem, ctx in zip(problems(error, data), contexts, strict=True)
        ]


def one_line(text: str) -> str:
    """Cells hold one line: line breaks typed or pasted into a cell become spaces."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    return " ".join(lines.split("\n"))
