"""The book's own Sphinx extension (loaded by ``_config.yml``, ``sphinx.local_extensions``).

What it does, and why each part is here rather than in a template or a test whitelist:

* **No Thebe.** Jupyter Book 1 always loads ``sphinx_thebe``, which adds its configuration script twice
  to every page (``Identifier 'THEBE_JS_URL' has already been declared``) and a reference to a CDN.
  The book has no live-code button (``launch_buttons.thebe: false``), so its listeners are removed.
* **Titles.** The front page's ``<title>`` would be "Book — Book"; it becomes the book's title once.
* **Chinese marked as Chinese.** Every run of CJK characters in the prose is wrapped in
  ``<span lang="zh-CN">``, so screen readers switch to a Chinese voice (the pages are ``lang="en"``).
* **Search.** The offline search index gets CJK character bigrams (and single characters), and the
  query is split the same way, so "忠诚" finds pages with "客户忠诚度". The search page gets the text
  of every page, so its result snippets work under ``file://`` (where the browser cannot fetch pages).
* **Honest static widgets.** Above every ipywidget on an HTML page, a note says that it needs a
  running notebook and what a downloaded notebook needs; ``crm-site.js`` makes the stale control inert.
* **The course plan.** The directives ``course-sessions`` and ``course-map`` render the sessions and
  the objective → page → lab → exercise map from ``book/course-plan.yml`` and the notebooks' ``crm`` metadata.
* **Two editions.** The Chinese edition is the same sources built with ``language: zh_CN`` (see
  ``book/_ext/editions.py``). Every page gets a language switch to the same page in the other edition; chart
  descriptions (alt text) and the table of contents' captions go through the pages' catalogues too; the
  Chinese pages get their own title, widget note and search language.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from docutils import nodes

CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
SKIP_PARENTS = (nodes.literal_block, nodes.raw, nodes.comment, nodes.literal, nodes.math, nodes.math_block)
BOOK_ROOT = Path(__file__).resolve().parent.parent.parent
PLAN_FILE = BOOK_ROOT / "book" / "course-plan.yml"


# --------------------------------------------------------------------------------------------------
# Chinese spans
# --------------------------------------------------------------------------------------------------


class chinese(nodes.inline):
    """A run of Chinese text; HTML: ``<span lang="zh-CN">``, other writers: the text as it is."""


def visit_chinese_html(self, node):
    self.body.append('<span lang="zh-CN">')


def depart_chinese_html(self, node):
    self.body.append("</span>")


def _visit_plain(self, node):
    pass


def _depart_plain(self, node):
    pass


def split_chinese(text: str) -> list[tuple[str, bool]]:
    """Split text into (part, is_chinese) runs.

    >>> split_chinese("customer loyalty (客户忠诚度) matters")
    [('customer loyalty (', False), ('客户忠诚度', True), (') matters', False)]
    >>> split_chinese("no Chinese here")
    [('no Chinese here', False)]
    """
    parts, end = [], 0
    for match in CJK_RUN.finditer(text):
        if not CJK_CHAR.search(match.group()):
            continue  # full-width punctuation alone is not Chinese text
        if match.start() > end:
            parts.append((text[end:match.start()], False))
        parts.append((match.group(), True))
        end = match.end()
    if end < len(text):
        parts.append((text[end:], False))
    return parts


def mark_chinese(app, doctree, docname):
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or isinstance(parent, chinese):
            continue
        if any(isinstance(ancestor, SKIP_PARENTS) for ancestor in _ancestors(text)):
            continue
        parts = split_chinese(str(text))
        if not any(is_chinese for _, is_chinese in parts):
            continue
        replacement = [chinese("", part) if is_chinese else nodes.Text(part) for part, is_chinese in parts]
        index = parent.index(text)
        parent.remove(text)
        for offset, node in enumerate(replacement):
            parent.insert(index + offset, node)


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


# --------------------------------------------------------------------------------------------------
# Search: CJK bigrams in the index and in the query; page text for snippets under file://
# --------------------------------------------------------------------------------------------------


def cjk_terms(run: str) -> list[str]:
    """The index terms of one run of Chinese characters: each character and each pair of neighbours.

    >>> cjk_terms("客户忠诚度")
    ['客', '户', '忠', '诚', '度', '客户', '户忠', '忠诚', '诚度']
    """
    return list(run) + [run[i:i + 2] for i in range(len(run) - 1)]


# The same split in the browser: a Chinese run in the query becomes its pairs of neighbours (a single
# character stays as it is); all terms must match, so a page matches when it has every pair.
JS_SPLITTER = r"""
function splitQuery(query) {
  const terms = [];
  for (const word of query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)) {
    if (!word) continue;
    for (const part of word.split(/(\p{Script=Han}+)/u)) {
      if (!part) continue;
      if (/^\p{Script=Han}+$/u.test(part)) {
        if (part.length === 1) terms.push(part);
        for (let i = 0; i + 1 < part.length; i++) terms.push(part.slice(i, i + 2));
      } else {
        terms.push(part);
      }
    }
  }
  return terms;
}
"""


def make_search_language():
    from sphinx.search.en import SearchEnglish

    class SearchEnglishWithChinese(SearchEnglish):
        """English search (stemming, stop words) that also indexes Chinese characters and their pairs."""

        lang = "en"
        js_splitter_code = JS_SPLITTER
        han = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

        def split(self, input: str) -> list[str]:
            words = []
            for word in super().split(input):
                runs = self.han.findall(word)
                latin = self.han.sub(" ", word).split()
                words += latin
                for run in runs:
                    words += cjk_terms(run)
            return words

    return SearchEnglishWithChinese


def page_text(doctree) -> str:
    """The prose of a page (no code, no outputs, no math), on one line."""
    pieces = []
    for text in doctree.findall(nodes.Text):
        if any(isinstance(a, (nodes.literal_block, nodes.raw, nodes.comment, nodes.math_block)) for a in _ancestors(text)):
            continue
        pieces.append(str(text))
    return re.sub(r"\s+", " ", " ".join(pieces)).strip()


def write_page_text(app, exception):
    """Write _static/crm-page-text.js: every page's prose, for the search page's snippets.

    Read from the stored doctrees of all pages (an incremental build writes only the changed ones).
    """
    if exception or app.builder.name != "html":
        return
    texts = {docname: page_text(app.env.get_doctree(docname)) for docname in sorted(app.env.found_docs)}
    body = "window.CRM_PAGE_TEXT = " + json.dumps(texts, ensure_ascii=False, sort_keys=True) + ";\n"
    target = Path(app.outdir) / "_static" / "crm-page-text.js"
    target.write_text(body, encoding="utf-8")


def fix_front_page_title(app, exception):
    """The theme titles each page "page — book"; on the front page both are the book's title: say it once."""
    if exception or app.builder.format != "html":
        return
    page = Path(app.outdir) / "index.html"
    if page.exists():
        text = page.read_text(encoding="utf-8")
        fixed = re.sub(r"<title>(.+?) &#8212; \1</title>", r"<title>\1</title>", text, count=1)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


