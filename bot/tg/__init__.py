"""The Telegram front-end: python-telegram-bot handlers around the engine's `Reply` values."""
from bot.tg.app import build_application, run_bot
from bot.tg.settings import MissingTokenError, Settings, SettingsError

__all__ = ["MissingTokenError", "Settings", "SettingsError", "build_application", "run_bot"]
