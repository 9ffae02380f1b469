"""SelfCheck: a multiple-choice or numeric question checked against a fingerprint, never the answer;
HintLadder: hints a student opens one step at a time, none of which may state the answer."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

import ipywidgets as widgets
from traitlets import Bool, Int, TraitError

from ..checks import answer_hash, check
from ._persist import StatefulBox

__all__ = ["HintLadder", "SelfCheck"]

REVEAL_AFTER = 2  # wrong tries after which the explanation shows anyway


class SelfCheck(StatefulBox):
    """A question with a Check button, feedback, a hint and an explanation.

    Parameters
    ----------
    question
        The question, as plain text.
    options
        The choices (strings) for a multiple-choice question; ``None`` for a numeric answer.
    answer_hash
        The expected answer's fingerprint, from ``SelfCheck.fingerprint(answer)``.
    explanation
        Shown after a correct answer, or after two tries.
    hint
        Shown with a wrong answer.
    digits
        Decimal places a numeric answer is rounded to before it is compared.
    state
        A state from ``as_literal()`` to start from.
    autosave
        A file to save the answer and attempts to after every check.

    Traits: ``attempts`` (checks so far), ``passed`` (whether the last check was right),
    both read-only, and ``message``.
    """

    attempts = Int(0, read_only=True, help="How many times the answer was checked.").tag(sync=True)
    passed = Bool(False, read_only=True, help="Whether the last check was right.").tag(sync=True)

    def __init__(
        self,
        question: str,
        options: Sequence[str] | None = None,
        *,
        answer_hash: str,
        explanation: str,
        hint: str = "",
        digits: int = 2,
        state: Mapping[str, Any] | None = None,
        autosave: str | os.PathLike[str] | None = None,
        **kwargs: Any,
    ) -> None:
        _check_authoring(options, answer_hash, digits)
        self.answer_hash, self.hint, self.digits = answer_hash, hint, digits
        super().__init__(**kwargs)
        if options is None:
            self._input: widgets.Widget = widgets.FloatText(description="Answer:")
        else:
            self._input = widgets.RadioButtons(
                options=list(options), value=None, layout=widgets.Layout(width="auto")
            )
        self._input.add_class("ck-answer")
        self._check_button = widgets.Button(description="Check", icon="check")
        self._check_button.add_class("ck-check")
        self._check_button.on_click(self._on_check_click)
        self._feedback = widgets.HTML().add_class("ck-feedback")
        self._explanation = widgets.HTML(
            f"<b>Why:</b> {escape(explanation)}", layout=widgets.Layout(display="none")
        ).add_class("ck-explanation")
        self.children = [
            widgets.HTML(f"<b>{escape(question)}</b>"),
            self._input,
            self._check_button,
            self._feedback,
            self._explanation,
            self._status,
        ]
        if state is not None:
            self._restore(state)
        self._start_autosave(autosave)

    @staticmethod
    def fingerprint(answer: Any, digits: int = 2) -> str:
        """The ``answer_hash`` to give a SelfCheck whose expected answer is ``answer``."""
        return answer_hash(answer, digits)

    def _on_check_click(self, _button: widgets.Button) -> None:
        answer = self._input.value
        if answer is None:
            self._say("Choose an answer first.", error=True)
            return
        self._say("")
        self._grade(answer, self.attempts + 1)
        self._changed()

    def _grade(self, answer: Any, attempts: int) -> None:
        passed = check("answer", answer, self.answer_hash, digits=self.digits).passed
        self.set_trait("attempts", attempts)
        self.set_trait("passed", passed)
        if passed:
            self._feedback.value = '<span style="color:#1b5e20">✔ Correct.</span>'
        else:
            advice = escape(self.hint) if self.hint else "Read the question again and try again."
            self._feedback.value = f'<span style="color:#b00020">✘ Not yet. {advice}</span>'
        if passed or attempts >= REVEAL_AFTER:
            self._explanation.layout.display = None

    def _state(self) -> dict[str, Any]:
        return {"answer": self._input.value, "attempts": self.attempts, "passed": self.passed}

    def _restore(self, data: Any) -> None:
        """Set the answer and attempts; ``passed`` is worked out again from the answer."""
        if not isinstance(data, Mapping) or set(data) - {"answer", "attempts", "passed"}:
            raise TraitError(f"a self-check state has answer, attempts and passed, not {data!r}")
        attempts, answer = data.get("attempts", 0), data.get("answer")
        if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 0:
            raise TraitError(f"attempts must be a whole number of at least 0, not {attempts!r}")
        if isinstance(self._input, widgets.RadioButtons):
            if answer is not None and answer not in self._input.options:
                raise TraitError(f"answer {answer!r} is not one of the options")
        elif isinstance(answer, bool) or not isinstance(answer, (int, float)):
            raise TraitError(f"the answer must be a number, not {answer!r}")
        elif not math.isfinite(answer):
            raise TraitError(f"the answer must be a finite number, not {answer!r}")
        self._input.value = answer
        if attempts and answer is not None:
            self._grade(answer, attempts)
        else:
            self.set_trait("attempts", attempts)
            self.set_trait("passed", False)
        self._changed()


def _check_authoring(options: Sequence[str] | None, fingerprint: str, digits: int) -> None:
    """Catch an author's slip at once: a malformed fingerprint, or one no option matches."""
    kind, sep, digest = fingerprint.partition(":") if isinstance(fingerprint, str) else ("", "", "")
    if not sep or not digest:
        raise ValueError(
            f"answer_hash {fingerprint!r} is not a fingerprint; make one with "
            "SelfCheck.fingerprint(answer)"
        )
    if options is None:
        if kind != "num":
            raise ValueError(
                f"a question without options needs a number's fingerprint, not {kind!r}"
            )
        return
    if isinstance(options, str) or len(options) < 2:
        raise ValueError("options must be a list of at least two choices")
    if not all(isinstance(o, str) for o in options):
        raise ValueError("options must be strings")
    matches = [o for o in options if answer_hash(o, digits) == fingerprint]
    if len(matches) != 1:
        found = "none" if not matches else f"{len(matches)}"
        raise ValueError(
            f"answer_hash matches {found} of the options; it must match exactly one "
            "(make it with SelfCheck.fingerprint(the right option))"
        )


