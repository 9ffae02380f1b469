"""Write the illustrative case data: ``data/<name>.csv`` and a copy in each exercise that reads it.

Run from anywhere: ``python data/make_data.py``. The generators in ``canvaskit_widgets.datasets``
are seeded, so the files come out byte for byte the same on every run.
"""

from __future__ import annotations

from pathlib import Path

from canvaskit_widgets._atomic import write_text_atomic
from canvaskit_widgets.datasets import CASE_DATA, DATASETS, to_csv_text

ROOT = Path(__file__).resolve().parent.parent


def write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, text)
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> None:
    """Generate every dataset and write it where the course and the exercises read it."""
    texts = {name: to_csv_text(make()) for name, make in DATASETS.items()}
    for name, text in texts.items():
        write(ROOT / "data" / f"{name}.csv", text)
    for case, names in CASE_DATA.items():
        for name in names:
            write(ROOT / "solutions" / case / f"{name}.csv", texts[name])


if __name__ == "__main__":
    main()
