"""The Kano model (卡诺模型) of Chapter 4: how a feature's presence and absence move satisfaction.

- :data:`KANO_TABLE`: Berger et al.'s (1993) evaluation table;
- :func:`kano_category`: the category of each (functional, dysfunctional) answer pair;
- :func:`kano_coefficients`: Berger's better and worse coefficients;
- :func:`kano_summary`: categories and coefficients per feature from a survey.

The names are also available from :mod:`crmkit.survey`, their first home.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import as_id_array, number_column

__all__ = ["KANO_TABLE", "kano_category", "kano_coefficients", "kano_summary"]

#: Berger et al. (1993) Kano evaluation table. Rows: answer to the functional
#: question; columns: answer to the dysfunctional question. Codes 1 like,
#: 2 must-be (I expect it), 3 neutral, 4 live with, 5 dislike.
KANO_TABLE = {
    1: {1: "Q", 2: "A", 3: "A", 4: "A", 5: "O"},
    2: {1: "R", 2: "I", 3: "I", 4: "I", 5: "M"},
    3: {1: "R", 2: "I", 3: "I", 4: "I", 5: "M"},
    4: {1: "R", 2: "I", 3: "I", 4: "I", 5: "M"},
    5: {1: "R", 2: "R", 3: "R", 4: "R", 5: "Q"},
}


# ----------------------------------------------------------------------------- Kano


def _kano_one(functional: Any, dysfunctional: Any) -> str:
    for name, value in (("functional", functional), ("dysfunctional", dysfunctional)):
        if isinstance(value, (bool, np.bool_)) or value not in (1, 2, 3, 4, 5):
            raise ValueError(f"{name} answer must be a code 1-5 (1 like, 2 must-be, 3 neutral, 4 live with, 5 dislike); got {value!r}")
    return KANO_TABLE[int(functional)][int(dysfunctional)]


def kano_category(functional: Any, dysfunctional: Any) -> Any:
    """Kano category from a functional/dysfunctional answer pair (Berger et al. 1993).

    Answer codes: 1 "I like it", 2 "I expect it" (must-be), 3 "I am neutral",
    4 "I can live with it", 5 "I dislike it". Categories: A attractive
    (魅力质量), O one-dimensional (期望质量), M must-be (必备质量), I indifferent
    (无差异质量), R reverse (反向质量), Q questionable (可疑结果).

    Parameters
    ----------
    functional, dysfunctional : int or array-like of int
        The answers when the feature is present / absent.

    Returns
    -------
    str, or numpy.ndarray of str for array input.

    Raises
    ------
    ValueError
        If an answer is not one of the codes 1-5 (missing included).

    Examples
    --------
    >>> kano_category(1, 4), kano_category(2, 5), kano_category(3, 3), kano_category(5, 1)
    ('A', 'M', 'I', 'R')
    >>> kano_category([1, 1], [5, 1]).tolist()
    ['O', 'Q']
    """
    if np.isscalar(functional) and np.isscalar(dysfunctional):
        return _kano_one(functional, dysfunctional)
    f = list(functional)
    d = list(dysfunctional)
    if len(f) != len(d):
        raise ValueError(f"functional has {len(f)} answers but dysfunctional has {len(d)}")
    return np.array([_kano_one(a, b) for a, b in zip(f, d)], dtype=object)


def kano_coefficients(categories: Iterable[str]) -> tuple[float, float]:
    """Customer-satisfaction coefficients CS+ and CS- (Berger et al. 1993).

    ``CS+ = (A + O) / (A + O + M + I)`` (how much satisfaction the feature can
    add), ``CS- = -(O + M) / (A + O + M + I)`` (how much dissatisfaction its
    absence causes). R and Q answers are left out of both.

    Parameters
    ----------
    categories : iterable of str
        Categories "A", "O", "M", "I", "R", "Q", one per respondent.

    Returns
    -------
    tuple of float
        (CS+, CS-), CS+ in [0, 1] and CS- in [-1, 0].

    Examples
    --------
    >>> kano_coefficients(["A", "A", "O", "M", "I", "R"])
    (0.6, -0.4)
    """
    if isinstance(categories, (str, bytes)):
        raise ValueError(f"categories must be a list of categories (A, O, M, I, R, Q), got the text {categories!r}")
    values = list(categories)
    unknown = sorted({c for c in values if c not in ("A", "O", "M", "I", "R", "Q")}, key=str)
    if unknown:
        raise ValueError(f"categories must be A, O, M, I, R or Q; found {unknown}")
    counts = {c: values.count(c) for c in "AOMI"}
    total = sum(counts.values())
    if total == 0:
        raise ValueError("no A, O, M or I answer: the coefficients are undefined")
    cs_plus = (counts["A"] + counts["O"]) / total
    cs_minus = -(counts["O"] + counts["M"]) / total
    return float(cs_plus), float(cs_minus)


def kano_summary(responses: pd.DataFrame, features: Iterable[str]) -> pd.DataFrame:
    """Kano category counts, the most frequent category and CS+/CS- per feature.

    For feature ``f`` the responses must have the columns ``kano_<f>_func`` and
    ``kano_<f>_dysf``. Respondents who skipped either question are left out
    (counted in ``answered``).

    Parameters
    ----------
    responses : pandas.DataFrame
        Clean responses.
    features : iterable of str
        Feature ids.

    Returns
    -------
    pandas.DataFrame
        One row per feature: counts of A, O, M, I, R, Q, ``answered``,
        ``category`` (the most frequent of A, O, M, I), ``cs_plus``, ``cs_minus``.

    Examples
    --------
    >>> r = pd.DataFrame({"kano_gift_func": [1, 1, 3], "kano_gift_dysf": [3, 5, 3]})
    >>> kano_summary(r, ["gift"]).loc["gift", ["A", "O", "I", "category"]].astype(str).tolist()
    ['1', '1', '1', 'A']
    """
    if not isinstance(responses, pd.DataFrame):
        raise ValueError(f"responses must be a pandas DataFrame, got {type(responses).__name__}")
    rows = {}
    for feature in as_id_array(features, "features"):
        func, dysf = f"kano_{feature}_func", f"kano_{feature}_dysf"
        for column in (func, dysf):
            if column not in responses.columns:
                raise ValueError(f"responses has no column {column!r} for feature {feature!r}")
            number_column(responses, column, "responses", allow_missing=True)  # codes or missing answers only
        pairs = responses[[func, dysf]].astype("float64").dropna()
        categories = kano_category(pairs[func].astype(int).tolist(), pairs[dysf].astype(int).tolist())
        counts = {c: int((categories == c).sum()) for c in "AOMIRQ"}
        cs_plus, cs_minus = kano_coefficients(list(categories))
        main = max("AOMI", key=lambda c: counts[c])
        rows[feature] = {**counts, "answered": len(pairs), "category": main, "cs_plus": cs_plus, "cs_minus": cs_minus}
    table = pd.DataFrame(rows).T
    for column in list("AOMIRQ") + ["answered"]:
        table[column] = table[column].astype(int)
    for column in ("cs_plus", "cs_minus"):
        table[column] = table[column].astype(float)
    table.index.name = "feature"
    return table
