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
