"""SelfCheck: a multiple-choice or numeric question checked against a fingerprint, never the answer."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

import ipywidgets as widgets
from traitlets import Bool, Int, TraitError

from ..checks import answer_hash, check
from ._persist import StatefulBox

__all__ = ["SelfCheck"]

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
