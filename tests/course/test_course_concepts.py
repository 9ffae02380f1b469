"""The concept checklist: every concept and case in course/concepts.json is taught where it says."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from canvaskit_widgets.toc import markdown_text

COURSE = Path(__file__).resolve().parents[2] / "course"
MAPPING = json.loads((COURSE / "concepts.json").read_text(encoding="utf-8"))
ENTRIES = [("concept", e) for e in MAPPING["concepts"]] + [("case", e) for e in MAPPING["cases"]]
PLACES = [
    pytest.param(entry, chapter, phrases, id=f"{entry['id']}@{chapter[:2]}")
    for _, entry in ENTRIES
    for chapter, phrases in entry["taught_in"].items()
]


def _fold(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").casefold().split())


def test_ids_are_unique_and_every_entry_names_a_chapter_and_phrases():
    ids = [e["id"] for _, e in ENTRIES]
    assert len(ids) == len(set(ids)), "duplicate ids in concepts.json"
    for _, entry in ENTRIES:
        assert entry["taught_in"], f"{entry['id']} is mapped to no chapter"
        for chapter, phrases in entry["taught_in"].items():
            assert re.fullmatch(r"\d\d_[a-z_]+", chapter), f"{entry['id']}: bad chapter {chapter!r}"
            assert phrases and all(p.strip() for p in phrases), f"{entry['id']}: no phrases"


def test_every_case_of_the_package_is_mapped():
    from canvaskit_widgets.cases import CASES

    assert {e["id"] for e in MAPPING["cases"]} == set(CASES)


@pytest.mark.parametrize(("entry", "chapter", "phrases"), PLACES)
def test_concept_is_taught_in_chapter(entry, chapter, phrases):
    path = COURSE / f"{chapter}.ipynb"
    assert path.exists(), f"{entry['id']} is mapped to {path.name}, which does not exist yet"
    text = _fold(markdown_text(path))
    missing = [p for p in phrases if _fold(p) not in text]
    assert not missing, f"{path.name} should teach {entry['concept']!r} but lacks: {missing}"
