"""Tests for the offline charts: their Vega-Lite specs, their SVG and the package's lazy imports."""

from __future__ import annotations

import base64
import importlib
import re
import subprocess
import sys

import altair as alt
import nbformat
import pandas as pd
import pytest
from IPython.core.formatters import DisplayFormatter

import canvaskit_widgets as ck
from canvaskit_widgets import Canvas, charts, metrics
from canvaskit_widgets.metrics import MetricError
from canvaskit_widgets.vocab import CHANNEL_PHASES


def rows(spec: dict) -> list[dict]:
    """The data rows of a chart spec (altair puts a DataFrame in ``datasets``)."""
    (values,) = spec["datasets"].values()
    return values


# A cohort table worked by hand: January's 2 customers, half back in February, none later;
# February's 1 customer back in April; March's 1 not back in April; NaN after the data.
COHORTS = pd.DataFrame(
    [[1.0, 0.5, 0.0, 0.0], [1.0, 0.0, 1.0, None], [1.0, 0.0, None, None]],
    index=pd.PeriodIndex(["2024-01", "2024-02", "2024-03"], freq="M", name="cohort"),
    columns=pd.Index([0, 1, 2, 3], name="periods_since_first"),
)

# NPS per segment as metrics.nps_by returns it: x 0, y +33.3, z -33.3.
NPS_TABLE = pd.DataFrame(
    {
        "responses": [2, 3, 3],
        "promoters": [0.5, 1 / 3, 1 / 3],
        "passives": [0.0, 2 / 3, 0.0],
        "detractors": [0.5, 0.0, 2 / 3],
        "nps": [0.0, 100 / 3, -100 / 3],
    },
    index=pd.Index(["x", "y", "z"], name="segment"),
)


@pytest.fixture
def bakery() -> Canvas:
    canvas = Canvas("Bakery")
    canvas.add("customer_segments", "Families with small children living nearby", id="fam")
    canvas.add("customer_segments", "Offices", id="off")
    canvas.add("channels", "Shop window", phases=["awareness", "purchase"])
    canvas.add("channels", "Delivery van", phases=["delivery"], segments=["off"])
    return canvas


