"""Odd-but-valid fixture regions, written into a copy of data/: shapes the Jinzhong article does not have.

`odd_county` has a yearly standard replaced by a monthly one (2,400元/年 → 660元/月), a period written
“截至今年7月1日”, a 17-year series with gaps, an approximate figure, and checks a source might state (年均增长 as a
simple average, 增长了N倍). Each figure quotes a raw text written here, so provenance rules hold.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

ODD = "odd_county"
RAW = "odd_county_2023-06-30_notice.txt"
SERIES = {2005 + i: 100 + 7 * i for i in range(17) if i not in (3, 4, 9)}  # 2005–2021, three years missing


def _raw_lines() -> list[str]:
    lines = [
        "农村低保标准由每人每年2400元提高到每人每月660元",
        "截至今年7月1日,全县城市低保对象约3200人",
        "城市低保标准年均增长12%",
        "城市低保标准增长了1.2倍",
        "城市低保标准由2012年的300元提高到2022年的660元",
        "目前全县常住人口50万人,登记社会组织300个",
    ]
    lines += [f"{year}年全县社区数{count}个" for year, count in SERIES.items()]
    return lines


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows([{k: row.get(k, "") for k in header} for row in rows])


def _append(path: Path, row: dict) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=header, lineterminator="\n").writerow({k: row.get(k, "") for k in header})


OBS = [
    "obs_id",
    "indicator",
    "scope",
    "stage",
    "start_year",
    "year",
    "period_basis",
    "period_note",
    "value",
    "unit",
    "qualifier",
    "as_written",
    "source_id",
    "quote",
    "table_row",
    "table_column",
]


def add_odd_county(data: Path) -> str:
    """Write the region into `data` (a copy of data/) and return its id."""
    raw = "\n".join(_raw_lines()) + "\n"
    (data / "raw" / RAW).write_text(raw, encoding="utf-8")
    _append(
        data / "raw" / "sources.csv",
        {
            "source_id": "odd_county_notice",
            "file": RAW,
            "title": "某县社会救助标准通知（测试用）",
            "publisher": "某县民政局",
            "published": "2023-06-30",
            "sha256": hashlib.sha256(raw.encode()).hexdigest(),
            "url": "https://example.org/odd",
        },
    )
    _append(
        data / "regions.csv",
        {
            "region": "odd_county",
            "name_zh": "某县",
            "name_en": "Odd County",
            "level_zh": "县",
            "province_zh": "某省",
            "default_start_year": "2005",
            "default_end_year": "2023",
        },
    )
    lines = _raw_lines()
    src = {"source_id": "odd_county_notice"}
    assistance = [
        dict(
            obs_id="rural_before",
            indicator="dibao_standard",
            scope="rural",
            stage="before",
            period_basis="unknown",
            period_note="提高前的标准，年份未载明",
            value="2400",
            unit="元/年",
            as_written="2400",
            quote=lines[0],
            **src,
        ),
        dict(
            obs_id="rural_after",
            indicator="dibao_standard",
            scope="rural",
            stage="after",
            year="2023",
            period_basis="article_date",
            value="660",
            unit="元/人/月",
            as_written="660",
            quote=lines[0],
            **src,
        ),
        dict(
            obs_id="urban_recipients",
            indicator="dibao_recipients",
            scope="urban",
            year="2023",
            period_basis="article_date",
            period_note="截至今年7月1日",
            value="3200",
            unit="人",
            qualifier="约",
            as_written="3200人",
            quote=lines[1],
            **src,
        ),
        dict(
            obs_id="urban_growth_stated",
            indicator="dibao_standard_growth",
            scope="urban",
            year="2023",
            period_basis="article_date",
            value="12",
            unit="%",
            as_written="12%",
            quote=lines[2],
            **src,
        ),
        dict(
            obs_id="urban_multiple",
            indicator="dibao_decade_growth_multiple",
            scope="urban",
            start_year="2012",
            year="2022",
            period_basis="unknown",
            value="1.2",
            unit="倍",
            as_written="1.2倍",
            quote=lines[3],
            **src,
        ),
        dict(
            obs_id="urban_2012",
            indicator="dibao_standard",
            scope="urban",
            year="2012",
            period_basis="stated",
            value="300",
            unit="元/人/月",
            as_written="300元",
            quote=lines[4],
            **src,
        ),
        dict(
            obs_id="urban_2022",
            indicator="dibao_standard",
            scope="urban",
            year="2022",
            period_basis="stated",
            value="660",
            unit="元/人/月",
            as_written="660元",
            quote=lines[4],
            **src,
        ),
    ]
    assistance[4]["year"] = ""  # the multiple's years are not in its quote: unknown, with its note
    assistance[4]["start_year"] = ""
    assistance[4]["period_note"] = "年份未载明"
    _write(data / "odd_county" / "social_assistance" / "observations.csv", OBS, assistance)
    _write(
        data / "odd_county" / "social_assistance" / "checks.csv",
        ["check_id", "stated", "formula", "inputs", "note_zh"],
        [
            dict(
                check_id="urban_multiple_check",
                stated="urban_multiple",
                formula="multiple_increase",
                inputs="urban_2012 urban_2022",
                note_zh="城市低保标准增长倍数",
            ),
            dict(
                check_id="urban_growth_as_cagr",
                stated="urban_growth_stated",
                formula="cagr",
                inputs="urban_2012 urban_2022",
                note_zh="年均增长（按复合增长核对）",
            ),
            dict(
                check_id="missing_base",
                stated="urban_growth_stated",
                formula="pct_change",
                inputs="dibao_standard:rural@2012 rural_after",
                note_zh="较2012年的增幅",
            ),
        ],
    )
    series = [
        dict(
            obs_id=f"communities_{y}",
            indicator="communities",
            scope="all",
            year=str(y),
            period_basis="stated",
            value=str(v),
            unit="个",
            as_written=f"{v}个",
            quote=f"{y}年全县社区数{v}个",
            **src,
        )
        for y, v in SERIES.items()
    ]
    _write(data / "odd_county" / "grassroots_governance" / "observations.csv", OBS, series)
    organisations = [
        dict(
            obs_id="population_now",
            indicator="resident_population",
            scope="all",
            year="2023",
            period_basis="article_date",
            value="50",
            unit="万人",
            as_written="50万人",
            quote=lines[5],
            **src,
        ),
        dict(
            obs_id="orgs_now",
            indicator="social_orgs_total",
            scope="all",
            year="2023",
            period_basis="article_date",
            value="300",
            unit="个",
            as_written="300个",
            quote=lines[5],
            **src,
        ),
    ]
    _write(data / "odd_county" / "social_organisations" / "observations.csv", OBS, organisations)
    return ODD


# ── model_city: the shapes of a decade review (a fixture, no real region's figures) ───────────────────────────────
# A prefecture-level city (某市, in 某省) whose own review states, in invented round numbers, every shape the unit tests
# need: two standards of two scopes in two units over ten years, stated growth rates, one period's counts, flows
# since a year, cumulative and undated counts, a rate per 1,000, a share no whole count can give, a restated figure,
# two scopes of one standard, a ratio of two counts, the parts of an inspected whole, a decrease with unknown years,
# an increase to a lower bound (不少于); and two cells of a yearbook table (CITY_TABLE).
# Every figure quotes CITY_RAW (written by add_model_city), so the provenance rules hold as for real data.

CITY = "model_city"
CITY_RAW = "model_city_2022-10-15_decade_review.txt"
CITY_SOURCE = "model_city_review"
CITY_TITLE = "某市民政工作十年综述（测试用）"
CITY_TABLE = "model_city_yearbook_2022_table_3.csv"  # a yearbook table, cited by row and column
CITY_TABLE_SOURCE = "model_city_yearbook"
CITY_TABLE_ROW = "60岁及以上老年人口 (人)"
CITY_TABLE_TEXT = f"指标,2020,2021\n{CITY_TABLE_ROW},605000,621000\n"
CITY_LINES = {
    "dibao": "城乡低保标准分别由2012年的300元/人/月和1800元/人/年提高到今年的650元/人/月和6000元/人/年",
    "growth": "城乡低保平均保障标准较2012年分别提高116.7%和233.3%",
    "raise_years": "连续十年提高城乡低保标准",
    "recipients": "目前,全市共保障城乡低保对象40000户、60000人,城乡特困人员15000人",
    "funds": "自2012年来,筹集困难群众救助补助资金32.5亿元,支出33.8亿元",
    "linkage": "连续12次启动社会救助和保障标准与物价上涨联动机制",
    "subsidy": "为100.5万人次发放价格临时补贴",
    "campaign": "五年筹集困难群众救助补助资金共12.5亿元,支出11.5亿元",
    "event_2017": "2017年始,全市农村低保保障标准超过国家扶贫标准",
    "event_2021": "2021年以来,持续巩固拓展脱贫攻坚兜底保障成果",
    "beds": "全市实现每千名老年人拥有养老床位数达35张目标",
    "pilot": "2020年获批改革试点以来,新增居家和社区养老服务设施12个",
    "pilot_share": "交由社会力量运营比例达60%",
    "large_pilot": "新建4家1000平方米以上的城市居家社区养老服务设施",
    "institutions": "目前,全市共有各类养老机构80家",
    "large_now": "新建1000平方米城市社区养老服务设施4个",
    "disability": "2022年,困难残疾人生活补贴和重度残疾人护理补贴标准分别提高到80元/人/月和100元/人/月",
    "children": "设立了120名乡镇儿童督导员、1860名村儿童主任",
    "orphans": "孤儿、事实无人抚养儿童补贴标准分别提高到集中供养1600元/月/人和散居1200元/月/人",
    "inspected": "共排查社会组织1000家,对200家社会组织作出了行政处罚,取缔50家,劝散12家,引导登记6家,责令整改30家",
    "community_orgs": "目前,某市城市社区社会组织达到300个,农村社区社会组织500个",
    "villages": "全市行政村数由2000个减少至1500个",
    "communities": "社区数量由200个增加至不少于260个",
    "openness": "村务公开率达100%",
    "townships": "2021年底完成了乡级行政区划调整,某市乡级政区由100个调整为90个",
}


def _city_obs(obs_id, indicator, value, unit, as_written, line, scope="all", **more) -> dict:
    return dict(
        obs_id=obs_id,
        indicator=indicator,
        scope=scope,
        value=str(value),
        unit=unit,
        as_written=as_written,
        quote=CITY_LINES[line],
        source_id=CITY_SOURCE,
        **more,
    )


def _city_tables() -> dict[str, list[dict]]:
    now = dict(year="2022", period_basis="article_date")
    since_2012 = dict(start_year="2012", **now)
    since_2020 = dict(start_year="2020", **now)
    unknown = dict(period_basis="unknown")
    cumulative = dict(period_basis="unknown", period_note="历年累计，起止年份未载明")
    campaign = dict(period_basis="unknown", period_note="脱贫攻坚期内五年，起止年份未载明")
    inspection = dict(period_basis="unknown", period_note="专项行动期间，年份未载明")
    return {
        "social_assistance/observations": [
            _city_obs(
                "std_urban_2012",
                "dibao_standard",
                300,
                "元/人/月",
                "300元/人/月",
                "dibao",
                "urban",
                stage="before",
                year="2012",
                period_basis="stated",
            ),
            _city_obs(
                "std_rural_2012",
                "dibao_standard",
                1800,
                "元/人/年",
                "1800元/人/年",
                "dibao",
                "rural",
                stage="before",
                year="2012",
                period_basis="stated",
            ),
            _city_obs(
                "std_urban_2022",
                "dibao_standard",
                650,
                "元/人/月",
                "650元/人/月",
                "dibao",
                "urban",
                stage="after",
                **now,
            ),
            _city_obs(
                "std_rural_2022",
                "dibao_standard",
                6000,
                "元/人/年",
                "6000元/人/年",
                "dibao",
                "rural",
                stage="after",
                **now,
            ),
            _city_obs("growth_urban", "dibao_standard_growth", 116.7, "%", "116.7%", "growth", "urban", **since_2012),
            _city_obs("growth_rural", "dibao_standard_growth", 233.3, "%", "233.3%", "growth", "rural", **since_2012),
            _city_obs("raise_years", "dibao_raise_years", 10, "年", "十年", "raise_years", **since_2012),
            _city_obs("households_now", "dibao_households", 40000, "户", "40000户", "recipients", **now),
            _city_obs("recipients_now", "dibao_recipients", 60000, "人", "60000人", "recipients", **now),
            _city_obs("tekun_now", "tekun_recipients", 15000, "人", "15000人", "recipients", **now),
            _city_obs("funds_raised", "assistance_funds_raised", 32.5, "亿元", "32.5亿元", "funds", **since_2012),
            _city_obs("funds_spent", "assistance_funds_spent", 33.8, "亿元", "33.8亿元", "funds", **since_2012),
            _city_obs("linkage", "price_linkage_activations", 12, "次", "12次", "linkage", **cumulative),
            _city_obs("subsidy", "price_subsidy_person_times", 100.5, "万人次", "100.5万人次", "subsidy", **cumulative),
            _city_obs("campaign_raised", "campaign_funds_raised", 12.5, "亿元", "12.5亿元", "campaign", **campaign),
            _city_obs("campaign_spent", "campaign_funds_spent", 11.5, "亿元", "11.5亿元", "campaign", **campaign),
        ],
        "social_assistance/checks": [
            dict(
                check_id="growth_urban",
                stated="growth_urban",
                formula="pct_change",
                inputs="std_urban_2012 std_urban_2022",
                note_zh="城市低保标准2012年至今年的提高幅度",
            ),
            dict(
                check_id="growth_rural",
                stated="growth_rural",
                formula="pct_change",
                inputs="std_rural_2012 std_rural_2022",
                note_zh="农村低保标准2012年至今年的提高幅度",
            ),
            dict(
                check_id="raise_years",
                stated="raise_years",
                formula="year_span",
                inputs="std_urban_2012 std_urban_2022",
                note_zh="“连续十年”与标准的起止年份",
            ),
        ],
        "social_assistance/events": [
            dict(
                event_id="above_poverty_line_2017",
                year="2017",
                kind="reform",
                event_zh="全市农村低保保障标准超过国家扶贫标准",
                source_id=CITY_SOURCE,
                quote=CITY_LINES["event_2017"],
            ),
            dict(
                event_id="consolidation_2021",
                year="2021",
                kind="reform",
                event_zh="持续巩固拓展脱贫攻坚兜底保障成果",
                source_id=CITY_SOURCE,
                quote=CITY_LINES["event_2021"],
            ),
        ],
        "elderly_care/observations": [
            _city_obs(
                "beds_per_1000",
                "elderly_beds_per_1000",
                35,
                "张/千名老年人",
                "35张",
                "beds",
                period_basis="unknown",
                period_note="报道时已实现，达成年份未载明",
            ),
            _city_obs("pilot_facilities", "pilot_new_facilities", 12, "个", "12个", "pilot", **since_2020),
            _city_obs("pilot_share", "pilot_social_operation_share", 60, "%", "60%", "pilot_share", **since_2020),
            _city_obs("large_pilot", "large_community_facilities", 4, "家", "4家", "large_pilot", **since_2020),
            _city_obs("institutions_now", "elderly_institutions", 80, "家", "80家", "institutions", **now),
            _city_obs("large_now", "large_community_facilities", 4, "个", "4个", "large_now", **now),
            *[
                dict(
                    obs_id=f"elderly_60_{year}",
                    indicator="elderly_population_60",
                    scope="all",
                    year=year,
                    period_basis="stated",
                    value=value,
                    unit="人",
                    as_written=value,
                    source_id=CITY_TABLE_SOURCE,
                    table_row=CITY_TABLE_ROW,
                    table_column=year,
                )
                for year, value in (("2020", "605000"), ("2021", "621000"))
            ],
        ],
        "elderly_care/checks": [
            dict(
                check_id="large_restated",
                stated="large_now",
                formula="equal",
                inputs="large_pilot",
                note_zh="文中两次提到新建1000平方米以上城市社区养老服务设施",
            ),
            dict(
                check_id="pilot_share_whole_count",
                stated="pilot_share",
                formula="whole_share",
                inputs="pilot_facilities",
                note_zh="12个新增设施中交由社会力量运营的比例能否恰为60%",
            ),
        ],
        "social_affairs/observations": [
            _city_obs(
                "disability_living",
                "disability_living_subsidy",
                80,
                "元/人/月",
                "80元/人/月",
                "disability",
                stage="after",
                year="2022",
                period_basis="stated",
            ),
            _city_obs(
                "disability_care",
                "disability_care_subsidy",
                100,
                "元/人/月",
                "100元/人/月",
                "disability",
                stage="after",
                year="2022",
                period_basis="stated",
            ),
        ],
        "child_welfare/observations": [
            _city_obs("supervisors", "township_child_supervisors", 120, "名", "120名", "children", **now),
            _city_obs("directors", "village_child_directors", 1860, "名", "1860名", "children", **now),
            _city_obs(
                "orphans_institutional",
                "orphan_allowance",
                1600,
                "元/月/人",
                "1600元/月/人",
                "orphans",
                "institutional",
                stage="after",
                period_basis="unknown",
                period_note="提高后的标准，年份未载明",
            ),
            _city_obs(
                "orphans_scattered",
                "orphan_allowance",
                1200,
                "元/月/人",
                "1200元/月/人",
                "orphans",
                "scattered",
                stage="after",
                period_basis="unknown",
                period_note="提高后的标准，年份未载明",
            ),
        ],
        "social_organisations/observations": [
            _city_obs("inspected", "orgs_inspected", 1000, "家", "1000家", "inspected", **inspection),
            _city_obs("penalised", "orgs_penalised", 200, "家", "200家", "inspected", **inspection),
            _city_obs("banned", "orgs_banned", 50, "家", "50家", "inspected", **inspection),
            _city_obs("dispersed", "orgs_dispersed", 12, "家", "12家", "inspected", **inspection),
            _city_obs("guided", "orgs_guided_to_register", 6, "家", "6家", "inspected", **inspection),
            _city_obs("rectified", "orgs_ordered_to_rectify", 30, "家", "30家", "inspected", **inspection),
            _city_obs(
                "community_orgs_urban", "community_social_orgs", 300, "个", "300个", "community_orgs", "urban", **now
            ),
            _city_obs(
                "community_orgs_rural", "community_social_orgs", 500, "个", "500个", "community_orgs", "rural", **now
            ),
        ],
        "grassroots_governance/observations": [
            _city_obs(
                "villages_before",
                "administrative_villages",
                2000,
                "个",
                "2000个",
                "villages",
                stage="before",
                period_basis="unknown",
                period_note="合并调整前，年份未载明",
            ),
            _city_obs(
                "villages_after",
                "administrative_villages",
                1500,
                "个",
                "1500个",
                "villages",
                stage="after",
                period_basis="unknown",
                period_note="合并调整后，年份未载明",
            ),
            _city_obs(
                "communities_before",
                "communities",
                200,
                "个",
                "200个",
                "communities",
                stage="before",
                period_basis="unknown",
                period_note="调整前，年份未载明",
            ),
            _city_obs(
                "communities_after",
                "communities",
                260,
                "个",
                "260个",
                "communities",
                stage="after",
                qualifier="不少于",
                period_basis="unknown",
                period_note="调整后，年份未载明",
            ),
            _city_obs("openness", "village_affairs_openness", 100, "%", "100%", "openness", **unknown),
        ],
        "admin_divisions/observations": [
            _city_obs(
                "townships_before",
                "township_divisions",
                100,
                "个",
                "100个",
                "townships",
                stage="before",
                period_basis="unknown",
                period_note="2021年调整前",
            ),
            _city_obs(
                "townships_after",
                "township_divisions",
                90,
                "个",
                "90个",
                "townships",
                stage="after",
                year="2021",
                period_basis="stated",
            ),
        ],
    }


CITY_HEADERS = {
    "observations": OBS,
    "checks": ["check_id", "stated", "formula", "inputs", "note_zh"],
    "events": ["event_id", "year", "month", "kind", "event_zh", "source_id", "quote"],
}


def add_model_city(data: Path) -> str:
    """Write model_city into `data` (a copy of data/'s shared tables and raw sources) and return its id."""
    raw = "\n".join(CITY_LINES.values()) + "\n"
    (data / "raw" / CITY_RAW).write_text(raw, encoding="utf-8")
    _append(
        data / "raw" / "sources.csv",
        {
            "source_id": CITY_SOURCE,
            "file": CITY_RAW,
            "title": CITY_TITLE,
            "publisher": "某市日报",
            "published": "2022-10-15",
            "sha256": hashlib.sha256(raw.encode()).hexdigest(),
            "url": "https://example.org/model-city",
        },
    )
    _append(
        data / "regions.csv",
        {
            "region": CITY,
            "name_zh": "某市",
            "name_en": "Model City",
            "level_zh": "地级市",
            "province_zh": "某省",
            "default_start_year": "2012",
            "default_end_year": "2022",
        },
    )
    (data / "raw" / CITY_TABLE).write_text(CITY_TABLE_TEXT, encoding="utf-8")
    _append(
        data / "raw" / "sources.csv",
        {
            "source_id": CITY_TABLE_SOURCE,
            "file": CITY_TABLE,
            "title": "某市统计年鉴2022 表3 人口（测试用）",
            "publisher": "某市统计局",
            "published": "2022",
            "sha256": hashlib.sha256(CITY_TABLE_TEXT.encode()).hexdigest(),
            "url": "https://example.org/model-city-yearbook",
        },
    )
    for table, rows in _city_tables().items():
        _write(data / CITY / f"{table}.csv", CITY_HEADERS[table.split("/")[1]], rows)
    return CITY
