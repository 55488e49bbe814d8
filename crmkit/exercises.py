"""Exercise sets: one source notebook each, three audiences.

Every exercise set is an `otter-grader <https://otter-grader.readthedocs.io>`_
*master notebook* in ``exercises/``: questions, solutions and checks in one file.
From it come

- **the book page**: the master itself, rendered by Jupyter Book, with otter's
  marker cells and the checks removed and each solution collapsed behind a
  "Show solution" toggle (the cell tags that do this are set by :func:`normalise`);
- **the student notebook**: ``otter assign`` replaces solutions by ``...`` and
  puts a ``grader.check("q1")`` cell after each question, which students run for
  immediate feedback;
- **the autograder** for instructors (otter's zip, with hidden tests, if any).

Command line::

    python -m crmkit.exercises tag            # set the book's cell tags on every master
    python -m crmkit.exercises check          # report masters whose tags or checks are off
    python -m crmkit.exercises release [DIR]  # student edition + autograders (default: dist/)

Examples
--------
>>> from crmkit import exercises
>>> all(path.suffix == ".ipynb" for path in exercises.masters())
True
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

__all__ = ["masters", "normalise", "problems", "release", "grade"]

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"

#: Tags the book needs: otter's marker cells and the checks vanish, solutions fold.
HIDE = "remove-cell"
FOLD = "hide-input"
SHOW_SOLUTION = {"code_prompt_show": "Show solution", "code_prompt_hide": "Hide solution"}

#: Files a student edition needs besides the student notebooks.
STUDENT_SUPPORT = ("crmkit", "datasets", "notebooks", "requirements.txt", "pyproject.toml", "README.md")


def _is_master(nb: nbformat.NotebookNode) -> bool:
    return any(c.cell_type == "raw" and c.source.lstrip().startswith("# ASSIGNMENT CONFIG") for c in nb.cells)


def masters(folder: Path = EXERCISES) -> list[Path]:
    """Return the master notebooks in ``folder``, sorted by name."""
    found = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        if _is_master(nbformat.read(path, as_version=4)):
            found.append(path)
    return found


def _roles(nb: nbformat.NotebookNode) -> list[str]:
    """Give each cell a role: "marker", "test", "solution" or "" (ordinary)."""
    roles = []
    block = ""
    for cell in nb.cells:
        first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
        if cell.cell_type == "raw" and first_line.startswith("#"):
            marker = first_line.upper()
            if "BEGIN TESTS" in marker:
                block = "test"
            elif "BEGIN SOLUTION" in marker:
                block = "solution"
            elif "END TESTS" in marker or "END SOLUTION" in marker:
                block = ""
            roles.append("marker")
        elif block == "test":
            roles.append("test")
        elif block == "solution" and cell.cell_type == "code":
            roles.append("solution")
        else:
            roles.append("")
    return roles


def _wanted_tags(cell: nbformat.NotebookNode, role: str) -> list[str]:
    tags = [tag for tag in cell.metadata.get("tags", []) if tag not in (HIDE, FOLD)]
    if role in ("marker", "test"):
        tags.append(HIDE)
    elif role == "solution":
        tags.append(FOLD)
    return tags


def normalise(path: Path) -> bool:
    """Set the book's tags on a master notebook in place; return True if it changed."""
    nb = nbformat.read(path, as_version=4)
    changed = False
    for cell, role in zip(nb.cells, _roles(nb)):
        tags = _wanted_tags(cell, role)
        if tags != cell.metadata.get("tags", []):
            cell.metadata["tags"] = tags
            changed = True
        if role == "solution" and cell.metadata.get("mystnb") != SHOW_SOLUTION:
            cell.metadata["mystnb"] = dict(SHOW_SOLUTION)
            changed = True
        if not cell.metadata.get("tags"):
            cell.metadata.pop("tags", None)
    if changed:
        nbformat.write(nb, path)
    return changed


