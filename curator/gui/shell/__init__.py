"""The window itself: building and wiring it, its menus, the application and its dialogs about itself."""
