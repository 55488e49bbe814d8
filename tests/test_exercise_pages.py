"""The book's exercise pages: a solution's code and its result fold together behind "Show solution".

A self-learner reads the exercise, tries it, then opens the toggle. So on the built page every solution
cell is one ``<details>`` element holding both the code and its output; no result of a solution shows
outside it; and otter's ``# SOLUTION`` markers, checks and marker cells do not appear at all.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from crmkit import exercises
from crmkit.exercises.editions import _roles

MASTERS = exercises.masters()


def _solution_outputs(master: Path) -> list[list[str]]:
    """For each solution code cell of a master, the plain texts of its outputs."""
    nb = nbformat.read(master, as_version=4)
    found = []
    for cell, role in zip(nb.cells, _roles(nb)):
        if role == "solution":
            texts = []
            for output in cell.get("outputs", []):
                text = output.get("text") or output.get("data", {}).get("text/plain", "")
                texts.append(("".join(text) if isinstance(text, list) else text).strip())
            found.append([text for text in texts if text])
    return found


@pytest.mark.build
@pytest.mark.parametrize("master", MASTERS, ids=[path.stem for path in MASTERS])
def test_solution_code_and_result_fold_together_and_nothing_leaks(master, built_book):
    page = built_book / "exercises" / f"{master.stem}.html"
    assert page.exists(), f"no page for {master.name}"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article") or soup
    text = article.get_text(" ")
    for marker in ("# SOLUTION", "BEGIN SOLUTION", "END SOLUTION", "BEGIN TESTS", "BEGIN QUESTION"):
        assert marker not in text, f"{page.name}: {marker!r} shows on the page"
    code = " ".join(block.get_text(" ") for block in article.find_all("pre"))
    for marker in ("def test_", "expect(", "fingerprint", "hidden"):
        assert marker not in code, f"{page.name}: a check ({marker!r}) shows on the page"

    toggles = article.select("div.cell.tag_hide-cell")
    expected = _solution_outputs(master)
    assert len(toggles) == len(expected), f"{page.name}: {len(toggles)} folded solutions, {len(expected)} solution cells"
    for cell, outputs in zip(toggles, expected):
        details = cell.find("details")
        assert details is not None, f"{page.name}: a solution is not folded"
        assert "Show solution" in details.find("summary").get_text(" "), f"{page.name}: the toggle is not labelled"
        assert cell.select_one(".cell_input") in details.find_all(class_="cell_input"), f"{page.name}: solution code outside the toggle"
        shown = [node for node in cell.select(".cell_output")]
        if outputs:
            assert shown and all(node in details.find_all(class_="cell_output") for node in shown), \
                f"{page.name}: a solution's result shows outside the toggle"
        else:
            pytest.fail(f"{page.name}: a solution cell shows no result (end it with the answer, rounded)")

    for cell in toggles:
        cell.decompose()
    outside = article.get_text(" ")
    for outputs in expected:
        for output in outputs:
            if len(output) >= 6:
                assert output not in outside, f"{page.name}: the result {output!r} shows outside its toggle"
