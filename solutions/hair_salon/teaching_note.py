"""Write ``teaching_note.md`` beside this file: the instructor's note for the hair salon case.

Every figure in the note is computed here from the survey data, so the note cannot drift from
the exercise: run ``python solutions/hair_salon/teaching_note.py`` after the data changes (a
test fails while the note is stale). ``nbgrader_config.py`` keeps ``teaching_note*`` out of
every student release.
"""

from __future__ import annotations

from canvaskit_widgets import datasets, metrics
from canvaskit_widgets.teaching_notes import session_plan, write_note

# (minutes, activity): the 90-minute session
TIMING = [
    (
        5,
        "Question 1: each student writes 'cheaper' or 'something more' for each segment, with a reason.",
    ),
    (15, "Groups compare their NPS tables; question 2 on how sure those scores are."),
    (15, "Question 3: read the comments of each segment; the centre board collects them."),
    (20, "Question 4 in groups: advice per segment, with the relationship that delivers it."),
    (15, "Two groups with opposite advice present; the room questions them."),
    (10, "Question 5: what the advice costs the salon, and what it risks."),
    (10, "Revisit: students reread their opening choice and note what the data changed."),
]


def render() -> str:
    """The note as Markdown."""
    survey = datasets.load("salon_survey")
    table = metrics.nps_by_interval(survey, "segment")
    by = dict(tuple(survey.groupby("segment")["score"]))
    gap = metrics.nps_difference(by["professionals"], by["students"])
    overall = metrics.nps_interval(survey["score"])
    eights = {
        seg: 100 * ((s >= 8).mean() - (s <= 6).mean()) for seg, s in by.items()
    }  # promoters counted from 8
    top = survey.groupby("segment")["comment"].value_counts().groupby(level=0).head(3)
    comments = "\n".join(
        f"- {seg}: " + "; ".join(f"“{c}” ({n})" for (_, c), n in top.loc[[seg]].items())
        for seg in table.index
    )
    figures = "\n".join(
        f"| {seg} | {int(row.responses)} | {row.promoters:.0%} | {row.passives:.0%} | "
        f"{row.detractors:.0%} | {row.nps:+.0f} | {row.low:+.0f} to {row.high:+.0f} |"
        for seg, row in table.iterrows()
    )
    verdict = (
        "larger than its uncertainty: the two segments really do feel differently"
        if gap.clear
        else "within its uncertainty: the survey cannot tell the two segments apart"
    )
    return f"""# Teaching note: the hair salon that wants to stand out

For instructors only: this note is never released to students.
It goes with `solutions/hair_salon/hair_salon.ipynb` and chapters 1, 4 and 6 of the course.
Every figure below is computed from the survey data by `teaching_note.py` beside this file.

## Learning goals

After the session, students can:

- classify an offer by its value elements and a relationship by category and motivation;
- compute a Net Promoter Score per segment and say how much a sample of that size can tell;
- choose, per segment, between being cheaper and offering something more, and name the relationship that delivers it and its cost.

## The figures

| segment | answers | promoters | passives | detractors | NPS | 95% interval |
|---|---|---|---|---|---|---|
{figures}

The whole survey gives {overall.estimate:+.0f} ({overall.low:+.0f} to {overall.high:+.0f}, n = {overall.n}), which describes neither segment.
The professionals' score is {gap.difference:.0f} points above the students' (95% interval {gap.low:.0f} to {gap.high:.0f}), {verdict}.
Intervals: `canvaskit_widgets.metrics.nps_interval` ({overall.method}).

The three most frequent comments per segment, with their counts:

{comments}

## Discussion questions, in order

1. Before the numbers: for each segment, should the salon be cheaper or offer something more?
2. What is each segment's NPS, and how sure can we be with this many answers? Would a second survey of the same size give the same order?
3. What do the comments say that the score cannot?
4. Your advice per segment: cheaper or something more, and which relationship from Part A delivers it (dedicated personal assistance to keep professionals, the bring-a-friend discount that the booking system tracks, an automated service, to get students)?
5. What does the advice cost, and what would you watch to know it works?

## Board plan

- **Left board, "the scores":** the table above with its intervals drawn as bars on one axis from −100 to +100, so the room sees where they overlap or not.
- **Centre board, "the voices":** the top comments of each segment, sorted into price, service and time.
- **Right board, "the advice":** per segment, cheaper or more, the relationship, its cost, the figure to watch; the opening and closing choices at the bottom.

{session_plan(TIMING)}

## Expected range of answers and common mistakes

- Part 0 and its revisit in Part E are graded on the reasoning, not the choice: a student who changes the opening call because of a figure earns as much as one who keeps it. Collect the Part 0 cells before class: they are the opening vote.
- Expect most groups to advise something more for the professionals and a cheaper offer for the students; a split along the segments is what the data supports. Full marks also go to advice that keeps one strategy for both, if it uses each segment's NPS and comments correctly.
- Strong answers cite the scores with their sample sizes and notice the students' complaints about rushed cuts: a low price does not excuse poor work.
- Counting 8 as a promoter gives {eights["professionals"]:+.0f} for the professionals and {eights["students"]:+.0f} for the students, instead of {table.loc["professionals", "nps"]:+.0f} and {table.loc["students", "nps"]:+.0f}.
- Working in shares instead of per cent gives scores a hundred times too small; averaging the scores is not an NPS at all.
- Typing the segments into `nps_table` instead of grouping the survey loses the hidden tests, which add a third segment.
- Watch for students who call the bring-a-friend discount a community: the customers do not talk to one another there; the booking system tracks the referral, which makes it an automated service.

## Where the data is illustrative

The survey answers and comments are invented for teaching by a seeded generator (`canvaskit_widgets.datasets.salon_survey`); the case itself, a salon asking how to stand out among competitors who all offer the same, follows the course's source material.
Say so in class: the figures show a method, not what real salon customers think.
"""


if __name__ == "__main__":
    write_note(__file__, render())
