"""What a run actually read: the data files and folders opened through helpers, and the helper modules imported.

The build turns this record into a make dependency file per report (like `gcc -MD`), so a report is rebuilt
when, and only when, something it read has changed. Inside a kernel started by the build, the record is
written after every cell to the file named by MINZHENG_INPUTS_FILE; outside a build nothing is written.
"""
from __future__ import annotations

import builtins
import json
import os
import sys
from pathlib import Path

INPUTS_FILE_VARIABLE = "MINZHENG_INPUTS_FILE"

# Modules that decide when a report is built and record how, but never shape its bytes: not inputs.
BOOKKEEPING = {"batch.py", "benchmark.py", "depfiles.py", "manifest.py"}

_read: set[str] = set()
_recording_cells = False


def note(path: Path | str) -> None:
    """Record that `path` (a file, or a folder whose listing mattered) was read."""
    _read.add(str(Path(path).resolve()))


def forget() -> None:
    """Start a new record (a build worker does this before each report)."""
    _read.clear()


def data_read() -> list[str]:
    return sorted(_read)


def helper_modules() -> list[str]:
    """Source files of the helper modules imported so far, templates excluded (the renderer notes those)."""
    files = set()
    for name, module in list(sys.modules.items()):
        source = getattr(module, "__file__", None)
        if (name == "helpers" or name.startswith("helpers.")) and source and Path(source).name not in BOOKKEEPING:
            files.add(str(Path(source).resolve()))
    return sorted(files)


def everything_read() -> list[str]:
    return sorted(set(data_read()) | set(helper_modules()))


def write_record(target: Path | str) -> None:
    target = Path(target)
    temp = target.with_name(target.name + ".part")
    temp.write_text(json.dumps(everything_read(), ensure_ascii=False, indent=0), encoding="utf-8")
    os.replace(temp, target)


def record_cells() -> None:
    """In a kernel started by the build, write the record after every cell (so later imports count too)."""
    global _recording_cells
    target = os.environ.get(INPUTS_FILE_VARIABLE)
    shell = getattr(builtins, "get_ipython", lambda: None)()
    if _recording_cells or not target or shell is None:
        return
    shell.events.register("post_run_cell", lambda *_: write_record(target))
    _recording_cells = True
