"""A draft of a region's data from a published source (`make draft SOURCE=… REGION=…`).

    python -m reportbuild.tools.draft --source data/raw/<file> --region <id> [--out drafts]
    python -m reportbuild.tools.draft --measure [SOURCE_ID …]

It reads prose (.txt, .md) or a table (.csv, .tsv, .xlsx) and writes proposed observations.csv, checks.csv and
events.csv per chapter under <out>/<region>/<chapter>/, in the data format (the schemas' columns, in order), and
<out>/<region>/review.csv: how sure the draft is of each row and why. It never writes into the data folder: an
analyst copies the rows they confirm into data/<region>/<chapter>/ and runs `make validate REGION=<id>`.
`--measure` back-tests the draft on every source the built regions cite, against their hand-entered rows.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from helpers.base.paths import PROJECT_ROOT, data_dir
from reportbuild.tools import draft_measure
from reportbuild.tools.draft_build import build
from reportbuild.tools.draft_read import DraftError, Source, read_source
from reportbuild.tools.draft_rows import COLUMNS, Draft

REVIEW_COLUMNS = ["file", "row_id", "sure", "why"]
SURENESS = ("高", "中", "低")


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write(result: Draft, out: Path, data: Path) -> Path:
    """Write the draft under out/<region>/ (replacing an earlier draft's tables); never into the data folder."""
    folder = out / result.region
    if _inside(folder, data) or _inside(data, folder):
        raise DraftError(f"{out}: a draft is never written into the data folder ({data}); choose another --out")
    for old in [*folder.glob("*/*.csv"), folder / "review.csv"]:
        if old.is_file() and (old.name == "review.csv" or old.stem in COLUMNS):
            old.unlink()
    for (chapter, table), rows in sorted(result.rows.items()):
        _write_csv(folder / chapter / f"{table}.csv", COLUMNS[table], rows)
    _write_csv(folder / "review.csv", REVIEW_COLUMNS, result.review)
    return folder


def summary(result: Draft, folder: Path, unitless: int, source: Source) -> str:
    lines = [f"Draft of {result.region} from {source.path.name} (source_id {source.source_id}):"]
    for (chapter, table), rows in sorted(result.rows.items()):
        lines.append(f"  {chapter}/{table}.csv: {len(rows)} rows")
    counts = {s: sum(r["sure"] == s for r in result.review) for s in SURENESS}
    lines.append("  sure: " + ", ".join(f"{s} {n}" for s, n in counts.items()) + f" (see {folder / 'review.csv'})")
    if unitless:
        lines.append(f"  {unitless} table cells left out: no unit in their row label, column header or a 单位 line")
    if not source.recorded:
        lines.append(f"  {source.path.name} is not in raw/sources.csv: add it (source_id, published, sha256) first")
    lines.append(f"Written to {folder}/. Next: copy the rows you confirm into data/{result.region}/<chapter>/ and run ")
    lines.append(f"`make validate REGION={result.region}`.")
    return "\n".join(lines)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m reportbuild.tools.draft", description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, help="the raw source: data/raw/<file> (.txt, .md, .csv, .tsv, .xlsx)")
    parser.add_argument("--region", help="the region's id (a-z, 0-9, _)")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "drafts", help="where drafts go (default drafts/)")
    parser.add_argument("--measure", nargs="*", metavar="SOURCE_ID", help="back-test on these sources (default: all)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = _arguments(argv)
    data = data_dir()
    try:
        if arguments.measure is not None:
            print(draft_measure.table(arguments.measure or draft_measure.measured_sources(data), data))
            return 0
        if not arguments.source or not arguments.region:
            raise DraftError("give --source data/raw/<file> and --region <id> (or --measure)")
        if not arguments.region.replace("_", "").isalnum() or not arguments.region.isascii():
            raise DraftError(f"--region {arguments.region!r}: a region id is a-z, 0-9 and _")
        source = read_source(arguments.source, data)
        result, unitless = build(source, arguments.region.lower(), data)
        print(summary(result, write(result, arguments.out, data), unitless, source))
    except DraftError as error:
        print(f"draft: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"draft: cannot use {error.filename or 'a file'}: {error.strerror or error}", file=sys.stderr)
        return 2
    return 0


def measure(source_id: str, data: Path | None = None) -> dict:
    """Recall, quote, indicator and precision of the draft of `source_id` against its hand-entered rows."""
    return draft_measure.measure(source_id, data or data_dir())


if __name__ == "__main__":
    sys.exit(main())
