"""What the fork servers make before forking, read from the source notebooks."""

from __future__ import annotations

import pytest
from test_cells import cell

from canvaskit_widgets.grading.preload import dataset_calls, modules


def test_the_modules_the_cells_import_are_preloaded() -> None:
    cells = [
        cell("a", "import pandas as pd\nfrom canvaskit_widgets import metrics, exercise\n"),
        cell("b", "from canvaskit_widgets.checks import close\nimport no_such_module\n"),
        cell("c", "%matplotlib inline\n"),
    ]
    found = modules(cells)
    assert {"pandas", "canvaskit_widgets.metrics", "canvaskit_widgets.checks"} <= set(found)
    assert "no_such_module" not in found
    assert "canvaskit_widgets.checks.close" not in found


@pytest.mark.parametrize(
    "source",
    [
        "from canvaskit_widgets import datasets as _d\nx = _d.esther_transactions(seed=7)\n",
        "from canvaskit_widgets import datasets\nx = datasets.esther_transactions(seed=7)\n",
        "import canvaskit_widgets.datasets as ds\nx = ds.esther_transactions(seed=7)\n",
        "import canvaskit_widgets.datasets\nx = canvaskit_widgets.datasets.esther_transactions(seed=7)",
        "from canvaskit_widgets.datasets import esther_transactions as gen\nx = gen(seed=7)\n",
    ],
)
def test_dataset_calls_are_found_however_the_module_is_imported(source: str) -> None:
    assert dataset_calls([cell("a", source)]) == [["esther_transactions", [], {"seed": 7}]]


def test_only_literal_calls_of_the_generators_are_made_each_once() -> None:
    cells = [
        cell("setup", "from canvaskit_widgets import datasets as d\nseed = 3\n"),
        cell("t1", "a = d.esther_transactions(seed=7)\nb = d.maria_survey(5)\n"),
        cell("t2", "c = d.esther_transactions(seed=seed)\nd.load('esther_transactions')\n"),
        cell("t3", "e = d.esther_transactions(seed=7)\nesther_transactions(seed=9)\n"),
    ]
    assert dataset_calls(cells) == [
        ["esther_transactions", [], {"seed": 7}],
        ["maria_survey", [5], {}],
    ]
