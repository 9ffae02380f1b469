"""The per-segment thread check: what each customer segment's path through the canvas lacks."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .model import Canvas, Note
from .vocab import BLOCKS, CHANNEL_PHASES

__all__ = ["CODES", "Finding", "check_threads", "phase_coverage", "summary"]

# Every finding code, with the block it concerns.
CODES: dict[str, str] = {
    "no_segments": "customer_segments",
    "no_value_proposition": "value_propositions",
    "no_channel": "channels",
    "phase_gap": "channels",
    "no_relationship": "customer_relationships",
    "relationship_untagged": "customer_relationships",
    "no_revenue_stream": "revenue_streams",
}


@dataclass(frozen=True)
class Finding:
    """One gap in a segment's thread.

    Parameters
    ----------
    segment
        The segment id (``None`` for canvas-wide findings).
    block
        The block where something is missing.
    code
        A stable machine-readable code, one of ``CODES``.
    message
        A sentence a student can act on.
    detail
        What exactly is missing (phase keys, note ids), for grading.
    """

    segment: str | None
    block: str
    code: str
    message: str
    detail: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The finding as JSON-ready data."""
        data = asdict(self)
        data["detail"] = list(self.detail)
        return data


def phase_coverage(canvas: Canvas) -> dict[str, dict[str, list[str]]]:
    """For each segment and channel phase, the ids of the channel notes that cover it."""
    return {
        seg.id: {
            phase: [n.id for n in canvas.notes_for("channels", seg.id) if phase in n.phases]
            for phase in CHANNEL_PHASES
        }
        for seg in canvas.segments
    }


def check_threads(canvas: Canvas) -> list[Finding]:
    """Check that every segment has a value proposition, channels covering all five phases,
    a relationship tagged with category and motivation, and a revenue stream."""
    if not canvas.segments:
        return [
            Finding(
                None, "customer_segments", "no_segments", "The canvas has no customer segment yet."
            )
        ]
    coverage = phase_coverage(canvas)
    return [f for seg in canvas.segments for f in _segment_findings(canvas, seg, coverage[seg.id])]


def _segment_findings(canvas: Canvas, seg: Note, coverage: dict[str, list[str]]) -> list[Finding]:
    name = seg.text
    found: list[Finding] = []

    def add(code: str, message: str, detail: tuple[str, ...] = ()) -> None:
        found.append(Finding(seg.id, CODES[code], code, message, detail))

    if not canvas.notes_for("value_propositions", seg.id):
        add("no_value_proposition", f"No value proposition is offered to '{name}'.")
    if not canvas.notes_for("channels", seg.id):
        add("no_channel", f"No channel reaches '{name}'.")
    else:
        gaps = tuple(p for p, notes in coverage.items() if not notes)
        if gaps:
            labels = ", ".join(CHANNEL_PHASES.label(p) for p in gaps)
            add("phase_gap", f"No channel covers these phases for '{name}': {labels}.", gaps)
    relationships = canvas.notes_for("customer_relationships", seg.id)
    if not relationships:
        add("no_relationship", f"No customer relationship is defined for '{name}'.")
    elif not any(n.category and n.motivation for n in relationships):
        add(
            "relationship_untagged",
            f"The relationships for '{name}' need a category and a motivation (get, keep or grow).",
            tuple(n.id for n in relationships),
        )
    if not canvas.notes_for("revenue_streams", seg.id):
        add("no_revenue_stream", f"No revenue stream comes from '{name}'.")
    return found


def summary(findings: list[Finding]) -> str:
    """A readable summary of findings, grouped by block."""
    if not findings:
        return "Every segment has a complete thread through the canvas."
    lines = [f"{len(findings)} gap(s) found:"]
    for block in BLOCKS.values():
        for f in findings:
            if f.block == block.key:
                lines.append(f"- {block.label}: {f.message}")
    return "\n".join(lines)
