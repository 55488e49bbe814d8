"""Committed notebook outputs hold on any machine: no raw floats, negative zeros, addresses, paths, timestamps or progress bars.

Strict nbval compares fresh outputs with the committed ones. Whatever a notebook shows that depends on the
machine (the last digits of a float computed by a SIMD or BLAS kernel, the sign of a rounded zero, a memory
address, a path, the time of day, a progress bar) makes that comparison fail elsewhere, and tells a reader
nothing. This test reads every committed output (text, HTML tables, chart data, saved widget state) and
names the notebook, the cell (numbered as nbval numbers them) and what is fragile.

The rules:

* a float shows at most 6 significant digits and at most 5 decimals (round with ``crmkit.display``);
* no negative zero (``-0``, ``-0.0``, ``-0.00``);
* no memory address, absolute path, wall-clock timing, execution timestamp or progress bar;
* ``nbval-ignore-output`` only on a cell whose output is an ipywidget (nbval cannot replay those).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(ROOT.glob("notebooks/*.ipynb")) + sorted(ROOT.glob("exercises/*.ipynb"))

MAX_SIGNIFICANT = 6
MAX_DECIMALS = 5

NUMBER = re.compile(r"(?<![\w.])-?\d+\.\d+(?:[eE][+-]?\d+)?(?![\w.])")
NEGATIVE_ZERO = re.compile(r"(?<![\w.\-])-0(?:\.0+)?(?![\w.])")
ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,}\b")
PATH = re.compile(r"(?<![\w.])(?:/root/|/home/|/tmp/|/work/|/Users/|/private/var/|[A-Z]:\\\\Users|site-packages)")
TIMING = re.compile(r"(?:Wall time|CPU times|\d+(?:\.\d+)? ?(?:ms|µs|s) ± |\b20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+)")
PROGRESS = re.compile(r"(?:\d+%\|[^|]*\||\d+(?:\.\d+)?it/s|s/it\])")
WIDGET = "application/vnd.jupyter.widget-view+json"


def significant_digits(token: str) -> int:
    """Significant digits of a decimal token: ``"0.0123"`` → 3, ``"12.50"`` → 4."""
    mantissa = re.split("[eE]", token.lstrip("-"))[0]
    return len(mantissa.replace(".", "").lstrip("0"))


def decimals(token: str) -> int:
    """Digits after the decimal point of a token (``"1.2e-05"`` → 1)."""
    mantissa = re.split("[eE]", token)[0]
    return len(mantissa.split(".")[1])


def _texts(output: dict) -> list[str]:
    """Every text an output carries, widget views excepted (their model ids are random by design)."""
    texts = []
    if "text" in output:
        texts.append("".join(output["text"]) if isinstance(output["text"], list) else output["text"])
    for mime, value in output.get("data", {}).items():
        if mime == WIDGET:
            continue
        if isinstance(value, list):
            value = "".join(value)
        texts.append(value if isinstance(value, str) else json.dumps(value))
    if "traceback" in output:
        texts.append("\n".join(output["traceback"]))
    return texts


def problems_in_text(text: str) -> list[str]:
    """What is fragile in one piece of output text (an empty list when nothing is)."""
    found = []
    long_floats = [t for t in NUMBER.findall(text) if significant_digits(t) > MAX_SIGNIFICANT or decimals(t) > MAX_DECIMALS]
    if long_floats:
        found.append(f"{len(long_floats)} unrounded float(s), e.g. {long_floats[0]}")
    zeros = NEGATIVE_ZERO.findall(text)
    if zeros:
        found.append(f"{len(zeros)} negative zero(s) ({zeros[0]})")
    for name, pattern in (("a memory address", ADDRESS), ("a machine path", PATH), ("a timing or timestamp", TIMING),
                          ("a progress bar", PROGRESS)):
        match = pattern.search(text)
        if match:
            found.append(f"{name} ({match.group(0)!r})")
    return found


def notebook_problems(notebook: dict) -> list[str]:
    """Every fragile output of a notebook (as a parsed ipynb dict), one line per cell and kind."""
    found = []
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        where = f"cell {index}"
        metadata = cell.get("metadata", {})
        if "execution" in metadata:
            found.append(f"{where}: execution timestamps in the cell metadata (execute with record_timing off)")
        outputs = cell.get("outputs", [])
        if "nbval-ignore-output" in metadata.get("tags", []) and not any(WIDGET in o.get("data", {}) for o in outputs):
            found.append(f"{where}: tagged nbval-ignore-output but shows no widget; make the output stable instead")
        for output in outputs:
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                text = "".join(output["text"]) if isinstance(output["text"], list) else output["text"]
                if PROGRESS.search(text):
                    found.append(f"{where}: a progress bar on stderr")
                    continue
            for text in _texts(output):
                found.extend(f"{where}: {problem}" for problem in problems_in_text(text))
    state = notebook.get("metadata", {}).get("widgets")
    if state:
        found.extend(f"saved widget state: {problem}" for problem in problems_in_text(json.dumps(state)))
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.relative_to(ROOT).as_posix() for p in NOTEBOOKS])
def test_outputs_do_not_depend_on_the_machine(path):
    problems = notebook_problems(json.loads(path.read_text(encoding="utf-8")))
    assert not problems, f"{path.relative_to(ROOT)}: fragile outputs (round with crmkit.display):\n  " + "\n  ".join(problems[:25])


# ----- the checker itself can fail ----------------------------------------------------------------


def _notebook(*outputs: dict, tags: list[str] | None = None, metadata: dict | None = None) -> dict:
    cell = {"cell_type": "code", "source": "x", "metadata": {"tags": tags or [], **(metadata or {})}, "outputs": list(outputs)}
    return {"cells": [{"cell_type": "markdown", "source": "# t", "metadata": {}}, cell], "metadata": {}}


def _stream(text: str, name: str = "stdout") -> dict:
    return {"output_type": "stream", "name": name, "text": text}


def _html(text: str) -> dict:
    return {"output_type": "execute_result", "data": {"text/html": text, "text/plain": "<x>"}, "metadata": {}}


@pytest.mark.parametrize(
    "output, expected",
    [
        (_stream("(0.8079764965272251, 0.2044148238951626)"), "unrounded float"),
        (_stream("share 0.123457"), "unrounded float"),
        (_html('{"datasets": {"data-1": [{"revenue": 0.63251234}]}}'), "unrounded float"),
        (_html("<td>-0.00</td>"), "negative zero"),
        (_stream("mean -0.0 and -0"), "negative zero"),
        (_stream("<function f at 0x7f3a2b1c9d30>"), "memory address"),
        (_stream("saved to /home/student/crm/out.csv"), "machine path"),
        (_stream("CPU times: user 1.2 s"), "timing"),
        (_stream("simulating:  38%|███▊      | 3/8 [00:00<00:00, 25.26it/s]", "stderr"), "progress bar"),
    ],
)
def test_the_checker_finds_each_kind_of_fragile_output(output, expected):
    problems = notebook_problems(_notebook(output))
    assert problems and expected in problems[0], problems
    assert problems[0].startswith("cell 1:"), "the cell must be named as nbval numbers it"


@pytest.mark.parametrize(
    "text",
    ["top 20% share 0.633, revenue 2,819,297 CNY", "<td>0.00</td><td>12.5</td>", "2025-10-27 08:00:02 K000001",
     "alpha 4.414, p = 1.2e-05", "range 10-0 and x-0.5", '{"$schema": "https://vega.github.io/schema/vega-lite/v6.4.1.json"}'],
)
def test_the_checker_passes_sound_output(text):
    assert notebook_problems(_notebook(_stream(text))) == []


def test_ignore_output_tag_only_on_widget_cells():
    plain = _notebook(_stream("ok"), tags=["nbval-ignore-output"])
    widget = _notebook({"output_type": "display_data", "data": {WIDGET: {"model_id": "x"}}, "metadata": {}},
                       tags=["nbval-ignore-output"])
    assert notebook_problems(plain) and notebook_problems(widget) == []


def test_execution_timestamps_are_found():
    timed = _notebook(_stream("ok"), metadata={"execution": {"iopub.status.idle": "2026-11-22T20:35:14.400695Z"}})
    assert "execution timestamps" in notebook_problems(timed)[0]


def test_a_mismatch_in_a_long_output_is_reported_in_well_under_a_second(pytestconfig):
    import time

    committed = '{"data": [' + ", ".join(f'{{"x": {i}, "y": 0.{i:06d}}}' for i in range(8_000)) + "]}"
    fresh = committed.replace('"y": 0.004000', '"y": 0.004001')
    started = time.perf_counter()
    explanation = [line for result in pytestconfig.hook.pytest_assertrepr_compare(
        config=pytestconfig, op="==", left=committed, right=fresh) if result for line in result]
    assert time.perf_counter() - started < 1.0
    assert "first difference at character" in explanation[0] and "0.004001" in explanation[2]
