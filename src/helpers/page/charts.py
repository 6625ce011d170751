"""Charts with Chinese labels: a real CJK font, registered by path, and tofu turned into an error.

A chart earns its place: it shows more than the table beside it — a series of three or more points, a comparison
of places or groups, or a composition. A chart of fewer than three values (that are not places compared) is not
shown (`earns_place`). Each chart has a caption under its number saying what it shows (helpers.wording.captions),
a title that states its finding where the caller found one, axes with units, value labels at the source's
precision, a legend beside or below the plot (never over it), and no text smaller than MIN_FONT points on a figure
FIGURE_WIDTH inches wide: about 9 px where a phone shows the chart 360 px wide.

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
from matplotlib.ticker import FuncFormatter, MaxNLocator

from helpers.base.fonts import CJK_FAMILY, MissingFontError, cjk_font_path  # noqa: F401 (re-exported)
from helpers.page import display
from helpers.wording import captions, fmt, style, text

PALETTE = ["#1f5aa6", "#c8553d", "#2a9d8f", "#8d6a9f"]
DPI = 200
FIGURE_WIDTH = 5.0  # inches: a phone shows it about 360 px wide, so a point of text is about a pixel
MIN_FONT = 9.0  # points: the smallest text a chart draws (tick labels, value labels, legends, notes)
TITLE_FONT = 11.0
PHONE_PX = 360  # the width a 390 px phone screen gives a chart, inside the page's margins
MIN_POINTS = 3  # values a chart needs to show more than its table, unless it compares places
REFERENCE = "reference"  # the gid of a reference line: one figure, not a series


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
            "figure.figsize": (FIGURE_WIDTH, 3.2),
            "svg.hashsalt": "minzheng",
            "font.size": 10,
            "axes.titlesize": TITLE_FONT,
            "axes.labelsize": 10,
            "xtick.labelsize": MIN_FONT + 0.5,
            "ytick.labelsize": MIN_FONT + 0.5,
            "legend.fontsize": MIN_FONT + 0.5,
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


def drawn_values(ax) -> list[float]:
    """The values a panel draws: its series' points and its bars (a reference line counts once)."""
    values = [
        float(y)
        for line in ax.get_lines()
        for y in (line.get_ydata()[:1] if line.get_gid() == REFERENCE else line.get_ydata())
    ]
    values += [float(v) for c in ax.containers if isinstance(c, BarContainer) for v in c.datavalues]
    return [v for v in values if math.isfinite(v)]


def earns_place(fig) -> bool:
    """A chart shows more than its table: three or more values, or places compared (a series of one of them
    with two points or more); a time line: three events or more."""
    if getattr(fig, "compares_places", False) and any(
        sum(math.isfinite(float(y)) for y in line.get_ydata()) >= 2 for ax in fig.axes for line in ax.get_lines()
    ):
        return True
    if all(not ax.axison for ax in fig.axes):  # a time line
        return sum(len(ax.lines) for ax in fig.axes) >= MIN_POINTS
    return sum(len(drawn_values(ax)) for ax in fig.axes) >= MIN_POINTS


def smallest_text_px(fig, screen_px: float = PHONE_PX) -> float:
    """The smallest text of a chart in screen pixels when the figure (as saved: its tight box) is shown
    `screen_px` wide."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width_in = fig.get_tightbbox(renderer).width
    sizes = [t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text().strip()]
    return min(sizes) / 72 * screen_px / width_in if sizes else float("inf")


def _show(fig) -> None:
    """Show a chart where it is made (not at the end of the cell), with its alt text and its caption, then free
    it; a chart that shows no more than its table is left out (the analyst is told in the notebook)."""
    if fig is None:
        return
    from IPython.display import display as ipython_display

    if not earns_place(fig):
        display.notebook_only(f"图表“{_title_of(fig)}”只有不到{MIN_POINTS}个数值，表中已列出，不画图。")
        plt.close(fig)
        return
    caption = getattr(fig, "caption", None) or captions.caption_of_title(_title_of(fig))
    if display.in_one_edition():  # the image marked like the words around it, for its edition only
        display.image_html(_png(fig), alt_text(fig))
    else:
        ipython_display(fig, metadata={"image/png": {"alt": alt_text(fig)}})
    plt.close(fig)
    display.figure_caption(caption)


def _png(fig) -> bytes:
    """The chart as the notebook's inline backend draws it."""
    from IPython.core.pylabtools import print_figure

    return print_figure(fig, "png", bbox_inches="tight")


