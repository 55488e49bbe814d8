"""Exercise checks teach and grade honestly; the student edition stands alone; grading runs offline.

One release of every set (``otter assign``) is made once for the module. Each set is then audited in its
own process (two at a time, see :mod:`crmkit.exercises.audit`): its solution is executed and every test,
hidden ones included, must give full marks; its blank student notebook is run top to bottom (as "Run All")
without a cell stopping it, and every test must give zero; typical wrong answers (``exercise_mistakes.py``)
must fail the public check with a message that quotes no line of the solution. Batch grading with otter
itself runs for one set (a solved notebook and the blank set's exported submission zip).
"""

from __future__ import annotations

import csv
import multiprocessing
import re
import subprocess
import sys
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pytest

from crmkit import exercises
from crmkit.exercises.audit import audit_set, solution_lines
from crmkit.exercises.editions import BOOK_TAGS, datasets_used
from exercise_mistakes import WRONG

MASTERS = exercises.masters()
IDS = [path.stem for path in MASTERS]
GRADED_SET = "ch07-call-centre-exercises"  # batch-graded with otter itself (a small set)


def test_there_are_exercise_sets():
    assert MASTERS, "no otter master notebooks in exercises/"


@pytest.mark.parametrize("master", MASTERS, ids=IDS)
def test_master_is_tagged_for_the_book_and_has_public_and_hidden_checks(master):
    assert exercises.problems(master) == []


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every set released once (otter assign without its own test run: the audit below runs the tests).

    Overrides the session fixture of tests/conftest.py, which the exercise tests no longer use; its name keeps
    conftest.py's longer time limit for the tests that pay for the release.
    """
    return exercises.release(tmp_path_factory.mktemp("release") / "dist", run_tests=False)


@pytest.fixture(scope="module")
def audits(release: Path) -> dict[str, dict]:
    """Each set's audit, two sets at a time in fresh processes."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        futures = {m.stem: pool.submit(audit_set, m, release, WRONG.get(m.stem, {})) for m in MASTERS}
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.timeout(900)
@pytest.mark.parametrize("master", MASTERS, ids=IDS)
def test_every_check_passes_on_the_solution(master, audits):
    audit = audits[master.stem]
    assert audit["solution_errors"] == []
    assert audit["solution"], f"{master.name} has no auto-graded question"
    for question, outcome in audit["solution"].items():
        assert outcome["score"] == outcome["possible"] > 0, f"{master.name} {question}: the solution fails\n{outcome['shown']}"


@pytest.mark.timeout(900)
@pytest.mark.parametrize("master", MASTERS, ids=IDS)
def test_blank_set_runs_top_to_bottom_and_every_check_fails_gracefully(master, audits):
    audit = audits[master.stem]
    assert audit["blank_errors"] == [], "Run All stops on the blank set"
    for question, outcome in audit["blank"].items():
        assert outcome["score"] == 0, f"{master.name} {question}: the blank set scores {outcome['score']}; a check cannot fail"
        assert not any(outcome["passed"]), f"{master.name} {question}: a test passes on the blank set"
    for question in audit["public_questions"]:
        assert "not answered yet" in audit["blank"][question]["shown"], f"{master.name} {question}: {audit['blank'][question]['shown']}"


@pytest.mark.timeout(900)
@pytest.mark.parametrize("master", MASTERS, ids=IDS)
def test_typical_wrong_answers_fail_with_a_message_that_gives_nothing_away(master, audits):
    audit = audits[master.stem]
    assert set(WRONG.get(master.stem, {})) == set(audit["public_questions"]), "every auto-graded question needs a typical wrong answer"
    leaks = solution_lines(master)
    for question, outcome in audit["wrong"].items():
        shown = outcome["shown"]
        assert not all(outcome["passed"]), f"{master.name} {question}: the public check accepts a typical wrong answer"
        assert "AssertionError: " in shown and "Traceback" not in shown, f"{master.name} {question}: not a plain message\n{shown}"
        message = shown.split("AssertionError: ", 1)[1]
        assert 20 <= len(message) <= 400, f"{master.name} {question}: message of {len(message)} characters\n{shown}"
        for line in leaks:
            assert line not in shown, f"{master.name} {question}: the feedback quotes the solution line {line!r}"
    for kind in ("blank",):
        for question in audit["public_questions"]:
            for line in leaks:
                assert line not in audit[kind][question]["shown"], f"{master.name} {question}: feedback quotes {line!r}"


def _tests_in(notebook: Path) -> dict[str, str]:
    return nbformat.read(notebook, as_version=4).metadata["otter"]["tests"]


