"""The canvas domain model: nine blocks of tagged notes, with no widget code."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ._atomic import write_text_atomic
from .vocab import BLOCKS, TAG_VOCABULARIES

__all__ = [
    "MAX_TEXT",
    "SCHEMA_VERSION",
    "TAGS_BY_BLOCK",
    "Canvas",
    "CanvasError",
    "Note",
    "allowed_tags",
]

SCHEMA = "canvaskit.canvas"
SCHEMA_VERSION = 1
MAX_TEXT = 500
MAX_TITLE = 200
SEGMENT_PALETTE = ("#e4572e", "#17bebb", "#ffc914", "#76b041", "#8e6c8a", "#2e86ab", "#f49d6e")

# Which tags a note may carry in each block ("segments" is allowed everywhere but the segments).
TAGS_BY_BLOCK: dict[str, frozenset[str]] = {
    "customer_segments": frozenset({"segment_type"}),
    "value_propositions": frozenset({"elements"}),
    "channels": frozenset({"phases", "channel_type"}),
    "customer_relationships": frozenset({"category", "motivation", "phases"}),
}
MULTI_TAGS = frozenset({"phases", "elements"})
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class CanvasError(ValueError):
    """A canvas, a note or a canvas file is not valid; the message names the field and value."""


@dataclass(frozen=True)
class Note:
    """A sticky note: text plus the tags that apply to its block.

    Parameters
    ----------
    id
        Stable identifier; for customer segments it is what other notes refer to.
    text
        What the note says (1 to ``MAX_TEXT`` characters).
    segments
        Ids of the customer segments the note serves; empty means it serves every segment.
    category, motivation
        Relationship category and motivation (Customer Relationships block).
    phases
        Channel phases the note covers (Channels and Customer Relationships blocks).
    elements
        Value proposition elements (Value Propositions block).
    segment_type, colour
        Segment type and display colour (Customer Segments block).
    channel_type
        Own/partner, direct/indirect (Channels block).
    """

    id: str
    text: str
    segments: tuple[str, ...] = ()
    category: str | None = None
    motivation: str | None = None
    phases: tuple[str, ...] = ()
    elements: tuple[str, ...] = ()
    segment_type: str | None = None
    channel_type: str | None = None
    colour: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _ID.match(self.id):
            raise CanvasError(
                f"note id {self.id!r} is not valid: use 1-40 lower-case letters, digits, - or _"
            )
        if not isinstance(self.text, str):
            raise CanvasError(
                f"note {self.id!r}: text must be a string, not {type(self.text).__name__}"
            )
        text = self.text.strip()
        if not text:
            raise CanvasError(f"note {self.id!r}: text is empty")
        if len(text) > MAX_TEXT:
            raise CanvasError(
                f"note {self.id!r}: text is {len(text)} characters long; the limit is {MAX_TEXT}"
            )
        object.__setattr__(self, "text", text)
        for name in ("segments", *MULTI_TAGS):
            value = getattr(self, name)
            if isinstance(value, str) or not isinstance(value, Iterable):
                raise CanvasError(f"note {self.id!r}: {name} must be a list, not {value!r}")
            value = tuple(value)
            if not all(isinstance(v, str) for v in value):
                raise CanvasError(
                    f"note {self.id!r}: {name} must be a list of names, not {value!r}"
                )
            object.__setattr__(self, name, tuple(dict.fromkeys(value)))
        for name in ("category", "motivation", "segment_type", "channel_type"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise CanvasError(f"note {self.id!r}: {name} must be a name, not {value!r}")
        for tag, vocab in TAG_VOCABULARIES.items():
            values = getattr(self, tag)
            for value in values if tag in MULTI_TAGS else [values] if values is not None else []:
                if value not in vocab:
                    raise CanvasError(f"note {self.id!r}: {vocab.unknown(value)}")
        if self.colour is not None and not (
            isinstance(self.colour, str) and _COLOUR.match(self.colour)
        ):
            raise CanvasError(f"note {self.id!r}: colour {self.colour!r} is not a #rrggbb colour")

    @property
    def tags(self) -> dict[str, Any]:
        """The tags that are set, as plain JSON-ready values."""
        out: dict[str, Any] = {}
        for f in fields(self)[2:]:
            value = getattr(self, f.name)
            if value:
                out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    def to_dict(self) -> dict[str, Any]:
        """The note as a JSON-ready dict."""
        return {"id": self.id, "text": self.text, **self.tags}


def allowed_tags(block: str) -> frozenset[str]:
    """The tags a note in ``block`` may carry."""
    return TAGS_BY_BLOCK.get(block, frozenset()) | (
        {"colour"} if block == "customer_segments" else {"segments"}
    )


def _check_tags(block: str, note: Note) -> None:
    allowed = allowed_tags(block)
    for name in note.tags:
        if name not in allowed:
            raise CanvasError(
                f"note {note.id!r}: tag {name!r} does not apply in block {block!r}"
                f" (allowed: {', '.join(sorted(allowed)) or 'none'})"
            )


def _check_block(block: object) -> str:
    if block not in BLOCKS:
        raise CanvasError(f"unknown block {block!r}; expected one of: {', '.join(BLOCKS)}")
    return block  # type: ignore[return-value]


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:30].strip("-")
    return slug or "segment"


@dataclass
class Canvas:
    """A Business Model Canvas: the nine blocks, each a list of notes.

    Parameters
    ----------
    title
        The name of the business or scenario.
    blocks
        Notes by block key; missing blocks start empty.
    """

    title: str = "Untitled canvas"
    blocks: dict[str, list[Note]] = field(default_factory=dict)
    _listeners: list[Callable[[Canvas], None]] = field(
        default_factory=list, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if not isinstance(self.title, str) or not self.title.strip():
            raise CanvasError(f"title must be a non-empty string, not {self.title!r}")
        if len(self.title) > MAX_TITLE:
            raise CanvasError(
                f"title is {len(self.title)} characters long; the limit is {MAX_TITLE}"
            )
        given = self.blocks
        for block in given:
            _check_block(block)
        self.blocks = {key: [] for key in BLOCKS}
        taken: set[str] = set()
        for block, notes in given.items():
            for note in notes:
                self._insert(block, note, taken)
        self._check_references()

    # -- reading -------------------------------------------------------------------------------
    @property
    def notes(self) -> list[tuple[str, Note]]:
        """Every ``(block, note)`` pair in poster order."""
        return [(block, note) for block, notes in self.blocks.items() for note in notes]

    @property
    def segments(self) -> list[Note]:
        """The customer segments, in the order they were added."""
        return list(self.blocks["customer_segments"])

    def note(self, note_id: str) -> Note:
        """The note with ``note_id``."""
        return self.blocks[self.block_of(note_id)][self._index(note_id)]

    def block_of(self, note_id: str) -> str:
        """The block that holds ``note_id``."""
        for block, note in self.notes:
            if note.id == note_id:
                return block
        raise CanvasError(f"no note with id {note_id!r}")

    def notes_for(self, block: str, segment: str | None = None) -> list[Note]:
        """Notes of ``block``; with ``segment``, those serving it (untagged notes serve all)."""
        notes = self.blocks[_check_block(block)]
        if segment is None:
            return list(notes)
        return [n for n in notes if not n.segments or segment in n.segments]

    def colour_of(self, segment: str) -> str:
        """The colour of a segment."""
        colour = self.note(segment).colour
        return colour or SEGMENT_PALETTE[0]

    # -- changing ------------------------------------------------------------------------------
    def add(self, block: str, text: str, *, id: str | None = None, **tags: Any) -> Note:
        """Add a note to ``block`` and return it; tags are validated against the vocabularies."""
        _check_block(block)
        if id is None:
            id = self._new_id(block, text)
        if block == "customer_segments" and "colour" not in tags:
            tags["colour"] = SEGMENT_PALETTE[len(self.segments) % len(SEGMENT_PALETTE)]
        note = _make_note(id, text, tags)
        self._check_references([note])
        self._insert(block, note)
        self._changed()
        return note

    def update(self, note_id: str, **changes: Any) -> Note:
        """Change a note's text or tags and return the new note."""
        block, index = self.block_of(note_id), self._index(note_id)
        if "id" in changes:
            raise CanvasError("a note's id cannot change")
        old = self.blocks[block][index]
        try:
            new = replace(old, **changes)
        except TypeError as exc:
            raise CanvasError(f"note {note_id!r}: {exc}") from None
        _check_tags(block, new)
        self._check_references([new])
        self.blocks[block][index] = new
        self._changed()
        return new

    def remove(self, note_id: str) -> Note:
        """Remove a note; removing a segment also removes it from other notes' tags."""
        block = self.block_of(note_id)
        note = self.blocks[block].pop(self._index(note_id))
        if block == "customer_segments":
            for b, notes in self.blocks.items():
                self.blocks[b] = [
                    replace(n, segments=tuple(s for s in n.segments if s != note_id))
                    if note_id in n.segments
                    else n
                    for n in notes
                ]
        self._changed()
        return note

    def assign(self, other: Canvas) -> None:
        """Take over ``other``'s title and notes in place, keeping subscribers, and notify them."""
        self.title = other.title
        self.blocks = {block: list(notes) for block, notes in other.blocks.items()}
        self._changed()

    def subscribe(self, callback: Callable[[Canvas], None]) -> None:
        """Call ``callback(canvas)`` after every change."""
        self._listeners.append(callback)

    def unsubscribe(self, callback: Callable[[Canvas], None]) -> None:
        """Stop calling ``callback``."""
        self._listeners.remove(callback)

    # -- serialising ---------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The canvas as JSON-ready data, with schema name and version."""
        return {
            "schema": SCHEMA,
            "version": SCHEMA_VERSION,
            "title": self.title,
            "blocks": {b: [n.to_dict() for n in notes] for b, notes in self.blocks.items()},
        }

    @classmethod
    def from_dict(cls, data: Any) -> Canvas:
        """Rebuild a canvas from ``to_dict`` output, naming the first problem found."""
        if not isinstance(data, dict):
            raise CanvasError(f"a canvas must be a JSON object, not {type(data).__name__}")
        if data.get("schema") != SCHEMA:
            raise CanvasError(f"schema is {data.get('schema')!r}; expected {SCHEMA!r}")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise CanvasError(f"version {version!r} is not a whole number")
        if version > SCHEMA_VERSION:
            raise CanvasError(
                f"version {version} is newer than this canvaskit reads ({SCHEMA_VERSION}); upgrade"
            )
        unknown = set(data) - {"schema", "version", "title", "blocks"}
        if unknown:
            raise CanvasError(f"unknown field(s) {', '.join(sorted(unknown))}")
        blocks = data.get("blocks", {})
        if not isinstance(blocks, dict):
            raise CanvasError("blocks must be an object of block name to list of notes")
        parsed: dict[str, list[Note]] = {}
        names = {f.name for f in fields(Note)}
        for block, notes in blocks.items():
            _check_block(block)
            if not isinstance(notes, list):
                raise CanvasError(f"block {block!r} must hold a list of notes")
            parsed[block] = []
            for i, raw in enumerate(notes):
                where = f"blocks.{block}[{i}]"
                if not isinstance(raw, dict):
                    raise CanvasError(f"{where}: a note must be an object")
                extra = set(raw) - names
                if extra:
                    raise CanvasError(f"{where}: unknown field(s) {', '.join(sorted(extra))}")
                if "id" not in raw or "text" not in raw:
                    raise CanvasError(f"{where}: a note needs an id and a text")
                try:
                    parsed[block].append(_make_note(raw["id"], raw["text"], raw))
                except CanvasError as exc:
                    raise CanvasError(f"{where}: {exc}") from None
        return cls(title=data.get("title", "Untitled canvas"), blocks=parsed)

    def to_json(self) -> str:
        """The canvas as indented JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Canvas:
        """Parse JSON text made by ``to_json``."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CanvasError(f"not valid JSON: {exc}") from None
        except RecursionError:
            raise CanvasError("the JSON is nested too deeply to be a canvas") from None
        return cls.from_dict(data)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the canvas to ``path`` atomically (a failed save leaves the old file whole)."""
        return write_text_atomic(path, self.to_json())

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Canvas:
        """Read a canvas file; a bad file raises ``CanvasError`` naming the file and the problem."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CanvasError(f"{path}: cannot read canvas file: {exc}") from None
        try:
            return cls.from_json(text)
        except CanvasError as exc:
            raise CanvasError(f"{path}: {exc}") from None

    # -- internals -----------------------------------------------------------------------------
    def _insert(self, block: str, note: Note, taken: set[str] | None = None) -> Note:
        """Append ``note`` to ``block``; ``taken`` (the ids so far, kept up to date) saves
        rescanning the canvas when many notes are inserted in a row."""
        _check_tags(block, note)
        if taken is None:
            taken = {n.id for _, n in self.notes}
        if note.id in taken:
            kind = "segment" if block == "customer_segments" else "note"
            raise CanvasError(f"duplicate {kind} id {note.id!r}")
        self.blocks[block].append(note)
        taken.add(note.id)
        return note

    def _check_references(self, notes: Iterable[Note] | None = None) -> None:
        """Check that ``notes`` (default: all) refer only to segments on the canvas."""
        known = {s.id for s in self.blocks["customer_segments"]}
        for note in [n for _, n in self.notes] if notes is None else notes:
            for seg in note.segments:
                if seg not in known:
                    raise CanvasError(
                        f"note {note.id!r} refers to segment {seg!r}, which is not on the canvas"
                    )

    def _index(self, note_id: str) -> int:
        for notes in self.blocks.values():
            for i, note in enumerate(notes):
                if note.id == note_id:
                    return i
        raise CanvasError(f"no note with id {note_id!r}")

    def _new_id(self, block: str, text: str) -> str:
        taken = {n.id for _, n in self.notes}
        stem = _slug(str(text)) if block == "customer_segments" else BLOCKS[block].area
        if block == "customer_segments" and stem not in taken:
            return stem
        i = 1
        while f"{stem}-{i}" in taken:
            i += 1
        return f"{stem}-{i}"

    def _changed(self) -> None:
        for callback in list(self._listeners):
            callback(self)


def _make_note(id: Any, text: Any, tags: dict[str, Any]) -> Note:
    names = {f.name for f in fields(Note)} - {"id", "text"}
    unknown = set(tags) - names - {"id", "text"}
    if unknown:
        raise CanvasError(
            f"unknown tag(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(names))}"
        )
    return Note(id=id, text=text, **{k: v for k, v in tags.items() if k in names})
