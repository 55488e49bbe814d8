"""pytest hooks for the whole repository (tests/, crmkit/ doctests, notebooks/ and exercises/ under nbval).

They live at the top level because nbval's notebook items are not below tests/, and a conftest only
applies to the folders beneath it. Fixtures stay in tests/conftest.py.

* Bounded diffs: nbval reports a mismatched output through pytest's assertion-comparison hook; for a long
  one-line output (a 100 KB chart spec) pytest's own character diff ran for more than ten minutes. This hook
  answers first for long strings: where they first differ, with a short window of each side.
* Parallel runs: ``make test`` runs with pytest-xdist, ``--dist loadfile``: the cells of one notebook share a
  kernel and run in order on one worker. (``loadgroup`` cannot be used: pytest-xdist 3.8 renames the node
  ids to group them, which pytest 9.2 no longer honours.) The built book is shared between workers through a
  lock (tests/conftest.py, ``built_book``).
"""

from __future__ import annotations

LONG_OUTPUT = 2_000
WINDOW = 160


def short_difference(left: str, right: str) -> list[str]:
    """A few lines that say where two long strings first differ, in time linear in their length.

    Examples
    --------
    >>> short_difference("a" * 3000 + "x", "a" * 3000 + "y")[0]
    'long outputs differ (committed 3,001 characters, fresh 3,001); first difference at character 3,000:'
    """
    first = next((i for i, (a, b) in enumerate(zip(left, right)) if a != b), min(len(left), len(right)))
    start = max(0, first - WINDOW // 2)
    return [
        f"long outputs differ (committed {len(left):,} characters, fresh {len(right):,}); first difference at character {first:,}:",
        f"committed: …{left[start:first + WINDOW // 2]!r}…",
        f"fresh:     …{right[start:first + WINDOW // 2]!r}…",
        "if the change is intended, re-execute the notebook with `make execute`",
    ]


def pytest_assertrepr_compare(config, op, left, right):
    if op == "==" and isinstance(left, str) and isinstance(right, str) and max(len(left), len(right)) > LONG_OUTPUT:
        return short_difference(left, right)
    return None



# Time limits: pytest.ini gives every test 5 minutes, setup included. A test that uses a shared artefact (the built
# book, the exercise release and its grading) may pay for building it, so it gets 15 minutes unless it sets its own.
SLOW_FIXTURES = {"built_book", "release", "grades"}
SLOW_FIXTURE_TIMEOUT = 900


def pytest_collection_modifyitems(config, items):
    import pytest

    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(SLOW_FIXTURE_TIMEOUT))
