"""The four cases of the course as data: their facts and their canvases.

Case facts come from the course's source articles; prices, rates and other figures are
illustrative, invented for teaching, and say so where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass

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
            ),
        ),
        Case(
            "maria",
            "Maria's online beauty shop",
            "An online shop for beauty and grooming products that serves three distinct segments.",
            (
                "Segment one: young women interested in beauty products.",
                "Segment two: adult women concerned about skin care.",
                "Segment three: men looking for grooming products.",
                "She learns each segment's needs through surveys and interviews.",
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
GEMSTONE_SCENARIOS: dict[str, dict[str, float]] = {
    "cheaper": {
        "margin": 1800.0,
        "retention": 0.55,
        "discount_rate": 0.10,
        "acquisition_cost": 900.0,
    },
    "polished": {
        "margin": 3000.0,
        "retention": 0.80,
        "discount_rate": 0.10,
        "acquisition_cost": 2500.0,
    },
}


def maria_canvas() -> Canvas:
    """Maria's online beauty shop: three segments with a complete thread each."""
    c = Canvas("Maria's online beauty shop")
    yw = c.add(
        "customer_segments",
        "Young women interested in beauty products",
        id="young-women",
        segment_type="segmented",
    ).id
    aw = c.add(
        "customer_segments",
        "Adult women concerned about skin care",
        id="adult-women",
        segment_type="segmented",
    ).id
    men = c.add(
        "customer_segments", "Men looking for grooming products", id="men", segment_type="segmented"
    ).id
    c.add(
        "value_propositions",
        "Affordable make-up in eye-catching, original packaging",
        segments=[yw],
        elements=["price", "design"],
    )
    c.add(
        "value_propositions",
        "Skin-care routines matched to skin type, with expert advice",
        segments=[aw],
        elements=["customization", "performance"],
    )
    c.add(
        "value_propositions",
        "Simple grooming kits that take the guesswork out of shaving and skin care",
        segments=[men],
        elements=["convenience_usability", "getting_the_job_done"],
    )
    c.add(
        "channels",
        "Instagram and TikTok posts and short videos",
        segments=[yw],
        phases=["awareness", "evaluation"],
        channel_type="partner_indirect",
    )
    c.add(
        "channels",
        "Email newsletter with skin-care guides",
        segments=[aw],
        phases=["awareness", "evaluation"],
        channel_type="own_direct",
    )
    c.add(
        "channels",
        "Search and men's lifestyle blogs with product reviews",
        segments=[men],
        phases=["awareness", "evaluation"],
        channel_type="partner_indirect",
    )
    c.add(
        "channels",
        "Web shop with card and wallet payment",
        phases=["purchase"],
        channel_type="own_direct",
    )
    c.add(
        "channels",
        "Parcel delivery in two working days",
        phases=["delivery"],
        channel_type="partner_indirect",
    )
    c.add(
        "channels",
        "Returns and help by chat and email",
        phases=["after_sales"],
        channel_type="own_direct",
    )
    c.add(
        "customer_relationships",
        "Informal, close chat with followers on social media, answered by Maria's team",
        segments=[yw],
        category="personal_assistance",
        motivation="get",
    )
    c.add(
        "customer_relationships",
        "Points for every order, redeemed on new releases",
        segments=[yw],
        category="automated_services",
        motivation="keep",
    )
    c.add(
        "customer_relationships",
        "Skin-care advice in the shop's chat from the beautician on duty",
        segments=[aw],
        category="personal_assistance",
        motivation="keep",
    )
    c.add(
        "customer_relationships",
        "Routine refill reminders and matching suggestions",
        segments=[aw],
        category="automated_services",
        motivation="grow",
    )
    c.add(
        "customer_relationships",
        "How-to guides and an FAQ for first-time buyers",
        segments=[men],
        category="self_service",
        motivation="get",
    )
    c.add(
        "customer_relationships",
        "Grooming-kit subscription every two months",
        segments=[men],
        category="automated_services",
        motivation="keep",
    )
    c.add("revenue_streams", "Single sales of low-priced make-up", segments=[yw])
    c.add("revenue_streams", "Sales of skin-care sets and consultations", segments=[aw])
    c.add("revenue_streams", "Grooming-kit subscriptions", segments=[men])
    c.add("key_activities", "Choosing products and designing packaging")
    c.add("key_activities", "Creating social media content")
    c.add("key_resources", "Web shop and customer data")
    c.add("key_resources", "Beautician for consultations")
    c.add("key_partners", "Cosmetics suppliers")
    c.add("key_partners", "Parcel carrier")
    c.add("cost_structure", "Stock and packaging")
    c.add("cost_structure", "Beautician's time and social media work")
    return c


