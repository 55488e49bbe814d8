"""The course plan (book/course-plan.yml + the notebooks' ``crm`` metadata, rendered on book/course-plan.md)
is true to the book.

* every page, lab and exercise set it names exists and is in the table of contents;
* every exercise it counts as "checked" is an auto-graded question (an otter question with tests, not a
  written one graded by hand) in that set;
* the sessions add up to the textbook's class hours, chapter by chapter (35 in all), and every objective
  is taught in some session;
* every objective a notebook's metadata names is in the plan, and every question it names is in its set;
* every objective has a checked exercise, except the known gaps below. The list states today's truth and
  may only shrink: when an exercise closes a gap, this test fails until the objective leaves the list.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _book_extension():
    """book/_ext/crm_book.py, the Sphinx extension that assembles and renders the plan."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("crm_book", ROOT / "book" / "_ext" / "crm_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


crm_book = _book_extension()
PLAN = crm_book.load_plan()
TEXTBOOK_HOURS = {1: 3, 2: 4, 3: 5, 4: 4, 5: 4, 6: 8, 7: 3, 8: 4}

# Objectives with no auto-graded exercise today, and why. Shrink this list; never add to it silently.
KNOWN_GAPS = {
    "1.1": "definitions of CRM: knowledge, no auto-graded question",
    "1.3": "e-commerce customers, ways and goals of CRM, social CRM: knowledge, no auto-graded question",
    "2.1": "consumer / customer / client and customer value: knowledge, no auto-graded question",
    "6.1": "misconceptions and elements of CRM marketing: knowledge, no auto-graded question",
    "7.1": "types, value and architecture of call centres: knowledge, no auto-graded question",
    "7.4": "the psychology of waiting: no auto-graded question",
    "8.1": "features of e-commerce service, bad reviews, complaints: only the written Exercise 8.5",
}