# --------------------------------------------------------------------------------------------------
# Page context: titles, widget notes, the search page's scripts
# --------------------------------------------------------------------------------------------------

WIDGET_VIEW = re.compile(r'(<script type="application/vnd\.jupyter\.widget-view\+json">)')


WIDGET_NOTE_ZH = (
    '<div class="crm-widget-note admonition note" role="note"><p>'
    "<strong>需要运行中的笔记本。</strong>这个控件是 Jupyter 小部件（widget）：在网页上它只显示笔记本运行时保存的状态，"
    "不会更新。要使用它，请下载笔记本（页面顶部的下载按钮），在 Jupyter 中运行，并把 <code>crmkit</code> 包和 "
    "<code>datasets/</code> 文件夹放在它旁边，设置方法见"
    '<a href="{href}">如何使用本书</a>。</p></div>'
)


def widget_note(how_to_use: str, language: str = "en") -> str:
    if is_chinese(language):
        return WIDGET_NOTE_ZH.format(href=html.escape(how_to_use))
    return (
        '<div class="crm-widget-note admonition note" role="note"><p>'
        "<strong>Needs a running notebook.</strong> This control is a Jupyter widget: on this web page it shows "
        "the state saved when the notebook was run and does not update. To use it, download the notebook "
        "(download button at the top of the page) and run it in Jupyter with the <code>crmkit</code> package and "
        "the <code>datasets/</code> folder beside it, as set up in "
        f'<a href="{html.escape(how_to_use)}">How to use this book</a>.</p></div>'
    )


