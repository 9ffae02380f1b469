"""Claims in the course's prose, checked against the data they describe.

A chapter sentence with a number or a comparison in it is a claim. Where the sentence is not
rendered from the computed value, a folded cell next to it confirms it::

    confirm("five more points of retention raise a customer's value by a fifth or more",
            gain.min() >= 0.2)

If the data or an assumption changes until a sentence is false, the chapter stops with a
``ClaimError`` quoting the sentence, so the test run that executes every chapter fails.
"""

from __future__ import annotations

__all__ = ["ClaimError", "confirm"]


class ClaimError(AssertionError):
    """A sentence in the course no longer matches the data; the message quotes it."""


def confirm(sentence: str, holds: object) -> None:
    """Raise ``ClaimError`` quoting ``sentence`` unless ``holds`` is true.

    Parameters
    ----------
    sentence
        The claim as the text states it.
    holds
        The condition that makes it true: one truth value (a bool or a NumPy bool), not a
        Series, so that a claim about many values says whether it means all or any of them.
    """
    if not isinstance(sentence, str) or not sentence.strip():
        raise ClaimError(f"a claim must be the sentence it checks, not {sentence!r}")
    if type(holds).__name__ not in ("bool", "bool_"):
        raise ClaimError(
            f"the condition for {sentence!r} is a {type(holds).__name__}, not one truth value;"
            " reduce it with .all(), .any() or a comparison"
        )
    if not holds:
        raise ClaimError(
            f"the text says {sentence!r}, but the data no longer show it;"
            " change the text or the data"
        )
