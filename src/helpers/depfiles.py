"""Make dependency files: what a report read when it was last built, written like `gcc -MD -MP` writes them.

make includes these files, so a report's prerequisites are exactly its recorded inputs; the build reads the
same files to decide which of the reports make asked for are out of date (one truth, two readers).
"""
from __future__ import annotations

import os
from pathlib import Path

from helpers.paths import PROJECT_ROOT

HEADER = "# Written by helpers.build from what this report read when it was last built; do not edit."


def folder_for(out: Path) -> Path:
    """Where the dependency files of the reports in `out` live (the Makefile's DEPS: build/deps/<abs path>)."""
    return PROJECT_ROOT / "build" / "deps" / out.resolve().relative_to("/")


def shown(path: Path | str) -> str:
    """A path as make sees it: relative to the project (make's working directory) when inside it."""
    path = Path(path).resolve()
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


def write(depfile: Path, targets: list[Path], inputs: list[Path | str]) -> None:
    names = sorted(dict.fromkeys(shown(p) for p in inputs))
    # Targets are named exactly as make names them (the OUT it was given), or make would not match them.
    lines = [HEADER, " ".join(str(t) for t in targets) + ": \\"]
    lines += [f"  {name} \\" for name in names[:-1]] + ([f"  {names[-1]}"] if names else [""])
    # -MP: an empty rule per input, so a deleted input makes the report out of date instead of stopping make.
    lines += [""] + [f"{name}:" for name in names]
    depfile.parent.mkdir(parents=True, exist_ok=True)
    temp = depfile.with_name(depfile.name + ".part")
    temp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(temp, depfile)


def read(depfile: Path) -> list[Path]:
    """The inputs a dependency file lists (empty if there is none yet)."""
    if not depfile.exists():
        return []
    text = depfile.read_text(encoding="utf-8").split("\n\n", 1)[0]
    rule = text.replace("\\\n", " ").split(": ", 1)[-1]
    return [PROJECT_ROOT / name if not name.startswith("/") else Path(name) for name in rule.split()]


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


def out_of_date(outputs: list[Path], depfile: Path, also: list[Path] = ()) -> bool:
    """True if an output is missing, or any recorded input (or one of `also`) is missing or newer than it."""
    built = [_mtime(p) for p in outputs]
    if None in built or not depfile.exists():
        return True
    oldest = min(built)
    for path in [*read(depfile), *also]:
        changed = _mtime(path)
        if changed is None or changed > oldest:
            return True
    return False
