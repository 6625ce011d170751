"""The unit tier tests logic on fixture regions (tests/fixture_regions.py) and synthetic frames only: no file in
tests/unit/ names the region of the project's first report or its article's source id, and no unit test asks for
a fixture that reads a real region's data. Back-tests of real data: tests/backtest/; builds through make:
tests/e2e/."""

import ast
import re
from pathlib import Path

UNIT = Path(__file__).resolve().parent
# Spelt in pieces so that this file does not match itself.
REAL_REGION = re.compile("|".join(["晋" + "中", "jin" + "zhong", "jz" + "rb"]), re.IGNORECASE)
READS_REAL_DATA = {"jin" + "zhong", "data_copy", "source_texts", "built", "every_region"}


def _files() -> list[Path]:
    return sorted(p for p in UNIT.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def test_no_unit_test_names_the_real_region():
    found = [
        f"{path.relative_to(UNIT)}:{number}: {line.strip()}"
        for path in _files()
        if path.suffix in {".py", ".csv", ".yml", ".txt", ".json", ".md"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if REAL_REGION.search(line)
    ]
    assert not found, "real-region literals in tests/unit/ (move the test to tests/backtest/ or use a fixture):\n" + (
        "\n".join(found)
    )


def test_no_unit_test_asks_for_a_fixture_that_reads_real_data():
    found = []
    for path in _files():
        if path.suffix != ".py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                asked = {a.arg for a in node.args.args} & READS_REAL_DATA
                if asked:
                    found.append(f"{path.relative_to(UNIT)}: {node.name}({', '.join(sorted(asked))})")
    assert not found, "\n".join(found)
