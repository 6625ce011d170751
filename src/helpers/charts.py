"""Charts with Chinese labels: a real CJK font, registered by path, and tofu turned into an error.

Honest by construction: two observations are drawn as two points joined by a line (a slope), never
as a trend; bars compare figures of one unit only.
"""
from __future__ import annotations

import subprocess
import warnings
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib import font_manager
from matplotlib.ticker import FuncFormatter

from helpers import fmt

CJK_FAMILY = "Noto Sans CJK SC"
FONT_PACKAGE = "fonts-noto-cjk"
PALETTE = ["#1f5aa6", "#c8553d", "#2a9d8f", "#8d6a9f"]
DPI = 200


class MissingFontError(RuntimeError):
    pass


def cjk_font_path() -> Path:
    """The file of the CJK font, found through fontconfig (so no cache of matplotlib is trusted)."""
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", f"{CJK_FAMILY}:lang=zh-cn"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        found = ""
    path = Path(found)
    if not found or "CJK" not in path.name or not path.exists():
        raise MissingFontError(f"font {CJK_FAMILY!r} not found; install it with: "
                               f"apt-get install {FONT_PACKAGE}")
    return path


def use_report_theme() -> str:
    """Set the report's chart style; return the CJK font family used. Call before any chart."""
    font_manager.fontManager.addfont(str(cjk_font_path()))
    sns.set_theme(style="whitegrid", palette=PALETTE)
    # seaborn.set_theme resets font.family, so the CJK font is set after it; fallback goes along this list.
    matplotlib.rcParams.update({
        "font.family": [CJK_FAMILY, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "figure.dpi": 100, "savefig.dpi": DPI,
        "figure.figsize": (7.2, 3.6),
        "svg.hashsalt": "minzheng",
    })
    warnings.filterwarnings("error", message=r"Glyph .* missing from font")
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
        set_matplotlib_formats("png", metadata={"Software": None})
    except ImportError:  # outside IPython
        pass
    return CJK_FAMILY


def _finish(ax, title: str, ylabel: str, note: str | None):
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: fmt.number(y)))
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.set_ylabel(ylabel)
    if note:
        ax.figure.text(0.01, -0.02, note, fontsize=8, color="#555555", ha="left", va="top")
    sns.despine(ax=ax)
    ax.figure.tight_layout()
    return ax.figure


def slope(series: list[dict], title: str, ylabel: str, note: str | None = None):
    """Each series {'label', 'x': [a, b], 'y': [a, b], 'unit'}: two points joined by a line, values written."""
    fig, ax = plt.subplots()
    for color, s in zip(PALETTE, series):
        ax.plot(s["x"], s["y"], marker="o", color=color, label=s["label"], linewidth=2)
        for x, y in zip(s["x"], s["y"]):
            ax.annotate(fmt.number(y, 1 if not float(y).is_integer() else 0), (x, y),
                        textcoords="offset points", xytext=(0, 7), ha="center", fontsize=9, color=color)
    ax.set_xticks(sorted({x for s in series for x in s["x"]}))
    ax.margins(x=0.15, y=0.2)
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, loc="upper left")
    return _finish(ax, title, ylabel, note)


def grouped_bars(groups: list[str], bars: dict[str, list[float]], title: str, ylabel: str,
                 note: str | None = None):
    """Bars of one unit: for each group (x), one bar per key of `bars`, each labelled with its value."""
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
