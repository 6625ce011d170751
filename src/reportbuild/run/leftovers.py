"""Leftovers of builds that were killed (SIGTERM, SIGKILL, a full disk): removed by the next build.

Every temporary file or folder a build makes carries its process id — report parts (`.<report>.<pid>.….part`),
kernel connection folders (`kernel-<pid>-…` in the temporary folder), running notebooks
(`<chapter>.<pid>.running.ipynb`) — so a later build can tell a dead build's debris from a live build's work.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

# What earlier versions of the build kept (make dependency files, generated make rules): the manifest replaced them.
LEGACY = [Path(__file__).resolve().parents[3] / "build" / name for name in ("deps", "rules")]


def alive(pid: int) -> bool:
    """Whether process `pid` runs. A killed process whose parent has not yet collected it (a zombie) does not."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def _dead(path: Path, pattern: re.Pattern) -> bool:
    match = pattern.search(path.name)
    return bool(match) and not alive(int(match.group(1)))


def remove(out: Path, failed: Path) -> list[Path]:
    """Remove what dead builds left in `out`, in `failed` and in the temporary folder; return what was removed."""
    found = []
    if out.is_dir():
        found += [p for p in out.rglob(".*.part") if _dead(p, re.compile(r"\.(\d+)\.[^.]*\.part$"))]
    if failed.is_dir():
        found += [p for p in failed.rglob("*.running.ipynb") if _dead(p, re.compile(r"\.(\d+)\.running\.ipynb$"))]
    found += [p for p in Path(tempfile.gettempdir()).glob("kernel-*-*") if _dead(p, re.compile(r"^kernel-(\d+)-"))]
    found += [p for p in LEGACY if p.exists()]
    for path in found:
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    return found
