"""Charts with Chinese labels: a real CJK font, registered by path, and tofu turned into an error.

Honest by construction: two observations are drawn as two points joined by a line (a slope), never
as a trend; bars compare figures of one unit only.

Every chart function shows its chart where it is called, once, and returns nothing (so a chart never appears
twice, with or without a trailing `;`); `<function>.figure(...)` builds the same chart without showing it.
"""

from __future__ import annotations

import functools
import math
import re
import textwrap
import warnings

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib import font_manager
from matplotlib.container import BarContainer
from matplotlib.ticker import FuncFormatter

from helpers.base.fonts import CJK_FAMILY, MissingFontError, cjk_font_path  # noqa: F401 (re-exported)
from helpers.page import display
from helpers.wording import fmt

PALETTE = ["#1f5aa6", "#c8553d", "#2a9d8f", "#8d6a9f"]
DPI = 200


def use_report_theme() -> str:
    """Set the report's chart style; return the CJK font family used. Call before any chart."""
    font_manager.fontManager.addfont(str(cjk_font_path()))
    sns.set_theme(style="whitegrid", palette=PALETTE)
    # seaborn.set_theme resets font.family, so the CJK font is set after it; fallback goes along this list.
    matplotlib.rcParams.update(
        {
            "font.family": [CJK_FAMILY, "DejaVu Sans"],
            "axes.unicode_minus": False,
            "figure.dpi": 100,
            "savefig.dpi": DPI,
            "figure.figsize": (7.2, 3.6),
            "svg.hashsalt": "minzheng",
        }
    )
    matplotlib.rcParams["text.parse_math"] = False  # labels come from data: '$…$' is text, not mathematics
    warnings.filterwarnings("error", message=r"Glyph .* missing from font")
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png", metadata={"Software": None})
    except ImportError:  # outside IPython
        pass
    return CJK_FAMILY


def _show(fig) -> None:
    """Show a chart where it is made (not at the end of the cell), with its alt text, then free it."""
    if fig is None:
        return
    from IPython.display import display as ipython_display

    ipython_display(fig, metadata={"image/png": {"alt": alt_text(fig)}})
    plt.close(fig)
    display.figure_caption()


YEAR_LABEL = re.compile(r"^\d{4}年$")


def alt_text(fig) -> str:
    """What a chart shows, in words, read from what it draws: each panel's title, its series and the range of
    its values (a time line: the years it spans). For readers who cannot see the image."""
    sentences = []
    for ax in fig.axes:
        title = ax.get_title(loc="left") or ax.get_title()
        sentences.append(f"{title}。" if title else "")
        if not ax.axison:  # a time line: text beside points, no axes
            years = [t.get_text() for t in ax.texts if YEAR_LABEL.match(t.get_text())]
            if years:
                sentences.append(f"时间从{years[0]}到{years[-1]}。")
            continue
        names = [n for n in (h.get_label() for h in [*ax.get_lines(), *ax.containers]) if n and not n.startswith("_")]
        if names:
            sentences.append(f"图例：{'、'.join(dict.fromkeys(names))}。")
        values = [float(y) for line in ax.get_lines() for y in line.get_ydata()]
        values += [float(v) for c in ax.containers if isinstance(c, BarContainer) for v in c.datavalues]
        values = [v for v in values if math.isfinite(v)]
        if values:
            lying = any(getattr(c, "orientation", "") == "horizontal" for c in ax.containers)
            unit = ax.get_xlabel() if lying else ax.get_ylabel()  # the axis the values are read on
            sentences.append(f"图中数值从{fmt.number(min(values))}到{fmt.number(max(values))}{unit}。")
    return "".join(sentences) or "图表"


def _shown(build):
    """A chart function that shows its chart; the undecorated builder stays available as `.figure`."""

    @functools.wraps(build)
    def show_chart(*args, **kwargs) -> None:
        _show(build(*args, **kwargs))

    show_chart.figure = build
    return show_chart


