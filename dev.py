#!/usr/bin/env python3
"""Set up canvaskit in ./.venv, then open the course or run the tests (standard library only)."""

from __future__ import annotations

import argparse
import functools
import hashlib
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
EXE = ".exe" if os.name == "nt" else ""
PYTHON = BIN / f"python{EXE}"
STAMP = VENV / "canvaskit-pyproject.sha256"
REQUIREMENT = ".[test]"

COMMANDS = {
    "lab": "set up .venv, then open the course in JupyterLab (extra args go to 'canvaskit lab')",
    "test": "set up .venv, chromium and bubblewrap, then run every test (extra args go to pytest)",
}
EPILOG = "commands:\n" + "".join(f"  {name:6} {text}\n" for name, text in COMMANDS.items())
EPILOG += """
examples:
  python3 dev.py lab                    open the course (first run installs, ~1 minute)
  python3 dev.py lab --notebook         the same in Notebook 7
  python3 dev.py test                   the whole suite, browser tests included
  python3 dev.py test -k cli -x         pytest options pass straight through
  python3 dev.py test -m "not slow and not browser"
                                        the quick tests only
"""


def step(message: str) -> None:
    """Print one step of the set-up."""
    print(f"==> {message}", flush=True)


def fail(message: str) -> None:
    """Stop with ``message`` and exit code 1."""
    print(f"dev.py: {message}", file=sys.stderr, flush=True)
    raise SystemExit(1)


def run(cmd: list[str | Path], **kwargs: object) -> None:
    """Run ``cmd``, stopping with a clear message if it fails."""
    words = [str(c) for c in cmd]
    print("    $ " + shlex.join(words), flush=True)
    if subprocess.run(words, check=False, **kwargs).returncode != 0:
        fail(f"this command failed: {shlex.join(words)}")


def run_child(cmd: list[str | Path]) -> int:
    """Run a long command to its end and return its exit code; SIGTERM is passed on to it.

    As ``canvaskit_widgets.cli.run_child``, repeated because dev.py must work before the
    package is installed, and even while it is broken.
    """
    print("    $ " + shlex.join(str(c) for c in cmd), flush=True)
    child = subprocess.Popen([str(c) for c in cmd], cwd=ROOT)
    previous = signal.signal(signal.SIGTERM, lambda signum, _frame: child.send_signal(signum))
    try:
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:
                continue  # the child got the same SIGINT and decides how to stop
    finally:
        signal.signal(signal.SIGTERM, previous)


def can_apt() -> bool:
    """Whether we may install Debian packages ourselves (root with apt-get)."""
    return getattr(os, "geteuid", lambda: -1)() == 0 and shutil.which("apt-get") is not None


@functools.cache
def apt_update() -> None:
    """Refresh the apt package lists, once per run."""
    run(["apt-get", "update"])


def apt_install(package: str) -> None:
    """Install a Debian package (as root)."""
    apt_update()
    run(
        ["apt-get", "install", "-y", "--no-install-recommends", package],
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )


def venv_works() -> bool:
    """Whether ``.venv`` has a Python with pip."""
    return PYTHON.exists() and (
        subprocess.run([str(PYTHON), "-m", "pip", "--version"], capture_output=True).returncode == 0
    )


def ensure_venv() -> None:
    """Create ``.venv``, installing Debian's venv module first if it is missing and we may."""
    if venv_works():
        step(f"Virtual environment ready: {VENV}")
        return
    if VENV.exists() and not (VENV / "pyvenv.cfg").exists():
        fail(f"{VENV} exists but is not a virtual environment: move it away and run again")
    step(f"Creating the virtual environment {VENV} with {sys.executable}")
    create = [sys.executable, "-m", "venv", "--clear", str(VENV)]
    print("    $ " + shlex.join(create), flush=True)
    if subprocess.run(create, check=False).returncode == 0 and venv_works():
        return
    package = f"python3.{sys.version_info.minor}-venv"
    if not can_apt():
        fail(
            "Python could not create a virtual environment (Debian ships venv separately).\n"
            f"Install it, then run this command again:\n\n    sudo apt-get install -y {package}\n"
        )
    step(f"python3 -m venv failed: installing Debian's {package}, then trying again")
    apt_install(package)
    run(create)
    if not venv_works():
        fail(f"{VENV} was created but has no pip; delete it and run again")


def ensure_installed() -> None:
    """``pip install -e .[test]`` into ``.venv``, unless pyproject.toml is unchanged since."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == digest:
        step("canvaskit is installed and pyproject.toml is unchanged since: skipping pip")
        return
    step(f'Installing canvaskit with its test tools: pip install -e "{REQUIREMENT}"')
    run([PYTHON, "-m", "pip", "install", "-e", REQUIREMENT], cwd=ROOT)
    STAMP.write_text(digest + "\n")


# Debian packages the test suite uses: (command, package, what it is for).
SYSTEM_TOOLS = (
    ("chromium", "chromium", "the browser tests"),
    ("bwrap", "bubblewrap", "the grading sandbox"),
)


def ensure_system_tools() -> None:
    """Install the Debian packages the tests use if they are missing and we may."""
    for command, package, purpose in SYSTEM_TOOLS:
        found = shutil.which(command)
        if found:
            step(f"{command} found at {found}: {purpose} will use it")
        elif can_apt():
            step(f"Installing Debian's {package} for {purpose}")
            apt_install(package)
        else:
            step(
                f"{command} is missing, so {purpose} cannot use it. To fix, install it "
                f"(Debian: sudo apt-get install -y {package}) and run this command again."
            )


def set_up() -> None:
    """Everything both commands need: a Python new enough, ``.venv``, the package."""
    if sys.version_info < (3, 10):  # noqa: UP036 (dev.py runs under any python3)
        fail(f"canvaskit needs Python 3.10 or newer; this is {sys.version.split()[0]}")
    ensure_venv()
    ensure_installed()


def lab(args: list[str]) -> int:
    """Open the course."""
    set_up()
    step("Opening the course (stop the server with Ctrl-C)")
    return run_child([BIN / f"canvaskit{EXE}", "lab", *args])


def test(args: list[str]) -> int:
    """Run the test suite and return pytest's exit code."""
    started = time.monotonic()
    set_up()
    ensure_system_tools()
    step(f"Set-up done in {time.monotonic() - started:.0f} s. Running the tests")
    code = run_child([PYTHON, "-m", "pytest", *args])
    if code == 5:
        step("pytest collected no tests (exit code 5): check the arguments")
    step(f"pytest finished with exit code {code}")
    return code


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the command."""
    parser = argparse.ArgumentParser(
        prog="python3 dev.py",
        description=__doc__,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=COMMANDS, metavar="COMMAND", help="lab or test")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="passed on (see commands)")
    options = parser.parse_args(argv)
    return {"lab": lab, "test": test}[options.command](options.args)


if __name__ == "__main__":
    sys.exit(main())
