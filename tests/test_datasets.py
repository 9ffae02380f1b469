"""Tests for the seeded case data generators and the committed CSV files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from canvaskit_widgets import cases, datasets


@pytest.mark.parametrize("name", list(datasets.DATASETS))
def test_generators_are_deterministic_and_seeded(name: str) -> None:
    make = datasets.DATASETS[name]
    pd.testing.assert_frame_equal(make(), make())
    assert not make().equals(make(seed=7)), "another seed must give other data"


@pytest.mark.parametrize("name", list(datasets.DATASETS))
def test_each_call_gets_a_frame_of_its_own(name: str) -> None:
    make = datasets.DATASETS[name]
    first = make(seed=7)
    expected = first.copy()
    last = first.columns[-1]
    first[last] = first[last].iloc[::-1].to_numpy()
    first.loc[first.index[0], first.columns[0]] = None
    pd.testing.assert_frame_equal(make(seed=7), expected)


@pytest.mark.parametrize("name", list(datasets.DATASETS))
def test_committed_csv_is_what_the_generator_writes(name: str, repo_root: Path) -> None:
    expected = datasets.to_csv_text(datasets.DATASETS[name]())
    committed = (repo_root / "data" / f"{name}.csv").read_text(encoding="utf-8")
    assert committed == expected, f"data/{name}.csv is stale: run python data/make_data.py"


@pytest.mark.parametrize(("case", "names"), list(datasets.CASE_DATA.items()))
def test_each_exercise_holds_a_copy_of_its_data(
    case: str, names: tuple[str, ...], repo_root: Path
) -> None:
    assert case in cases.CASES
    for name in names:
        copy = repo_root / "solutions" / case / f"{name}.csv"
        assert copy.read_bytes() == (repo_root / "data" / f"{name}.csv").read_bytes()


def test_esther_transactions_cover_eighteen_months_and_the_new_lines() -> None:
    orders = datasets.esther_transactions()
    assert list(orders.columns) == ["customer_id", "date", "product", "revenue"]
    assert orders["date"].min() == pd.Timestamp("2024-01-01")
    assert orders["date"].max() < pd.Timestamp("2025-07-01")
    assert 200 <= orders["customer_id"].nunique() <= 400
    assert set(orders["product"]) == set(datasets.ESTHER_PRODUCTS)
    first_sale = orders.groupby("product")["date"].min()
    for product, (price, launch) in datasets.ESTHER_PRODUCTS.items():
        assert first_sale[product] >= pd.Timestamp(launch), product
        revenue = orders.loc[orders["product"] == product, "revenue"]
        assert set((revenue / price).round(6)) <= {1.0, 2.0, 3.0}, product


def test_surveys_use_the_case_segments_and_scores_from_0_to_10() -> None:
    for survey, canvas in (
        (datasets.salon_survey(), cases.hair_salon_canvas()),
        (datasets.maria_survey(), cases.maria_canvas()),
    ):
        assert set(survey["segment"]) == {s.id for s in canvas.segments}
        assert survey["score"].between(0, 10).all()
        assert survey["respondent_id"].is_unique
    assert set(datasets.maria_survey()["preferred_contact"]) == set(datasets.MARIA_CONTACTS)


def test_load_reads_the_csv_and_falls_back_to_generating(tmp_path: Path) -> None:
    committed = datasets.load("esther_transactions")
    assert pd.api.types.is_datetime64_any_dtype(committed["date"])
    generated = datasets.load("esther_transactions", folder=tmp_path)
    pd.testing.assert_frame_equal(committed, generated)


def test_load_rejects_an_unknown_name() -> None:
    with pytest.raises(KeyError, match="unknown dataset 'nope'; expected one of: esther"):
        datasets.load("nope")
