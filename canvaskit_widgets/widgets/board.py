"""CanvasBoard: the nine blocks laid out like the poster, with notes to add, tag and check."""

from __future__ import annotations

import os
from functools import partial
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets
from traitlets import Dict, List, TraitError, observe, validate

from ..consistency import check_threads, summary
from ..export import POSTER_AREAS, POSTER_CSS, note_html, save_html
from ..model import MULTI_TAGS, Canvas, CanvasError, allowed_tags
from ..vocab import BLOCKS, TAG_VOCABULARIES
from ._persist import StatefulBox

__all__ = ["CanvasBoard"]

_PICK = "— pick a note to edit —"
_NO_NOTE = ""  # the picker's value when no note is picked (None would show a blank picker)
_NONE = "(none)"
_EMPTY = '<div class="ck-tags">No notes yet.</div>'
# Compact notes, and add fields that shrink with their block instead of pushing the button out.
_BOARD_CSS = """
.ck-board .widget-html-content{line-height:1.35}
.ck-board .widget-text,.ck-board .widget-dropdown{min-width:0}
.ck-board .widget-text input,.ck-board .widget-dropdown select{min-width:0;width:100%}
"""


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _html_path(path: str) -> Path:
    """Where the HTML export of a canvas file goes: ``maria.canvas.json`` -> ``maria.html``."""
    for suffix in (".canvas.json", ".json"):
        if path.endswith(suffix):
            return Path(path[: -len(suffix)] + ".html")
    return Path(path + ".html")


class _BlockView:
    """The widgets of one block: its notes as one HTML row, a note picker and an add field."""

    def __init__(self, key: str) -> None:
        block = BLOCKS[key]
        title = widgets.HTML(
            f'<b>{escape(block.label)}</b><div class="ck-tags">{escape(block.questions[0])}</div>'
        )
        self.notes = widgets.HTML(_EMPTY).add_class(f"ck-notes-{key}")
        self.select = widgets.Dropdown(
            options=[(_PICK, _NO_NOTE)], value=_NO_NOTE, layout=widgets.Layout(width="auto")
        ).add_class(f"ck-select-{key}")
        self.add_text = widgets.Text(
            placeholder="New note…",
            layout=widgets.Layout(flex="1 1 0%", width="auto", min_width="0"),
        ).add_class(f"ck-add-{key}")
        self.add_button = widgets.Button(
            description="Add", layout=widgets.Layout(width="auto", flex="0 0 auto")
        ).add_class(f"ck-add-button-{key}")
        self.options: list[tuple[str, str]] = [(_PICK, _NO_NOTE)]
        self.box = widgets.VBox(
            [title, self.notes, self.select, widgets.HBox([self.add_text, self.add_button])],
            layout=widgets.Layout(
                grid_area=block.area, border="1px solid #999", padding="4px", min_width="0"
            ),
        ).add_class(f"ck-block-{key}")


