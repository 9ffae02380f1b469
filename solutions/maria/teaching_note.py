"""Write ``teaching_note.md`` beside this file: the instructor's note for Maria's beauty shop.

Every figure in the note is computed here from the survey data and the case canvas, so the note
cannot drift from the exercise: run ``python solutions/maria/teaching_note.py`` after the data
changes (a test fails while the note is stale). ``nbgrader_config.py`` keeps ``teaching_note*``
out of every student release.
"""

from __future__ import annotations

from itertools import combinations

import pandas as pd

from canvaskit_widgets import cases, datasets, metrics
from canvaskit_widgets.teaching_notes import session_plan, write_note

# (minutes, activity): the 90-minute session
TIMING = [
    (
        5,
        "Question 1: each student picks one segment and writes the relationship they would give it.",
    ),
    (15, "Groups compare their summary tables; question 2 on which differences are real."),
    (15, "Question 3: the stacked bar chart of contacts, read segment by segment."),
    (15, "Question 4: the plan as data, and the repaired canvas; one group shows its repair."),
    (25, "Question 5 in groups: the figure, the threshold and the review date for one segment."),
    (
        15,
        "Revisit: students compare their opening choice with the plan and the thresholds they set.",
    ),
]


def render() -> str:
    """The note as Markdown."""
    survey = datasets.load("maria_survey")
    table = metrics.nps_by_interval(survey, "segment")
    shares = pd.crosstab(survey["segment"], survey["preferred_contact"], normalize="index")
    top = shares.idxmax(axis=1)
    by = dict(tuple(survey.groupby("segment")["score"]))
    names = {s.id: s.text for s in cases.maria_canvas().segments}
    pairs = [(a, b, metrics.nps_difference(by[a], by[b])) for a, b in combinations(sorted(by), 2)]
    tens = {seg: 100 * ((s > 9).mean() - (s <= 6).mean()) for seg, s in by.items()}
    lowest = table["nps"].idxmin()
    figures = "\n".join(
        f"| {seg} | {int(row.responses)} | {row.nps:+.0f} | {row.low:+.0f} to {row.high:+.0f} | "
        f"{top[seg]} ({shares.loc[seg, top[seg]]:.0%}) |"
        for seg, row in table.iterrows()
    )
    differences = "\n".join(
        f"| {a} − {b} | {g.difference:+.0f} | {g.low:+.0f} to {g.high:+.0f} | "
        f"{'yes' if g.clear else 'no: within the noise'} |"
        for a, b, g in pairs
    )
    unclear = [f"{a} and {b}" for a, b, g in pairs if not g.clear]
    apart = (
        "no two segments can be told apart by NPS"
        if len(unclear) == len(pairs)
        else f"only {'; '.join(unclear) or 'no pair'} cannot be told apart by NPS"
    )
    sure = all(g.clear for a, b, g in pairs if lowest in (a, b))
    segments = "; ".join(f"`{k}`: {v}" for k, v in names.items())
    return (
        f"""# Teaching note: Maria's relationship plan

For instructors only: this note is never released to students.
It goes with `solutions/maria/maria.ipynb` and chapters 2, 3, 4 and 7 of the course.
Every figure below is computed from the survey data and the case canvas by `teaching_note.py` beside this file.

## Learning goals

After the session, students can:

- summarise a survey per segment and read a Net Promoter Score with its sample size;
- turn what each segment asks for into a relationship plan, one relationship per segment;
- find and mend the gaps in a canvas's threads;
- state in advance the figure, the threshold and the review date that will show whether a relationship works.

## The figures

Segments: {segments}.

| segment | answers | NPS | 95% interval | most requested contact (share) |
|---|---|---|---|---|
{figures}

Differences between segments, with their 95% intervals (`metrics.nps_difference`):

| difference | NPS points | 95% interval | larger than the noise? |
|---|---|---|---|
{differences}

With samples this size, {apart}: the {lowest} have the lowest score, {"reliably lower than both others" if sure else "but not reliably lower than every other segment"}.
Intervals: {metrics.NPS_METHOD}.

## Discussion questions, in order

1. Before the data: pick one segment and the relationship you would give it.
2. Which segment is least happy? How sure are you, given the intervals? What would you need to be sure?
3. What does each segment ask for, and which relationship category does that contact belong to?
4. Does the plan (one keep relationship per segment, from the top contact) follow from the data? What did the repair of the trimmed canvas add?
5. For one segment: which figure would you watch over three months, what threshold would make you change the relationship, decided now, and when would you review it?

## Board plan

- **Left board, "what they say":** the table above, with each NPS interval drawn as a bar on one axis, so the overlap is visible.
- **Centre board, "the plan":** three rows, one per segment: top contact, category, motivation, cost; the repaired gaps noted beside them.
- **Right board, "how we will know":** for each segment the metric, the threshold and the review date the groups chose, and the opening choices for comparison.

{session_plan(TIMING)}

## Expected range of answers and common mistakes

- Part 0 and its revisit in Part F are graded on the reasoning, not the choice: a student who changes the opening call because of a figure earns as much as one who keeps it. Collect the Part 0 cells before class: they are the opening vote.
- Part F has no single right answer. Strong answers name a retention figure (repeat rate, quarterly retention or churn) with a time frame, a threshold stated before the data comes in, and an alternative relationship with a reason.
- Reward answers that notice the segments' NPS differ by less than their uncertainty; the model answer's "lowest of the three" is true of these samples but not a reliable ranking.
- Counting only 10 as a promoter gives """
        + ", ".join(f"{seg} {tens[seg]:+.0f}" for seg in table.index)
        + """ instead of """
        + ", ".join(f"{table.loc[seg, 'nps']:+.0f}" for seg in table.index)
        + """.
- Taking the most frequent contact over the whole survey instead of per segment gives every segment the same plan.
- A repair that deletes the segment with gaps, or adds the men's relationship without a category and motivation, leaves a broken thread or breaks the plan.
- Charts with the contact on x and the segment as colour answer another question; the checks name the encodings to use.

## Where the data is illustrative

The survey answers are invented for teaching by a seeded generator (`canvaskit_widgets.datasets.maria_survey`); Maria's three segments, her five steps and her choice of informal social media for the young women follow the course's source material.
Say so in class: the figures show a method, not real customers' views.
"""
    )


if __name__ == "__main__":
    write_note(__file__, render())
