"""Every chapter runs top to bottom in a fresh kernel, from the course folder, without errors."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

COURSE = Path(__file__).resolve().parents[2] / "course"
CHAPTERS = sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.slow
@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_executes_cleanly(path: Path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(COURSE)}}
    )
    client.execute()  # raises CellExecutionError naming the failing cell
    noise = [
        (i, out.get("text", "")[:200])
        for i, cell in enumerate(nb.cells)
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream" and out.get("name") == "stderr"
    ]
    assert not noise, f"cells write to stderr (warnings a student would see): {noise}"
