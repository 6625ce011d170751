"""What a chapter shows: tables, paragraphs and source lists as HTML, every data string escaped."""
from __future__ import annotations

import re
from html import escape

import pandas as pd
from IPython.display import HTML, display

from helpers import fmt, text


FIGURE_CELL = re.compile(r"^[+\-−]?\d[\d,.]*\S{0,12}$")  # '1,829元/人/年', '+99.7%', '2012年': never wrapped


def _cell(value) -> str:
    content = str(value)
    css = ' class="nowrap"' if FIGURE_CELL.match(content) or len(content) <= 4 else ""
    return f"<td{css}>{escape(content)}</td>"


def table_html(frame: pd.DataFrame, caption: str | None = None) -> str:
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in frame.itertuples(index=False))
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f'<table class="report-table">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def table(frame: pd.DataFrame, caption: str | None = None) -> None:
    display(HTML(table_html(frame, caption)))


def paragraphs(sentences: list[str]) -> None:
    display(HTML("".join(f"<p>{escape(s)}</p>" for s in sentences)))


def heading(title: str, level: int = 1) -> None:
    display(HTML(f"<h{level}>{escape(title)}</h{level}>"))


def note(sentence: str) -> None:
    display(HTML(f'<p class="note">{escape(sentence)}</p>'))


def byline(sentence: str) -> None:
    """The line under a chapter title; PDF pages repeat it in their running header."""
    display(HTML(f'<p class="note byline">{escape(sentence)}</p>'))


def source_names(rows: pd.DataFrame) -> str:
    """'晋中日报 2022-09-23' (several sources joined by '；')."""
    names = rows["publisher"] + " " + rows["published"].dt.strftime("%Y-%m-%d")
    return "；".join(sorted(set(names)))


def key_figures(facts: pd.DataFrame) -> pd.DataFrame:
    """Every figure of `facts` as a reader's table: name, scope, period, value with its unit."""
    return pd.DataFrame({
        "指标": [f["name_zh"] for _, f in facts.iterrows()],
        "范围": [f["scope_zh"] for _, f in facts.iterrows()],
        "时期": [text.period_label(f) for _, f in facts.iterrows()],
        "数值": [text.figure(f) for _, f in facts.iterrows()],
    })


def pairs_table(pairs: pd.DataFrame) -> pd.DataFrame:
    def year(y):
        return "未载明" if pd.isna(y) else f"{int(y)}年"
    return pd.DataFrame({
        "指标": [text.label(p) for _, p in pairs.iterrows()],
        "起点": [f"{year(p['before_year'])} {fmt.with_unit(p['before'], p['unit'])}" for _, p in pairs.iterrows()],
        "终点": [f"{year(p['after_year'])} {fmt.with_unit(p['after'], p['unit'])}" for _, p in pairs.iterrows()],
        "变化": [fmt.signed_with_unit(p["change"], p["unit"]) for _, p in pairs.iterrows()],
        "变化率": [fmt.signed_percent(p["pct_change"]) for _, p in pairs.iterrows()],
        "年均增长": ["—" if pd.isna(p["cagr"]) else fmt.percent(p["cagr"]) for _, p in pairs.iterrows()],
    })


def checks_table(checks: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"核对内容": checks["note_zh"], "原文数字": checks["stated"],
                         "按原文数字重算": checks["working"], "结论": checks["verdict"]})


def sources_table(facts: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "指标": [text.label(f) for _, f in facts.iterrows()],
        "时期": [text.period_label(f) for _, f in facts.iterrows()],
        "数值": [text.figure(f) for _, f in facts.iterrows()],
        "出处": [f"{f['publisher']} {f['published']:%Y-%m-%d}" for _, f in facts.iterrows()],
        "原文": [f"“{f['quote']}”" for _, f in facts.iterrows()],
    })


def events_table(events: pd.DataFrame) -> pd.DataFrame:
    ordered = events.sort_values(["year", "month"], na_position="last")
    def when(e):
        if pd.isna(e["year"]):
            return "年份未载明"
        return f"{int(e['year'])}年" + ("" if pd.isna(e["month"]) else f"{int(e['month'])}月")
    return pd.DataFrame({"时间": [when(e) for _, e in ordered.iterrows()],
                         "事项": list(ordered["event_zh"]),
                         "原文": [f"“{q}”" for q in ordered["quote"]]})


def flows_table(flows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "时期": flows["period"],
        "筹集": [fmt.with_unit(v, u) for v, u in zip(flows["raised"], flows["unit"])],
        "支出": [fmt.with_unit(v, u) for v, u in zip(flows["spent"], flows["unit"])],
        "支出−筹集": [fmt.signed_with_unit(v, u) for v, u in zip(flows["balance"], flows["unit"])],
        "支出/筹集": [fmt.percent(v) for v in flows["spent_share"]],
    })


def annual_table(annual: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "标准": [text.label(f) for f in annual["fact"]],
        "时期": [text.period_label(f) for f in annual["fact"]],
        "每月（原文）": [text.figure(f) for f in annual["fact"]],
        "折合每年（×12）": [f"{fmt.number(v)}元/人/年" for v in annual["yearly"]],
    })


def parts_table(parts: pd.DataFrame, of_whole: bool) -> pd.DataFrame:
    basis = f"占{text.label(parts['whole'].iloc[0])}" if of_whole else "占合计"
    return pd.DataFrame({
        "项目": [text.label(f) for f in parts["fact"]],
        "数值": [text.figure(f) for f in parts["fact"]],
        basis: [fmt.percent(s) for s in parts["share"]],
    })
