"""The build steps the Makefile calls.

  python -m helpers.build rules                     make fragment: chapters and default years (from chapters.yml)
  python -m helpers.build validate REGION           validate a region's data
  python -m helpers.build chapter ID --region R --start S --end E --out DIR
  python -m helpers.build book --region R --start S --end E --out DIR    (after the chapters)

A failure prints one readable message and exits non-zero; nothing is written at a final path unless
the whole chapter (executed notebook, HTML and PDF) succeeded.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from helpers.chapters import UnknownChapterError, built_chapters, chapter, chapters_with_data
from helpers.data import available_regions, load_region
from helpers.paths import PROJECT_ROOT, data_dir
from helpers.params import ParameterError, check_parameters
from helpers.tables import DataError

FAILED_DIR = PROJECT_ROOT / "build" / "failed"


class ChapterFailed(RuntimeError):
    pass


def _execute(notebook: Path, parameters: dict, chapter_id: str, failed_copy: Path):
    """Run the notebook in a fresh kernel; on a failing cell keep the notebook at `failed_copy`."""
    import nbformat
    import papermill
    from jupyter_client.manager import KernelManager
    temp = failed_copy.with_suffix(".running.ipynb")
    temp.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
        # IPC sockets: no TCP port to race for under `make -j` (papermill#511), no plain-TCP warning.
        kernel = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(sockets, "k"))
        try:
            papermill.execute_notebook(str(notebook), str(temp), parameters=parameters, km=kernel,
                                       kernel_name="python3", progress_bar=False, log_output=False,
                                       cwd=str(notebook.parent))
        except papermill.PapermillExecutionError as error:
            temp.replace(failed_copy)
            raise ChapterFailed(f"chapter {chapter_id}: cell {error.exec_count} raised {error.ename}: "
                                f"{error.evalue} (failed notebook kept at {_shown(failed_copy)})") from None
        finally:
            if kernel.has_kernel:
                kernel.shutdown_kernel(now=True)
    nb = nbformat.read(temp, as_version=4)
    temp.unlink()
    return nb


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def build_chapter(chapter_id: str, region: str, start, end, out: Path, compare="on") -> list[Path]:
    import nbformat
    from helpers import render
    params = check_parameters(region, start, end, compare)
    params["compare"] = "on" if params["compare"] else "off"
    this = chapter(chapter_id)
    loaded = load_region(params["region"])  # fails here, before a kernel starts, on bad data
    failed_copy = FAILED_DIR / params["region"] / f"{chapter_id}.ipynb"
    nb = render.clean_notebook(_execute(this.notebook, params, chapter_id, failed_copy))
    failed_copy.unlink(missing_ok=True)
    title = f"{loaded.name_zh}民政工作十年 · 第{this.number}章 {this.title_zh}"
    html = render.to_html(nb, title)
    finals = [out / f"{chapter_id}.ipynb", out / f"{chapter_id}.html", out / f"{chapter_id}.pdf"]
    with render.atomic_paths(*finals) as (nb_tmp, html_tmp, pdf_tmp):
        nbformat.write(nb, nb_tmp)
        html_tmp.write_text(html, encoding="utf-8")
        render.to_pdf(html, pdf_tmp)
    return finals


def build_book(region: str, start, end, out: Path, compare="on") -> list[Path]:
    """Assemble the chapter reports in `out` into book.html and book.pdf."""
    from helpers import book, render
    params = check_parameters(region, start, end, compare)
    loaded = load_region(params["region"])
    chapters, omitted = chapters_with_data(loaded.facts, loaded.events)
    html = book.book_html(loaded, chapters, book.chapter_reports(out, chapters),
                          params["start_year"], params["end_year"], omitted)
    finals = [out / "book.html", out / "book.pdf"]
    with render.atomic_paths(*finals) as (html_tmp, pdf_tmp):
        html_tmp.write_text(html, encoding="utf-8")
        render.to_pdf(html, pdf_tmp)
    return finals


def make_rules() -> str:
    """The Makefile's view of chapters.yml and regions.csv, so no list is written twice."""
    import pandas as pd
    lines = ["# Generated from notebooks/chapters.yml and data/ by `python -m helpers.build rules`."]
    regions = pd.read_csv(data_dir() / "regions.csv", dtype=str)
    for _, r in regions.iterrows():
        if r["region"] not in available_regions():
            continue
        try:
            region = load_region(r["region"])
            included, _ = chapters_with_data(region.facts, region.events)
        except DataError:  # the chapter build reports the problems, with file, line and column
            included = built_chapters()
        lines += [f"CHAPTERS_{r['region']} := {' '.join(c.id for c in included)}",
                  f"DEFAULT_START_{r['region']} := {r['default_start_year']}",
                  f"DEFAULT_END_{r['region']} := {r['default_end_year']}"]
    return "\n".join(lines) + "\n"


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m helpers.build")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("rules")
    validate = sub.add_parser("validate")
    validate.add_argument("region")
    one = sub.add_parser("chapter")
    one.add_argument("chapter_id")
    one.add_argument("--region", required=True)
    one.add_argument("--start", default="")
    one.add_argument("--end", default="")
    one.add_argument("--compare", default="on")
    one.add_argument("--out", required=True, type=Path)
    whole = sub.add_parser("book")
    for flag in ("--region", "--start", "--end", "--compare"):
        whole.add_argument(flag, default="")
    whole.add_argument("--out", required=True, type=Path)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = _arguments(argv)
    try:
        if args.command == "rules":
            sys.stdout.write(make_rules())
        elif args.command == "validate":
            loaded = load_region(args.region)
            print(f"{args.region}: {len(loaded.observations)} figures, {len(loaded.events)} events, "
                  f"{len(loaded.checks)} checks: valid")
        elif args.command == "book":
            started = time.monotonic()
            print("[book] building", flush=True)
            finals = build_book(args.region, args.start, args.end, args.out, args.compare or "on")
            print(f"[book] done in {time.monotonic() - started:.1f}s: {', '.join(_shown(f) for f in finals)}",
                  flush=True)
        else:
            started = time.monotonic()
            print(f"[{args.chapter_id}] building ({args.region} {args.start}-{args.end})", flush=True)
            finals = build_chapter(args.chapter_id, args.region, args.start, args.end, args.out, args.compare)
            print(f"[{args.chapter_id}] done in {time.monotonic() - started:.1f}s: "
                  f"{', '.join(_shown(f) for f in finals[1:])}", flush=True)
    except (DataError, ParameterError, ChapterFailed, UnknownChapterError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
