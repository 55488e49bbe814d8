"""Prove a set's checks: they pass on the solution, fail on the blank, and fail on typical wrong answers.

:func:`audit_set` works on a release (see :func:`crmkit.exercises.release`). In one process it

1. executes the master's code (the solution) and runs every test of the autograder on it, hidden ones
   included, with otter's own test runner;
2. executes the blank student notebook top to bottom, as "Run All" would, its ``grader.check`` cells and
   submission cell included, and runs every test on what it leaves;
3. replaces answers by typical wrong ones and runs the question's public check, keeping what otter shows
   the student.

It returns plain data, so that sets can be audited in parallel processes; ``tests/test_exercises.py``
asserts on it. Authors can run it for one set while writing::

    python -m crmkit.exercises.audit exercises/ch04-customer-satisfaction-exercises.ipynb
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import warnings
from pathlib import Path
from typing import Any

import nbformat

from crmkit.exercises.editions import _roles

__all__ = ["audit_set", "solution_lines"]


def _test_sources(notebook: Path) -> dict[str, str]:
    """The exception-based test files otter keeps in a notebook's metadata, by question."""
    nb = nbformat.read(notebook, as_version=4)
    return dict(nb.metadata.get("otter", {}).get("tests", {}))


def _run(sources: dict[str, str], env: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from otter.test_files import ExceptionTestFile

    results = {}
    for question, source in sources.items():
        test_file = ExceptionTestFile.from_metadata(source, f"{question}.py")
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            test_file.run(env)
        results[question] = {
            "score": float(test_file.score),
            "possible": float(test_file.possible),
            "passed": [result.passed for result in test_file.test_case_results],
            "shown": test_file.summary(public_only=True),
        }
    return results


def _execute(cells: list[str], folder: Path, label: str) -> tuple[dict[str, Any], list[str]]:
    """Execute code cells in one namespace, from ``folder``, as a notebook's Run All; return it and the errors."""
    env: dict[str, Any] = {"__name__": "__main__"}
    errors = []
    previous = os.getcwd()
    os.chdir(folder)
    sys.path.insert(0, str(folder))
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for index, source in enumerate(cells):
                try:
                    exec(compile(source, f"<{label} cell {index}>", "exec"), env)
                except Exception as error:  # a cell that stops Run All
                    errors.append(f"{label} cell {index}: {type(error).__name__}: {error}")
    finally:
        sys.path.remove(str(folder))
        os.chdir(previous)
    return env, errors


def solution_lines(master: Path) -> list[str]:
    """The lines otter removes from a master's solution cells (markers dropped), at least 12 characters long.

    These are what a student must not see: lines marked ``# SOLUTION`` and lines inside
    ``# BEGIN SOLUTION`` / ``# END SOLUTION`` blocks.
    """
    from crmkit.exercises.sphinx import strip_markers

    nb = nbformat.read(master, as_version=4)
    lines = []
    for cell, role in zip(nb.cells, _roles(nb)):
        if role != "solution":
            continue
        inside = False
        for line in cell.source.split("\n"):
            marker = line.strip().upper()
            if marker in ("# BEGIN SOLUTION", "# END SOLUTION"):
                inside = marker == "# BEGIN SOLUTION"
                continue
            if inside or line.rstrip().endswith("# SOLUTION"):
                text = strip_markers(line).strip()
                if len(text) >= 12:
                    lines.append(text)
    return lines


def audit_set(master: Path, release: Path, wrong: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    """Run a set's tests on its solution, its blank student notebook and typical wrong answers.

    Parameters
    ----------
    master : Path
        The master notebook in ``exercises/``.
    release : Path
        The folder written by :func:`crmkit.exercises.release` for (at least) this set.
    wrong : dict, optional
        ``{question: {variable: expression}}``: typical wrong answers, each expression evaluated in the
        solution's namespace.

    Returns
    -------
    dict
        ``solution`` and ``blank``: ``{question: {"score", "possible", "passed", "shown"}}`` for all tests;
        ``blank_errors``: cells that stopped the blank notebook's Run All; ``wrong``: the public check's
        result per question on the wrong answers; ``solution_errors``: cells of the master that failed.
    """
    master, release = Path(master).resolve(), Path(release).resolve()
    student = release / "student" / "exercises" / master.name
    every_test = _test_sources(release / "instructor" / master.stem / master.name)
    public = _test_sources(student)

    nb = nbformat.read(master, as_version=4)
    solution_cells = [cell.source for cell, role in zip(nb.cells, _roles(nb))
                      if cell.cell_type == "code" and role in ("", "solution")]
    solved, solution_errors = _execute(solution_cells, master.parent, "solution")
    blank_nb = nbformat.read(student, as_version=4)
    blank, blank_errors = _execute([cell.source for cell in blank_nb.cells if cell.cell_type == "code"],
                                   student.parent, "blank")
    report: dict[str, Any] = {
        "solution": _run(every_test, solved),
        "blank": _run(every_test, blank),
        "solution_errors": solution_errors,
        "blank_errors": blank_errors,
        "public_questions": sorted(public),
        "wrong": {},
    }
    for question, answers in (wrong or {}).items():
        env = dict(solved)
        for variable, expression in answers.items():
            env[variable] = eval(expression, dict(solved))  # noqa: S307 - the author's own expressions
        report["wrong"][question] = _run({question: public[question]}, env)[question]
    return report


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        import tempfile

        from crmkit.exercises.editions import release as make_release

        with tempfile.TemporaryDirectory() as scratch:
            out = make_release(Path(scratch) / "release", [Path(argument)], run_tests=False)
            result = audit_set(Path(argument), out)
        for kind in ("solution", "blank"):
            for question, outcome in result[kind].items():
                print(f"{Path(argument).stem} {kind:8} {question}: {outcome['score']:g}/{outcome['possible']:g}")
        print("\n".join(result["solution_errors"] + result["blank_errors"]) or "Run All of the blank notebook: no cell stopped it")
