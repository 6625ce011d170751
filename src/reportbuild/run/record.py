"""What a run read, and what each thing held when it was read.

Every file opened for reading and every folder listed under the roots that matter (the project, the data folder,
the reports folder), plus the project's analysis modules imported, each with a fingerprint taken when it was
read. The manifest keeps these fingerprints, so a report is current exactly when everything it read still holds
what it held then (a file edited while its chapter ran makes the chapter stale).

It works through Python's audit hooks (PEP 578: the `open`, `os.listdir` and `os.scandir` events), so whatever
reads a file (pandas, csv, yaml, jinja2) is seen and analysis code never calls it. The build installs it in its
own process and, through the start-up code of every kernel it starts (helpers.kernels), in each kernel.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from pathlib import Path

RECORD_VARIABLE = "MINZHENG_RECORD"  # the file a kernel writes its record to, after every cell
ROOTS_VARIABLE = "MINZHENG_RECORD_ROOTS"  # the folders whose reads count, separated by os.pathsep
PROJECT_ROOT = Path(__file__).resolve().parents[3]
ANALYSIS_PACKAGE = PROJECT_ROOT / "src" / "helpers"
NEVER_INPUTS = (PROJECT_ROOT / ".venv", PROJECT_ROOT / ".git", PROJECT_ROOT / "build" / "failed")
SKIPPED_NAMES = {"__pycache__", ".ipynb_checkpoints"}
BOOKKEEPING = {"manifest.json", ".build.lock"}  # the build's own record and lock: read to decide, never inputs

_roots: tuple[str, ...] = ()
_excluded: tuple[str, ...] = tuple(str(p) + os.sep for p in NEVER_INPUTS)
_code = str(PROJECT_ROOT / "src")
_read: dict[str, str] = {}
_inside = threading.local()


def fingerprint(path: Path | str) -> str | None:
    """sha256 of a file's bytes, or of a folder's sorted listing ('dir:…'), or what a link points to ('link:…');
    None if it is not there."""
    path = Path(path)
    try:
        if path.is_symlink():  # the link itself: pointing it elsewhere changes what a report read
            return "link:" + os.readlink(path)
        if path.is_dir():
            listing = "\n".join(sorted(os.listdir(path)))
            return "dir:" + hashlib.sha256(listing.encode("utf-8", "surrogateescape")).hexdigest()
        if not path.is_file():  # a FIFO or a device: reading it could block for ever
            return "not a regular file" if path.exists() else None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _counts(path: str) -> bool:
    if not (path + os.sep).startswith(_roots) or path.startswith(_excluded) or path.endswith(".pyc"):
        return False
    if os.path.basename(path) in BOOKKEEPING:
        return False
    return not SKIPPED_NAMES.intersection(Path(path).parts)


def note(path: Path | str) -> None:
    """Record `path` with what it holds now, unless it was recorded earlier in this run; a link is recorded as a
    link (where it points) and, apart, the file it leads to."""
    absolute, real = os.path.abspath(path), os.path.realpath(path)
    for recorded in dict.fromkeys([absolute, real] if os.path.islink(absolute) else [real]):
        if recorded not in _read:
            _inside.active = True
            try:
                _read[recorded] = fingerprint(recorded) or "missing"
            finally:
                _inside.active = False


def _is_read(mode, flags) -> bool:
    if isinstance(mode, str):
        return not any(c in mode for c in "wax+")
    return isinstance(flags, int) and flags & os.O_ACCMODE == os.O_RDONLY


def _hook(event: str, args: tuple) -> None:
    if not _roots or getattr(_inside, "active", False):
        return
    if event == "open":
        path, reading = args[0], _is_read(args[1], args[2])
    elif event in ("os.listdir", "os.scandir"):  # a folder listed: its names mattered
        path = args[0]
        reading = not _import_lookup(path)
    else:
        return
    if reading and isinstance(path, (str, os.PathLike)):
        absolute = os.path.abspath(path)
        if _counts(absolute):
            note(absolute)


def _import_lookup(path) -> bool:
    """The import system lists src/ and every folder on sys.path (the kernel's working folder too) to find modules:
    those listings are not inputs (the modules it found are recorded as modules)."""
    if not isinstance(path, str):
        return False
    path = os.path.abspath(path)
    return path.startswith(_code) or path in {os.path.abspath(p or os.curdir) for p in sys.path}


def install(roots: list[Path | str]) -> None:
    """Start recording reads under `roots` in this process (and in processes forked from it)."""
    global _roots
    if not _roots:
        sys.addaudithook(_hook)
    _roots = tuple(sorted({os.path.realpath(r) + os.sep for r in roots} | {str(PROJECT_ROOT) + os.sep}))


def forget() -> None:
    """Start a new record (before each report)."""
    _read.clear()


_seen_modules: dict[str, str | None] = {}  # module name → its analysis source file (None: not analysis code)


def _analysis_file(module) -> str | None:
    source = getattr(module, "__file__", None)
    if not source:
        return None
    resolved = Path(source).resolve()
    return str(resolved) if resolved.is_relative_to(ANALYSIS_PACKAGE) else None


def analysis_modules() -> list[str]:
    """Source files of the analysis modules imported so far: a notebook's results depend on them. Each module is
    looked at once (the record is written after every cell; resolving a thousand paths each time cost seconds)."""
    for name, module in list(sys.modules.items()):
        if name not in _seen_modules:
            _seen_modules[name] = _analysis_file(module)
    return sorted({f for name, f in _seen_modules.items() if f and name in sys.modules})


def recorded() -> dict[str, str]:
    """Every input read (and analysis module imported) so far, with its fingerprint."""
    for module in analysis_modules():
        note(module)
    return dict(sorted(_read.items()))


def write(target: Path | str) -> None:
    target = Path(target)
    temp = target.with_name(target.name + ".part")
    temp.write_text(json.dumps(recorded(), ensure_ascii=False, indent=0), encoding="utf-8")
    os.replace(temp, target)


def load(target: Path | str) -> dict[str, str] | None:
    try:
        return json.loads(Path(target).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def start_in_kernel() -> None:
    """Run by a kernel's start-up code: record reads under the roots the build named, and write the record
    after every cell (so what later cells read and import counts too)."""
    target = os.environ.get(RECORD_VARIABLE)
    shell = sys.modules["builtins"].__dict__.get("get_ipython", lambda: None)()
    if not target or shell is None:
        return
    install([r for r in os.environ.get(ROOTS_VARIABLE, "").split(os.pathsep) if r])
    shell.events.register("post_run_cell", lambda *_: write(target))
