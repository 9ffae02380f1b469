"""No unchecked number in the prose: every sentence of a chapter's Markdown that states a number
or a comparison is checked, cited or marked as illustrative.

A sentence with a digit or a comparison word ("more than", "twice", "most", "higher", ...) passes
when one of these holds:

- it is rendered from code: it sits in a ``Markdown(f"...")`` output, not in a Markdown cell, so
  this scan never sees it;
- a ``claims`` cell within ``NEAR`` cells of it calls ``confirm`` with a quote that is taken from
  the sentence (the quote's words appear in the sentence, in order) and that contains every number
  and comparison word of the sentence;
- its cell is tagged ``sourced`` and the sentence names its source with the year of publication,
  as in "(Reichheld, *Harvard Business Review*, 2003)";
- its cell is tagged ``illustrative`` and the sentence says so to the reader, with one of the
  words in ``ILLUSTRATIVE`` ("illustrative", "suppose", "for example", ...).

Headings, questions, code spans, link targets, references to chapters, the halves of the poster,
superlatives ("the most personal"), "more than one", the verb "lower the" and third parties are
left out: they state no claim.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

COURSE = Path(__file__).resolve().parents[2] / "course"
CHAPTERS = sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))  # the on-ramp and the reviews included
NEAR = 3  # how many cells away a claims cell may sit from the sentences it confirms

COMPARISONS = re.compile(
    r"\b(?:more|less|fewer|better|worse|cheaper|dearer|larger|smaller|bigger|greater) than\b"
    r"|\bas (?:many|much) as\b|\bat (?:least|most)\b|\btwice\b|\bhalf\b|\bdouble\b|\btriple\b"
    r"|\bmost\b|\bleast\b|\bhigher\b|\bhighest\b|\blower\b|\blowest\b|\bmajority\b|\bper cent\b"
    r"|\bby (?:a|one|two) (?:half|quarter|third|fifth|tenth)s?\b"
    r"|\b(?:a|one|two|three) (?:quarter|third|fifth|tenth)s? (?:of|or)\b"
    r"|\d[\d,.]*|%",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
ILLUSTRATIVE = re.compile(
    r"\b(?:illustrative|illustration|invented|suppose|assume[sd]?|assumption|imagine|"
    r"for example|e\.g\.|say)\b",
    re.IGNORECASE,
)
# Not claims: references to chapters, halves of the poster, superlatives ("the most personal"),
# the threshold "more than one", the verb "to lower" and third parties.
NOT_CLAIMS = re.compile(
    r"\bchapters?\s+\d+(?:\s*(?:,|and|to|or)\s*\d+)*|\b(?:right|left|customer-facing) half\b"
    r"|\bthe most\b|\bmore than one\b|\blowers? (?:the|its|their|your)\b|\bthird[- ]part(?:y|ies)\b",
    re.IGNORECASE,
)


def _plain(markdown: str) -> str:
    """Markdown as plain text: no code, no link targets, no HTML, no emphasis."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.DOTALL)
    text = re.sub(r"`[^`]*`", "CODE", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return text.replace("*", "").replace("\u2019", "'")


def sentences(markdown: str) -> list[str]:
    """The sentences of a Markdown cell: one per line or table row, split at sentence ends;
    headings and questions left out."""
    found = []
    for line in _plain(markdown).splitlines():
        line = re.sub(r"^(?:[-|>]|\d+\.)\s+", "", line.strip()).strip()
        if not line or line.startswith("#") or set(line) <= set("-|: "):
            continue
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z\"(])", line):
            if sentence.strip() and not sentence.rstrip().endswith("?"):
                found.append(sentence.strip())
    return found


def flagged(sentence: str) -> list[str]:
    """The numbers and comparison words of ``sentence`` that make it a claim."""
    text = NOT_CLAIMS.sub(" ", sentence)
    return [m.group(0).lower().rstrip(".,") for m in COMPARISONS.finditer(text)]


def _words(text: str) -> list[str]:
    return re.findall(r"[\w%€'.,-]+", text.lower().replace("\u2019", "'"))


def _tokens(text: str) -> list[str]:
    return [w.strip(".,") for w in _words(text) if w.strip(".,")]


def _quotes(source: str) -> list[str]:
    """The sentences a claims cell's ``confirm`` calls quote; an f-string's fields are dropped."""
    quotes = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "confirm":
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                quotes.append(first.value)
            elif isinstance(first, ast.JoinedStr):
                quotes.append(
                    " ".join(v.value for v in first.values if isinstance(v, ast.Constant))
                )
    return quotes


def _subsequence(quote: list[str], sentence: list[str]) -> bool:
    rest = iter(sentence)
    return all(word in rest for word in quote)


def backed(sentence: str, quotes: list[str]) -> bool:
    """Whether quotes taken from ``sentence`` cover every number and comparison word in it."""
    words = _tokens(sentence)
    covered = {t for q in quotes if _subsequence(_tokens(q), words) for t in flagged(q)}
    return set(flagged(sentence)) <= covered


