"""The PDF is tagged (PDF/UA-1, as WeasyPrint writes it): a screen reader finds the headings, the tables with their
header cells and each chart as a Figure with its Chinese alt text, and reads the document as Chinese (zh-CN).

A small page through `render.to_pdf`, its structure tree read back with pypdf."""

from collections import Counter
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from reportbuild.publish import render

PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="  # a 1×1 PNG

PAGE = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>标签</title></head>
<body style="font-family: 'Noto Sans CJK SC'">
<h1>某市民政工作十年</h1>
<h2>社会救助</h2>
<table>
<thead><tr><th>年份</th><th>城市低保标准</th></tr></thead>
<tbody><tr><td>2012</td><td>323</td></tr><tr><td>2022</td><td>645</td></tr></tbody>
</table>
<p><img alt="中文说明" src="data:image/png;base64,{PIXEL}" style="width: 40px; height: 30px"></p>
</body></html>
"""


def structure(pdf: Path) -> tuple[DictionaryObject, list[DictionaryObject]]:
    """The PDF's catalog and every element of its structure tree (depth first, from /StructTreeRoot)."""
    catalog = PdfReader(pdf).trailer["/Root"]
    return catalog, descendants(catalog["/StructTreeRoot"].get_object()) if "/StructTreeRoot" in catalog else []


def descendants(node: DictionaryObject) -> list[DictionaryObject]:
    """The structure elements under `node`, depth first."""
    found = []
    kids = node.get("/K")
    kids = kids.get_object() if kids is not None else []
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        kid = kid.get_object()  # a marked-content id (int) or an annotation reference (/OBJR) is no element
        if isinstance(kid, DictionaryObject) and kid.get("/Type", "/StructElem") == "/StructElem":
            found += [kid, *descendants(kid)]
    return found


def roles(elements: list[DictionaryObject]) -> Counter:
    return Counter(str(element["/S"]) for element in elements)


def figures(elements: list[DictionaryObject]) -> list[str]:
    """The alt text of each Figure ('' for a Figure without one)."""
    return [str(element.get("/Alt", "")) for element in elements if element["/S"] == "/Figure"]


def test_the_pdf_is_tagged_in_chinese_with_headings_a_table_and_a_figure_with_its_alt_text(tmp_path):
    target = tmp_path / "tagged.pdf"
    render.to_pdf(PAGE, target)

    catalog, elements = structure(target)
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert str(catalog["/Lang"]) == "zh-CN"
    assert "/StructTreeRoot" in catalog and elements
    found = roles(elements)
    assert found["/H1"] == 1 and found["/H2"] == 1
    assert found["/Table"] == 1 and found["/TR"] == 3 and found["/TH"] == 2 and found["/TD"] == 4
    assert figures(elements) == ["中文说明"]
    # PDF/UA-1 as WeasyPrint declares it: the part in the XMP metadata, the title shown instead of the file name
    assert b'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data()
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True


def test_the_tagged_pdf_is_the_same_bytes_every_time(tmp_path):
    one, two = tmp_path / "one.pdf", tmp_path / "two.pdf"
    render.to_pdf(PAGE, one)
    render.to_pdf(PAGE, two)
    assert one.read_bytes() == two.read_bytes()
