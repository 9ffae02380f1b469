"""Spaced retrieval: every chapter from 2 on opens, after its setup cell, with three self-checks on
earlier chapters, mixing chapters and cases, each explanation pointing to the section to reread."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from canvaskit_widgets import toc

COURSE = Path(__file__).resolve().parents[2] / "course"
# The numbered chapters, without the on-ramp and the reviews (which are all retrieval).
CHAPTERS = sorted(
    p
    for p in COURSE.glob("[0-9][0-9]_*.ipynb")
    if "_review_" not in p.name and p.name != "00_working_with_data.ipynb"
)
RECALLING = [p for p in CHAPTERS if int(p.name[:2]) >= 2]
POINTER = re.compile(r'Reread chapter (\d+), "(.+?)"\.?$')
CASE_WORDS = ("gemstone", "salon", "Maria", "Esther")  # a word that shows a case is used


def _headings(number: int) -> set[str]:
    """The section headings of chapter ``number`` (the chapter, not the on-ramp or a review)."""
    (path,) = [p for p in CHAPTERS if int(p.name[:2]) == number]
    return set(re.findall(r"^##+ (.+)$", toc.markdown_text(path), re.MULTILINE))


@pytest.mark.parametrize("path", RECALLING, ids=[p.stem for p in RECALLING])
def test_three_questions_on_earlier_chapters_open_the_chapter(path: Path):
    """Spaced retrieval: after the setup cell, three self-checks on earlier chapters (never this
    one), drawn from two chapters or more, at least one on a case, each pointing to its section."""
    number = int(path.name[:2])
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    (kind, intro), (code_kind, code) = ((c["cell_type"], "".join(c["source"])) for c in cells[3:5])
    assert kind == "markdown" and intro.startswith("## Remember earlier chapters"), (
        "cell 3: '## Remember earlier chapters'"
    )
    assert code_kind == "code"
    calls = [
        n
        for n in ast.walk(ast.parse(code))
        if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "SelfCheck"
    ]
    assert len(calls) == 3, f"{len(calls)} retrieval questions; the template asks for 3"
    chapters = set()
    for call in calls:
        (text,) = [ast.literal_eval(k.value) for k in call.keywords if k.arg == "explanation"]
        match = POINTER.search(text)
        assert match, f'no "Reread chapter N, "Section"." at the end of: {text!r}'
        earlier, heading = int(match.group(1)), match.group(2)
        assert earlier < number, f"a retrieval question on chapter {earlier}, not an earlier one"
        assert heading in _headings(earlier), f"chapter {earlier} has no section {heading!r}"
        chapters.add(earlier)
    assert len(chapters) >= 2, f"all three questions come from chapter {chapters.pop()}"
    assert any(word in code for word in CASE_WORDS), "no retrieval question on a case"
