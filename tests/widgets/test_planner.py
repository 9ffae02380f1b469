"""Tests for RelationshipPlanner: rows per segment, the plan trait, costs and apply_to."""

from __future__ import annotations

import ast
from datetime import date

import pytest
from traitlets import TraitError

from canvaskit_widgets import Canvas, CanvasError
from canvaskit_widgets.cases import maria_canvas
from canvaskit_widgets.consistency import check_threads
from canvaskit_widgets.model import MAX_TEXT
from canvaskit_widgets.vocab import MOTIVATIONS, SUCCESS_METRICS
from canvaskit_widgets.widgets import RelationshipPlanner, StateError
from canvaskit_widgets.widgets.planner import (
    cost_html,
    default_metric,
    lower_is_better,
    metric_key,
    plan_note_id,
)


def shop() -> Canvas:
    canvas = Canvas("Shop")
    canvas.add("customer_segments", "Students", id="students")
    canvas.add("customer_segments", "Retirees", id="retirees")
    return canvas


def test_one_row_per_segment_and_a_blank_plan():
    planner = RelationshipPlanner(shop())
    assert list(planner._rows) == ["students", "retirees"]
    blank = {"category": None, "motivation": None, "get": "", "keep": "", "grow": ""}
    blank |= {"metric": "", "threshold": None, "review": ""}
    assert planner.get_state()["value"] == {seg: blank for seg in ("students", "retirees")}


def test_editing_a_row_updates_value_and_the_cost_line():
    planner = RelationshipPlanner(shop())
    seen = []
    planner.observe(lambda change: seen.append(change.new["students"]["category"]), "value")
    row = planner._rows["students"]
    row.category.value = "self_service"
    row.tactics["keep"].value = "An FAQ for returns"
    assert planner.value["students"]["category"] == "self_service"
    assert planner.value["students"]["keep"] == "An FAQ for returns"
    assert seen[0] == "self_service"
    assert "●○○○○" in row.cost.value  # self-service costs 1 of 5
    row.category.value = "dedicated_personal_assistance"
    assert "●●●●●" in row.cost.value


def test_cost_line_names_what_drives_the_cost_and_the_metric_to_watch():
    html = cost_html("personal_assistance", "keep")
    assert "●●●●○" in html
    assert "Staff" in html and "live or mediated contact" in html
    assert "retention rate" in html
    assert "choose a category" in cost_html(None)


def test_setting_value_updates_the_rows():
    planner = RelationshipPlanner(shop())
    planner.value = {"retirees": {"category": "personal_assistance", "grow": "Workshops"}}
    row = planner._rows["retirees"]
    assert (row.category.value, row.tactics["grow"].value) == ("personal_assistance", "Workshops")
    assert planner.value["students"]["get"] == ""  # missing segments are filled in


@pytest.mark.parametrize(
    ("plan", "match"),
    [
        ({"tourists": {}}, "segment 'tourists' is not on the canvas"),
        ({"students": {"category": "telepathy"}}, "unknown relationship category 'telepathy'"),
        ({"students": {"motivation": "win"}}, "unknown motivation 'win'"),
        ({"students": {"mood": "happy"}}, "unknown field"),
        ({"students": {"get": 3}}, "get must be text"),
        ({"students": {"metric": "happiness"}}, "unknown success metric 'happiness'"),
        ({"students": {"metric": ["nps"]}}, "unknown success metric"),
        ({"students": {"threshold": "ten"}}, "threshold must be a number"),
        ({"students": {"threshold": True}}, "threshold must be a number"),
        ({"students": {"threshold": float("nan")}}, "threshold must be a number"),
        ({"students": {"review": "next spring"}}, "review must be a date"),
        ({"students": {"review": "2025-6-30"}}, "review must be a date"),
    ],
)
def test_bad_plans_are_refused_and_change_nothing(plan, match):
    planner = RelationshipPlanner(shop())
    planner._rows["students"].tactics["get"].value = "Student discount"
    before = planner.value
    with pytest.raises(TraitError, match=match):
        planner.value = plan
    assert planner.value == before
    assert planner._rows["students"].tactics["get"].value == "Student discount"


def test_apply_to_writes_one_tagged_note_per_tactic():
    canvas = shop()
    planner = RelationshipPlanner(canvas)
    planner.value = {
        "students": {"category": "communities", "get": "Campus ambassadors", "keep": "Discord"},
        "retirees": {"category": "personal_assistance", "grow": "Advice in store"},
    }
    ids = planner.apply_to()
    notes = {n.id: n for n in canvas.blocks["customer_relationships"]}
    assert (
        set(ids)
        == set(notes)
        == {
            plan_note_id("students", "get"),
            plan_note_id("students", "keep"),
            plan_note_id("retirees", "grow"),
        }
    )
    keep = notes[plan_note_id("students", "keep")]
    assert (keep.text, keep.segments, keep.category, keep.motivation) == (
        "Discord",
        ("students",),
        "communities",
        "keep",
    )
    codes = {(f.segment, f.code) for f in check_threads(canvas)}
    assert ("students", "no_relationship") not in codes
    assert ("students", "relationship_untagged") not in codes


