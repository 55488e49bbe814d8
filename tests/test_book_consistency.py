"""The chapters follow one pattern, so a reader always knows where things are.

* every chapter narrative starts "# Chapter N — Title", states its class time ("Class time: H hours.",
  the textbook's hours, which the course plan's sessions also add up to) and has the sections
  Learning objectives, Summary and References;
* labs are numbered "Lab N.k" by their order in chapter N's part of ``_toc.yml``; each lab's first heading
  says so, and every "Lab N.k" the book mentions exists; a link whose text names a lab points to that lab;
  the course plan's sessions label their labs with the same numbers;
* the concepts the course names in English carry their Chinese term at their first use in the narrative.

The rules live in the authors' guide (book/authoring.md); run ``pytest tests/test_book_consistency.py -k ch06``
for one chapter.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
TEXTBOOK_HOURS = {1: 3, 2: 4, 3: 5, 4: 4, 5: 4, 6: 8, 7: 3, 8: 4}
REQUIRED_SECTIONS = ("Learning objectives", "Summary", "References")
LAB_MENTION = re.compile(r"\bLab (\d+)\.(\d+)\b")
LAB_LINK = re.compile(r"\[([^\]]*?\bLab (\d+\.\d+)\b[^\]]*)\]\(([^)#\s]*notebooks/([\w.-]+\.ipynb))")
CJK = re.compile(r"[\u4e00-\u9fff]")

# Concepts whose Chinese term must stand beside their first use in the chapter's narrative.
CHINESE_TERMS = {
    2: [r"RFM", r"ABC (?:class|analysis)", r"k-means", r"BG/NBD", r"hold-?out"],
    4: [r"Cronbach's alpha", r"CSAT", r"NPS|Net Promoter Score", r"importance[–-]performance analysis", r"Kano"],
    5: [r"sBG|shifted[- ]beta[- ]geometric", r"breakage"],
    6: [r"ROAS", r"hold-?out", r"\blift\b", r"uplift", r"break-even"],
    7: [r"AHT|average handl(?:e|ing) time", r"ASA|average speed of answer", r"occupancy", r"Erlang C", r"IVR"],
    8: [r"SERVQUAL", r"service[- ]recovery paradox", r"first[- ]call resolution|FCR"],
}


def toc_chapters() -> dict[int, list[str]]:
    """Chapter number → its files in _toc.yml order (narrative, labs, exercise sets)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    chapters = {}
    for part in toc["parts"]:
        match = re.match(r"Chapter (\d+) — ", part.get("caption", ""))
        if match:
            chapters[int(match.group(1))] = [entry["file"] for entry in part["chapters"]]
    return chapters


CHAPTERS = toc_chapters()


def _book_extension():
    """book/_ext/crm_book.py, which numbers the labs for the course plan too."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("crm_book", ROOT / "book" / "_ext" / "crm_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LABS = {path: label.removeprefix("Lab ") for path, label in _book_extension().lab_numbers(ROOT).items()}


def narrative(chapter: int) -> Path:
    first = CHAPTERS[chapter][0]
    assert first.startswith("book/"), f"chapter {chapter}'s part in _toc.yml must start with its narrative"
    return ROOT / f"{first}.md"


def markdown_of(path: Path) -> str:
    """The prose of a page: a Markdown file, or the Markdown cells of a notebook."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def prose(text: str) -> str:
    """Text outside fenced code blocks and MyST directives' option lines."""
    return re.sub(r"```.*?```", "", text, flags=re.S)


def first_heading(text: str) -> str:
    return next((line for line in text.splitlines() if line.startswith("# ")), "")


@pytest.mark.parametrize("chapter", sorted(TEXTBOOK_HOURS), ids=lambda n: f"ch{n:02d}")
def test_each_narrative_has_the_chapter_pattern(chapter):
    text = narrative(chapter).read_text(encoding="utf-8")
    assert first_heading(text).startswith(f"# Chapter {chapter} — "), (
        f"{narrative(chapter).name}: the first heading must read '# Chapter {chapter} — Title (中文)', "
        f"not {first_heading(text)!r}")
    hours = re.findall(r"^Class time: (\d+) hours?\.", text, flags=re.M)
    assert hours == [str(TEXTBOOK_HOURS[chapter])], (
        f"{narrative(chapter).name}: needs one line 'Class time: {TEXTBOOK_HOURS[chapter]} hours.' (found {hours})")
    sections = re.findall(r"^## (.+?)\s*$", text, flags=re.M)
    missing = [s for s in REQUIRED_SECTIONS if s not in sections]
    assert not missing, f"{narrative(chapter).name}: missing sections {missing}"
    assert sections.index("Learning objectives") < 2, "Learning objectives come first"


