"""The README tells the truth: its commands exist and CI runs its test command."""

from __future__ import annotations

import re

from curator.cli import _COMMANDS
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in ci.splitlines() if "pytest" in line).strip()
    assert f"\n{command}\n" in README


def test_every_cli_command_is_documented() -> None:
    for name in _COMMANDS:
        assert re.search(rf"`curator {name}\b", README), name
    assert "`curator --version`" in README


def test_readme_documents_every_search_field() -> None:
    from curator.core.query import FIELDS

    section = README.split("## The search language", 1)[1].split("\n## ", 1)[0]
    for name in FIELDS:
        shown = name if "." not in name else name.split(".")[1]
        assert f"`{name}:" in section or f"{shown}:" in section, name
    assert "other.KEY:" in section
