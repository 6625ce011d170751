"""The draft of a region's data from a published source (reportbuild.tools.draft), on fixture sources and a
fixture data folder of shared tables written in tmp (no region's data)."""

import csv

import openpyxl
import pandas as pd
import pytest

from helpers.data.schemas import CHECKS, EVENTS, OBSERVATIONS
from reportbuild.tools.draft import main
from reportbuild.tools.draft_build import build
from reportbuild.tools.draft_read import read_source

SHARED = {
    "indicators.csv": """indicator,chapter,name_zh,name_en,dimension,max_value,growth_of
dibao_standard,social_assistance,低保标准,dibao standard,benefit_rate,,
dibao_standard_growth,social_assistance,低保平均保障标准较2012年提高幅度,growth,percent,,dibao_standard
dibao_multiple,social_assistance,低保平均标准增长倍数,multiple,multiple,,dibao_standard
dibao_recipients,social_assistance,低保人数,recipients,persons,,
tekun_recipients,social_assistance,特困人员,tekun,persons,,
care_subsidy,social_affairs,残疾人护理补贴标准,care subsidy,benefit_rate,,
elderly_institutions,elderly_care,养老机构,institutions,units,,
day_care_centres,elderly_care,城乡老年人日间照料中心,day care,units,,
communities,grassroots_governance,社区数量,communities,units,,
orgs_per_10k,social_organisations,每万人拥有社会组织数,orgs per 10k,per_10k_people,,
""",
    "units.csv": """unit,name_en,dimension,per_period,factor,same_as
元/人/月,yuan per person per month,benefit_rate,month,1,
元/人/年,yuan per person per year,benefit_rate,year,1,
元/月,yuan per month,benefit_rate,month,1,元/人/月
个,units,units,,1,
家,units,units,,1,
%,percent,percent,,1,
倍,times,multiple,,1,
个/万人,per 10k,per_10k_people,,1,
人,persons,persons,,1,
年,years,years,,1,
""",
    "qualifiers.csv": """qualifier,variants,position,bound,name_en
约,約,before,approx,about
近,nearly,before,approx,nearly
不低于,不低於,before,lower,not less than
""",
    "scopes.csv": "scope,name_zh,name_en\nall,全市,whole\nurban,城市,urban\nrural,农村,rural\n",
}
PROSE = (
    "全市城市、农村低保标准分别提高到800元/人/月和7200元/人/年。"
    "目前,全市共有养老机构约120家,城乡老年人日间照料中心近900个。\n"
    "残疾人护理补贴标准不低于100元/人/月。全市社区数量由200个增加至一万二千个。"
    "每万人拥有社会组织达到7.5个。"
    "2012—2021年城乡低保平均标准分别增长了1.5倍和2倍。"
    "城乡低保平均保障标准较2012年分别提高50%和60%。"
    "2020年被民政部确定为全国居家和社区养老服务改革试点。\n"
)


@pytest.fixture
def data(tmp_path, monkeypatch):
    root = tmp_path / "data"
    (root / "raw").mkdir(parents=True)
    for name, text in SHARED.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "raw" / "sources.csv").write_text(
        "source_id,file,quoted_in,published\nnotice_2023,notice.txt,,2023-05-01\n", encoding="utf-8"
    )
    (root / "raw" / "notice.txt").write_text(PROSE, encoding="utf-8")
    monkeypatch.setenv("MINZHENG_DATA", str(root))
    return root


def _draft(path, data):
    result, unitless = build(read_source(path, data), "testville", data)
    return {r["as_written"]: r for r in result.observations()}, result, unitless


def test_prose_figures(data):
    rows, result, _ = _draft(data / "raw" / "notice.txt", data)
    urban, rural = rows["800元/人/月"], rows["7200元/人/年"]
    assert (urban["indicator"], urban["scope"], urban["unit"], urban["value"]) == (
        "dibao_standard",
        "urban",
        "元/人/月",
        "800",
    )
    assert (rural["scope"], rural["unit"]) == ("rural", "元/人/年")
    assert urban["quote"] in PROSE and "分别提高到800元/人/月" in urban["quote"]
    institutions = rows["120家"]
    assert (institutions["qualifier"], institutions["indicator"]) == ("约", "elderly_institutions")
    assert (institutions["period_basis"], institutions["year"]) == ("article_date", 2023)
    assert (rows["900个"]["qualifier"], rows["900个"]["indicator"]) == ("近", "day_care_centres")
    assert (rows["100元/人/月"]["qualifier"], rows["100元/人/月"]["indicator"]) == ("不低于", "care_subsidy")
    before, after = rows["200个"], rows["一万二千个"]
    assert (before["stage"], after["stage"], after["value"]) == ("before", "after", "12000")
    assert before["indicator"] == after["indicator"] == "communities"
    assert (before["period_basis"], before["year"]) == ("unknown", "")
    assert (rows["7.5个"]["unit"], rows["7.5个"]["indicator"]) == ("个/万人", "orgs_per_10k")
    multiple = rows["1.5倍"]
    assert (multiple["scope"], multiple["start_year"], multiple["year"], multiple["period_basis"]) == (
        "urban",
        2012,
        2021,
        "stated",
    )
    assert (rows["60%"]["indicator"], rows["60%"]["scope"], rows["60%"]["start_year"]) == (
        "dibao_standard_growth",
        "rural",
        2012,
    )


