"""Masters, the book's cell tags, the student edition, the autograders and batch grading.

See the package docstring (:mod:`crmkit.exercises`) for the three editions made from one master.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import yaml

__all__ = ["masters", "normalise", "problems", "release", "grade", "grade_folder", "manual_questions", "ReleaseError"]

ROOT = Path(__file__).resolve().parent.parent.parent
EXERCISES = ROOT / "exercises"
TEMPLATES = Path(__file__).resolve().parent / "templates"

#: Tags the book needs: otter's marker cells and the checks vanish; a solution folds, code and output together.
HIDE = "remove-cell"
FOLD = "hide-cell"
BOOK_TAGS = (HIDE, FOLD, "hide-input", "hide-output", "remove-input", "remove-output")
SHOW_SOLUTION = {"code_prompt_show": "Show solution", "code_prompt_hide": "Hide solution"}

#: Folders and files of the repository a student edition carries besides the student notebooks.
STUDENT_SUPPORT = ("crmkit", "datasets", "notebooks", "pyproject.toml")
IGNORED = shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints", "*.pyc")


class ReleaseError(ValueError):
    """A release or grading request that cannot be done as asked (the message says why, in one line)."""


def _is_master(nb: nbformat.NotebookNode) -> bool:
    return any(c.cell_type == "raw" and c.source.lstrip().startswith("# ASSIGNMENT CONFIG") for c in nb.cells)


def masters(folder: Path = EXERCISES) -> list[Path]:
    """Return the master notebooks in ``folder``, sorted by name."""
    found = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        if _is_master(nbformat.read(path, as_version=4)):
            found.append(path)
    return found


def _roles(nb: nbformat.NotebookNode) -> list[str]:
    """Give each cell a role: "marker", "test", "solution" or "" (ordinary)."""
    roles = []
    block = ""
    for cell in nb.cells:
        first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
        if cell.cell_type == "raw" and first_line.startswith("#"):
            marker = first_line.upper()
            if "BEGIN TESTS" in marker:
                block = "test"
            elif "BEGIN SOLUTION" in marker:
                block = "solution"
            elif "END TESTS" in marker or "END SOLUTION" in marker:
                block = ""
            roles.append("marker")
        elif block == "test":
            roles.append("test")
        elif block == "solution" and cell.cell_type == "code":
            roles.append("solution")
        else:
            roles.append("")
    return roles


def _wanted_tags(cell: nbformat.NotebookNode, role: str) -> list[str]:
    tags = [tag for tag in cell.metadata.get("tags", []) if tag not in BOOK_TAGS]
    if role in ("marker", "test"):
        tags.append(HIDE)
    elif role == "solution":
        tags.append(FOLD)
    return tags


def normalise(path: Path) -> bool:
    """Set the book's tags on a master notebook in place; return True if it changed."""
    nb = nbformat.read(path, as_version=4)
    changed = False
    for cell, role in zip(nb.cells, _roles(nb)):
        tags = _wanted_tags(cell, role)
        if tags != cell.metadata.get("tags", []):
            cell.metadata["tags"] = tags
            changed = True
        if role == "solution" and cell.metadata.get("mystnb") != SHOW_SOLUTION:
            cell.metadata["mystnb"] = dict(SHOW_SOLUTION)
            changed = True
        if not cell.metadata.get("tags"):
            cell.metadata.pop("tags", None)
    if changed:
        nbformat.write(nb, path)
    return changed


def _config(nb: nbformat.NotebookNode) -> dict:
    cell = next(c for c in nb.cells if c.cell_type == "raw" and c.source.lstrip().startswith("# ASSIGNMENT CONFIG"))
    return yaml.safe_load(cell.source) or {}


def _questions(nb: nbformat.NotebookNode) -> list[dict]:
    """The question configs of a master, in order (``name``, ``points``, ``manual``)."""
    found = []
    for cell in nb.cells:
        if cell.cell_type == "raw" and cell.source.lstrip().upper().startswith("# BEGIN QUESTION"):
            found.append(yaml.safe_load(cell.source.split("\n", 1)[1]) or {})
    return found


