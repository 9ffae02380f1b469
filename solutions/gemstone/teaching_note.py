"""Write ``teaching_note.md`` beside this file: the instructor's note for the gemstone case.

Every figure in the note is computed here from the case data, so the note cannot drift from the
exercise: run ``python solutions/gemstone/teaching_note.py`` after the data changes (a test
fails while the note is stale). ``nbgrader_config.py`` keeps ``teaching_note*`` out of every
student release.
"""

from __future__ import annotations

from canvaskit_widgets import cases, consistency, metrics, vocab
from canvaskit_widgets.teaching_notes import session_plan, write_note

# (minutes, activity): the 90-minute session
TIMING = [
    (5, "Question 1: read the case aloud; each student writes cheaper or polished with a reason."),
    (10, "Groups compare their Part B tables and settle any disagreement about CLV or CLV:CAC."),
    (15, "Question 2: two or three groups report; the left board fills in."),
    (15, "Question 3 on the sensitivity chart: where do the curves cross? The centre board."),
    (
        20,
        "Question 4 as a debate: half the room argues cheaper, half polished, whatever they wrote.",
    ),
    (15, "Question 5: what each strategy asks of the relationship block and what it costs."),
    (
        10,
        "Revisit: students reread their opening choice and write what changed their mind, if anything.",
    ),
]


def _prospect(name: str, retention: float) -> float:
    s = cases.GEMSTONE_SCENARIOS[name]
    return metrics.margin_multiple_clv(
        s["margin"], retention, s["discount_rate"], s["acquisition_cost"]
    )


def _crossing(leader: str, other: str) -> float:
    """The retention of the ``leader`` twin at which a new wholesaler of it is worth what a new
    wholesaler of ``other`` is worth today (bisection on the prospect CLV)."""
    target = _prospect(other, cases.GEMSTONE_SCENARIOS[other]["retention"])
    low, high = 0.0, cases.GEMSTONE_SCENARIOS[leader]["retention"]
    for _ in range(60):
        mid = (low + high) / 2
        low, high = (mid, high) if _prospect(leader, mid) < target else (low, mid)
    return (low + high) / 2


