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


# Points an unseen source showed: unknown measure words, traditional characters, stated shares, dated changes and
# the numbers in indicator names. Fixture texts of a made-up county; the shared tables are the fixture's.
UNSEEN = (
    "截至2020年底,全县常住人口已达52.3万人,其中80岁以上人口4.1万人,占比达7.8%。\n"
    "全縣鄉鎮衛生院達12座,病床達860張,約120餘張空置。\n"
    "2021年3月1日起,我县第8次上调特困人员救助供养標準\n"
    "新建2所500平方米以上的儀式場所,兩项补贴惠及全县。\n"
)
UNSEEN_INDICATORS = """population,overview,常住人口,resident population,persons,,
elderly_population_60,elderly_care,60岁及以上老年人口,population aged 60 and over,persons,,
elderly_population_80,elderly_care,80岁及以上老年人口,population aged 80 and over,persons,,
elderly_share_60,elderly_care,60岁及以上人口占比,share aged 60 and over,percent,100,
elderly_share_80,elderly_care,80岁及以上人口占比,share aged 80 and over,percent,100,
elderly_beds,elderly_care,养老床位,elderly beds,units,,
elderly_institution_beds,elderly_care,养老机构床位,elderly institution beds,units,,
"""


@pytest.fixture
def unseen(data):
    with (data / "indicators.csv").open("a", encoding="utf-8") as handle:
        handle.write(UNSEEN_INDICATORS)
    with (data / "units.csv").open("a", encoding="utf-8") as handle:
        handle.write("万人,10k persons,persons,,10000,\n张,beds,units,,1,\n")
    with (data / "qualifiers.csv").open("a", encoding="utf-8") as handle:
        handle.write("余,,after_number,lower,and more\n")
    (data / "raw" / "county.txt").write_text(UNSEEN, encoding="utf-8")
    rows, result, _ = _draft(data / "raw" / "county.txt", data)
    review = {(r["file"], r["row_id"]): r for r in result.review}
    return rows, result, review


def _why(result, review, as_written):
    for (chapter, table), rows in result.rows.items():
        for row in rows:
            if table == "observations" and row["as_written"] == as_written:
                return review[(f"{chapter}/{table}.csv", row["obs_id"])]
    raise AssertionError(as_written)


def test_a_measure_word_units_csv_lacks_is_still_a_figure(unseen):
    rows, result, review = unseen
    hospitals = rows["12座"]  # 座 is no unit of units.csv: proposed as written, 低, with the line to add
    assert (hospitals["value"], hospitals["unit"]) == ("12", "座")
    why = _why(result, review, "12座")
    assert why["sure"] == "低" and "unit 座 not in data/units.csv: add it (dimension units)" in why["why"]
    # a size or a name is not a count: 500平方米以上的…, 两项补贴; an ordinal (第8次) is no figure either
    assert not {"500平方米", "兩项", "第8次", "8次"} & set(rows)


def test_traditional_units_and_qualifiers(unseen):
    rows, _, _ = unseen
    beds = rows["860張"]  # as written keeps 張; the unit is units.csv's spelling
    assert (beds["unit"], beds["quote"]) == ("张", "全縣鄉鎮衛生院達12座,病床達860張,約120餘張空置。")
    spare = rows["120張"]
    assert (spare["unit"], spare["qualifier"]) == ("张", "约")  # 約 before it, 餘 after it: 约 wins, 餘 read too


def test_a_stated_share_is_checked_from_its_part_and_whole(unseen):
    rows, result, _ = unseen
    checks = [r for (_, table), found in result.rows.items() if table == "checks" for r in found]
    share = next(c for c in checks if c["stated"] == rows["7.8%"]["obs_id"])
    assert share["formula"] == "share"
    assert share["inputs"].split() == [rows["4.1万人"]["obs_id"], rows["52.3万人"]["obs_id"]]  # part, then whole


def test_a_dated_change_is_an_event(unseen):
    _, result, review = unseen
    events = [r for (_, table), found in result.rows.items() if table == "events" for r in found]
    event = next(e for e in events if e["year"] == "2021")
    assert (event["month"], event["kind"]) == ("3", "policy")
    assert event["quote"] == "2021年3月1日起,我县第8次上调特困人员救助供养標準"  # the source's characters
    assert event["event_zh"] == "第8次上调特困人员救助供养标准"  # the ordinal is the event's content


def test_numbers_in_names_choose_the_indicator(unseen):
    rows, _, _ = unseen
    assert rows["4.1万人"]["indicator"] == "elderly_population_80"  # 80岁以上, not the 60 one
    assert rows["7.8%"]["indicator"] == "elderly_share_80"


def test_a_new_indicator_id_is_read_from_the_words(data):
    (data / "raw" / "new.txt").write_text("全市城市低保家庭救助站达35座。\n今年开通热线电话7部。\n", encoding="utf-8")
    rows, result, _ = _draft(data / "raw" / "new.txt", data)
    review = {r["row_id"]: r for r in result.review}
    known = rows["35座"]["indicator"]
    assert known.startswith("dibao") and "new indicator id" in review[rows["35座"]["obs_id"]]["why"]
    assert rows["7部"]["indicator"].startswith("new_units_")  # no id word for its characters
    assert {review[r["obs_id"]]["sure"] for r in rows.values()} == {"低"}
