"""The fork server's warm-up: kernels forked from it format tracebacks as IPython does."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import json, linecache, re, sys
    import pandas as pd
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.core.ultratb import AutoFormattedTB

    if sys.argv[1] == "quicker":
        from canvaskit_widgets.grading._warm import quicker_tracebacks

        quicker_tracebacks()
    CELL = "def f(x):\\n    s = pd.Series([1, 2])\\n    assert x == (\\n        2\\n    ), 'no'\\nf(1)\\n"
    IN_IPYTHON = "from IPython.utils.importstring import import_item\\nimport_item('no.such')\\n"
    linecache.cache["/tmp/cell.py"] = (len(CELL), None, CELL.splitlines(True), "/tmp/cell.py")

    def failures():
        # The last one fails inside IPython, whose frames a traceback leaves out.
        for code in (CELL, "pd.DataFrame({'a': [1]}).loc[5]", "1 +", IN_IPYTHON):
            try:
                exec(compile(code, "/tmp/cell.py", "exec"), {"pd": pd})
            except Exception:
                yield sys.exc_info()

    def shown():  # Verbose mode shows objects, whose addresses change from run to run
        return [
            re.sub(" at 0x[0-9a-f]+", "", "".join(AutoFormattedTB(mode=mode, theme_name=theme).structured_traceback(*info)))
            for mode in ("Context", "Verbose")
            for theme in ("linux", "lightbg", "nocolor")
            for info in failures()
        ]

    kept = InteractiveShell._format_exception_for_storage(None, KeyError("k"))
    print(json.dumps({"shown": [shown() for _ in range(3)], "kept": kept}))
    """
)


def _run(how: str) -> dict:
    done = subprocess.run([sys.executable, "-c", SCRIPT, how], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_quicker_tracebacks_leave_the_text_unchanged() -> None:
    # Three rounds each: IPython itself marks the failing expression differently once a frame
    # has been formatted before, so each round is compared with the same round of plain IPython.
    plain, quicker = _run("plain"), _run("quicker")
    assert all(all(texts) for texts in plain["shown"]), "every failure gave a traceback"
    assert quicker["shown"] == plain["shown"], "the traceback text changed"
    assert quicker["kept"] == {"ename": "KeyError", "evalue": "'k'", "traceback": []}
    assert plain["kept"]["traceback"], "IPython keeps the traceback for its history"


PARSED = textwrap.dedent(
    """
    import json, linecache, sys
    import stack_data.core
    from IPython.core.ultratb import AutoFormattedTB
    from canvaskit_widgets.grading._warm import preload

    preload(["canvaskit_widgets.exercise"], traced=sys.argv[1:])
    parsed = []
    init = stack_data.core.Source.__init__

    def counted(self, filename, lines):
        parsed.append(filename)
        init(self, filename, lines)

    stack_data.core.Source.__init__ = counted
    CELL = "from canvaskit_widgets.exercise import expect_type\\nexpect_type('x', 1, str, 'text')\\n"
    linecache.cache["/tmp/cell.py"] = (len(CELL), None, CELL.splitlines(True), "/tmp/cell.py")
    try:
        exec(compile(CELL, "/tmp/cell.py", "exec"), {})
    except AssertionError:
        text = "".join(AutoFormattedTB(mode="Context").structured_traceback(*sys.exc_info()))
    print(json.dumps({"parsed": parsed, "text": text}))
    """
)


def test_traced_modules_are_parsed_once_before_any_traceback() -> None:
    def run(*traced: str) -> dict:
        command = [sys.executable, "-c", PARSED, *traced]
        done = subprocess.run(command, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout)

    cold, warm = run(), run("canvaskit_widgets.exercise")
    exercise = [name for name in cold["parsed"] if name.endswith("canvaskit_widgets/exercise.py")]
    assert exercise, "the traceback passes through the module"
    assert not set(exercise) & set(warm["parsed"]), "the traced module was parsed again"
    assert "expect_type" in warm["text"] and warm["text"] == cold["text"]
