"""Rules that say when a note's tags fit its text, written next to the vocabularies they apply.

The vocabularies (``vocab``) define each term once; these rules make the definitions checkable
on the course's own case canvases, so a mis-tag such as brand-to-customer chat filed under
*communities* fails a test. The rules read the note's text for telltale words, so they are a
guard for authored cases, not a grader of students' free text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .model import Canvas, Note

__all__ = ["RULES", "TagRule", "TagViolation", "check_tags"]


def _mentions(*words: str) -> Callable[[str], bool]:
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")", re.IGNORECASE)
    return lambda text: bool(pattern.search(text))


# Telltale words, one list per idea the definitions rest on.
_CUSTOMERS_TO_EACH_OTHER = _mentions(
    "each other", "one another", "customers share", "members share", "forum", "meet-up"
)
_A_PERSON = _mentions(
    "person",
    "staff",
    "beautician",
    "stylist",
    "manager",
    "adviser",
    "assistant",
    "conversation",
    "talk",
    "call",
    "phone",
    "team",
)
_ONE_NAMED_PERSON = _mentions("same", "named", "dedicated", "own account manager")
_CUSTOMERS_SHAPE_THE_OFFER = _mentions(
    "test", "tast", "vote", "poll", "judge", "design", "review", "feedback", "co-"
)
_SOFTWARE_RECOGNISES = _mentions(
    "reminder",
    "points",
    "suggestion",
    "recommend",
    "subscription",
    "automatic",
    "personalised",
    "tracked",
    "code",
)
_TOOLS_ON_THEIR_OWN = _mentions(
    "guide", "faq", "price list", "online ordering", "catalogue", "tutorial", "self"
)
_RUN_BY_OTHERS = _mentions(
    "instagram",
    "tiktok",
    "facebook",
    "youtube",
    "social media",
    "blog",
    "marketplace",
    "carrier",
    "parcel",
    "courier",
    "map listing",
    "wholesaler",
    "grocery",
    "partner",
)
_OWN_PREMISES = _mentions("store", "shop itself", "salon itself", "stall", "branch", "premises")
_PROSPECTS = _mentions("first-time", "new customers", "potential", "prospect")

CATEGORY_TEXT: dict[str, tuple[Callable[[str], bool], str]] = {
    "communities": (_CUSTOMERS_TO_EACH_OTHER, "customers talking to or helping each other"),
    "personal_assistance": (_A_PERSON, "a person who serves the customer"),
    "dedicated_personal_assistance": (_ONE_NAMED_PERSON, "one named person for one client"),
    "co_creation": (_CUSTOMERS_SHAPE_THE_OFFER, "customers shaping the offer"),
    "automated_services": (_SOFTWARE_RECOGNISES, "software that recognises the customer"),
    "self_service": (_TOOLS_ON_THEIR_OWN, "tools customers use on their own"),
}


@dataclass(frozen=True)
class TagViolation:
    """One note whose tags contradict the definitions: which note, which rule, and why."""

    block: str
    note: str
    rule: str
    message: str


@dataclass(frozen=True)
class TagRule:
    """A rule in words and as a check; ``check`` returns a message when a note breaks it."""

    name: str
    text: str
    check: Callable[[Canvas, str, Note], str | None]


def _category_fits_text(canvas: Canvas, block: str, note: Note) -> str | None:
    if block != "customer_relationships" or note.category is None:
        return None
    fits, idea = CATEGORY_TEXT[note.category]
    return None if fits(note.text) else f"tagged {note.category}, but says nothing of {idea}"


def _partner_platforms_are_partner_channels(canvas: Canvas, block: str, note: Note) -> str | None:
    if block != "channels" or note.channel_type is None:
        return None
    if _RUN_BY_OTHERS(note.text) and not note.channel_type.startswith("partner"):
        return f"runs on a platform or partner run by others, yet is tagged {note.channel_type}"
    if note.channel_type == "own_indirect" and not _OWN_PREMISES(note.text):
        return "tagged own, indirect (own stores), but names no store or premises of ours"
    return None


def _grow_serves_existing_customers(canvas: Canvas, block: str, note: Note) -> str | None:
    if block == "customer_relationships" and note.motivation == "grow" and _PROSPECTS(note.text):
        return "tagged grow (sell more to existing customers), but aims at prospects"
    return None


def _mass_market_means_one_treatment(canvas: Canvas, block: str, note: Note) -> str | None:
    if block != "customer_segments" or note.segment_type != "mass_market":
        return None
    own = [
        n
        for b in ("channels", "customer_relationships")
        for n in canvas.blocks[b]
        if n.segments and set(n.segments) != {s.id for s in canvas.segments}
    ]
    if len(canvas.segments) > 1 and own:
        return "tagged mass market, yet the canvas gives its segments different channels or relationships"
    return None


RULES: tuple[TagRule, ...] = (
    TagRule(
        "category-fits-text",
        "A relationship's category must show in its text: a community involves customers talking "
        "to or helping each other; personal assistance a person who serves; dedicated personal "
        "assistance one named person for one client; co-creation customers shaping the offer; "
        "automated services software that recognises the customer; self-service tools customers "
        "use on their own. A promise about the offer (quality, price) is a value proposition.",
        _category_fits_text,
    ),
    TagRule(
        "partner-platforms",
        "A channel run by others (a social network, blog, marketplace, carrier or partner store) "
        "is a partner channel; an own, indirect channel is a store or premises of our own.",
        _partner_platforms_are_partner_channels,
    ),
    TagRule(
        "grow-is-existing-customers",
        "Grow means selling more to customers we already have, so a grow note does not aim at "
        "prospects or first-time buyers (that is get).",
        _grow_serves_existing_customers,
    ),
    TagRule(
        "mass-market",
        "A mass market gets one offer through the same channels and relationships: segments that "
        "get different channels or relationships are not a mass market.",
        _mass_market_means_one_treatment,
    ),
)


def check_tags(canvas: Canvas) -> list[TagViolation]:
    """Every note on ``canvas`` whose tags break one of ``RULES``."""
    found = []
    for block, note in canvas.notes:
        for rule in RULES:
            message = rule.check(canvas, block, note)
            if message:
                found.append(TagViolation(block, note.id, rule.name, message))
    return found