def _finish(ax, title: str, ylabel: str, note: str | None, xlabel: str = ""):
    if ylabel:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: fmt.number(y)))
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel)
    if note:
        ax.figure.text(0.01, -0.02, textwrap.fill(note, 58), fontsize=8, color="#555555", ha="left", va="top")
    sns.despine(ax=ax)
    ax.figure.tight_layout()
    return ax.figure


@_shown
def slope(series: list[dict], title: str, ylabel: str, note: str | None = None):
    """Each series {'label', 'x': [a, b], 'y': [a, b], 'unit'}: two points joined by a line, values written."""
    series = [s for s in series if len(s["x"])]
    if not series:
        return None
    fig, ax = plt.subplots()
    for color, s in zip(PALETTE, series):
        ax.plot(s["x"], s["y"], marker="o", color=color, label=s["label"], linewidth=2)
        for x, y in zip(s["x"], s["y"]):
            ax.annotate(
                fmt.number(y, 1 if not float(y).is_integer() else 0),
                (x, y),
                textcoords="offset points",
                xytext=(0, 7),
                ha="center",
                fontsize=9,
                color=color,
            )
    ax.set_xticks(sorted({x for s in series for x in s["x"]}))
    ax.margins(x=0.15, y=0.2)
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, loc="upper left")
    return _finish(ax, title, ylabel, note)


@_shown
def grouped_bars(groups: list[str], bars: dict[str, list[float]], title: str, ylabel: str, note: str | None = None):
    """Bars of one unit: for each group (x), one bar per key of `bars`, each labelled with its value."""
    if not groups:
        return None
    fig, ax = plt.subplots()
    width = 0.8 / len(bars)
    for i, (color, (name, values)) in enumerate(zip(PALETTE, bars.items())):
        xs = [g + (i - (len(bars) - 1) / 2) * width for g in range(len(groups))]
        drawn = ax.bar(xs, values, width=width * 0.95, color=color, label=name)
        ax.bar_label(drawn, labels=[fmt.number(v) for v in values], fontsize=9, padding=2)
    ax.set_xticks(range(len(groups)), groups)
    ax.margins(y=0.15)
    if len(bars) > 1:
        ax.legend(frameon=False)
    return _finish(ax, title, ylabel, note)


@_shown
def hbars(labels: list[str], values: list[float], title: str, xlabel: str, note: str | None = None):
    """Horizontal bars of one unit, largest first, each labelled with its value (long Chinese labels fit)."""
    if not values:
        return None
    order = sorted(range(len(values)), key=lambda i: values[i])
    fig, ax = plt.subplots(figsize=(7.2, 0.45 * len(values) + 1.2))
    drawn = ax.barh([labels[i] for i in order], [values[i] for i in order], color=PALETTE[0], height=0.6)
    ax.bar_label(drawn, labels=[fmt.number(values[i]) for i in order], fontsize=9, padding=3)
    ax.margins(x=0.12)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: fmt.number(x)))
    ax.grid(axis="y", visible=False)
    return _finish(ax, title, "", note, xlabel=xlabel)


TIMELINE_LIMIT = 28  # events one time line draws: one line each, the chart then fills a page
TIMELINE_MAX_INCHES = 9.0  # and no taller than the page (long events take two lines or more)


def _spread_over_years(dated, limit: int):
    """At most `limit` events, spread over the years: every year's first event before any year's second."""
    rank = dated.groupby("year").cumcount()
    chosen = dated.assign(rank=rank.values).sort_values(["rank", "year"], kind="stable").head(limit)
    return chosen.sort_values(["year", "month"], na_position="first", kind="stable").drop(columns="rank")


def _timeline_rows(dated, wrap: int):
    """The events the time line draws, their wrapped text and heights: as many as fit on a page."""
    limit = min(len(dated), TIMELINE_LIMIT)
    while True:
        chosen = _spread_over_years(dated, limit) if limit < len(dated) else dated
        lines = [textwrap.fill(e, wrap) for e in chosen["event_zh"]]
        heights = [0.28 + 0.2 * line.count("\n") for line in lines]
        if sum(heights) + 0.8 <= TIMELINE_MAX_INCHES or limit == 1:
            return chosen, lines, heights
        limit -= 1


