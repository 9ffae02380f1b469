"""The canvas vocabularies, defined once: blocks, segment types, value elements, phases, relationships."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

__all__ = [
    "BLOCKS",
    "CHANNEL_PHASES",
    "CHANNEL_TYPES",
    "MOTIVATIONS",
    "RELATIONSHIP_CATEGORIES",
    "RELATIONSHIP_DIMENSIONS",
    "RELATIONSHIP_TYPES",
    "SEGMENT_TYPES",
    "VALUE_ELEMENTS",
    "Block",
    "Term",
    "Vocabulary",
]


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary: a stable key, a label, a one-line definition and an example."""

    key: str
    label: str
    definition: str
    example: str
    extra: Mapping[str, object] = field(default_factory=dict)


class Vocabulary(Mapping[str, Term]):
    """An ordered, read-only set of terms looked up by key.

    Parameters
    ----------
    name
        What the vocabulary classifies, used in error messages ("relationship category").
    terms
        The terms in teaching order.
    """

    def __init__(self, name: str, terms: list[Term]) -> None:
        self.name = name
        self._terms = {t.key: t for t in terms}
        if len(self._terms) != len(terms):
            raise ValueError(f"duplicate key in vocabulary {name!r}")

    def __getitem__(self, key: str) -> Term:
        try:
            return self._terms[key]
        except KeyError:
            raise KeyError(self.unknown(key)) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def __repr__(self) -> str:
        return f"Vocabulary({self.name!r}, {list(self._terms)})"

    @property
    def keys_list(self) -> list[str]:
        """The keys in teaching order."""
        return list(self._terms)

    def label(self, key: str) -> str:
        """The human label of ``key``."""
        return self[key].label

    def options(self) -> list[tuple[str, str]]:
        """``(label, key)`` pairs, the form ipywidgets selection widgets take."""
        return [(t.label, t.key) for t in self._terms.values()]

    def unknown(self, key: object) -> str:
        """The message for a key that is not in this vocabulary."""
        return f"unknown {self.name} {key!r}; expected one of: {', '.join(self._terms)}"

    def table(self) -> list[dict[str, str]]:
        """Rows of label, definition and example, ready for ``pandas.DataFrame``."""
        return [
            {"key": t.key, "label": t.label, "definition": t.definition, "example": t.example}
            for t in self._terms.values()
        ]


@dataclass(frozen=True)
class Block:
    """One of the nine canvas blocks, with its key questions and place on the poster."""

    key: str
    label: str
    questions: tuple[str, ...]
    side: str  # "customer", "infrastructure" or "finance"
    area: str  # CSS grid area on the poster


BLOCKS: dict[str, Block] = {
    b.key: b
    for b in [
        Block(
            "key_partners",
            "Key Partners",
            (
                "Who are our key partners and suppliers?",
                "Which resources or activities do they supply?",
            ),
            "infrastructure",
            "kp",
        ),
        Block(
            "key_activities",
            "Key Activities",
            (
                "What do our value propositions, channels, relationships and revenue require us to do?",
            ),
            "infrastructure",
            "ka",
        ),
        Block(
            "key_resources",
            "Key Resources",
            (
                "What do our value propositions, channels, relationships and revenue require us to have?",
            ),
            "infrastructure",
            "kr",
        ),
        Block(
            "value_propositions",
            "Value Propositions",
            (
                "What value do we deliver, and which problem do we solve?",
                "Which bundle of products and services do we offer each segment?",
            ),
            "customer",
            "vp",
        ),
        Block(
            "customer_relationships",
            "Customer Relationships",
            (
                "What relationship does each segment expect us to build and keep?",
                "Which do we have now, and what do they cost?",
                "How do they fit the rest of the model?",
            ),
            "customer",
            "cr",
        ),
        Block(
            "channels",
            "Channels",
            (
                "Through which channels does each segment want to be reached?",
                "Which work best, which cost least, and how do they fit customers' routines?",
            ),
            "customer",
            "ch",
        ),
        Block(
            "customer_segments",
            "Customer Segments",
            (
                "For whom do we create value?",
                "Who are our most important customers, including users who do not pay?",
            ),
            "customer",
            "cs",
        ),
        Block(
            "cost_structure",
            "Cost Structure",
            (
                "What are the biggest costs in our model?",
                "Is the model cost-driven or value-driven?",
            ),
            "finance",
            "co",
        ),
        Block(
            "revenue_streams",
            "Revenue Streams",
            (
                "What is each segment really willing to pay for, and how?",
                "Is the revenue transactional or recurring?",
            ),
            "finance",
            "rs",
        ),
    ]
}