def _title_of(fig) -> str:
    suptitle = fig._suptitle.get_text() if fig._suptitle else ""
    return suptitle or next((ax.get_title(loc="left") or ax.get_title() for ax in fig.axes), "")


YEAR_LABEL = re.compile(r"^\d{4}年$")


def alt_text(fig) -> str:
    """What a chart shows, in words, read from what it draws: its title, each panel's title, its series, how many
    values it draws and their range (a time line: the years it spans). For readers who cannot see the image."""
    sentences = [f"{fig._suptitle.get_text()}。".replace("\n", "")] if fig._suptitle else []
    for ax in fig.axes:
        title = (ax.get_title(loc="left") or ax.get_title()).replace("\n", "")  # a wrapped title is one line
        sentences.append(f"{title}。" if title else "")
        if not ax.axison:  # a time line: text beside points, no axes
            years = [t.get_text() for t in ax.texts if YEAR_LABEL.match(t.get_text())]
            if years:
                sentences.append(f"时间从{years[0]}到{years[-1]}。")
            continue
        names = [n for n in (h.get_label() for h in [*ax.get_lines(), *ax.containers]) if n and not n.startswith("_")]
        if names:
            sentences.append(f"图例：{'、'.join(dict.fromkeys(names))}。")
        values = drawn_values(ax)
        if values:
            lying = any(getattr(c, "orientation", "") == "horizontal" for c in ax.containers)
            unit = ax.get_xlabel() if lying else ax.get_ylabel()  # the axis the values are read on
            sentences.append(
                f"图中共{len(values)}个数值，从{fmt.number(min(values))}到{fmt.number(max(values))}{unit}。"
            )
    return "".join(sentences) or "图表"


def _shown(build):
    """A chart function that shows its chart; the undecorated builder stays available as `.figure`. Its caption
    (what it shows, after its number) is `caption=`, or its title without the unit in brackets."""

    @functools.wraps(build)
    def show_chart(*args, caption: str | None = None, **kwargs) -> None:
        fig = build(*args, **kwargs)
        if fig is not None:
            fig.caption = caption
        _show(fig)

    show_chart.figure = build
    return show_chart


def _new(height: float = 3.2):
    return plt.subplots(figsize=(FIGURE_WIDTH, height), layout="constrained")


def _legend(ax, count: int) -> None:
    """A legend below the plot, never over a point: in one row when it fits, else in two columns."""
    if count > 1:
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(0, -0.13), ncol=count if count <= 3 else 2)


NO_LINE_START = "）」』》〉】，。、；：？！”’)"  # closing marks a Chinese line never starts with


def wrap_zh(text: str, width: int) -> str:
    """`text` in lines of at most `width` characters (one more where a closing mark is pulled back: a line never
    starts with ）or ，)."""
    lines = textwrap.wrap(text, width) or [""]
    for n in range(1, len(lines)):
        while lines[n] and lines[n][0] in NO_LINE_START:
            lines[n - 1], lines[n] = lines[n - 1] + lines[n][0], lines[n][1:]
    return "\n".join(line for line in lines if line)


def _finish(ax, title: str, ylabel: str, note: str | None, xlabel: str = ""):
    if ylabel:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: fmt.number(y)))
    ax.set_title(wrap_zh(title, 26), loc="left", fontsize=TITLE_FONT, fontweight="bold")
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel)
    if note:
        ax.figure.supxlabel(wrap_zh(note, 30), x=0.01, ha="left", fontsize=MIN_FONT, color="#555555")
    sns.despine(ax=ax)
    return ax.figure


def value_label(value: float, written: str | None = None) -> str:
    """A value as a chart writes it: with as many decimals as the figure as written ('37.66' → 37.66), else with
    at most two (never fewer than the source gave)."""
    if isinstance(written, str) and written:
        number = re.search(r"\d[\d,]*(?:\.(\d+))?", written)
        if number:
            return fmt.number(value, len(number.group(1) or ""), fixed=True)
    return fmt.number(value)


