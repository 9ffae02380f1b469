"""Runs in the trusted verdict kernel: binds the student's answers as data, proxies their functions.

The grader calls ``bind`` (through ``user_expressions``) where the notebook has an answer cell,
with the text the sandboxed kernel exported. Values are rebuilt by ``wire.loads``; functions
become ``StudentFunction`` proxies that send their arguments as data to the student's kernel
over the kernel protocol and bring the result back as data. Nothing of the student's process
is shared with this one: only messages over a socket, so the sandbox could live on another host.
"""

from __future__ import annotations

import json
from queue import Empty
from time import monotonic
from typing import Any

from .wire import WireError, dumps, exception_from_data, loads, shown_str

__all__ = ["StudentFunction", "bind", "problems"]

# Largest message accepted from the student's kernel.
MAX_MESSAGE = 64 * 2**20

# Seconds a student kernel has to answer after an interrupt before it counts as hung.
INTERRUPT_GRACE = 2.0

_LINK: _Link | None = None
_PROBLEMS: list[str] = []


class _Link:
    """A kernel-protocol client of the student's kernel (shell and control channels only)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.timeout = float(spec["timeout"])
        self.down: str | None = spec.get("down")
        self.kc: Any = None
        self.sent: dict[str, bool] = {}  # tables the student's kernel holds (wire.dumps)
        if self.down is None:
            import zmq
            from jupyter_client.blocking import BlockingKernelClient

            kc = BlockingKernelClient()
            kc.load_connection_info(spec["connection"])
            kc.context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE)
            kc.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=True)
            self.kc = kc

    def _reply(self, msg_id: str, deadline: float) -> dict[str, Any] | None:
        while True:
            left = deadline - monotonic()
            if left <= 0:
                return None
            try:
                reply = self.kc.shell_channel.get_msg(timeout=left)
            except Empty:
                return None
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                return reply

    def call(self, function: StudentFunction, args: tuple, kwargs: dict) -> Any:
        name = function.__name__
        if self.down is not None:
            raise RuntimeError(f"{name}() cannot run: {self.down}")
        for _ in range(2):  # once more, every table in full, if the kernel lost one sent before
            try:
                arguments = dumps((args, kwargs), _reference, self.sent)
            except TypeError as exc:
                raise TypeError(f"{name}() can only be called with data: {exc}") from None
            answer = _answer(name, self._ask(function, arguments))
            if answer != {"resend": True}:
                return _outcome(name, answer)
            self.sent.clear()
        raise RuntimeError(f"{name}() could not be given its arguments")

    def _ask(self, function: StudentFunction, arguments: str) -> dict[str, Any]:
        """Run ``function`` in the student's kernel; the evaluated expression's result."""
        name = function.__name__
        expression = (
            "__import__('canvaskit_widgets.grading._student', fromlist=['call'])"
            f".call({function.ref!r}, {arguments!r})"
        )
        msg_id = self.kc.execute(
            "", silent=True, store_history=False, user_expressions={"r": expression}
        )
        reply = self._reply(msg_id, monotonic() + self.timeout)
        if reply is None:
            self.kc.control_channel.send(self.kc.session.msg("interrupt_request", {}))
            if self._reply(msg_id, monotonic() + INTERRUPT_GRACE) is None:
                self.down = f"the student's kernel hung in {name}() and ignored the interrupt"
            _PROBLEMS.append(f"{name}() ran over {self.timeout:g} s")
            raise TimeoutError(f"{name}() did not return within {self.timeout:g} s")
        result = reply["content"].get("user_expressions", {}).get("r", {})
        if result.get("status") != "ok":
            if result.get("ename") == "KeyboardInterrupt":
                raise TimeoutError(f"{name}() was interrupted")
            raise RuntimeError(f"{name}() failed in the student's kernel: {result.get('ename')}")
        return result


def _answer(name: str, result: dict[str, Any]) -> dict[str, Any]:
    """What ``_student.call`` answered: a dict, read as data only."""
    try:
        answer = json.loads(shown_str(result["data"]["text/plain"]))
    except (KeyError, TypeError, ValueError, MemoryError, RecursionError):
        raise RuntimeError(f"{name}() sent back an answer that cannot be read") from None
    if not isinstance(answer, dict):
        raise RuntimeError(f"{name}() sent back an answer that cannot be read")
    return answer


def _outcome(name: str, answer: dict[str, Any]) -> Any:
    """The value a call returned, or the exception it raised."""
    if "raised" in answer:
        raise exception_from_data(answer["raised"])
    if "value" in answer:
        try:
            return loads(answer["value"], _proxy)
        except WireError as exc:
            raise RuntimeError(f"{name}() sent back damaged data: {exc}") from None
    what = answer.get("error", "no value")
    raise TypeError(f"{name}() returned {what}, which cannot be graded as data")


class StudentFunction:
    """A function the student defined: calling it runs it in the student's kernel, on data."""

    def __init__(self, ref: str, name: str) -> None:
        self.ref = ref
        self.__name__ = self.__qualname__ = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if _LINK is None:
            raise RuntimeError(f"{self.__name__}() cannot run: no student kernel")
        return _LINK.call(self, args, kwargs)

    def __repr__(self) -> str:
        return f"<student function {self.__name__}>"


def _proxy(data: dict) -> StudentFunction:
    ref, name = data.get("ref"), data.get("name")
    if not isinstance(ref, str) or not isinstance(name, str):
        raise WireError("a damaged function reference")
    return StudentFunction(ref, name)


def _reference(value: Any) -> dict[str, Any]:
    if isinstance(value, StudentFunction):
        return {"$": "function", "ref": value.ref, "name": value.__name__}
    raise TypeError(f"a {type(value).__name__} is not data")


def bind(namespace: dict[str, Any], spec_text: str) -> str:
    """Put the exported names into ``namespace``; report (JSON) which could not be bound."""
    global _LINK
    spec = json.loads(spec_text)
    if _LINK is None or spec.get("down"):
        _LINK = _Link(spec)
    failed: dict[str, str] = {}
    try:
        exported = json.loads(spec["exported"]) if spec.get("exported") else {}
        if not isinstance(exported, dict):
            raise WireError("not a table of names")
    except (ValueError, RecursionError, MemoryError, WireError) as exc:
        message = f"the answers could not be read ({exc or type(exc).__name__})"
        return json.dumps({"failed": dict.fromkeys(spec["names"], message)})
    for name in spec["names"]:
        item = exported.get(name)
        if not isinstance(item, dict):
            continue  # not defined by the student: a test using it meets a NameError
        if "value" in item:
            try:
                namespace[name] = loads(item["value"], _proxy)
                continue
            except WireError as exc:
                failed[name] = f"{name} could not be read ({exc})"
        else:
            kind = str(item.get("error", "a value of an unknown type"))[:200]
            failed[name] = f"{name} is {kind}, which cannot be graded as data"
        namespace.pop(name, None)
    return json.dumps({"failed": failed})


def problems() -> str:
    """What went wrong calling student functions (JSON list), for the grader's summary."""
    return json.dumps(_PROBLEMS)
