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

A solution block without a prompt, followed by the prompt students get instead (otter's ``# BEGIN PROMPT`` …
``# END PROMPT``, written as a string so the master runs), shows only the solution:

>>> strip_markers('# BEGIN SOLUTION NO PROMPT\\nq = "SELECT 1"\\n# END SOLUTION\\n_prompt = \"\"\" # BEGIN PROMPT\\nq = ...\\n\"\"\" # END PROMPT\\nq')
'q = "SELECT 1"\\nq'
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["strip_markers", "setup"]

_BLOCK = re.compile(r"^\s*#\s*(BEGIN|END)\s+SOLUTION(\s+NO\s+PROMPT)?\s*$", re.IGNORECASE)
_PROMPT_BEGIN = re.compile(r"#\s*BEGIN\s+PROMPT\s*$", re.IGNORECASE)
_PROMPT_END = re.compile(r"#\s*END\s+PROMPT\s*$", re.IGNORECASE)
_TRAILING = re.compile(r"\s*#\s*SOLUTION(\s+NO\s+PROMPT)?\s*$", re.IGNORECASE)


def strip_markers(source: str) -> str:
    """Remove otter's solution markers from one cell's source."""
    lines, in_prompt = [], False
    for line in source.split("\n"):
        if _PROMPT_BEGIN.search(line):
            in_prompt = True
        if not in_prompt and not _BLOCK.match(line):
            lines.append(line)
        if _PROMPT_END.search(line):
            in_prompt = False
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