# -- hint ladders ----------------------------------------------------------------------------------
HINT_STEPS = ("What to compute", "Which method", "A skeleton")
_TOKENS = re.compile(r"`([^`]+)`|\"([^\"]+)\"|'([^']+)'|(-?\d+(?:\.\d+)?)")


def _leaks(hint: str, fingerprint: str, digits: int) -> str | None:
    """The piece of ``hint`` whose fingerprint is ``fingerprint`` (the whole hint, a `code`
    span, a quoted text or a number), or ``None``."""
    pieces: list[Any] = [hint]
    for code, double, single, number in _TOKENS.findall(hint):
        pieces.append(code or double or single or float(number))
        if code:
            pieces += [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", code)]
    return next((str(p) for p in pieces if answer_hash(p, digits) == fingerprint), None)


def _hint_html(text: str) -> str:
    """Plain text with `code` spans, as HTML."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text))


class HintLadder(StatefulBox):
    """Hints for one exercise part that a student opens one at a time.

    A ladder climbs from what to compute, to which method, to a skeleton of the code; no hint
    may state the answer. Opening a hint is the student's choice and is never graded.

    Parameters
    ----------
    hints
        Two to five hints, from the most general to a skeleton.
    answer_hash
        The fingerprint of the part's answer (``SelfCheck.fingerprint(answer)``), if it has
        one: a hint that states it, whole, as a `code` span, a quoted text or a number, is
        refused when the ladder is made.
    digits
        Decimal places numbers are rounded to before comparing with ``answer_hash``.
    labels
        A title for each step; by default "What to compute", "Which method", "A skeleton"...
    state, autosave
        As for ``SelfCheck``.

    Traits: ``shown`` (hints open so far, read-only) and ``message``.
    """

    shown = Int(0, read_only=True, help="How many hints are open.").tag(sync=True)

    def __init__(
        self,
        hints: Sequence[str],
        *,
        answer_hash: str | None = None,
        digits: int = 2,
        labels: Sequence[str] | None = None,
        state: Mapping[str, Any] | None = None,
        autosave: str | os.PathLike[str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.hints = _check_hints(hints, answer_hash, digits)
        self.labels = list(labels) if labels is not None else _default_labels(len(self.hints))
        if len(self.labels) != len(self.hints):
            raise ValueError(f"give one label per hint ({len(self.hints)}), not {len(self.labels)}")
        super().__init__(**kwargs)
        self._steps = [
            widgets.HTML(
                f"<b>{escape(label)}:</b> {_hint_html(hint)}", layout=widgets.Layout(display="none")
            ).add_class("ck-hint")
            for label, hint in zip(self.labels, self.hints, strict=True)
        ]
        self._next_button = widgets.Button(icon="lightbulb-o").add_class("ck-next-hint")
        self._next_button.on_click(self._on_next_click)
        self.children = [*self._steps, self._next_button, self._status]
        self._show(0)
        if state is not None:
            self._restore(state)
        self._start_autosave(autosave)

    def as_markdown(self) -> str:
        """The same ladder as nested HTML ``<details>``, for a Markdown cell: it opens step by
        step without a kernel, in JupyterLab, Notebook 7 and exported HTML alike."""
        out = ""
        for label, hint in reversed(list(zip(self.labels, self.hints, strict=True))):
            out = f"<details><summary>{escape(label)}</summary>\n\n{hint}\n\n{out}</details>"
        return out

    def _on_next_click(self, _button: widgets.Button) -> None:
        self._show(self.shown + 1)
        self._changed()

    def _show(self, count: int) -> None:
        self.set_trait("shown", count)
        for i, step in enumerate(self._steps):
            step.layout.display = None if i < count else "none"
        left = len(self.hints) - count
        self._next_button.disabled = left == 0
        self._next_button.description = (
            f"Show hint {count + 1} of {len(self.hints)}" if left else "No more hints"
        )

    def _state(self) -> dict[str, Any]:
        return {"shown": self.shown}

    def _restore(self, data: Any) -> None:
        if not isinstance(data, Mapping) or set(data) != {"shown"}:
            raise TraitError(f"a hint ladder's state is {{'shown': n}}, not {data!r}")
        count = data["shown"]
        if (
            isinstance(count, bool)
            or not isinstance(count, int)
            or not 0 <= count <= len(self.hints)
        ):
            raise TraitError(
                f"shown must be a whole number from 0 to {len(self.hints)}, not {count!r}"
            )
        self._show(count)
        self._changed()


def _default_labels(count: int) -> list[str]:
    first, method, skeleton = HINT_STEPS
    if count == 2:
        return [first, skeleton]
    return [first, method, *(f"Hint {i}" for i in range(3, count)), skeleton]


def _check_hints(hints: Sequence[str], fingerprint: str | None, digits: int) -> list[str]:
    if isinstance(hints, str) or not 2 <= len(hints) <= 5:
        raise ValueError("a hint ladder has two to five hints, from general to a skeleton")
    if not all(isinstance(h, str) and h.strip() for h in hints):
        raise ValueError("every hint must be a non-empty text")
    if fingerprint is not None:
        for number, hint in enumerate(hints, 1):
            leak = _leaks(hint, fingerprint, digits)
            if leak is not None:
                raise ValueError(
                    f"hint {number} states the answer ({leak!r}); hint at the method instead"
                )
    return list(hints)
