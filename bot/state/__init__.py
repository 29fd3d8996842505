"""State: the bot's own data (subscriptions, chat context, buttons) in SQLite or PostgreSQL,
migrated by `migrations/`, apart from the rebuildable corpus; `health` tells whether it and the
corpus answer (`newsbot health`, the body of /readyz).
"""
