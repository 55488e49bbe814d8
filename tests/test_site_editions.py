"""The two built editions: every page in both, a language switch to the same page, Chinese pages that are Chinese.

The site's other tests (tests/test_site.py, tests/test_site_interactions.py) walk every built page, so they check the
Chinese edition (``_build/html/zh``) as well: no remote request, charts drawn, controls that work, axe-core.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest

from test_site import _browser_or_skip, built_pages, offline_browser
from test_course_plan import crm_book
from test_site_interactions import SEARCH_RESULTS

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CHART_DESCRIPTION = crm_book.CHART_DESCRIPTION  # a chart's alt text, as the extension finds it to translate
SWITCH = re.compile(r'<a class="btn btn-sm crm-language-switch" href="([^"]+)" hreflang="([^"]+)"')


def editions(built_book: Path) -> tuple[dict[Path, Path], dict[Path, Path]]:
    """(English pages, Chinese pages), each keyed by its path relative to its edition's root."""
    chinese_root = built_book / "zh"
    english = {p.relative_to(built_book): p for p in built_pages(built_book) if p.relative_to(built_book).parts[0] != "zh"}
    chinese = {p.relative_to(chinese_root): p for p in built_pages(chinese_root)}
    return english, chinese


@pytest.mark.build
def test_every_page_is_in_both_editions(built_book):
    english, chinese = editions(built_book)
    assert len(english) > 90
    assert set(english) == set(chinese), (
        f"only in English: {sorted(map(str, set(english) - set(chinese)))[:5]}; "
        f"only in Chinese: {sorted(map(str, set(chinese) - set(english)))[:5]}")


@pytest.mark.build
def test_the_language_switch_opens_the_same_page_in_the_other_edition(built_book):
    english, chinese = editions(built_book)
    problems = []
    for pages, others, language in ((english, chinese, "zh-CN"), (chinese, english, "en")):
        for name, page in pages.items():
            found = SWITCH.search(page.read_text(encoding="utf-8"))
            if not found:
                problems.append(f"{page.relative_to(built_book)}: no language switch")
                continue
            target = (page.parent / found.group(1)).resolve()
            if target != others[name].resolve() or found.group(2) != language:
                problems.append(f"{page.relative_to(built_book)}: the switch opens {found.group(1)} ({found.group(2)})")
    assert not problems, "\n".join(problems[:20])


@pytest.mark.build
def test_each_edition_declares_its_language(built_book):
    english, chinese = editions(built_book)
    wrong = [str(name) for name, page in english.items() if '<html lang="en"' not in page.read_text(encoding="utf-8")]
    wrong += ["zh/" + str(name) for name, page in chinese.items()
              if '<html lang="zh-CN"' not in page.read_text(encoding="utf-8")]
    assert not wrong, f"pages without their edition's <html lang>: {wrong[:10]}"


def article_text(page: Path) -> str:
    """The prose of a page's article: no code, outputs, math or scripts."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"<(script|style|pre|code)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r'<div class="cell_output.*?(?=<div class="cell |</article>)', " ", text, flags=re.S)
    match = re.search(r'<article class="bd-article".*?</article>', text, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", match.group(0) if match else "")
    return re.sub(r"\$[^$]*\$|\\\(.*?\\\)|\\\[.*?\\\]", " ", body)


@pytest.mark.build
def test_chinese_pages_read_in_chinese(built_book):
    """In every Chinese page's prose, Chinese characters outnumber English words (code and outputs aside)."""
    _, chinese = editions(built_book)
    english_pages = []
    for name, page in chinese.items():
        if name.name in ("genindex.html", "search.html"):
            continue
        text = article_text(page)
        characters, words = len(CJK.findall(text)), len(LATIN_WORD.findall(text))
        if characters < 2 * words:
            english_pages.append(f"zh/{name}: {characters} Chinese characters, {words} English words")
    assert not english_pages, "Chinese pages that read mostly in English:\n" + "\n".join(english_pages[:20])


