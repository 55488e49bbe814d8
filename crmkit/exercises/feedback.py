"""Feedback for students: checks that say what is wrong, in the terms of the question, never the answer.

An exercise's public check (the ``grader.check("q3")`` a student runs) is written with these helpers.
Each raises ``AssertionError`` with one or two plain sentences, which otter shows under the check:

- :func:`answer` first: is the question answered at all (not ``...``), is the answer of the kind the
  question asks for (one number, a whole number, a share, a text, a list, a table), is it in range,
  and is it in the right units (a share written as a percentage, a tuple where one number is asked)?
- :func:`expect` then compares the answer with the reference through a *fingerprint*: a salted hash of
  the answer rounded to a few significant digits. The check can tell right from wrong, and recognise
  typical mistakes, without the reference value or the reference code appearing anywhere in the
  student's notebook. The graded, hidden tests compare with the reference itself.

Authors make fingerprints with :func:`fingerprint` (``python -m crmkit.exercises fingerprint``).

**Chinese feedback (中文反馈).** :func:`set_language` ``("zh_CN")``, or the environment variable
``CRMKIT_LANG=zh_CN``, makes every message Chinese: the fixed sentences of this module and the hints,
mistake messages, units and counted things of each check, from the gettext catalogue
``crmkit/exercises/locale/zh_CN/LC_MESSAGES/feedback.po`` (``python -m crmkit.exercises catalogue``
updates it; ``tests/test_exercises.py`` fails if a message is untranslated or fuzzy). The Chinese student
edition (``make student EDITION=zh_CN``) sets it in the notebooks' first cell.

Examples
--------
>>> share = answer(0.4642, "top_tenth", "share")
>>> expect(share, "top_tenth", fingerprint(0.46417, "top_tenth"), hint="Sort buyers by revenue first.")
>>> answer(..., "top_tenth", "share")
Traceback (most recent call last):
AssertionError: top_tenth is not answered yet: replace the ... with your code, run the cell, then run this check again.
>>> answer(46.4, "top_tenth", "share")
Traceback (most recent call last):
AssertionError: top_tenth should be a share between 0 and 1, but it is 46.4. If it is a percentage, write 0.464 instead of 46.4.
>>> expect(0.51, "top_tenth", fingerprint(0.46417, "top_tenth"), hint="Sort buyers by revenue first.")
Traceback (most recent call last):
AssertionError: top_tenth = 0.51 is not right yet. Sort buyers by revenue first.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["KINDS", "LANGUAGES", "answer", "expect", "expect_items", "fingerprint", "language", "set_language"]

#: The kinds of answer a question can ask for, as the messages name them.
KINDS = {
    "number": "one number",
    "count": "a whole number",
    "share": "a share between 0 and 1",
    "text": "a text (str)",
    "list": "a list",
    "mapping": "a dictionary",
    "table": "a pandas DataFrame",
}

DEFAULT_DIGITS = 3

#: The languages feedback can be given in.
LANGUAGES = ("en", "zh_CN")
LOCALE = Path(__file__).resolve().parent / "locale"
_language = {"current": None}


def set_language(language: str | None) -> None:
    """Give feedback in ``language``: ``"en"`` (the default) or ``"zh_CN"`` (简体中文); ``None``: as the
    environment variable ``CRMKIT_LANG`` says (English without it).

    Examples
    --------
    >>> set_language("zh_CN")
    >>> answer(..., "top_tenth", "share")
    Traceback (most recent call last):
    AssertionError: top_tenth 还没有作答：把 ... 换成你的代码，运行该单元格，然后再运行这个检查。
    >>> set_language(None)
    """
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"language must be one of {list(LANGUAGES)} or None, got {language!r}")
    _language["current"] = language


def language() -> str:
    """The language of the feedback: :func:`set_language`'s, else ``CRMKIT_LANG``'s, else English."""
    chosen = _language["current"] or os.environ.get("CRMKIT_LANG") or "en"
    return chosen if chosen in LANGUAGES else "en"


def _unquote(text: str) -> str:
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


@lru_cache(maxsize=None)
def read_catalogue(language_code: str) -> dict[str, str]:
    """The translations of a language's feedback catalogue (``msgid`` → ``msgstr``; untranslated and fuzzy left out)."""
    return read_po(LOCALE / language_code / "LC_MESSAGES" / "feedback.po")


