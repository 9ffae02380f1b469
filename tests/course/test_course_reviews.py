"""The cumulative reviews: where they sit, that they mix chapters and cases, and that every
explanation sends the student to a section that exists."""

from __future__ import annotations

import ast
import json
import re
from itertools import pairwise
from pathlib import Path

import pytest

from canvaskit_widgets import toc
from canvaskit_widgets.cases import CASES

COURSE = Path(__file__).resolve().parents[2] / "course"
REVIEWS = sorted(COURSE.glob("[0-9][0-9]_review_*.ipynb"))
POINTER = re.compile(r'Reread chapter (\d+), "(.+?)"\.?$')
# Words that show a case is used: its key, or a word of its title.
CASE_WORDS = {"gemstone": "gemstone", "hair_salon": "salon", "maria": "Maria", "esther": "Esther"}


def _explanations(path: Path) -> list[str]:
    found = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "SelfCheck":
                (text,) = [
                    ast.literal_eval(k.value) for k in node.keywords if k.arg == "explanation"
                ]
                found.append(text)
    return found


def _headings(number: int) -> set[str]:
    """The section headings of chapter ``number`` (not a review), without their quotes."""
    (path,) = [
        p
        for p in COURSE.glob(f"{number:02d}_*.ipynb")
        if "_review_" not in p.name and p.name != "00_working_with_data.ipynb"
    ]
    text = toc.markdown_text(path)
    return {h.strip().strip('"') for h in re.findall(r"^##+ (.+)$", text, re.MULTILINE)}


def test_two_reviews_follow_chapters_4_and_7_in_the_table_of_contents():
    assert [p.name[:2] for p in REVIEWS] == ["04", "07"]
    order = [c.path.name for c in toc.chapters(COURSE)]
    for review in REVIEWS:
        chapter = next(n for n in order if n[:2] == review.name[:2] and n != review.name)
        assert order.index(review.name) == order.index(chapter) + 1, f"{review.name} comes late"


@pytest.mark.parametrize("path", REVIEWS, ids=[p.stem for p in REVIEWS])
def test_every_explanation_points_to_a_section_that_exists(path: Path):
    explanations = _explanations(path)
    assert len(explanations) >= 9, "a review asks at least nine questions"
    for text in explanations:
        match = POINTER.search(text)
        assert match, f'no "Reread chapter N, "Section"." pointer in: {text!r}'
        number, heading = int(match.group(1)), match.group(2).strip('"')
        assert number <= int(path.name[:2]), f"{path.name} points ahead, to chapter {number}"
        assert heading in _headings(number), f"chapter {number} has no section {heading!r}"


@pytest.mark.parametrize("path", REVIEWS, ids=[p.stem for p in REVIEWS])
def test_reviews_mix_chapters_and_cases(path: Path):
    chapters = [int(POINTER.search(t).group(1)) for t in _explanations(path)]
    last = int(path.name[:2])
    assert len(set(chapters)) >= last - 1, f"{path.name} draws on chapters {sorted(set(chapters))}"
    runs = sum(a != b for a, b in pairwise(chapters))
    assert runs >= len(chapters) // 2, "the questions come in blocks of one chapter, not mixed"
    text = path.read_text(encoding="utf-8")
    used = [case for case, word in CASE_WORDS.items() if word in text]
    assert set(used) == set(CASES), f"{path.name} uses only the cases {used}"
