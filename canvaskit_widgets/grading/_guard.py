"""Runs inside each grading kernel: keeps a trusted copy of the interpreter's state and puts it back
before every instructor cell, so a submission's patches cannot change how tests run.

The grader calls it between cells through ``user_expressions`` (never through a cell, so
no output or execution count changes). Every answer is signed with a key given to the kernel
before any student code ran; an answer the grader cannot verify means the guard did not run.
What it cannot stop: code that edits interpreter memory directly (``ctypes``, ``gc``) or
that finds the key in memory. The grader's static scan reports such code for review.
"""

from __future__ import annotations

import builtins
import contextlib
import hashlib
import hmac
import json
import os
import sys
import threading
import time
import types
from typing import Any

__all__ = ["arm", "prepare"]

_MISSING = object()

# Rebinding anything in these modules is tampering, whatever the new value is.
_CRITICAL = (
    "builtins",
    "sys",
    "canvaskit_widgets",
    "IPython",
    "ipykernel",
    "jupyter_client",
    "zmq",
)


# Entries the interpreter itself rebinds as it runs cells.
_VOLATILE = {("sys", name) for name in ("last_type", "last_value", "last_traceback", "last_exc")}


# Entries that are not callables but decide where output and errors go.
_HOOKS = {
    ("sys", name)
    for name in ("stdout", "stderr", "displayhook", "excepthook", "unraisablehook", "meta_path")
}


def _critical(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in _CRITICAL)


class _Origin:
    """Tells objects defined by notebook code (cells, exec, files the kernel wrote) from library ones."""

    def __init__(self) -> None:
        roots = {sys.prefix, sys.base_prefix, sys.exec_prefix}
        roots.update(p for p in sys.path if p and os.path.isabs(p) and os.path.isdir(p))
        cwd = os.getcwd()
        self.roots = tuple(
            os.path.join(root, "") for root in roots if not cwd.startswith(os.path.join(root, ""))
        )
        self.cache: dict[str, bool] = {}

    def trusted_file(self, filename: str) -> bool:
        known = self.cache.get(filename)
        if known is None:
            known = filename.startswith("<frozen") or (
                filename.startswith(self.roots) and os.path.isfile(filename)
            )
            self.cache[filename] = known
        return known

    def from_notebook(self, value: Any) -> bool:
        """Whether ``value`` (or what it wraps, or its class) was written by notebook code."""
        for _ in range(4):
            inner = getattr(value, "__func__", None) or getattr(value, "func", None)
            if inner is None or inner is value:
                break
            value = inner
        code = getattr(value, "__code__", None)
        if isinstance(code, types.CodeType):
            return not self.trusted_file(code.co_filename)
        cls = value if isinstance(value, type) else type(value)
        for klass in cls.__mro__:
            if klass.__module__ == "__main__":
                return True
            for member in vars(klass).values():
                code = getattr(member, "__code__", None)
                if isinstance(code, types.CodeType) and not self.trusted_file(code.co_filename):
                    return True
        return False


def _version_reader() -> Any:
    """A reader of CPython's dict version tag, which changes on every write to the dict, so an
    unchanged namespace costs one read; None where it is missing (then ids are compared)."""
    try:
        import ctypes

        offset = 3 * ctypes.sizeof(ctypes.c_ssize_t)  # after ob_refcnt, ob_type, ma_used
        from_address = ctypes.c_uint64.from_address

        def read(mapping: dict) -> int:
            return from_address(id(mapping) + offset).value

        probe = {"key": 1}
        before, again = read(probe), read(probe)
        probe["key"] = 2
        if sys.implementation.name == "cpython" and before == again != read(probe):
            return read
    except Exception:  # no ctypes, another interpreter: fall back to comparing ids
        pass
    return None


_version = _version_reader()


def _real_dict(target: Any) -> dict:
    """The dict behind ``target``: itself, or a class's namespace behind its mappingproxy."""
    if isinstance(target, type):
        import gc

        inner = gc.get_referents(target.__dict__)
        if len(inner) == 1 and type(inner[0]) is dict:
            return inner[0]
        raise TypeError(f"cannot read the namespace of {target!r}")
    return target


