"""notebooks/chapters.yml is validated when read: a mistake is one message naming the file, the line, the chapter
entry and the key, never a key silently ignored or a KeyError."""

import pytest

from helpers.base.paths import CHAPTERS_FILE
from helpers.base.problems import DataError
from helpers.data.chapters import load_chapters

TEXT = CHAPTERS_FILE.read_text(encoding="utf-8")


def test_the_chapter_list_loads_in_book_order():
    chapters = load_chapters()
    assert [c.number for c in chapters] == sorted(c.number for c in chapters)
    assert chapters[0].id == "overview" and len({c.id for c in chapters}) == len(chapters)


def _error(tmp_path, text: str) -> str:
    path = tmp_path / "chapters.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_chapters(path)
    return str(caught.value)


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "    title_zh: 养老服务",
            "    titel_zh: 养老服务",
            [
                "line 25: chapter entry 4 (id 'elderly_care'), key 'titel_zh': unknown key; allowed: id, number,",
                "line 23: chapter entry 4 (id 'elderly_care'), key 'title_zh': required key is missing",
            ],
        ),
        (
            "  - id: child_welfare\n    number: 4\n",
            "  - number: 4\n",
            ["line 29: chapter entry 5, key 'id': required key is missing"],
        ),
        ("    number: 5\n", "", ["chapter entry 6 (id 'social_organisations'), key 'number': required key is missing"]),
        (
            "id: child_welfare",
            "id: elderly_care",
            [
                "line 29: chapter entry 5 (id 'elderly_care'), key 'id': "
                "'elderly_care' is already the id of chapter entry 4"
            ],
        ),
        (
            "number: 4",
            "number: 3",
            ["line 30: chapter entry 5 (id 'child_welfare'), key 'number': 3 is already the number of chapter entry 4"],
        ),
        (
            "number: 5",
            "number: five",
            ["line 36: chapter entry 6 (id 'social_organisations'), key 'number': expected a whole number ≥ 0"],
        ),
        (
            "    tables: [observations, events, checks]\n    headline: [township_divisions]",
            "    tables: [observations, events, checks]\n    headline: [township_divisions]\n    planned: maybe",
            ["chapter entry 7 (id 'admin_divisions'), key 'planned': expected true or false, got str 'maybe'"],
        ),
        (
            "    headline: [orphan_allowance, village_child_directors]",
            "    headline: orphan_allowance",
            ["chapter entry 5 (id 'child_welfare'), key 'headline': expected a list of indicator ids"],
        ),
        (
            "    number: 6\n",
            "    number: 6\n    number: 8\n",
            ["chapter entry 7 (id 'admin_divisions'), key 'number': the key appears twice"],
        ),
        ("chapters:\n", "chapter:\n", ["expected the key 'chapters' holding a list of chapter entries"]),
        ("chapters:\n", "chapters: [\n", ["not valid YAML"]),
    ],
)
def test_a_mistake_names_the_file_line_entry_and_key(tmp_path, old, new, expected):
    assert old in TEXT
    message = _error(tmp_path, TEXT.replace(old, new, 1))
    assert "chapters.yml" in message
    for part in expected:
        assert part in message, message


def test_an_unknown_top_level_key_is_named(tmp_path):
    assert "unknown top-level key 'chapter_list'" in _error(tmp_path, TEXT + "chapter_list: []\n")
