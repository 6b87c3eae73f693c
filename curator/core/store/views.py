"""SQL views that make a library easy to read in any SQLite tool (Datasette, sqlite-utils,
a spreadsheet's database import); Curator itself reads the tables."""

from __future__ import annotations

HISTORY_VIEW = (
    # By entry id, as the history is kept: a deleted entry's history has no title.
    "CREATE VIEW history_view AS SELECT h.pk, h.entry_id, e.title AS entry_title, h.field, "
    "h.item, h.old, h.new, h.at, h.by, h.reason "
    "FROM history h LEFT JOIN entries e ON e.id = h.entry_id")
"""The history's view: made with the library, and by the migration to 5 (with the item
column that one adds)."""

VIEWS = [
    # Keywords and themes joined as text, and as JSON arrays for array facets (Datasette's
    # `_facet_array`); taken from the text the search index reads, in the entry's order.
    "CREATE VIEW entries_view AS SELECT e.pk, e.id, e.title, e.page, e.url, e.status, "
    "e.category, e.type, "
    "replace(e.keywords_text, char(10), '; ') AS keywords, "
    "replace(e.themes_text, char(10), '; ') AS themes, "
    "(SELECT json_group_array(keyword) FROM (SELECT keyword FROM keywords k "
    "WHERE k.entry_pk = e.pk ORDER BY position)) AS keyword_list, "
    "(SELECT json_group_array(theme) FROM (SELECT theme FROM themes t "
    "WHERE t.entry_pk = e.pk ORDER BY position)) AS theme_list, "
    "e.summary, e.notes, e.n_signals, e.n_items, e.max_relevancy, e.mean_relevancy, "
    "e.imported_at, e.updated_at FROM entries e",
    "CREATE VIEW items_view AS SELECT i.pk, i.entry_pk, e.id AS entry_id, "
    "e.title AS entry_title, i.section, i.position, i.name, i.description, i.change, "
    "i.ten_year, i.driving_force, i.src, i.relevancy, i.relevancy_imported, "
    "i.relevancy - i.relevancy_imported AS score_change, i.reviewed "
    "FROM items i JOIN entries e ON e.pk = i.entry_pk",
    HISTORY_VIEW,
]
"""The views, each one statement (made with the library; by the migration to 3 but the
history's)."""

VIEW_NAMES = ("entries_view", "items_view", "history_view")
