"""The house style of the publication (STYLE.md §6) on small inputs: publications in 《》, dates in words, Chinese
punctuation, one-year periods, and what is not known left out. Every region's built book: tests/e2e/test_house_style.py.
"""

import pandas as pd
import pytest

from helpers.page import display
from helpers.wording import style
from reportbuild.publish import book


# ── 6.2 dates ──────────────────────────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    "published, words",
    [
        ("2022-09-23", "2022年9月23日"),
        ("2021-05", "2021年5月"),
        ("2020", "2020年"),
        ("2013-01-01", "2013年1月1日"),
        (None, "日期未载明"),
        (float("nan"), "日期未载明"),
        ("", "日期未载明"),
    ],
)
def test_a_sources_date_is_written_in_words(published, words):
    assert style.date_words(published) == words


def test_dates_inside_a_text_are_written_in_words_but_addresses_titles_and_quotes_are_kept():
    assert style.dates_in_words("新华社 2020-12-28（英文）") == "新华社 2020年12月28日（英文）"
    assert style.dates_in_words("发布会（2022-08-29）") == "发布会（2022年8月29日）"
    kept = "http://a.example/2021-11-17-up；《发布会（2022-09-08）》；“2022-09-08”"
    assert style.dates_in_words(kept) == kept
    assert style.dates_in_words("2012-2022年；表20-2") == "2012-2022年；表20-2"  # not dates
    assert style.dates_in_words(None) is None


# ── 6.1 publications ───────────────────────────────────────────────────────────────────────────────────────────────
def test_a_periodical_publisher_stands_in_title_marks_and_others_do_not():
    assert style.publication("某市日报") == "《某市日报》" == style.publication("《某市日报》")
    assert style.source_name("某市日报", "2022-09-23", periodical=True) == "《某市日报》，2022年9月23日"
    assert style.source_name("某市统计局", "2022") == "某市统计局，2022年"
    assert style.source_name("某通讯社 2020-12-28（英文）", dated=False) == "某通讯社 2020年12月28日（英文）"
    assert style.is_true("true") and style.is_true(True) and not style.is_true("false") and not style.is_true(None)


SOURCES = pd.DataFrame(
    {
        "source_id": ["paper", "office", "undated"],
        "publisher": ["某市日报", "某市民政局", "某网站（转述）"],
        "publisher_is_periodical": ["true", "false", None],
        "published": ["2022-09-23", "2021-05", None],
        "published_label": ["2022-09-23", "2021年5月", "日期未载明"],
    }
)


def test_source_lines_name_periodicals_in_title_marks_from_the_data():
    facts = SOURCES.drop(columns="publisher_is_periodical")  # figures carry no flag: it comes from their sources
    assert display.source_name_list(facts, SOURCES) == [
        "《某市日报》，2022年9月23日",
        "某市民政局，2021年5月",
        "某网站（转述），日期未载明",
    ]
    assert display.source_name_list(SOURCES) == display.source_name_list(facts, SOURCES)
    context = pd.DataFrame({"original_publisher": ["某发布会（2022-08-29）"], "publisher": ["某网站"]})
    assert display.source_name_list(context, SOURCES) == ["某发布会（2022年8月29日）"]


def test_the_events_table_shows_chinese_punctuation_and_quotes_as_written():
    events = pd.DataFrame(
        {
            "year": [2020, 2019],
            "month": [None, 5],
            "event_zh": ["开始建设幸福工程(省、市政府民生实事)", "设立保护中心,实现全覆盖"],
            "quote": ["设立保护中心,实现全覆盖(原文)", "开始建设幸福工程"],
        }
    )
    shown = display.events_table(events, quoted=True)
    assert list(shown["事项"]) == ["设立保护中心，实现全覆盖", "开始建设幸福工程（省、市政府民生实事）"]
    assert list(shown["原文"])[1] == "“设立保护中心,实现全覆盖(原文)”"
    assert list(shown["时间"]) == ["2019年5月", "2020年"]