def test_prose_checks_and_events(data):
    _, result, _ = _draft(data / "raw" / "notice.txt", data)
    checks = {r["stated"]: r for r in result.rows[("social_assistance", "checks")]}
    growth = next(r for s, r in checks.items() if s.startswith("dibao_standard_growth_rural"))
    assert growth["formula"] == "pct_change"
    assert growth["inputs"].split()[0] == "dibao_standard:rural@2012"
    assert any(r["formula"] == "multiple_increase" for r in checks.values())
    events = [r for (_, table), rows in result.rows.items() if table == "events" for r in rows]
    assert [(e["year"], e["kind"]) for e in events] == [("2020", "pilot")]
    assert events[0]["quote"] in PROSE


def _table(path, delimiter):
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(
            [["指标", "2020", "2021"], ["城市低保人数 (人)", "100", ""], ["农村特困人员 (人)", "", "50"]]
        )


@pytest.mark.parametrize(("name", "delimiter"), [("table.csv", ","), ("table.tsv", "\t")])
def test_table_with_a_gap(data, name, delimiter):
    _table(data / "raw" / name, delimiter)
    rows, _, _ = _draft(data / "raw" / name, data)
    assert set(rows) == {"100", "50"}  # the empty cells are gaps
    first = rows["100"]
    assert (first["table_row"], first["table_column"], first["quote"]) == ("城市低保人数 (人)", "2020", "")
    assert (first["indicator"], first["scope"], first["unit"], first["year"]) == (
        "dibao_recipients",
        "urban",
        "人",
        2020,
    )
    assert (rows["50"]["indicator"], rows["50"]["scope"], rows["50"]["year"]) == ("tekun_recipients", "rural", 2021)


def test_xlsx_as_yearbooks_publish_it(data):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["表20-2 社会服务"], ["单位：人"], ["指标", "2020年", "2021年"], ["城市低保人数", 1200, None]):
        sheet.append(row)
    book.save(data / "raw" / "yearbook.xlsx")
    rows, _, _ = _draft(data / "raw" / "yearbook.xlsx", data)
    assert list(rows) == ["1200"]
    assert (rows["1200"]["unit"], rows["1200"]["year"], rows["1200"]["table_column"]) == ("人", 2020, "2020年")


def _written(folder, table):
    return [p for p in folder.glob(f"*/{table}.csv")]


def test_cli_writes_the_data_format(data, tmp_path, capsys):
    out = tmp_path / "drafts"
    assert main(["--source", str(data / "raw" / "notice.txt"), "--region", "testville", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "make validate REGION=testville" in printed and "高" in printed
    for table, schema in (("observations", OBSERVATIONS), ("checks", CHECKS), ("events", EVENTS)):
        files = _written(out / "testville", table)
        assert files, table
        for path in files:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            assert list(frame.columns) == list(schema.columns)
            schema.validate(frame.replace("", None))
    review = pd.read_csv(out / "testville" / "review.csv", dtype=str)
    assert list(review.columns) == ["file", "row_id", "sure", "why"]
    assert set(review["sure"]) <= {"高", "中", "低"}
    assert not list(data.glob("testville*")) and not (data / "testville").exists()


def test_never_writes_into_the_data_folder(data, capsys):
    code = main(["--source", str(data / "raw" / "notice.txt"), "--region", "testville", "--out", str(data)])
    error = capsys.readouterr().err
    assert code == 2 and "never written into the data folder" in error
    assert not (data / "testville").exists()


@pytest.mark.parametrize("name", ["missing.txt", "notice.pdf"])
def test_a_bad_source_is_one_line(data, tmp_path, capsys, name):
    (data / "raw" / "notice.pdf").write_bytes(b"%PDF")
    path = data / "raw" / name
    assert main(["--source", str(path), "--region", "testville", "--out", str(tmp_path / "d")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and str(path) in error and "Traceback" not in error