SEGMENT_TYPES = Vocabulary(
    "segment type",
    [
        Term(
            "mass_market",
            "Mass market",
            "One broad group with similar needs, served with one offer through the same channels.",
            "A consumer electronics maker selling one phone model to everyone.",
        ),
        Term(
            "niche_market",
            "Niche market",
            "A narrow, specialised group whose needs shape the offer and the channels.",
            "A supplier of car parts that sells only to one car maker.",
        ),
        Term(
            "segmented",
            "Segmented",
            "Groups with slightly different needs and problems, served with variations of one offer.",
            "A bank with one service for ordinary savers and a richer one for wealthy clients.",
        ),
        Term(
            "diversified",
            "Diversified",
            "Two or more unrelated groups with very different needs, served with different offers.",
            "An online retailer that also rents cloud storage and computing to businesses.",
        ),
        Term(
            "multi_sided_platform",
            "Multi-sided platform",
            "Two or more interdependent groups, each of which the model needs for the others.",
            "A free newspaper that needs both readers and advertisers.",
        ),
    ],
)

VALUE_ELEMENTS = Vocabulary(
    "value proposition element",
    [
        Term(
            "newness",
            "Newness",
            "Meets a need customers did not know they had because nothing like it existed.",
            "The first phone that worked as a pocket computer.",
        ),
        Term(
            "performance",
            "Performance",
            "Does the same job better: faster, stronger, longer-lasting.",
            "A laptop with twice the battery life of its rivals.",
        ),
        Term(
            "customization",
            "Customization",
            "Tailors the product or service to one customer's or one group's needs.",
            "Trainers printed with the buyer's own colours and name.",
        ),
        Term(
            "getting_the_job_done",
            "Getting the job done",
            "Takes a task off the customer's hands so they can focus on their own work.",
            "An airline that leaves engine maintenance to the engine maker.",
        ),
        Term(
            "design",
            "Design",
            "Stands out through how the product looks and feels.",
            "A handbag bought for its shape and colours rather than its capacity.",
        ),
        Term(
            "brand_status",
            "Brand / status",
            "Gives customers value by showing a brand that signals who they are.",
            "A luxury watch worn to signal success.",
        ),
        Term(
            "price",
            "Price",
            "Offers similar value for less money.",
            "A budget airline's cheap seats.",
        ),
        Term(
            "cost_reduction",
            "Cost reduction",
            "Lowers the costs the customer bears in running their own business or life.",
            "Online accounting software that replaces a bookkeeper's hours.",
        ),
        Term(
            "risk_reduction",
            "Risk reduction",
            "Lowers the risk customers take when they buy.",
            "A one-year service guarantee on a used car.",
        ),
        Term(
            "accessibility",
            "Accessibility",
            "Makes a product or service available to people who could not have it before.",
            "Fractional ownership that lets families share a holiday home.",
        ),
        Term(
            "convenience_usability",
            "Convenience / usability",
            "Makes things easier or more pleasant to use.",
            "One-click reordering of the products a customer buys every month.",
        ),
    ],
)

