"""Export a canvas as Markdown or as an HTML poster in the classic nine-block layout."""

from __future__ import annotations

import os
import re
from html import escape
from pathlib import Path

from ._atomic import write_text_atomic
from .model import Canvas, Note
from .vocab import BLOCKS, TAG_VOCABULARIES

__all__ = [
    "POSTER_AREAS",
    "POSTER_CSS",
    "markdown_text",
    "note_html",
    "save_html",
    "tag_labels",
    "to_html",
    "to_markdown",
]


def tag_labels(note: Note) -> list[str]:
    """Human labels of a note's vocabulary tags, in a fixed order."""
    labels = []
    for tag, vocab in TAG_VOCABULARIES.items():
        value = getattr(note, tag)
        for key in value if isinstance(value, tuple) else [value] if value else []:
            labels.append(vocab.label(key))
    return labels


def _segment_names(canvas: Canvas, note: Note) -> list[str]:
    return [canvas.note(s).text for s in note.segments]


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~-])")


def markdown_text(text: str) -> str:
    """User text made inert in Markdown: one line, HTML escaped, Markdown punctuation
    backslashed, so a note cannot open a link, an image, a script tag or a new block."""
    one_line = " ".join(text.split())
    return escape(_MARKDOWN_SPECIAL.sub(r"\\\1", one_line), quote=False)


def to_markdown(canvas: Canvas) -> str:
    """The canvas as Markdown: one section per block, one bullet per note with its tags.

    Every user text (title, notes, segment names) is escaped as the HTML poster escapes it.
    """
    lines = [f"# {markdown_text(canvas.title)}", ""]
    for block in BLOCKS.values():
        lines += [f"## {block.label}", ""]
        notes = canvas.blocks[block.key]
        if not notes:
            lines += ["_(empty)_", ""]
            continue
        for note in notes:
            names = [f"for {markdown_text(s)}" for s in _segment_names(canvas, note)]
            extra = tag_labels(note) + names
            suffix = f" ({'; '.join(extra)})" if extra else ""
            lines.append(f"- {markdown_text(note.text)}{suffix}")
        lines.append("")
    return "\n".join(lines)


# The poster's CSS grid areas (``Block.area``), one string per row of ten columns.
POSTER_AREAS = (
    "kp kp ka ka vp vp cr cr cs cs",
    "kp kp kr kr vp vp ch ch cs cs",
    "co co co co co rs rs rs rs rs",
)

POSTER_CSS = """
.ck-poster{font-family:system-ui,sans-serif;display:grid;gap:4px;
 grid-template-columns:repeat(10,1fr);grid-template-rows:auto auto auto;
 grid-template-areas:AREAS}
.ck-block{border:1px solid #999;border-radius:4px;padding:6px;min-height:90px;background:#fafafa}
.ck-block h3{font-size:13px;margin:0 0 4px;text-transform:uppercase;letter-spacing:.04em}
.ck-note{font-size:12px;margin:3px 0;padding:3px 5px;border-radius:3px;background:#fff;
 border-left:6px solid #bbb}
.ck-tags{color:#555;font-size:11px}
.ck-title{font-family:system-ui,sans-serif}
""".replace("AREAS", " ".join(f'"{row}"' for row in POSTER_AREAS))


def note_html(canvas: Canvas, block: str, note: Note) -> str:
    """One note as a ``ck-note`` div, its left border in its segments' colours."""
    if block == "customer_segments":
        colours = [canvas.colour_of(note.id)]
    else:
        colours = [canvas.colour_of(s) for s in note.segments] or ["#bbbbbb"]
    style = f"border-left-color:{colours[0]}"
    if len(colours) > 1:
        stops = ",".join(colours)
        style = f"border-image:linear-gradient({stops}) 1;border-left-style:solid"
    tags = tag_labels(note) + _segment_names(canvas, note)
    tag_html = f'<div class="ck-tags">{escape(" · ".join(tags))}</div>' if tags else ""
    return f'<div class="ck-note" style="{style}">{escape(note.text)}{tag_html}</div>'


def to_html(canvas: Canvas, *, standalone: bool = True) -> str:
    """The canvas as an HTML poster; every user text is escaped."""
    cells = []
    for block in BLOCKS.values():
        notes = "".join(note_html(canvas, block.key, n) for n in canvas.blocks[block.key])
        cells.append(
            f'<section class="ck-block" style="grid-area:{block.area}">'
            f"<h3>{escape(block.label)}</h3>{notes}</section>"
        )
    body = (
        f'<h2 class="ck-title">{escape(canvas.title)}</h2>'
        f'<div class="ck-poster">{"".join(cells)}</div>'
    )
    if not standalone:
        return f"<style>{POSTER_CSS}</style>{body}"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(canvas.title)}</title><style>{POSTER_CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def save_html(canvas: Canvas, path: str | os.PathLike[str]) -> Path:
    """Write the poster to ``path`` atomically."""
    return write_text_atomic(path, to_html(canvas))