def test_hidden_tests_reach_the_autograder_only(release):
    for master in MASTERS:
        public = _tests_in(release / "student" / "exercises" / master.name)
        every = _tests_in(release / "instructor" / master.stem / master.name)
        assert not any("hidden=True" in source for source in public.values()), f"{master.name}: a hidden test reached students"
        for question, source in every.items():
            assert "hidden=True" in source, f"{master.name} {question}: no hidden test in the autograder"


def test_student_edition_stands_alone(release):
    student = release / "student"
    readme = (student / "README.md").read_text(encoding="utf-8")
    assert "grader.check" in readme and "make test" not in readme and "benchmarks" not in readme
    requirements = (student / "requirements.txt").read_text(encoding="utf-8").lower()
    for tool in ("jupyter-book", "playwright", "nbval", "pytest", "hypothesis"):
        assert tool not in requirements, f"students would install {tool}"
    assert "otter-grader" in requirements and "-e ." in requirements and (student / "pyproject.toml").exists()
    for master in MASTERS:
        nb = nbformat.read(student / "exercises" / master.name, as_version=4)
        text = "\n".join(cell.source for cell in nb.cells)
        assert "# SOLUTION" not in text and "BEGIN SOLUTION" not in text, f"{master.name}: a solution leaked"
        assert "grader.check(" in text and "grader.export(" in text, f"{master.name}: no checks or no submission cell"
        for cell in nb.cells:
            tags = set(cell.metadata.get("tags", []))
            assert not tags & set(BOOK_TAGS), f"{master.name}: book tags left in the student notebook"
            assert "mystnb" not in cell.metadata


def test_autograder_carries_crmkit_and_the_data(release):
    for master in MASTERS:
        with zipfile.ZipFile(exercises.autograder_of(release / "instructor" / master.stem)) as bundle:
            names = set(bundle.namelist())
            requirements = bundle.read("requirements.txt").decode("utf-8")
        assert {"files/crmkit/__init__.py", "files/crmkit/data.py"} <= names
        used = datasets_used(master)
        assert used, f"{master.name} loads no data set?"
        for name in used:
            assert any(n.startswith(f"files/datasets/{name}.") and not n.endswith(".md") for n in names), f"{master.name}: no {name} data"
            assert f"files/datasets/{name}.md" in names, f"{master.name}: no card for {name}"
        assert "otter-grader" in requirements and "jupyter-book" not in requirements and "pandas" in requirements


@pytest.mark.parametrize("inside", ["exercises", "notebooks", "crmkit", "datasets"])
def test_release_refuses_an_output_folder_inside_what_it_copies(inside):
    with pytest.raises(exercises.ReleaseError, match=f"outside {inside}/"):
        exercises.release(exercises.ROOT / inside / "dist")


def test_release_refuses_to_overwrite_students_work(tmp_path):
    out = tmp_path / "dist"
    (out / "student" / "exercises").mkdir(parents=True)
    work = out / "student" / "exercises" / "my-answers.ipynb"
    work.write_text("{}", encoding="utf-8")
    with pytest.raises(exercises.ReleaseError, match="--force"):
        exercises.release(out, MASTERS[:1], run_tests=False)
    assert work.read_text(encoding="utf-8") == "{}"


