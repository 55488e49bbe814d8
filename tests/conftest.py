"""Shared fixtures: the built book and the exercise release are made once per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Build the HTML book with warnings as errors; return the folder of the HTML pages.

    Set ``CRMKIT_BOOK_BUILT=1`` to reuse an existing ``_build/html`` (for quick reruns of the site tests).
    """
    html = ROOT / "_build" / "html"
    if os.environ.get("CRMKIT_BOOK_BUILT") == "1" and (html / "index.html").exists():
        return html
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [str(jupyter_book) if jupyter_book.exists() else "jupyter-book", "build", str(ROOT), "-W", "--keep-going"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"the book build failed or warned:\n{log[-8000:]}"
    assert (html / "index.html").exists(), "the build wrote no index.html"
    return html


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The student edition and autograders, written outside the source tree."""
    from crmkit.exercises import release as make_release

    out = tmp_path_factory.mktemp("release")
    make_release(out)
    return out


def chromium_path() -> str | None:
    """Path of a Chromium the browser tests can drive, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


# --------------------------------------------------------------------------------------------------
# Bounded diffs. nbval reports a mismatched output through pytest's assertion-comparison hook; for a
# long one-line output (a 100 KB chart spec) pytest's own character diff ran for more than 10 minutes.
# This hook answers first for long strings: where they first differ, with a short window of each side.
# --------------------------------------------------------------------------------------------------

LONG_OUTPUT = 2_000
WINDOW = 160


def short_difference(left: str, right: str) -> list[str]:
    """A few lines that say where two long strings first differ, in time linear in their length."""
    first = next((i for i, (a, b) in enumerate(zip(left, right)) if a != b), min(len(left), len(right)))
    start = max(0, first - WINDOW // 2)
    lines = [
        f"long outputs differ (committed {len(left):,} characters, fresh {len(right):,}); first difference at character {first:,}:",
        f"committed: …{left[start:first + WINDOW // 2]!r}…",
        f"fresh:     …{right[start:first + WINDOW // 2]!r}…",
        "re-execute the notebook with `make execute` if the change is intended",
    ]
    return lines


def pytest_assertrepr_compare(config, op, left, right):
    if op == "==" and isinstance(left, str) and isinstance(right, str) and max(len(left), len(right)) > LONG_OUTPUT:
        return short_difference(left, right)
    return None