class _Watch:
    """A dict-like namespace (a module's, a class's, an object's) and its trusted copy."""

    __slots__ = (
        "callables",
        "closed",
        "critical",
        "ids",
        "label",
        "mapping",
        "saved",
        "size",
        "tag",
        "target",
    )

    def __init__(self, label: str, target: Any, *, closed: bool, critical: bool, callables: bool):
        self.label = label
        self.target = target  # a dict, or a class whose __dict__ is read-only
        self.mapping = _real_dict(target)
        self.closed = closed  # additions are removed too
        self.critical = critical
        self.callables = callables  # only changes to callables count (busy instance dicts)
        self.take()

    def take(self) -> None:
        mapping = self.mapping
        self.saved = dict(mapping)
        self.size = len(mapping)
        if _version is not None:
            self.tag = _version(mapping)
        else:
            self.ids = tuple(map(id, mapping.values()))

    def changed(self) -> bool:
        mapping = self.mapping
        if _version is not None:
            return _version(mapping) != self.tag
        return len(mapping) != self.size or tuple(map(id, mapping.values())) != self.ids

    def diff(self) -> list[tuple[str, Any, Any]]:
        mapping = self.mapping
        changes = [
            (key, old, mapping.get(key, _MISSING))
            for key, old in self.saved.items()
            if mapping.get(key, _MISSING) is not old
        ]
        changes += [(key, _MISSING, new) for key, new in mapping.items() if key not in self.saved]
        if self.callables:
            changes = [c for c in changes if callable(c[1]) or callable(c[2])]
        return changes

    def put(self, key: str, value: Any) -> bool:
        """Set (or delete, for ``_MISSING``) one entry; False when the target refuses."""
        try:
            if isinstance(self.target, type):
                if value is _MISSING:
                    type.__delattr__(self.target, key)
                else:
                    type.__setattr__(self.target, key, value)
            elif value is _MISSING:
                self.target.pop(key, None)
            else:
                self.target[key] = value
        except (TypeError, AttributeError):
            return False
        return True


class _ListWatch:
    """A list (``sys.path``, IPython's transformer lists...) and its trusted copy."""

    __slots__ = ("label", "saved", "target")
    critical = True

    def __init__(self, label: str, target: list) -> None:
        self.label = label
        self.target = target
        self.take()

    def take(self) -> None:
        self.saved = list(self.target)

    def changed(self) -> bool:
        return len(self.target) != len(self.saved) or any(
            a is not b for a, b in zip(self.target, self.saved, strict=False)
        )


def _watch_modules(seen: set[int], watches: list[Any]) -> None:
    """Add a watch for every loaded module's namespace, and its classes', not yet in ``seen``."""
    for name, module in list(sys.modules.items()):
        space = getattr(module, "__dict__", None)
        if not isinstance(space, dict) or id(space) in seen:
            continue
        seen.add(id(space))
        critical = _critical(name)
        watches.append(
            _Watch(name, space, closed=module is builtins, critical=critical, callables=False)
        )
        for attr, value in list(space.items()):
            if isinstance(value, type) and value.__module__ == name and id(value) not in seen:
                seen.add(id(value))
                with contextlib.suppress(TypeError):
                    watches.append(
                        _Watch(
                            f"{name}.{attr}",
                            value,
                            closed=False,
                            critical=critical,
                            callables=False,
                        )
                    )


_PREPARED: tuple[set[int], list[Any]] | None = None


def prepare() -> int:
    """Watch every module loaded so far; the fork server calls it once, so each forked kernel
    starts with the snapshot made (copy-on-write) instead of building it."""
    global _PREPARED
    seen: set[int] = set()
    watches: list[Any] = []
    _watch_modules(seen, watches)
    _PREPARED = (seen, watches)
    return len(watches)


