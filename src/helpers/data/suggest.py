"""What a message about an unknown name suggests: the nearest known names and the file to add one to (no pandas
here: the parameters' check imports it)."""

from __future__ import annotations

import difflib
from pathlib import Path

SUGGESTED = 5  # names a message suggests at most
LISTED = 40  # a list of known names this short is given in full
CLOSE = 0.6  # how alike two spellings are to be suggested (difflib's ratio)


def _parts(name: str) -> set[str]:
    """What two names may share: the words of an id (dibao_standard → dibao, standard), the characters of other
    text (万人次 → 万, 人, 次)."""
    return set(name.split("_")) - {""} if name.isascii() else set(name)


def nearest(name: str, known) -> list[str]:
    """The known names nearest to `name`: the close spellings first (difflib), then those sharing the most words or
    characters with it."""
    known = [k for k in dict.fromkeys(known) if isinstance(k, str)]
    close = difflib.get_close_matches(name, known, n=SUGGESTED, cutoff=CLOSE)
    mine = _parts(name)
    sharing = sorted(
        (k for k in known if k not in close and mine & _parts(k)),
        key=lambda k: (-len(mine & _parts(k)), abs(len(k) - len(name)), k),
    )
    return (close + sharing)[:SUGGESTED]


def did_you_mean(names: list[str]) -> str:
    """The names as a message suggests them, ` (did you mean 'a', 'b' or 'c'?)`; '' when there are none."""
    if not names:
        return ""
    shown = [repr(n) for n in names]
    listed = ", ".join(shown[:-1]) + " or " + shown[-1] if len(shown) > 1 else shown[0]
    return f" (did you mean {listed}?)"


def unknown(kind: str, name, known, file: str) -> str:
    """An unknown name of `kind` in words, with the nearest known ones, every known one when they are few, and the
    file to add one to: `unknown unit '人次' (did you mean '万人次', '次' or '人'?); known: …; add a new one to
    data/units.csv`."""
    known = [k for k in dict.fromkeys(known) if isinstance(k, str)]
    said = f"unknown {kind} {name!r}" + did_you_mean(nearest(str(name), known))
    if known and len(known) <= LISTED:
        said += f"; known: {', '.join(known)}"
    return f"{said}; add a new one to {file}"


def shared_file(path: Path, label: str, name: str) -> str:
    """How the shared table `name` (units.csv …) is named in a message about the table at `path` (shown as
    `label`): in the same data folder, as the label names it (data/units.csv)."""
    root = next((p for p in path.parents if (p / "regions.csv").is_file()), path.parent)
    depth = len(path.relative_to(root).parts) if root in path.parents else 1
    return str(Path(label).parents[depth - 1] / name)
