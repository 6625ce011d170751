"""The chapter list, read from notebooks/chapters.yml (the one place chapters are declared) and validated: a
problem in the file is a DataError naming the file, the line, the chapter entry and the key."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from helpers.base.paths import CHAPTERS_FILE, NOTEBOOKS_DIR, data_dir
from helpers.base.problems import DataError, Problem


class UnknownChapterError(ValueError):
    pass


@dataclass(frozen=True)
class Chapter:
    id: str
    number: int
    title_zh: str
    title_en: str
    tables: tuple[str, ...]
    planned: bool = False
    headline: tuple[str, ...] = ()

    def heading_as(self, number: int | None) -> str:
        """'第1章 社会救助' for the chapter numbered `number` in its region's book (numbered); the overview (number
        0 in chapters.yml) and a chapter without a number are headed by their title alone."""
        return f"第{number}章 {self.title_zh}" if self.number and number else self.title_zh

    @property
    def notebook(self) -> Path:
        return NOTEBOOKS_DIR / f"{self.id}.ipynb"


TABLES = ("observations", "events", "checks")
_SLUG = re.compile(r"^[a-z0-9_]+$")


def _slug(value) -> bool:
    return isinstance(value, str) and bool(_SLUG.match(value))


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _slugs(value) -> bool:
    return isinstance(value, list) and all(_slug(v) for v in value)


# The keys a chapter entry of chapters.yml may have: key → (required, what a value must be, the check).
ENTRY_KEYS = {
    "id": (True, "an id of a-z, 0-9 and _ (the notebook's file stem)", _slug),
    "number": (True, "a whole number ≥ 0 (0: the overview)", lambda v: type(v) is int and v >= 0),
    "title_zh": (True, "a non-empty text", _text),
    "title_en": (False, "a non-empty text", _text),
    "tables": (
        False,
        f"a list of tables among {', '.join(TABLES)}",
        lambda v: isinstance(v, list) and all(t in TABLES for t in v),
    ),
    "headline": (False, "a list of indicator ids", _slugs),
    "planned": (False, "true or false", lambda v: isinstance(v, bool)),
}


def _where(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _shown(value) -> str:
    return f"{type(value).__name__} {value!r}" if value is not None else "nothing"


def _entries(text: str, label: str) -> tuple[list[dict], list[Problem]]:
    """The chapter entries of chapters.yml's text, or the problems that stop them being read: each names the file,
    the line, the chapter entry and the key."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        what = getattr(error, "problem", None) or str(error).replace("\n", " ")
        where = f" (column {mark.column + 1})" if mark else ""
        return [], [Problem(label, f"not valid YAML: {what}{where}", line=mark.line + 1 if mark else None)]
    top = dict(zip([k.value for k, _ in root.value], root.value)) if isinstance(root, yaml.MappingNode) else {}
    if not isinstance(data, dict) or not isinstance(data.get("chapters"), list):
        return [], [Problem(label, "expected the key 'chapters' holding a list of chapter entries (id, number, …)")]
    problems = [
        Problem(
            label, f"unknown top-level key {k!r}; the file holds one key, 'chapters'", line=node[0].start_mark.line + 1
        )
        for k, node in top.items()
        if k != "chapters"
    ]
    entries, seen = [], {"id": {}, "number": {}}
    for n, (entry, node) in enumerate(zip(data["chapters"], top["chapters"][1].value), start=1):
        line = node.start_mark.line + 1
        if not isinstance(entry, dict):
            problems.append(
                Problem(
                    label, f"chapter entry {n}: expected keys (id, number, title_zh …), got {_shown(entry)}", line=line
                )
            )
            continue
        name = f"chapter entry {n}" + (f" (id {entry['id']!r})" if isinstance(entry.get("id"), str) else "")
        lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
        keys = [str(k.value) for k, _ in node.value]
        problems += [
            Problem(label, f"{name}, key {k!r}: the key appears twice", line=lines[k])
            for k in sorted({k for k in keys if keys.count(k) > 1})
        ]
        problems += [
            Problem(
                label, f"{name}, key {k!r}: unknown key; allowed: {', '.join(ENTRY_KEYS)}", line=lines.get(str(k), line)
            )
            for k in entry
            if k not in ENTRY_KEYS
        ]
        for key, (required, wanted, ok) in ENTRY_KEYS.items():
            if key not in entry:
                if required:
                    problems.append(Problem(label, f"{name}, key {key!r}: required key is missing", line=line))
            elif not ok(entry[key]):
                problems.append(
                    Problem(label, f"{name}, key {key!r}: expected {wanted}, got {_shown(entry[key])}", line=lines[key])
                )
        for key in ("id", "number"):
            value = entry.get(key)
            if ENTRY_KEYS[key][2](value) if key in entry else False:
                if value in seen[key]:
                    problems.append(
                        Problem(
                            label,
                            f"{name}, key {key!r}: {value!r} is already the {key} of chapter entry {seen[key][value]}",
                            line=lines[key],
                        )
                    )
                seen[key].setdefault(value, n)
        entries.append(entry)
    return entries, problems