def test_command_line_errors_are_one_line():
    result = subprocess.run([sys.executable, "-m", "crmkit.exercises", "release", str(exercises.ROOT / "notebooks" / "dist")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (exercises.ROOT / "notebooks" / "dist").exists()


@pytest.mark.timeout(900)
def test_batch_grading_gives_full_marks_to_the_solution_and_zero_to_the_blank(release, audits, tmp_path):
    instructor = release / "instructor"
    submissions = tmp_path / "submissions"
    (submissions / "solved-student").mkdir(parents=True)
    solution = instructor / GRADED_SET / f"{GRADED_SET}.ipynb"
    (submissions / "solved-student" / solution.name).write_bytes(solution.read_bytes())
    # the blank set's own submission: the zip its last cell wrote when the audit ran it top to bottom
    exported = sorted((release / "student" / "exercises").glob(f"{GRADED_SET}_*.zip"))
    assert exported, "the submission cell wrote no zip"
    (submissions / "blank-student").mkdir()
    (submissions / "blank-student" / exported[-1].name).write_bytes(exported[-1].read_bytes())
    scores = tmp_path / "scores.csv"
    exercises.grade_folder(submissions, instructor, scores)
    rows = {row["student"]: row for row in csv.DictReader(scores.open(encoding="utf-8"))}
    assert set(rows) == {"solved-student", "blank-student"}
    manual = exercises.manual_questions(exercises.EXERCISES / f"{GRADED_SET}.ipynb")
    for row in rows.values():
        assert row["set"] == GRADED_SET and not row["error"], row
        assert row["manual"].split() == manual
        assert not set(manual) & set(row), "a hand-graded question got an automatic score"
    solved, blank = rows["solved-student"], rows["blank-student"]
    assert float(solved["total"]) == float(solved["possible"]) > 0
    assert float(blank["total"]) == 0 and float(blank["possible"]) == float(solved["possible"])
    questions = [key for key in solved if re.fullmatch(r"q\d+", key) and solved[key]]
    assert questions and all(float(blank[q]) == 0 for q in questions)


@pytest.mark.timeout(900)
def test_autograder_grades_offline_in_a_fresh_environment_built_from_its_own_files(release, tmp_path):
    """A new virtual environment from the zip's requirements.txt only (uv, offline, from its cache): no crmkit installed."""
    import shutil

    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not on PATH: cannot build a fresh environment offline here")
    autograder = exercises.autograder_of(release / "instructor" / GRADED_SET)
    with zipfile.ZipFile(autograder) as bundle:
        (tmp_path / "requirements.txt").write_bytes(bundle.read("requirements.txt"))
    env = tmp_path / "fresh"
    subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(env)], check=True, timeout=120)
    install = subprocess.run([uv, "pip", "install", "--quiet", "--offline", "--python", str(env / "bin" / "python"),
                              "-r", str(tmp_path / "requirements.txt")], capture_output=True, text=True, timeout=600)
    if install.returncode != 0:
        pytest.skip(f"the grading requirements are not all in uv's cache (offline): {install.stderr.strip()[-300:]}")
    python = env / "bin" / "python"
    probe = subprocess.run([str(python), "-c", "import crmkit"], capture_output=True, text=True, cwd=tmp_path)
    assert probe.returncode != 0, "crmkit is importable in the fresh environment: the test would prove nothing"
    work = tmp_path / "grade"
    work.mkdir()
    solution = release / "instructor" / GRADED_SET / f"{GRADED_SET}.ipynb"
    (work / solution.name).write_bytes(solution.read_bytes())
    result = subprocess.run([str(python), "-m", "otter", "run", "-a", str(autograder), "-o", str(work), solution.name],
                            cwd=work, capture_output=True, text=True, timeout=600)
    report = work / "results.json"
    assert report.exists(), result.stdout[-2000:] + result.stderr[-2000:]
    import json

    tests = [t for t in json.loads(report.read_text(encoding="utf-8"))["tests"] if t.get("name") != "Public Tests"]
    assert tests and all(t["score"] == t["max_score"] for t in tests), tests


@pytest.mark.parametrize(("value", "kind", "says"), [
    (..., "number", "not answered yet"),
    ((0.817, (0.78, 0.85)), "number", "a tuple of 2 values"),             # pingouin.cronbach_alpha's (alpha, interval)
    (__import__("pandas").Series([0.1, 0.2, 0.3]), "number", "a pandas Series of 3 values"),
    (44.0, "share", "If it is a percentage, write 0.44 instead of 44"),
    (65.5, "count", "should be a whole number"),
    ("0.44", "number", "Write the number without quotes"),
    (float("nan"), "number", "division by zero or an empty selection"),
    (None, "number", "did the cell assign it"),
])
def test_feedback_names_the_typical_mistakes_of_form_in_plain_words(value, kind, says):
    with pytest.raises(AssertionError) as failure:
        exercises.answer(value, "my_answer", kind)
    message = str(failure.value)
    assert says in message and message.startswith("my_answer ") and "Traceback" not in message


def test_feedback_accepts_an_int_where_a_float_is_asked_and_a_whole_float_where_a_count_is():
    assert exercises.answer(3, "x", "number") == 3.0 and isinstance(exercises.answer(3, "x", "number"), float)
    assert exercises.answer(215.0, "n", "count") == 215 and isinstance(exercises.answer(215.0, "n", "count"), int)


def test_fingerprints_compare_rounded_answers_and_never_hold_them():
    right = exercises.fingerprint(0.81714, "service_alpha")
    assert exercises.fingerprint(0.8171377293524279, "service_alpha") == right
    assert exercises.fingerprint(0.8171377293524279, "other_name") != right
    assert "0.817" not in right
    with pytest.raises(AssertionError, match="is not right yet. Reverse"):
        exercises.expect(0.63, "service_alpha", right=right, hint="Reverse service_3 first.")