def esther_canvas() -> Canvas:
    """Esther's pumpkin business: loyal local customers and followers met online."""
    c = Canvas("Esther's pumpkin business")
    loyal = c.add(
        "customer_segments", "Loyal local customers", id="loyal-locals", segment_type="segmented"
    ).id
    online = c.add(
        "customer_segments",
        "Potential customers following her online",
        id="online-followers",
        segment_type="segmented",
    ).id
    c.add(
        "value_propositions",
        "Affordable fresh pumpkin products of better quality than competitors', a promise kept "
        "even in hard times",
        elements=["price", "performance"],
    )
    c.add(
        "value_propositions",
        "New flavours and products to try first: jam, wine, juice",
        segments=[loyal],
        elements=["newness"],
    )
    c.add(
        "channels",
        "Social media posts announcing testing days",
        phases=["awareness"],
        channel_type="partner_indirect",
    )
    c.add(
        "channels",
        "Testing days with free samples in her store",
        phases=["evaluation"],
        channel_type="own_indirect",
    )
    c.add("channels", "Her own store", phases=["purchase", "delivery"], channel_type="own_indirect")
    c.add(
        "channels",
        "Talking with customers in her store",
        segments=[loyal],
        phases=["after_sales"],
        channel_type="own_indirect",
    )
    c.add(
        "customer_relationships",
        "Testing days where customers taste and judge new products",
        segments=[loyal],
        category="co_creation",
        motivation="grow",
    )
    c.add(
        "customer_relationships",
        "Conversations with regulars in her store about what they like",
        segments=[loyal],
        category="personal_assistance",
        motivation="keep",
    )
    c.add(
        "customer_relationships",
        "Polls on packaging and labels that let potential customers judge the designs",
        segments=[online],
        category="co_creation",
        motivation="get",
    )
    c.add("revenue_streams", "Sales of pumpkin products in the store")
    c.add("key_activities", "Growing pumpkins and making products")
    c.add("key_activities", "Developing and testing new flavours")
    c.add("key_resources", "Pumpkin fields and kitchen")
    c.add("key_partners", "Friends and family who help online")
    c.add("cost_structure", "Ingredients, jars and labels")
    c.add("cost_structure", "Free samples on testing days")
    return c


