"""The chapter list, read from notebooks/chapters.yml (the one place chapters are declared)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from helpers.base.paths import CHAPTERS_FILE, NOTEBOOKS_DIR, data_dir


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

    @property
    def heading(self) -> str:
        """'第1章 社会救助'; the overview (number 0) is not a numbered chapter."""
        return f"第{self.number}章 {self.title_zh}" if self.number else self.title_zh

    @property
    def notebook(self) -> Path:
        return NOTEBOOKS_DIR / f"{self.id}.ipynb"


def load_chapters(path: Path = CHAPTERS_FILE) -> list[Chapter]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["chapters"]
    chapters = [
        Chapter(
            id=e["id"],
            number=int(e["number"]),
            title_zh=e["title_zh"],
            title_en=e["title_en"],
            tables=tuple(e["tables"]),
            planned=bool(e.get("planned", False)),
            headline=tuple(e.get("headline", ())),
        )
        for e in entries
    ]
    return sorted(chapters, key=lambda c: c.number)


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


def available_regions(root: Path | None = None) -> list[str]:
    """Regions with data: folders of the data root holding at least one chapter folder."""
    root = root or data_dir()
    ids = {c.id for c in load_chapters()}
    return sorted(p.name for p in root.iterdir() if p.is_dir() and ids & {c.name for c in p.iterdir() if c.is_dir()})


def region_chapters(region: str) -> tuple[list[Chapter], list[Chapter]]:
    """The chapters `region` has data for (its chapter folders), and those it lacks."""
    return chapters_with_data(set(chapter_folders(data_dir() / region)))