def render() -> str:
    """The note as Markdown."""
    s = cases.GEMSTONE_SCENARIOS
    clv = {
        k: metrics.margin_multiple_clv(v["margin"], v["retention"], v["discount_rate"])
        for k, v in s.items()
    }
    ratio = {k: clv[k] / s[k]["acquisition_cost"] for k in s}
    prospect = {k: _prospect(k, s[k]["retention"]) for k in s}
    leader, other = sorted(s, key=lambda k: prospect[k], reverse=True)
    crossing = _crossing(leader, other)
    by_ratio = max(s, key=lambda k: ratio[k])
    wrong_clv = (
        s["polished"]["margin"]
        * (1 + s["polished"]["discount_rate"])
        / (1 + s["polished"]["discount_rate"] - s["polished"]["retention"])
    )
    gaps = [
        (f.segment, vocab.CHANNEL_PHASES[f.detail[0]].label)
        for f in consistency.check_threads(cases.gemstone_canvases()["cheaper"])
        if f.code == "phase_gap"
    ]
    gap_text = (
        "The cheaper twin's canvas leaves a gap in its wholesalers' path: "
        + "; ".join(f"{phase.lower()} for the {segment}" for segment, phase in gaps)
        + ".\n"
        if gaps
        else "Both twins' canvases pass the thread check: each wholesaler's path is complete.\n"
    )
    tension = (
        "Both figures point the same way; strong answers weigh how much each value depends on its retention estimate."
        if by_ratio == leader
        else "The two figures disagree: expect answers that read only one of them to miss that, and strong answers to weigh how much each value depends on its retention estimate."
    )
    agree = (
        f"CLV:CAC and the value of a prospect both favour the {leader} twin"
        if by_ratio == leader
        else f"CLV:CAC favours the {by_ratio} twin, while the value of a prospect favours the {leader} twin"
    )
    eur = "{:,.0f} euros".format
    return (
        """# Teaching note: the gemstone wholesaler's two strategies

For instructors only: this note is never released to students.
It goes with `solutions/gemstone/gemstone.ipynb` and chapters 1, 5 and 6 of the course.
Every figure below is computed from the case data by `teaching_note.py` beside this file.

## Learning goals

After the session, students can:

- value a customer with the margin-multiple CLV and compare two strategies by CLV:CAC;
- read a sensitivity chart and say how much a strategy's value depends on one estimate (retention);
- tie a value proposition (cheaper or better polished) to the relationships it needs and to their cost;
- argue for a strategy with figures while naming its main risk.

## The figures

| scenario | margin a year | retention | acquisition cost | CLV of a wholesaler won | CLV:CAC | value of a prospect (CLV − CAC) |
|---|---|---|---|---|---|---|
"""
        + "\n".join(
            f"| {k} | {eur(v['margin'])} | {v['retention']:.0%} | {eur(v['acquisition_cost'])} | {eur(clv[k])} | {ratio[k]:.1f} | {eur(prospect[k])} |"
            for k, v in s.items()
        )
        + f"""

{agree}.
A new {leader} wholesaler stays worth more than a new {other} one only while the {leader} twin keeps at least about {crossing:.0%} of its wholesalers a year; it keeps {s[leader]["retention"]:.0%} now.
{gap_text}
## Discussion questions, in order

1. Before any number: which strategy would you pick, and why? (Collect the show of hands; it returns at the end.)
2. What is one polished wholesaler worth, and what is one cheaper wholesaler worth? Why is the ratio to the acquisition cost more telling than the CLV alone?
3. On the sensitivity chart, how far can the {leader} twin's retention fall before its advantage is gone? How sure is anyone of an estimate like {s[leader]["retention"]:.0%}?
4. Which strategy would you advise now? What would make you change your mind?
5. What does each strategy ask of the Customer Relationships block (price lists and online ordering against a named account manager), and what does that cost?

## Board plan

- **Left board, "the figures":** the table above, filled in from the groups' answers, CLV and CLV:CAC columns first.
- **Centre board, "how sure are we":** the retention axis of the sensitivity chart, the two prospect values as two curves, the crossing near {crossing:.0%} circled.
- **Right board, "what it asks of the canvas":** two columns, cheaper and polished, with their relationships, their cost and their channel gap; the opening vote and the closing vote written at the bottom.

{session_plan(TIMING)}

## Expected range of answers and common mistakes

- Part 0 and its revisit in Part E are graded on the reasoning, not the choice: a student who changes the opening call because of a figure earns as much as one who keeps it. Collect the Part 0 cells before class: they are the opening vote.
- Either strategy can earn full marks when it is argued from the figures: CLV:CAC is {ratio[by_ratio]:.1f} for the {by_ratio} twin against {min(ratio.values()):.1f}, and a new wholesaler is worth {eur(prospect[leader])} to the {leader} twin against {eur(prospect[other])}. {tension}
- Strong answers read the ratio of 3 as a rule of thumb and name the dependence on retention from the chart; weak answers quote the CLV alone.
- Counting the margin of the period in which a wholesaler is won (margin × (1 + d) / (1 + d − r)) inflates the polished CLV to {eur(wrong_clv)} instead of {eur(clv["polished"])}.
- Writing rates as percentages (80 instead of 0.8) should raise an error in `clv`; students who skip the check get nonsense values.
- Subtracting the acquisition cost in Part B (the value of a wholesaler already won) or forgetting it in Part D (the value of a prospect) mixes up the two questions.
- Watch for Part C answers that classify the supply agreement with a named account manager as personal assistance: the word *dedicated* (one named person, one client, over years) is the point. The sales staff at trade fairs serve any newcomer, so they are personal assistance; the account manager offering other stones to the wholesalers in their care is accepted as either.

## Where the data is illustrative

The margins, retention rates, discount rate and acquisition costs are invented for teaching (`canvaskit_widgets.cases.GEMSTONE_SCENARIOS`); the case itself (a dealer choosing between cheaper and better-polished stones, wholesalers signing agreements and then buying other gemstones) follows the course's source material.
Say so in class: the figures show a method, not the economics of the gem trade.
"""
    )


if __name__ == "__main__":
    write_note(__file__, render())
