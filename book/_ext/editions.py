"""The book's two editions, English and Chinese (简体中文), from one set of sources.

The Chinese edition is the same sources built with ``language: zh_CN``: Sphinx's internationalisation
replaces every message (a paragraph, heading, table cell, caption, chart description) with its
translation from ``locale/zh_CN/LC_MESSAGES/<page>.po``, one gettext catalogue per page.

Usage (the Makefile's targets call these)::

    python book/_ext/editions.py build en        # English site      -> _build/html          (make book-en)
    python book/_ext/editions.py build zh_CN     # Chinese site      -> _build/html/zh       (make book-zh)
    python book/_ext/editions.py build all       # both (make book)
    python book/_ext/editions.py catalogues      # update the catalogues after the English changed (make catalogues)
    python book/_ext/editions.py coverage        # messages translated / fuzzy / untranslated, per page

The workflow when an English sentence changes: ``make catalogues`` extracts the messages (Sphinx's
``gettext`` builder into ``_build/gettext``) and merges them into the catalogues with ``sphinx-intl
update``, which marks the translation of a changed message *fuzzy* (needs review) and adds new messages
untranslated. Edit the ``.po`` files (any gettext editor, or a text editor), remove the fuzzy flag, and
``make test`` checks that every message is translated and none is fuzzy (``tests/test_translation.py``).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
LOCALE = ROOT / "locale"
LANGUAGES = ("zh_CN",)
POT_DIR = ROOT / "_build" / "gettext"
OUTPUT = {"en": ROOT / "_build" / "html", "zh_CN": ROOT / "_build" / "html" / "zh"}
DOCTREES = {"en": ROOT / "_build" / ".doctrees", "zh_CN": ROOT / "_build" / ".doctrees-zh_CN",
            "gettext": ROOT / "_build" / ".doctrees-gettext"}

# A message with nothing to translate: once code spans, links' targets, math, numbers and symbols are
# taken out, no letters are left (a column name in backticks, a date, "≥ 90 %"). Its translation is itself.
CODE_SPAN = re.compile(r"`[^`]*`")
MATH = re.compile(r"\$[^$]*\$")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
LETTER = re.compile(r"[A-Za-z]")  # Latin letters: a message already in Chinese is its own translation


def nothing_to_translate(message: str) -> bool:
    """True when a message has no English words outside code, math and link targets.

    >>> nothing_to_translate("`agent_id`"), nothing_to_translate("2025-10-27"), nothing_to_translate("≥ 90 %")
    (True, True, True)
    >>> nothing_to_translate("Day of the shift.")
    False
    """
    rest = LINK_TARGET.sub("](", MATH.sub("", CODE_SPAN.sub("", message)))
    return not LETTER.search(rest)


@lru_cache(maxsize=None)
def _inline_parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def markup_shape(message: str):
    """What a translation must keep of a message's markup, and whether literal asterisks are left.

    Emphasis counts, code spans, link and image targets, roles, footnote references and math, as
    CommonMark (MyST's parser) reads them. A literal ``*`` or ``**`` in the rendered text usually means
    emphasis that CommonMark did not open, e.g. ``**`` between a Chinese character and punctuation.

    >>> markup_shape("See **Figure 1.2** and `f(x)`.")[0] == markup_shape("见 **图 1.2** 和 `f(x)`。")[0]
    True
    >>> markup_shape("文字**“引号”**文字")[1]
    True
    """
    from collections import Counter

    shape, literal_stars = Counter(), False
    for token in _inline_parser().parseInline(message):
        for child in token.children or []:
            if child.type in ("strong_open", "em_open"):
                shape[child.type] += 1
            elif child.type == "code_inline":
                shape["code " + child.content] += 1
            elif child.type == "link_open":
                shape["link " + str(child.attrs.get("href", ""))] += 1
            elif child.type == "image":
                shape["image " + str(child.attrs.get("src", ""))] += 1
            elif child.type == "text" and ("**" in child.content or re.search(r"(?<![\w*])\*(?!\s)[^*]+\*", child.content)):
                literal_stars = True
    for pattern in (r"\{[a-z:-]+\}`[^`]*`", r"\[\^[^\]]+\]", r"\$[^$]+\$"):
        for item in re.findall(pattern, message):
            shape[item] += 1
    return shape, literal_stars


def markup_problems(english: str, translation: str) -> list[str]:
    """Why a translation would render differently from its message's markup (empty when it is fine).

    >>> markup_problems("**Bold** and [a card](x.md)", "**粗体**和[数据卡](x.md)")
    []
    >>> markup_problems("`load()` it", "加载它")
    ["code spans, links, emphasis, roles or math differ: missing {'code load()': 1}, extra {}"]
    """
    if translation == english:
        return []
    problems = []
    english_shape, _ = markup_shape(english)
    translated_shape, literal_stars = markup_shape(translation)
    if english_shape != translated_shape:
        problems.append("code spans, links, emphasis, roles or math differ: "
                        f"missing {dict(english_shape - translated_shape)}, extra {dict(translated_shape - english_shape)}")
    if literal_stars and not markup_shape(english)[1]:
        problems.append("a literal * or ** is left (emphasis next to Chinese punctuation does not open: "
                        "move the punctuation outside the asterisks or add a space)")
    return problems


def _sphinx(builder: str, outdir: Path, doctrees: Path, language: str | None = None, quiet: bool = False) -> None:
    """One Sphinx build of the book, as ``jupyter-book build`` runs it, with warnings as errors."""
    from jupyter_book.sphinx import build_sphinx

    overrides = {"external_toc_path": (ROOT / "_toc.yml").as_posix(), "latex_individualpages": False}
    if language:
        overrides["language"] = language
    result = build_sphinx(ROOT, outdir, noconfig=True, path_config=ROOT / "_config.yml", confoverrides=overrides,
                          doctreedir=doctrees, builder=builder, warningiserror=True, keep_going=True, quiet=quiet)
    if result:
        raise SystemExit(f"the {builder} build ({language or 'en'}) failed or warned: see the messages above")


def build(edition: str) -> float:
    """Build one edition's HTML with warnings as errors; return the seconds it took."""
    started = time.perf_counter()
    _sphinx("html", OUTPUT[edition], DOCTREES[edition], language=None if edition == "en" else edition)
    return time.perf_counter() - started


def extract() -> None:
    """Sphinx's gettext builder: one message template (.pot) per page, into _build/gettext."""
    _sphinx("gettext", POT_DIR, DOCTREES["gettext"], quiet=True)


def update_catalogues() -> None:
    """Extract, merge into locale/<lang>/LC_MESSAGES with sphinx-intl, and fill messages with nothing to translate."""
    from sphinx_intl.basic import update

    extract()
    update(str(LOCALE), str(POT_DIR), LANGUAGES, line_width=0)
    for po_file in sorted(LOCALE.rglob("*.po")):
        fill_untranslatable(po_file)


def read_catalogue(po_file: Path):
    from babel.messages.pofile import read_po

    with open(po_file, "rb") as handle:
        return read_po(handle)


def write_catalogue(catalogue, po_file: Path) -> None:
    from babel.messages.pofile import write_po

    with open(po_file, "wb") as handle:
        write_po(handle, catalogue, width=0, omit_header=False, sort_output=False, include_previous=True)


def fill_untranslatable(po_file: Path) -> int:
    """Give each untranslated message with nothing to translate itself as translation; return how many."""
    catalogue = read_catalogue(po_file)
    filled = 0
    for message in catalogue:
        if message.id and not message.string and nothing_to_translate(message.id):
            message.string = message.id
            filled += 1
    if filled:
        write_catalogue(catalogue, po_file)
    return filled


def coverage(language: str = "zh_CN") -> dict[str, dict[str, int]]:
    """Per catalogue: total messages, translated (and not fuzzy), fuzzy, untranslated."""
    report = {}
    folder = LOCALE / language / "LC_MESSAGES"
    for po_file in sorted(folder.rglob("*.po")):
        catalogue = read_catalogue(po_file)
        counts = {"total": 0, "translated": 0, "fuzzy": 0, "untranslated": 0}
        for message in catalogue:
            if not message.id:
                continue
            counts["total"] += 1
            if message.fuzzy:
                counts["fuzzy"] += 1
            elif message.string:
                counts["translated"] += 1
            else:
                counts["untranslated"] += 1
        report[po_file.relative_to(folder).with_suffix("").as_posix()] = counts
    return report


def print_coverage(language: str = "zh_CN") -> int:
    report = coverage(language)
    total = {key: sum(page[key] for page in report.values()) for key in ("total", "translated", "fuzzy", "untranslated")}
    for page, counts in report.items():
        if counts["translated"] < counts["total"]:
            print(f"{page}: {counts['translated']}/{counts['total']} translated, {counts['fuzzy']} fuzzy, "
                  f"{counts['untranslated']} untranslated")
    share = 100 * total["translated"] / total["total"] if total["total"] else 0.0
    print(f"{language}: {total['translated']} of {total['total']} messages translated ({share:.1f}%), "
          f"{total['fuzzy']} fuzzy, {total['untranslated']} untranslated, in {len(report)} catalogues")
    return 0 if total["translated"] == total["total"] else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build_command = commands.add_parser("build", help="build the HTML of one edition or both")
    build_command.add_argument("edition", choices=["en", *LANGUAGES, "all"])
    commands.add_parser("catalogues", help="extract the messages and update the catalogues")
    commands.add_parser("coverage", help="how much of the book is translated")
    arguments = parser.parse_args(argv)
    if arguments.command == "build":
        editions = ["en", *LANGUAGES] if arguments.edition == "all" else [arguments.edition]
        for edition in editions:
            seconds = build(edition)
            print(f"built the {edition} edition into {OUTPUT[edition].relative_to(ROOT)} in {seconds:.0f} s")
        return 0
    if arguments.command == "catalogues":
        update_catalogues()
        return print_coverage()
    return print_coverage()


if __name__ == "__main__":
    sys.exit(main())
