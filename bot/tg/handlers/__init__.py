"""Telegram handlers, one module per kind of update, each with `register(app)`."""