# -- lazy imports and rendering --------------------------------------------------------------------
def test_importing_the_package_loads_neither_pandas_nor_altair():
    code = (
        "import sys, canvaskit_widgets\n"
        "print(sorted(m for m in ('pandas', 'altair', 'vl_convert') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_charts_skip_the_slow_iri_grammar_but_still_validate():
    code = (
        "import sys\n"
        "from canvaskit_widgets import charts\n"
        "print('rfc3987_syntax' in sys.modules)\n"
        "import altair as alt\n"
        "try:\n"
        "    alt.Chart('x.csv').mark_bar().encode(x='a:Q').properties(width='wide').to_dict()\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "ValidationError"]


def test_lazy_names_reach_metrics_and_charts():
    assert ck.nps is metrics.nps
    assert ck.MetricError is MetricError
    assert ck.cohort_heatmap is charts.cohort_heatmap
    assert ck.use_offline_charts is charts.use_offline_charts
    for name in ("metrics", "charts"):
        module = getattr(ck, name)
        assert all(hasattr(module, n) for n in module.__all__)


def test_submodules_load_on_first_use_and_unknown_names_fail():
    probe = (
        "import sys, canvaskit_widgets as ck\n"
        "print('canvaskit_widgets.tag_rules' in sys.modules, ck.tag_rules.__name__,"
        " hasattr(ck, 'no_such_module'), hasattr(ck, 'a.b'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "canvaskit_widgets.tag_rules", "False", "False"]


def test_every_public_name_of_the_package_resolves_to_its_module():
    """A lazy name that points at the wrong module, or at nothing, fails here."""
    for name in ck.__all__:
        value = getattr(ck, name)
        home = (
            importlib.import_module(f"canvaskit_widgets.{ck._LAZY[name]}")
            if name in ck._LAZY
            else ck
        )
        assert name in getattr(home, "__all__", [name]), f"{name} is not public in {home.__name__}"
        assert getattr(home, name) is value


def test_use_offline_charts_switches_to_svg_and_is_idempotent():
    alt.renderers.enable("default")
    try:
        charts.use_offline_charts()
        assert alt.renderers.active == "svg"
        charts.use_offline_charts()
        assert alt.renderers.active == "svg"
    finally:
        charts.use_offline_charts()


def test_a_chart_displays_as_svg_without_javascript():
    chart = charts.cohort_heatmap(COHORTS)
    bundle = chart._repr_mimebundle_()
    assert list(bundle) == ["image/svg+xml"]
    data, _ = DisplayFormatter().format(chart)
    assert data["image/svg+xml"].lstrip().startswith("<svg")
    assert set(data) == {"image/svg+xml", "text/plain"}


def test_chart_to_svg_draws_offline_whatever_the_renderer():
    alt.renderers.enable("default")
    try:
        svg = charts.chart_to_svg(charts.nps_by_segment(NPS_TABLE))
    finally:
        charts.use_offline_charts()
    assert svg.lstrip().startswith("<svg")
    assert "Net Promoter Score by segment" in svg
    assert "y (n = 3)" in svg


@pytest.mark.slow
def test_an_executed_notebook_exports_its_chart_as_inline_svg(tmp_path):
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("from canvaskit_widgets import charts"),
        nbformat.v4.new_code_cell("charts.clv_sensitivity(100, 0.1, acquisition_cost=300)"),
    ]
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": tmp_path}}).execute()
    (output,) = notebook.cells[1].outputs
    # SVG (and IPython's text/plain), no HTML or Vega-Lite needing JavaScript.
    assert set(output["data"]) == {"image/svg+xml", "text/plain"}
    html, _ = HTMLExporter().from_notebook_node(notebook)
    # nbconvert 7 embeds SVG output as a base64 data URI image: self-contained, no script.
    (encoded,) = re.findall(r'<img[^>]* src="data:image/svg\+xml;base64,([^"]+)"', html)
    svg = base64.b64decode(encoded).decode()
    assert svg.lstrip().startswith("<svg")
    assert "after an acquisition cost of 300" in svg
    assert not re.search(r"<script[^>]*vega", html)


# -- cohort heat map -------------------------------------------------------------------------------
def test_cohort_heatmap_spec():
    spec = charts.cohort_heatmap(COHORTS).to_dict()
    cells, labels = spec["layer"]
    assert cells["mark"]["type"] == "rect"
    assert labels["mark"]["type"] == "text"
    x, y = cells["encoding"]["x"], cells["encoding"]["y"]
    assert (x["field"], x["type"], x["title"]) == ("k", "ordinal", "Periods since first purchase")
    assert (y["field"], y["type"]) == ("cohort", "ordinal")
    assert y["sort"] == ["2024-01", "2024-02", "2024-03"]
    colour = cells["encoding"]["color"]
    assert (colour["field"], colour["type"], colour["scale"]["domain"]) == (
        "share",
        "quantitative",
        [0, 1],
    )
    assert labels["encoding"]["text"] == {"field": "share", "format": ".0%", "type": "quantitative"}
    assert spec["title"] == "Share of each cohort still buying"
    # 12 cells less the 3 NaN ones after the data.
    data = rows(spec)
    assert len(data) == 9
    assert {"cohort": "2024-01", "k": 1, "share": 0.5} in data
    assert {"cohort": "2024-02", "k": 2, "share": 1.0} in data
    assert not any(r["cohort"] == "2024-03" and r["k"] == 2 for r in data)


def test_cohort_heatmap_reads_cohort_table_output():
    orders = pd.DataFrame(
        {"customer_id": ["a", "a", "b"], "date": ["2024-01-02", "2024-02-03", "2024-02-05"]}
    )
    # January: a, back in February (1/1); February: b (no later month).
    data = rows(charts.cohort_heatmap(metrics.cohort_table(orders)).to_dict())
    assert sorted((r["cohort"], r["k"], r["share"]) for r in data) == [
        ("2024-01", 0, 1.0),
        ("2024-01", 1, 1.0),
        ("2024-02", 0, 1.0),
    ]


@pytest.mark.parametrize(
    ("table", "match"),
    [
        ([[1.0, 0.5]], "table must be a non-empty DataFrame from metrics.cohort_table"),
        (COHORTS.iloc[0:0], "table must be a non-empty DataFrame"),
        (COHORTS.rename(columns={1: "one"}), "whole-number columns, shares as values"),
        (COHORTS.replace(0.5, 1.5), r"table\[1\] of cohort 2024-01 is 1.5, not a share"),
    ],
)
def test_cohort_heatmap_rejects_other_tables(table, match):
    with pytest.raises(MetricError, match=match):
        charts.cohort_heatmap(table)


# -- NPS by segment --------------------------------------------------------------------------------
def test_nps_by_segment_spec():
    spec = charts.nps_by_segment(NPS_TABLE).to_dict()
    bars, above, below = spec["layer"]
    assert bars["mark"]["type"] == "bar"
    x, y = bars["encoding"]["x"], bars["encoding"]["y"]
    assert (x["field"], x["type"], x["scale"]["domain"]) == ("nps", "quantitative", [-100, 100])
    assert (y["field"], y["type"], y["title"]) == ("segment", "nominal", "segment")
    # Highest first: y (+33), x (0), z (-33).
    assert y["sort"] == ["y (n = 3)", "x (n = 2)", "z (n = 3)"]
    scale = bars["encoding"]["color"]["scale"]
    assert (scale["domainMid"], scale["domain"]) == (0, [-100, 100])
    # Scores right of positive bars, left of negative ones.
    assert (above["mark"]["align"], above["transform"]) == (
        "left",
        [{"filter": "(datum.nps >= 0)"}],
    )
    assert (below["mark"]["align"], below["transform"]) == (
        "right",
        [{"filter": "(datum.nps < 0)"}],
    )
    assert [r["nps"] for r in rows(spec)] == pytest.approx([100 / 3, 0.0, -100 / 3])


def test_nps_by_segment_names_groups_of_two_columns():
    survey = pd.DataFrame(
        {"segment": ["y", "y", "x"], "channel": ["web", "shop", "web"], "score": [9, 2, 10]}
    )
    spec = charts.nps_by_segment(metrics.nps_by(survey, ["segment", "channel"])).to_dict()
    assert spec["layer"][0]["encoding"]["y"]["title"] == "segment / channel"
    assert {r["segment"] for r in rows(spec)} == {
        "x / web (n = 1)",
        "y / shop (n = 1)",
        "y / web (n = 1)",
    }


def test_nps_by_segment_rejects_a_table_without_nps():
    with pytest.raises(MetricError, match=r"from metrics\.nps_by, with an 'nps' column"):
        charts.nps_by_segment(NPS_TABLE.drop(columns="nps"))


# -- CLV sensitivity -------------------------------------------------------------------------------
def test_clv_sensitivity_spec():
    spec = charts.clv_sensitivity(100, 0.1).to_dict()
    assert spec["mark"]["type"] == "line"
    x, y = spec["encoding"]["x"], spec["encoding"]["y"]
    assert (x["field"], x["type"], x["axis"]["format"]) == ("retention", "quantitative", "%")
    assert (y["field"], y["title"]) == ("clv", "CLV (margin-multiple)")
    assert spec["title"] == "CLV against retention (margin 100, discount rate 10%)"
    data = rows(spec)
    # The default retentions 0.50, 0.51, ..., 0.95; at 0.8: 100 * 0.8 / 0.3 = 266.67.
    assert len(data) == 46
    assert (data[0]["retention"], data[-1]["retention"]) == (0.5, 0.95)
    (at_80,) = [r for r in data if r["retention"] == 0.8]
    assert at_80["clv"] == pytest.approx(266.67, abs=0.01)


def test_clv_sensitivity_with_acquisition_cost_draws_a_zero_rule():
    spec = charts.clv_sensitivity(100, 0.1, acquisition_cost=300, retentions=[0.7, 0.8]).to_dict()
    line, rule = spec["layer"]
    assert line["mark"]["type"] == "line"
    assert rule["mark"]["type"] == "rule"
    assert rule["encoding"]["y"] == {"field": "clv", "type": "quantitative"}
    assert spec["title"]["subtitle"] == "after an acquisition cost of 300"
    # 100 * 0.7 / 0.4 - 300 = -125; 100 * 0.8 / 0.3 - 300 = -33.33; the rule's datum is 0.
    values = [r["clv"] for r in spec["datasets"][line["data"]["name"]]]
    assert values == pytest.approx([-125.0, -33.33], abs=0.01)
    assert spec["datasets"][rule["data"]["name"]] == [{"clv": 0.0}]


def test_clv_sensitivity_validates_through_the_metric():
    with pytest.raises(MetricError, match=r"retention\[1\] is 1.2, not a share"):
        charts.clv_sensitivity(100, 0.1, retentions=[0.5, 1.2])
    with pytest.raises(MetricError, match="discount_rate is 10, not a share"):
        charts.clv_sensitivity(100, 10)


# -- phase coverage --------------------------------------------------------------------------------
def test_phase_coverage_spec(bakery):
    spec = charts.phase_coverage(bakery).to_dict()
    cells, counts = spec["layer"]
    assert cells["mark"]["type"] == "rect"
    assert counts["encoding"]["text"] == {"field": "channels", "type": "quantitative"}
    x, y = cells["encoding"]["x"], cells["encoding"]["y"]
    assert x["sort"] == [CHANNEL_PHASES.label(p) for p in CHANNEL_PHASES]
    # The long segment text is cut to 27 characters and an ellipsis.
    assert y["sort"] == ["Families with small childre…", "Offices"]
    assert cells["encoding"]["color"]["scale"]["domain"] == ["covered", "gap"]
    assert spec["title"] == "Channel phases per segment: Bakery"
    # The shop window (untagged) covers awareness and purchase for both; the van delivers to offices.
    table = {(r["segment"][:8], r["phase"]): (r["channels"], r["status"]) for r in rows(spec)}
    awareness, delivery = CHANNEL_PHASES.label("awareness"), CHANNEL_PHASES.label("delivery")
    evaluation = CHANNEL_PHASES.label("evaluation")
    assert len(table) == 2 * len(CHANNEL_PHASES)
    assert table["Families", awareness] == (1, "covered")
    assert table["Families", delivery] == (0, "gap")
    assert table["Offices", delivery] == (1, "covered")
    assert table["Offices", evaluation] == (0, "gap")


def test_phase_coverage_keeps_same_named_segments_apart(bakery):
    bakery.add("customer_segments", "Offices", id="off-2")
    spec = charts.phase_coverage(bakery).to_dict()
    assert spec["layer"][0]["encoding"]["y"]["sort"][1:] == ["Offices (off)", "Offices (off-2)"]


def test_phase_coverage_of_an_empty_canvas_still_draws():
    chart = charts.phase_coverage(Canvas("Blank"))
    assert (
        chart.to_dict()["title"] == "Channel phases per segment: Blank (no customer segments yet)"
    )
    assert charts.chart_to_svg(chart).lstrip().startswith("<svg")


def test_phase_coverage_needs_a_canvas(bakery):
    with pytest.raises(TypeError, match="phase_coverage needs a Canvas, not dict"):
        charts.phase_coverage(bakery.to_dict())
