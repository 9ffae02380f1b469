"""The grader's side of the in-kernel guard (see ``_guard``): which cells are trusted, what each
one needs protected, and signed calls that prove the guard really ran."""

from __future__ import annotations

import ast
import builtins
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from queue import Empty
from typing import Any

from nbformat import NotebookNode

from .tamper import SourceCell

__all__ = ["Guard", "GuardError", "Role", "roles"]

_BUILTINS = frozenset(dir(builtins))


class GuardError(Exception):
    """The guard did not answer, or its answer could not be verified."""


@dataclass
class Role:
    """What a cell is to the grader: ``test``, ``locked`` (instructor code), or ``student``."""

    kind: str
    grade_id: str | None = None
    spec: dict[str, Any] = field(default_factory=dict)

    @property
    def trusted(self) -> bool:
        return self.kind in ("test", "locked")


def _names(tree: ast.AST) -> tuple[set[str], set[str], dict[str, list[Any]], set[str]]:
    """Names a cell reads, binds, binds by import (name -> [module, attribute]), and by def/class."""
    read, bound, imports, defs = set(), set(), {}, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defs.add(node.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    imports[alias.asname] = [alias.name, None]
                else:
                    top = alias.name.split(".")[0]
                    imports[top] = [top, None]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if alias.name != "*":
                    imports[alias.asname or alias.name] = [node.module, alias.name]
    return read, bound, imports, defs


def _parse(source: str) -> ast.AST | None:
    try:
        return ast.parse(source)
    except SyntaxError:  # IPython syntax (magics): nothing to protect by name
        return None


def roles(nb: NotebookNode, cells: list[SourceCell]) -> list[Role]:
    """The role of each cell of a restored notebook, with the guard's spec for trusted ones."""
    by_name = {c.name: c for c in cells}
    imports: dict[str, list[Any]] = {}
    defs: set[str] = set()
    found = []
    for cell in nb.cells:
        name = cell.metadata.get("nbgrader", {}).get("grade_id")
        source = by_name.get(name)
        if cell.cell_type != "code" or source is None or not source.owned:
            found.append(Role("student", name))
            continue
        role = Role("test" if source.test else "locked", name)
        tree = _parse(cell.source)
        if tree is not None:
            read, bound, own_imports, own_defs = _names(tree)
            outside = read - bound - set(own_imports) - own_defs
            role.spec = {
                "builtins": sorted(n for n in outside if n in _BUILTINS and n not in imports),
                "imports": {n: imports[n] for n in sorted(outside) if n in imports},
                "defs": sorted(outside & (defs - set(imports))),
                "record": sorted(own_defs),
            }
            imports.update(own_imports)
            defs.update(own_defs)
        role.spec["source"] = cell.source
        found.append(role)
    return found


class Guard:
    """Signed calls to one kernel's guard; build one per kernel, then ``arm`` it first thing."""

    def __init__(self, kc: Any, timeout: float = 30) -> None:
        self.kc = kc
        self.timeout = timeout
        self.key = secrets.token_bytes(32)
        self.name = "_canvaskit_guard_" + secrets.token_hex(6)

    async def _call(self, expression: str) -> str:
        msg_id = self.kc.execute(
            "", silent=True, store_history=False, user_expressions={"guard": expression}
        )
        while True:
            try:
                reply = await self.kc.shell_channel.get_msg(timeout=self.timeout)
            except Empty:
                raise GuardError("the grading guard did not answer in time") from None
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        result = reply["content"].get("user_expressions", {}).get("guard", {})
        if result.get("status") != "ok":
            raise GuardError(f"the grading guard failed: {result.get('ename', 'no answer')}")
        try:
            return ast.literal_eval(result["data"]["text/plain"])
        except (KeyError, ValueError, SyntaxError):
            raise GuardError("the grading guard's answer is not readable") from None

    async def arm(self) -> None:
        """Snapshot the kernel's trusted state; call before any student code runs."""
        module = "canvaskit_widgets.grading._guard"
        answer = await self._call(
            f"__import__({module!r}, fromlist=['arm']).arm({self.key.hex()!r}, {self.name!r})"
        )
        if not answer.startswith("armed"):
            raise GuardError(f"the grading guard did not start: {answer}")

    async def check(self, op: str, spec: dict[str, Any]) -> dict[str, Any]:
        """Run guard operation ``op`` (``pre`` or ``post``); return its verified report."""
        nonce = secrets.token_hex(16)
        payload = json.dumps(spec)
        answer = await self._call(f"{self.name}({op!r}, {nonce!r}, {payload!r})")
        signature, _, body = answer.partition(" ")
        expected = hmac.new(self.key, f"{nonce}\n{body}".encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(signature, expected):
            raise GuardError("the grading guard's answer could not be verified")
        report = json.loads(body)
        if report.get("op") != op:
            raise GuardError("the grading guard answered another question")
        return report
