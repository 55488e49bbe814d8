"""The translation catalogue of the exercise checks' feedback (``locale/<language>/LC_MESSAGES/feedback.po``).

The messages are of two kinds, both collected from the sources by :func:`feedback_messages`:

- the fixed sentences of :mod:`crmkit.exercises.feedback` (every string literal passed to its ``_``, and the
  kinds of :data:`~crmkit.exercises.feedback.KINDS`), with ``{name}``-style fields a translation must keep;
- each check's own words in the master notebooks: its ``hint``, its ``mistakes`` messages, its ``units`` and,
  for dictionary answers, ``what`` it counts.

:func:`update` merges them into the catalogue with Babel, as ``sphinx-intl`` does for the book: a new message
is added untranslated, a changed one keeps its old translation marked *fuzzy* (to be reviewed). Run it with
``python -m crmkit.exercises catalogue`` after changing a check.

Examples
--------
>>> messages = feedback_messages()
>>> "{name} is not answered yet: replace the ... with your code, run the cell, then run this check again." in messages
True
>>> fields("{name} should be at least {low}{units}, but it is {value}.")
['low', 'name', 'units', 'value']
"""

from __future__ import annotations

import ast
import json
import string
from pathlib import Path

from crmkit.exercises import feedback
from crmkit.exercises.editions import masters

CHECK_WORDS = ("hint", "units", "what")


def _feedback_sentences() -> list[str]:
    tree = ast.parse(Path(feedback.__file__).read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append(first.value)
    found += list(feedback.KINDS.values())
    found.append("entries")  # expect_items' default ``what``
    return found


def _check_words(source: str) -> list[str]:
    """The hints, mistake messages, units and counted things of one check cell."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if not isinstance(key, ast.Constant):
                    continue
                if key.value in CHECK_WORDS and isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.append(value.value)
                if key.value == "mistakes" and isinstance(value, ast.Dict):
                    found += [v.value for v in value.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
        elif isinstance(node, ast.keyword) and node.arg in CHECK_WORDS:
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                found.append(node.value.value)
    return found


def feedback_messages() -> dict[str, list[str]]:
    """Every message of the feedback, with where it comes from (``feedback.py`` or ``<set>.ipynb cell N``)."""
    messages: dict[str, list[str]] = {}
    for sentence in _feedback_sentences():
        messages.setdefault(sentence, []).append("crmkit/exercises/feedback.py")
    for master in masters():
        notebook = json.loads(master.read_text(encoding="utf-8"))
        for index, cell in enumerate(notebook["cells"]):
            source = "".join(cell.get("source", ""))
            if cell.get("cell_type") != "code" or "crmkit.exercises.feedback" not in source:
                continue
            for word in _check_words(source):
                messages.setdefault(word, []).append(f"exercises/{master.name}:{index}")
    return messages


def fields(message: str) -> list[str]:
    """The ``str.format`` fields of a message, sorted (a translation must have the same)."""
    return sorted({name for _text, name, _spec, _conversion in string.Formatter().parse(message) if name})


def translate_markdown(source: str, translations: dict[str, str]) -> str:
    r"""A Markdown text with each paragraph, heading, list item and table cell replaced by its translation.

    The messages are those of the book's catalogues (Sphinx's gettext extraction: one message per
    paragraph, heading or table cell, its lines joined by spaces). Blocks without a translation stay as
    they are.

    Examples
    --------
    >>> translate_markdown("## Exercises\n\nRun the\ncheck.\n\n- one item", {"Exercises": "练习", "Run the check.": "运行检查。"})
    '## 练习\n\n运行检查。\n\n- one item'
    """
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(source)
    lines = source.split("\n")
    blocks, cells = [], []
    row_line = None
    for index, token in enumerate(tokens):
        if token.type == "tr_open" and token.map:
            row_line = token.map[0]
        if token.type != "inline":
            continue
        translation = translations.get(token.content.replace("\n", " ").strip())
        opener = tokens[index - 1]
        if not translation or translation == token.content:
            continue
        if opener.type in ("th_open", "td_open") and row_line is not None:
            cells.append((row_line, token.content, translation))
        elif opener.map:
            blocks.append((opener.map[0], opener.map[1], token.content, translation))
    for line, text, translation in cells:
        lines[line] = lines[line].replace(text, translation.replace("|", "\\|"), 1)
    for start, end, text, translation in sorted(blocks, reverse=True):
        first = text.split("\n")[0]
        prefix = lines[start][:lines[start].find(first)] if first in lines[start] else ""
        lines[start:end] = [prefix + translation]
    return "\n".join(lines)


def catalogue_path(language: str) -> Path:
    return feedback.LOCALE / language / "LC_MESSAGES" / "feedback.po"


def update(language: str = "zh_CN") -> Path:
    """Merge the current messages into the language's catalogue (new: untranslated; changed: fuzzy)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    template = Catalog(project="crmkit exercise feedback", charset="utf-8")
    for message, origins in feedback_messages().items():
        template.add(message, locations=[(origin, None) for origin in dict.fromkeys(origins)],
                     flags=["python-brace-format"] if fields(message) else [])
    path = catalogue_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        with open(path, "rb") as handle:
            catalogue = read_po(handle)
    else:
        catalogue = Catalog(locale=language, project="crmkit exercise feedback", charset="utf-8")
    catalogue.update(template, update_header_comment=False)
    with open(path, "wb") as handle:
        write_po(handle, catalogue, width=0, ignore_obsolete=True, include_previous=True)
    return path