def manual_questions(master: Path) -> list[str]:
    """Names of the questions graded by hand (``manual: true``) in a master."""
    return [q["name"] for q in _questions(nbformat.read(master, as_version=4)) if q.get("manual")]


def _test_config(source: str) -> dict:
    if "# END TEST CONFIG" not in source:
        return {}
    head = source.split("# END TEST CONFIG")[0]
    return yaml.safe_load(head.split("# BEGIN TEST CONFIG", 1)[1].rsplit('"""', 1)[0]) or {}


def problems(path: Path) -> list[str]:
    """List what is wrong with a master: missing book tags, or checks that cannot be trusted."""
    nb = nbformat.read(path, as_version=4)
    found = []
    config = _config(nb)
    if config.get("tests", {}).get("ok_format", True):
        found.append(f"{path.name}: tests must use otter's exception-based format (tests: ok_format: false), "
                     "so that a failing check shows its message, not the test's source")
    if not config.get("export_cell"):
        found.append(f"{path.name}: no export cell (export_cell), so students get no submission step")
    hidden_by_question: dict[str, list[bool]] = {}
    question = ""
    for index, (cell, role) in enumerate(zip(nb.cells, _roles(nb))):
        if cell.cell_type == "raw" and cell.source.lstrip().upper().startswith("# BEGIN QUESTION"):
            question = (yaml.safe_load(cell.source.split("\n", 1)[1]) or {}).get("name", "")
        if sorted(cell.metadata.get("tags", [])) != sorted(_wanted_tags(cell, role)):
            found.append(f"{path.name} cell {index}: tags are not set; run `python -m crmkit.exercises tag`")
        elif role == "solution" and cell.metadata.get("mystnb") != SHOW_SOLUTION:
            found.append(f"{path.name} cell {index}: the solution's toggle is not labelled 'Show solution'; "
                         "run `python -m crmkit.exercises tag`")
        if role == "solution" and "SOLUTION" not in cell.source:
            found.append(f"{path.name} cell {index}: a solution cell has no '# SOLUTION' marker, so otter would hand it out")
        if role == "test" and cell.cell_type == "code":
            body = cell.source.split("# END TEST CONFIG")[-1].strip()
            if not body.startswith("def test_"):
                found.append(f"{path.name} cell {index}: a check must be one `def test_...(...)` function and its call")
            if "assert" not in body and "expect" not in body and "answer(" not in body:
                found.append(f"{path.name} cell {index}: a check with no assert cannot fail")
            hidden_by_question.setdefault(question, []).append(bool(_test_config(cell.source).get("hidden", False)))
    for name, hidden in hidden_by_question.items():
        if all(hidden):
            found.append(f"{path.name} {name}: no public check, so students get no feedback")
        if not any(hidden):
            found.append(f"{path.name} {name}: no hidden test, so only the public checks grade it")
    return found


_ASSIGN_MANY = """
import json, sys
from otter.assign import main
for master, out, run_tests in json.loads(sys.argv[1]):
    main(master, out, no_run_tests=not run_tests)
    print("assigned", master, flush=True)
"""


