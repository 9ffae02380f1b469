"""Tests for Markdown and HTML poster export."""

from __future__ import annotations

from html.parser import HTMLParser

from canvaskit_widgets import Canvas
from canvaskit_widgets.cases import maria_canvas
from canvaskit_widgets.export import save_html, to_html, to_markdown
from canvaskit_widgets.vocab import BLOCKS


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.areas: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        style = dict(attrs).get("style") or ""
        if style.startswith("grid-area:"):
            self.areas.append(style.removeprefix("grid-area:"))


def test_markdown_has_every_block_and_tags():
    md = to_markdown(maria_canvas())
    for block in BLOCKS.values():
        assert f"## {block.label}" in md
    assert (
        "- Informal, close chat with followers on social media, answered by Maria's team"
        " (Personal assistance; Get (acquisition); for Young women interested in beauty products)"
        in md
    )


def test_markdown_marks_empty_blocks():
    assert to_markdown(Canvas("Blank")).count("_(empty)_") == 9


def test_html_poster_lays_out_nine_blocks_in_canvas_order():
    parser = _Collect()
    parser.feed(to_html(maria_canvas()))
    assert parser.areas == [b.area for b in BLOCKS.values()]
    assert parser.tags.count("section") == 9


def test_user_text_is_escaped():
    c = Canvas("<i>Shop</i>")
    c.add("customer_segments", "<script>alert(1)</script>", id="s")
    html = to_html(c)
    assert "<script>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_notes_are_coloured_by_segment():
    c = maria_canvas()
    html = to_html(c, standalone=False)
    assert html.startswith("<style>")
    for seg in c.segments:
        assert f"border-left-color:{seg.colour}" in html


def test_save_html_writes_file(tmp_path):
    path = save_html(maria_canvas(), tmp_path / "poster.html")
    assert path.read_text().startswith("<!DOCTYPE html>")


HOSTILE = (
    "<script>alert(1)</script> [click](javascript:alert(2)) ![img](x) "
    "<javascript:alert(3)> <img src=x onerror=alert(4)>\n# not a heading\n- not an item"
)


def test_markdown_escapes_user_text_as_the_poster_does():
    import mistune

    canvas = Canvas("Title <b>bold</b>")
    seg = canvas.add("customer_segments", "Seg [a](javascript:alert(5))").id
    canvas.add("channels", HOSTILE, segments=[seg])
    md = to_markdown(canvas)
    html = mistune.html(md)
    parser = _Collect()
    parser.feed(html)
    assert set(parser.tags) <= {"h1", "h2", "ul", "li", "p", "em"}, parser.tags
    assert "href=" not in html and "<img" not in html and "<script" not in html
    # the text itself survives, readable, on one line of its own bullet
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in md
    assert "\\# not a heading \\- not an item" in md
    assert md.count("\n- ") == 2


def test_markdown_keeps_plain_text_readable():
    canvas = Canvas("Esther's shop")
    canvas.add("key_partners", "Friends & family, e.g. 50% of posts")
    md = to_markdown(canvas)
    assert "# Esther's shop" in md
    assert "- Friends &amp; family, e.g. 50% of posts" in md