def toc_files() -> set[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = {toc["root"]}

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.add(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    return files


def questions(exercise_set: Path) -> dict[str, dict]:
    """Questions of an otter master notebook: name → {"manual": bool, "tests": int}."""
    found, current, in_tests = {}, None, False
    for cell in json.loads(exercise_set.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        if source.startswith("# BEGIN QUESTION"):
            config = yaml.safe_load(source.split("\n", 1)[1]) or {}
            current = found.setdefault(str(config["name"]), {"manual": bool(config.get("manual")), "tests": 0})
        elif source.startswith("# END QUESTION"):
            current = None
        elif source.startswith("# BEGIN TESTS"):
            in_tests = True
        elif source.startswith("# END TESTS"):
            in_tests = False
        elif current is not None and in_tests and cell["cell_type"] == "code" and source.strip():
            current["tests"] += 1
    return found


def named_paths() -> list[str]:
    paths = []
    for objective in PLAN["objectives"]:
        paths += [p for p in [objective.get("page")] if p] + objective.get("labs", [])
        paths += [ref.partition("#")[0] for ref in objective.get("exercises", [])]
    for session in PLAN["sessions"]:
        for key in ("reading", "labs", "exercises"):
            paths += list(session.get(key, {}))
    return sorted(set(paths))


def checked(objective: dict) -> list[str]:
    return objective.get("exercises", [])


@pytest.mark.parametrize("path", named_paths())
def test_every_page_in_the_plan_exists_and_is_in_the_book(path):
    assert (ROOT / path).is_file(), f"book/course-plan.yml names {path}, which does not exist"
    assert str(Path(path).with_suffix("")) in toc_files(), f"{path} is in the course plan but not in _toc.yml"


def test_every_checked_exercise_is_an_auto_graded_question():
    problems = []
    for objective in PLAN["objectives"]:
        for ref in checked(objective):
            path, _, name = ref.partition("#")
            found = questions(ROOT / path) if (ROOT / path).is_file() else {}
            if name not in found:
                problems.append(f"{objective['id']}: {ref}: no question {name!r} in {path}")
            elif found[name]["manual"]:
                problems.append(f"{objective['id']}: {ref} is a written question graded by hand, not a checked one")
            elif found[name]["tests"] == 0:
                problems.append(f"{objective['id']}: {ref} has no tests")
    assert not problems, "\n".join(problems)


def test_every_objective_and_question_in_notebook_metadata_exists():
    ids = {o["id"] for o in PLAN["objectives"]}
    labs, refs = crm_book.notebook_objectives(ROOT)
    assert labs and refs, "no notebook carries crm objectives metadata"
    problems = [f"{lab} names objective {i}, which is not in book/course-plan.yml"
                for lab, named in labs.items() for i in named if i not in ids]
    for ref, named in refs.items():
        path, _, name = ref.partition("#")
        problems += [f"{path}: question {name} names objective {i}, which is not in book/course-plan.yml"
                     for i in named if i not in ids]
        if name not in questions(ROOT / path):
            problems.append(f"{path}: metadata names question {name!r}, which is not in the set")
    assert not problems, "\n".join(problems)


def test_notebook_metadata_check_can_fail(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "exercises").mkdir()
    lab = {"cells": [], "metadata": {"crm": {"objectives": ["2.3"]}}, "nbformat": 4, "nbformat_minor": 5}
    master = {"cells": [], "metadata": {"crm": {"objectives": {"q9": ["9.9"]}}}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "notebooks" / "lab.ipynb").write_text(json.dumps(lab), encoding="utf-8")
    (tmp_path / "exercises" / "set-exercises.ipynb").write_text(json.dumps(master), encoding="utf-8")
    labs, refs = crm_book.notebook_objectives(tmp_path)
    assert labs == {"notebooks/lab.ipynb": ["2.3"]}
    assert refs == {"exercises/set-exercises.ipynb#q9": ["9.9"]}
    assert "q9" not in questions(tmp_path / "exercises" / "set-exercises.ipynb")
    assert "9.9" not in {o["id"] for o in PLAN["objectives"]}


def test_sessions_add_up_to_the_textbooks_hours():
    hours = {chapter: 0 for chapter in TEXTBOOK_HOURS}
    for session in PLAN["sessions"]:
        hours[session["chapter"]] += session["hours"]
    assert hours == TEXTBOOK_HOURS, f"hours per chapter in the plan {hours}, textbook {TEXTBOOK_HOURS}"
    assert sum(hours.values()) == 35


def test_every_objective_is_taught_in_a_session_and_sessions_name_real_objectives():
    ids = [o["id"] for o in PLAN["objectives"]]
    assert len(ids) == len(set(ids)), "objective ids repeat"
    taught = {i for s in PLAN["sessions"] for i in s["objectives"]}
    assert not taught - set(ids), f"sessions name unknown objectives: {sorted(taught - set(ids))}"
    assert not set(ids) - taught, f"objectives taught in no session: {sorted(set(ids) - taught)}"


def test_every_objective_has_a_checked_exercise_or_is_a_known_gap():
    without = {o["id"] for o in PLAN["objectives"] if not checked(o)}
    new_gaps = sorted(without - set(KNOWN_GAPS))
    closed = sorted(set(KNOWN_GAPS) - without)
    assert not new_gaps, f"objectives with no checked exercise: {new_gaps} (add an auto-graded question)"
    assert not closed, f"these known gaps now have a checked exercise: remove them from KNOWN_GAPS: {closed}"
    undocumented = [o["id"] for o in PLAN["objectives"] if not checked(o) and not o.get("gap")]
    assert not undocumented, f"objectives without exercises must say why in `gap:` {undocumented}"


def test_the_known_gaps_are_few():
    assert len(KNOWN_GAPS) <= 7, "the list of objectives without a checked exercise may only shrink"


@pytest.mark.build
def test_the_built_plan_shows_every_session_and_objective(built_book):
    page = (built_book / "book" / "course-plan.html").read_text(encoding="utf-8")
    text = letters(html.unescape(re.sub(r"<[^>]+>", " ", page)))
    for objective in PLAN["objectives"]:
        assert letters(objective["text"])[:40] in text, f"objective {objective['id']} missing"
    for session in PLAN["sessions"]:
        assert letters(session["title"])[:40] in text, f"session {session['title']!r} missing"
    assert ("notyetpractised" in text) == bool(KNOWN_GAPS)
    for skill in PLAN["skills"]:
        assert letters(skill["text"])[:40] in text, f"skill objective {skill['id']} missing"


def headings(lab: Path) -> set[str]:
    """The text of every Markdown heading in a notebook, without its leading #'s."""
    found = set()
    for cell in json.loads(lab.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            found |= {line.lstrip("#").strip() for line in "".join(cell["source"]).splitlines() if line.startswith("#")}
    return found


def skill_metadata_problems(root: Path, skill_ids: set[str]) -> list[str]:
    """What is wrong with the notebooks' ``crm.skills`` metadata under ``root``: unknown skills, headings that
    are not in the lab, questions that are not in the set or are not auto-graded."""
    sections, refs = crm_book.notebook_skills(root)
    problems = []
    for skill, places in sections.items():
        if skill not in skill_ids:
            problems.append(f"a lab names skill {skill}, which is not in book/course-plan.yml")
        problems += [f"{path}: skill {skill} names section {heading!r}, which is not a heading in that lab"
                     for path, heading in places if heading not in headings(root / path)]
    for ref, named in refs.items():
        path, _, name = ref.partition("#")
        problems += [f"{path}: question {name} names skill {i}, which is not in book/course-plan.yml"
                     for i in named if i not in skill_ids]
        found = questions(root / path)
        if name not in found:
            problems.append(f"{path}: metadata names question {name!r}, which is not in the set")
        elif found[name]["manual"] or not found[name]["tests"]:
            problems.append(f"{path}: question {name} is not auto-graded, so it cannot check a skill")
    return problems


def test_the_textbooks_skill_objectives_are_all_listed():
    ids = [skill["id"] for skill in PLAN["skills"]]
    per_chapter = {chapter: sum(skill["chapter"] == chapter for skill in PLAN["skills"]) for chapter in TEXTBOOK_HOURS}
    assert per_chapter == {1: 2, 2: 2, 3: 2, 4: 3, 5: 3, 6: 5, 7: 4, 8: 3}, per_chapter
    assert ids == [f"S{s['chapter']}.{k}" for chapter in TEXTBOOK_HOURS
                   for k, s in enumerate((s for s in PLAN["skills"] if s["chapter"] == chapter), start=1)]


def test_skill_metadata_names_real_skills_sections_and_questions():
    problems = skill_metadata_problems(ROOT, {skill["id"] for skill in PLAN["skills"]})
    assert not problems, "\n".join(problems)


def test_every_skill_objective_has_a_lab_section_and_a_checked_question():
    missing = [f"{skill['id']}: " + " and ".join(what for what, have in (("no lab section", skill["sections"]),
                                                                         ("no checked question", skill["exercises"]))
                                                  if not have)
               for skill in PLAN["skills"] if not (skill["sections"] and skill["exercises"])]
    assert not missing, "skill objectives not yet practised:\n" + "\n".join(missing)


def test_skill_metadata_check_can_fail(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "exercises").mkdir()
    lab = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["## Deal-seeking in the orders"]}],
           "metadata": {"crm": {"skills": {"S1.1": "Deal seeking", "S9.9": "Deal-seeking in the orders"}}},
           "nbformat": 4, "nbformat_minor": 5}
    master = {"cells": [], "metadata": {"crm": {"skills": {"q1": ["S1.1"]}}}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "notebooks" / "lab.ipynb").write_text(json.dumps(lab), encoding="utf-8")
    (tmp_path / "exercises" / "set-exercises.ipynb").write_text(json.dumps(master), encoding="utf-8")
    problems = skill_metadata_problems(tmp_path, {"S1.1"})
    assert any("'Deal seeking', which is not a heading" in p for p in problems)
    assert any("names skill S9.9" in p for p in problems)
    assert any("question 'q1', which is not in the set" in p for p in problems)


def letters(text: str) -> str:
    """Only letters and digits: the page sets quotes and dashes typographically."""
    return re.sub(r"[\W_]+", "", text)


def test_the_book_extension_examples_hold():
    """book/_ext/crm_book.py (the Sphinx extension that renders the plan) runs its docstring examples."""
    import doctest

    result = doctest.testmod(crm_book)
    assert result.attempted >= 4 and result.failed == 0
    rows = crm_book.map_markdown(PLAN)
    assert len(rows) == len(PLAN["objectives"]) + 2
    assert len(crm_book.skills_markdown(PLAN)) == len(PLAN["skills"]) + 2
    assert sum("not yet practised" in row for row in rows) == len(KNOWN_GAPS)
