"""Context is ordinary data, on a small synthetic data folder: context.csv names regions by id (regions.csv, where a
region that only gives context is marked not built) and documents by source_id (raw/sources.csv: publisher, date
and address once per document; a web page not stored itself is `quoted_in` the research record that quotes it);
a figure a region's own folder holds is named by obs_id; the loaded frame has the columns its readers use; every
problem is named by file, line and column."""

import csv
import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import DATA
from helpers.base.problems import DataError
from helpers.data.chapters import available_regions
from helpers.data.load import load_region
from helpers.data.schemas import SHARED_TABLES

SHARED = [path for name, (path, _) in SHARED_TABLES.items() if name not in ("sources", "regions")]
RECORD = "research-record.md"  # a research record quoting web pages verbatim, with their addresses
NOTICE = "nation_2022-09-08_notice.txt"
CITY_REVIEW = "city_2022-10-15_review.txt"
RECORD_TEXT = (
    "# 研究笔记\n"
    "| 某网页 | https://example.org/bulletin-2013 | “2013年全国城市低保平均标准为每人每月400元” |\n"
    "| 某表格 | https://example.org/table-2014 | “某市乙 2,100.50” |\n"
)
NOTICE_TEXT = "2012年全国城市低保平均标准300元/人/月\n目前孤儿基本生活保障标准为每人每月1500元\n"
CITY_TEXT = "全市城市低保标准由2012年的280元/人/月提高到今年的600元/人/月\n"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


SOURCE_COLUMNS = ["source_id", "file", "quoted_in", "title", "original_title", "publisher", "published", "sha256"]
SOURCE_COLUMNS += ["url", "note"]
CONTEXT_COLUMNS = ["context_id", "region", "obs_id", "indicator", "scope", "start_year", "year", "period_note"]
CONTEXT_COLUMNS += ["value", "unit", "as_written", "original_publisher", "grade", "source_id", "quote"]