def unchecked(cells: list[dict]) -> list[str]:
    """The claims in ``cells`` (a notebook's cells) that nothing checks, cites or marks."""
    claims = {
        i: _quotes("".join(c["source"]))
        for i, c in enumerate(cells)
        if "claims" in c["metadata"].get("tags", [])
    }
    found = []
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        tags = cell["metadata"].get("tags", [])
        near = [q for j, qs in claims.items() if abs(j - i) <= NEAR for q in qs]
        for sentence in sentences("".join(cell["source"])):
            if not flagged(sentence) or backed(sentence, near):
                continue
            if "sourced" in tags and YEAR.search(sentence):
                continue
            if "illustrative" in tags and ILLUSTRATIVE.search(sentence):
                continue
            found.append(f"cell {cell.get('id', i)}: {sentence}")
    return found


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_every_number_and_comparison_in_the_prose_is_checked_cited_or_illustrative(path: Path):
    found = unchecked(json.loads(path.read_text(encoding="utf-8"))["cells"])
    assert not found, (
        "sentences with a number or a comparison that nothing checks; render them from code, "
        "confirm them in a neighbouring claims cell, or tag the cell 'sourced' (naming the source "
        "and year) or 'illustrative' (saying so):\n" + "\n".join(found)
    )


def _cell(kind: str, text: str, tags: tuple[str, ...] = ()) -> dict:
    return {"cell_type": kind, "source": text, "metadata": {"tags": list(tags)}}


TITLE = _cell("markdown", "# 9 · A chapter\n")


def test_an_unmarked_number_fails_the_scan():
    cells = [TITLE, _cell("markdown", "Esther keeps 80% of her customers.\n")]
    assert unchecked(cells) == ["cell 1: Esther keeps 80% of her customers."]


def test_an_unmarked_number_added_to_a_real_chapter_fails_it():
    cells = json.loads((COURSE / "06_measuring_relationships.ipynb").read_text("utf-8"))["cells"]
    assert unchecked(cells) == []
    prose = next(c for c in cells if c["cell_type"] == "markdown" and "claims" not in c["source"])
    prose["source"] = [*prose["source"], "\nEsther keeps 81% of her customers.\n"]
    assert unchecked(cells) == [f"cell {prose['id']}: Esther keeps 81% of her customers."]


def test_a_comparison_word_alone_makes_a_claim():
    cells = [TITLE, _cell("markdown", "Most customers come back.\nThe shop is small.\n")]
    assert unchecked(cells) == ["cell 1: Most customers come back."]
    fraction = "Retention raises a customer's value by a quarter or more.\n"
    assert len(unchecked([TITLE, _cell("markdown", fraction)])) == 1


def test_a_confirm_quoting_the_sentence_backs_it_but_only_nearby():
    prose = _cell("markdown", "Esther keeps more than half of her customers, as the table shows.\n")
    check = _cell(
        "code", 'confirm("keeps more than half of her customers", r > 0.5)\n', ("claims",)
    )
    assert unchecked([TITLE, prose, check]) == []
    far = [TITLE, prose, *[_cell("markdown", "Text.\n")] * NEAR, check]
    assert len(unchecked(far)) == 1


def test_a_confirm_must_quote_every_number_of_the_sentence():
    prose = _cell("markdown", "Esther keeps more than half of her 300 customers.\n")
    check = _cell(
        "code", 'confirm("keeps more than half of her customers", r > 0.5)\n', ("claims",)
    )
    assert len(unchecked([TITLE, prose, check])) == 1


def test_a_confirm_quoting_another_sentence_does_not_back_it():
    prose = _cell("markdown", "Retention rose to 80%.\n")
    check = _cell("code", 'confirm("churn fell to 80%", c < 0.8)\n', ("claims",))
    assert len(unchecked([TITLE, prose, check])) == 1


def test_a_sourced_cell_needs_the_year_in_the_sentence():
    cited = "NPS runs from -100 to 100 (Reichheld, 2003).\n"
    bare = "NPS runs from -100 to 100.\n"
    assert unchecked([TITLE, _cell("markdown", cited, ("sourced",))]) == []
    assert len(unchecked([TITLE, _cell("markdown", bare, ("sourced",))])) == 1
    assert len(unchecked([TITLE, _cell("markdown", cited)])) == 1, "a year alone is not a tag"


def test_an_illustrative_cell_must_say_so_in_the_sentence():
    said = "Suppose a programme costs €6 a year.\n"
    unsaid = "A programme costs €6 a year.\n"
    assert unchecked([TITLE, _cell("markdown", said, ("illustrative",))]) == []
    assert len(unchecked([TITLE, _cell("markdown", unsaid, ("illustrative",))])) == 1


def test_references_headings_questions_and_code_are_not_claims():
    text = (
        "## 5 · Heading with 5%\n"
        "Chapter 6 shows it; the left half of the poster holds the most costly blocks.\n"
        "Is retention higher than 80%?\n"
        "Call `metrics.nps(scores, 0.95)` to compute it.\n"
    )
    assert unchecked([TITLE, _cell("markdown", text)]) == []