def read_po(path: Path) -> dict[str, str]:
    """The translated, not fuzzy messages of a gettext ``.po`` file (``msgid`` → ``msgstr``); {} if there is none.

    A small reader of the format, so that a student's kernel needs nothing else.
    """
    path = Path(path)
    if not path.exists():
        return {}
    entries, entry, field = [], {"flags": ""}, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if "msgid" in entry:
                entries.append(entry)
            entry, field = {"flags": ""}, None
        elif line.startswith("#,"):
            entry["flags"] += line[2:]
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgid ", "msgstr ")):
            field, _separator, rest = line.partition(" ")
            entry[field] = _unquote(rest.strip()[1:-1])
        elif line.startswith('"') and field:
            entry[field] += _unquote(line.strip()[1:-1])
    return {e["msgid"]: e["msgstr"] for e in entries
            if e["msgid"] and e.get("msgstr") and "fuzzy" not in e["flags"]}


#: What separates two sentences of a message: a space in English, nothing after Chinese full-width punctuation.
SENTENCE_GAP = {"en": " ", "zh_CN": ""}


def _then(first: str, second: str) -> str:
    """Two sentences of feedback, one after the other, as the feedback's language writes them."""
    return first + SENTENCE_GAP[language()] + second


def _(message: str, **values: Any) -> str:
    """``message`` in the feedback's language, with ``values`` filled in (``str.format`` fields)."""
    if language() != "en":
        message = read_catalogue(language()).get(message, message)
    return message.format(**values) if values else message


