"""Seeded generators of the illustrative case data, and a loader for the committed CSV files.

Every number here is invented for teaching: realistic in size and shape, and the same on every
machine for a given seed. ``data/make_data.py`` writes the CSV files the notebooks read.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "CASE_DATA",
    "DATASETS",
    "DATA_DIR",
    "ESTHER_PRODUCTS",
    "MARIA_CONTACTS",
    "SEED",
    "esther_transactions",
    "load",
    "maria_survey",
    "salon_survey",
    "to_csv_text",
]

SEED = 2024
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Esther's products: (price in euros, first day on sale). The first three sell from the start;
# the jams extend the product line, juice and wine diversify it.
ESTHER_PRODUCTS: dict[str, tuple[float, str]] = {
    "Fresh pumpkin": (4.50, "2024-01-01"),
    "Pumpkin soup": (4.90, "2024-01-01"),
    "Roasted pumpkin seeds": (3.20, "2024-01-01"),
    "Pumpkin jam, cinnamon": (4.60, "2024-06-03"),
    "Pumpkin jam, lemon": (4.60, "2024-09-02"),
    "Pumpkin juice": (3.90, "2024-10-01"),
    "Pumpkin wine": (12.90, "2024-11-15"),
}
_ESTHER_START, _ESTHER_MONTHS = pd.Timestamp("2024-01-01"), 18
# How many orders a month brings, relative to an average month: busy in autumn, slow in late winter
# and midsummer (when Esther holds her testing days).
_SEASON = (0.8, 0.7, 0.75, 0.9, 0.95, 1.0, 0.7, 0.8, 1.2, 1.5, 1.5, 1.3)
# How often each product is chosen once on sale (loyal customers try new products more readily).
_WEIGHTS = {
    "Fresh pumpkin": (5.0, 5.0),
    "Pumpkin soup": (3.0, 3.0),
    "Roasted pumpkin seeds": (1.5, 1.5),
    "Pumpkin jam, cinnamon": (2.5, 1.0),
    "Pumpkin jam, lemon": (2.0, 0.8),
    "Pumpkin juice": (1.5, 0.8),
    "Pumpkin wine": (1.0, 0.5),
}

_SALON_SEGMENTS = {
    # segment: respondents, P(score) for scores 0..10
    "professionals": (84, (1, 1, 1, 2, 2, 4, 6, 12, 19, 26, 26)),
    "students": (66, (2, 2, 3, 4, 6, 9, 11, 16, 17, 16, 14)),
}
_SALON_COMMENTS = {
    ("professionals", "promoter"): (
        "Booked a seven o'clock slot before work, in and out in forty minutes.",
        "My stylist remembers exactly how I like it.",
        "Worth every euro, I never have to explain twice.",
    ),
    ("professionals", "passive"): (
        "Good cut, but the online booking could show more evening slots.",
        "Fine, though a little pricey for a quick trim.",
    ),
    ("professionals", "detractor"): (
        "Waited twenty minutes past my booked time.",
        "A different stylist every time, so I explain it all again.",
    ),
    ("students", "promoter"): (
        "The weekday student price is the best deal on the street.",
        "Cheap and friendly, I brought two friends.",
    ),
    ("students", "passive"): (
        "Decent cut for the price.",
        "Okay, but the discount only works on weekday afternoons.",
    ),
    ("students", "detractor"): (
        "Still too expensive for a student budget.",
        "Rushed cut, felt like a conveyor belt.",
        "The salon next door is cheaper.",
    ),
}

# Maria's survey asks each respondent how they would most like to stay in touch with the shop.
MARIA_CONTACTS = (
    "social media group",
    "chat with a beautician",
    "how-to guides and FAQ",
    "automatic reorder reminders",
)
_MARIA_SEGMENTS = {
    # segment: respondents, P(contact) in MARIA_CONTACTS order, P(score) for scores 0..10
    "young-women": (96, (55, 10, 15, 20), (1, 1, 1, 2, 3, 4, 6, 12, 20, 25, 25)),
    "adult-women": (78, (10, 50, 15, 25), (1, 1, 2, 2, 3, 5, 8, 16, 20, 22, 20)),
    "men": (54, (15, 10, 50, 25), (2, 2, 3, 4, 6, 8, 10, 16, 18, 16, 15)),
}


def _probabilities(weights: tuple[float, ...]) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return p / p.sum()


def _remembered(generate: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
    """``generate``, run once per set of arguments; every call gets its own copy to change."""
    cached = functools.cache(generate)

    @functools.wraps(generate)
    def copy(*args: int, **kwargs: int) -> pd.DataFrame:
        return cached(*args, **kwargs).copy()

    return copy


@_remembered
def esther_transactions(seed: int = SEED, customers: int = 240) -> pd.DataFrame:
    """Esther's store sales over 18 months (January 2024 to June 2025), one row per order.

    Columns: ``customer_id`` (``C0001``...), ``date`` (datetime), ``product`` (a key of
    ``ESTHER_PRODUCTS``) and ``revenue`` (euros). About half the customers are loyal regulars
    already buying in January 2024; the others arrive month by month, buy less often and leave
    sooner. New products go on sale on their launch day and loyal customers try them first.
    """
    rng = np.random.default_rng(seed)
    months = pd.date_range(_ESTHER_START, periods=_ESTHER_MONTHS, freq="MS")
    loyal = rng.random(customers) < 0.5
    arrival = np.where(loyal, 0, rng.integers(0, _ESTHER_MONTHS - 2, customers))
    rate = np.where(loyal, rng.gamma(4.0, 0.28, customers), rng.gamma(1.5, 0.3, customers))
    churn = np.where(loyal, 0.015, 0.12)
    names = list(ESTHER_PRODUCTS)
    prices = np.array([ESTHER_PRODUCTS[p][0] for p in names])
    launch = np.array([np.datetime64(ESTHER_PRODUCTS[p][1], "D") for p in names])
    # Per month, worked out once: first day, lines already launched by its end, season, length.
    starts = months.values.astype("datetime64[D]")
    ends = (months + pd.offsets.MonthEnd(0)).values.astype("datetime64[D]")
    launched = [int((launch[3:] <= end).sum()) for end in ends]
    season = [_SEASON[month.month - 1] for month in months]
    lengths = [month.days_in_month for month in months]
    weights = {
        kind: np.array([_WEIGHTS[p][0 if kind else 1] for p in names]) for kind in (True, False)
    }
    columns: dict[str, list] = {"customer_id": [], "date": [], "product": [], "revenue": []}
    for c in range(customers):
        boost = 0.12 if loyal[c] else 0.04
        for m in range(arrival[c], _ESTHER_MONTHS):
            if m > arrival[c] and rng.random() < churn[c]:
                break
            lam = rate[c] * season[m] * (1.0 + boost * launched[m])
            orders = rng.poisson(lam) + (1 if m == arrival[c] and not loyal[c] else 0)
            for day in np.sort(rng.integers(0, lengths[m], orders)):
                date = starts[m] + day
                on_sale = weights[bool(loyal[c])] * (launch <= date)
                product = rng.choice(len(names), p=on_sale / on_sale.sum())
                quantity = 1 + rng.binomial(2, 0.25)
                columns["customer_id"].append(f"C{c + 1:04d}")
                columns["date"].append(date)
                columns["product"].append(names[product])
                columns["revenue"].append(prices[product] * quantity)
    frame = pd.DataFrame(columns)
    unit = (months[0] + pd.Timedelta(days=1)).unit  # what pandas gives a date built that way
    frame["date"] = np.array(columns["date"], dtype="datetime64[D]").astype(f"datetime64[{unit}]")
    frame["revenue"] = frame["revenue"].round(2)
    return frame.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)


def _scores(rng: np.random.Generator, weights: tuple[float, ...], size: int) -> np.ndarray:
    return rng.choice(11, size=size, p=_probabilities(weights))


def _band(score: int) -> str:
    return "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"


@_remembered
def salon_survey(seed: int = SEED) -> pd.DataFrame:
    """The hair salon's customer survey: ``respondent_id``, ``segment`` (a segment id of
    ``cases.hair_salon_canvas()``), ``score`` (0-10, "would you recommend us?") and ``comment``."""
    rng = np.random.default_rng(seed)
    rows = []
    for segment, (size, weights) in _SALON_SEGMENTS.items():
        for score in _scores(rng, weights, size):
            options = _SALON_COMMENTS[segment, _band(int(score))]
            rows.append((segment, int(score), options[rng.integers(len(options))]))
    return _shuffled(rng, pd.DataFrame(rows, columns=["segment", "score", "comment"]))


@_remembered
def maria_survey(seed: int = SEED) -> pd.DataFrame:
    """Maria's customer survey: ``respondent_id``, ``segment`` (a segment id of
    ``cases.maria_canvas()``), ``score`` (0-10, "would you recommend us?") and
    ``preferred_contact`` (one of ``MARIA_CONTACTS``)."""
    rng = np.random.default_rng(seed)
    parts = []
    for segment, (size, contacts, weights) in _MARIA_SEGMENTS.items():
        picks = rng.choice(len(MARIA_CONTACTS), size=size, p=_probabilities(contacts))
        parts.append(
            pd.DataFrame(
                {
                    "segment": segment,
                    "score": _scores(rng, weights, size),
                    "preferred_contact": [MARIA_CONTACTS[i] for i in picks],
                }
            )
        )
    return _shuffled(rng, pd.concat(parts, ignore_index=True))


def _shuffled(rng: np.random.Generator, frame: pd.DataFrame) -> pd.DataFrame:
    """Responses in the order they came in, numbered ``R001``, ``R002``..."""
    frame = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    frame.insert(0, "respondent_id", [f"R{i + 1:03d}" for i in range(len(frame))])
    return frame


# name -> generator; ``load(name)`` reads ``data/<name>.csv``.
DATASETS: dict[str, Callable[[], pd.DataFrame]] = {
    "esther_transactions": esther_transactions,
    "salon_survey": salon_survey,
    "maria_survey": maria_survey,
}
_DATE_COLUMNS = {"esther_transactions": ["date"]}
# The datasets each exercise reads from its own folder (``solutions/<case>/<name>.csv``).
CASE_DATA: dict[str, tuple[str, ...]] = {
    "gemstone": (),
    "hair_salon": ("salon_survey",),
    "maria": ("maria_survey",),
    "esther": ("esther_transactions",),
}


def to_csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as the CSV text committed under ``data/``: no index, ISO dates, cents for money."""
    return frame.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")


def load(name: str, folder: str | Path | None = None) -> pd.DataFrame:
    """The dataset ``name`` read from ``<folder>/<name>.csv`` (default ``data/``), or generated
    with the default seed when the file is missing (for example in an installed package)."""
    if name not in DATASETS:
        raise KeyError(f"unknown dataset {name!r}; expected one of: {', '.join(DATASETS)}")
    path = Path(folder if folder is not None else DATA_DIR) / f"{name}.csv"
    if not path.exists():
        return DATASETS[name]()
    return pd.read_csv(path, parse_dates=_DATE_COLUMNS.get(name, False))
