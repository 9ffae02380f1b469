"""What a fork server does once, so that every kernel it forks starts warm.

Modules are imported, pandas-to-Arrow conversions and altair's schema validator are primed, and
the costs IPython pays on every failing cell are cut, with the traceback text unchanged: the
Python lexer that ``stack_data`` rebuilds for each frame is built once, the terminal colours of
a style are worked out once, a frame of a notebook cell is not looked up among thousands of
modules, and the second formatting of each traceback, kept only for IPython's history, is
skipped. A graded class fails hundreds of tests, so this is most of what a failing test costs.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import inspect
import linecache
import os
import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["KERNEL_MODULES", "preload"]

# Modules every kernel needs; importing them here is what makes a fork cheap.
KERNEL_MODULES = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",
    "IPython.core.interactiveshell",
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.core.logger",
    "IPython.core.oinspect",
    "IPython.utils.wildcard",
    "IPython.extensions.storemagic",
    "faulthandler",
    "tornado.platform.asyncio",
    "jupyter_client.session",
    "jupyter_client.blocking",
    "canvaskit_widgets.grading._student",
    "canvaskit_widgets.grading._verdict",
    "pyarrow",
    "sqlite3",  # IPython's history, even in memory
)


def preload(
    modules: list[str], calls: Sequence[list] = (), traced: Sequence[str] = ()
) -> dict[str, str]:
    """Import ``modules``, make the dataset ``calls`` (see ``preload.dataset_calls``), parse the
    sources of the ``traced`` modules for tracebacks and warm what kernels use; return the
    modules that failed, with why."""
    failed = {}
    for name in [*KERNEL_MODULES, *modules]:
        try:
            importlib.import_module(name)
        except Exception as exc:  # a missing optional module must not stop grading
            failed[name] = f"{type(exc).__name__}: {exc}"
    if "pandas" in sys.modules and "pyarrow" in sys.modules:
        # Show one small frame and send it across, so each kernel finds the formatters and the
        # conversions ready.
        with contextlib.suppress(Exception):
            pd = sys.modules["pandas"]
            frame = pd.DataFrame({"a": [1], "b": ["x"], "c": pd.to_datetime(["2024-01-01"])})
            frame._repr_html_(), repr(frame)
            wire = importlib.import_module("canvaskit_widgets.grading.wire")
            wire.loads(wire.dumps(frame))
    if "altair" in sys.modules:
        # Build one chart so altair's schema validator is cached before the fork.
        with contextlib.suppress(Exception):
            alt = sys.modules["altair"]
            alt.Chart(alt.Data(values=[{"a": 1}])).mark_point().encode(x="a:Q").to_dict()
    for name, args, kwargs in calls:
        with contextlib.suppress(Exception):  # the kernel then raises it where a test sees it
            importlib.import_module("canvaskit_widgets.datasets").DATASETS[name](*args, **kwargs)
    with contextlib.suppress(Exception):  # an IPython or stack_data without these parts
        quicker_tracebacks()
        _parse_sources(traced)
    return failed


def quicker_tracebacks() -> None:
    """Cut IPython's per-traceback costs in this process, leaving the text shown unchanged."""
    import pygments.formatters.terminal256 as terminal256
    import stack_data.core
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.core.ultratb import AutoFormattedTB

    stack_data.core._pygmented_with_ranges = _pygmented_with_ranges
    if not hasattr(inspect.getmodule, "__wrapped__"):
        inspect.getmodule = _cells_skipped(inspect.getmodule)
    # IPython builds a formatter for every traceback; one per style is enough.
    if not hasattr(terminal256.Terminal256Formatter, "made"):
        terminal256.Terminal256Formatter = _remembered_formatter(terminal256.Terminal256Formatter)
    # The same style each time, so a frame seen before (the checks a test calls) is not lexed
    # and coloured again.
    stack_data.style_with_executing_node = functools.lru_cache(maxsize=16)(
        stack_data.style_with_executing_node
    )
    InteractiveShell._format_exception_for_storage = _exception_summary
    # One traceback now builds the lexer and fills inspect's module caches for every kernel.
    try:
        exec(compile("def f(x):\n    assert x, 'x'\nf(0)\n", "<warm-up>", "exec"), {})
    except AssertionError:
        AutoFormattedTB(mode="Context").structured_traceback(*sys.exc_info())


