"""Tests for CLVExplorer and ScenarioTwins: hand-worked CLV figures, linked sliders, bad input."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest
from traitlets import TraitError

from canvaskit_widgets.widgets import CLVExplorer, ScenarioTwins, StateError


def test_widgets_import_without_pandas_or_altair():
    code = (
        "import sys, canvaskit_widgets.widgets; "
        "print(sorted(m for m in ('pandas', 'altair') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_domain_example_r_08_d_01_gives_2_67_times_the_margin():
    explorer = CLVExplorer(margin=100, retention=0.8, discount_rate=0.1, acquisition_cost=50)
    state = explorer.get_state()
    # 100 * 0.8 / (1 + 0.1 - 0.8) = 80 / 0.3 = 266.67; 266.67 / 50 = 5.33
    assert state["clv"] == pytest.approx(266.67, abs=0.005)
    assert state["clv_to_cac"] == pytest.approx(5.333, abs=0.001)
    assert "2.67 × margin" in explorer._result.value


@pytest.mark.parametrize(("before", "after", "rise"), [(0.80, 0.85, 0.275), (0.90, 0.95, 0.407)])
def test_retention_rises_from_the_domain_notes(before, after, rise):
    explorer = CLVExplorer(margin=10, retention=before, discount_rate=0.1)
    first = explorer.clv
    explorer._sliders["retention"].value = after
    assert explorer.clv / first - 1 == pytest.approx(rise, abs=0.001)


def test_sliders_and_traits_are_linked_both_ways():
    explorer = CLVExplorer()
    seen = []
    explorer.observe(lambda change: seen.append(change.new), "clv")
    explorer._sliders["margin"].value = 200
    assert explorer.margin == 200
    assert seen == [pytest.approx(533.33, abs=0.005)]
    explorer.discount_rate = 0.2
    assert explorer._sliders["discount_rate"].value == 0.2


def test_a_large_value_widens_its_slider_instead_of_being_clipped():
    explorer = CLVExplorer(margin=3000, acquisition_cost=2500)
    assert explorer._sliders["margin"].value == 3000
    assert explorer._sliders["margin"].max >= 3000
    explorer.acquisition_cost = 12_000
    assert explorer.acquisition_cost == explorer._sliders["acquisition_cost"].value == 12_000


def test_an_infinite_clv_shows_a_message_not_an_exception():
    explorer = CLVExplorer(retention=0.9, discount_rate=0.0)
    explorer._sliders["retention"].value = 1.0  # r >= 1 + d
    assert explorer.clv is None and explorer.clv_to_cac is None
    assert "No CLV" in explorer.message and "infinite" in explorer.message
    assert explorer._chart.value == ""
    explorer._sliders["discount_rate"].value = 0.1
    assert explorer.clv == pytest.approx(1000.0)
    assert explorer.message == ""


def test_no_ratio_without_an_acquisition_cost():
    explorer = CLVExplorer(acquisition_cost=0)
    assert explorer.clv_to_cac is None
    assert "set an acquisition cost" in explorer._result.value


@pytest.mark.parametrize(("name", "value"), [("retention", 1.5), ("margin", -1.0)])
def test_out_of_range_inputs_raise_and_change_nothing(name, value):
    explorer = CLVExplorer()
    before = explorer.get_state()
    with pytest.raises(TraitError, match=name):
        setattr(explorer, name, value)
    assert explorer.get_state() == before


def test_the_chart_is_an_offline_svg():
    explorer = CLVExplorer(acquisition_cost=100)
    assert explorer._chart.value.startswith("<svg")
    assert "Retention per period" in explorer._chart.value


def test_literal_save_and_load(tmp_path):
    explorer = CLVExplorer(margin=250, retention=0.7, discount_rate=0.08, acquisition_cost=120)
    again = CLVExplorer(**ast.literal_eval(explorer.as_literal()))
    assert again.clv == explorer.clv
    path = explorer.save(tmp_path / "clv.widget.json")
    other = CLVExplorer()
    other.load(path)
    assert other.clv == pytest.approx(explorer.clv)
    assert other._sliders["retention"].value == 0.7


@pytest.mark.parametrize(
    "state",
    [
        {"margin": "a lot", "retention": 0.8, "discount_rate": 0.1, "acquisition_cost": 0},
        {"margin": 100, "retention": 0.8, "discount_rate": 0.1, "acquisition_cost": 0, "x": 1},
        {"margin": 100, "retention": 0.8, "discount_rate": 2.0, "acquisition_cost": 0},
    ],
)
def test_a_bad_state_file_changes_nothing(tmp_path, state):
    path = tmp_path / "clv.widget.json"
    path.write_text(json.dumps(state), encoding="utf-8")
    explorer = CLVExplorer(margin=120)
    before = explorer.get_state()
    with pytest.raises(StateError):
        explorer.load(path)
    assert explorer.get_state()["margin"] == before["margin"] == 120
    assert explorer.get_state()["discount_rate"] == before["discount_rate"]
    assert json.loads(path.read_text(encoding="utf-8")) == state


def test_twins_default_to_the_gemstone_scenarios():
    twins = ScenarioTwins()
    # cheaper: 1800 * 0.75 / 0.35 = 3857.14; polished: 2400 * 0.8 / 0.3 = 6400
    assert twins.get_state()["clv"] == {
        "cheaper": pytest.approx(1800 * 0.75 / 0.35),
        "polished": pytest.approx(6400.0),
    }
    assert "Highest CLV: Gemstones: better polished" in twins._comparison.value
    cheaper, polished = (column.children[0].value for column in twins.children[0].children)
    assert "Rubies below the market average price" in cheaper
    assert "Supply agreements with a named account manager" in polished


def test_twins_follow_their_sliders_and_round_trip(tmp_path):
    twins = ScenarioTwins({"a": {"margin": 10, "retention": 0.5, "discount_rate": 0.0,
                                 "acquisition_cost": 1},
                           "b": {"margin": 10, "retention": 0.8, "discount_rate": 0.0,
                                 "acquisition_cost": 1}})  # fmt: skip
    twins.explorers["a"]._sliders["retention"].value = 0.9
    assert twins.clv["a"] == pytest.approx(90.0)  # 10 * 0.9 / 0.1
    assert "Highest CLV: a" in twins._comparison.value
    literal = ast.literal_eval(twins.as_literal())
    assert ScenarioTwins(literal).clv == twins.clv
    path = tmp_path / "twins.widget.json"
    path.write_text(json.dumps({**literal, "a": {**literal["a"], "retention": 7}}), "utf-8")
    with pytest.raises(StateError):
        twins.load(path)
    assert twins.explorers["a"].retention == 0.9


def test_twins_need_two_scenarios():
    with pytest.raises(ValueError, match="at least two"):
        ScenarioTwins({"only": {"margin": 1, "retention": 0.5, "discount_rate": 0.1,
                                "acquisition_cost": 0}})  # fmt: skip
