"""Static charts of the metrics and the canvas; importing this module calls ``use_offline_charts()``."""

from __future__ import annotations

import io
import sys
from typing import Any


def _import_jsonschema_fast() -> None:
    """Import jsonschema without rfc3987_syntax, whose grammar takes about a second to build.

    jsonschema uses it only to check "iri" string formats, which no Vega-Lite schema has;
    without it jsonschema skips that check. Every chart, chapter and graded notebook gains
    the second. Where jsonschema is already loaded there is nothing to save.
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        return
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        import jsonschema  # noqa: F401
    finally:
        del sys.modules["rfc3987_syntax"]


_import_jsonschema_fast()

import altair as alt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from . import consistency, metrics  # noqa: E402
from .model import Canvas  # noqa: E402
from .vocab import CHANNEL_PHASES  # noqa: E402

__all__ = [
    "chart_to_svg",
    "clv_sensitivity",
    "cohort_heatmap",
    "nps_by_segment",
    "phase_coverage",
    "use_offline_charts",
]

LABEL_WIDTH = 28
DEFAULT_RETENTIONS = np.round(np.arange(0.50, 0.951, 0.01), 2)
COVERAGE_COLOURS = {"covered": "#9ecae9", "gap": "#f58518"}


def use_offline_charts() -> None:
    """Show altair charts as static SVG drawn in the kernel by vl-convert (safe to call twice).

    The SVG needs no JavaScript from a CDN, so charts show offline in JupyterLab, Notebook 7 and
    nbconvert/nbgrader HTML alike; they have no tooltips or zoom.
    """
    if alt.renderers.active != "svg":
        alt.renderers.enable("svg")


def chart_to_svg(chart: alt.TopLevelMixin) -> str:
    """The chart drawn as SVG text, offline, whatever renderer is active."""
    buffer = io.StringIO()
    chart.save(buffer, format="svg")
    return buffer.getvalue()


def cohort_heatmap(table: pd.DataFrame) -> alt.LayerChart:
    """Cohort retention as a heat map: a row per cohort, a column per period since the first
    purchase, shaded by the share still buying and labelled in percent.

    ``table`` is the output of ``metrics.cohort_table``; its NaN cells (after the data) stay blank.
    """
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise metrics.MetricError("table must be a non-empty DataFrame from metrics.cohort_table")
    try:
        rows = [
            {"cohort": str(cohort), "k": int(k), "share": float(share)}
            for cohort, row in table.iterrows()
            for k, share in row.items()
            if pd.notna(share)
        ]
    except (TypeError, ValueError):
        raise metrics.MetricError(
            "table must come from metrics.cohort_table: whole-number columns, shares as values"
        ) from None
    outside = [r for r in rows if not 0 <= r["share"] <= 1]
    if outside:
        bad = outside[0]
        raise metrics.MetricError(
            f"table[{bad['k']}] of cohort {bad['cohort']} is {bad['share']!r},"
            " not a share between 0 and 1"
        )
    base = alt.Chart(pd.DataFrame(rows)).encode(
        x=alt.X("k:O", title="Periods since first purchase", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("cohort:O", title="Cohort (first purchase)", sort=[str(c) for c in table.index]),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "share:Q",
            title="Still buying",
            scale=alt.Scale(domain=[0, 1], scheme="blues"),
            legend=alt.Legend(format="%"),
        )
    )
    labels = base.mark_text(fontSize=11).encode(
        text=alt.Text("share:Q", format=".0%"),
        color=alt.when(alt.datum.share > 0.6)
        .then(alt.value("white"))
        .otherwise(alt.value("black")),
    )
    return (cells + labels).properties(
        title="Share of each cohort still buying",
        width=alt.Step(44),
        height=alt.Step(26),
    )


def nps_by_segment(table: pd.DataFrame) -> alt.LayerChart:
    """NPS per segment as horizontal bars on -100..100, red below 0 and blue above, each labelled
    with its score and sorted from the highest.

    ``table`` is the output of ``metrics.nps_by`` (a row per segment, an ``nps`` column, and
    ``responses``, shown in the segment labels as n = ...).
    """
    if not isinstance(table, pd.DataFrame) or table.empty or "nps" not in table.columns:
        raise metrics.MetricError(
            "table must be a non-empty DataFrame from metrics.nps_by, with an 'nps' column"
        )
    names = [" / ".join(map(str, k)) if isinstance(k, tuple) else str(k) for k in table.index]
    if "responses" in table.columns:
        names = [f"{name} (n = {n})" for name, n in zip(names, table["responses"], strict=True)]
    data = pd.DataFrame({"segment": names, "nps": table["nps"].astype(float).to_numpy()})
    data = data.sort_values("nps", ascending=False, kind="stable")
    axis_title = " / ".join(str(n) for n in table.index.names if n is not None) or "Segment"
    base = alt.Chart(data).encode(
        x=alt.X("nps:Q", title="Net Promoter Score", scale=alt.Scale(domain=[-100, 100])),
        y=alt.Y("segment:N", title=axis_title, sort=list(data["segment"])),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "nps:Q",
            scale=alt.Scale(scheme="redblue", domain=[-100, 100], domainMid=0),
            legend=None,
        )
    )
    score = alt.Text("nps:Q", format=".0f")
    above = base.mark_text(align="left", dx=4).encode(text=score)
    below = base.mark_text(align="right", dx=-4).encode(text=score)
    return alt.layer(
        bars,
        above.transform_filter(alt.datum.nps >= 0),
        below.transform_filter(alt.datum.nps < 0),
    ).properties(title="Net Promoter Score by segment", width=360)


def clv_sensitivity(
    margin: float,
    discount_rate: float,
    acquisition_cost: float = 0.0,
    retentions: Any = None,
) -> alt.Chart | alt.LayerChart:
    """Margin-multiple CLV (``metrics.margin_multiple_clv``) against retention, as a line.

    ``retentions`` defaults to 0.50, 0.51, ..., 0.95. With an ``acquisition_cost`` the line is
    CLV after that cost and a dashed rule marks CLV = 0 (a ``LayerChart``); without, a ``Chart``.
    """
    rates = DEFAULT_RETENTIONS if retentions is None else retentions
    clv = metrics.margin_multiple_clv(margin, rates, discount_rate, acquisition_cost)
    data = pd.DataFrame({"retention": np.asarray(rates, dtype=float), "clv": np.asarray(clv)})
    line = (
        alt.Chart(data)
        .mark_line()
        .encode(
            x=alt.X(
                "retention:Q",
                title="Retention per period",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(zero=False),
            ),
            y=alt.Y("clv:Q", title="CLV (margin-multiple)"),
        )
    )
    text = f"CLV against retention (margin {margin:g}, discount rate {discount_rate:.0%})"
    if not acquisition_cost:
        return line.properties(title=text)
    zero = alt.Chart(pd.DataFrame({"clv": [0.0]})).mark_rule(strokeDash=[4, 4]).encode(y="clv:Q")
    return (line + zero).properties(
        title=alt.TitleParams(text, subtitle=f"after an acquisition cost of {acquisition_cost:g}")
    )


def phase_coverage(canvas: Canvas) -> alt.LayerChart:
    """Which channel phases reach each segment: a row per segment (its note text, shortened), a
    column per phase in vocabulary order, each cell ``covered`` or ``gap`` with its channel count.

    The matrix is ``consistency.phase_coverage(canvas)``; untagged channels serve every segment.
    """
    if not isinstance(canvas, Canvas):
        raise TypeError(f"phase_coverage needs a Canvas, not {type(canvas).__name__}")
    coverage = consistency.phase_coverage(canvas)
    labels = _segment_labels(canvas)
    rows = [
        {
            "segment": labels[seg_id],
            "phase": CHANNEL_PHASES.label(phase),
            "channels": len(notes),
            "status": "covered" if notes else "gap",
        }
        for seg_id, phases in coverage.items()
        for phase, notes in phases.items()
    ]
    data = pd.DataFrame(rows, columns=["segment", "phase", "channels", "status"])
    base = alt.Chart(data).encode(
        x=alt.X(
            "phase:N",
            title="Channel phase",
            sort=[term.label for term in CHANNEL_PHASES.values()],
            axis=alt.Axis(labelAngle=0, orient="top"),
        ),
        y=alt.Y("segment:N", title="Customer segment", sort=list(labels.values())),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "status:N",
            title="Phase",
            scale=alt.Scale(domain=list(COVERAGE_COLOURS), range=list(COVERAGE_COLOURS.values())),
        )
    )
    counts = base.mark_text(fontSize=12).encode(text="channels:Q")
    title = f"Channel phases per segment: {canvas.title}"
    if not labels:
        title += " (no customer segments yet)"
    return (cells + counts).properties(title=title, width=alt.Step(90), height=alt.Step(32))


def _segment_labels(canvas: Canvas) -> dict[str, str]:
    """Segment id to its note text, cut to ``LABEL_WIDTH``; a repeated label gets the id added."""
    short = {
        seg.id: seg.text if len(seg.text) <= LABEL_WIDTH else seg.text[: LABEL_WIDTH - 1] + "…"
        for seg in canvas.segments
    }
    seen = list(short.values())
    return {
        seg_id: f"{text} ({seg_id})" if seen.count(text) > 1 else text
        for seg_id, text in short.items()
    }


use_offline_charts()