# ── 6.3 punctuation ────────────────────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    "written, shown",
    [
        ("中心,实现全覆盖", "中心，实现全覆盖"),
        ("目标;明确体系:十个一", "目标；明确体系：十个一"),
        ("是否达标?是!", "是否达标？是！"),
        ("村(居)务监督委员会", "村（居）务监督委员会"),
        ("《程序文书及裁量基准(试行)》", "《程序文书及裁量基准（试行）》"),
        ("通办”,资格认定", "通办”，资格认定"),
        ("标准为2,420.33元", "标准为2,420.33元"),  # a figure keeps its separator
        ("见https://a.example/x,y,z", "见https://a.example/x,y,z"),  # an address is kept
        ("原文称“中心,实现全覆盖”,另", "原文称“中心,实现全覆盖”，另"),  # a quote is kept as written
        ("Up! This year, 10 provinces", "Up! This year, 10 provinces"),  # English is left alone
    ],
)
def test_ascii_punctuation_between_chinese_becomes_full_width(written, shown):
    assert style.chinese_punctuation(written) == shown


def test_a_generated_sentence_gets_dates_in_words_and_chinese_punctuation():
    assert style.sentence("与某省公布的数值相同（某发布会 2022-08-29,某频道）") == (
        "与某省公布的数值相同（某发布会 2022年8月29日，某频道）。"
    )


# ── 6.4 periods ────────────────────────────────────────────────────────────────────────────────────────────────────
def test_a_one_year_period_is_written_once():
    assert style.years(2020, 2020) == "2020年"
    assert style.years(2012, 2022) == "2012—2022年"


# ── 6.5 what is not known is left out; the edition in words ───────────────────────────────────────────────────────
def test_an_unknown_address_is_left_out_and_a_known_one_is_given():
    assert book._address(None) == "" and book._address("") == ""
    assert book._address("https://example.org/a") == "网址：https://example.org/a。"


def test_a_reference_names_a_newspaper_article_as_chinese_bibliographies_do():
    paper = pd.Series(
        {
            "title": "转载题",
            "original_title": "原题",
            "publisher": "某市日报",
            "publisher_is_periodical": "true",
            "published": "2022-09-23",
            "url": None,
        }
    )
    assert book._reference(paper) == "《原题》（转载题为《转载题》），《某市日报》2022年9月23日。"
    office = pd.Series(
        {**paper, "publisher": "某市统计局", "publisher_is_periodical": "false", "original_title": None}
        | {"published": "2022", "url": "https://example.org/t"}
    )
    assert book._reference(office) == "某市统计局：《转载题》，2022年。网址：https://example.org/t。"


def test_the_edition_is_the_newest_sources_date_in_words():
    facts = pd.DataFrame({"published": ["2020", "2022-09-23", "2021-05", None]})
    assert book.edition(facts) == "资料截至2022年9月23日"
    assert book.edition(pd.DataFrame({"published": ["2021-05", "2019"]})) == "资料截至2021年5月"
    assert book.edition(pd.DataFrame({"published": [None]})) == "资料日期未载明"


def test_the_book_template_leaves_an_unknown_compiler_out():
    import jinja2

    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(book.BOOK_TEMPLATES), autoescape=False)
    common = dict(
        title="某市民政工作2020年",
        province="某省",
        region_name="某市",
        start=2020,
        end=2020,
        edition="资料截至2020年",
        sources="某市民政局，2020年",
        chapters=[],
        chapter_titles="社会救助",
        toc=[],
        n_figures=1,
        n_events=0,
        appendix="",
        appendix_events="",
        references=[],
        omitted="",
        methods="",
        css="",
    )
    unknown = environment.get_template("book.html.j2").render(compiler="", **common)
    assert "编制单位" not in unknown and "待填写" not in unknown and 'name="author"' not in unknown
    assert "2020—2020" not in unknown and "某市 · 2020年" in unknown
    known = environment.get_template("book.html.j2").render(compiler="某市民政局", **common)
    assert '<meta name="author" content="某市民政局">' in known and "编制单位：某市民政局。" in known
