"""The fork server's warm-up: kernels forked from it format tracebacks as IPython does."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import linecache, re, sys
    import pandas as pd
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.core.ultratb import AutoFormattedTB

    CELL = "def f(x):\\n    s = pd.Series([1, 2])\\n    assert x == (\\n        2\\n    ), 'no'\\nf(1)\\n"
    linecache.cache["/tmp/cell.py"] = (len(CELL), None, CELL.splitlines(True), "/tmp/cell.py")

    def failures():
        for code in (CELL, "pd.DataFrame({'a': [1]}).loc[5]", "1 +"):
            try:
                exec(compile(code, "/tmp/cell.py", "exec"), {"pd": pd})
            except Exception:
                yield sys.exc_info()

    def shown():  # Verbose mode shows objects, whose addresses change from run to run
        return [
            re.sub(" at 0x[0-9a-f]+", "", "".join(AutoFormattedTB(mode=mode, theme_name=theme).structured_traceback(*info)))
            for mode in ("Context", "Verbose")
            for theme in ("linux", "nocolor")
            for info in failures()
        ]

    before = shown()
    from canvaskit_widgets.grading._warm import quicker_tracebacks

    quicker_tracebacks()
    after = shown()
    assert all(before), "every failure gave a traceback"
    assert before == after, "the traceback text changed"
    kept = InteractiveShell._format_exception_for_storage(None, KeyError("k"))
    assert kept == {"ename": "KeyError", "evalue": "'k'", "traceback": []}, kept
    print("same", len(after))
    """
)


def test_quicker_tracebacks_leave_the_text_unchanged() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith("same ")