@_shown
def timeline(events, title: str, wrap: int = 34):
    """Dated milestones down a vertical time line: year on the left, the event on the right."""
    dated = events[events["year"].notna()].sort_values(["year", "month"], na_position="first", kind="stable")
    if dated.empty:
        return None
    chosen, lines, heights = _timeline_rows(dated, wrap)
    if len(chosen) < len(dated):
        title = f"{title}（共{len(dated):,}项，图中列出{len(chosen)}项）"
    dated = chosen
    fig, ax = plt.subplots(figsize=(7.2, sum(heights) + 0.8))
    y = 0.0
    previous_year = None
    for (_, event), line, h in zip(dated.iterrows(), lines, heights):
        year = int(event["year"])
        ax.plot(0, -y, "o", color=PALETTE[0], markersize=6)
        if year != previous_year:
            ax.text(-0.08, -y, f"{year}年", ha="right", va="center", fontsize=10, fontweight="bold", color=PALETTE[0])
        ax.text(0.08, -y, line, ha="left", va="center", fontsize=9)
        previous_year = year
        y += h
    ax.plot([0, 0], [0.15, -y + heights[-1] - 0.15], color="#9aa9c4", zorder=0)
    ax.set_xlim(-1.0, 6.0)
    ax.set_ylim(-y, 0.4)
    ax.axis("off")
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    fig.tight_layout()
    return fig


@_shown
def year_series(wide, title: str, ylabel: str, note: str | None = None, reference: tuple[float, str] | None = None):
    """Series by year (columns) on a full year axis: points where data exist, lines only between
    consecutive known years, gaps left empty; an optional horizontal reference line for an undated figure."""
    if wide.dropna(how="all").empty and reference is None:
        return None
    fig, ax = plt.subplots()
    for color, name in zip(PALETTE, wide.columns):
        values = wide[name].astype(float)
        ax.plot(wide.index, values, marker="o", color=color, label=name, linewidth=1.8)
    if reference is not None:
        ax.axhline(reference[0], color=PALETTE[1], linestyle="--", linewidth=1.5, label=reference[1])
    years = list(wide.index)
    ax.set_xticks(years[:: max(1, -(-len(years) // 7))])  # at most 7 labels: they never run into each other
    ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)  # the whole period, even when only one year has data
    highest = max([wide.max().max()] + ([reference[0]] if reference else []))
    ax.set_ylim(0, highest * 1.2)
    if len(wide.columns) + (reference is not None) > 1:  # beside the plot, so it never covers a point
        ax.legend(frameon=False, fontsize=8.5, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return _finish(ax, title, ylabel, note)


@_shown
def small_multiples(
    panels: list[tuple[str, pd.Series]], title: str, ylabel: str, note: str | None = None, columns: int = 2
):
    """One small panel per series (name, values by year on a full year axis): readable whatever their sizes,
    gaps left empty, each panel on its own scale."""
    if not panels:
        return None
    rows = -(-len(panels) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(7.2, 2.3 * rows + 0.6), squeeze=False)
    for ax, (name, values) in zip(axes.flat, panels):
        years = list(values.index)
        ax.plot(years, values.astype(float), marker="o", color=PALETTE[0], linewidth=1.6, markersize=4)
        ax.set_title(textwrap.fill(name, 18), fontsize=9.5, loc="left")
        ax.set_ylim(0, float(values.max()) * 1.25)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: fmt.number(y)))
        step = max(1, len(years) // 6)
        ax.set_xticks(years[::step])
        ax.tick_params(labelsize=8)
        sns.despine(ax=ax)
    for ax in list(axes.flat)[len(panels) :]:
        ax.axis("off")
    fig.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold")
    fig.supylabel(ylabel, fontsize=9)
    if note:
        fig.text(0.01, -0.01, textwrap.fill(note, 58), fontsize=8, color="#555555", ha="left", va="top")
    fig.tight_layout()
    return fig
