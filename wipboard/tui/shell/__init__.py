"""The app shell: the Textual App, its command palette and keymap, and opening it from the command line."""