@_shown
def grouped_bars(
    groups: list[str],
    bars: dict[str, list[float]],
    title: str,
    ylabel: str,
    note: str | None = None,
    written: dict[str, list[str]] | None = None,
):
    """Bars of one unit: for each group (x), one bar per key of `bars`, each labelled with its value (as written,
    where `written` gives it)."""
    if not groups:
        return None
    fig, ax = _new()
    width = 0.8 / len(bars)
    for i, (color, (name, values)) in enumerate(zip(PALETTE, bars.items())):
        xs = [g + (i - (len(bars) - 1) / 2) * width for g in range(len(groups))]
        drawn = ax.bar(xs, values, width=width * 0.95, color=color, label=name)
        shown = (written or {}).get(name) or [None] * len(values)
        ax.bar_label(drawn, labels=[value_label(v, w) for v, w in zip(values, shown)], fontsize=MIN_FONT, padding=2)
    ax.set_xticks(range(len(groups)), [wrap_zh(g, 8) for g in groups])
    ax.margins(y=0.15)
    _legend(ax, len(bars))
    return _finish(ax, title, ylabel, note)


@_shown
def hbars(
    labels: list[str],
    values: list[float],
    title: str | None,
    xlabel: str,
    note: str | None = None,
    written: list[str] | None = None,
):
    """Horizontal bars of one unit, largest first, each labelled with its value (long Chinese labels fit). With no
    `title`, the title states the two largest bars (captions.largest_title)."""
    if not values:
        return None
    title = title or captions.largest_title(labels, values, xlabel) or xlabel
    order = sorted(range(len(values)), key=lambda i: values[i])
    shown = written or [None] * len(values)
    fig, ax = _new(0.42 * len(values) + 1.3)
    drawn = ax.barh([wrap_zh(labels[i], 12) for i in order], [values[i] for i in order], color=PALETTE[0], height=0.6)
    ax.bar_label(drawn, labels=[value_label(values[i], shown[i]) for i in order], fontsize=MIN_FONT, padding=3)
    ax.margins(x=0.15)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: fmt.number(x)))
    ax.xaxis.set_major_locator(MaxNLocator(4))
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
        lines = [wrap_zh(style.chinese_punctuation(e), wrap) for e in chosen["event_zh"]]
        heights = [0.28 + 0.23 * line.count("\n") for line in lines]
        if sum(heights) + 0.8 <= TIMELINE_MAX_INCHES or limit == 1:
            return chosen, lines, heights
        limit -= 1


@_shown
def timeline(events, title: str, wrap: int = 24):
    """Dated milestones down a vertical time line: year on the left, the event on the right."""
    dated = events[events["year"].notna()].sort_values(["year", "month"], na_position="first", kind="stable")
    if dated.empty:
        return None
    chosen, lines, heights = _timeline_rows(dated, wrap)
    if len(chosen) < len(dated):
        title = f"{title}（共{len(dated):,}项，图中列出{len(chosen)}项）"
    dated = chosen
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, sum(heights) + 0.8))
    y = 0.0
    previous = None
    for (_, event), line, h in zip(dated.iterrows(), lines, heights):
        when = text.event_time(event, months=False)
        ax.plot(0, -y, "o", color=PALETTE[0], markersize=6)
        if when != previous:
            ax.text(-0.1, -y, when, ha="right", va="center", fontsize=10, fontweight="bold", color=PALETTE[0])
        ax.text(0.1, -y, line, ha="left", va="center", fontsize=MIN_FONT + 0.5, linespacing=1.35)
        previous = when
        y += h
    ax.plot([0, 0], [0.15, -y + heights[-1] - 0.15], color="#9aa9c4", zorder=0)
    ax.set_xlim(-1.0, 4.2)
    ax.set_ylim(-y, 0.4)
    ax.axis("off")
    ax.set_title(title, loc="left", fontsize=TITLE_FONT, fontweight="bold")
    fig.tight_layout()
    return fig


def _label_ends(ax, wide, labels, spread: float) -> None:
    """Each series' value at its last year (and at its first, when the chart has one series), as the source wrote
    it, to the right of the point; labels that would touch are moved apart by `spread`."""
    placed = []
    for color, name in zip(PALETTE, wide.columns):
        known = wide[name].dropna()
        ends = list(known.index[[0, -1]]) if len(wide.columns) == 1 and len(known) > 1 else list(known.index[-1:])
        for year in ends:
            written = labels.at[year, name] if labels is not None and name in labels else None
            placed.append([float(known[year]), float(known[year]), year, value_label(known[year], written), color])
    placed.sort(key=lambda p: p[0])  # lowest first: each label that would touch the one below moves up
    for i in range(1, len(placed)):
        below = [p[1] for p in placed[:i] if abs(p[2] - placed[i][2]) <= 2]  # labels it could run into
        if below and placed[i][1] - max(below) < spread:
            placed[i][1] = max(below) + spread
    for value, at, year, text_, color in placed:
        ax.annotate(
            text_, (year, value), xytext=(year + 0.3, at), ha="left", va="center", fontsize=MIN_FONT, color=color
        )


