"""Finding and reading entries: the entry list, facets, the detail view and the history."""