# Pairs of elements that pull against each other: a low price leaves little room for the others.
VALUE_CLASHES: tuple[tuple[str, str], ...] = (
    ("price", "performance"),
    ("price", "design"),
    ("price", "brand_status"),
)

CHANNEL_PHASES = Vocabulary(
    "channel phase",
    [
        Term(
            "awareness",
            "Awareness",
            "How do customers come to know our products and services?",
            "A social media post announcing a new product.",
        ),
        Term(
            "evaluation",
            "Evaluation",
            "How do we help customers judge our value proposition?",
            "Free samples on a tasting day.",
        ),
        Term(
            "purchase",
            "Purchase",
            "How do customers buy the products and services they want?",
            "A web shop with card payment.",
        ),
        Term(
            "delivery",
            "Delivery",
            "How do we deliver the value proposition to customers?",
            "Parcel delivery within two working days.",
        ),
        Term(
            "after_sales",
            "After sales",
            "How do we support customers after they have bought?",
            "A returns desk and an email help line.",
        ),
    ],
)

# Who runs a channel (own or partner) and whether it sells straight to the customer (direct:
# our sales force, web shop, email or chat) or through a place in between (indirect: stores,
# wholesalers, platforms). Not to be confused with a relationship's *contact* (live or mediated).
CHANNEL_TYPES = Vocabulary(
    "channel type",
    [
        Term(
            "own_direct",
            "Own, direct",
            "Run by us and reaching customers without a store in between: our sales force, web "
            "shop, newsletter, email or chat. Highest margin and control, highest cost.",
            "A shop's own online store.",
        ),
        Term(
            "own_indirect",
            "Own, indirect",
            "Our own stores or premises: we keep control but pay for the place.",
            "A chain of branded stores.",
        ),
        Term(
            "partner_indirect",
            "Partner, indirect",
            "Run by others: partner stores, wholesalers, carriers and platforms such as social "
            "networks, blogs or marketplaces. Faster reach, lower margin, less control.",
            "A pumpkin jam sold through a regional grocery chain.",
        ),
    ],
)

RELATIONSHIP_CATEGORIES = Vocabulary(
    "relationship category",
    [
        Term(
            "personal_assistance",
            "Personal assistance",
            "Whoever is on duty helps the customer during or after the sale: in store, on the "
            "phone, by chat or by email.",
            "A shop assistant who helps a customer pick a skin-care product.",
            {"relative_cost": 4, "contact": "live_or_mediated", "intimacy": "staff"},
        ),
        Term(
            "dedicated_personal_assistance",
            "Dedicated personal assistance",
            "One named representative looks after one client over a long time.",
            "A private banker who looks after a few wealthy clients.",
            {"relative_cost": 5, "contact": "live", "intimacy": "staff"},
        ),
        Term(
            "self_service",
            "Self-service",
            "No person serves the customer: we give customers what they need to help themselves.",
            "An FAQ page and a self-checkout till.",
            {"relative_cost": 1, "contact": "mediated", "intimacy": "self_service"},
        ),
        Term(
            "automated_services",
            "Automated services",
            "Self-service made personal by software that recognises the customer.",
            "Product suggestions based on a customer's past orders.",
            {"relative_cost": 2, "contact": "mediated", "intimacy": "automated"},
        ),
        Term(
            "communities",
            "Communities",
            "Customers talk to and help each other, online or at events, and we learn from them.",
            "An online forum where users answer each other's questions.",
            {"relative_cost": 2, "contact": "live_or_mediated", "intimacy": "collective"},
        ),
        Term(
            "co_creation",
            "Co-creation",
            "Customers help create the value: they review, test or design with us.",
            "Customers tasting new jam flavours before they go on sale.",
            {"relative_cost": 3, "contact": "live_or_mediated", "intimacy": "co_creation"},
        ),
    ],
)

