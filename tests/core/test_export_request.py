"""The export request: which entries an export takes, for the dialog and the command line."""

from __future__ import annotations

import pytest

from curator.cli import _parser
from curator.core.export_request import FORMATS, STATUSES, ExportRequest
from curator.core.store import Filter


@pytest.fixture
def ids(seeded) -> list[str]:
    return seeded.entries.ids(Filter())


def test_scope_all_ignores_the_current_filter(seeded, ids):
    current = Filter(search="energy")
    flt = ExportRequest(scope="all").to_filter(current, frozenset(ids[:2]))
    assert flt == Filter()
    assert seeded.entries.ids(flt) == ids


def test_scope_filter_keeps_search_and_facets(seeded):
    current = Filter(search="energy").with_state("category", "technology", "include")
    flt = ExportRequest(scope="filter").to_filter(current, frozenset())
    assert flt == current
    assert seeded.entries.ids(flt) == seeded.entries.ids(current)
    assert 0 < len(seeded.entries.ids(flt)) < seeded.entries.total()


def test_scope_selected_is_the_selection(seeded, ids):
    chosen = frozenset(ids[1:4])
    flt = ExportRequest(scope="selected").to_filter(Filter(search="energy"), chosen)
    assert flt == Filter(ids=chosen)
    assert set(seeded.entries.ids(flt)) == chosen


@pytest.mark.parametrize("scope", ["all", "filter", "selected"])
def test_statuses_narrow_every_scope(seeded, ids, scope):
    seeded.edits.set_status(ids[:2], "approved")
    seeded.edits.set_status(ids[2:3], "rejected")
    current = Filter()
    request = ExportRequest(scope=scope, statuses=frozenset({"approved"}))
    flt = request.to_filter(current, frozenset(ids[1:5]))
    assert ("status", "approved") in flt.include
    expected = {"all": ids[:2], "filter": ids[:2], "selected": ids[1:2]}[scope]
    assert sorted(seeded.entries.ids(flt)) == sorted(expected)


def test_statuses_replace_the_status_facet(seeded, ids):
    seeded.edits.set_status(ids[:2], "approved")
    seeded.edits.set_status(ids[2:3], "rejected")
    current = (Filter().with_state("status", "new", "include")
               .with_state("status", "rejected", "exclude"))
    request = ExportRequest(scope="filter", statuses=frozenset({"approved", "rejected"}))
    flt = request.to_filter(current, frozenset())
    assert flt.include == {("status", "approved"), ("status", "rejected")}
    assert flt.exclude == frozenset()
    assert sorted(seeded.entries.ids(flt)) == sorted(ids[:3])


def test_no_status_keeps_the_filter_status_choice(seeded, ids):
    current = Filter().with_state("status", "new", "include")
    assert ExportRequest(scope="filter").to_filter(current, frozenset()) == current


def test_an_unknown_status_is_refused():
    with pytest.raises(ValueError, match="unknown status 'maybe'"):
        ExportRequest(statuses=frozenset({"maybe"})).to_filter()


def test_the_command_line_offers_the_request_choices():
    export = _parser()._subparsers._group_actions[0].choices["export"]
    choices = {action.dest: action.choices for action in export._actions}
    assert tuple(choices["format"]) == FORMATS
    assert tuple(choices["status"]) == STATUSES
