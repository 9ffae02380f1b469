"""Value propositions: clashes between elements, and the Value Proposition Canvas with its fit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .vocab import VALUE_CLASHES, VALUE_ELEMENTS

__all__ = ["ValuePropositionCanvas", "clashes"]


def clashes(elements: Iterable[str]) -> list[tuple[str, str]]:
    """The clashing pairs (``VALUE_CLASHES``) among ``elements``, given as element keys."""
    chosen = set()
    for key in elements:
        if key not in VALUE_ELEMENTS:
            raise KeyError(VALUE_ELEMENTS.unknown(key))
        chosen.add(key)
    return [pair for pair in VALUE_CLASHES if set(pair) <= chosen]


# (kind, customer-profile field, value-map field, value-map column title)
_SIDES = (
    ("job", "jobs", "products", "products and services"),
    ("pain", "pains", "pain_relievers", "pain relievers"),
    ("gain", "gains", "gain_creators", "gain creators"),
)


@dataclass(frozen=True)
class ValuePropositionCanvas:
    """One segment's customer profile set against the value map that answers it.

    Parameters
    ----------
    segment
        Whom the profile describes.
    jobs, pains, gains
        The customer profile: what they try to get done, what annoys or blocks them,
        and what they hope for.
    products, pain_relievers, gain_creators
        The value map, keyed by the job, pain or gain each answer addresses. A job, pain or
        gain with no key is a gap in the fit.
    """

    segment: str
    jobs: tuple[str, ...]
    pains: tuple[str, ...]
    gains: tuple[str, ...]
    products: Mapping[str, str] = field(default_factory=dict)
    pain_relievers: Mapping[str, str] = field(default_factory=dict)
    gain_creators: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for kind, profile, answers, _ in _SIDES:
            object.__setattr__(self, profile, tuple(getattr(self, profile)))
            stray = [k for k in getattr(self, answers) if k not in getattr(self, profile)]
            if stray:
                raise ValueError(
                    f"{answers} answer(s) {', '.join(map(repr, stray))}, which the profile "
                    f"of {self.segment!r} does not list as a {kind}"
                )
        if not (self.jobs or self.pains or self.gains):
            raise ValueError(f"the customer profile of {self.segment!r} is empty")

    def _items(self) -> list[tuple[str, str, str | None]]:
        return [
            (kind, item, getattr(self, answers).get(item))
            for kind, profile, answers, _ in _SIDES
            for item in getattr(self, profile)
        ]

    def fit(self) -> float:
        """The share of jobs, pains and gains that the value map answers (0 to 1)."""
        items = self._items()
        return sum(answer is not None for _, _, answer in items) / len(items)

    def gaps(self) -> list[str]:
        """The jobs, pains and gains nothing in the value map answers, as ``"pain: …"``."""
        return [f"{kind}: {item}" for kind, item, answer in self._items() if answer is None]

    def table(self) -> list[dict[str, str]]:
        """Rows of kind, customer profile and value map (empty where there is a gap)."""
        return [
            {"kind": kind, "customer profile": item, "value map": answer or ""}
            for kind, item, answer in self._items()
        ]
