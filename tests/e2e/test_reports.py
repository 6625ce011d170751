"""End to end: build the chapters through the Makefile and look at what a reader gets."""

import base64
import hashlib
import html as html_lib
import re
import subprocess

import pandas as pd
import pytest

from conftest import heading_of, make
from helpers.data.chapters import built_chapters
from helpers.model import derive
from helpers.wording import text
from pages import as_shown, images_of

pytestmark = pytest.mark.e2e
CHAPTERS = built_chapters()
REPORTS = [c.id for c in CHAPTERS] + ["book"]


def visible_text(html: str) -> str:
    body = re.sub(r"<style.*?</style>|<title>.*?</title>", "", html, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", body))


def squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


def pdftotext(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def expected_facts(region, chapter):
    """A chapter's own figures; for the overview (no figures of its own), every chapter's headline figures."""
    if chapter.number:
        return region.chapter_facts(chapter.id)
    return pd.concat([derive.select(region.facts, i) for c in CHAPTERS for i in c.headline])


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.id)
def test_every_figure_of_the_chapter_is_in_html_and_pdf(built, jinzhong, chapter):
    html = squeeze(visible_text((built / f"{chapter.id}.html").read_text(encoding="utf-8")))
    pdf = squeeze(pdftotext(built / f"{chapter.id}.pdf"))
    facts = expected_facts(jinzhong, chapter)
    assert len(facts) > 0
    for _, fact in facts.iterrows():
        figure = squeeze(text.figure(fact))
        assert figure in html, f"{fact['obs_id']}: {figure} not in HTML"
        assert figure in pdf, f"{fact['obs_id']}: {figure} not in PDF text"
    assert chapter.title_zh in pdf and jinzhong.name_zh in pdf


@pytest.mark.parametrize("report", REPORTS)
def test_html_is_an_offline_report(built, report):
    html = (built / f"{report}.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html
    assert "<script" not in html.lower()
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", html), "external resource in the report"
    assert "from helpers" not in html and "start_year =" not in html, "code or parameters leaked"


@pytest.mark.parametrize("report", REPORTS)
def test_every_image_is_present_in_html_and_pdf(built, report):
    html = as_shown((built / f"{report}.html").read_text(encoding="utf-8"))
    sources = re.findall(r'<img[^>]+src="([^"]+)"', html)  # a chapter may have none: a chart earns its place
    for src in sources:
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    listing = subprocess.run(
        ["pdfimages", "-list", str(built / f"{report}.pdf")], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert len([line for line in listing if line.split()[2] == "image"]) == len(sources)
    for alt in re.findall(r'<img[^>]+alt="([^"]*)"', html):  # said in Chinese, from the chart's own data
        assert re.search(r"[\u4e00-\u9fff]", alt) and not re.search(r"\bnan\b|No description", alt), alt
    assert len(re.findall(r'<img[^>]+alt="', html)) == len(sources)


def test_the_cover_names_the_sources_date_not_a_build_detail(built):
    cover = visible_text((built / "book.html").read_text(encoding="utf-8")).split("目录")[0]
    assert "资料截至2022年9月23日" in cover  # a date in words (STYLE.md 6.2)
    assert not re.search(r"代码版本|[0-9a-f]{7,40}|sha256|data/", cover), cover


@pytest.mark.parametrize("report", REPORTS)
def test_pdf_is_a4_with_the_cjk_font_embedded(built, report):
    pdf = built / f"{report}.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk), fonts  # the 'emb' column
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert f"页/共{pages}页" in squeeze(pdftotext(pdf))


def test_nothing_to_do_when_nothing_changed(built):
    result = make(f"REPORTS={built.parent.parent}")
    assert f"every report in {built} is current" in result.stdout


def _hashes(folder):
    """The reports of a folder and their bytes (the lock file of the last build is not a report)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".")
    }


def test_failing_cell_is_summarised_and_kept(tmp_path):
    import nbformat

    from reportbuild.run.build import ChapterFailed, _execute, _Stopwatch

    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("raise ValueError('低保标准缺失')")]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)
    kept = tmp_path / "failed" / "broken.ipynb"
    with pytest.raises(ChapterFailed) as caught:
        _execute(path, {}, "broken", kept, _Stopwatch(), tmp_path)
    assert "chapter broken: cell 2 raised ValueError: 低保标准缺失" in str(caught.value)
    assert kept.exists() and not list(kept.parent.glob("*.running.*"))


def _outline_titles(pdf) -> list[str]:
    from pypdf import PdfReader

    return [item.title for item in PdfReader(pdf).outline if not isinstance(item, list)]


def test_book_has_one_bookmark_per_chapter(built):
    titles = _outline_titles(built / "book.pdf")
    for chapter in CHAPTERS:
        assert titles.count(heading_of(chapter)) == 1, titles
    assert "资料来源与方法" in titles  # its references are a part of it (参考资料 at level 2)
    papers = _outline_titles(built / "workpapers.pdf")
    assert "附录 全部数字及其出处" in papers and "方法说明" in papers and "附录 推算数字及其算法" in papers


def test_book_contents_page_gives_the_right_page_numbers(built):
    pdf = built / "book.pdf"
    contents = pdftotext_page(pdf, 2) + pdftotext_page(pdf, 3)  # the contents run over two pages
    assert "目录" in contents
    for chapter in CHAPTERS:
        match = re.search(re.escape(heading_of(chapter)) + r"[ .]*?(\d+)\s*$", contents, re.M)
        assert match, f"{heading_of(chapter)} not in the contents"
        page = int(match.group(1))
        assert squeeze(pdftotext_page(pdf, page)).count(squeeze(heading_of(chapter))) >= 1


def pdftotext_page(pdf, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_book_holds_every_figure_and_every_chapter_image(built, jinzhong):
    book = squeeze(pdftotext(built / "book.pdf"))
    for _, fact in jinzhong.facts[jinzhong.facts["chapter"].isin({c.id for c in CHAPTERS})].iterrows():
        assert squeeze(text.figure(fact)) in book, fact["obs_id"]
    for book, edition in (("book", "publication"), ("workpapers", "workpapers")):  # each edition's charts
        chapter_images = sum(images_of((built / f"{c.id}.html").read_text(encoding="utf-8"), edition) for c in CHAPTERS)
        assert len(re.findall(r"<img ", (built / f"{book}.html").read_text(encoding="utf-8"))) == chapter_images


MARGIN_BAND_MM = 10  # the page margin is 16 mm; nothing may be drawn in its outer 10 mm at the sides


@pytest.mark.parametrize("report", REPORTS)
def test_nothing_is_cut_off_at_the_side_margins(built, report, tmp_path):
    from PIL import Image

    dpi = 40
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(built / f"{report}.pdf"), str(tmp_path / "p")], check=True
    )
    band = round(MARGIN_BAND_MM / 25.4 * dpi)
    for page in sorted(tmp_path.glob("p-*.png")):
        image = Image.open(page).convert("L")
        width, height = image.size
        for box in ((0, 0, band, height), (width - band, 0, width, height)):
            darkest, _ = image.crop(box).getextrema()
            assert darkest > 230, f"{report}: something is drawn in the side margin of {page.name}"


def test_context_is_shown_with_gaps_reconciliation_and_no_grade_c(built, jinzhong):
    assistance = visible_text((built / "social_assistance.html").read_text(encoding="utf-8"))
    assert "与山西省、全国比较" in assistance and "留空、不作插补" in assistance
    assert "相差14.33元/人/年" in assistance and "1,814.67" in assistance
    assert "在山西省11个地级市中居第4位" in assistance
    publication = squeeze(pdftotext(built / "book.pdf"))  # the reader is told the table's 2012 figure is not ours
    assert "1,814.67" in publication and "相差14.33" not in publication
    assert squeeze("与本报告所用的2012年晋中市农村低保标准（1,829元/人/年）口径不同") in publication
    leads = jinzhong.context[jinzhong.context["grade"] == "C"]
    for report in REPORTS:
        html = squeeze(visible_text((built / f"{report}.html").read_text(encoding="utf-8")))
        pdf = squeeze(pdftotext(built / f"{report}.pdf"))
        for written in leads["as_written"]:
            assert squeeze(written) not in html and squeeze(written) not in pdf, f"grade C {written} in {report}"


def test_organisation_density_is_derived_from_sourced_figures(built):
    """The social organisations chapter's own argument (in its notebook): the region's count and the nation's."""
    shown = squeeze(visible_text((built / "social_organisations.html").read_text(encoding="utf-8")))
    population = 1.94e8 / 0.143  # the nation's 60+ population and its share, both with sources
    assert f"每万人约{49.9e4 / population * 1e4:.2f}个" in shown and "约相当于2,359个" in shown


def test_a_chapter_builds_with_comparisons_off(built, jinzhong):
    """Other parameters, another folder: nothing of the default reports is overwritten, and the chapter shows the
    region's own figures, every one, with no national or provincial comparison."""
    before = _hashes(built)
    own_only = built.parent / "2012-2022-own-figures-only"
    make(f"REPORTS={built.parent.parent}", "COMPARE=off", f"{own_only}/social_assistance.html")
    assert _hashes(built) == before
    shown = squeeze(visible_text((own_only / "social_assistance.html").read_text(encoding="utf-8")))
    assert "全国比较" in squeeze(visible_text((built / "social_assistance.html").read_text(encoding="utf-8")))
    assert "全国比较" not in shown and "全国平均" not in shown and "民政部地市表" not in shown
    for _, fact in jinzhong.chapter_facts("social_assistance").iterrows():
        assert squeeze(text.figure(fact)) in shown


def test_data_strings_are_escaped_in_html(built, data_copy, tmp_path):
    indicators = data_copy / "indicators.csv"
    text_ = indicators.read_text(encoding="utf-8").replace("城乡特困人员", "<script>alert('特困')</script>", 1)
    indicators.write_text(text_, encoding="utf-8")
    out = tmp_path / "reports"  # beside the data copy, never around it
    result = make(f"DATA={data_copy}", f"REPORTS={out}", f"{out}/jinzhong/2012-2022/social_assistance.html")
    html = (out / "jinzhong" / "2012-2022" / "social_assistance.html").read_text(encoding="utf-8")
    assert "<script" not in html and "&lt;script&gt;alert" in html  # escaped (its brackets in Chinese punctuation)
    assert "[social_assistance] started" in result.stdout and "[overview]" not in result.stdout  # only the goal
    assert not (out / "jinzhong" / "2012-2022" / "book.pdf").exists()


def test_another_region_builds_its_own_book(every_region):
    from helpers.data.load import load_region

    out = every_region / "shanxi" / "2012-2022"
    shanxi = load_region("shanxi")
    book = squeeze(pdftotext(out / "book.pdf"))
    for _, fact in shanxi.facts.iterrows():
        assert squeeze(text.figure(fact)) in book, fact["obs_id"]
    papers = squeeze(pdftotext(out / "workpapers.pdf"))
    assert "山西省的数据未涉及社会组织、行政区划、基层治理" in papers  # the working papers say what is not covered
    assert not (out / "social_organisations.html").exists()
    assistance = visible_text((out / "social_assistance.html").read_text(encoding="utf-8"))
    assert "晋中" not in assistance
    assert "数据中没有" not in assistance  # what another region's notebook lists is no news to this one's readers
