"""The book builds with no warning, and every notebook is committed executed."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(ROOT.glob("notebooks/*.ipynb")) + sorted(ROOT.glob("exercises/*.ipynb"))


@pytest.mark.build
def test_book_builds_without_warnings(built_book):
    assert (built_book / "index.html").exists()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_committed_executed_in_order_without_errors(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    counts = [c.get("execution_count") for c in code]
    assert code, f"{path.name} has no code"
    assert None not in counts, f"{path.name}: a code cell was not executed"
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: not run top to bottom in one session"
    for cell in code:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"{path.name}: a cell ends in {output.get('ename')}"
