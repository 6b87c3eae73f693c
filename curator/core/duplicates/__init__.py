"""Duplicate entries: the keys that compare links and titles, finding groups, and marks."""

from ..identity import is_story_link, normalize_link, normalize_text, normalize_title
from .finder import (
    DEFAULT_THRESHOLD,
    REASONS,
    SAME_LINK,
    SAME_TITLE,
    SIMILAR,
    DuplicateGroup,
    Match,
    find_duplicates,
    find_in_library,
    pair_similarity,
)
from .marks import mark_not_duplicates, not_duplicates, unmark_not_duplicates
from .merge import (
    FIELDS,
    FieldVersions,
    ItemMatch,
    MergeChoices,
    MergePlan,
    choose_keeper,
    merge_entries,
    plan_merge,
    sure_groups,
)

__all__ = [
    "DEFAULT_THRESHOLD", "REASONS", "SAME_LINK", "SAME_TITLE", "SIMILAR", "DuplicateGroup",
    "Match", "find_duplicates", "find_in_library", "pair_similarity", "mark_not_duplicates",
    "not_duplicates", "unmark_not_duplicates", "is_story_link", "normalize_link",
    "normalize_text", "normalize_title", "FIELDS", "FieldVersions", "ItemMatch",
    "MergeChoices", "MergePlan", "choose_keeper", "merge_entries", "plan_merge", "sure_groups",
]
