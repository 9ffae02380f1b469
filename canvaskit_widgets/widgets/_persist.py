"""The private base of the widgets: a status line, save/load/as_literal and autosave."""

from __future__ import annotations

import contextlib
import json
import os
import pprint
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets
from traitlets import TraitError, Unicode

from .._atomic import write_text_atomic
from ..model import Canvas

__all__ = ["StateError", "StatefulBox"]

# Errors a bad state (from a file, a literal or a UI edit) may raise; they become messages.
STATE_ERRORS = (ValueError, TypeError, KeyError, TraitError)


class StateError(ValueError):
    """A widget state file cannot be loaded; the message names the file and the problem."""


class StatefulBox(widgets.VBox):
    """A VBox whose state is JSON-ready data that it can save, load, autosave and show as a literal.

    Subclasses implement ``_state()`` (the data) and ``_restore(data)``, which must either
    apply all of ``data`` or raise one of ``STATE_ERRORS`` and change nothing, and call
    ``_changed()`` after every change of state.
    """

    message = Unicode("", help="The last status or error message.").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._status = widgets.HTML().add_class("ck-message")
        self._autosave_path: Path | None = None

    # -- for subclasses ------------------------------------------------------------------------
    def _state(self) -> dict[str, Any]:
        raise NotImplementedError

    def _restore(self, data: Any) -> None:
        raise NotImplementedError

    def _changed(self) -> None:
        """Autosave, if on; a failure shows in the message and turns nothing else off."""
        if self._autosave_path is not None:
            try:
                self._write(self._autosave_path)
            except OSError as exc:
                self._say(f"Autosave to {self._autosave_path} failed: {exc}", error=True)

    def _follow(self, canvas: Canvas) -> None:
        """Call ``_on_canvas_change(canvas)`` after every change of ``canvas`` until ``close()``."""
        canvas.subscribe(self._on_canvas_change)
        self._followed: Canvas | None = canvas

    def _on_canvas_change(self, canvas: Canvas) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Stop following the canvas, if any, and close the widget."""
        canvas = getattr(self, "_followed", None)
        if canvas is not None:
            self._followed = None
            canvas.unsubscribe(self._on_canvas_change)
        super().close()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message = text
        colour = "#b00020" if error else "#1b5e20"
        self._status.value = f'<span style="color:{colour}">{escape(text)}</span>' if text else ""

    # -- public --------------------------------------------------------------------------------
    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the state to ``path`` as JSON, atomically (a failed save leaves the old file)."""
        try:
            written = self._write(Path(path))
        except OSError as exc:
            self._say(f"Could not save {path}: {exc}", error=True)
            raise
        self._say(f"Saved to {written}.")
        return written

    def load(self, path: str | os.PathLike[str]) -> None:
        """Replace the state with the JSON file at ``path``.

        A file that cannot be read or is not a valid state raises ``StateError`` (also shown
        in ``message``) and leaves the file and the widget unchanged.
        """
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            self._restore(data)
        except (OSError, UnicodeDecodeError, *STATE_ERRORS) as exc:
            text = f"Could not load {path}: {_reason(exc)}. Nothing was changed."
            self._say(text, error=True)
            raise StateError(text) from None
        self._say(f"Loaded {path}.")

    def as_literal(self) -> str:
        """The state as a Python literal to paste in a cell and pass back to the constructor."""
        return pprint.pformat(self._state(), sort_dicts=False, width=100)

    # -- internals -----------------------------------------------------------------------------
    def _write(self, path: Path) -> Path:
        text = json.dumps(self._state(), indent=2, ensure_ascii=False) + "\n"
        return write_text_atomic(path, text)

    def _start_autosave(self, path: str | os.PathLike[str] | None) -> None:
        """Autosave to ``path`` from now on, first restoring its state if the file exists.

        A file that cannot be restored is kept as it is and autosave stays off, so that
        nothing overwrites it.
        """
        if path is None:
            return
        path = Path(path)
        if path.exists():
            try:
                self.load(path)
            except StateError:
                self._say(
                    f"{self.message} Autosave is off so that {path} is kept; "
                    "fix or rename it, or save under another name.",
                    error=True,
                )
                return
            self._say(f"Restored your work from {path}; changes are saved there automatically.")
        self._autosave_path = path

    def _file_controls(self, default_path: str) -> widgets.HBox:
        """A path field with Save and Load buttons."""
        self._path = widgets.Text(value=default_path, description="File:").add_class("ck-path")
        self._save_button = widgets.Button(description="Save", icon="save").add_class("ck-save")
        self._load_button = widgets.Button(description="Load", icon="folder-open")
        self._load_button.add_class("ck-load")
        self._save_button.on_click(self._on_save_click)
        self._load_button.on_click(self._on_load_click)
        return widgets.HBox([self._path, self._save_button, self._load_button])

    def _on_save_click(self, _button: widgets.Button) -> None:
        with contextlib.suppress(OSError):  # shown in the message
            self.save(self._path.value)

    def _on_load_click(self, _button: widgets.Button) -> None:
        with contextlib.suppress(StateError):  # shown in the message
            self.load(self._path.value)


def _reason(exc: BaseException) -> str:
    """An exception as a short reason, without the traceback."""
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON ({exc})"
    if isinstance(exc, KeyError) and exc.args:
        return str(exc.args[0])
    return str(exc) or type(exc).__name__
