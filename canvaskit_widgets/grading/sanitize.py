"""Make a graded notebook inert before an instructor's browser renders it.

The formgrader and nbgrader's feedback render a submission's outputs and Markdown on the
Jupyter server's origin, where the instructor is logged in: a ``<script>`` there could drive
the server's API as the instructor. ``sanitize_notebook`` removes everything that can run
script and keeps what a grader needs to see:

- outputs: ``application/javascript`` and every type not known to be inert are dropped;
  ``text/html`` goes through nh3 (Rust's ammonia sanitizer); PNG, JPEG and GIF stay when their
  data is plain base64; an SVG (altair's charts) is wrapped as an image inside a new SVG, which
  draws the same picture and cannot script, since a browser never runs scripts in an SVG
  loaded as an image; output metadata keeps only numeric sizes;
- Markdown written by the student (every Markdown cell but the locked ones restored from the
  source) has its raw HTML escaped, so it shows as text, and ``javascript:`` links disarmed;
- raw cells lose their output format, so no exporter copies them verbatim into a page.

Run it on a notebook whose instructor cells were restored from the source (as grading does);
it is idempotent, so feedback can run it again on an autograded notebook.
"""

from __future__ import annotations

import base64
import html
import re
from typing import Any

import nh3
from nbformat import NotebookNode

from ._cells import nbgrader_meta

__all__ = ["markdown_text", "safe_svg", "sanitize_notebook"]

_BASE64 = re.compile(r"[A-Za-z0-9+/=\s]*")
_IMAGES = ("image/png", "image/jpeg", "image/gif")
# Types whose data no renderer runs as code (JSON is shown as a tree, never evaluated).
_DATA = ("text/plain", "application/json", "application/vnd.jupyter.widget-view+json")
_NUMBER = re.compile(r"\s*(\d+(?:\.\d+)?)(?:px)?\s*")
_WRAPPED = re.compile(
    r'<svg xmlns="http://www\.w3\.org/2000/svg" width="[\d.]+" height="[\d.]+" '
    r'viewBox="0 0 [\d.]+ [\d.]+"><image width="[\d.]+" height="[\d.]+" '
    r'href="data:image/svg\+xml;base64,[A-Za-z0-9+/=]*"/></svg>'
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.DOTALL)
_SCRIPT_URL = re.compile(r"(?i)\b(j\s*a\s*v\s*a|v\s*b)\s*s\s*c\s*r\s*i\s*p\s*t\s*:")


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _escape_prose(text: str) -> str:
    # Entities are decoded first, so an encoded ``javascript:`` is seen, and a second pass
    # gives the same text (``&lt;`` stays ``&lt;``).
    text = html.unescape(text).replace("&", "&amp;").replace("<", "&lt;")
    return _SCRIPT_URL.sub("blocked-script:", text)


def _escape_html(text: str) -> str:
    """Escape raw HTML in Markdown prose, leaving inline code spans as written."""
    parts, last = [], 0
    for span in _CODE_SPAN.finditer(text):
        parts.append(_escape_prose(text[last : span.start()]))
        parts.append(span.group(0))
        last = span.end()
    parts.append(_escape_prose(text[last:]))
    return "".join(parts)


def markdown_text(source: str) -> str:
    """Markdown with its raw HTML shown as text and ``javascript:`` links disarmed; fenced
    code blocks and inline code are left as written."""
    out, prose, fence = [], [], None
    for line in source.split("\n"):
        found = _FENCE.match(line)
        if fence is None and found:
            out.append(_escape_html("\n".join(prose)) if prose else None)
            prose, fence = [], found.group(1)[0] * 3
            out.append(line)
        elif fence is not None:
            out.append(line)
            if line.strip().startswith(fence):
                fence = None
        else:
            prose.append(line)
    if prose:
        out.append(_escape_html("\n".join(prose)))
    return "\n".join(part for part in out if part is not None)


def _size(tag: str, name: str) -> float | None:
    found = re.search(rf'\s{name}\s*=\s*["\']([^"\']*)["\']', tag)
    number = _NUMBER.fullmatch(found.group(1)) if found else None
    return float(number.group(1)) if number else None


def safe_svg(svg: str) -> str:
    """``svg`` drawn as an image inside a new SVG of the same size: the picture stays, and
    nothing in it can run (scripts, event handlers, links) wherever the new SVG is shown."""
    if _WRAPPED.fullmatch(svg):
        return svg
    opening = re.search(r"<svg\b[^>]*>", svg)
    tag = opening.group(0) if opening else ""
    width, height = _size(tag, "width"), _size(tag, "height")
    if width is None or height is None:
        box = re.search(
            r'viewBox\s*=\s*["\']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)', tag
        )
        width, height = (float(box.group(1)), float(box.group(2))) if box else (640.0, 480.0)
    w, h = f"{width:g}", f"{height:g}"
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">'
        f'<image width="{w}" height="{h}" href="data:image/svg+xml;base64,{data}"/></svg>'
    )


def _bundle(data: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """The inert part of a MIME bundle."""
    kept: dict[str, Any] = {}
    for mime, value in data.items():
        if mime in _DATA:
            kept[mime] = value
        elif mime == "text/html":
            text = _text(value)
            clean = nh3.clean(text)
            if clean != text:
                notes.append("HTML output cleaned")
            kept[mime] = clean
        elif mime == "text/markdown":
            kept[mime] = markdown_text(_text(value))
        elif mime == "image/svg+xml":
            kept[mime] = safe_svg(_text(value))
        elif mime in _IMAGES and _BASE64.fullmatch(_text(value)):
            kept[mime] = _text(value)
        else:
            notes.append(f"{mime} output removed")
    return kept


def _sizes(metadata: Any) -> dict[str, Any]:
    """Output metadata reduced to numeric image sizes (a renderer pastes them into tags)."""
    kept: dict[str, Any] = {}
    if not isinstance(metadata, dict):
        return kept
    for mime, value in metadata.items():
        if isinstance(value, dict):
            sizes = {
                k: v
                for k, v in value.items()
                if k in ("width", "height") and isinstance(v, (int, float))
            }
            if sizes:
                kept[mime] = sizes
    return kept


def sanitize_notebook(nb: NotebookNode) -> list[str]:
    """Make ``nb`` safe to render (in place, see the module's docstring); return what was
    removed or changed, one short phrase each, without repeats."""
    notes: list[str] = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            if not nbgrader_meta(cell).get("locked"):
                source = markdown_text(cell.source)
                if source != cell.source:
                    notes.append("HTML in Markdown escaped")
                cell.source = source
            for name, bundle in list(cell.get("attachments", {}).items()):
                images = {k: v for k, v in bundle.items() if k.startswith("image/")}
                cell.attachments[name] = _bundle(images, notes)
        elif cell.cell_type == "raw":
            for key in ("format", "raw_mimetype"):
                cell.metadata.pop(key, None)
        for output in cell.get("outputs", []):
            if "data" in output:
                output["data"] = _bundle(output["data"], notes)
                output["metadata"] = _sizes(output.get("metadata"))
    return list(dict.fromkeys(notes))
