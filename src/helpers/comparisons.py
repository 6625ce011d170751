"""Chapter sections that set the region's figures in context (shown only when the chapter's `compare` is on)."""
from __future__ import annotations

import pandas as pd

from helpers import charts, context, derive, display, fmt, metrics, text
from helpers.chapter import ChapterContext

GRADE_NOTE = "比较数据来自公开网页，A、B为可靠性等级（A：官方或主流媒体原文；B：转载有误或年份系推断），C级线索不作数字使用。"


def _enabled(ch: ChapterContext, title: str) -> bool:
    if not ch.compare:
        return False
    display.heading(title, 2)
    return True


def _benefit_table(series: pd.DataFrame, unit: str) -> pd.DataFrame:
    return pd.DataFrame({
        "地区": series["series"], "年份": [f"{y}年" for y in series["year"]],
        "时点与口径": series["period_note"],
        "数值": [fmt.with_unit(v, unit) + ("（换算）" if c else "")
               for v, c in zip(series["value"], series["converted"])],
        "等级": series["grade"], "发布者": series["publisher"]})


def _gap_note(series: pd.DataFrame, start: int, end: int) -> str:
    gaps = context.missing_years(series, start, end)
    parts = [f"{name}缺{'、'.join(str(y) for y in years)}年" for name, years in gaps.items() if years]
    return "图中只画有数据的年份，缺数年份留空、不作插补：" + "；".join(parts) + "。" if parts else ""


def dibao(ch: ChapterContext) -> None:
    """Urban and rural dibao standards beside the province and the nation; share of national; rank; growth."""
    if not _enabled(ch, "与全省、全国比较：低保标准"):
        return
    start, end = ch.start_year, ch.end_year
    for scope, scope_zh, period, unit in (("urban", "城市", "month", "元/人/月"), ("rural", "农村", "year", "元/人/年")):
        series = context.benefit_series(ch.region, "dibao_standard", scope, period, start, end)
        shares = context.share_of_national(series, ch.region_name)
        display.heading(f"{scope_zh}低保标准", 3)
        display.paragraphs([f"{int(r['year'])}年，{ch.region_name}{scope_zh}低保标准相当于全国平均的{fmt.percent(r['share'])}"
                            f"（{fmt.with_unit(r['region'], unit)}对{fmt.with_unit(r['national'], unit)}）。"
                            for _, r in shares.iterrows()])
        charts.show(charts.year_series(context.by_year(series, start, end), title=f"{scope_zh}低保平均标准（{unit}）",
                                       ylabel=unit))
        display.note(_gap_note(series, start, end))
        display.table(_benefit_table(series, unit))
    _ranks(ch)
    _decade_growth(ch)
    _reconciliation(ch)
    display.note(GRADE_NOTE)


def _ranks(ch: ChapterContext) -> None:
    ranks = context.prefecture_ranks(ch.region)
    if ranks.empty:
        return
    display.heading(f"在{ch.region.info['province_zh']}各地级市中的位次（农村低保标准）", 3)
    display.paragraphs([f"{r['period_note']}，{ch.region_name}农村低保平均标准{fmt.number(r['value'], 2)}元/人/年，"
                        f"在{r['of']}个地级市中居第{r['rank']}位（最高为{r['highest']}{fmt.number(r['highest_value'], 2)}元，"
                        f"{r['of']}市简单平均{fmt.number(r['mean'], 2)}元）。" for _, r in ranks.iterrows()])


def _decade_growth(ch: ChapterContext) -> None:
    stated = context.context_figures(ch.region, "dibao_decade_growth_multiple", "national")
    own = derive.pairs(ch.facts, ["dibao_standard"])
    if stated.empty or own.empty:
        return
    display.heading("十年增幅：与全国比较", 3)
    sentences = [f"全国{int(s['start_year'])}—{int(s['year'])}年{s['scope_zh']}低保平均标准增长了{fmt.number(s['value'])}倍"
                 f"（即提高{fmt.percent(s['value'] * 100, 0)}）；{ch.region_name}{int(p['before_year'])}—{int(p['after_year'])}年"
                 f"提高{fmt.percent(p['pct_change'])}。"
                 for _, s in stated.iterrows() for _, p in own.iterrows() if p["scope"] == s["scope"]]
    province = context.context_figures(ch.region, "dibao_standard_growth", "province")
    sentences += [f"{p['region_zh']}{int(p['start_year'])}—{int(p['year'])}年{p['scope_zh']}低保平均标准提高{fmt.percent(p['value'], 0)}。"
                  for _, p in province.iterrows()]
    display.paragraphs(sentences)


def _reconciliation(ch: ChapterContext) -> None:
    rows = context.reconciliation(ch.region)
    if rows.empty:
        return
    display.heading("口径核对：原文与其他来源", 3)
    display.paragraphs([
        f"原文给出{r['year']}年{ch.region_name}农村低保标准为{fmt.with_unit(r['article'], r['unit'])}，"
        f"{r['table_publisher']}（{r['table_note']}，{r['grade']}级）为{fmt.with_unit(r['table'], r['unit'])}，"
        f"相差{fmt.with_unit(abs(r['difference']), r['unit'])}（{fmt.percent(abs(r['pct']))}）。"
        + ("可能的原因是该表取各县标准的简单平均，或统计时点不同；这只是一种可能，两个来源都没有说明口径。"
           if "县级标准均值" in r["table_note"] else "两个来源都没有说明口径，差异原因不明。")
        for _, r in rows.iterrows()])