MOTIVATIONS = Vocabulary(
    "motivation",
    [
        Term(
            "get",
            "Get (acquisition)",
            "Win new customers.",
            "A first-order discount for people who found the shop on social media.",
            {"metric": "CAC (cost of acquiring a customer)"},
        ),
        Term(
            "keep",
            "Keep (retention)",
            "Keep the customers we have coming back to us.",
            "A loyalty card that rewards every tenth visit.",
            {"metric": "retention rate and repeat-purchase rate"},
        ),
        Term(
            "grow",
            "Grow (boosting sales)",
            "Sell more, or more kinds of things, to the customers we have.",
            "Offering a new jam flavour to customers who already buy the plain one.",
            {"metric": "average order value, orders per customer and cross-category share"},
        ),
    ],
)

# Further ways to describe a relationship (seed 001); each maps onto the six categories above.
RELATIONSHIP_DIMENSIONS: dict[str, Vocabulary] = {
    "link": Vocabulary(
        "kind of link",
        [
            Term(
                "transactional",
                "Transactional",
                "A one-off or occasional purchase with nothing to keep the customer from leaving.",
                "Buying a souvenir on holiday.",
            ),
            Term(
                "long_term",
                "Long-term",
                "A lasting tie, such as a subscription, that the customer would lose by leaving.",
                "A monthly beauty-box subscription.",
            ),
        ],
    ),
    "intimacy": Vocabulary(
        "intimacy",
        [
            Term("automated", "Automated", "The customer deals with software.", "A chatbot."),
            Term("staff", "Staff", "A person serves the customer.", "A salon's stylist."),
            Term("collective", "Collective", "A group is served together.", "A workshop."),
            Term(
                "third_party",
                "Through third parties",
                "An outside party deals with the customer for us.",
                "An insurance broker.",
            ),
            Term(
                "self_service",
                "Self-service",
                "Customers serve themselves.",
                "A self-checkout till.",
            ),
            Term(
                "co_creation",
                "Co-creation",
                "Customers take part in making the offer.",
                "Customer reviews.",
            ),
        ],
    ),
    # How customers are in touch with the people or tools that serve them (seed 001 calls it
    # direct or indirect; we say live or mediated, so as not to confuse it with channel types).
    "contact": Vocabulary(
        "contact",
        [
            Term(
                "live",
                "Live",
                "Customers deal with a person in real time, face to face or on the phone.",
                "Calling the salon.",
            ),
            Term(
                "mediated",
                "Mediated",
                "Customers are reached through something in between: intermediaries, written "
                "messages such as email, or tools they use on their own.",
                "A web form.",
            ),
            Term(
                "live_or_mediated",
                "Live or mediated",
                "Either, depending on how the relationship is run.",
                "Help in the shop (live) or by email (mediated).",
            ),
        ],
    ),
}

# The longer list of relationship types some guides use, mapped to (category, motivation).
# Exclusive access is granted by the shop's system to its most loyal customers (automated);
# a referral programme rewards customers for bringing friends, tracked by codes (automated, not
# a community: customers do not help each other); free samples let a prospect judge the product
# alone (self-service) and serve acquisition.
RELATIONSHIP_TYPES: dict[str, tuple[str, str]] = {
    "exclusive access": ("automated_services", "keep"),
    "subscription": ("automated_services", "keep"),
    "tracking and monitoring": ("automated_services", "keep"),
    "customer service": ("personal_assistance", "keep"),
    "loyalty programme": ("automated_services", "keep"),
    "referral programme": ("automated_services", "get"),
    "free samples": ("self_service", "get"),
    "cross-selling": ("personal_assistance", "grow"),
}

# Which vocabulary each note tag draws on.
TAG_VOCABULARIES: dict[str, Vocabulary] = {
    "category": RELATIONSHIP_CATEGORIES,
    "motivation": MOTIVATIONS,
    "phases": CHANNEL_PHASES,
    "elements": VALUE_ELEMENTS,
    "segment_type": SEGMENT_TYPES,
    "channel_type": CHANNEL_TYPES,
}
