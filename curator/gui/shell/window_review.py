"""The main window's review work: the items table, review mode, statistics and calibration.

A mixin of MainWindow: it uses the window's library, views and undo stack.
"""

from __future__ import annotations

from dataclasses import replace

from ...core import operations as ops
from ...core.store import Filter, ItemFilter, ItemKey
from ..widgets import ask

CONFIRM_GROUP_ITEMS = 200
"""Setting the score of a calibration group larger than this is confirmed first."""
CONFIRM_REVIEW_ITEMS = 20_000
"""A review of more items than this is confirmed first (at 100 a minute, over three hours)."""


class ReviewActions:
    def set_item_relevancy(self, key: ItemKey, value: int, reason: str | None = None) -> bool:
        """One score change from the items table or review mode: one undo step."""
        if self.library is None or self.library.read_only:
            return False
        in_review = self.center.currentWidget() is self.review
        # Views are read again when review ends, so each keystroke stays instant.
        change = self.ops.run("Cannot change the score", ops.set_score, key, value,
                              reason=reason, refresh=not in_review)
        if change is None:
            return False
        if in_review:
            self._views_stale = True
        return True

    def mark_reviewed(self, key: ItemKey) -> None:
        if self.library is not None and not self.library.read_only:
            ops.mark_reviewed(self.library, [key])
            self._views_stale = True

    def set_group_score(self, keys: list[ItemKey], value: int) -> bool:
        """Calibration: one score for a whole group of similar items, as one undo step."""
        if self.library is None or self.library.read_only or not keys:
            return False
        entries = len({key[0] for key in keys})
        if len(keys) > CONFIRM_GROUP_ITEMS and not ask.confirm(
                self, "Set scores", f"Give all {len(keys):,} items of this group, in "
                f"{entries:,} entries, the score {value}? Edit → Undo takes it back.",
                "Set scores"):
            return False
        return self.ops.run("Cannot change the scores", ops.set_group_score, keys,
                            value) is not None

    def open_entry(self, entry_id: str) -> None:
        """Show one entry in the entry list, clearing the filter if it hides it."""
        if self.library is None or not self.library.entries.has(entry_id):
            return
        self.views.setCurrentWidget(self.entries_page)
        if self.model.row_of(entry_id) is None:
            self.set_filter(Filter())
        self._select_and_show(entry_id)
        self.list_view.setFocus()  # the keys then move through the entries, as expected

    def _select_and_show(self, entry_id: str) -> None:
        row = self.model.row_of(entry_id)
        if row is not None:
            index = self.model.index(row, 0)
            self.list_view.setCurrentIndex(index)
            self.list_view.scrollTo(index)

    # -- review mode ---------------------------------------------------------------

    def review_filter(self) -> None:
        """The items listed in the Items tab when it is open, else those of the entry filter."""
        if self.center.currentWidget() is self.views and \
                self.views.currentWidget() is self.items_tab:
            self._review_items(self.items_view.current_filter())
            return
        self._review_items(ItemFilter(entries=self.model.filter))

    def review_selected(self) -> None:
        ids = self._target_ids()
        if ids:
            self._review_items(ItemFilter(entries=Filter(ids=frozenset(ids))))

    def _review_items(self, flt: ItemFilter) -> None:
        if self.library is None or self.library.read_only:
            return
        if self.items_view.skip_reviewed_check.isChecked():
            if flt.reviewed is True:
                self.start_review([])  # only reviewed items are listed: none is left to do
                return
            flt = replace(flt, reviewed=False)
        # Counted first: reading the keys of millions of items alone takes seconds.
        count = self.library.items.count(flt)
        if count > CONFIRM_REVIEW_ITEMS and not ask.confirm(
                self, "Review", f"Review all {count:,} of these items, one by one? To review "
                "fewer, narrow the entries with the sidebar or the items with the Items tab's "
                "filters first.", "Review all"):
            return
        self.start_review(self.library.items.keys(flt))

    def start_review(self, keys: list[ItemKey]) -> None:
        """Review these items, in this order."""
        if self.library is None or self.library.read_only or not self.leave_edit():
            return
        if not keys:
            self.statusBar().showMessage("No items to review here.", 5000)
            return
        self.center.setCurrentWidget(self.review)
        # Review shows its item's own entry as context; the list's entry would only distract.
        self.right_tabs.hide()
        self.review.start(self.library, keys)
        self.review.setFocus()

    def end_review(self) -> None:
        self.center.setCurrentWidget(self.views)
        self.right_tabs.show()
        self._refresh_if_stale()

    def show_review_changes(self, keys: list[ItemKey]) -> None:
        self.end_review()
        self.views.setCurrentWidget(self.items_tab)
        self.items_view.show_keys(keys)

    def show_section_score(self, section: str, score: int) -> None:
        self.views.setCurrentWidget(self.items_tab)
        self.items_view.show_section_score(section, score)

    def _refresh_if_stale(self) -> None:
        if self._views_stale:
            self._views_stale = False
            self.refresh()
