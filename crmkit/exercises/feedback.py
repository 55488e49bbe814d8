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
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["KINDS", "answer", "expect", "expect_items", "fingerprint"]

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
        return f"a pandas DataFrame of {len(value):,} rows and {value.shape[1]} columns"
    if isinstance(value, pd.Series):
        return f"a pandas Series of {len(value):,} values"
    if isinstance(value, np.ndarray):
        return f"a numpy array of {value.size:,} values"
    if isinstance(value, tuple):
        return f"a tuple of {len(value)} values"
    if isinstance(value, list):
        return f"a list of {len(value)} values"
    if isinstance(value, Mapping):
        return f"a dictionary of {len(value)} entries"
    if isinstance(value, str):
        return f"the text {_show(value)}"
    if isinstance(value, (bool, np.bool_)):
        return f"the truth value {bool(value)}"
    if value is None:
        return "None (did the cell assign it, or does a function you called return nothing?)"
    if isinstance(value, (int, float, np.number)):
        return _show(value)
    return f"a {type(value).__name__}"


def _fail(message: str) -> None:
    raise AssertionError(message)


def _one_number(value: Any, name: str, wanted: str) -> float | int:
    if isinstance(value, (bool, np.bool_)):
        _fail(f"{name} should be {wanted}, but it is the truth value {bool(value)}.")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return value
    if isinstance(value, (pd.Series, np.ndarray, list)) and np.size(value) == 1:
        _fail(f"{name} should be {wanted}, but it is {_describe(value)}. Take the number out of it "
              f"(for example with float(...) or .item()).")
    if isinstance(value, tuple):
        _fail(f"{name} should be {wanted}, but it is {_describe(value)}. If a function returned several results "
              f"(for example an estimate and its interval), keep only the one the question asks for.")
    if isinstance(value, (pd.Series, pd.DataFrame, np.ndarray, list)):
        _fail(f"{name} should be {wanted}, but it is {_describe(value)}. Reduce it to the one number the "
              f"question asks for (a sum, a mean, a count or a single entry).")
    if isinstance(value, str):
        _fail(f"{name} should be {wanted}, but it is {_describe(value)}. Write the number without quotes.")
    _fail(f"{name} should be {wanted}, but it is {_describe(value)}.")
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
        _fail(f"{name} is not answered yet: replace the ... with your code, run the cell, then run this check again.")
    wanted = KINDS[kind] + (f" ({units})" if units else "")
    if kind in ("number", "count", "share"):
        number = _one_number(value, name, wanted)
        if isinstance(number, (float, np.floating)) and not math.isfinite(float(number)):
            _fail(f"{name} should be {wanted}, but it is {_show(number)}. Look for a division by zero or an empty selection.")
        if kind == "count":
            if float(number) != int(number):
                _fail(f"{name} should be a whole number, but it is {_show(number)}. A count has no decimals.")
            number = int(number)
        else:
            number = float(number) + 0.0
        if kind == "share":
            if 1 < number <= 100:
                _fail(f"{name} should be a share between 0 and 1, but it is {_show(number)}. If it is a percentage, "
                      f"write {_show(number / 100)} instead of {_show(number)}.")
            low = 0.0 if low is None else low
            high = 1.0 if high is None else high
        suffix = f" ({units})" if units else ""
        if low is not None and high is not None and not low <= number <= high:
            _fail(f"{name} should lie between {_show(low)} and {_show(high)}{suffix}, but it is {_show(number)}.")
        if low is not None and number < low:
            _fail(f"{name} should be at least {_show(low)}{suffix}, but it is {_show(number)}.")
        if high is not None and number > high:
            _fail(f"{name} should be at most {_show(high)}{suffix}, but it is {_show(number)}.")
        return number
    checks = {"text": str, "list": list, "mapping": Mapping, "table": pd.DataFrame}
    if kind == "list" and isinstance(value, (tuple, pd.Series, np.ndarray, pd.Index)):
        _fail(f"{name} should be a list, but it is {_describe(value)}. Turn it into a list with list(...) or sorted(...).")
    if kind == "text" and isinstance(value, (pd.Series, pd.Index, np.ndarray)) and np.size(value) == 1:
        _fail(f"{name} should be a text (str), but it is {_describe(value)}. Take the text out of it (for example with .item()).")
    if not isinstance(value, checks[kind]):
        _fail(f"{name} should be {wanted}, but it is {_describe(value)}.")
    if kind == "mapping" and items is not None:
        missing = [key for key in items if key not in value]
        extra = [key for key in value if key not in items]
        if missing or extra:
            _fail(f"{name} should have one entry for each of {', '.join(map(str, items))}; "
                  + (f"missing: {', '.join(map(str, missing))}" if missing else f"not asked for: {', '.join(map(str, extra))}") + ".")
    if kind == "text" and items is not None and value not in items:
        _fail(f"{name} should be one of {', '.join(map(repr, items))}, but it is {_show(value)}.")
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
        _fail(f"{name} = {shown} is not right yet. {mistakes[key]}")
    _fail(f"{name} = {shown} is not right yet. {hint}")


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
        verb = "is" if wrong == 1 else "are"
        _fail(f"{wrong} of {len(right)} {what} in {name} {verb} not right yet. {hint}")
