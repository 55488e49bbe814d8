"""Shared fixtures: the built book is made once per test session (the exercise release is tests/test_exercises.py's own)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

try:  # POSIX: lets pytest-xdist workers share one book build
    import fcntl
except ImportError:  # Windows: each worker builds for itself
    fcntl = None

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Build the HTML book, both editions, with warnings as errors; return the folder of the HTML pages.

    The Chinese edition is the folder ``zh`` inside it, so every test that walks the built pages checks both.

    Under pytest-xdist (``make test``) the workers share one build: the first to ask builds while holding
    a lock, and records the outcome for this run (``PYTEST_XDIST_TESTRUNUID``); the others wait and reuse it.
    Set ``CRMKIT_BOOK_BUILT=1`` to reuse an existing ``_build/html`` (for quick reruns of the site tests).
    """
    html = ROOT / "_build" / "html"
    if os.environ.get("CRMKIT_BOOK_BUILT") == "1" and (html / "index.html").exists():
        return html
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run is None or fcntl is None:
        _build_book(html)
        return html
    outcome = ROOT / "_build" / f".build-outcome-{run}"
    outcome.parent.mkdir(parents=True, exist_ok=True)
    with open(ROOT / "_build" / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not outcome.exists():
            for old in outcome.parent.glob(".build-outcome-*"):
                old.unlink()
            try:
                _build_book(html)
                outcome.write_text("ok", encoding="utf-8")
            except AssertionError as failure:
                outcome.write_text(str(failure), encoding="utf-8")
                raise
    recorded = outcome.read_text(encoding="utf-8")
    assert recorded == "ok", f"(built by another worker) {recorded}"
    return html


def _build_book(html: Path) -> None:
    """Both editions, as ``make book`` builds them: English into _build/html, Chinese into _build/html/zh."""
    command = [sys.executable, str(ROOT / "book" / "_ext" / "editions.py"), "build", "all"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"the book build failed or warned:\n{log[-8000:]}"
    assert (html / "index.html").exists(), "the build wrote no index.html"
    assert (html / "zh" / "index.html").exists(), "the build wrote no Chinese edition (_build/html/zh/index.html)"
    timings = ROOT / "_build" / "edition-build-seconds.txt"
    timings.write_text("\n".join(line for line in log.splitlines() if line.startswith("built the ")) + "\n",
                       encoding="utf-8")


def chromium_path() -> str | None:
    """Path of a Chromium the browser tests can drive, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None

