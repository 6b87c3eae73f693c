"""The README tells the truth: its commands exist and CI runs its test command."""

from __future__ import annotations

import argparse
import re

from curator.cli import _COMMANDS, _parser
from curator.core.schema_doc import export_schema
from tests.conftest import DATA, REPO, SEEDS

ITEM_TITLES = {"signals": "Signal", "concerns": "Concern", "behaviors": "Behavior",
               "technologies": "Technology", "issues": "Issue"}
"""Each section's item model, by the name the export schema gives it."""

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in ci.splitlines() if "pytest" in line).strip()
    assert f"\n{command}\n" in README


def test_every_cli_command_is_documented() -> None:
    for name in _COMMANDS:
        assert re.search(rf"`curator {name}\b", README), name
    assert "`curator --version`" in README


# -- the command table ------------------------------------------------------------

def _subparsers() -> argparse._SubParsersAction:
    [action] = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return action


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    return dict(_subparsers().choices)


def _readme_row(name: str) -> tuple[str, str]:
    """The synopsis and the description of a command in the README's command table."""
    match = re.search(rf"^\| `(curator {name}\b[^`]*)` \| (.+) \|$", README, re.MULTILINE)
    assert match, f"`curator {name}` has no row in the README's command table"
    return match.group(1).replace("\\|", "|"), match.group(2)


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {option for action in parser._actions for option in action.option_strings
            if option not in ("-h", "--help")}


def test_every_option_of_every_command_is_in_the_readme() -> None:
    for name, parser in _subcommands().items():
        synopsis, _ = _readme_row(name)
        shown = set(re.findall(r"(?<![\w-])--?[a-z][a-z-]*", synopsis))
        assert shown <= _options(parser), name  # no option the command does not have
        for action in parser._actions:
            # Each option by one of its names (`-q` stands for `-q, --quiet`).
            if action.option_strings and "-h" not in action.option_strings:
                assert shown & set(action.option_strings), (name, action.option_strings)
        for action in parser._actions:
            if not action.option_strings:  # a positional: named as in `--help`
                named = action.metavar or (
                    "|".join(action.choices) if action.choices else action.dest)
                assert named in synopsis, (name, action.dest)
            if action.choices and action.option_strings:
                # Listed choices are the parser's; a long list may be left to `--help`.
                listed = re.search(rf"{action.option_strings[0]} ([\w|]+)\]", synopsis)
                if listed and "|" in listed.group(1):
                    assert listed.group(1).split("|") == list(action.choices), name


def test_every_option_has_help_and_the_readme_names_what_help_says() -> None:
    top = _parser().format_help()  # the list of commands, with their summaries
    for name, parser in _subcommands().items():
        _, described = _readme_row(name)
        summary = next(a.help for a in _subparsers()._choices_actions if a.dest == name)
        assert summary and summary in " ".join(top.split()), name
        # The README's description and `--help`'s summary speak of the same thing.
        words = set(re.findall(r"[a-z]{5,}", summary.lower()))
        assert words & set(re.findall(r"[a-z]{5,}", described.lower())), (name, summary)
        for action in parser._actions:
            if action.option_strings and action.option_strings[0] not in ("-h", "--db"):
                assert action.help or action.choices, (name, action.option_strings)


def test_top_level_options_are_in_the_readme() -> None:
    for option in _options(_parser()):
        assert f"`curator {option}`" in README, option


# -- the export format ------------------------------------------------------------

def _readme_export_section() -> str:
    return README.split("## The export format", 1)[1].split("\n## ", 1)[0]


def test_the_export_keys_in_the_readme_are_the_model_keys() -> None:
    schema = export_schema()
    section = _readme_export_section()
    envelope = re.findall(r'"(\w+)":', section.split("```")[1])
    assert envelope == list(schema["properties"])
    entry_keys = re.search(r"Each entry has the keys `([^`]+)`", section).group(1)
    assert [k.strip() for k in entry_keys.split(",")] == list(
        schema["$defs"]["Entry"]["properties"])


def test_the_item_fields_in_the_readme_are_the_model_fields() -> None:
    defs = export_schema()["$defs"]
    section = " ".join(_readme_export_section().split())
    common = re.search(r"plus `relevancy`, `relevancy_imported` \(.*?\), `reviewed`, and "
                       r"`extra`", section)
    assert common, "the README no longer lists the fields every item has"
    shared = ["relevancy", "relevancy_imported", "reviewed", "extra"]
    own = dict(re.findall(r"((?:`\w+`, )*`\w+`) for (signals|technologies|the others)",
                          section)[i][::-1] for i in range(3))
    for section_name, title in ITEM_TITLES.items():
        listed = own.get(section_name, own["the others"])
        fields = re.findall(r"`(\w+)`", listed)
        assert shared + fields == list(defs[title]["properties"]), section_name


def test_readme_documents_every_search_field() -> None:
    from curator.core.query import FIELDS

    section = README.split("## The search language", 1)[1].split("\n## ", 1)[0]
    for name in FIELDS:
        shown = name if "." not in name else name.split(".")[1]
        assert f"`{name}:" in section or f"{shown}:" in section, name
    assert "other.KEY:" in section


# -- the layout of the code ---------------------------------------------------------------

def _readme_layout_section() -> str:
    return README.split("## Layout of the code", 1)[1].split("\n## ", 1)[0]


def test_the_layout_names_every_package_and_only_modules_that_exist() -> None:
    section = _readme_layout_section()
    root = REPO / "curator"
    for package in sorted(p.parent for p in root.rglob("__init__.py") if p.parent != root):
        assert f"`{package.name}/`" in section or f"`curator/{package.name}/`" in section, \
            package.relative_to(REPO)
    modules = {p.name for p in root.rglob("*.py")}
    for named in re.findall(r"`(\w+\.py)`", section):
        assert named in modules, named
    # The packages the section walks through module by module leave none out.
    for folder in ("core/store", "core/operations", "core/query", "gui/shell"):
        for module in sorted((root / folder).glob("*.py")):
            if module.name != "__init__.py":
                assert f"`{module.name}`" in section, module.relative_to(REPO)


def test_the_layout_follows_one_action_through_functions_that_exist() -> None:
    from curator.core import operations
    from curator.core.operations import Touched
    from curator.core.store import Library
    from curator.core.store.editing import Edits
    from curator.gui.operations import ChangeCommand, Operations
    from curator.gui.shell.editing import EditingController
    from curator.gui.shell.main_window import MainWindow
    from curator.gui.shell.reviewing import ReviewController

    section = _readme_layout_section().split("### One action", 1)[1]
    owners = {"EditingController": EditingController, "ReviewController": ReviewController,
              "Operations": Operations, "ChangeCommand": ChangeCommand,
              "MainWindow": MainWindow, "Library": Library, "Touched": Touched,
              "Edits": Edits}
    named = re.findall(r"`([A-Z]\w+)\.(\w+)", section)
    assert len(named) >= 8
    for owner, attribute in named:
        assert hasattr(owners[owner], attribute), f"{owner}.{attribute}"
    assert "`curator.core.operations.set_status(" in section
    assert callable(operations.set_status)


def test_no_sample_seed_shows_an_html_entity() -> None:
    # The samples are what a new analyst reads first: "R&amp;D" there reads as a bug. The
    # escaping cases live in tests/data/variants/html_text.txt.
    entity = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.IGNORECASE)
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert not entity.search(text), (path.name, entity.findall(text))
    assert entity.search((DATA / "variants" / "html_text.txt").read_text(encoding="utf-8"))
