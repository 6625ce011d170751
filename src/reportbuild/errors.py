"""The build's failures, each said in one line: what failed, where, and what to do."""

from __future__ import annotations

import errno
from pathlib import Path

from reportbuild.run.record import PROJECT_ROOT


class ChapterFailed(RuntimeError):
    pass


ADVICE = {
    errno.ENOSPC: "the disk is full: free some space, then run make again",
    errno.EROFS: "the file system is read-only: choose another REPORTS= folder",
    errno.EACCES: "permission denied: fix the permissions or choose another folder",
    errno.EPERM: "permission denied: fix the permissions or choose another folder",
    errno.ENOTDIR: "a part of this path is a file, not a folder: choose another path",
    errno.EISDIR: "this is a folder where a file was expected",
    errno.ENOENT: "it does not exist",
}


def system_error(error: OSError) -> str:
    """One line for an operating-system error: the path, what happened, and what to do."""
    where = error.filename or "a file"
    advice = ADVICE.get(error.errno, error.strerror or str(error))
    return f"cannot use {where}: {advice} ({error.strerror or type(error).__name__})"


def shown(path: Path) -> str:
    """A path as the user typed it: relative to the project (make's working directory) when inside it."""
    path = Path(path).resolve()
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)
