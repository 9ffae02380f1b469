"""Every chapter follows the course template: headings in order, objectives, self-checks, no outputs."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from canvaskit_widgets.cases import CASES

COURSE = Path(__file__).resolve().parents[2] / "course"
CHAPTERS = sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))
FINGERPRINT = re.compile(r"^(num|str|bool|none|(list|set|dict)\d+):[0-9a-f]{20}$")
WIDGETS = {"CanvasBoard", "RelationshipPlanner", "JourneyMap", "CLVExplorer", "ScenarioTwins"}
CHECKS = {"SelfCheck", "check"}
NOT_VERBS = {"a", "an", "the", "how", "what", "why", "this", "understanding", "knowledge"}

pytestmark = pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])


def _cells(path: Path) -> list[tuple[str, str, dict]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [(c["cell_type"], "".join(c["source"]), c) for c in nb["cells"]]


def _bullets(text: str) -> list[str]:
    return re.findall(r"^[-*] (.+)$", text, re.MULTILINE)


def _section_index(cells: list[tuple[str, str, dict]], heading: str) -> int:
    found = [
        i
        for i, (kind, src, _) in enumerate(cells)
        if kind == "markdown" and src.startswith(f"## {heading}")
    ]
    assert len(found) == 1, f"expected one '## {heading}' cell, found {len(found)}"
    return found[0]


def _calls(source: str, names: set[str]) -> list[ast.Call]:
    def name(call: ast.Call) -> str | None:
        f = call.func
        return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None

    tree = ast.parse(source)
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and name(n) in names]


def test_stored_without_outputs_and_with_python_metadata(path: Path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert nb["metadata"]["language_info"]["name"] == "python"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, "stored with outputs"


def test_title_overview_and_size(path: Path):
    cells = _cells(path)
    teaching = [c for c in cells if "claims" not in c[2]["metadata"].get("tags", [])]
    assert 15 <= len(teaching) <= 35, f"{len(teaching)} cells; the template asks for 15-35"
    kind, title, _ = cells[0]
    number = int(path.name[:2])
    assert kind == "markdown" and title.startswith(f"# {number} · "), "first cell: '# N · Title'"
    overview = [line for line in title.splitlines()[1:] if line.strip()]
    assert 2 <= len(overview) <= 4, "the overview is 2-4 sentences, one per line"


def test_learning_objectives_are_three_to_six_verb_bullets(path: Path):
    kind, text, _ = _cells(path)[1]
    assert kind == "markdown" and text.startswith("## Learning objectives")
    bullets = _bullets(text)
    assert 3 <= len(bullets) <= 6, f"{len(bullets)} objectives; the template asks for 3-6"
    for bullet in bullets:
        first = bullet.split()[0]
        assert first[0].isupper() and first.lower() not in NOT_VERBS, f"not a verb: {bullet!r}"


def test_setup_cell_only_imports_the_package(path: Path):
    kind, source, _ = _cells(path)[2]
    assert kind == "code"
    lines = [line for line in source.splitlines() if line.strip()]
    assert "import canvaskit_widgets as ck" in lines
    assert all(line.startswith(("import ", "from ")) for line in lines), "setup cell: imports only"


def test_closing_sections_in_order_with_three_hashed_self_checks(path: Path):
    cells = _cells(path)
    check, key, practise = (
        _section_index(cells, h) for h in ("Check your understanding", "Key points", "Practise")
    )
    assert check < key < practise == len(cells) - 1, (
        "Check your understanding, Key points, Practise"
    )
    calls = [
        call for kind, src, _ in cells[check:key] if kind == "code" for call in _calls(src, CHECKS)
    ]
    assert len(calls) >= 3, f"{len(calls)} self-checks under 'Check your understanding'; need 3"
    assert 4 <= len(_bullets(cells[key][1])) <= 7, "Key points: 4-7 bullets"


def test_every_self_check_hides_its_answer_as_a_fingerprint(path: Path):
    for kind, source, _ in _cells(path):
        if kind != "code":
            continue
        for call in _calls(source, CHECKS):
            strings = [n.value for n in ast.walk(call) if isinstance(n, ast.Constant)]
            assert any(isinstance(s, str) and FINGERPRINT.match(s) for s in strings), (
                f"a self-check without a fingerprint answer: {ast.unparse(call)[:80]}"
            )


def test_self_check_cells_fold_their_source_away(path: Path):
    """The explanation names the answer, so the cell's code is hidden in Lab and Notebook 7."""
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and _calls("".join(cell["source"]), CHECKS):
            assert cell["metadata"].get("jupyter", {}).get("source_hidden"), (
                f"self-check cell {cell.get('id')} should set metadata.jupyter.source_hidden"
            )


def test_practise_points_to_exercises_and_the_next_chapter(path: Path):
    text = _cells(path)[-1][1]
    cases = re.findall(r"exercises/([a-z_]+)/\1\.ipynb", text)
    assert cases and set(cases) <= set(CASES), "Practise: link exercises/<case>/<case>.ipynb"
    number = int(path.name[:2])
    if number < 7:
        assert re.search(rf"\({number + 1:02d}_[a-z_]+\.ipynb\)", text), "link the next chapter"


def test_every_widget_has_a_task_before_and_questions_after(path: Path):
    cells = [c for c in _cells(path) if "claims" not in c[2]["metadata"].get("tags", [])]
    for i, (kind, source, _) in enumerate(cells):
        if kind != "code" or not _calls(source, WIDGETS):
            continue
        before, after = cells[i - 1], cells[i + 1]
        assert before[0] == "markdown" and "Task:" in before[1], f"cell {i}: no task before widget"
        asks = "?" in after[1] if after[0] == "markdown" else bool(_calls(after[1], CHECKS))
        assert asks, f"cell {i}: no question or self-check after the widget"


def test_no_answer_is_hashed_in_the_open(path: Path):
    for kind, source, _ in _cells(path):
        if kind == "code":
            shown = _calls(source, {"answer_hash", "fingerprint"})
            assert not shown, "answer_hash(...) or fingerprint(...) shows the plain answer"
