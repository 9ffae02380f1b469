"""Generate the student versions in ``exercises/`` from the nbgrader sources in ``solutions/``.

``release`` is what ``canvaskit release`` runs; ``stale`` is the drift check a test and CI use.
Both run nbgrader's own ``generate_assignment`` with the course's ``nbgrader_config.py``, without
touching the gradebook, so the result is byte for byte what ``nbgrader generate_assignment``
writes from the repository root.
"""

from __future__ import annotations

import filecmp
import shutil
import tempfile
from pathlib import Path

__all__ = ["ROOT", "assignments", "generate", "release", "stale"]

ROOT = Path(__file__).resolve().parent.parent


def assignments(root: Path = ROOT) -> list[str]:
    """The assignments of the course: the folders of ``solutions/`` that hold a notebook."""
    return sorted(p.parent.name for p in (root / "solutions").glob("*/*.ipynb"))


def generate(dest: Path, root: Path = ROOT) -> list[str]:
    """Generate every assignment of the course at ``root`` into ``dest/<assignment>/``."""
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.CourseDirectory.release_directory = str(dest)
    config.CourseDirectory.assignment_id = "*"
    config.GenerateAssignment.no_database = True  # what `nbgrader generate_assignment --no-db` sets
    config.SaveCells.enabled = False
    config.GenerateAssignment.force = True
    coursedir = CourseDirectory(config=config)
    GenerateAssignment(coursedir=coursedir, config=config).start()
    return sorted(p.name for p in Path(dest).iterdir() if p.is_dir())


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def stale(root: Path = ROOT) -> list[str]:
    """The paths under ``exercises/`` that differ from what generation writes (missing, extra
    or changed files), relative to ``root``; empty when the release is up to date."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        names = generate(fresh, root)
        released = root / "exercises"
        out = [
            f"exercises/{p.name}/"
            for p in sorted(released.iterdir())
            if p.is_dir() and p.name not in names
        ]
        for name in names:
            new, old = fresh / name, root / "exercises" / name
            ours = _files(old) if old.is_dir() else set()
            for path in sorted(_files(new) | ours):
                a, b = new / path, old / path
                if not (a.is_file() and b.is_file() and filecmp.cmp(a, b, shallow=False)):
                    out.append(f"exercises/{name}/{path}")
        return out


def release(root: Path = ROOT) -> list[str]:
    """Regenerate ``exercises/<assignment>/`` for every assignment and drop the folders of
    assignments that no longer exist; return the assignments."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        names = generate(fresh, root)
        released = root / "exercises"
        for gone in released.iterdir():
            if gone.is_dir() and gone.name not in names:
                shutil.rmtree(gone)
        for name in names:
            old = released / name
            if old.exists():
                shutil.rmtree(old)
            shutil.copytree(fresh / name, old)
        return names
