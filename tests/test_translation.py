"""The Chinese edition (简体中文版): its catalogues are complete, current, faithful to the markup and to the glossary.

The book is translated through Sphinx's gettext path: ``locale/zh_CN/LC_MESSAGES/<page>.po``, one catalogue per page
(``book/_ext/editions.py``; ``make catalogues`` updates them after the English changed). These tests fail when

* a message is untranslated or fuzzy (goal and rule: 100% translated, 0 fuzzy; ``make translation`` lists what is left);
* the catalogues are not those of the current sources (someone changed the English and did not run ``make catalogues``);
* a translation would render differently: a code span, link target, role, footnote, math or emphasis lost or added;
* a message that uses a glossary term (``book/glossary.md``) is translated without the glossary's Chinese term.

The built pages of both editions are checked by tests/test_site.py, test_site_interactions.py and the tests below
marked ``build``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import editions  # noqa: E402  (book/_ext/editions.py)

LANGUAGE = "zh_CN"
CATALOGUES = ROOT / "locale" / LANGUAGE / "LC_MESSAGES"


def catalogues() -> dict[str, object]:
    return {path.relative_to(CATALOGUES).with_suffix("").as_posix(): editions.read_catalogue(path)
            for path in sorted(CATALOGUES.rglob("*.po"))}


def translated_messages():
    for page, catalogue in catalogues().items():
        for message in catalogue:
            if message.id and message.string and not message.fuzzy:
                yield page, message


def test_every_message_is_translated_and_none_is_fuzzy():
    report = editions.coverage(LANGUAGE)
    assert report, "no catalogues in locale/zh_CN/LC_MESSAGES: run make catalogues"
    left = {page: counts for page, counts in report.items() if counts["translated"] < counts["total"]}
    total = sum(counts["total"] for counts in report.values())
    done = sum(counts["translated"] for counts in report.values())
    assert not left, (
        f"{done} of {total} messages translated; pages with untranslated or fuzzy messages (make translation lists them):\n"
        + "\n".join(f"  {page}: {c['untranslated']} untranslated, {c['fuzzy']} fuzzy of {c['total']}" for page, c in left.items()))


def test_every_page_of_the_book_has_a_catalogue():
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]] + [chapter["file"] for part in toc["parts"] for chapter in part["chapters"]]
    missing = [page for page in pages if not (CATALOGUES / f"{page}.po").exists()]
    assert not missing, f"pages without a catalogue (run make catalogues): {missing}"


@pytest.mark.build
def test_catalogues_hold_the_messages_of_the_current_sources(tmp_path):
    """Extract the messages afresh (Sphinx's gettext builder) and compare them with the catalogues."""
    editions.extract()
    stale = []
    for template in sorted(editions.POT_DIR.rglob("*.pot")):
        page = template.relative_to(editions.POT_DIR).with_suffix("").as_posix()
        wanted = {message.id for message in editions.read_catalogue(template) if message.id}
        po_file = CATALOGUES / f"{page}.po"
        have = {message.id for message in editions.read_catalogue(po_file) if message.id} if po_file.exists() else set()
        if wanted != have:
            new, gone = wanted - have, have - wanted
            example = next(iter(new or gone))
            stale.append(f"{page}: {len(new)} new or changed, {len(gone)} no longer in the source (e.g. {example[:80]!r})")
    assert not stale, "the catalogues are not those of the current sources; run make catalogues, then translate:\n" + "\n".join(stale)


def test_translations_keep_the_markup_of_their_message():
    problems = []
    for page, message in translated_messages():
        for problem in editions.markup_problems(message.id, message.string):
            problems.append(f"{page}: {problem}\n    en: {message.id[:120]}\n    zh: {message.string[:120]}")
    assert not problems, f"{len(problems)} translations change the markup:\n" + "\n".join(problems[:30])


# A bibliographic reference: a year, a DOI or URL, pages, or "Surname, I." at the start.
REFERENCE = re.compile(r"\(\d{4}[a-z]?\)|\b(19|20)\d{2}\b|doi|https?://|\bpp?\.\s*\d|^[A-Z][\w-]+, [A-Z]\.")

# English cells of bilingual tables, kept in English beside a column that gives the Chinese: (page, message start).
KEPT_IN_ENGLISH = [
    ("notebooks/ch02-pareto-and-value-tiers", "most valuable / most growable / below-zero customers"),
    ("notebooks/ch02-relationship-and-rfm", "profit source / crowd effect / information value"),
    ("notebooks/ch07-waiting-psychology", "Unoccupied time feels longer"),
    ("notebooks/ch07-waiting-psychology", "Pre-process waits feel longer"),
    ("notebooks/ch07-waiting-psychology", "Uncertain waits are longer"),
    ("notebooks/ch07-waiting-psychology", "Unexplained waits are longer"),
    ("notebooks/ch07-waiting-psychology", "Unfair waits are longer"),
    ("notebooks/ch07-waiting-psychology", "The more valuable the service"),
    ("notebooks/ch07-waiting-psychology", "Solo waits feel longer"),
]


def test_display_formulas_keep_their_english():
    """A display formula (LaTeX without ``$``) must not be translated: Sphinx's i18n hands its translation back to MyST
    as reStructuredText, which prints "\\[::\\]" instead of the formula (myst-parser issues 444, 980)."""
    translated = [f"{page}: {message.id[:80]}" for page, message in translated_messages()
                  if re.search(r"\\[A-Za-z]+", message.id) and "$" not in message.id and message.string != message.id]
    assert not translated, "display formulas with a translation (give them their English as translation):\n" + \
        "\n".join(translated)


def test_translations_are_chinese():
    """A translation identical to its English is allowed only for messages with no Chinese to give: code, names,
    numbers, abbreviations, formulas, links to pages by file name, bibliographic references, and the English cells
    of bilingual tables listed in KEPT_IN_ENGLISH."""
    suspicious = []
    for page, message in translated_messages():
        if message.string != message.id or editions.nothing_to_translate(message.id):
            continue
        prose = re.sub(r"\[[^\]]*\]\([^)]*\)", "", editions.CODE_SPAN.sub("", message.id))  # links: names of pages
        if "\\" in prose:  # a formula
            continue
        prose = re.sub(r"'[^']*'|\b\w*_\w*\b", "", prose)  # quoted values and identifiers (product_page)
        if any(page == kept_page and message.id.startswith(start) for kept_page, start in KEPT_IN_ENGLISH):
            continue
        words = re.findall(r"[A-Za-z]{2,}", prose)
        reference = REFERENCE.search(message.id)
        if len(words) > 6 and not reference:
            suspicious.append(f"{page}: {message.id[:100]}")
    assert not suspicious, "messages left in English as their own translation:\n" + "\n".join(suspicious[:30])


# --------------------------------------------------------------------------------------------------
# Terminology: the glossary's Chinese terms are the ones used
# --------------------------------------------------------------------------------------------------

GLOSSARY_ROW = re.compile(r"^\|(?P<english>[^|]+)\|(?P<chinese>[^|]+)\|[^|]*\|\s*$")


def _alternatives(cell: str) -> list[str]:
    """'运营型 CRM (操作型 CRM)' → ['运营型CRM', '操作型CRM'] (spaces dropped for comparison)."""
    parts = re.split(r"[()（）/]|\s+或\s+|、", cell)
    return [re.sub(r"\s+", "", part) for part in parts if re.search(r"[\u4e00-\u9fff]", part)]


# Single English words that the glossary defines in one narrow sense but that the prose also uses in their everyday
# sense ("the customer", "a product", "open the notebook", "agent-based"): their Chinese varies with the sentence.
EVERYDAY_WORDS = {"customer", "consumer", "product", "material", "spiritual", "open", "fixed", "current", "direct",
                  "basic", "attitude", "transactions", "cause", "association", "concept", "behaviour", "expectation",
                  "audience", "points", "agent", "complaint", "first-time", "interview", "constraint", "patience",
                  "calibration", "geographic", "precision", "recall", "cohort", "one-dimensional", "must-be",
                  "reliability"}  # (SERVQUAL's "reliability" dimension is 可靠性, the survey's 信度)


def glossary_terms() -> list[tuple[str, list[str]]]:
    """(English term, accepted Chinese terms) for the glossary's rows, the terms a translation must keep.

    A row naming several terms (' / ' in both columns) gives one pair per term when each term has two words or
    more ("management philosophy / business model"); a single word from such a row ("basic / attitude") takes its
    meaning from the row, so it is not checked alone. Abbreviations are kept as they are in the Chinese edition
    (RFM, CSAT), and words in :data:`EVERYDAY_WORDS` are not checked either.
    """
    terms = []
    for line in (ROOT / "book" / "glossary.md").read_text(encoding="utf-8").splitlines():
        match = GLOSSARY_ROW.match(line)
        if not match or match["english"].strip() in ("English", "---"):
            continue
        english, chinese = match["english"].strip(), match["chinese"].strip()
        english_parts = [p.strip() for p in english.split(" / ")]
        chinese_parts = [p.strip() for p in chinese.split(" / ")]
        split = len(english_parts) > 1 and len(english_parts) == len(chinese_parts)
        pairs = zip(english_parts, chinese_parts) if split else [(english, chinese)]
        for english_term, chinese_term in pairs:
            english_term = re.sub(r"\s*\([^)]*\)", "", english_term).strip()
            words = english_term.split()
            if len(words) == 1 and (split or english_term.lower() in EVERYDAY_WORDS or english_term.isupper()):
                continue
            if re.search(r"[A-Za-z]{3,}", english_term) and _alternatives(chinese_term):
                terms.append((english_term, _alternatives(chinese_term)))
    return terms


def test_the_glossary_gives_terms_to_check():
    assert len(glossary_terms()) > 150, len(glossary_terms())


# A glossary word used on one page in another sense than the glossary's: (page, English term) → the sense.
TERM_EXCEPTIONS = {
    ("notebooks/ch08-agent-scorecards", "shrinkage"): "the statistical shrinkage of an estimate (收缩估计)",
}


def test_glossary_terms_are_translated_with_the_glossarys_chinese():
    terms = [(re.compile(rf"(?<![\w-]){re.escape(english)}(?![\w-])", re.IGNORECASE), english, chinese)
             for english, chinese in glossary_terms()]
    problems = []
    for page, message in translated_messages():
        if message.string == message.id:  # kept in English on purpose (a term list's English column, a reference)
            continue
        if "\\" in message.id or REFERENCE.search(message.id):  # a formula; a work cited by its own title
            continue
        english_text = re.sub(r"`[^`]*`|\]\([^)]*\)", "", message.id)
        translation = re.sub(r"\s+", "", message.string)
        found = [(match.start(), match.end(), english, chinese) for pattern, english, chinese in terms
                 for match in pattern.finditer(english_text) if (page, english) not in TERM_EXCEPTIONS]
        for start, end, english, chinese in found:
            if any(s <= start and end <= e and e - s > end - start for s, e, _, _ in found):
                continue  # part of a longer glossary term ("customer value" in "total customer value")
            if not any(term in translation for term in chinese):
                problems.append(f"{page}: '{english}' → expected {' or '.join(chinese)}\n    zh: {message.string[:110]}")
    assert not problems, (f"{len(problems)} translations do not use the glossary's Chinese term "
                          "(book/glossary.md):\n" + "\n".join(problems[:40]))


# --------------------------------------------------------------------------------------------------
# The exercise checks' feedback in Chinese (crmkit/exercises/locale/zh_CN/LC_MESSAGES/feedback.po)
# --------------------------------------------------------------------------------------------------


def test_feedback_catalogue_holds_every_current_message_translated():
    from crmkit.exercises import catalogue
    from crmkit.exercises.feedback import read_po

    path = catalogue.catalogue_path(LANGUAGE)
    entries = {message.id: message for message in editions.read_catalogue(path) if message.id}
    wanted = set(catalogue.feedback_messages())
    assert wanted == set(entries), (
        "the feedback catalogue is not that of the current checks; run python -m crmkit.exercises catalogue, then "
        f"translate: new {sorted(wanted - set(entries))[:5]}, gone {sorted(set(entries) - wanted)[:5]}")
    untranslated = [m for m in entries.values() if not m.string or m.fuzzy]
    assert not untranslated, f"{len(untranslated)} feedback messages untranslated or fuzzy, e.g. {untranslated[0].id!r}"
    changed_fields = [m.id for m in entries.values() if catalogue.fields(m.id) != catalogue.fields(m.string)]
    assert not changed_fields, f"translations that change the {{fields}} of their message: {changed_fields[:5]}"
    assert len(read_po(path)) == len(entries)


def test_feedback_speaks_chinese_when_asked(monkeypatch):
    from crmkit.exercises import feedback

    feedback.set_language(None)
    monkeypatch.setenv("CRMKIT_LANG", "zh_CN")
    with pytest.raises(AssertionError, match=r"^share 应当是 0 到 1 之间的比例，但它是 46\.4。如果这是百分数，请写 0\.464"):
        feedback.answer(46.4, "share", "share")
    with pytest.raises(AssertionError, match=r"^cost 应当至少为 0（元），但它是 -3。$"):
        feedback.answer(-3.0, "cost", "number", low=0, units="CNY")
    hint = "Reverse-code service_3 on the 1–7 scale before computing alpha, and leave out rows with a missing item."
    with pytest.raises(AssertionError) as failure:
        feedback.expect(0.5, "service_alpha", feedback.fingerprint(0.8, "service_alpha"), hint=hint)
    assert str(failure.value) == "service_alpha = 0.5 还不对。" + feedback.read_catalogue("zh_CN")[hint]  # no space after 。
    monkeypatch.delenv("CRMKIT_LANG")
    with pytest.raises(AssertionError, match=r"^share should be a share between 0 and 1"):
        feedback.answer(46.4, "share", "share")
    feedback.set_language("zh_CN")
    try:
        with pytest.raises(AssertionError, match=r"^n 应当是一个整数"):
            feedback.answer(2.5, "n", "count")
    finally:
        feedback.set_language(None)
    with pytest.raises(ValueError, match="language must be one of"):
        feedback.set_language("fr")


def test_the_chinese_student_edition_translates_the_text_and_sets_the_feedback_language(tmp_path):
    """``make student EDITION=zh_CN``: each student notebook's text comes from its page's catalogue (checked here on
    a master, whose Markdown cells are the student notebook's), and a cell after otter's first one sets Chinese."""
    import shutil

    import nbformat

    from crmkit.exercises.editions import localise_student_notebook

    source = ROOT / "exercises" / "ch05-loyalty-exercises.ipynb"
    copy = tmp_path / source.name
    shutil.copy2(source, copy)
    translated = localise_student_notebook(copy, LANGUAGE)
    notebook = nbformat.read(copy, as_version=4)
    markdown = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    chinese = [text for text in markdown if len(re.findall(r"[\u4e00-\u9fff]", text)) > len(re.findall(r"[A-Za-z]{2,}", text))]
    assert translated >= 0.9 * len(markdown) and len(chinese) >= 0.8 * len(markdown), (
        f"{translated} of {len(markdown)} Markdown cells translated, {len(chinese)} read mostly in Chinese")
    first_code = next(i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code")
    assert 'set_language("zh_CN")' in notebook.cells[first_code + 1].source


def test_the_editions_builders_examples_hold():
    import doctest

    result = doctest.testmod(editions)
    assert result.attempted >= 4 and result.failed == 0, result