def _assign(jobs: list[tuple[Path, Path]], run_tests: bool) -> None:
    """Run ``otter assign`` on several masters in one Python process (otter's imports take seconds)."""
    if not jobs:
        return
    payload = json.dumps([[str(master), str(out), run_tests] for master, out in jobs])
    result = subprocess.run([sys.executable, "-c", _ASSIGN_MANY, payload], capture_output=True, text=True)
    if result.returncode != 0:
        done = result.stdout.count("assigned ")
        raise RuntimeError(f"otter assign failed on {jobs[done][0].name}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def _clean_student_notebook(path: Path) -> None:
    """Remove the book's tags and display settings from a student notebook (they mean nothing there)."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        tags = [tag for tag in cell.metadata.get("tags", []) if tag not in BOOK_TAGS]
        if tags:
            cell.metadata["tags"] = tags
        else:
            cell.metadata.pop("tags", None)
        cell.metadata.pop("mystnb", None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nbformat.write(nb, path)


LANGUAGE_CELL = ("# 检查（grader.check）的反馈用中文 · feedback of the checks in Chinese\n"
                 "from crmkit.exercises.feedback import set_language\n"
                 "set_language(\"{language}\")")


def localise_student_notebook(path: Path, language: str) -> int:
    """Translate a student notebook's text from the book's catalogue of its page; make its checks speak ``language``.

    The catalogue is the one the translated book uses (``locale/<language>/LC_MESSAGES/exercises/<set>.po``),
    so the notebook says what the page of that edition says. A cell after otter's first cell sets the
    feedback's language (:func:`crmkit.exercises.feedback.set_language`). Returns the number of Markdown
    cells translated.
    """
    from crmkit.exercises.catalogue import translate_markdown
    from crmkit.exercises.feedback import LANGUAGES, read_po

    if language not in LANGUAGES:
        raise ReleaseError(f"language must be one of {list(LANGUAGES)}, got {language!r}")
    translations = read_po(ROOT / "locale" / language / "LC_MESSAGES" / "exercises" / f"{path.stem}.po")
    if not translations:
        raise ReleaseError(f"no translations for {path.stem} in locale/{language}: run make catalogues and translate")
    nb = nbformat.read(path, as_version=4)
    translated = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            text = translate_markdown(cell.source, translations)
            translated += text != cell.source
            cell.source = text
    first_code = next((i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"), -1)
    nb.cells.insert(first_code + 1, nbformat.v4.new_code_cell(LANGUAGE_CELL.format(language=language)))
    nbformat.write(nb, path)
    return translated


def datasets_used(master: Path) -> list[str]:
    """The data sets a master loads (``data.load("name")`` in its code), sorted."""
    nb = nbformat.read(master, as_version=4)
    code = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
    return sorted(set(re.findall(r"""data\.load\(\s*["'](\w+)["']""", code)))


def _add_to_zip(archive: Path, datasets: list[str], requirements: Path) -> None:
    """Put crmkit, the data sets a set loads (with their cards) and the grading requirements into an otter zip."""
    files = [file for file in sorted((ROOT / "crmkit").rglob("*"))
             if file.is_file() and "__pycache__" not in file.parts and file.suffix != ".pyc"]
    files += [file for file in sorted((ROOT / "datasets").iterdir()) if file.is_file() and file.stem in datasets]
    with zipfile.ZipFile(archive, "a", compression=zipfile.ZIP_DEFLATED) as bundle:
        for file in files:
            bundle.write(file, f"files/{file.relative_to(ROOT).as_posix()}")
    # otter wrote its own requirements.txt (otter-grader only); zip entries cannot be replaced in place.
    rebuilt = archive.with_suffix(".tmp")
    with zipfile.ZipFile(archive) as old, zipfile.ZipFile(rebuilt, "w", compression=zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename == "requirements.txt":
                continue
            new.writestr(item, old.read(item.filename))
        new.write(requirements, "requirements.txt")
    rebuilt.replace(archive)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _check_output_folder(out: Path, force: bool) -> None:
    for name in (*STUDENT_SUPPORT, "exercises"):
        source = (ROOT / name).resolve()
        if source.is_dir() and _inside(out, source):
            raise ReleaseError(f"out must lie outside {name}/, which the release copies; got {out}")
    if _inside(ROOT.resolve(), out):
        raise ReleaseError(f"out must not contain the repository itself; got {out}")
    if out.exists() and not out.is_dir():
        raise ReleaseError(f"out exists and is not a folder: {out}")
    if out.exists() and any(out.iterdir()) and not force:
        raise ReleaseError(f"{out} already exists and is not empty (students' work may be in it); "
                           "pass --force to replace it, or choose another folder")


def release(out: Path, sets: list[Path] | None = None, *, force: bool = False, run_tests: bool = True,
            language: str = "en") -> Path:
    """Build the student edition and the instructors' autograders.

    Parameters
    ----------
    out : Path
        Folder to write. It must not lie inside a folder the release copies (``exercises/``,
        ``crmkit/``, ``datasets/``, ``notebooks/``), and it must be empty or new unless ``force``.
        It receives ``student/`` (what to hand out: its own README and requirements, the student
        notebooks in ``exercises/``, and the package, data and labs they use) and ``instructor/``
        (per set: otter's solution notebook and an autograder zip that carries crmkit and the data sets the
        set loads, so that it grades offline).
    sets : list of Path, optional
        Master notebooks to release; default: all of :func:`masters`.
    force : bool, default False
        Write into an existing, non-empty ``out``: its ``student/`` and ``instructor/`` folders are
        replaced; nothing else in it is touched.
    run_tests : bool, default True
        Let otter run each set's tests on its solution while assigning (a further proof; slower).
    language : str, default "en"
        ``"zh_CN"``: the Chinese student edition. The notebooks' text comes from the Chinese edition's
        catalogues and the checks give their feedback in Chinese (:func:`localise_student_notebook`).

    Returns
    -------
    Path
        ``out``, resolved.

    Raises
    ------
    ReleaseError
        If ``out`` is inside a copied folder, or holds files and ``force`` is not set.
    """
    from crmkit.exercises.feedback import LANGUAGES

    if language not in LANGUAGES:
        raise ReleaseError(f"language must be one of {list(LANGUAGES)}, got {language!r}")
    out = Path(out).resolve()
    _check_output_folder(out, force)
    chosen = [Path(master).resolve() for master in (sets if sets is not None else masters())]
    if not chosen:
        raise ReleaseError(f"no master notebooks to release in {EXERCISES}")
    student = out / "student"
    instructor = out / "instructor"
    for folder in (student, instructor):  # with force: replace what a release writes, and nothing else
        if folder.exists():
            shutil.rmtree(folder)
    (student / "exercises").mkdir(parents=True)
    instructor.mkdir()
    for name in STUDENT_SUPPORT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, student / name, ignore=IGNORED)
        elif source.exists():
            shutil.copy2(source, student / name)
    shutil.copy2(TEMPLATES / "student-README.md", student / "README.md")
    shutil.copy2(TEMPLATES / "requirements.txt", student / "requirements.txt")

    with tempfile.TemporaryDirectory() as scratch:
        dists = {master: Path(scratch) / master.stem for master in chosen}
        # two processes, each assigning half of the sets in turn, keep both cores busy
        batches = [[(master, dists[master]) for master in chosen[start::2]] for start in (0, 1)]
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda batch: _assign(batch, run_tests), batches))
        for master, dist in dists.items():
            target = student / "exercises" / master.name
            shutil.copy2(dist / "student" / master.name, target)
            _clean_student_notebook(target)
            if language != "en":
                localise_student_notebook(target, language)
            shutil.copytree(dist / "autograder", instructor / master.stem)
            for archive in (instructor / master.stem).glob("*.zip"):
                _add_to_zip(archive, datasets_used(master), TEMPLATES / "autograder-requirements.txt")
            manual = manual_questions(master)
            (instructor / master.stem / "manual-questions.txt").write_text(
                "\n".join(manual) + ("\n" if manual else ""), encoding="utf-8")
    return out


def autograder_of(instructor_set: Path) -> Path:
    """The autograder zip in an instructor's set folder (``out/instructor/<set>``)."""
    found = sorted(Path(instructor_set).glob("*-autograder_*.zip"))
    if not found:
        raise ReleaseError(f"no autograder zip in {instructor_set}; run the release first")
    return found[-1]


def grade(notebook: Path, autograder_zip: Path) -> dict[str, tuple[float, float]]:
    """Grade one notebook (or an exported submission zip) with otter; return ``{question: (score, possible)}``.

    Hidden tests count; questions graded by hand (``manual: true``) are not in the result.
    """
    notebook = Path(notebook)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        shutil.copy2(notebook, work / notebook.name)
        command = [sys.executable, "-m", "otter", "run", "-a", str(Path(autograder_zip).resolve()), "-o", str(work), notebook.name]
        result = subprocess.run(command, cwd=work, capture_output=True, text=True)
        results_file = work / "results.json"
        if not results_file.exists():
            raise RuntimeError(f"otter run wrote no results for {notebook.name}: {(result.stderr or result.stdout).strip().splitlines()[-1:]}")
        report = json.loads(results_file.read_text(encoding="utf-8"))
    scores = {}
    for test in report["tests"]:
        if "score" in test and test.get("name") != "Public Tests":
            scores[test["name"]] = (float(test["score"]), float(test["max_score"]))
    return scores


def _submission_set(path: Path) -> str | None:
    """The set a submission answers: the notebook's otter assignment name (a zip's notebook counts)."""
    try:
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as bundle:
                inner = [name for name in bundle.namelist() if name.endswith(".ipynb")]
                if not inner:
                    return None
                nb = nbformat.reads(bundle.read(inner[0]).decode("utf-8"), as_version=4)
        else:
            nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError, zipfile.BadZipFile, KeyError):
        return None
    return nb.metadata.get("otter", {}).get("assignment_name")


