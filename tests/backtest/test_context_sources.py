"""Back-test of the real context data: context.csv names regions by id (regions.csv, where the peer prefectures are
marked not built) and documents by source_id (raw/sources.csv: publisher, date and address once per document); a
figure china/ or shanxi/ holds is named there by obs_id, never stored twice; the loaded frame keeps the columns and
values its readers use; every quote stays verbatim in its raw file. (The loader's rules on small synthetic data:
tests/unit/test_context_data.py.)"""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import DATA, read_csv
from helpers.base.numbers import number_as_written
from helpers.base.problems import DataError
from helpers.data.chapters import available_regions
from helpers.data.load import load_region

CONTEXT = read_csv(DATA / "context.csv")
SOURCES = {row["source_id"]: row for row in read_csv(DATA / "raw" / "sources.csv")}
REGIONS = {row["region"]: row for row in read_csv(DATA / "regions.csv")}
READERS = [  # the columns helpers.model.context, the comparison page, the findings and the book read
    "context_id",
    "region_zh",
    "level",
    "province_zh",
    "indicator",
    "scope",
    "start_year",
    "year",
    "period_note",
    "value",
    "unit",
    "as_written",
    "original_publisher",
    "publisher",
    "url",
    "grade",
    "source_id",
    "quote",
]


def _held(region: str) -> dict[str, dict]:
    """A region's own figures, by obs_id, read straight from its files."""
    return {row["obs_id"]: row for path in sorted((DATA / region).glob("*/observations.csv")) for row in read_csv(path)}


def test_context_names_regions_by_id_and_documents_by_source():
    header = list(CONTEXT[0])
    assert not {"region_zh", "level", "province_zh", "publisher", "url"} & set(header)
    for row in CONTEXT:
        assert row["region"] in REGIONS, row["context_id"]
        if not row["obs_id"]:
            document = SOURCES[row["source_id"]]
            assert document["url"].startswith(("http://", "https://")) and document["publisher"], row["context_id"]


def test_each_document_is_one_row_with_its_publisher_date_and_address():
    documents = [s for s in SOURCES.values() if s["quoted_in"]]
    assert len({d["url"] for d in documents}) == len(documents)  # one row per page
    used = {row["source_id"] for row in CONTEXT if row["source_id"]}
    assert used <= {d["source_id"] for d in documents}
    for document in documents:
        record = SOURCES[document["quoted_in"]]
        assert (document["file"], document["sha256"]) == (record["file"], record["sha256"])
        assert document["url"] in (DATA / "raw" / record["file"]).read_text(encoding="utf-8")


@pytest.mark.parametrize("row", [r for r in CONTEXT if not r["obs_id"]], ids=lambda r: r["context_id"])
def test_a_context_quote_is_verbatim_in_the_record_of_its_document(row, source_texts):
    """The page is not stored: its passage is checked against the research record that quotes it, word for word."""
    assert row["grade"] in {"A", "A/B", "B", "C"}
    assert row["quote"] in source_texts[row["source_id"]]
    assert row["as_written"] in row["quote"]
    assert number_as_written(row["as_written"]) == float(row["value"])


def test_a_figure_a_region_holds_is_named_not_repeated():
    """No figure is stored twice: context.csv names a figure its region's folder holds by obs_id (and then leaves
    its value, unit, quote and source empty), and never gives one such a folder holds."""
    for row in CONTEXT:
        held = _held(row["region"])
        if row["obs_id"]:
            assert row["obs_id"] in held, row["context_id"]
            assert not any(row[c] for c in ("indicator", "scope", "value", "unit", "as_written", "source_id", "quote"))
            continue
        repeated = [
            obs_id
            for obs_id, figure in held.items()
            if (figure["indicator"], figure["scope"], figure["unit"]) == (row["indicator"], row["scope"], row["unit"])
            and float(figure["value"]) == float(row["value"])
        ]
        assert not repeated, f"{row['context_id']} repeats {row['region']}/{repeated}: name it by obs_id"
    named = {(r["region"], r["obs_id"]) for r in CONTEXT if r["obs_id"]}
    assert ("china", "dibao_std_urban_2012") in named and ("shanxi", "dibao_std_rural_2022") in named


def test_the_loaded_context_keeps_the_columns_its_readers_use(jinzhong):
    context = jinzhong.context
    assert list(context.columns[: len(READERS)]) == READERS
    assert len(context) == len(CONTEXT)
    row = context.set_index("context_id").loc["cn_dibao_urban_2012"]
    assert (row["region_zh"], row["level"]) == ("全国", "national") and pd.isna(row["province_zh"])
    assert (row["value"], row["unit"], row["year"], row["grade"]) == (330.1, "元/人/月", 2012, "A/B")
    assert row["publisher"] == "中广网转载民政部《2012年社会服务发展统计公报》"
    assert row["url"] == "http://010baizhang.com/reports/2013-06/20/content_29176607.htm"
    assert (row["source_id"], row["document_id"]) == ("research_context", "web_cnr_mca_bulletin_2012")
    peer = context.set_index("context_id").loc["datong_dibao_rural_2012"]
    assert (peer["region_zh"], peer["level"], peer["province_zh"]) == ("大同市", "prefecture", "山西省")
    province = context.set_index("context_id").loc["sx_dibao_rural_2022"]
    assert (province["level"], province["value"], province["unit"], province["year"]) == (
        "province",
        496,
        "元/人/月",
        2022,
    )


def test_a_held_figure_dated_only_by_the_research_notes_keeps_that_date_in_context_alone(jinzhong):
    """The nation's third-quarter 2021 standards: undated in china/ (their quote states no year), dated 2021 in
    context (grade B: the research notes date them)."""
    assert _held("china")["dibao_std_urban_2021q3"]["year"] == ""
    row = jinzhong.context.set_index("context_id").loc["cn_dibao_urban_2021"]
    assert (row["year"], row["period_note"], row["grade"], row["value"]) == (2021, "2021年三季度", "B", 706.6)


def test_every_quote_of_the_loaded_context_is_verbatim(jinzhong, source_texts):
    for _, row in jinzhong.context.iterrows():
        assert row["quote"] in source_texts[row["source_id"]], row["context_id"]
        assert row["quote"] in source_texts[row["document_id"]], row["context_id"]


def test_regions_that_only_give_context_are_not_built():
    context_only = {r for r, row in REGIONS.items() if row["built"] == "false"}
    assert {"datong", "lvliang"} <= context_only
    folders = {p.name for p in DATA.iterdir() if p.is_dir() and p.name != "raw"}
    assert set(available_regions()) == folders and not context_only & folders
    assert {row["region"] for row in CONTEXT} - set(available_regions()) <= context_only
    with pytest.raises(DataError, match="only gives context"):
        load_region("datong")


def test_without_the_named_regions_folders_their_rows_are_left_out(tmp_path):
    """A data folder holding the shared tables only (as the tests' fixture regions use): the context loads, without
    the figures it names in regions that are not there."""
    regions = {p.name for p in DATA.iterdir() if p.is_dir() and p.name != "raw"}
    root = tmp_path / "data"
    shutil.copytree(DATA, root, ignore=lambda folder, names: regions & set(names) if Path(folder) == DATA else [])
    shutil.copytree(DATA / "jinzhong", root / "jinzhong")
    context = load_region("jinzhong", root).context
    assert len(context) == len([r for r in CONTEXT if not r["obs_id"]])
    assert context["obs_id"].isna().all() and "全国" in set(context["region_zh"])
