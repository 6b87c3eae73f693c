"""The window as a shell: it builds the views of the other subpackages and wires them together.

- `main_window`: the window; builds the panes, the menus and the main views, and connects them.
- `panes`: the Entries page (notice, search, list or empty state) and the entry pane (detail,
  edit view, history), laid out but not wired.
- `actions`: every menu action (text, shortcut, tip) and the menu bar; the window connects them.
- `tabs`: the main views built on first show (Items, Statistics, Calibration, Duplicates), as
  one table.
- `library_chooser`: where a library comes from (a chosen file, a new one, the sample library).
- `settings`: what the window remembers (geometry, panes, columns, recent libraries).
- `editing`, `reviewing`, `transferring`: the controllers the window hands its actions to
  (the entry pane and the edit actions; the review views and scores; import, export and
  printing), each given what it uses when made.
- `app`, `about`, `error_dialog`, `empty_state`, `palette`, `self_test`, `screenshots`: the
  application, its dialogs about itself, and its checks.
"""
