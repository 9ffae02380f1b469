from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from canvaskit_widgets.claims import ClaimError, confirm


def test_a_true_claim_passes_quietly():
    assert confirm("two is more than one", 2 > 1) is None
    assert confirm("a NumPy truth counts", np.bool_(True)) is None


def test_a_false_claim_is_quoted():
    with pytest.raises(ClaimError, match="CLV rises by a quarter"):
        confirm("CLV rises by a quarter", 0.20 >= 0.25)


def test_a_claim_error_fails_like_an_assertion():
    assert issubclass(ClaimError, AssertionError)


@pytest.mark.parametrize(
    "sentence, holds",
    [
        ("a series is not one truth value", pd.Series([True, False])),
        ("a number is not a truth value", 1),
        ("", True),
        (None, True),
    ],
)
def test_a_malformed_claim_is_refused(sentence, holds):
    with pytest.raises(ClaimError):
        confirm(sentence, holds)