class CanvasBoard(StatefulBox):
    """An editable Business Model Canvas, laid out like the poster, with a live thread check.

    Parameters
    ----------
    canvas
        The canvas to show and edit (the board changes it in place); a new empty canvas if
        neither ``canvas`` nor ``value`` is given.
    value
        A canvas as data (``Canvas.to_dict()`` or a pasted ``as_literal()``), instead of ``canvas``.
    autosave
        A file to save to after every change, e.g. ``"maria.canvas.json"``; if it exists, the
        board starts from it so that work survives a restart.

    Traits: ``value`` (the canvas as data; setting it reloads the canvas), ``findings``
    (``check_threads`` as a list of dicts, read-only) and ``message`` (last status or error).
    """

    value = Dict(help="The canvas as data, as Canvas.to_dict() gives it.").tag(sync=True)
    findings = List(Dict(), read_only=True, help="The thread check's findings.").tag(sync=True)

    def __init__(
        self,
        canvas: Canvas | None = None,
        *,
        value: dict[str, Any] | None = None,
        autosave: str | os.PathLike[str] | None = None,
        **kwargs: Any,
    ) -> None:
        if canvas is not None and value is not None:
            raise TypeError("give a canvas or a value, not both")
        self._syncing = False  # True while the board writes its own traits and controls
        self._incoming: Canvas | None = None
        self._selected: str | None = None
        super().__init__(**kwargs)
        if canvas is None:
            canvas = Canvas.from_dict(value) if value is not None else Canvas()
        self.canvas = canvas
        self._build(str(autosave) if autosave is not None else "my.canvas.json")
        self._refresh()
        self._follow(canvas)
        self._start_autosave(autosave)

    # -- building ------------------------------------------------------------------------------
    def _build(self, path: str) -> None:
        self._views = {key: _BlockView(key) for key in BLOCKS}
        for key, view in self._views.items():
            view.add_button.on_click(partial(self._on_add_click, key))
            view.select.observe(partial(self._on_select_change, key), "value")
        grid = widgets.GridBox(
            [view.box for view in self._views.values()],
            layout=widgets.Layout(
                grid_template_columns="repeat(10, minmax(0, 1fr))",
                grid_template_areas=" ".join(f'"{row}"' for row in POSTER_AREAS),
                grid_gap="4px",
                width="100%",
            ),
        ).add_class("ck-board")
        self._title = widgets.Text(
            description="Title:", continuous_update=False, layout=widgets.Layout(width="60%")
        ).add_class("ck-title")
        self._title.observe(self._on_title_change, "value")
        self._findings_html = widgets.HTML().add_class("ck-findings")
        self._export_button = widgets.Button(description="Export HTML", icon="file")
        self._export_button.add_class("ck-export")
        self._export_button.on_click(self._on_export_click)
        files = self._file_controls(path)
        files.children = (*files.children, self._export_button)
        self.children = [
            widgets.HTML(f"<style>{POSTER_CSS}{_BOARD_CSS}</style>"),
            self._title,
            grid,
            self._build_editor(),
            self._findings_html,
            files,
            self._status,
        ]

    def _build_editor(self) -> widgets.VBox:
        self._edit_label = widgets.HTML()
        self._edit_text = widgets.Textarea(rows=2, layout=widgets.Layout(width="60%")).add_class(
            "ck-edit-text"
        )
        controls: dict[str, widgets.Widget] = {
            "segments": widgets.SelectMultiple(description="Segments:", rows=4)
        }
        for tag, vocab in TAG_VOCABULARIES.items():
            label = vocab.name.capitalize() + ":"
            if tag in MULTI_TAGS:
                controls[tag] = widgets.SelectMultiple(
                    options=vocab.options(), description=label, rows=min(len(vocab), 6)
                )
            else:
                controls[tag] = widgets.Dropdown(
                    options=[(_NONE, None), *vocab.options()], description=label
                )
        controls["colour"] = widgets.ColorPicker(description="Colour:")
        for tag, control in controls.items():
            control.style.description_width = "initial"
            control.add_class(f"ck-tag-{tag}")
        self._tag_controls = controls
        self._update_button = widgets.Button(description="Update note", icon="check")
        self._remove_button = widgets.Button(
            description="Remove note", icon="trash", button_style="danger"
        )
        self._update_button.add_class("ck-update")
        self._remove_button.add_class("ck-remove")
        self._update_button.on_click(self._on_update_click)
        self._remove_button.on_click(self._on_remove_click)
        self._editor = widgets.VBox(
            [
                self._edit_label,
                self._edit_text,
                widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap")),
                widgets.HBox([self._update_button, self._remove_button]),
            ],
            layout=widgets.Layout(display="none", border="1px dashed #999", padding="4px"),
        ).add_class("ck-editor")
        return self._editor

    # -- the model as traits and views ---------------------------------------------------------
    def _state(self) -> dict[str, Any]:
        return self.canvas.to_dict()

    def _restore(self, data: Any) -> None:
        self.value = data

    @validate("value")
    def _valid_value(self, proposal: Any) -> dict[str, Any]:
        if self._syncing:
            return proposal.value
        try:
            canvas = Canvas.from_dict(proposal.value)
        except CanvasError as exc:
            raise TraitError(f"not a valid canvas: {exc}") from None
        self._incoming = canvas
        return canvas.to_dict()

    @observe("value")
    def _on_value_change(self, _change: Any) -> None:
        if self._syncing or self._incoming is None:
            return
        incoming, self._incoming = self._incoming, None
        self.canvas.assign(incoming)

    def _on_canvas_change(self, _canvas: Canvas) -> None:
        self._refresh()
        self._changed()

    def _refresh(self) -> None:
        """Bring every view and trait in line with the canvas, rewriting only what changed."""
        self._syncing = True
        try:
            for key in BLOCKS:
                self._render_block(key)
            segments = [(_short(s.text), s.id) for s in self.canvas.segments]
            _set_options(self._tag_controls["segments"], segments)
            if self._selected is not None and not self._exists(self._selected):
                self._select(None)
            self._title.value = self.canvas.title
            findings = check_threads(self.canvas)
            self.set_trait("findings", [f.to_dict() for f in findings])
            style = "color:#1b5e20" if not findings else "color:#8a4b00"
            self._findings_html.value = (
                f'<div style="white-space:pre-wrap;{style}">{escape(summary(findings))}</div>'
            )
            self.value = self.canvas.to_dict()
        finally:
            self._syncing = False

    def _render_block(self, key: str) -> None:
        view, notes = self._views[key], self.canvas.blocks[key]
        html = "".join(note_html(self.canvas, key, n) for n in notes) or _EMPTY
        if view.notes.value != html:
            view.notes.value = html
        options = [(_PICK, _NO_NOTE), *((_short(n.text), n.id) for n in notes)]
        if options != view.options:
            view.options = options
            _set_options(view.select, options)

    def _exists(self, note_id: str) -> bool:
        return any(n.id == note_id for _, n in self.canvas.notes)

    # -- selecting and editing -----------------------------------------------------------------
    def _select(self, note_id: str | None) -> None:
        """Show ``note_id`` in the editor (``None`` hides it) and clear the other blocks' pickers."""
        self._selected = note_id
        block = self.canvas.block_of(note_id) if note_id is not None else None
        was = self._syncing
        self._syncing = True
        try:
            for key, view in self._views.items():
                if key != block:
                    view.select.value = _NO_NOTE
            if note_id is None or block is None:
                self._editor.layout.display = "none"
                return
            self._views[block].select.value = note_id
            note = self.canvas.note(note_id)
            allowed = allowed_tags(block)
            self._edit_label.value = (
                f"<b>Edit a note in {escape(BLOCKS[block].label)}</b> "
                f'<span class="ck-tags">({escape(note_id)})</span>'
            )
            self._edit_text.value = note.text
            for tag, control in self._tag_controls.items():
                control.layout.display = None if tag in allowed else "none"
                if tag in allowed:
                    colour = tag == "colour"
                    control.value = self.canvas.colour_of(note_id) if colour else getattr(note, tag)
            self._editor.layout.display = None
        finally:
            self._syncing = was

    def _on_select_change(self, key: str, change: Any) -> None:
        if self._syncing:
            return
        if change.new != _NO_NOTE:
            self._select(change.new)
        elif any(note_id == self._selected for _, note_id in self._views[key].options):
            self._select(None)

    def _on_add_click(self, key: str, _button: widgets.Button) -> None:
        view = self._views[key]
        try:
            note = self.canvas.add(key, view.add_text.value)
        except CanvasError as exc:
            self._say(f"Not added: {exc}", error=True)
            return
        view.add_text.value = ""
        self._select(note.id)
        self._say(f"Added a note to {BLOCKS[key].label}; tag it below.")

    def _on_update_click(self, _button: widgets.Button) -> None:
        note_id = self._selected
        if note_id is None:
            self._say("Pick a note in a block first.", error=True)
            return
        changes: dict[str, Any] = {"text": self._edit_text.value}
        for tag in allowed_tags(self.canvas.block_of(note_id)):
            changes[tag] = self._tag_controls[tag].value
        try:
            self.canvas.update(note_id, **changes)
        except CanvasError as exc:
            self._say(f"Not updated: {exc}", error=True)
            return
        self._select(note_id)
        self._say("Updated the note.")

    def _on_remove_click(self, _button: widgets.Button) -> None:
        note_id = self._selected
        if note_id is None:
            self._say("Pick a note in a block first.", error=True)
            return
        note = self.canvas.remove(note_id)
        self._say(f"Removed {note.text!r}.")

    def _on_title_change(self, change: Any) -> None:
        if self._syncing or change.new == self.canvas.title:
            return
        try:
            canvas = Canvas.from_dict({**self.canvas.to_dict(), "title": change.new})
        except CanvasError as exc:
            self._say(f"Title not changed: {exc}", error=True)
            return
        self.canvas.assign(canvas)

    def _on_export_click(self, _button: widgets.Button) -> None:
        path = _html_path(self._path.value)
        try:
            save_html(self.canvas, path)
        except OSError as exc:
            self._say(f"Could not export {path}: {exc}", error=True)
            return
        self._say(f"Exported the poster to {path}.")


def _set_options(control: widgets.Widget, options: list[tuple[str, Any]]) -> None:
    """Replace a selection widget's options, keeping its value where it is still an option."""
    keep = control.value
    control.options = options
    values = {v for _, v in options}
    if isinstance(keep, tuple):
        control.value = tuple(v for v in keep if v in values)
    elif keep in values:
        control.value = keep
