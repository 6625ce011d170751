"""A problem in the data, and the one error that carries all of them (no pandas here: the build's entry point
imports this to catch it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = self.file + (f", line {self.line}" if self.line else "")
        what = f"column '{self.column}': " if self.column else ""
        return f"{where}: {what}{self.message}"


SHOWN_PROBLEMS = 50  # a badly broken file should not print a megabyte of messages


class DataError(Exception):
    """Raised with every problem found in a region's data; its text is the one message a user sees."""

    def __init__(self, problems: list[Problem]):
        unique, cells = [], set()
        for problem in dict.fromkeys(problems):  # one message per cell: the first (most basic) wins
            cell = (problem.file, problem.line, problem.column)
            if problem.line is None or cell not in cells:
                unique.append(problem)
                cells.add(cell)
        files = {p.file: n for n, p in reversed(list(enumerate(unique)))}  # each file where it first appears
        self.problems = problems = sorted(unique, key=lambda p: (files[p.file], p.line or 0))  # top to bottom
        lines = [f"{len(problems)} data problem(s):"] + [f"  - {p}" for p in problems[:SHOWN_PROBLEMS]]
        if len(problems) > SHOWN_PROBLEMS:
            lines.append(
                f"  … and {len(problems) - SHOWN_PROBLEMS} more (fix these first; make validate lists them again)"
            )
        super().__init__("\n".join(lines))
