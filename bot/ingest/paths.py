"""Default locations of the corpus and the database (NEWSBOT_CORPUS / NEWSBOT_DB override them)."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def default_corpus() -> Path:
    return Path(os.environ.get("NEWSBOT_CORPUS") or PROJECT_ROOT / "corpus")


def default_db() -> Path:
    # Inside the checkout but ignored by git: a database built from the corpus is never committed.
    return Path(os.environ.get("NEWSBOT_DB") or PROJECT_ROOT / ".newsbot" / "newsbot.db")
