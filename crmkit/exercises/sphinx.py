"""Sphinx extension: exercise pages show clean solution code, without otter's ``# SOLUTION`` markers.

An exercise master marks solution lines for ``otter assign`` (``x = ...  # SOLUTION``, and blocks between
``# BEGIN SOLUTION`` and ``# END SOLUTION`` comments). The book renders the master itself, so without this
extension a reader would see those markers inside "Show solution". On ``source-read`` it removes them from
the code cells of notebooks in ``exercises/`` before myst-nb parses the page. Nothing else changes: the
committed outputs are rendered as they are.

Enabled in ``_config.yml`` (``sphinx: extra_extensions: [crmkit.exercises.sphinx]``).

Examples
--------
>>> strip_markers('x = 1  # SOLUTION\\n# BEGIN SOLUTION\\ny = 2\\n# END SOLUTION\\nx + y')
'x = 1\\ny = 2\\nx + y'
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["strip_markers", "setup"]

_BLOCK = re.compile(r"^\s*#\s*(BEGIN|END)\s+SOLUTION\s*$", re.IGNORECASE)
_TRAILING = re.compile(r"\s*#\s*SOLUTION(\s+NO\s+PROMPT)?\s*$", re.IGNORECASE)


def strip_markers(source: str) -> str:
    """Remove otter's solution markers from one cell's source."""
    lines = [line for line in source.split("\n") if not _BLOCK.match(line)]
    return "\n".join(_TRAILING.sub("", line) for line in lines)


def _source_read(app: Any, docname: str, content: list[str]) -> None:
    if not docname.startswith("exercises/"):
        return
    try:
        notebook = json.loads(content[0])
    except ValueError:
        return
    changed = False
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if "SOLUTION" in source.upper():
            cell["source"] = strip_markers(source)
            changed = True
    if changed:
        content[0] = json.dumps(notebook, ensure_ascii=False)


def setup(app: Any) -> dict[str, Any]:
    app.connect("source-read", _source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