def test_applying_again_updates_and_removes_instead_of_duplicating():
    canvas = shop()
    canvas.add("customer_relationships", "Newsletter", id="newsletter")
    planner = RelationshipPlanner(canvas)
    planner.value = {"students": {"category": "communities", "get": "Ambassadors", "keep": "Chat"}}
    planner.apply_to()
    planner.value = {"students": {"category": "self_service", "get": "Referral codes", "keep": ""}}
    planner.apply_to()
    notes = canvas.blocks["customer_relationships"]
    assert [n.id for n in notes] == ["newsletter", plan_note_id("students", "get")]
    assert (notes[1].text, notes[1].category) == ("Referral codes", "self_service")


def test_apply_to_another_canvas_and_all_or_nothing():
    planner = RelationshipPlanner(shop())
    planner.value = {"students": {"get": "Flyers", "keep": "x" * (MAX_TEXT + 1)}}
    target = shop()
    before = target.to_dict()
    with pytest.raises(CanvasError, match="limit"):
        planner.apply_to(target)
    assert target.to_dict() == before
    assert "not applied" in planner.message
    # A canvas without the segment refuses the plan, unchanged.
    other = Canvas("Other")
    planner.value = {"students": {"get": "Flyers", "keep": ""}}
    with pytest.raises(CanvasError, match="students"):
        planner.apply_to(other)
    assert other.to_dict() == Canvas("Other").to_dict()


def test_apply_button_shows_errors_instead_of_raising():
    planner = RelationshipPlanner(shop())
    planner._rows["students"].tactics["get"].value = "x" * (MAX_TEXT + 1)
    planner._apply_button.click()
    assert "not applied" in planner.message
    assert planner._rows["students"].tactics["get"].value == "x" * (MAX_TEXT + 1)


def test_a_new_planner_reads_the_applied_plan_back():
    canvas = shop()
    planner = RelationshipPlanner(canvas)
    planner.value = {"retirees": {"category": "co_creation", "grow": "Tasting club"}}
    planner.apply_to()
    again = RelationshipPlanner(canvas)
    assert again.value["retirees"]["grow"] == "Tasting club"
    assert again.value["retirees"]["category"] == "co_creation"


def test_rows_follow_the_canvas_segments():
    canvas = shop()
    planner = RelationshipPlanner(canvas)
    canvas.add("customer_segments", "Families", id="families")
    assert list(planner._rows) == ["students", "retirees", "families"]
    assert "families" in planner.value
    planner._rows["retirees"].tactics["keep"].value = "Loyalty card"
    canvas.remove("retirees")
    assert list(planner.value) == ["students", "families"]
    assert "Loyalty card" in planner.message  # what was typed is shown, not silently lost


def test_as_literal_round_trip_and_save_load(tmp_path):
    canvas = maria_canvas()
    planner = RelationshipPlanner(canvas)
    seg = canvas.segments[0].id
    planner._rows[seg].category.value = "communities"
    planner._rows[seg].tactics["get"].value = "Giveaways on Instagram"
    literal = ast.literal_eval(planner.as_literal())
    assert RelationshipPlanner(canvas, value=literal).value == planner.value
    path = planner.save(tmp_path / "maria.widget.json")
    other = RelationshipPlanner(canvas)
    other.load(path)
    assert other.value == planner.value


def test_loading_a_plan_for_other_segments_changes_nothing(tmp_path):
    path = tmp_path / "plan.widget.json"
    path.write_text('{"tourists": {"get": "Maps"}}', encoding="utf-8")
    planner = RelationshipPlanner(shop())
    before = planner.value
    with pytest.raises(StateError, match="tourists"):
        planner.load(path)
    assert planner.value == before
    assert path.read_text(encoding="utf-8") == '{"tourists": {"get": "Maps"}}'


def test_autosave_keeps_the_plan_across_restarts(tmp_path):
    path = tmp_path / "plan.widget.json"
    canvas = shop()
    planner = RelationshipPlanner(canvas, autosave=path)
    planner._rows["students"].tactics["get"].value = "Campus stand"
    again = RelationshipPlanner(canvas, autosave=path)
    assert again.value["students"]["get"] == "Campus stand"


def test_long_segment_ids_give_valid_distinct_note_ids():
    seg = "a" * 40
    ids = {plan_note_id(seg, t) for t in ("get", "keep", "grow")}
    assert len(ids) == 3
    assert all(len(i) <= 40 for i in ids)
    canvas = Canvas()
    canvas.add("customer_segments", "Long", id=seg)
    planner = RelationshipPlanner(canvas, value={seg: {"get": "Hello"}})
    assert planner.apply_to() == [plan_note_id(seg, "get")]


# -- relationships as hypotheses ------------------------------------------------------------------
def test_every_metric_name_in_the_vocabulary_leads_back_to_its_key():
    for key, term in SUCCESS_METRICS.items():
        assert metric_key(term.extra["name"]) == metric_key(term.label) == key
        assert lower_is_better(term.extra["name"]) == lower_is_better(key)


