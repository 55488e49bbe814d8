"""Every exercise check passes on the solution and fails on the blank student version.

The proof uses otter-grader itself: the release (``otter assign``) makes the student
notebook and the autograder; ``otter run`` grades the solution notebook (every
question must get full marks) and the blank student notebook (every question must
get zero). A check that cannot fail, or that rejects the solution, fails here.
"""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from crmkit import exercises

MASTERS = exercises.masters()


def test_there_are_exercise_sets():
    assert MASTERS, "no otter master notebooks in exercises/"


@pytest.mark.parametrize("master", MASTERS, ids=[path.stem for path in MASTERS])
def test_master_is_tagged_for_the_book_and_its_checks_can_fail(master):
    assert exercises.problems(master) == []


@pytest.fixture(scope="module")
def grades(release):
    """Otter's scores of every set's solution and blank student notebook, graded two at a time."""
    jobs = {}
    for master in MASTERS:
        instructor = release / "instructor" / master.stem
        autograder = next(instructor.glob("*-autograder_*.zip"))
        jobs[(master.stem, "solution")] = (instructor / master.name, autograder)
        jobs[(master.stem, "blank")] = (release / "student" / "exercises" / master.name, autograder)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {key: pool.submit(exercises.grade, *job) for key, job in jobs.items()}
        return {key: future.result() for key, future in futures.items()}


@pytest.mark.parametrize("master", MASTERS, ids=[path.stem for path in MASTERS])
def test_checks_pass_on_solution_and_fail_on_blank(master, grades):
    solution = grades[(master.stem, "solution")]
    blank = grades[(master.stem, "blank")]
    assert solution, f"{master.name} has no auto-graded question"
    for question, (score, possible) in solution.items():
        assert score == possible, f"{master.name} {question}: the solution scores {score}/{possible}"
    for question, (score, possible) in blank.items():
        assert score == 0, f"{master.name} {question}: the blank version scores {score}/{possible}; its check cannot fail"
    assert set(blank) == set(solution)


def test_release_refuses_to_write_into_the_sources(tmp_path):
    with pytest.raises(ValueError, match="outside the source folder"):
        exercises.release(exercises.EXERCISES / "dist")


def test_student_edition_has_no_solutions(release):
    import nbformat

    for master in MASTERS:
        student = nbformat.read(release / "student" / "exercises" / master.name, as_version=4)
        text = "\n".join(cell.source for cell in student.cells)
        assert "# SOLUTION" not in text and "BEGIN SOLUTION" not in text, f"{master.name}: a solution leaked"
        assert "grader.check(" in text, f"{master.name}: students get no checks"
