"""The chapters' claims: folded cells confirm typed sentences against the data, and they bite."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

COURSE = Path(__file__).resolve().parents[2] / "course"
CHAPTERS = sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))


def _claim_cells(path: Path) -> list[dict]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [c for c in cells if "claims" in c["metadata"].get("tags", [])]


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_every_chapter_confirms_its_claims_in_folded_cells(path: Path):
    cells = _claim_cells(path)
    assert cells, "no claims cell: confirm the chapter's numbers and comparisons"
    for cell in cells:
        assert cell["cell_type"] == "code"
        assert cell["metadata"].get("jupyter", {}).get("source_hidden"), "fold claims cells"
        calls = [
            n
            for n in ast.walk(ast.parse("".join(cell["source"])))
            if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "confirm"
        ]
        assert calls, f"claims cell {cell['id']} does not call confirm()"


def _run(path: Path, perturbation: str) -> None:
    """Execute a chapter with ``perturbation`` run right after its setup cell."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell(perturbation))
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(COURSE)}}
    )
    client.execute()


PERTURBATIONS = [
    # The cheaper gemstone twin keeps as many wholesalers as the polished one and wins them for
    # almost nothing: chapter 5's sentences on the twins' relative worth become false.
    (
        "05_get_keep_grow",
        "from canvaskit_widgets import cases\n"
        "cases.GEMSTONE_SCENARIOS['cheaper'].update(retention=0.9, acquisition_cost=10.0)",
    ),
    # Esther's gross margin doubles: chapter 6's reading of CLV:CAC no longer holds.
    (
        "06_measuring_relationships",
        "import dataclasses\nfrom canvaskit_widgets import cases\n"
        "cases.ESTHER_ASSUMPTIONS = dataclasses.replace(cases.ESTHER_ASSUMPTIONS, gross_margin=0.95)",
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize("stem, perturbation", PERTURBATIONS, ids=[p[0] for p in PERTURBATIONS])
def test_a_perturbed_value_makes_the_chapter_fail_on_its_claims(stem: str, perturbation: str):
    with pytest.raises(CellExecutionError) as info:
        _run(COURSE / f"{stem}.ipynb", perturbation)
    assert "ClaimError" in str(info.value)