def test_every_aim_has_a_metric_and_acquisition_cost_and_churn_are_better_low():
    aims = {term.extra["aim"] for term in SUCCESS_METRICS.values()}
    assert aims == {*MOTIVATIONS, "advocacy"}
    assert (default_metric("get"), default_metric("keep"), default_metric("advocacy")) == (
        "cac",
        "churn_rate",
        "nps",
    )
    assert default_metric("grow") in {"average_order_value", "orders_per_customer"}
    assert lower_is_better("cac") and lower_is_better("churn_rate")
    assert not lower_is_better("nps") and not lower_is_better("average_order_value")


def test_choosing_a_main_aim_proposes_its_metric_but_keeps_a_chosen_one():
    planner = RelationshipPlanner(shop())
    row = planner._rows["students"]
    row.motivation.value = "get"
    assert planner.value["students"]["metric"] == "cac"
    row.metric.value = "nps"
    row.motivation.value = "keep"
    assert planner.value["students"]["metric"] == "nps"


def test_the_rows_record_metric_threshold_and_review_date_in_the_synced_value():
    planner = RelationshipPlanner(shop())
    row = planner._rows["retirees"]
    row.metric.value = "churn_rate"
    row.threshold.value = "0,15"  # a decimal comma is read too
    row.review.value = date(2025, 6, 30)
    expected = {"metric": "churn_rate", "threshold": 0.15, "review": "2025-06-30"}
    assert {k: planner.get_state()["value"]["retirees"][k] for k in expected} == expected
    assert planner.hypothesis("retirees") == "churn rate at most 0.15 by 2025-06-30"
    assert planner.hypothesis("students") == "? at least ? by ?"
    row.threshold.value = ""
    assert planner.value["retirees"]["threshold"] is None


def test_a_threshold_that_is_no_number_is_refused_with_a_message():
    planner = RelationshipPlanner(shop())
    row = planner._rows["students"]
    row.threshold.value = "25"
    row.threshold.value = "about twenty"
    assert planner.value["students"]["threshold"] == 25.0
    assert "must be a number" in planner.message


def test_setting_value_shows_the_hypothesis_in_the_row():
    planner = RelationshipPlanner(shop())
    planner.value = {"students": {"metric": "nps", "threshold": 20, "review": "2025-09-01"}}
    row = planner._rows["students"]
    assert (row.metric.value, row.threshold.value, row.review.value) == (
        "nps",
        "20",
        date(2025, 9, 1),
    )


@pytest.mark.parametrize(
    ("metric", "threshold", "observed", "met"),
    [
        ("churn_rate", 0.1, 0.08, True),
        ("churn_rate", 0.1, 0.12, False),
        ("cac", 40, 40, True),
        ("cac", 40, 41, False),
        ("nps", 20, 25, True),
        ("nps", 20, 11, False),
        ("average_order_value", 7.0, 6.79, False),
    ],
)
def test_met_compares_the_review_figure_with_the_threshold_in_the_right_direction(
    metric, threshold, observed, met
):
    planner = RelationshipPlanner(shop())
    planner.value = {"students": {"metric": metric, "threshold": threshold}}
    assert planner.met("students", observed) is met


def test_met_refuses_an_undecided_hypothesis():
    planner = RelationshipPlanner(shop())
    planner.value = {"students": {"metric": "nps"}}
    with pytest.raises(ValueError, match="decide the metric and the threshold for 'students'"):
        planner.met("students", 30)


def test_the_hypotheses_survive_save_load_and_as_literal(tmp_path):
    planner = RelationshipPlanner(shop())
    plan = {"metric": "orders_per_customer", "threshold": 6.0, "review": "2026-01-31"}
    planner.value = {"students": {"category": "communities", "motivation": "grow", **plan}}
    path = planner.save(tmp_path / "plan.widget.json")
    again = RelationshipPlanner(shop())
    again.load(path)
    assert again.value == planner.value
    literal = RelationshipPlanner(shop(), value=ast.literal_eval(planner.as_literal()))
    assert literal.value == planner.value
    assert literal.hypothesis("students") == "orders per customer at least 6 by 2026-01-31"


def test_an_old_plan_file_without_hypotheses_still_loads(tmp_path):
    path = tmp_path / "old.widget.json"
    path.write_text('{"students": {"category": "self_service", "get": "FAQ"}}')
    planner = RelationshipPlanner(shop())
    planner.load(path)
    assert planner.value["students"]["metric"] == "" and planner.value["students"]["get"] == "FAQ"


@pytest.mark.parametrize(
    ("given", "key"),
    [
        ("churn rate", "churn_rate"),
        ("Churn rate", "churn_rate"),
        ("repeat-purchase rate", "repeat_purchase_rate"),
        ("NPS", "nps"),
        ("Net Promoter Score", "nps"),
        ("CAC", "cac"),
        ("average  order value", "average_order_value"),
        ("orders_per_customer", "orders_per_customer"),
    ],
)
def test_a_metric_may_be_given_by_its_name_and_is_stored_as_its_key(given, key):
    assert metric_key(given) == key
    planner = RelationshipPlanner(shop())
    planner.value = {"students": {"metric": given, "threshold": 1}}
    assert planner.value["students"]["metric"] == key
    assert planner._rows["students"].metric.value == key