_PARSED: dict[tuple[str, str], list[Chapter]] = {}


def load_chapters(path: Path = CHAPTERS_FILE) -> list[Chapter]:
    """The chapters of chapters.yml in book order; DataError naming the file, line, entry and key of every problem
    (an unknown key, a missing id/number/title_zh, a duplicate id or number, a value of the wrong type)."""
    label = _where(path)
    text = path.read_text(encoding="utf-8")  # read each time: a build records that its run read it
    if (label, text) not in _PARSED:
        entries, problems = _entries(text, label)
        if problems:
            raise DataError(problems)
        chapters = [
            Chapter(
                id=e["id"],
                number=e["number"],
                title_zh=e["title_zh"],
                title_en=e.get("title_en", ""),
                tables=tuple(e.get("tables", TABLES)),
                planned=e.get("planned", False),
                headline=tuple(e.get("headline", ())),
            )
            for e in entries
        ]
        _PARSED[(label, text)] = sorted(chapters, key=lambda c: c.number)
    return list(_PARSED[(label, text)])


def built_chapters() -> list[Chapter]:
    return [c for c in load_chapters() if not c.planned]


def chapter(chapter_id: str) -> Chapter:
    for candidate in load_chapters():
        if candidate.id == chapter_id:
            return candidate
    known = ", ".join(c.id for c in load_chapters())
    raise UnknownChapterError(f"unknown chapter {chapter_id!r}; known chapters: {known}")


def chapters_with_data(covered: set[str]) -> tuple[list[Chapter], list[Chapter]]:
    """The built chapters a region has data folders for, and those it lacks (left out of that region's book).

    The overview (number 0) is included whenever any chapter is.
    """
    chapters = built_chapters()
    included = [c for c in chapters if c.number and c.id in covered]
    omitted = [c for c in chapters if c.number and c.id not in covered]
    overview = [c for c in chapters if not c.number]
    return (overview + included if included else []), omitted


def chapter_folders(region_dir: Path) -> dict[str, Path]:
    """The region's chapter folders (data/<region>/<chapter id>/) that exist, in chapter order.

    The region's folder is listed (not probed name by name): which chapters exist numbers them, so a chapter
    added or removed is a change to every chapter's report."""
    present = {p.name for p in region_dir.iterdir() if p.is_dir()} if region_dir.is_dir() else set()
    return {c.id: region_dir / c.id for c in load_chapters() if c.id in present}


def context_only_regions(root: Path | None = None) -> set[str]:
    """Regions regions.csv marks `built` false: they only give context (their figures are rows of context.csv)."""
    path = (root or data_dir()) / "regions.csv"
    if not path.is_file():  # never opened unless a file (a FIFO would block): loading the region names the fault
        return set()
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error):
        return set()  # loading the region names what is wrong with the file
    return {r.get("region") for r in rows if str(r.get("built") or "").strip().lower() == "false"}


def available_regions(root: Path | None = None) -> list[str]:
    """Regions with data: folders of the data root holding at least one chapter folder, except a region that
    regions.csv marks as only giving context (`built` false). Every "every region" list (make regions, the
    tests) is this one."""
    root = root or data_dir()
    ids = {c.id for c in load_chapters()}
    skipped = context_only_regions(root)
    return sorted(
        p.name
        for p in root.iterdir()
        if p.is_dir() and p.name not in skipped and ids & {c.name for c in p.iterdir() if c.is_dir()}
    )


def region_chapters(region: str) -> tuple[list[Chapter], list[Chapter]]:
    """The chapters `region` has data for (its chapter folders), and those it lacks."""
    return chapters_with_data(set(chapter_folders(data_dir() / region)))


def numbered(chapters: list[Chapter]) -> dict[str, int]:
    """A region's chapters numbered 1…n in book order among those it has (the overview is not numbered)."""
    return {c.id: n for n, c in enumerate((c for c in chapters if c.number), start=1)}