@_shown
def year_series(
    wide,
    title: str,
    ylabel: str,
    note: str | None = None,
    reference: tuple[float, str] | None = None,
    labels: pd.DataFrame | None = None,
    places: bool = False,
):
    """Series by year (columns) on a full year axis: points where data exist, lines only between
    consecutive known years, gaps left empty; an optional horizontal reference line for an undated figure.
    Each series' last value is written beside it (as the source wrote it, where `labels` gives it: same rows and
    columns as `wide`); `places`: the series are places compared."""
    if wide.dropna(how="all").empty and reference is None:
        return None
    fig, ax = _new(3.4)
    fig.compares_places = places
    for color, name in zip(PALETTE, wide.columns):
        values = wide[name].astype(float)
        ax.plot(wide.index, values, marker="o", color=color, label=name, linewidth=1.8)
    if reference is not None:
        ax.axhline(reference[0], color=PALETTE[1], linestyle="--", linewidth=1.5, label=reference[1], gid=REFERENCE)
    years = list(wide.index)
    ax.set_xticks(years[:: max(1, -(-len(years) // 6))])  # at most 6 labels: they never run into each other
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{int(x)}年"))  # the axis says its unit
    ax.set_xlim(years[0] - 0.5, years[-1] + 1.6)  # the whole period, and room for the last values' labels
    highest = max([wide.max().max()] + ([reference[0]] if reference else []))
    ax.set_ylim(0, highest * 1.2)
    _label_ends(ax, wide, labels, highest * 1.2 * 0.07)
    _legend(ax, len(wide.columns) + (reference is not None))
    return _finish(ax, title, ylabel, note)


@_shown
def small_multiples(
    panels: list[tuple[str, pd.Series]], title: str, ylabel: str, note: str | None = None, columns: int = 2
):
    """One small panel per series (name, values by year on a full year axis): readable whatever their sizes,
    gaps left empty, each panel on its own scale, its last value written beside it."""
    if not panels:
        return None
    rows = -(-len(panels) // columns)
    fig, axes = plt.subplots(
        rows, columns, figsize=(FIGURE_WIDTH, 2.2 * rows + 0.8), squeeze=False, layout="constrained"
    )
    for ax, (name, values) in zip(axes.flat, panels):
        years = list(values.index)
        ax.plot(years, values.astype(float), marker="o", color=PALETTE[0], linewidth=1.6, markersize=4)
        ax.set_title(wrap_zh(name, 12), fontsize=MIN_FONT + 0.5, loc="left")
        ax.set_ylim(0, float(values.max()) * 1.3)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: fmt.number(y)))
        ax.yaxis.set_major_locator(MaxNLocator(4))
        step = max(1, -(-len(years) // 3))
        ax.set_xticks(years[::step])
        ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
        ax.tick_params(labelsize=MIN_FONT)
        known = values.dropna()
        if len(known):
            ax.annotate(
                value_label(known.iloc[-1]),
                (known.index[-1], known.iloc[-1]),
                xytext=(0, 5),
                textcoords="offset points",
                ha="right",
                fontsize=MIN_FONT,
                color=PALETTE[0],
            )
        sns.despine(ax=ax)
    for ax in list(axes.flat)[len(panels) :]:
        ax.axis("off")
    fig.suptitle(wrap_zh(title, 26), x=0.01, ha="left", fontsize=TITLE_FONT, fontweight="bold")
    fig.supylabel(ylabel, fontsize=MIN_FONT + 0.5)
    if note:
        fig.supxlabel(wrap_zh(note, 30), x=0.01, ha="left", fontsize=MIN_FONT, color="#555555")
    return fig


def figure_bars(figures, title: str):
    """Bars of figures of one unit (a chapter's standards side by side), each labelled as the source wrote it;
    nothing when their units differ (the section's table lists them)."""
    if figures.empty or figures["unit"].nunique() != 1:
        return None
    written = list(figures["as_written"]) if "as_written" in figures else None
    unit = figures["unit"].iloc[0]
    return grouped_bars(
        [text.label(r) for _, r in figures.iterrows()],
        {unit: list(figures["value"])},
        title,
        unit,
        written={unit: written},
    )