def page_context(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body and "application/vnd.jupyter.widget-view+json" in body:
        note = widget_note(context["pathto"]("book/how-to-use") + "#run-a-notebook-yourself", app.config.language)
        context["body"] = WIDGET_VIEW.sub(lambda m: note + m.group(1), body)
    if app.builder.name == "html":  # not in the single-page (PDF) build
        context.update(edition_links(pagename, app.config.language))
    if context.get("crm_other_edition"):
        context["metatags"] = context.get("metatags", "") + (
            f'\n<link rel="alternate" hreflang="{context["crm_other_lang"]}" href="{context["crm_other_edition"]}" />')
    if pagename == "search" and app.builder.name == "html":
        app.add_js_file("crm-page-text.js", priority=900)
        app.add_js_file("crm-search.js", priority=910)


# --------------------------------------------------------------------------------------------------
# Two editions from one source: English, and Chinese through gettext catalogues (locale/zh_CN)
# --------------------------------------------------------------------------------------------------

# The Chinese edition is built into this folder of the English site (_build/html/zh/), so that every page
# links to the same page in the other edition with a relative link, and one folder publishes both.
EDITION_FOLDER = {"zh_CN": "zh"}


def is_chinese(language: str | None) -> bool:
    """True for a Chinese build (``language: zh_CN``).

    >>> is_chinese("zh_CN"), is_chinese("en"), is_chinese(None)
    (True, False, False)
    """
    return bool(language) and language.lower().startswith("zh")


def edition_links(pagename: str, language: str | None) -> dict:
    """Template values for the language switch: the same page in the other edition, as a relative link.

    >>> edition_links("book/ch01-what-is-crm", "en")["crm_other_edition"]
    '../zh/book/ch01-what-is-crm.html'
    >>> edition_links("book/ch01-what-is-crm", "zh_CN")["crm_other_edition"]
    '../../book/ch01-what-is-crm.html'
    """
    up = "../" * pagename.count("/")
    if is_chinese(language):
        return {"crm_other_edition": f"../{up}{pagename}.html", "crm_other_lang": "en",
                "crm_other_label": "English", "crm_other_title": "Read this page in English"}
    return {"crm_other_edition": f"{up}{EDITION_FOLDER['zh_CN']}/{pagename}.html", "crm_other_lang": "zh-CN",
            "crm_other_label": "中文", "crm_other_title": "阅读本页的中文版 (this page in Chinese)"}


# Alt text of a chart is the "description" of its Vega-Lite spec, inside the notebook's HTML output. The
# gettext builder adds it to the page's catalogue; a translated build replaces it with its translation.
CHART_DESCRIPTION = re.compile(r'"description": ("(?:[^"\\]|\\.)*")')


def page_translator(app, docname):
    """The gettext translator of one page's catalogue (the compiled ``.mo`` Sphinx's own i18n transform reads).

    Python's ``gettext.translation`` caches each catalogue; ``sphinx.locale.init`` would chain a copy onto the
    page's translator at every call.
    """
    import gettext

    from sphinx.util.i18n import docname_to_domain

    domain = docname_to_domain(docname, app.config.gettext_compact)
    for folder in app.config.locale_dirs:
        found = gettext.translation(domain, localedir=str(Path(app.srcdir) / folder), languages=[app.config.language],
                                    fallback=True)
        if type(found) is not gettext.NullTranslations:  # the page has a catalogue here
            return found
    return gettext.NullTranslations()


def chart_text(app, doctree, docname):
    """gettext builder: add chart descriptions to the page's catalogue; Chinese build: translate them."""
    if app.builder.name == "gettext":
        from sphinx.builders.gettext import MsgOrigin
        from sphinx.util.i18n import docname_to_domain

        # (myst-nb picks an output's HTML only for HTML builders: read the descriptions from the notebook)
        source = Path(app.env.doc2path(docname))
        if source.suffix != ".ipynb":
            return
        catalog = app.builder.catalogs[docname_to_domain(docname, app.config.gettext_compact)]
        notebook = json.loads(source.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            for output in cell.get("outputs", []):
                page = "".join(output.get("data", {}).get("text/html", ""))
                for match in CHART_DESCRIPTION.finditer(page):
                    catalog.add(json.loads(match.group(1)), MsgOrigin(str(source), 0))
        return
    if not is_chinese(app.config.language):
        return
    translator = page_translator(app, docname)

    def translate(match):
        description = json.loads(match.group(1))
        translated = translator.gettext(description)
        return '"description": ' + json.dumps(translated) if translated else match.group(0)

    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        if "html" not in raw.get("format", "").split() or '"description": ' not in text:
            continue
        raw.replace(raw[0], nodes.Text(CHART_DESCRIPTION.sub(translate, text)))


BOOK_TITLE_ZH = "客户关系管理：互动练习册"


def localise_config(app, config):
    """Chinese edition: the book's title and the search box's placeholder (set by _config.yml and Jupyter Book)."""
    if is_chinese(config.language):
        config.html_title = BOOK_TITLE_ZH
        config.html_theme_options["search_bar_text"] = "搜索本书……"


def make_caption_transform():
    """A transform that translates the table of contents' part captions in a translated build.

    sphinx-external-toc inserts the toctrees (with their captions from ``_toc.yml``) at transform priority 100,
    after Sphinx's own i18n transform (priority 20) has translated the page; the captions are in the root page's
    catalogue (the gettext builder sees them), so this translates them from there.
    """
    from sphinx import addnodes
    from sphinx.transforms import SphinxTransform

    class TranslateTocCaptions(SphinxTransform):
        default_priority = 101

        def apply(self, **kwargs) -> None:
            if not is_chinese(self.config.language):
                return
            translator = page_translator(self.app, self.env.docname)
            for toctree in self.document.findall(addnodes.toctree):
                caption = toctree.get("caption")
                translated = translator.gettext(caption) if caption else ""
                if translated and translated != caption:
                    toctree["caption"] = translated

    return TranslateTocCaptions


def speed_up_translated_builds(app, config):
    """A translated build parses every translated message as a small document (10,000 here), and for each MyST
    builds a fresh docutils ``Values`` of default settings only to discard it (``setup_render`` evaluates
    ``options.get("document", make_document())``). Cache those defaults: the same documents, in less time."""
    if not is_chinese(config.language):
        return
    import copy
    from functools import lru_cache

    from docutils.frontend import get_default_settings
    from docutils.utils import new_document
    from myst_parser.mdit_to_docutils import base

    if getattr(base.make_document, "crm_cached", False):
        return
    defaults = lru_cache(maxsize=None)(get_default_settings)

    def make_document(source_path="notset", parser_cls=base.RSTParser):
        return new_document(source_path, settings=copy.copy(defaults(parser_cls)))

    make_document.crm_cached = True
    base.make_document = make_document


def make_search_chinese():
    """Search for the Chinese edition: the same CJK pairs as the English edition's, English words stemmed."""
    base = make_search_language()

    class SearchChinese(base):
        lang = "zh"
        language_name = "Chinese"

    return SearchChinese


# --------------------------------------------------------------------------------------------------
# The single-page build (for the PDF edition)
# --------------------------------------------------------------------------------------------------


def share_html_handlers(app):
    """Let the single-page builder use every node handler registered for HTML.

    Sphinx looks up handlers by builder name first, then by format. sphinx-exercise registers a few for
    ``singlehtml`` by name, so the ``html`` ones of myst-nb (e.g. its hidden-cell node) are never found.
    """
    if app.builder.name != "singlehtml":
        return
    handlers = app.registry.translation_handlers
    for node, pair in handlers.get("html", {}).items():
        handlers.setdefault("singlehtml", {}).setdefault(node, pair)


# --------------------------------------------------------------------------------------------------
# No Thebe
# --------------------------------------------------------------------------------------------------


def remove_thebe(app, config):
    if config.html_theme_options.get("launch_buttons", {}).get("thebe"):
        return
    for listeners in app.events.listeners.values():
        listeners[:] = [entry for entry in listeners if not entry.handler.__module__.startswith("sphinx_thebe")]
    app.registry.css_files[:] = [(name, attrs) for name, attrs in app.registry.css_files if name != "sphinx-thebe.css"]


# --------------------------------------------------------------------------------------------------
# The course plan
# --------------------------------------------------------------------------------------------------


def _notebook_metadata(root: Path, key: str) -> tuple[dict, dict]:
    """Each notebook's top-level ``crm`` metadata under ``key``: ``(labs, questions)``.

    A lab's value (a list or a dict) is returned as it is, ``{lab path: value}``; an exercise master's value
    maps question names to ids and is flattened to ``{"exercises/<set>.ipynb#<question>": [ids]}``.
    Paths are relative to the book's root.
    """
    labs, questions = {}, {}
    for folder in ("notebooks", "exercises"):
        for notebook in sorted((root / folder).glob("*.ipynb")):
            meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {}).get("crm", {})
            value = meta.get(key)
            path = f"{folder}/{notebook.name}"
            if not value:
                continue
            if folder == "exercises":
                questions.update({f"{path}#{name}": list(ids) for name, ids in value.items()})
            else:
                labs[path] = value
    return labs, questions


def notebook_objectives(root: Path = BOOK_ROOT) -> tuple[dict, dict]:
    """The objectives each notebook says it practises, from its top-level ``crm`` metadata (no kernel).

    A lab (``notebooks/*.ipynb``) holds ``{"crm": {"objectives": ["2.3", ...]}}``; an exercise master
    (``exercises/*.ipynb``) holds ``{"crm": {"objectives": {"q1": ["1.2"], ...}}}``, question name → objectives.
    Returns ``(labs, questions)``: ``{lab path: [ids]}`` and ``{"exercises/<set>.ipynb#<question>": [ids]}``,
    paths relative to the book's root.
    """
    labs, questions = _notebook_metadata(root, "objectives")
    return {path: list(ids) for path, ids in labs.items()}, questions


def notebook_skills(root: Path = BOOK_ROOT) -> tuple[dict, dict]:
    """The textbook skill objectives (技能目标) each notebook says it practises.

    A lab holds ``{"crm": {"skills": {"S6.4": "<heading of the section>"}}}``; an exercise master
    ``{"crm": {"skills": {"q9": ["S6.4"]}}}``. Returns ``(sections, questions)``:
    ``{skill id: [(lab path, heading), ...]}`` and ``{"exercises/<set>.ipynb#<question>": [skill ids]}``.
    """
    labs, questions = _notebook_metadata(root, "skills")
    sections: dict[str, list] = {}
    for path, named in labs.items():
        for skill, heading in named.items():
            sections.setdefault(skill, []).append((path, heading))
    return sections, questions


def lab_numbers(root: Path = BOOK_ROOT) -> dict[str, str]:
    """``{lab path: "Lab N.k"}``: labs are numbered by their order within chapter N's part of ``_toc.yml``.

    A part whose caption starts "Chapter N" holds chapter N; every ``notebooks/`` file in it is a lab.
    """
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    numbers = {}
    for part in toc.get("parts", []):
        match = re.match(r"Chapter (\d+)\b", part.get("caption", ""))
        if not match:
            continue
        labs = [entry["file"] for entry in part.get("chapters", []) if entry.get("file", "").startswith("notebooks/")]
        for k, lab in enumerate(labs, start=1):
            numbers[f"{lab}.ipynb"] = f"Lab {match.group(1)}.{k}"
    return numbers


def _question_order(ref: str) -> list:
    """Sort key: set, then question number (``q10`` after ``q9``)."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", ref)]


def load_plan(path: Path = PLAN_FILE, root: Path = BOOK_ROOT) -> dict:
    """The course plan: book/course-plan.yml, with each objective's ``labs`` and ``exercises`` assembled
    from the notebooks' metadata (:func:`notebook_objectives`).

    Labs are listed in the order the sessions teach them; exercises by set and question number.
    """
    import yaml

    plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    labs, questions = notebook_objectives(root)
    session_order = [lab for session in plan.get("sessions", []) for lab in session.get("labs", {})]
    rank = {lab: session_order.index(lab) if lab in session_order else len(session_order) for lab in labs}
    for objective in plan["objectives"]:
        objective["labs"] = sorted((lab for lab, ids in labs.items() if objective["id"] in ids),
                                   key=lambda lab: (rank[lab], lab))
        objective["exercises"] = sorted((ref for ref, ids in questions.items() if objective["id"] in ids),
                                        key=_question_order)
    sections, skill_questions = notebook_skills(root)
    for skill in plan.get("skills", []):
        skill["sections"] = sorted(sections.get(skill["id"], []), key=lambda item: (rank.get(item[0], 99), item))
        skill["exercises"] = sorted((ref for ref, ids in skill_questions.items() if skill["id"] in ids),
                                    key=_question_order)
    return plan


def _link(path: str, title: str) -> str:
    """A Markdown link from book/course-plan.md to a source file; a question anchor (``#q3``) is dropped.

    >>> _link("exercises/ch02-clv-exercises.ipynb#q3", "ch02-clv q3")
    '[ch02-clv q3](../exercises/ch02-clv-exercises.ipynb)'
    """
    return f"[{title}](../{path.partition('#')[0]})"


def exercise_label(ref: str) -> str:
    """``exercises/ch02-clv-exercises.ipynb#q3`` → ``ch02-clv q3``."""
    target, _, question = ref.partition("#")
    stem = Path(target).stem.replace("-exercises", "")
    return f"{stem} {question}".strip()


def sessions_markdown(plan: dict) -> list[str]:
    objectives = {o["id"]: o for o in plan["objectives"]}
    lines = ["| session | week | hours | objectives | reading | lab(s) | exercises | assessment |",
             "|---|---|---|---|---|---|---|---|"]
    for number, session in enumerate(plan["sessions"], start=1):
        reading = ", ".join(_link(p, t) for p, t in session.get("reading", {}).items()) or "—"
        labs = ", ".join(_link(p, t) for p, t in session.get("labs", {}).items()) or "—"
        exercises = ", ".join(_link(p, t) for p, t in session.get("exercises", {}).items()) or "—"
        ids = ", ".join(f"**{i}**" for i in session["objectives"] if i in objectives)
        lines.append(f"| {number}. {session['title']} | {session['week']} | {session['hours']} | {ids} | {reading} | "
                     f"{labs} | {exercises} | {session['assessment']} |")
    total = sum(s["hours"] for s in plan["sessions"])
    lines.append(f"| **total** | | **{total}** | | | | | |")
    return lines


def map_markdown(plan: dict) -> list[str]:
    lines = ["| objective | page | lab(s) | checked exercises |", "|---|---|---|---|"]
    for objective in plan["objectives"]:
        page = _link(objective["page"], Path(objective["page"].partition("#")[0]).stem) if objective.get("page") else "—"
        labs = ", ".join(_link(p, Path(p).stem) for p in objective.get("labs", [])) or "—"
        checked = ", ".join(_link(e, exercise_label(e)) for e in objective.get("exercises", []))
        if not checked:
            checked = f"*not yet practised: {objective['gap']}*" if objective.get("gap") else "—"
        lines.append(f"| **{objective['id']}** {objective['text']} | {page} | {labs} | {checked} |")
    return lines


def skills_markdown(plan: dict) -> list[str]:
    numbers = lab_numbers()
    lines = ["| skill objective (技能目标) | lab section(s) | checked exercises |", "|---|---|---|"]
    for skill in plan.get("skills", []):
        sections = "; ".join(f"{_link(path, numbers.get(path, Path(path).stem))}: {heading}"
                             for path, heading in skill.get("sections", [])) or "—"
        checked = ", ".join(_link(e, exercise_label(e)) for e in skill.get("exercises", [])) or "—"
        lines.append(f"| **{skill['id']}** {skill['text']} ({skill['zh']}) | {sections} | {checked} |")
    return lines


def make_directives():
    from docutils.statemachine import StringList
    from sphinx.util.docutils import SphinxDirective

    class PlanTable(SphinxDirective):
        has_content = False
        render = None

        def run(self):
            self.env.note_dependency(str(PLAN_FILE))
            for folder in ("notebooks", "exercises"):  # the map comes from these notebooks' metadata
                for notebook in sorted((BOOK_ROOT / folder).glob("*.ipynb")):
                    self.env.note_dependency(str(notebook))
            container = nodes.container(classes=["crm-course-table"])
            lines = type(self).render(load_plan())
            self.state.nested_parse(StringList(lines, source=str(PLAN_FILE)), self.content_offset, container)
            source, line = self.get_source_info()
            for node in container.findall(nodes.Element):  # so that gettext extracts the table's text
                node.source, node.line = source, line
            return [container]

    class CourseSessions(PlanTable):
        render = staticmethod(sessions_markdown)

    class CourseMap(PlanTable):
        render = staticmethod(map_markdown)

    class CourseSkills(PlanTable):
        render = staticmethod(skills_markdown)

    return CourseSessions, CourseMap, CourseSkills


def setup(app):
    app.add_node(chinese, html=(visit_chinese_html, depart_chinese_html),
                 latex=(_visit_plain, _depart_plain), text=(_visit_plain, _depart_plain),
                 man=(_visit_plain, _depart_plain), texinfo=(_visit_plain, _depart_plain))
    app.connect("doctree-resolved", mark_chinese, priority=600)
    app.connect("doctree-resolved", chart_text, priority=500)
    app.connect("html-page-context", page_context)
    app.connect("build-finished", write_page_text)
    app.connect("build-finished", fix_front_page_title)
    app.connect("config-inited", remove_thebe)
    app.connect("config-inited", localise_config)
    app.connect("config-inited", speed_up_translated_builds)
    app.connect("builder-inited", share_html_handlers)
    from sphinx.search import languages

    languages["en"] = make_search_language()
    languages["zh"] = languages["zh_CN"] = make_search_chinese()
    sessions, course_map, course_skills = make_directives()
    app.add_directive("course-sessions", sessions)
    app.add_directive("course-map", course_map)
    app.add_directive("course-skills", course_skills)
    app.add_transform(make_caption_transform())
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": False}
