"""Exercise sets: one source notebook each, three editions, honest feedback.

Every exercise set is an `otter-grader <https://otter-grader.readthedocs.io>`_ *master notebook* in
``exercises/``: questions, solutions, public checks and hidden tests in one file. From it come

- **the book page**: the master itself, rendered by Jupyter Book, with otter's marker cells and the
  checks removed and each solution, code and result together, folded behind a "Show solution" toggle
  (the cell tags that do this are set by :func:`normalise`; ``crmkit.exercises.sphinx`` removes the
  ``# SOLUTION`` markers from the page);
- **the student edition** (:func:`release`): ``otter assign`` replaces solutions by ``...`` and puts a
  ``grader.check("q1")`` cell after each question, which runs the *public* checks, written with
  :mod:`crmkit.exercises.feedback` so that a failure says what is wrong without giving the answer; the
  set ends with a submission cell; the edition has its own README and minimal requirements;
- **the autograders** for instructors: otter's zip with the public and the *hidden* tests, carrying
  ``crmkit`` and the data, so that it grades offline; :func:`grade_folder` grades a folder of
  submissions into a CSV.

Command line::

    python -m crmkit.exercises tag                     # set the book's cell tags on every master
    python -m crmkit.exercises check                   # report masters whose tags or checks are off
    python -m crmkit.exercises release [DIR] [--force] # student edition + autograders (default: dist/)
    python -m crmkit.exercises grade SUBMISSIONS [--instructor DIR] [--out scores.csv]
    python -m crmkit.exercises fingerprint NAME VALUE  # a public check's fingerprint of an answer
    python -m crmkit.exercises catalogue               # update the feedback's Chinese catalogue (feedback.po)

Examples
--------
>>> from crmkit import exercises
>>> all(path.suffix == ".ipynb" for path in exercises.masters())
True
"""

from crmkit.exercises.feedback import answer, expect, expect_items, fingerprint
from crmkit.exercises.editions import (
    EXERCISES,
    ROOT,
    ReleaseError,
    autograder_of,
    grade,
    grade_folder,
    manual_questions,
    masters,
    normalise,
    problems,
    release,
)

__all__ = [
    "EXERCISES", "ROOT", "ReleaseError", "answer", "autograder_of", "expect", "expect_items", "fingerprint", "grade",
    "grade_folder", "manual_questions", "masters", "normalise", "problems", "release",
]
