"""Student-controlled text made safe to show: in a terminal, in HTML, in a CSV cell.

Student ids, file names, cell ids and messages come from the submission. In a terminal a
control character or an escape sequence in them could erase or forge lines of the summary; in
a spreadsheet a cell starting with ``=`` is a formula (OWASP's "CSV injection").
"""

from __future__ import annotations

import html
import unicodedata

__all__ = ["csv_cell", "has_control", "html_text", "plain"]

# A spreadsheet reads a cell starting with one of these as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _hidden(char: str) -> bool:
    """Control characters (C0, DEL, C1), invisible format characters such as bidi overrides, and
    lone surrogates (undecodable bytes of a file name), which a UTF-8 terminal cannot print."""
    return unicodedata.category(char) in ("Cc", "Cf", "Cs")


def has_control(text: str) -> bool:
    """Whether ``text`` holds a character that a terminal would act on or hide."""
    return any(_hidden(c) for c in text)


def plain(text: object, keep_newlines: bool = False) -> str:
    """``text`` for a terminal: each control or format character shown as an escape
    (``ESC`` becomes ``\\x1b``), so nothing can move the cursor, erase or recolour lines."""
    shown = []
    for char in str(text):
        if char == "\n" and keep_newlines:
            shown.append(char)
        elif _hidden(char):
            code = ord(char)
            shown.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            shown.append(char)
    return "".join(shown)


def html_text(text: object) -> str:
    """``text`` escaped for HTML content or a quoted attribute, control characters shown."""
    return html.escape(plain(text, keep_newlines=True), quote=True)


def csv_cell(value: object) -> object:
    """A value for a CSV cell: text that a spreadsheet would run as a formula gets a leading
    ``'`` (numbers stay numbers)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
