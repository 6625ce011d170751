"""A PDF's links to other reports stay relative: no path of the builder's machine, the same bytes in any folder."""

from pathlib import Path

import pytest
from pypdf import PdfReader

from reportbuild.errors import ChapterFailed
from reportbuild.publish import render

PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>链接</title></head>
<body style="font-family: 'Noto Sans CJK SC'">
<h1 id="here">总览</h1>
<p><a href="social_assistance.html#变化与增长">社会救助</a></p>
<p><a href="book.html#appendix">附表1</a></p>
<p><a href="#here">本页</a></p>
<p><a href="https://www.example.org/notice.html">原文</a></p>
</body></html>
"""


def links(pdf: Path) -> tuple[list[str], list]:
    """The URIs of the PDF's link annotations and the destinations of its links inside the document."""
    uris, inside = [], []
    for page in PdfReader(pdf).pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if "/A" in annotation:
                uris.append(str(annotation["/A"]["/URI"]))
            else:
                inside.append(annotation["/Dest"])
    return uris, inside


def test_links_to_other_reports_are_relative_and_the_bytes_do_not_depend_on_the_folder(tmp_path):
    one, two = tmp_path / "one" / "overview.pdf", tmp_path / "elsewhere" / "deeper" / "overview.pdf"
    for target in (one, two):
        target.parent.mkdir(parents=True)
        render.to_pdf(PAGE, target)

    uris, inside = links(one)
    assert uris == [
        "social_assistance.html#%E5%8F%98%E5%8C%96%E4%B8%8E%E5%A2%9E%E9%95%BF",  # opens the HTML beside the PDF
        "book.html#appendix",
        "https://www.example.org/notice.html",
    ]
    assert inside == ["here"]  # a link inside the page stays a destination of the document
    assert one.read_bytes() == two.read_bytes()
    for pdf in (one, two):
        assert b"file:" not in pdf.read_bytes()
        assert str(tmp_path).encode() not in pdf.read_bytes()


@pytest.mark.parametrize("href", ["file:///root/reports/social_assistance.html", "/tmp/reports/book.html#目录"])
def test_a_link_to_a_file_of_this_machine_stops_the_build(tmp_path, href):
    target = tmp_path / "overview.pdf"
    with pytest.raises(ChapterFailed, match="names a file on this machine"):
        render.to_pdf(PAGE.replace("book.html#appendix", href), target)
    assert not target.exists()


@pytest.mark.parametrize(
    "uri, local",
    [
        ("social_assistance.html#%E5%8F%98", False),
        ("../2012-2022/book.html", False),
        ("https://www.mca.gov.cn/", False),
        ("mailto:office@example.org", False),
        ("//cdn.example.org/x.js", False),
        ("file:///tmp/reports/x.html", True),
        ("FILE://localhost/etc/x", True),
        ("/root/reports/x.html", True),
    ],
)
def test_which_links_name_a_file_of_this_machine(uri, local):
    assert render.names_a_file(uri) is local