def grade_folder(submissions: Path, instructor: Path, csv_path: Path, *, workers: int = 2) -> list[dict]:
    """Grade every submission in a folder into a CSV of scores per question.

    Parameters
    ----------
    submissions : Path
        A folder of submissions: notebooks (``.ipynb``) or the zips the submission cell writes, either
        one folder per student (the folder's name is the student's) or directly in it (the file's name,
        without its suffix, is the student's). Each is matched to its set by the assignment name otter keeps in the notebook.
    instructor : Path
        The release's ``instructor/`` folder (one folder per set with its autograder zip).
    csv_path : Path
        Where to write the CSV: one row per submission with ``student``, ``set``, ``file``, a column per
        auto-graded question (hidden tests included), ``total``, ``possible``, the questions to grade by
        hand (``manual``) and any ``error``.
    workers : int, default 2
        Submissions graded at a time.

    Returns
    -------
    list of dict
        The rows written.
    """
    submissions, instructor = Path(submissions), Path(instructor)
    if not submissions.is_dir():
        raise ReleaseError(f"submissions must be a folder, got {submissions}")
    if not instructor.is_dir():
        raise ReleaseError(f"instructor must be the release's instructor/ folder, got {instructor}")
    files = sorted(p for p in submissions.rglob("*") if p.suffix in (".ipynb", ".zip") and ".ipynb_checkpoints" not in p.parts)
    if not files:
        raise ReleaseError(f"no .ipynb or .zip submissions in {submissions}")

    def grade_one(path: Path) -> dict:
        nested = path.parent != submissions
        student = path.relative_to(submissions).parts[0] if nested else path.stem
        row: dict = {"student": student, "set": "", "file": path.relative_to(submissions).as_posix()}
        name = _submission_set(path)
        if name is None or not (instructor / name).is_dir():
            row["error"] = "not a notebook of a released set (no otter assignment name that matches a set)"
            return row
        row["set"] = name
        manual_file = instructor / name / "manual-questions.txt"
        row["manual"] = " ".join(manual_file.read_text(encoding="utf-8").split()) if manual_file.exists() else ""
        try:
            scores = grade(path, autograder_of(instructor / name))
        except RuntimeError as error:
            row["error"] = str(error).splitlines()[0]
            return row
        for question, (score, _possible) in scores.items():
            row[question] = round(score, 4)
        row["total"] = round(sum(score for score, _ in scores.values()), 4)
        row["possible"] = round(sum(possible for _, possible in scores.values()), 4)
        return row

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        rows = list(pool.map(grade_one, files))
    questions = sorted({key for row in rows for key in row if key.startswith("q")}, key=lambda q: (len(q), q))
    columns = ["student", "set", "file", *questions, "total", "possible", "manual", "error"]
    Path(csv_path).parent.mkdir(parents=True, exist_ok=True)
    with open(csv_path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return rows