def _parse_sources(modules: Sequence[str]) -> None:
    """Parse the files of ``modules`` (those loaded) as ``stack_data`` does for a traceback
    frame, so that no kernel forked from here parses them again for its first traceback."""
    import stack_data.core

    for name in modules:
        filename = getattr(sys.modules.get(name), "__file__", None)
        if filename:
            source = stack_data.core.Source.for_filename(filename)
            source.pieces, source.asttokens()


def _cells_skipped(getmodule: Any) -> Any:
    """``inspect.getmodule`` answering at once for a frame of a notebook cell: no module (a
    cell's code lives only in ``linecache``, in no file a module was loaded from). IPython asks
    twice for every cell frame of a traceback, and each time the plain function walks every
    loaded module, thousands once pandas and altair are in."""

    @functools.wraps(getmodule)
    def quick(object: Any, _filename: str | None = None) -> Any:
        code = getattr(object, "f_code", None)
        if code is not None and _cell_file(code.co_filename):
            return None
        return getmodule(object, _filename)

    return quick


def _cell_file(filename: str) -> bool:
    """Whether ``filename`` names code IPython keeps only in ``linecache`` (a cell's)."""
    entry = linecache.cache.get(filename)
    return (
        isinstance(entry, tuple)
        and len(entry) == 4
        and entry[1] is None
        and filename not in inspect.modulesbyfile
        and not os.path.exists(filename)
    )


def _remembered_formatter(formatter: type) -> type:
    """A subclass of pygments' ``formatter`` whose instances made with only a ``style`` are
    kept, one per style: building one works out the terminal colour of every token type."""

    class Remembered(type(formatter)):  # type: ignore[misc]
        def __call__(cls, **options: Any) -> Any:
            style = options.get("style")
            if set(options) != {"style"} or not isinstance(style, type | str):
                return super().__call__(**options)
            if style not in made:
                if len(made) > 16:
                    made.clear()
                made[style] = super().__call__(**options)
            return made[style]

    made: dict[Any, Any] = {}
    namespace = {"__module__": formatter.__module__, "made": made}
    return Remembered(formatter.__name__, (formatter,), namespace)


def _exception_summary(self: Any, exception: BaseException, *_: Any, **__: Any) -> dict:
    """What IPython keeps of a failed cell for its history: the error without its traceback."""
    return {"ename": type(exception).__name__, "evalue": str(exception), "traceback": []}


_LEXER: type | None = None


def _pygmented_with_ranges(formatter: Any, code: str, ranges: list[tuple[int, int]]) -> list[str]:
    """``stack_data.utils._pygmented_with_ranges`` with its lexer class made once, not per call
    (each new class recompiles every token rule of the Python lexer), and its result kept per
    formatter style, code and ranges."""
    key = (type(formatter), formatter.style, code, tuple(map(tuple, ranges)))
    if key not in _HIGHLIGHTED:
        if len(_HIGHLIGHTED) > 256:
            _HIGHLIGHTED.clear()
        _HIGHLIGHTED[key] = _highlight(formatter, code, ranges)
    return list(_HIGHLIGHTED[key])


_HIGHLIGHTED: dict[tuple, list[str]] = {}


def _highlight(formatter: Any, code: str, ranges: list[tuple[int, int]]) -> list[str]:
    import pygments
    from pygments.lexers import get_lexer_by_name

    global _LEXER
    if _LEXER is None:

        class RangeLexer(type(get_lexer_by_name("python3"))):  # type: ignore[misc]
            ranges: tuple = ()

            def get_tokens(self, text: str, *args: Any) -> Any:
                length = 0
                for ttype, value in super().get_tokens(text, *args):
                    if any(start <= length < end for start, end in self.ranges):
                        ttype = ttype.ExecutingNode
                    length += len(value)
                    yield ttype, value

        _LEXER = RangeLexer
    lexer = _LEXER(stripnl=False)
    lexer.ranges = ranges
    try:
        highlighted = pygments.highlight(code, lexer, formatter)
    except Exception:  # as stack_data does: plain code rather than no traceback
        highlighted = code
    return highlighted.splitlines()