def _show(value: Any) -> str:
    """A short, rounded rendering of a student's value for a message."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if not math.isfinite(value):
            return str(value)
        if value == 0:
            return "0"
        shown = f"{value:.4g}"
        return shown if "e" in shown else f"{float(shown):g}"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    return type(value).__name__


def _describe(value: Any) -> str:
    """What a value is, in words a student knows ("a pandas Series of 4,120 values")."""
    if isinstance(value, pd.DataFrame):
        return _("a pandas DataFrame of {rows} rows and {columns} columns", rows=f"{len(value):,}", columns=value.shape[1])
    if isinstance(value, pd.Series):
        return _("a pandas Series of {n} values", n=f"{len(value):,}")
    if isinstance(value, np.ndarray):
        return _("a numpy array of {n} values", n=f"{value.size:,}")
    if isinstance(value, tuple):
        return _("a tuple of {n} values", n=len(value))
    if isinstance(value, list):
        return _("a list of {n} values", n=len(value))
    if isinstance(value, Mapping):
        return _("a dictionary of {n} entries", n=len(value))
    if isinstance(value, str):
        return _("the text {text}", text=_show(value))
    if isinstance(value, (bool, np.bool_)):
        return _("the truth value {value}", value=bool(value))
    if value is None:
        return _("None (did the cell assign it, or does a function you called return nothing?)")
    if isinstance(value, (int, float, np.number)):
        return _show(value)
    return _("a {type}", type=type(value).__name__)


def _fail(message: str) -> None:
    raise AssertionError(message)


def _one_number(value: Any, name: str, wanted: str) -> float | int:
    if isinstance(value, (bool, np.bool_)):
        _fail(_("{name} should be {wanted}, but it is the truth value {value}.", name=name, wanted=wanted, value=bool(value)))
    if isinstance(value, (int, float, np.integer, np.floating)):
        return value
    if isinstance(value, (pd.Series, np.ndarray, list)) and np.size(value) == 1:
        _fail(_("{name} should be {wanted}, but it is {value}. Take the number out of it "
                "(for example with float(...) or .item()).", name=name, wanted=wanted, value=_describe(value)))
    if isinstance(value, tuple):
        _fail(_("{name} should be {wanted}, but it is {value}. If a function returned several results "
                "(for example an estimate and its interval), keep only the one the question asks for.",
                name=name, wanted=wanted, value=_describe(value)))
    if isinstance(value, (pd.Series, pd.DataFrame, np.ndarray, list)):
        _fail(_("{name} should be {wanted}, but it is {value}. Reduce it to the one number the "
                "question asks for (a sum, a mean, a count or a single entry).", name=name, wanted=wanted,
                value=_describe(value)))
    if isinstance(value, str):
        _fail(_("{name} should be {wanted}, but it is {value}. Write the number without quotes.",
                name=name, wanted=wanted, value=_describe(value)))
    _fail(_("{name} should be {wanted}, but it is {value}.", name=name, wanted=wanted, value=_describe(value)))
    raise AssertionError  # unreachable


def answer(value: Any, name: str, kind: str = "number", *, low: float | None = None, high: float | None = None,
           units: str | None = None, items: Any = None) -> Any:
    """Check that ``value`` answers the question in form: answered, of the right kind, in range.

    Parameters
    ----------
    value : object
        The student's answer (a variable of the notebook).
    name : str
        The variable's name, as the question calls it.
    kind : str, default "number"
        One of :data:`KINDS`: ``"number"``, ``"count"`` (a whole number), ``"share"`` (0 to 1),
        ``"text"``, ``"list"``, ``"mapping"`` or ``"table"``.
    low, high : float, optional
        The range a right answer lies in (inclusive), for numbers and counts.
    units : str, optional
        The units the question asks for (e.g. ``"CNY per customer"``), named in messages.
    items : collection, optional
        For ``"mapping"``: the keys the dictionary must have; for ``"text"``: the allowed answers.

    Returns
    -------
    the answer, normalised: a ``float`` for numbers and shares, an ``int`` for counts.

    Raises
    ------
    AssertionError
        With a plain message naming what is wrong.
    ValueError
        If ``kind`` is not one of :data:`KINDS` (an author's mistake).

    Examples
    --------
    >>> answer(215.0, "champions_555", "count")
    215
    >>> answer(65.5, "champions_555", "count")
    Traceback (most recent call last):
    AssertionError: champions_555 should be a whole number, but it is 65.5. A count has no decimals.
    >>> answer(-3.0, "cost", "number", low=0, units="CNY per registration")
    Traceback (most recent call last):
    AssertionError: cost should be at least 0 (CNY per registration), but it is -3.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {sorted(KINDS)}, got {kind!r}")
    if value is Ellipsis:
        _fail(_("{name} is not answered yet: replace the ... with your code, run the cell, then run this check again.",
                name=name))
    suffix = _(" ({units})", units=_(units)) if units else ""
    wanted = _(KINDS[kind]) + suffix
    if kind in ("number", "count", "share"):
        number = _one_number(value, name, wanted)
        if isinstance(number, (float, np.floating)) and not math.isfinite(float(number)):
            _fail(_("{name} should be {wanted}, but it is {value}. Look for a division by zero or an empty selection.",
                    name=name, wanted=wanted, value=_show(number)))
        if kind == "count":
            if float(number) != int(number):
                _fail(_("{name} should be a whole number, but it is {value}. A count has no decimals.",
                        name=name, value=_show(number)))
            number = int(number)
        else:
            number = float(number) + 0.0
        if kind == "share":
            if 1 < number <= 100:
                _fail(_("{name} should be a share between 0 and 1, but it is {value}. If it is a percentage, "
                        "write {share} instead of {value}.", name=name, value=_show(number), share=_show(number / 100)))
            low = 0.0 if low is None else low
            high = 1.0 if high is None else high
        if low is not None and high is not None and not low <= number <= high:
            _fail(_("{name} should lie between {low} and {high}{units}, but it is {value}.",
                    name=name, low=_show(low), high=_show(high), units=suffix, value=_show(number)))
        if low is not None and number < low:
            _fail(_("{name} should be at least {low}{units}, but it is {value}.",
                    name=name, low=_show(low), units=suffix, value=_show(number)))
        if high is not None and number > high:
            _fail(_("{name} should be at most {high}{units}, but it is {value}.",
                    name=name, high=_show(high), units=suffix, value=_show(number)))
        return number
    checks = {"text": str, "list": list, "mapping": Mapping, "table": pd.DataFrame}
    if kind == "list" and isinstance(value, (tuple, pd.Series, np.ndarray, pd.Index)):
        _fail(_("{name} should be a list, but it is {value}. Turn it into a list with list(...) or sorted(...).",
                name=name, value=_describe(value)))
    if kind == "text" and isinstance(value, (pd.Series, pd.Index, np.ndarray)) and np.size(value) == 1:
        _fail(_("{name} should be a text (str), but it is {value}. Take the text out of it (for example with .item()).",
                name=name, value=_describe(value)))
    if not isinstance(value, checks[kind]):
        _fail(_("{name} should be {wanted}, but it is {value}.", name=name, wanted=wanted, value=_describe(value)))
    if kind == "mapping" and items is not None:
        missing = [key for key in items if key not in value]
        extra = [key for key in value if key not in items]
        if missing or extra:
            if missing:
                _fail(_("{name} should have one entry for each of {items}; missing: {missing}.",
                        name=name, items=", ".join(map(str, items)), missing=", ".join(map(str, missing))))
            _fail(_("{name} should have one entry for each of {items}; not asked for: {extra}.",
                    name=name, items=", ".join(map(str, items)), extra=", ".join(map(str, extra))))
    if kind == "text" and items is not None and value not in items:
        _fail(_("{name} should be one of {items}, but it is {value}.",
                name=name, items=", ".join(map(repr, items)), value=_show(value)))
    return value


def _canonical(value: Any, digits: int) -> str:
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return format(float(f"{value:.{digits}g}") + 0.0, "g")
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_canonical(item, digits) for item in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{key}:{_canonical(value[key], digits)}" for key in sorted(value)) + "}"
    return repr(value)


