import warnings

import matplotlib
import pytest

matplotlib.use("Agg")

from helpers import charts, display  # noqa: E402


def test_theme_uses_a_real_cjk_font():
    family = charts.use_report_theme()
    assert matplotlib.rcParams["font.family"][0] == family
    assert charts.cjk_font_path().exists()


def test_tofu_is_an_error():
    charts.use_report_theme()
    fig = charts.grouped_bars(["城市", "农村"], {"人数": [1, 2]}, title="保障人数", ylabel="人")
    fig.canvas.draw()  # Chinese glyphs exist: no warning, no error
    matplotlib.rcParams["font.family"] = ["DejaVu Sans"]
    with pytest.raises(UserWarning, match="missing from font"):
        charts.grouped_bars(["城市"], {"人数": [1]}, title="缺字", ylabel="人").canvas.draw()
    warnings.resetwarnings()


def test_tables_escape_data_strings():
    import pandas as pd
    html = display.table_html(pd.DataFrame({"指标": ["<script>alert(1)</script>"]}))
    assert "<script>" not in html and "&lt;script&gt;" in html