def problems(path: Path) -> list[str]:
    """List what is wrong with a master: missing book tags or checks that cannot be trusted."""
    nb = nbformat.read(path, as_version=4)
    found = []
    for index, (cell, role) in enumerate(zip(nb.cells, _roles(nb))):
        if sorted(cell.metadata.get("tags", [])) != sorted(_wanted_tags(cell, role)):
            found.append(f"{path.name} cell {index}: tags are not set; run `python -m crmkit.exercises tag`")
        if role == "solution" and "SOLUTION" not in cell.source:
            found.append(f"{path.name} cell {index}: a solution cell has no '# SOLUTION' marker, so otter would hand it out")
        if role == "test" and cell.cell_type == "code":
            body = cell.source.split("# END TEST CONFIG")[-1].strip()
            if body.startswith(('"""', "'''")):
                found.append(f"{path.name} cell {index}: a check starts with a bare string, which doctest echoes as a failure")
            if "assert" not in body:
                found.append(f"{path.name} cell {index}: a check with no assert cannot fail")
    return found


def _assign(master: Path, out: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "otter", "assign", master.name, str(out)],
        cwd=master.parent,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"otter assign failed on {master.name}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def release(out: Path, sets: list[Path] | None = None) -> Path:
    """Build the student edition and the instructors' autograders.

    Parameters
    ----------
    out : Path
        Folder to write; it must not be inside ``exercises/``. It receives
        ``student/`` (the student notebooks in ``student/exercises/`` beside the
        package, data and lab notebooks they use) and ``instructor/<set>/``
        (otter's solution notebook and autograder zip for each set).
    sets : list of Path, optional
        Master notebooks to release; default: all of :func:`masters`.

    Returns
    -------
    Path
        ``out``.
    """
    out = Path(out).resolve()
    if EXERCISES.resolve() in out.parents or out == EXERCISES.resolve():
        raise ValueError(f"out must be outside the source folder exercises/, got {out}")
    student = out / "student"
    (student / "exercises").mkdir(parents=True, exist_ok=True)
    for name in STUDENT_SUPPORT:
        source = ROOT / name
        target = student / name
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints"))
        elif source.exists():
            shutil.copy2(source, target)
    def release_one(master: Path) -> None:
        with tempfile.TemporaryDirectory() as scratch:
            _assign(master, Path(scratch) / "dist")
            shutil.copy2(Path(scratch) / "dist" / "student" / master.name, student / "exercises" / master.name)
            instructor = out / "instructor" / master.stem
            shutil.copytree(Path(scratch) / "dist" / "autograder", instructor, dirs_exist_ok=True)

    # otter assign runs each set's checks on its solution; two at a time keeps both cores busy.
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(release_one, sets if sets is not None else masters()))
    return out


def grade(notebook: Path, autograder_zip: Path) -> dict[str, tuple[float, float]]:
    """Grade a notebook with otter; return ``{question: (score, possible)}``.

    Questions graded by hand (otter's ``manual: true``) are not in the result.
    """
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        shutil.copy2(notebook, work / notebook.name)
        result = subprocess.run(
            [sys.executable, "-m", "otter", "run", "-a", str(Path(autograder_zip).resolve()), "-o", str(work), notebook.name],
            cwd=work,
            capture_output=True,
            text=True,
        )
        results_file = work / "results.json"
        if not results_file.exists():
            raise RuntimeError(f"otter run wrote no results for {notebook.name}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        report = json.loads(results_file.read_text(encoding="utf-8"))
    scores = {}
    for test in report["tests"]:
        if "score" in test and test.get("name") != "Public Tests":
            scores[test["name"]] = (float(test["score"]), float(test["max_score"]))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crmkit.exercises", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("tag", help="set the book's cell tags on every master notebook")
    sub.add_parser("check", help="report master notebooks whose tags or checks are off")
    rel = sub.add_parser("release", help="write the student edition and autograders")
    rel.add_argument("out", nargs="?", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    args = parser.parse_args(argv)
    if args.command == "tag":
        for path in masters():
            print(("tagged " if normalise(path) else "unchanged ") + path.name)
    elif args.command == "check":
        found = [problem for path in masters() for problem in problems(path)]
        print("\n".join(found) or "all master notebooks are in order")
        return 1 if found else 0
    else:
        print(f"wrote {release(args.out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