def fingerprint(value: Any, name: str, digits: int = DEFAULT_DIGITS) -> str:
    """A salted hash of ``value`` rounded to ``digits`` significant digits (floats only).

    Whole numbers, texts and lists are hashed exactly (lists item by item). The name salts the hash,
    so two questions with the same answer have different fingerprints.

    Examples
    --------
    >>> fingerprint(0.46417, "top_tenth") == fingerprint(0.4642, "top_tenth")
    True
    >>> fingerprint(0.46417, "top_tenth") == fingerprint(0.4652, "top_tenth")
    False
    >>> fingerprint(215, "n") == fingerprint(215.0, "n")
    True
    """
    text = f"crmkit-exercise|{name}|{_canonical(value, digits)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def expect(value: Any, name: str, right: str, *, hint: str, mistakes: Mapping[str, str] | None = None,
           digits: int = DEFAULT_DIGITS) -> None:
    """Pass if ``value`` has the fingerprint ``right``; otherwise fail with the hint for the mistake.

    Parameters
    ----------
    value : object
        The student's answer, already checked (and normalised) by :func:`answer`.
    name : str
        The variable's name.
    right : str
        The fingerprint of the reference answer (see :func:`fingerprint`).
    hint : str
        What to re-check, in the terms of the question (which step, which rows, which units); never the answer.
    mistakes : dict, optional
        Fingerprints of typical wrong answers, each with its own message.
    digits : int, default 3
        Significant digits the fingerprints were made with.
    """
    key = fingerprint(value, name, digits)
    if key == right:
        return
    shown = _show(value) if not isinstance(value, (list, tuple, Mapping)) else _describe(value)
    if mistakes and key in mistakes:
        _fail(_then(_("{name} = {value} is not right yet.", name=name, value=shown), _(mistakes[key])))
    _fail(_then(_("{name} = {value} is not right yet.", name=name, value=shown), _(hint)))


def expect_items(value: Mapping[Any, Any], name: str, right: Mapping[Any, str], *, hint: str, what: str = "entries") -> None:
    """Pass if every entry of a dictionary answer has its fingerprint; else say how many are wrong (not which).

    Examples
    --------
    >>> right = {key: fingerprint(word, f"kinds[{key}]") for key, word in {"a": "x", "b": "y"}.items()}
    >>> expect_items({"a": "x", "b": "x"}, "kinds", right, hint="Ask what each one does.", what="statements")
    Traceback (most recent call last):
    AssertionError: 1 of 2 statements in kinds is not right yet. Ask what each one does.
    """
    wrong = sum(fingerprint(value.get(key), f"{name}[{key}]") != digest for key, digest in right.items())
    if wrong:
        values = {"wrong": wrong, "total": len(right), "what": _(what), "name": name}
        if wrong == 1:
            _fail(_then(_("{wrong} of {total} {what} in {name} is not right yet.", **values), _(hint)))
        _fail(_then(_("{wrong} of {total} {what} in {name} are not right yet.", **values), _(hint)))