def _write(path: Path, rows: list[dict], columns: list[str] | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns or list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _figure(obs_id, indicator, scope, year, basis, value, unit, as_written, source, quote, **more) -> dict:
    row = dict(
        obs_id=obs_id,
        indicator=indicator,
        scope=scope,
        stage="",
        start_year="",
        year=year,
        period_basis=basis,
        period_note="",
        value=value,
        unit=unit,
        as_written=as_written,
        source_id=source,
        quote=quote,
    )
    return {**row, **more}


@pytest.fixture
def world(tmp_path) -> Path:
    """A nation and a city built in their own right, a province and a peer city that only give context."""
    root = tmp_path / "data"
    (root / "raw").mkdir(parents=True)
    for name in SHARED:
        shutil.copyfile(DATA / name, root / name)
    for name, text in ((RECORD, RECORD_TEXT), (NOTICE, NOTICE_TEXT), (CITY_REVIEW, CITY_TEXT)):
        (root / "raw" / name).write_text(text, encoding="utf-8")
    source = dict(file="", quoted_in="", title="", original_title="", publisher="", published="", sha256="", url="")
    _write(
        root / "raw" / "sources.csv",
        [
            {**source, "source_id": "record", "file": RECORD, "title": "研究笔记", "publisher": "项目组"}
            | {"published": "2026-11-28", "sha256": _sha(RECORD_TEXT), "note": ""},
            {**source, "source_id": "nation_notice", "file": NOTICE, "title": "通知", "publisher": "某部"}
            | {"published": "2022-09-08", "sha256": _sha(NOTICE_TEXT), "url": "https://example.org/n", "note": ""},
            {**source, "source_id": "city_review", "file": CITY_REVIEW, "title": "综述", "publisher": "某市日报"}
            | {"published": "2022-10-15", "sha256": _sha(CITY_TEXT), "note": ""},
            {**source, "source_id": "web_bulletin", "file": RECORD, "quoted_in": "record", "title": "公报（转载）"}
            | {"publisher": "某网（转载某部公报）", "published": "2014-06-18", "sha256": _sha(RECORD_TEXT)}
            | {"url": "https://example.org/bulletin-2013", "note": "网页未存档"},
            {**source, "source_id": "web_table", "file": RECORD, "quoted_in": "record", "title": "地市表（转载）"}
            | {"publisher": "某部地市表（转载）", "published": "", "sha256": _sha(RECORD_TEXT)}
            | {"url": "https://example.org/table-2014", "note": "日期未载明"},
        ],
        SOURCE_COLUMNS,
    )
    region = dict(compiler_zh="")
    _write(
        root / "regions.csv",
        [
            {"region": "nation", "name_zh": "全国", "name_en": "Nation", "level_zh": "国家", "built": "true"}
            | {"province_zh": "", "default_start_year": "2012", "default_end_year": "2022", **region},
            {"region": "city", "name_zh": "某市", "name_en": "City", "level_zh": "地级市", "built": ""}
            | {"province_zh": "某省", "default_start_year": "2012", "default_end_year": "2022", **region},
            {"region": "province", "name_zh": "某省", "name_en": "Province", "level_zh": "省", "built": "false"}
            | {"province_zh": "", "default_start_year": "", "default_end_year": "", **region},
            {"region": "peer", "name_zh": "某市乙", "name_en": "Peer", "level_zh": "地级市", "built": "false"}
            | {"province_zh": "某省", "default_start_year": "", "default_end_year": "", **region},
        ],
    )
    nation = NOTICE_TEXT.splitlines()
    _write(
        root / "nation" / "social_assistance" / "observations.csv",
        [
            _figure(
                "std_2012",
                "dibao_standard",
                "urban",
                "2012",
                "stated",
                "300",
                "元/人/月",
                "300",
                "nation_notice",
                nation[0],
            )
        ],
    )
    _write(
        root / "nation" / "child_welfare" / "observations.csv",
        [
            _figure(
                "orphan",
                "orphan_allowance",
                "institutional",
                "",
                "unknown",
                "1500",
                "元/人/月",
                "1500",
                "nation_notice",
                nation[1],
                period_note="年份未在引文中载明",
            )
        ],
    )
    _write(
        root / "city" / "social_assistance" / "observations.csv",
        [
            _figure(
                "std_2012",
                "dibao_standard",
                "urban",
                "2012",
                "stated",
                "280",
                "元/人/月",
                "280元",
                "city_review",
                CITY_TEXT.strip(),
            )
        ],
    )
    context = dict(obs_id="", indicator="", scope="", start_year="", year="", value="", unit="", as_written="")
    _write(
        root / "context.csv",
        [
            {"context_id": "n_2012", "region": "nation", **context, "obs_id": "std_2012", "period_note": "2012年"}
            | {"original_publisher": "某部", "grade": "A", "source_id": "", "quote": ""},
            {"context_id": "n_2013", "region": "nation", **context, "indicator": "dibao_standard", "scope": "urban"}
            | {"year": "2013", "period_note": "2013年", "value": "400", "unit": "元/人/月", "as_written": "400元"}
            | {"original_publisher": "某部《2013年公报》", "grade": "A/B", "source_id": "web_bulletin"}
            | {"quote": "2013年全国城市低保平均标准为每人每月400元"},
            {"context_id": "n_orphan", "region": "nation", **context, "obs_id": "orphan", "year": "2022"}
            | {"period_note": "2022年9月所称现行标准", "original_publisher": "某部", "grade": "B", "source_id": ""}
            | {"quote": ""},
            {"context_id": "peer_2014", "region": "peer", **context, "indicator": "dibao_standard", "scope": "rural"}
            | {"year": "2014", "period_note": "2014年12月", "value": "2100.5", "unit": "元/人/年"}
            | {"as_written": "2,100.50", "original_publisher": "某部", "grade": "B", "source_id": "web_table"}
            | {"quote": "某市乙 2,100.50"},
        ],
        CONTEXT_COLUMNS,
    )
    return root


def _context(root: Path) -> pd.DataFrame:
    return load_region("city", root).context.set_index("context_id")


def test_the_loaded_frame_has_its_readers_columns_from_regions_and_documents(world):
    context = _context(world)
    assert list(context.index) == ["n_2012", "n_2013", "n_orphan", "peer_2014"]
    for column in ("region_zh", "level", "province_zh", "publisher", "url", "original_publisher", "grade"):
        assert column in context
    held = context.loc["n_2012"]
    assert (held["region_zh"], held["level"], held["value"], held["unit"], held["year"]) == (
        "全国",
        "national",
        300,
        "元/人/月",
        2012,
    )
    assert (held["source_id"], held["document_id"], held["url"]) == (
        "nation_notice",
        "nation_notice",
        "https://example.org/n",
    )
    page = context.loc["n_2013"]
    assert (page["publisher"], page["url"]) == ("某网（转载某部公报）", "https://example.org/bulletin-2013")
    assert (page["source_id"], page["document_id"]) == ("record", "web_bulletin")  # read in the record that quotes it
    peer = context.loc["peer_2014"]
    assert (peer["region_zh"], peer["level"], peer["province_zh"], peer["value"]) == (
        "某市乙",
        "prefecture",
        "某省",
        2100.5,
    )
    assert pd.isna(held["province_zh"])


def test_a_held_figure_keeps_its_own_year_and_context_may_date_an_undated_one(world):
    orphan = _context(world).loc["n_orphan"]
    assert (orphan["year"], orphan["value"], orphan["quote"]) == (2022, 1500, NOTICE_TEXT.splitlines()[1])
    assert pd.isna(load_region("nation", world).facts.loc["orphan", "year"])  # undated in its own region


def test_regions_that_only_give_context_are_not_built(world):
    assert available_regions(world) == ["city", "nation"]
    with pytest.raises(DataError, match="regions.csv: column 'built': region 'province' only gives context"):
        load_region("province", world)
    (world / "peer" / "social_assistance").mkdir(parents=True)  # a folder for a region marked not built
    assert available_regions(world) == ["city", "nation"]
    with pytest.raises(DataError, match="regions.csv, line 5: column 'built': region 'peer' has a data folder"):
        load_region("city", world)


def test_without_the_named_regions_folder_its_rows_are_left_out(world):
    shutil.rmtree(world / "nation")
    assert list(_context(world).index) == ["n_2013", "peer_2014"]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(root: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_region("city", root).context  # noqa: B018 (loading validates)
    return str(caught.value)


@pytest.mark.parametrize(
    "table, old, new, expected",
    [
        (
            "context.csv",
            "n_2013,nation,",
            "n_2013,atlantis,",
            "context.csv, line 3: column 'region': unknown region 'atlantis'",
        ),
        (
            "context.csv",
            "n_2012,nation,std_2012,,,,,2012年,",
            "n_2012,nation,std_2012,,,,,2012年,300",
            "context.csv, line 2: column 'value': leave empty: obs_id takes it from nation's figure 'std_2012'",
        ),
        (
            "context.csv",
            "n_2012,nation,std_2012,",
            "n_2012,nation,std_2011,",
            "context.csv, line 2: column 'obs_id': no figure 'std_2011' in nation/<chapter>/observations.csv",
        ),
        (
            "context.csv",
            "n_2012,nation,std_2012,,,,,",
            "n_2012,nation,std_2012,,,,2013,",
            "context.csv, line 2: column 'year': 2013 differs from the figure's own year 2012; leave it empty",
        ),
        (
            "context.csv",
            "n_2012,nation,std_2012,",
            "n_2012,peer,std_2012,",
            "context.csv, line 2: column 'obs_id': region 'peer' only gives context (built is false)",
        ),
        (
            "context.csv",
            "2013年全国城市低保平均标准为每人每月400元\n",
            "2013年全国城市低保平均标准为每月400元\n",
            "context.csv, line 3: column 'quote': quote not found verbatim in source 'web_bulletin'",
        ),
        (
            "context.csv",
            ",400,元/人/月,400元,",
            ",401,元/人/月,400元,",
            "context.csv, line 3: column 'value': value 401 is not the number written '400元'",
        ),
        (
            "context.csv",
            ",400,元/人/月,",
            ",,元/人/月,",
            "context.csv, line 3: column 'value': a value is required here (or name the region's own figure by obs_id)",
        ),
        (
            "context.csv",
            "n_orphan,nation,orphan,,,,2022,",
            "n_orphan,nation,std_2012,,,,,",
            "context.csv, line 4: duplicate key: another row has the same region (nation), indicator (dibao_standard)",
        ),
        (
            "raw/sources.csv",
            "https://example.org/bulletin-2013",
            "",
            "context.csv, line 3: column 'source_id': source 'web_bulletin' has no address (url)",
        ),
        (
            "raw/sources.csv",
            f"web_table,{RECORD},record,",
            f"web_table,{NOTICE},record,",
            "sources.csv, line 6: column 'file': a document kept in 'record' has that record's file",
        ),
        (
            "raw/sources.csv",
            f"web_table,{RECORD},record,",
            f"web_table,{RECORD},web_bulletin,",
            "sources.csv, line 6: column 'quoted_in': 'web_bulletin' is itself kept in another record",
        ),
        (
            "raw/sources.csv",
            ",项目组,2026-11-28,",
            ",项目组,,",
            "sources.csv, line 2: column 'published': a value is required here",
        ),
        (
            "regions.csv",
            "国家,true,,2012,",
            "国家,true,,,",
            "regions.csv, line 2: column 'default_start_year': a value is required here (a built region's",
        ),
        (
            "regions.csv",
            "国家,true,",
            "国家,false,",
            "regions.csv, line 2: column 'built': region 'nation' has a data folder (nation/)",
        ),
        ("regions.csv", "国家,true,", "国家,yes,", "regions.csv, line 2: column 'built': 'yes' is not allowed here"),
    ],
)
def test_a_bad_row_is_named_by_file_line_and_column(world, table, old, new, expected):
    _edit(world / table, old, new)
    assert expected in _error(world)


def test_asking_for_a_report_of_a_region_that_only_gives_context_says_so(world):
    from helpers.data.params import ParameterError, check_parameters

    with pytest.raises(ParameterError, match="parameter region: 'peer' only gives context"):
        check_parameters("peer", 2012, 2022, data_root=world)
    assert check_parameters("city", 2012, 2022, data_root=world)["region"] == "city"
