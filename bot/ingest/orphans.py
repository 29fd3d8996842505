"""Ingest workers die with their parent: a `kill -9` of an ingest leaves no 250 MB workers behind.

A worker waiting on the pool's queue never sees the parent go (it holds both ends of the queue's
pipe itself), so `exit_with_parent` runs in each worker as the pool's initializer: on Linux the
kernel sends SIGKILL when the parent dies (`PR_SET_PDEATHSIG`); everywhere, a daemon thread
notices that the parent's pid changed (the worker was re-parented) and exits.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

# <linux/prctl.h>
_PR_SET_PDEATHSIG = 1
# How often the portable fallback looks at its parent's pid.
POLL_SECONDS = 0.5


def _linux_death_signal() -> bool:
    """Ask the kernel for SIGKILL when the parent dies; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)  # no cleanup: the parent, which would use the results, is gone


def exit_with_parent(parent: int) -> None:
    """Pool initializer (`initargs=(os.getpid(),)`): end this worker when `parent` ends.

    The kernel's death signal follows the thread that started the worker, which is the ingest's
    own thread (it submits the jobs and outlives the pool), so it fires when the ingest dies."""
    _linux_death_signal()
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="exit-with-parent", daemon=True).start()
