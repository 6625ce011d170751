"""Odd-but-valid fixture regions, written into a copy of data/: shapes the Jinzhong article does not have.

`odd_county` has a yearly standard replaced by a monthly one (2,400元/年 → 660元/月), a period written
“截至今年7月1日”, a 17-year series with gaps, an approximate figure, and checks a source might state (年均增长 as a
simple average, 增长了N倍). Each figure quotes a raw text written here, so provenance rules hold.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

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
    return "odd_county"