def beds(ch: ChapterContext) -> None:
    if not _enabled(ch, "与全国比较：每千名老年人养老床位"):
        return
    national = context.context_figures(ch.region, "elderly_beds_per_1000", "national").sort_values("year")
    own = ch.facts[ch.facts["indicator"] == "elderly_beds_per_1000"]
    if national.empty or own.empty:
        display.note("缺少可比较的数据。")
        return
    fact = own.iloc[0]
    latest = national.iloc[-1]
    years = [int(y) for y in national["year"]]
    gap = metrics.change(latest["value"], fact["value"])
    display.paragraphs([
        f"{ch.region_name}{text.label(fact)}{text.figure(fact)}（{text.period_label(fact)}）。",
        f"全国平均为{'、'.join(f'{int(r.year)}年{fmt.number(r.value)}张' for r in national.itertuples())}；"
        f"{int(latest['year'])}年以后的全国年度数值未能取得。{ch.region_name}的数值比全国{int(latest['year'])}年"
        f"{'高' if gap >= 0 else '低'}{fmt.number(abs(gap), 1)}张，但两者年份不同，只能说明量级。"])
    wide = pd.DataFrame({"全国": national.set_index("year")["value"]}).reindex(range(ch.start_year, ch.end_year + 1))
    gaps = [y for y in range(ch.start_year, ch.end_year + 1) if y not in years]
    charts.show(charts.year_series(
        wide, title="每千名老年人养老床位（张）", ylabel="张",
        reference=(float(fact["value"]), f"{ch.region_name}：{text.figure(fact)}（{text.period_label(fact)}）"),
    ))
    display.note(f"图中全国缺{'、'.join(map(str, gaps))}年，留空、不作插补；{ch.region_name}只有一个不载年份的数值，画作参考线。")
    display.note(GRADE_NOTE)


def orphans(ch: ChapterContext) -> None:
    if not _enabled(ch, "与全国、全省比较：孤儿保障标准"):
        return
    own = ch.facts[ch.facts["indicator"] == "orphan_allowance"]
    national = context.context_figures(ch.region, "orphan_allowance", "national")
    province = context.context_figures(ch.region, "orphan_allowance", "province")
    sentences = []
    for _, fact in own.iterrows():
        match = national[national["scope"] == fact["scope"]]
        if not match.empty:
            n = match.iloc[0]
            sentences.append(f"{text.label(fact)}{text.figure(fact)}，相当于全国平均（{n['period_note']}，"
                             f"{fmt.number(n['value'])}元/人/月）的{fmt.percent(metrics.share(fact['value'], n['value']))}。")
    province = province[province["region_zh"] != ch.region_name]
    if not province.empty and sorted(own["value"]) == sorted(province["value"]):
        p = province.iloc[0]
        sentences.append(f"原文的{'、'.join(fmt.number(v) for v in own['value'])}元与{p['region_zh']}{int(p['year'])}年公布的"
                         f"省级标准（{p['publisher']}）数值完全相同，很可能是省定标准在本市的执行，而非本市自定的标准（推断）；"
                         f"英文稿对两类儿童的称谓（{'、'.join(province['scope_zh'])}）与原文（集中供养、散居）不一致。")
    display.paragraphs(sentences or ["缺少可比较的数据。"])
    display.note(GRADE_NOTE)


def social_orgs(ch: ChapterContext) -> None:
    if not _enabled(ch, "人口口径与全国比较：社会组织密度"):
        return
    own = ch.facts[ch.facts["indicator"] == "orgs_per_10k"]
    population = context.context_figures(ch.region, "resident_population")
    population = population[population["region_zh"] == ch.region_name]
    sentences = []
    if not own.empty and not population.empty:
        fact, pop = own.iloc[0], population.sort_values("year").iloc[-1]
        implied = fact["value"] * pop["value"] / 10_000
        sentences.append(f"按{pop['period_note']}{ch.region_name}常住人口{fmt.number(pop['value'])}人推算，每万人"
                         f"{fmt.number(fact['value'])}个社会组织约相当于{fmt.number(implied, 0)}个（推算值；人口与组织数年份不同）。")
    orgs = context.context_figures(ch.region, "social_orgs_total", "national")
    elderly = context.context_figures(ch.region, "elderly_population_60", "national")
    share = context.context_figures(ch.region, "elderly_share_60", "national")
    for _, o in orgs.iterrows():
        e, s = elderly[elderly["year"] == o["year"]], share[share["year"] == o["year"]]
        if e.empty or s.empty:
            sentences.append(f"全国{o['period_note']}共有社会组织{fmt.number(o['value'])}万个；当年全国人口未取得，不计算每万人数。")
            continue
        population_national = e.iloc[0]["value"] * e.iloc[0]["factor"] / (s.iloc[0]["value"] / 100)
        per_10k = o["value"] * o["factor"] / population_national * 10_000
        sentences.append(f"全国{o['period_note']}共有社会组织{fmt.number(o['value'])}万个；以60岁及以上人口"
                         f"{fmt.number(e.iloc[0]['value'])}亿人占{fmt.percent(s.iloc[0]['value'])}推算总人口约"
                         f"{fmt.number(population_national / e.iloc[0]['factor'], 2)}{e.iloc[0]['unit']}，每万人约{fmt.number(per_10k, 2)}个（推算值）。")
    display.paragraphs(sentences or ["缺少可比较的数据。"])
    display.note(GRADE_NOTE)
