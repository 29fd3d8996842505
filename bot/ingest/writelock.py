"""One corpus writer at a time across processes: an advisory lock on a file beside the database.

The bot's rescan and a manual `newsbot ingest` may start together; without this, both see the same
new file and one reports a false `UNIQUE constraint failed`. SQLite's own locking serialises single
transactions, not "look, then write" sequences, so the lock covers a whole ingest run.
"""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator


class WriterBusy(Exception):
    """Another process is ingesting into the same database."""


def lock_path(db_path: str | Path) -> Path:
    p = Path(db_path)
    return p.with_name(p.name + ".ingest-lock")


@contextmanager
def writer_lock(db_path: str | Path | None, *, wait: bool = True,
                on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the writer lock of `db_path` (in-memory databases need none).

    wait=False raises WriterBusy at once when another process holds it; otherwise `on_wait` is
    called once and the call blocks until the other writer is done."""
    if db_path is None or str(db_path) in ("", ":memory:"):
        yield
        return
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise WriterBusy(str(db_path)) from None
            if on_wait:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
