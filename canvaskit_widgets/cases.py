"""The four cases of the course as data: their facts and their canvases.

Case facts come from the course's source articles; prices, rates and other figures are
illustrative, invented for teaching, and say so where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import Canvas
from .value import ValuePropositionCanvas

__all__ = [
    "CASES",
    "ESTHER_ASSUMPTIONS",
    "GEMSTONE_SCENARIOS",
    "Assumptions",
    "Case",
    "esther_canvas",
    "gemstone_canvases",
    "gemstone_value_maps",
    "hair_salon_canvas",
    "load_case_canvas",
    "maria_canvas",
]


@dataclass(frozen=True)
class Case:
    """A business the course follows, with the facts the chapters and exercises build on."""

    key: str
    title: str
    summary: str
    facts: tuple[str, ...]


CASES: dict[str, Case] = {
    c.key: c
    for c in [
        Case(
            "gemstone",
            "The gemstone wholesaler",
            "A dealer in precious stones who sells to wholesalers and must decide how to stand out.",
            (
                "Sells rubies and other precious stones to wholesalers.",
                "Option one: sell stones for less than the market average.",
                "Option two: clean and polish the stones so they look better than the competition's.",
                "Wholesalers who come to prefer its rubies sign supply agreements.",
                "Those wholesalers then buy other gemstones from the same dealer as well.",
                "Either way the offer is the same quality for less, or better quality for the same price.",
            ),
        ),
        Case(
            "hair_salon",
            "The hair salon",
            "A salon in a street full of salons, asking how to stand out in the crowd.",
            (
                "Competes with many salons nearby offering similar cuts.",
                "Can stand out by being cheaper than the others.",
                "Or by offering something more than the others do.",
                "Its segments, offers, channels and survey in this course are illustrative: the source "
                "article asks only how a salon can stand out.",
            ),
        ),
        Case(
            "maria",
            "Maria's online beauty shop",
            "An online shop for beauty and grooming products that serves three distinct segments.",
            (
                "Wants to launch an online shop for beauty products.",
                "Segment one: young women interested in beauty products.",
                "Segment two: adult women concerned about skin care.",
                "Segment three: men looking for grooming products.",
                "Before defining her offer, she learns each segment's needs through surveys and "
                "interviews of prospective customers.",
                "Young women want affordable products that are attractively presented.",
                "For young women the offer is low cost with eye-catching, original designs.",
                "For young women the relationship runs through social media, informal and close.",
                "Her five steps: identify segments, learn their needs, define the value proposition, "
                "choose the relationship per segment, then implement, evaluate and change what does not work.",
            ),
        ),
        Case(
            "esther",
            "Esther's pumpkin business",
            "A small producer of affordable fresh pumpkin products that grows with loyal customers.",
            (
                "Value proposition: affordable fresh pumpkin products.",
                "Customers found her products better than competitors' and stayed loyal; several competitors closed.",
                "She extends product lines: pumpkin jam in flavours such as cinnamon and lemon, tried first by loyal customers.",
                "She diversifies into new products: pumpkin wine and pumpkin juice.",
                "Testing days with free samples, held when sales are slow, give feedback before producing at scale.",
                "That feedback lowers the risk of launching products that would not sell.",
                "Sales grew with the same group of customers through the new lines.",
                "Social media announces testing days and asks about packaging and labels; it cannot test flavours.",
                "Starting online conversations was hard; friends and family helped them grow over a year.",
            ),
        ),
    ]
}


@dataclass(frozen=True)
class Assumptions:
    """A case's illustrative economic assumptions, defined once for its chapters and exercise."""

    gross_margin: float  # share of revenue left after the cost of the goods sold
    discount_rate: float  # per period
    period: str


ESTHER_ASSUMPTIONS = Assumptions(gross_margin=0.45, discount_rate=0.02, period="quarter")

# Illustrative margin-multiple CLV inputs for the gemstone dealer's two strategies
# (margin per wholesaler per year in euros, yearly retention, discount rate, acquisition cost).
# Both strategies sign supply agreements, so both keep most wholesalers; polishing costs eat
# into the higher price's margin, and winning a wholesaler with samples and visits costs more.
# The numbers leave the choice open: a few points of retention decide it.
GEMSTONE_SCENARIOS: dict[str, dict[str, float]] = {
    "cheaper": {
        "margin": 1800.0,
        "retention": 0.75,
        "discount_rate": 0.10,
        "acquisition_cost": 900.0,
    },
    "polished": {
        "margin": 2400.0,
        "retention": 0.80,
        "discount_rate": 0.10,
        "acquisition_cost": 2500.0,
    },
}


CASE_DATA = Path(__file__).parent / "case_data"


def load_case_canvas(name: str) -> Canvas:
    """A fresh copy of the case canvas stored in ``case_data/<name>.json``.

    The files use the canvas JSON format that ``Canvas.load`` reads and validates, so a
    lecturer can read or edit a case without reading Python.
    """
    return Canvas.load(CASE_DATA / f"{name}.json")


def maria_canvas() -> Canvas:
    """Maria's online beauty shop: three segments with a complete thread each."""
    return load_case_canvas("maria")


def esther_canvas() -> Canvas:
    """Esther's pumpkin business: loyal local customers and followers met online."""
    return load_case_canvas("esther")


def gemstone_canvases() -> dict[str, Canvas]:
    """The gemstone dealer's two strategies as scenario twins: ``cheaper`` and ``polished``."""
    return {key: load_case_canvas(f"gemstone_{key}") for key in ("cheaper", "polished")}


def hair_salon_canvas() -> Canvas:
    """A hair salon standing out in a crowded street, for two segments."""
    return load_case_canvas("hair_salon")


def gemstone_value_maps() -> dict[str, ValuePropositionCanvas]:
    """The wholesalers' profile (illustrative, built on the case facts) against the value map
    of each strategy: ``cheaper`` and ``polished``. Both strategies sign supply agreements and
    sell other gemstones, as the case says; each leaves a different part of the profile open."""
    profile = {
        "segment": "Gem wholesalers",
        "jobs": (
            "Buy stones that jewellers will want to buy from them",
            "Keep a steady stock of rubies and other gemstones",
        ),
        "pains": (
            "Paying more than the market average for stones",
            "Stones that look dull beside a rival's",
            "Checking every new supplier's quality again",
            "Cash tied up in stock that sells slowly",
        ),
        "gains": (
            "A better margin when they resell",
            "One trusted supplier for several kinds of gemstone",
        ),
    }
    jobs, pains, gains = profile["jobs"], profile["pains"], profile["gains"]
    return {
        "cheaper": ValuePropositionCanvas(
            **profile,
            products={
                jobs[0]: "Rubies of the usual quality below the market average price",
                jobs[1]: "Supply agreements with standing orders",
            },
            pain_relievers={
                pains[0]: "Prices below the market average",
                pains[2]: "Free returns of flawed stones",
                pains[3]: "Lower prices tie up less cash per stone",
            },
            gain_creators={
                gains[0]: "A lower buying price leaves more margin",
                gains[1]: "Other gemstones on the same price list",
            },
        ),
        "polished": ValuePropositionCanvas(
            **profile,
            products={
                jobs[0]: "Cleaned and polished rubies",
                jobs[1]: "Supply agreements with regular deliveries",
            },
            pain_relievers={
                pains[0]: "Better stones for the market price",
                pains[1]: "Cleaning and polishing before sale",
                pains[2]: "A named account manager who knows their standards",
            },
            gain_creators={
                gains[0]: "Better-looking stones fetch a higher resale price",
                gains[1]: "Other gemstones offered to wholesalers who buy rubies",
            },
        ),
    }
