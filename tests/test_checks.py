"""Tests for hashed self-checks."""

from __future__ import annotations

import pytest

from canvaskit_widgets.checks import answer_hash, check, normalise


def test_fingerprint_hides_the_value_but_names_the_kind():
    fp = answer_hash("Communities")
    assert fp.startswith("str:") and "communities" not in fp.lower()
    assert answer_hash([1, 2, 3]).startswith("list3:")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (" communities ", "Communities"),
        ("CO-CREATION", "co-creation"),
        (2.6667, 8 / 3),
        (3, 3.0),
        ({"b", "a"}, {"a", "b"}),
        ({"x": 0.5}, {"x": 0.501}),
        (-0.001, 0.0),
    ],
)
def test_equivalent_answers_pass(given, expected):
    assert check("q", given, answer_hash(expected))


@pytest.mark.parametrize(
    ("given", "expected", "message"),
    [
        (2.6, 8 / 3, "not yet right"),
        ("2.67", 8 / 3, "expected a number, got a text"),
        ([1, 2], [1, 2, 3], "expected a list of 3 item(s), got a list of 2 item(s)"),
        ([3, 2, 1], [1, 2, 3], "not yet right"),
        (True, 1, "expected a number, got True or False"),
        (float("nan"), 1.0, "not a finite number"),
        (object(), 1.0, "cannot fingerprint"),
    ],
)
def test_wrong_answers_say_what_is_off(given, expected, message):
    result = check("q", given, answer_hash(expected))
    assert not result
    assert message in result.message
    assert str(result).startswith("✘ q:")


def test_hint_is_shown_on_wrong_value():
    result = check("clv", 1.0, answer_hash(2.0), hint="Use m*r/(1+d-r).")
    assert result.message.endswith("Use m*r/(1+d-r).")


def test_digits_control_rounding():
    assert normalise(1.234, 1) == "num:1.2"
    assert check("q", 1.24, answer_hash(1.2, digits=1), digits=1)
    assert not check("q", 1.24, answer_hash(1.2))