@pytest.mark.parametrize("lab", sorted(LABS), ids=lambda p: Path(p).stem)
def test_each_lab_is_titled_with_its_number(lab):
    heading = first_heading(markdown_of(ROOT / lab))
    assert heading.startswith(f"# Lab {LABS[lab]} — "), (
        f"{lab} is Lab {LABS[lab]} by its place in _toc.yml; its first heading must read "
        f"'# Lab {LABS[lab]} — Title', not {heading!r}")


def pages() -> list[Path]:
    found = [narrative(chapter) for chapter in CHAPTERS]
    found += sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "exercises").glob("*.ipynb"))
    found += [ROOT / "book" / name for name in ("glossary.md", "how-to-use.md", "course-plan.md")]
    return found


def lab_reference_problems(path: Path, text: str, labs: dict[str, str]) -> list[str]:
    """Mentions of labs that do not exist, and links whose text names another lab than their target."""
    known = set(labs.values())
    problems = [f"{path.name}: mentions Lab {n}.{k}, which does not exist"
                for n, k in LAB_MENTION.findall(text) if f"{n}.{k}" not in known]
    for _, number, _, target in LAB_LINK.findall(text):
        actual = labs.get(f"notebooks/{target}")
        if actual and actual != number:
            problems.append(f"{path.name}: a link says Lab {number} but points to {target}, which is Lab {actual}")
    return problems


@pytest.mark.parametrize("path", pages(), ids=lambda p: p.stem)
def test_lab_numbers_mentioned_are_right(path):
    problems = lab_reference_problems(path, prose(markdown_of(path)), LABS)
    assert not problems, "\n".join(problems)


def test_lab_reference_check_can_fail():
    labs = {"notebooks/a.ipynb": "1.1", "notebooks/b.ipynb": "1.2"}
    text = "See Lab 1.3, and [Lab 1.1: b](../notebooks/b.ipynb), and [Lab 1.2](../notebooks/b.ipynb)."
    problems = lab_reference_problems(Path("x.md"), text, labs)
    assert problems == ["x.md: mentions Lab 1.3, which does not exist",
                        "x.md: a link says Lab 1.1 but points to b.ipynb, which is Lab 1.2"]


def test_course_plan_sessions_label_labs_by_number():
    plan = yaml.safe_load((ROOT / "book" / "course-plan.yml").read_text(encoding="utf-8"))
    wrong = [f"week {s['week']}: {path} is labelled {label!r}, not 'Lab {LABS.get(path, '?')} — …'"
             for s in plan["sessions"] for path, label in s.get("labs", {}).items()
             if not label.startswith(f"Lab {LABS.get(path, '?')} — ")]
    assert not wrong, "\n".join(wrong)


def first_use_without_chinese(text: str, pattern: str, window: int = 40) -> str | None:
    """The context of the first use of ``pattern`` in ``text`` if no Chinese character follows it closely."""
    body = re.sub(r"^\(.*\)=\s*$", "", prose(text), flags=re.M)
    match = re.search(pattern, body, flags=re.I)
    if match is None:
        return None
    after = body[match.start(): match.end() + window]
    return None if CJK.search(after) else body[max(0, match.start() - 30): match.end() + window].replace("\n", " ")


@pytest.mark.parametrize("chapter", sorted(CHINESE_TERMS), ids=lambda n: f"ch{n:02d}")
def test_concepts_carry_their_chinese_term_at_first_use(chapter):
    text = narrative(chapter).read_text(encoding="utf-8")
    bare = {p: c for p in CHINESE_TERMS[chapter] if (c := first_use_without_chinese(text, p))}
    assert not bare, f"{narrative(chapter).name}: first use without its Chinese term:\n" + "\n".join(
        f"  {p}: …{c}…" for p, c in bare.items())


def test_chinese_term_check_can_fail():
    assert first_use_without_chinese("We compute RFM (最近一次消费、频率、金额) scores.", "RFM") is None
    assert first_use_without_chinese("We compute RFM scores for every customer, then ABC classes (ABC分类).", "RFM")
