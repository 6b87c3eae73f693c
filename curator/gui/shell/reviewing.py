"""The review work's controller: the Items, Statistics and Calibration tabs, review mode, and the
score changes they make."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStackedWidget, QStatusBar, QTabWidget, QWidget

from ...core import operations as ops
from ...core.operations import Change, Touched
from ...core.store import Filter, ItemFilter, ItemKey, Library
from ..operations import Operations
from ..review.review_view import ReviewView
from ..widgets import ask
from ..widgets.on_show import ShowWatcher
from .tabs import LazyTabs, add_review_tabs

if TYPE_CHECKING:
    from ..review.calibration_view import CalibrationView
    from ..review.items_view import ItemsView
    from ..review.stats_view import StatsView

CONFIRM_GROUP_ITEMS = 200
"""Setting the score of a calibration group larger than this is confirmed first."""
CONFIRM_REVIEW_ITEMS = 20_000
"""A review of more items than this is confirmed first (at 100 a minute, over three hours)."""


class ReviewController:
    """Builds the review views (review mode in `center`, the three review tabs in `tabs`) and
    runs their score changes through `ops`.

    Review mode takes the place of the main `views` in `center` and hides the `entry_pane`;
    the views are read again when it ends (`refresh`), so each keystroke stays instant.
    """

    def __init__(self, parent: QWidget, library: Callable[[], Library | None], ops: Operations,
                 *, tabs: LazyTabs, views: QTabWidget, center: QStackedWidget,
                 entry_pane: QWidget, entry_filter: Callable[[], Filter],
                 open_entry: Callable[[str], None], leave_edit: Callable[[], bool],
                 target_ids: Callable[[], list[str]], status_bar: QStatusBar,
                 refresh: Callable[[], None],
                 follow_entry: Callable[[str], None] | None = None) -> None:
        self._parent = parent
        self._library = library
        self._ops = ops
        self._views = views
        self._center = center
        self._entry_pane = entry_pane
        self._entry_filter = entry_filter
        self._leave_edit = leave_edit
        self._target_ids = target_ids
        self._status_bar = status_bar
        self._refresh = refresh
        self._stale = False
        """Scores changed in review mode, the other views not yet told."""
        self.items_tab, self.stats_tab, self.calibration_tab = add_review_tabs(
            tabs, set_item_relevancy=self.set_item_relevancy, open_entry=open_entry,
            start_review=self.start_review, show_section_score=self.show_section_score,
            set_group_score=self.set_group_score, follow_entry=follow_entry)
        self._follow_entry = follow_entry
        # The pane placed beside or below the Items tab shows the current item's entry at
        # once, not the list's until the next row is chosen.
        ShowWatcher(entry_pane, self._follow_current_item)
        self.view = ReviewView(self.set_item_relevancy, self.mark_reviewed)
        self.view.finished.connect(self.end_review)
        self.view.show_items.connect(self.show_review_changes)
        center.addWidget(self.view)

    @property
    def items_view(self) -> ItemsView:
        return self.items_tab.view()

    @property
    def stats_view(self) -> StatsView:
        return self.stats_tab.view()

    @property
    def calibration_view(self) -> CalibrationView:
        return self.calibration_tab.view()

    def _follow_current_item(self) -> None:
        if self._follow_entry is None or not self.items_tab.built:
            return
        view = self.items_view
        index = view.table.currentIndex()
        key = view.model.row_key(index.row()) if index.isValid() else None
        if key is not None and view.isVisible():
            self._follow_entry(key.entry_id)

    def _writable(self) -> Library | None:
        library = self._library()
        return None if library is None or library.read_only else library

    # -- score changes ---------------------------------------------------------------

    def set_item_relevancy(self, key: ItemKey, value: int, reason: str | None = None) -> bool:
        """One score change from the items table or review mode: one undo step."""
        if self._writable() is None:
            return False
        in_review = self.in_review()
        # Views are read again when review ends, so each keystroke stays instant.
        change = self._ops.run("Cannot change the score", ops.set_score, key, value,
                               reason=reason, refresh=not in_review)
        if change is None:
            return False
        if in_review:
            self._stale = True
        return True

    def mark_reviewed(self, key: ItemKey) -> None:
        if self._writable() is not None and self._ops.run(
                "Cannot mark the item reviewed", ops.mark_reviewed, [key],
                refresh=False) is not None:
            self._stale = True

    def set_group_score(self, keys: list[ItemKey], value: int) -> bool:
        """Calibration: one score for a whole group of similar items, as one undo step."""
        if self._writable() is None or not keys:
            return False
        entries = len({key[0] for key in keys})
        if len(keys) > CONFIRM_GROUP_ITEMS and not ask.confirm(
                self._parent, "Set scores", f"Give all {len(keys):,} items of this group, in "
                f"{entries:,} entries, the score {value}? Edit → Undo takes it back.",
                "Set scores"):
            return False
        return self._ops.run("Cannot change the scores", ops.set_group_score, keys,
                             value) is not None

    def after_change(self, change: Change) -> None:
        """After an action, an undo or a redo: the review views showing what it touched."""
        library = self._library()
        if library is None:
            return
        # A status or a term can move items in or out of a filtered view.
        filtered = self._entry_filter() != Filter()
        if change.touches(Touched.SCORES | Touched.ITEMS | Touched.REVIEWED | Touched.ENTRIES) \
                or (filtered and change.touches(Touched.STATUS | Touched.TERMS | Touched.TITLE)):
            if self.items_tab.built:
                self.items_view.refresh()
            if self.stats_tab.built:
                self.stats_view.mark_stale()
            self.view.refresh()
        if self.calibration_tab.built and change.touches(Touched.SCORES | Touched.ENTRIES):
            keys = self.calibration_view.keys_in(list(change.entry_ids))
            if keys:
                rows = library.items.page(ItemFilter(keys=keys), limit=len(keys))
                self.calibration_view.show_scores({row.key: row.relevancy for row in rows})

    def refresh(self) -> None:
        """Everything was read again: review mode too, and nothing is left stale."""
        self._stale = False
        self.view.refresh()

    # -- review mode ---------------------------------------------------------------

    def in_review(self) -> bool:
        return self._center.currentWidget() is self.view

    def review_filter(self) -> None:
        """The items listed in the Items tab when it is open, else those of the entry filter."""
        if not self.in_review() and self._views.currentWidget() is self.items_tab:
            self._review_items(self.items_view.current_filter(),
                               *self.items_view.model.sort_key)  # in the tab's order
            return
        self._review_items(ItemFilter(entries=self._entry_filter()))

    def review_selected(self) -> None:
        ids = self._target_ids()
        if ids:
            self._review_items(ItemFilter(entries=Filter(ids=frozenset(ids))))

    def _review_items(self, flt: ItemFilter, sort: str = "section",
                      descending: bool = False) -> None:
        library = self._writable()
        if library is None:
            return
        if self.items_view.skip_reviewed_check.isChecked():
            if flt.reviewed is True:
                self.start_review([])  # only reviewed items are listed: none is left to do
                return
            flt = replace(flt, reviewed=False)
        # Counted first: reading the keys of millions of items alone takes seconds.
        count = library.items.count(flt)
        if count > CONFIRM_REVIEW_ITEMS and not ask.confirm(
                self._parent, "Review", f"Review all {count:,} of these items, one by one? To "
                "review fewer, narrow the entries with the sidebar or the items with the Items "
                "tab's filters first.", "Review all"):
            return
        self.start_review(library.items.keys(flt, sort=sort, descending=descending))

    def start_review(self, keys: list[ItemKey]) -> None:
        """Review these items, in this order."""
        library = self._writable()
        if library is None or not self._leave_edit():
            return
        if not keys:
            self._status_bar.showMessage("No items to review here.", 5000)
            return
        self._center.setCurrentWidget(self.view)
        # Review shows its item's own entry as context; the list's entry would only distract.
        self._entry_pane.hide()
        self.view.start(library, keys)
        self.view.setFocus()

    def end_review(self) -> None:
        self._center.setCurrentWidget(self._views)
        self._entry_pane.show()
        if self._stale:
            self._refresh()

    def show_review_changes(self, keys: list[ItemKey]) -> None:
        self.end_review()
        self._views.setCurrentWidget(self.items_tab)
        self.items_view.show_keys(keys)

    def show_section_score(self, section: str, score: int) -> None:
        self._views.setCurrentWidget(self.items_tab)
        self.items_view.show_section_score(section, score)
