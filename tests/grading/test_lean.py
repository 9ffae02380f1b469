"""The grader's processes import jsonschema without compiling the IRI grammar."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
from canvaskit_widgets.grading._lean import import_jsonschema
import_jsonschema()
import jsonschema
checkers = jsonschema.FormatChecker().checkers
assert "rfc3987_syntax" not in sys.modules, "the grammar was compiled"
assert "iri" not in checkers and "iri-reference" not in checkers
assert {"uri", "uri-reference", "email", "date-time"} <= set(checkers), sorted(checkers)
import rfc3987_syntax  # still there for whoever imports it
assert rfc3987_syntax.is_valid_syntax("iri", "https://example.org/caf\\u00e9")
import_jsonschema()  # a second call changes nothing
print("ok")
"""


def test_jsonschema_is_imported_without_the_iri_grammar_only() -> None:
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_a_process_that_imported_jsonschema_keeps_it_whole() -> None:
    code = (
        "import jsonschema, sys\n"
        "grammar = sys.modules['rfc3987_syntax']\n"
        "from canvaskit_widgets.grading._lean import import_jsonschema\n"
        "import_jsonschema()\n"
        "assert sys.modules['rfc3987_syntax'] is grammar\n"
        "assert 'iri' in jsonschema.FormatChecker().checkers\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
