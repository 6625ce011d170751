"""What every process the build forks does at its start."""

from __future__ import annotations

import signal
from contextlib import suppress


def end_with_parent() -> None:
    """Linux: a forked process gets SIGTERM when the build's process dies (SIGKILL, a crash), instead of working on
    for nobody."""
    import ctypes

    with suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
