"""The in-kernel guard: what it restores before a test, what it reports, and that it signs."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from canvaskit_widgets.grading.integrity import Guard, GuardError, roles
from canvaskit_widgets.grading.kernels import ForkedKernel, Zygote
from canvaskit_widgets.grading.tamper import SourceCell


def test_roles_say_what_each_trusted_cell_needs_protected():
    def source(name, text, **flags):
        base = dict(locked=True, grade=False, solution=False, task=False, points=None)
        return SourceCell(name, "code", text, release_source=text, **{**base, **flags})

    cells = [
        source(
            "setup",
            "import pandas as pd\nfrom canvaskit_widgets.checks import check\n"
            "def helper(x):\n    return x",
        ),
        source("answer", "total = 1", locked=False, solution=True),
        source(
            "test",
            "assert isinstance(total, int)\nassert check('t', helper(total), 'h')\n"
            "assert len(pd.DataFrame()) == 0",
            grade=True,
            points=1.0,
        ),
    ]
    nb = new_notebook(cells=[new_code_cell(c.source) for c in cells])
    for cell, src in zip(nb.cells, cells, strict=True):
        cell.metadata["nbgrader"] = {"grade_id": src.name}
    setup, answer, test = roles(nb, cells)
    assert (setup.kind, answer.kind, test.kind) == ("locked", "student", "test")
    assert setup.spec["record"] == ["helper"]
    assert test.spec["builtins"] == ["int", "isinstance", "len"]
    assert test.spec["imports"] == {
        "check": ["canvaskit_widgets.checks", "check"],
        "pd": ["pandas", None],
    }
    assert test.spec["defs"] == ["helper"]
    assert answer.spec == {}


class Kernel:
    """One forked kernel with its guard, driven cell by cell."""

    def __init__(self, kernel: ForkedKernel, guard: Guard):
        self.kernel = kernel
        self.guard = guard
        self.kc = guard.kc

    async def run(self, code: str) -> dict:
        """Run ``code`` as a cell; return the reply with the error or printed text."""
        msg_id = self.kc.execute(code)
        printed = []
        while True:
            msg = await self.kc.iopub_channel.get_msg(timeout=30)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                printed.append(msg["content"]["text"])
            if msg["msg_type"] == "error":
                printed.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return {"printed": "".join(printed)}


async def scenario(tmp_path: Path, steps) -> None:
    zygote = Zygote(
        [sys.executable, "-m", "canvaskit_widgets.grading._zygote", json.dumps({"preload": []})],
        tmp_path / "zygote.log",
    )
    await zygote.start()
    kernel = ForkedKernel(zygote, tmp_path, env={"PATH": "/usr/bin:/bin"}, limits={})
    kc = None
    try:
        await kernel.start_kernel(cwd=str(tmp_path))
        kc = kernel.client()
        kc.start_channels()
        await kc.wait_for_ready(timeout=60)
        guard = Guard(kc)
        await guard.arm()
        await asyncio.wait_for(steps(Kernel(kernel, guard)), 120)
    finally:
        if kc is not None:
            kc.stop_channels()
        await kernel.shutdown_kernel()
        await zygote.close()


def run(tmp_path: Path, steps) -> None:
    asyncio.run(scenario(tmp_path, steps))


def test_patched_builtins_and_helpers_are_restored_before_a_test_and_named(tmp_path):
    async def steps(k: Kernel):
        await k.run(
            "import builtins\nimport canvaskit_widgets.checks as c\n"
            "builtins.abs = lambda v: 0\nc.check = lambda *a, **kw: True"
        )
        report = await k.guard.check("pre", {})
        assert sorted(report["flags"]) == [
            "replaced builtins.abs",
            "replaced canvaskit_widgets.checks.check",
        ]
        printed = (
            await k.run(
                "import canvaskit_widgets.checks as c\nprint(abs(-2), c.check('x', 1, 'num:0'))"
            )
        )["printed"]
        assert printed.startswith("2 ✘ x")

    run(tmp_path, steps)


def test_a_students_shadow_of_a_builtin_is_hidden_from_the_test_and_given_back(tmp_path):
    async def steps(k: Kernel):
        await k.run("len = lambda value: 3")
        report = await k.guard.check("pre", {"builtins": ["len"]})
        assert report["flags"] == []  # an honest mistake is not tampering
        assert (await k.run("print(len([1]))"))["printed"] == "1\n"
        await k.guard.check("post", {"source": "print(len([1]))"})
        assert (await k.run("print(len([1]))"))["printed"] == "3\n", "the student's own again"

    run(tmp_path, steps)


def test_a_rebound_instructor_name_is_restored_for_the_test_and_named(tmp_path):
    async def steps(k: Kernel):
        await k.run("from canvaskit_widgets.checks import check")
        await k.run("check = lambda *args, **kwargs: True")
        spec = {"imports": {"check": ["canvaskit_widgets.checks", "check"]}}
        report = await k.guard.check("pre", spec)
        assert report["flags"] == ["redefined `check`, which the tests use"]
        printed = (await k.run("print(bool(check('x', 1, 'num:0')))"))["printed"]
        assert printed == "False\n"

    run(tmp_path, steps)


@pytest.mark.parametrize(
    ("trick", "flag"),
    [
        (
            "get_ipython().input_transformers_post.append(lambda lines: [])",
            "changed input transformers (post)",
        ),
        (
            "import ast\nclass S(ast.NodeTransformer):\n    def visit_Module(self, n):\n"
            "        n.body = []\n        return n\nget_ipython().ast_transformers.append(S())",
            "changed ast transformers",
        ),
        (
            "get_ipython().set_custom_exc((AssertionError,), lambda *a, **k: None)",
            "installed a custom exception handler (set_custom_exc)",
        ),
        ("import sys\nsys.settrace(lambda *a: None)", None),  # a cell's trace hook ends with it
    ],
)
def test_ipython_hooks_that_would_hide_a_failing_test_are_removed(tmp_path, trick, flag):
    async def steps(k: Kernel):
        await k.run(trick)
        report = await k.guard.check("pre", {})
        if flag is not None:
            assert flag in report["flags"]
        printed = (await k.run("assert 1 == 2, 'the test fails'"))["printed"]
        assert printed == "AssertionError: the test fails"

    run(tmp_path, steps)


def test_a_change_made_while_a_test_runs_is_caught_after_it(tmp_path):
    async def steps(k: Kernel):
        await k.run(
            "def answer():\n    import builtins\n    builtins.round = lambda v, d=None: 1\n"
            "    return 1"
        )
        await k.guard.check("pre", {})
        source = "assert answer() == 1"
        await k.run(source)
        report = await k.guard.check("post", {"source": source})
        assert report["flags"] == ["replaced builtins.round"] and report["ran"]

    run(tmp_path, steps)


def test_honest_work_raises_no_flag(tmp_path):
    async def steps(k: Kernel):
        cells = [
            "import statistics, json, warnings\nimport pandas as pd",
            "frame = pd.DataFrame({'a': [1, 2, 3]})\nmean = statistics.mean(frame['a'])",
            "warnings.warn('careful')\nprint(json.dumps({'mean': mean}))",
            "class Note:\n    pass\nnotes = [Note() for _ in range(3)]",
        ]
        for cell in cells:
            await k.run(cell)
            pre = await k.guard.check("pre", {"builtins": ["len"]})
            test = "assert len(notes if 'notes' in globals() else [1, 2, 3]) == 3"
            await k.run(test)
            post = await k.guard.check("post", {"source": test})
            assert (pre["flags"], post["flags"], post["ran"]) == ([], [], True), cell

    run(tmp_path, steps)


def test_an_answer_not_signed_with_the_kernels_key_is_refused(tmp_path):
    async def steps(k: Kernel):
        k.guard.key = b"not the key the kernel was given"
        with pytest.raises(GuardError, match="could not be verified"):
            await k.guard.check("pre", {})

    run(tmp_path, steps)


def test_a_fake_guard_planted_by_the_student_is_refused(tmp_path):
    async def steps(k: Kernel):
        name = k.guard.name
        await k.run(f'{name} = lambda *args: \'f00d \' + \'{{"op": "pre", "flags": []}}\'')
        with pytest.raises(GuardError, match="could not be verified"):
            await k.guard.check("pre", {})

    run(tmp_path, steps)


def test_the_release_of_a_real_case_is_not_flagged(tmp_path):
    """The first case notebook's own setup cell, run as a student would, raises no flag."""
    source = Path(__file__).resolve().parents[2] / "solutions" / "maria" / "maria.ipynb"
    if not source.exists():
        pytest.skip("the case notebooks are not in this checkout")
    setup = next(
        c.source
        for c in nbformat.read(source, as_version=4).cells
        if c.metadata.get("nbgrader", {}).get("grade_id") == "setup"
    )

    async def steps(k: Kernel):
        await k.run(setup)
        assert (await k.guard.check("post", {"source": setup}))["flags"] == []
        await k.run(
            "import altair as alt\nalt.Chart(pd.DataFrame({'a': [1]})).mark_bar()"
            ".encode(x='a').to_dict()"
        )
        assert (await k.guard.check("pre", {}))["flags"] == []

    run(tmp_path, steps)
