"""Re-execute notebooks in place, the one way an author commits them (``make execute``).

The committed outputs of the lab notebooks and exercise sets are the single source of truth: strict
nbval proves in ``make test`` that they are what the code produces, and the book renders them without
executing anything again. So an author who changes a notebook, ``crmkit`` or a data set re-executes the
notebooks concerned with this module and commits them executed. It

* runs each notebook top to bottom in a fresh kernel, from the notebook's own folder, with the same
  numeric settings as CI's first pass (one BLAS and OpenMP thread);
* stores the widget state, so that ipywidgets render on the HTML page without a kernel;
* records no execution timestamps in the cell metadata (they would change at every run).

Usage::

    python -m crmkit.authoring                     # notebooks changed against git HEAD (and new ones)
    python -m crmkit.authoring notebooks/ch02-clv.ipynb exercises/ch02-clv-exercises.ipynb
    python -m crmkit.authoring --all               # every notebook of the book

Examples
--------
>>> from crmkit.authoring import book_notebooks
>>> any(path.name == "ch00-interactive-charts.ipynb" for path in book_notebooks())
True
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_FOLDERS = ("notebooks", "exercises")
KERNEL_ENVIRONMENT = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}

__all__ = ["book_notebooks", "changed_notebooks", "execute", "main"]


def book_notebooks(root: Path = ROOT) -> list[Path]:
    """Every lab notebook and exercise master of the book, sorted."""
    return sorted(path for folder in NOTEBOOK_FOLDERS for path in (root / folder).glob("*.ipynb"))


def changed_notebooks(root: Path = ROOT) -> list[Path]:
    """Notebooks that differ from git ``HEAD`` or are not yet tracked (not ignored), sorted.

    Raises
    ------
    ValueError
        If ``root`` is not a git checkout.
    """
    commands = (["git", "diff", "--name-only", "HEAD", "--", *NOTEBOOK_FOLDERS],
                ["git", "ls-files", "--others", "--exclude-standard", "--", *NOTEBOOK_FOLDERS])
    names: set[str] = set()
    for command in commands:
        result = subprocess.run(command, cwd=root, capture_output=True, text=True)
        if result.returncode != 0:
            raise ValueError(f"root {root} is not a git checkout: {result.stderr.strip()}")
        names.update(line for line in result.stdout.splitlines() if line.endswith(".ipynb"))
    return sorted(root / name for name in names if (root / name).exists())


def execute(paths: Iterable[Path | str], *, timeout: int = 300) -> list[Path]:
    """Execute each notebook top to bottom in a fresh kernel and write it back in place.

    Parameters
    ----------
    paths : iterable of paths
        The notebooks to execute.
    timeout : int, default 300
        Seconds one cell may run before the execution fails.

    Returns
    -------
    list of Path
        The notebooks written.

    Raises
    ------
    ValueError
        If a path is not an existing ``.ipynb`` file.
    nbclient.exceptions.CellExecutionError
        If a cell raises (the notebook is then left unchanged on disk).
    """
    import nbformat
    from nbclient import NotebookClient

    notebooks = [Path(path).resolve() for path in paths]
    for path in notebooks:
        if path.suffix != ".ipynb" or not path.is_file():
            raise ValueError(f"paths: {path} is not an existing .ipynb file")
    for key, value in KERNEL_ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    written = []
    for path in notebooks:
        started = time.perf_counter()
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            cell.metadata.pop("execution", None)
        client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", record_timing=False,
                                store_widget_state=True, resources={"metadata": {"path": str(path.parent)}})
        client.execute()
        nbformat.write(notebook, path)
        written.append(path)
        print(f"executed {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name} "
              f"in {time.perf_counter() - started:.1f} s")
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m crmkit.authoring [--all] [NOTEBOOK ...]``."""
    parser = argparse.ArgumentParser(prog="python -m crmkit.authoring", description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks to execute (default: those changed against git HEAD)")
    parser.add_argument("--all", action="store_true", help="execute every notebook of the book")
    arguments = parser.parse_args(argv)
    try:
        if arguments.all:
            targets = book_notebooks()
        elif arguments.notebooks:
            targets = [Path(name) for name in arguments.notebooks]
        else:
            targets = changed_notebooks()
        if not targets:
            print("no notebook changed against HEAD; name notebooks or pass --all")
            return 0
        execute(targets)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