@pytest.mark.build
def test_display_formulas_render_in_the_chinese_edition(built_book):
    """A translated display formula comes back from Sphinx's i18n as reStructuredText (``::``) that MyST prints
    as "\\[::\\]" (myst-parser issues 444, 980): formulas must keep their English (an identical translation)."""
    _, chinese = editions(built_book)
    broken = [f"zh/{name}" for name, page in chinese.items() if "\\[::" in page.read_text(encoding="utf-8")]
    assert not broken, f"display formulas lost in: {broken}"


@pytest.mark.build
def test_chart_descriptions_are_translated(built_book):
    _, chinese = editions(built_book)
    untranslated, charts = [], 0
    for name, page in chinese.items():
        for match in CHART_DESCRIPTION.finditer(page.read_text(encoding="utf-8")):
            description = json.loads(match.group(1))
            if len(description.split()) < 4:  # a field's or parameter's short description, not the chart's alt text
                continue
            charts += 1
            if not CJK.search(description):
                untranslated.append(f"zh/{name}: {description[:80]}")
    assert charts > 50, f"only {charts} chart descriptions in the Chinese edition"
    assert not untranslated, "chart descriptions (alt text) left in English:\n" + "\n".join(untranslated[:10])


@pytest.mark.build
def test_the_chinese_edition_has_its_own_title_and_search(built_book):
    front = (built_book / "zh" / "index.html").read_text(encoding="utf-8")
    assert "<title>客户关系管理：互动练习册</title>" in front
    index = (built_book / "zh" / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(index[index.index("(") + 1:index.rindex(")")])["terms"]
    for term in ("客户", "忠诚", "满意", "客户忠诚度"[2:4]):
        assert term in terms, f"the Chinese search index has no entry for {term}"
    assert '<html lang="zh-CN"' in front


@pytest.mark.browser
def test_chinese_pages_use_a_font_stack_with_chinese_fonts_on_every_system(built_book):
    sync_playwright = _browser_or_skip()
    with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="crmkit-chromium-") as profile:
        context = offline_browser(playwright, profile)
        try:
            page = context.new_page()
            page.goto((built_book / "zh" / "book" / "ch01-what-is-crm.html").as_uri(), wait_until="load")
            body_font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
            heading_font = page.evaluate("() => getComputedStyle(document.querySelector('h1')).fontFamily")
            switch = page.evaluate("() => document.querySelector('.crm-language-switch').textContent.trim()")
            page.close()
        finally:
            context.close()
    for font in ("Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei"):
        assert font in body_font and font in heading_font, f"{font} is not in the font stack: {body_font}"
    assert switch == "English"


@pytest.mark.browser
def test_the_chinese_search_finds_chinese_words_offline(built_book):
    """On the Chinese edition's search page, opened from file:// with the network off, Chinese words find pages
    (also inside longer terms: 忠诚 in 客户忠诚度), with a snippet from the page's Chinese text."""
    sync_playwright = _browser_or_skip()
    found = {}
    with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="crmkit-chromium-") as profile:
        context = offline_browser(playwright, profile)
        try:
            for word in ("忠诚", "满意度", "呼叫中心", "对照组"):
                page = context.new_page()
                page.goto((built_book / "zh" / "search.html").as_uri() + "?q=" + word, wait_until="load")
                page.wait_for_function("() => /搜索完成|没有匹配/.test(document.body.innerText)", timeout=30_000)
                page.wait_for_timeout(500)  # snippets arrive after the titles
                found[word] = page.evaluate(SEARCH_RESULTS)
                page.close()
        finally:
            context.close()
    for word, results in found.items():
        assert len(results) >= 3, f"searching {word!r} in the Chinese edition finds {len(results)} pages"
        with_snippet = [r for r in results if word in r["snippet"]]
        assert len(with_snippet) >= 0.8 * len(results), f"{word!r}: results without a snippet showing it"