def gemstone_canvases() -> dict[str, Canvas]:
    """The gemstone dealer's two strategies as scenario twins: ``cheaper`` and ``polished``."""
    twins = {}
    for key, title in (
        ("cheaper", "Gemstones: cheaper"),
        ("polished", "Gemstones: better polished"),
    ):
        c = Canvas(title)
        ws = c.add(
            "customer_segments", "Gem wholesalers", id="wholesalers", segment_type="niche_market"
        ).id
        c.add("key_partners", "Mines and stone cutters")
        c.add(
            "channels",
            "Trade fairs and the dealer's catalogue",
            phases=["awareness", "evaluation"],
            channel_type="own_direct",
        )
        c.add(
            "channels",
            "Direct sales and insured shipping",
            phases=["purchase", "delivery"],
            channel_type="own_direct",
        )
        if key == "cheaper":
            c.add(
                "value_propositions",
                "Rubies below the market average price",
                segments=[ws],
                elements=["price"],
            )
            c.add(
                "customer_relationships",
                "Price lists and online ordering",
                segments=[ws],
                category="self_service",
                motivation="get",
            )
            c.add("key_activities", "Buying in bulk at low cost")
            c.add("cost_structure", "Stock bought in volume (cost-driven)")
            c.add("revenue_streams", "Single orders at thin margins", segments=[ws])
        else:
            c.add(
                "value_propositions",
                "Cleaned and polished rubies that look better than others",
                segments=[ws],
                elements=["performance", "design"],
            )
            c.add(
                "channels",
                "Account manager for returns and re-cuts",
                phases=["after_sales"],
                channel_type="own_direct",
            )
            c.add(
                "customer_relationships",
                "Supply agreements with a named account manager",
                segments=[ws],
                category="dedicated_personal_assistance",
                motivation="keep",
            )
            c.add(
                "customer_relationships",
                "The account manager offers other gemstones to wholesalers who buy rubies",
                segments=[ws],
                category="personal_assistance",
                motivation="grow",
            )
            c.add("key_activities", "Cleaning and polishing stones")
            c.add("cost_structure", "Skilled polishers and account managers (value-driven)")
            c.add("revenue_streams", "Supply agreements with repeat orders", segments=[ws])
        twins[key] = c
    return twins


def gemstone_value_maps() -> dict[str, ValuePropositionCanvas]:
    """The wholesalers' profile (illustrative, built on the case facts) against the value map
    of each strategy: ``cheaper`` and ``polished``."""
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
            products={jobs[0]: "Rubies below the market average price", jobs[1]: "Large lots"},
            pain_relievers={pains[0]: "Prices below the market average"},
            gain_creators={gains[0]: "A lower buying price leaves more margin"},
        ),
        "polished": ValuePropositionCanvas(
            **profile,
            products={
                jobs[0]: "Cleaned and polished rubies",
                jobs[1]: "Supply agreements with regular deliveries",
            },
            pain_relievers={
                pains[1]: "Cleaning and polishing before sale",
                pains[2]: "A named account manager who knows their standards",
            },
            gain_creators={
                gains[0]: "Better-looking stones fetch a higher resale price",
                gains[1]: "Other gemstones offered to wholesalers who buy rubies",
            },
        ),
    }


def hair_salon_canvas() -> Canvas:
    """A hair salon standing out in a crowded street, for two segments."""
    c = Canvas("The hair salon")
    pro = c.add(
        "customer_segments",
        "Busy professionals working nearby",
        id="professionals",
        segment_type="segmented",
    ).id
    stu = c.add(
        "customer_segments", "Students on a budget", id="students", segment_type="segmented"
    ).id
    c.add(
        "value_propositions",
        "Early and late appointments, booked online in a minute",
        segments=[pro],
        elements=["convenience_usability"],
    )
    c.add(
        "value_propositions",
        "Student cut at a lower price on weekday afternoons",
        segments=[stu],
        elements=["price"],
    )
    c.add(
        "channels",
        "Map listing and reviews",
        phases=["awareness", "evaluation"],
        channel_type="partner_indirect",
    )
    c.add("channels", "Online booking page", phases=["purchase"], channel_type="own_direct")
    c.add(
        "channels",
        "The salon itself",
        phases=["delivery", "after_sales"],
        channel_type="own_indirect",
    )
    c.add(
        "customer_relationships",
        "The same stylist every visit, who remembers preferences",
        segments=[pro],
        category="dedicated_personal_assistance",
        motivation="keep",
    )
    c.add(
        "customer_relationships",
        "Bring-a-friend discount, tracked by a code in the booking system",
        segments=[stu],
        category="automated_services",
        motivation="get",
    )
    c.add("revenue_streams", "Cuts and colour at full price", segments=[pro])
    c.add("revenue_streams", "Discounted student cuts", segments=[stu])
    c.add("key_resources", "Stylists and chairs")
    c.add("cost_structure", "Rent and stylists' wages")
    return c