class _Guard:
    """The per-kernel guard; called as ``guard(op, nonce, spec_json)`` and answers signed JSON."""

    def __init__(self, key: bytes) -> None:
        self._key = key
        from IPython import get_ipython

        self.shell = get_ipython()
        self.origin = _Origin()
        self.threads = {t.ident for t in threading.enumerate()}
        self.trusted_names: dict[str, Any] = {}
        self.stash: dict[str, Any] = {}
        self.watches: list[Any] = []
        seen, base = _PREPARED if _PREPARED is not None else (set(), [])
        seen = {*seen, id(self.shell.user_ns)}  # the students' namespace is theirs
        for watch in base:  # the kernel's start-up changed some: that is trusted too
            if watch.changed():
                watch.take()
        self.watches.extend(base)
        _watch_modules(seen, self.watches)
        self.watches.append(
            _Watch("sys.modules", sys.modules, closed=False, critical=True, callables=False)
        )
        for attr in ("path", "meta_path", "path_hooks"):
            self.watches.append(_ListWatch(f"sys.{attr}", getattr(sys, attr)))
        self._watch_kernel()

    # -- what is watched -------------------------------------------------------------------
    def _watch_kernel(self) -> None:
        shell = self.shell
        kernel = getattr(shell, "kernel", None)
        objects = {
            "shell": shell,
            "kernel": kernel,
            "session": getattr(kernel, "session", None),
            "displayhook": shell.displayhook,
            "display_pub": shell.display_pub,
            "display_formatter": shell.display_formatter,
            "events": shell.events,
            "input_transformer_manager": shell.input_transformer_manager,
            "compile": shell.compile,
            "stdout": sys.stdout,
            "stderr": sys.stderr,
            "iopub_thread": getattr(kernel, "iopub_thread", None),
            "iopub_socket": getattr(kernel, "iopub_socket", None),
        }
        for mime, formatter in shell.display_formatter.formatters.items():
            objects[f"formatter[{mime}]"] = formatter
            for attr in ("type_printers", "deferred_printers", "singleton_printers"):
                printers = getattr(formatter, attr, None)
                if isinstance(printers, dict):
                    self.watches.append(
                        _Watch(
                            f"{mime} {attr}", printers, closed=True, critical=True, callables=False
                        )
                    )
        for label, obj in objects.items():
            if obj is None:
                continue
            for suffix, space in (("", getattr(obj, "__dict__", None)), (" traits", None)):
                if suffix:
                    space = getattr(obj, "_trait_values", None)
                if isinstance(space, dict):
                    self.watches.append(
                        _Watch(label + suffix, space, closed=True, critical=True, callables=True)
                    )
        dicts = {
            "shell_handlers": getattr(kernel, "shell_handlers", None),
            "control_handlers": getattr(kernel, "control_handlers", None),
            "event callbacks": shell.events.callbacks,
            "line magics": shell.magics_manager.magics.get("line"),
            "cell magics": shell.magics_manager.magics.get("cell"),
        }
        for label, space in dicts.items():
            if isinstance(space, dict):
                self.watches.append(
                    _Watch(label, space, closed=True, critical=True, callables=False)
                )
        lists = {
            "input transformers (cleanup)": shell.input_transformer_manager.cleanup_transforms,
            "input transformers (line)": shell.input_transformer_manager.line_transforms,
            "input transformers (token)": shell.input_transformer_manager.token_transformers,
            "input transformers (post)": shell.input_transformers_post,
            "ast transformers": shell.ast_transformers,
        }
        for event, callbacks in shell.events.callbacks.items():
            lists[f"event {event}"] = callbacks
        for label, target in lists.items():
            if isinstance(target, list):
                self.watches.append(_ListWatch(label, target))

    # -- checks --------------------------------------------------------------------------
    def _hooks(self, flags: list[str]) -> None:
        if sys.gettrace() is not None or sys.getprofile() is not None:
            flags.append("set a trace or profile hook (sys.settrace/setprofile)")
            sys.settrace(None)
            sys.setprofile(None)
        for attr in ("_trace_hook", "_profile_hook"):
            if getattr(threading, attr, None) is not None:
                flags.append(f"set threading.{attr.strip('_')}")
                setattr(threading, attr, None)
        custom = getattr(self.shell, "custom_exceptions", ())
        if custom:
            flags.append("installed a custom exception handler (set_custom_exc)")
            self.shell.set_custom_exc((), None)

    def _threads(self, flags: list[str]) -> None:
        foreign = [
            t
            for t in threading.enumerate()
            if t.ident not in self.threads
            and t is not threading.current_thread()
            and self.origin.from_notebook(getattr(t, "_target", None) or type(t))
        ]
        if not foreign:
            return
        import ctypes

        for thread in foreign:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(thread.ident), ctypes.py_object(SystemExit)
            )
        deadline = time.monotonic() + 0.5
        for thread in foreign:
            thread.join(max(0.0, deadline - time.monotonic()))
        alive = [t.name for t in foreign if t.is_alive()]
        if alive:
            flags.append(f"left background thread(s) running: {', '.join(alive)}")

    def _scan(self, flags: list[str], *, accept_library: bool) -> None:
        """Compare every watch with its trusted copy; restore or accept each difference."""
        origin = self.origin
        for watch in self.watches:
            if not watch.changed():
                continue
            if isinstance(watch, _ListWatch):
                added = [x for x in watch.target if not any(x is y for y in watch.saved)]
                notebook = any(origin.from_notebook(x) for x in added)
                if accept_library and not notebook:
                    watch.take()
                    continue
                if notebook:
                    flags.append(f"changed {watch.label}")
                watch.target[:] = watch.saved
                continue
            for key, old, new in watch.diff():
                if (watch.label, key) in _VOLATILE:
                    continue
                notebook = new is not _MISSING and origin.from_notebook(new)
                if accept_library and not notebook:
                    watch.saved[key] = new  # the instructor's code (or a library) changed it
                    continue
                if old is _MISSING:
                    if not (watch.closed or notebook):
                        watch.saved[key] = new  # a lazily imported submodule, a cache entry
                        continue
                elif not (notebook or new is _MISSING or callable(old)) and (
                    (watch.label, key) not in _HOOKS
                ):
                    watch.saved[key] = new  # library state, such as a lazily created object
                    continue
                if notebook or watch.critical:
                    verb = "added" if old is _MISSING else "replaced"
                    flags.append(f"{verb} {watch.label}.{key}" if watch.label else key)
                if not watch.put(key, old):
                    flags.append(f"could not restore {watch.label}.{key}")
                    watch.saved[key] = new
            watch.take()

    # -- the user namespace --------------------------------------------------------------
    def _protect_names(self, spec: dict, flags: list[str]) -> None:
        """Hide the student's shadows of builtins and of instructor names the next cell uses."""
        user_ns = self.shell.user_ns
        self.stash = {}
        if user_ns.get("__builtins__") is not builtins:
            flags.append("replaced the notebook's __builtins__")
            self.stash["__builtins__"] = user_ns.get("__builtins__", _MISSING)
            user_ns["__builtins__"] = builtins
        for name in spec.get("builtins", ()):
            if name in user_ns:
                self.stash[name] = user_ns.pop(name)
        for name, (module, attr) in spec.get("imports", {}).items():
            value = sys.modules.get(module, _MISSING)
            if value is not _MISSING and attr:
                value = getattr(value, attr, _MISSING)
            self._rebind(name, value, flags)
        for name in spec.get("defs", ()):
            self._rebind(name, self.trusted_names.get(name, _MISSING), flags)

    def _rebind(self, name: str, trusted: Any, flags: list[str]) -> None:
        user_ns = self.shell.user_ns
        current = user_ns.get(name, _MISSING)
        if trusted is _MISSING or current is trusted:
            return
        if current is not _MISSING:
            flags.append(f"redefined `{name}`, which the tests use")
        self.stash[name] = current
        user_ns[name] = trusted

    def _unstash(self) -> None:
        user_ns = self.shell.user_ns
        for name, value in self.stash.items():
            if value is _MISSING:
                user_ns.pop(name, None)
            else:
                user_ns[name] = value
        self.stash = {}

    def _ran(self, spec: dict) -> bool:
        """Whether the last cell the shell ran is the instructor's source, transformed by the
        restored (trusted) transformers."""
        source = spec.get("source")
        if source is None:
            return True
        history = self.shell.history_manager  # it stores cells without trailing newlines
        if not history.input_hist_raw or history.input_hist_raw[-1] != source.rstrip("\n"):
            return False
        expected = self.shell.input_transformer_manager.transform_cell(source)
        return history.input_hist_parsed[-1] == expected.rstrip("\n")

    # -- entry point ---------------------------------------------------------------------
    def __call__(self, op: str, nonce: str, spec_json: str = "{}") -> str:
        spec = json.loads(spec_json)
        flags: list[str] = []
        report: dict[str, Any] = {"op": op}
        try:
            if op == "pre":
                if spec.get("scan", True):  # False when no student code ran since the last check
                    self._threads(flags)
                    self._hooks(flags)
                    self._scan(flags, accept_library=False)
                self._protect_names(spec, flags)
            elif op == "post":
                self._unstash()
                self._threads(flags)
                self._hooks(flags)
                self._scan(flags, accept_library=True)
                report["ran"] = self._ran(spec)
                user_ns = self.shell.user_ns
                for name in spec.get("record", ()):
                    if name in user_ns:
                        self.trusted_names[name] = user_ns[name]
            else:
                raise ValueError(f"unknown guard operation {op!r}")
        except Exception as exc:  # never let a broken state pass silently
            flags.append(f"guard failed: {type(exc).__name__}: {exc}")
        report["flags"] = flags
        body = json.dumps(report, sort_keys=True)
        signature = hmac.new(self._key, f"{nonce}\n{body}".encode(), hashlib.sha256).hexdigest()
        return f"{signature} {body}"


def arm(key_hex: str, name: str) -> str:
    """Snapshot the trusted state (before any student code runs) and bind the guard as ``name``."""
    guard = _Guard(bytes.fromhex(key_hex))
    with contextlib.suppress(AttributeError):
        guard.shell.user_ns_hidden[name] = guard
    guard.shell.user_ns[name] = guard
    return f"armed {len(guard.watches)}"
