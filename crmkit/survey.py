"""Customer-satisfaction surveys: cleaning, reliability, scores, gaps and Kano.

The functions follow a survey from raw answers to decisions:

- cleaning: :func:`clean_responses` (explicit rules, every exclusion logged),
  :func:`reverse_code`, :func:`dimension_scores`;
- reliability: :func:`cronbach_alpha`, :func:`alpha_if_item_dropped`;
- scores: :func:`csat` (top box), :func:`nps`, :func:`nps_breakdown`,
  :func:`nps_interval`, :func:`satisfaction_index` with
  :func:`regression_weights` (ACSI-style 0-100 index);
- the CRM triangle law and priorities: :func:`expectation_gaps`,
  :func:`importance_performance`;
- satisfaction and behaviour: :func:`rate_by_level` (with Wilson intervals);
- factors and levers: :func:`mean_difference` (a factor's association with satisfaction, Welch interval),
  :func:`lever_effects` (what a lever that raises one dimension would change, per yuan);
- Kano: :func:`kano_category`, :func:`kano_coefficients`, :func:`kano_summary`.

Bad input raises :class:`ValueError` naming the argument, column or value at fault.

Examples
--------
>>> from crmkit import survey
>>> survey.nps([10, 9, 8, 7, 6, 3])
0.0
>>> survey.kano_category(1, 5)
'O'
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import (
    DroppedRowsWarning,
    as_date,
    as_float_array,
    as_id_array,
    bool_column,
    check_number,
    check_share,
    check_whole,
    id_column,
    label_column,
    number_column,
    require_columns,
)
from crmkit._compat import synonym
from crmkit.inference import _wilson, mean_difference, z_critical  # mean_difference lives in inference; kept importable here
from crmkit.loyalty import bought_again

# Moved to their own modules; still importable from here.
from crmkit.kano import KANO_TABLE, kano_category, kano_coefficients, kano_summary
from crmkit.questionnaire import check_questionnaire, clean_responses

__all__ = [
    "nps",
    "nps_breakdown",
    "nps_interval",
    "csat",
    "cronbach_alpha",
    "alpha_if_item_dropped",
    "reverse_code",
    "satisfaction_index",
    "regression_weights",
    "check_questionnaire",
    "clean_responses",
    "dimension_scores",
    "expectation_gaps",
    "importance_performance",
    "rate_by_level",
    "repurchased_after",
    "mean_difference",
    "lever_effects",
    "kano_category",
    "kano_coefficients",
    "kano_summary",
    "SEVEN_POINT_LABELS",
    "KANO_TABLE",
]

#: The seven-level satisfaction scale (七级量表), code → (English, Chinese).
SEVEN_POINT_LABELS = {
    1: ("very dissatisfied", "很不满意"),
    2: ("dissatisfied", "不满意"),
    3: ("somewhat dissatisfied", "不太满意"),
    4: ("neutral", "一般"),
    5: ("somewhat satisfied", "较满意"),
    6: ("satisfied", "满意"),
    7: ("very satisfied", "很满意"),
}

#: Martilla & James (1977) quadrant names and the action each calls for.
IPA_ACTIONS = {
    "Concentrate here": "high importance, low performance: fix first",
    "Keep up the good work": "high importance, high performance: protect",
    "Low priority": "low importance, low performance: watch, do not invest",
    "Possible overkill": "low importance, high performance: consider moving resources",
}


# ----------------------------------------------------------------------------- validation helpers


def _as_numbers(values: Any, name: str) -> np.ndarray:
    if isinstance(values, (str, bytes, dict, set)):
        raise ValueError(f"{name} must be a list, array or Series of numbers, got {type(values).__name__}")
    array = np.asarray(pd.Series(values, dtype="object") if not isinstance(values, pd.Series) else values.astype("object"), dtype=object)
    out = np.empty(len(array), dtype=float)
    for i, value in enumerate(array):
        if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
            raise ValueError(f"{name} has a missing value at position {i}; drop or impute missing answers first")
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise ValueError(f"{name} has a non-numeric value {value!r} at position {i}")
        if not np.isfinite(float(value)):
            raise ValueError(f"{name} has a non-finite value {value!r} at position {i}")
        out[i] = float(value)
    if len(out) == 0:
        raise ValueError(f"{name} is empty")
    return out


def _check_codes(values: np.ndarray, low: int, high: int, name: str) -> None:
    not_integer = values != np.round(values)
    if not_integer.any():
        bad = values[not_integer][0]
        raise ValueError(f"{name} must hold whole numbers; found {bad!r}")
    outside = (values < low) | (values > high)
    if outside.any():
        bad = values[outside][0]
        raise ValueError(f"{name} must lie between {low} and {high}; found {bad:g}")


# ----------------------------------------------------------------------------- NPS and CSAT


def nps_breakdown(scores: Iterable[float]) -> pd.Series:
    """Shares of promoters, passives and detractors, and the Net Promoter Score.

    Promoters answer 9 or 10, passives 7 or 8, detractors 0 to 6 on the 0-10
    "how likely are you to recommend" question (Reichheld 2003).

    Parameters
    ----------
    scores : array-like of int
        Answers 0-10, no missing values.

    Returns
    -------
    pandas.Series
        ``promoters``, ``passives``, ``detractors`` (shares in [0, 1]),
        ``nps`` (in [-100, 100]) and ``n``.

    Raises
    ------
    ValueError
        If a score is missing, not a whole number, or outside 0-10.

    Examples
    --------
    >>> nps_breakdown([10, 9, 8, 7, 6, 0]).round(3).to_dict()
    {'promoters': 0.333, 'passives': 0.333, 'detractors': 0.333, 'nps': 0.0, 'n': 6.0}
    """
    values = _as_numbers(scores, "scores")
    _check_codes(values, 0, 10, "scores")
    promoters = float(np.mean(values >= 9))
    detractors = float(np.mean(values <= 6))
    passives = 1.0 - promoters - detractors
    return pd.Series(
        {"promoters": promoters, "passives": passives, "detractors": detractors, "nps": 100 * (promoters - detractors), "n": float(len(values))}
    )


def nps(scores: Iterable[float]) -> float:
    """Net Promoter Score: percentage of promoters minus percentage of detractors.

    Parameters
    ----------
    scores : array-like of int
        Answers 0-10 to the recommendation question, no missing values.

    Returns
    -------
    float
        The NPS, between -100 and 100.

    Raises
    ------
    ValueError
        If a score is missing, not a whole number, or outside 0-10.

    Examples
    --------
    >>> nps([10, 10, 9, 8, 3])
    40.0
    >>> nps([11])
    Traceback (most recent call last):
    ...
    ValueError: scores must lie between 0 and 10; found 11
    """
    return float(nps_breakdown(scores)["nps"])


def nps_interval(scores: Iterable[float], confidence: float = 0.95, *, level: float | None = None) -> tuple[float, float]:
    """Confidence interval for the NPS (normal approximation to the multinomial).

    With promoter share p and detractor share d among n answers, the NPS is
    100 (p - d); its standard error is ``100 * sqrt((p + d - (p - d)**2) / n)``,
    the multinomial variance of a difference of two shares.

    Parameters
    ----------
    scores : array-like of int
        Answers 0-10, no missing values.
    confidence : float, default 0.95
        Confidence level, strictly between 0 and 1. ``level`` is an older name for it.

    Returns
    -------
    tuple of float
        (lower, upper), clipped to [-100, 100].

    Examples
    --------
    >>> low, high = nps_interval([10] * 40 + [8] * 30 + [3] * 30)
    >>> round(low, 1), round(high, 1)
    (-6.3, 26.3)
    """
    confidence = synonym("confidence", confidence, "level", level, default=0.95)
    z = z_critical(confidence, "confidence" if level is None else "level")
    breakdown = nps_breakdown(scores)
    p, d, n = breakdown["promoters"], breakdown["detractors"], breakdown["n"]
    standard_error = 100 * np.sqrt(max(p + d - (p - d) ** 2, 0.0) / n)
    centre = breakdown["nps"]
    return float(max(centre - z * standard_error, -100.0)), float(min(centre + z * standard_error, 100.0))


def csat(scores: Iterable[float], scale_max: int = 5, top_box: int = 2) -> float:
    """CSAT: the share of answers in the top ``top_box`` categories of a 1..``scale_max`` scale.

    Parameters
    ----------
    scores : array-like of int
        Answers on a scale from 1 to ``scale_max``, no missing values.
    scale_max : int
        Highest code of the scale (5 for a five-point scale, 7 for the seven-level scale).
    top_box : int
        How many of the highest categories count as satisfied (2 = "top-2 box").

    Returns
    -------
    float
        A share in [0, 1].

    Examples
    --------
    >>> csat([5, 4, 3, 2, 5])
    0.6
    >>> csat([7, 6, 5, 7], scale_max=7, top_box=1)
    0.5
    """
    scale_max = check_whole(scale_max, "scale_max", low=2)
    top_box = check_whole(top_box, "top_box", low=1)
    if not 1 <= top_box < scale_max:
        raise ValueError(f"top_box must be a whole number from 1 to scale_max - 1 = {scale_max - 1}, got {top_box}")
    values = _as_numbers(scores, "scores")
    _check_codes(values, 1, scale_max, "scores")
    return float(np.mean(values > scale_max - top_box))


# ----------------------------------------------------------------------------- reliability


def _item_frame(items: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(items, pd.DataFrame):
        raise ValueError(f"items must be a DataFrame with one column per item, got {type(items).__name__}")
    if items.shape[1] < 2:
        raise ValueError(f"items needs at least two item columns, got {items.shape[1]}")
    for column in items.columns:
        if not pd.api.types.is_numeric_dtype(items[column]) or items[column].dtype == bool:
            raise ValueError(f"item column {column!r} is not numeric")
        number_column(items, column, "items", allow_missing=True)  # no infinity
    return items.astype("float64")


def _missing_per_column(frame: pd.DataFrame) -> dict:
    counts = frame.isna().sum()
    return {column: int(count) for column, count in counts.items() if count}


def cronbach_alpha(items: pd.DataFrame) -> float:
    """Cronbach's (1951) coefficient alpha of a set of items (raw, unstandardised).

    ``alpha = k / (k - 1) * (1 - sum of item variances / variance of the total score)``,
    with sample variances (ddof = 1). Rows with any missing item are dropped
    first (listwise deletion); a warning says how many.

    Parameters
    ----------
    items : pandas.DataFrame
        One column per item, one row per respondent; reverse-coded items must
        already be reversed.

    Returns
    -------
    float
        Alpha (at most 1; negative if items disagree).

    Raises
    ------
    ValueError
        If there are fewer than two items, a non-numeric column, or fewer than
        two complete rows, or the total score does not vary.

    Examples
    --------
    >>> items = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [2, 2, 3, 5], "q3": [1, 3, 3, 4]})
    >>> round(cronbach_alpha(items), 4)  # item variances 5/3, 2, 19/12; total variance 57/4: alpha = 18/19
    0.9474
    """
    frame = _item_frame(items)
    complete = frame.dropna()
    dropped = len(frame) - len(complete)
    if dropped:
        warnings.warn(f"cronbach_alpha dropped {dropped} of {len(frame)} rows with a missing item (listwise); "
                      f"missing per item column: {_missing_per_column(frame)}", DroppedRowsWarning, stacklevel=2)
    if len(complete) < 2:
        raise ValueError(f"items has {len(complete)} complete rows; alpha needs at least two")
    k = complete.shape[1]
    item_variance = complete.var(ddof=1).sum()
    total_variance = complete.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        raise ValueError("the total score does not vary, so alpha is undefined")
    return float(k / (k - 1) * (1 - item_variance / total_variance))


def alpha_if_item_dropped(items: pd.DataFrame) -> pd.Series:
    """Cronbach's alpha of the remaining items when each item in turn is left out.

    Rows with any missing item (among all items) are dropped once, first, so
    every value uses the same respondents.

    Parameters
    ----------
    items : pandas.DataFrame
        At least three item columns.

    Returns
    -------
    pandas.Series
        One alpha per dropped item, indexed by item name.

    Examples
    --------
    >>> items = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [2, 2, 3, 5], "q3": [1, 3, 3, 4]})
    >>> alpha_if_item_dropped(items).round(3).to_dict()
    {'q1': 0.853, 'q2': 0.96, 'q3': 0.952}
    """
    frame = _item_frame(items)
    if frame.shape[1] < 3:
        raise ValueError(f"items needs at least three columns to drop one and keep an alpha, got {frame.shape[1]}")
    complete = frame.dropna()
    dropped = len(frame) - len(complete)
    if dropped:
        warnings.warn(f"alpha_if_item_dropped dropped {dropped} of {len(frame)} rows with a missing item (listwise); "
                      f"missing per item column: {_missing_per_column(frame)}", DroppedRowsWarning, stacklevel=2)
    values = {}
    for column in complete.columns:
        values[column] = cronbach_alpha(complete.drop(columns=column))
    return pd.Series(values, name="alpha_if_dropped")


def reverse_code(values: Any, scale_min: int, scale_max: int) -> Any:
    """Reverse-code answers: ``scale_min + scale_max - value`` (missing stays missing).

    Parameters
    ----------
    values : scalar, array-like or pandas.Series
        Answers on the scale ``scale_min`` .. ``scale_max``.
    scale_min, scale_max : int
        The scale's end codes, e.g. 1 and 7.

    Returns
    -------
    Same kind as ``values``.

    Raises
    ------
    ValueError
        If ``scale_min >= scale_max`` or a value lies outside the scale.

    Examples
    --------
    >>> reverse_code(2, 1, 7)
    6
    >>> reverse_code(pd.Series([1, 7, None], dtype="Int64"), 1, 7).tolist()
    [7, 1, <NA>]
    """
    check_number(scale_min, "scale_min")
    check_number(scale_max, "scale_max")
    if scale_min >= scale_max:
        raise ValueError(f"scale_min ({scale_min}) must be below scale_max ({scale_max})")
    if isinstance(values, (str, bytes, dict, set)):
        raise ValueError(f"values must be answers (a number, list, array or Series), got {values!r}")
    if np.isscalar(values):
        check_number(values, "values")
        if not scale_min <= values <= scale_max:
            raise ValueError(f"value {values} lies outside the scale {scale_min}-{scale_max}")
        return scale_min + scale_max - values
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    as_float_array(series, "values", allow_missing=True)  # numbers or missing answers; no text, no infinity
    present = series.dropna()
    outside = present[(present < scale_min) | (present > scale_max)]
    if len(outside):
        raise ValueError(f"value {outside.iloc[0]} lies outside the scale {scale_min}-{scale_max}")
    result = scale_min + scale_max - series
    return result if isinstance(values, pd.Series) else result.to_numpy()


# ----------------------------------------------------------------------------- index and weights


def _aligned(means: Any, weights: Any) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(means, Mapping):
        means = pd.Series(means)
    if isinstance(weights, Mapping):
        weights = pd.Series(weights)
    if isinstance(means, pd.Series) and isinstance(weights, pd.Series):
        missing = sorted(set(means.index) ^ set(weights.index))
        if missing:
            raise ValueError(f"means and weights name different dimensions: {missing}")
        weights = weights.reindex(means.index)
    m = np.atleast_1d(as_float_array(means, "means")).ravel()
    w = np.atleast_1d(as_float_array(weights, "weights")).ravel()
    if len(m) != len(w):
        raise ValueError(f"means has {len(m)} values but weights has {len(w)}")
    if len(m) == 0:
        raise ValueError("means is empty")
    return m, w


def satisfaction_index(means: Any, weights: Any, scale_min: float, scale_max: float) -> float:
    """An ACSI-style 0-100 satisfaction index from dimension means.

    The weighted mean of the dimension means (weights normalised to sum to 1)
    is rescaled so that ``scale_min`` maps to 0 and ``scale_max`` to 100:
    ``100 * (sum(w * m) / sum(w) - scale_min) / (scale_max - scale_min)``.

    Parameters
    ----------
    means : array-like, dict or pandas.Series
        Mean score of each dimension, on the scale ``scale_min``..``scale_max``.
    weights : array-like, dict or pandas.Series
        Non-negative weights, not all zero; Series/dicts are matched by name.
    scale_min, scale_max : float
        The scale's ends, e.g. 1 and 7.

    Returns
    -------
    float
        The index, between 0 and 100.

    Examples
    --------
    >>> round(satisfaction_index([6.0, 4.0], [0.5, 0.5], 1, 7), 2)
    66.67
    >>> satisfaction_index({"product": 7, "service": 1}, {"service": 1, "product": 3}, 1, 7)
    75.0
    """
    check_number(scale_min, "scale_min")
    check_number(scale_max, "scale_max")
    if scale_min >= scale_max:
        raise ValueError(f"scale_min ({scale_min}) must be below scale_max ({scale_max})")
    m, w = _aligned(means, weights)
    if np.isnan(m).any() or np.isnan(w).any():
        raise ValueError("means and weights must not contain missing values")
    if (w < 0).any():
        raise ValueError(f"weights must be non-negative; found {w[w < 0][0]:g}")
    if w.sum() == 0:
        raise ValueError("weights are all zero")
    if ((m < scale_min) | (m > scale_max)).any():
        bad = m[(m < scale_min) | (m > scale_max)][0]
        raise ValueError(f"a mean of {bad:g} lies outside the scale {scale_min}-{scale_max}")
    weighted = float(np.sum(w * m) / np.sum(w))
    return 100 * (weighted - scale_min) / (scale_max - scale_min)


def regression_weights(drivers: pd.DataFrame, overall: pd.Series) -> pd.DataFrame:
    """Derive index weights by regressing overall satisfaction on dimension scores.

    Ordinary least squares with an intercept on the complete rows. Each
    dimension's weight is its coefficient divided by the sum of the
    coefficients; a negative coefficient gets weight 0 (with a warning), since an
    index weight cannot be negative.

    Parameters
    ----------
    drivers : pandas.DataFrame
        One column per dimension score.
    overall : pandas.Series
        Overall satisfaction, aligned with ``drivers`` by index.

    Returns
    -------
    pandas.DataFrame
        Indexed by dimension: ``coefficient``, ``std_error``, ``weight``.
        ``attrs["n"]`` is the number of rows used, ``attrs["r_squared"]`` the fit and
        ``attrs["left_out"]`` the incomplete rows left out (``rows``, and missing values per column).

    Examples
    --------
    >>> drivers = pd.DataFrame({"a": [1.0, 2, 3, 4, 5, 6], "b": [2.0, 1, 4, 3, 6, 5]})
    >>> overall = 1 + 2 * drivers["a"] + 1 * drivers["b"]
    >>> regression_weights(drivers, overall)["weight"].round(3).to_dict()
    {'a': 0.667, 'b': 0.333}
    """
    if not isinstance(drivers, pd.DataFrame):
        raise ValueError("drivers must be a DataFrame with one column per dimension")
    if isinstance(overall, (str, bytes, dict, set)) or np.ndim(overall) != 1:
        raise ValueError(f"overall must be one overall score per row (a Series or list), got {type(overall).__name__}")
    if len(drivers) != len(overall):
        raise ValueError(f"drivers has {len(drivers)} rows but overall has {len(overall)}")
    checked = {column: number_column(drivers, column, "drivers", allow_missing=True) for column in drivers.columns}
    overall_values = as_float_array(overall, "overall", allow_missing=True)
    data = pd.concat([pd.DataFrame(checked, index=drivers.index),
                      pd.Series(overall_values, index=drivers.index, name="__overall")], axis=1)
    complete = data.notna().all(axis=1)
    # Incomplete rows are left out as documented ("on the complete rows") and counted in attrs["left_out"]; no
    # warning, because the labs pass surveys with skipped answers on purpose.
    left_out = {"rows": int((~complete).sum()), **_missing_per_column(data.rename(columns={"__overall": "overall"}))}
    data = data[complete]
    k = drivers.shape[1]
    if len(data) <= k + 1:
        raise ValueError(f"only {len(data)} complete rows for {k} drivers; need more than {k + 1}")
    x = np.column_stack([np.ones(len(data)), data.iloc[:, :k].to_numpy()])
    y = data["__overall"].to_numpy()
    coefficients, *_ = np.linalg.lstsq(x, y, rcond=None)
    residuals = y - x @ coefficients
    sigma2 = residuals @ residuals / (len(y) - k - 1)
    std_errors = np.sqrt(np.diag(sigma2 * np.linalg.inv(x.T @ x)))
    slopes = coefficients[1:]
    if (slopes < 0).any():
        negative = [name for name, value in zip(drivers.columns, slopes) if value < 0]
        warnings.warn(f"negative coefficients for {negative} set to weight 0", stacklevel=2)
    clipped = np.clip(slopes, 0, None)
    if clipped.sum() == 0:
        raise ValueError("no driver has a positive coefficient; weights are undefined")
    table = pd.DataFrame({"coefficient": slopes, "std_error": std_errors[1:], "weight": clipped / clipped.sum()}, index=drivers.columns)
    table.index.name = "dimension"
    table.attrs["n"] = int(len(y))
    table.attrs["left_out"] = left_out
    table.attrs["r_squared"] = float(1 - residuals @ residuals / ((y - y.mean()) @ (y - y.mean())))
    return table


def _checked_questionnaire(questionnaire: pd.DataFrame) -> pd.DataFrame:
    """The questionnaire's item table with its columns checked (ids, labels, numbers, True/False flags)."""
    require_columns(questionnaire, ["item_id", "block", "dimension", "scale_min", "scale_max", "reverse_coded"],
                    "questionnaire")
    id_column(questionnaire, "item_id", "questionnaire")
    label_column(questionnaire, "block", "questionnaire")
    label_column(questionnaire, "dimension", "questionnaire")
    return questionnaire.assign(scale_min=number_column(questionnaire, "scale_min", "questionnaire"),
                                scale_max=number_column(questionnaire, "scale_max", "questionnaire"),
                                reverse_coded=bool_column(questionnaire, "reverse_coded", "questionnaire"))


def dimension_scores(responses: pd.DataFrame, questionnaire: pd.DataFrame, block: str = "perception") -> pd.DataFrame:
    """Per-respondent mean of each dimension's items, reverse-coded items reversed.

    A respondent's dimension score is the mean of the items they answered in
    that dimension (missing if they answered none).

    Parameters
    ----------
    responses : pandas.DataFrame
        Clean responses, one column per item.
    questionnaire : pandas.DataFrame
        Items with ``item_id``, ``block``, ``dimension``, ``scale_min``,
        ``scale_max`` and ``reverse_coded``.
    block : str
        Which block to score: "perception" (default) or "expectation".

    Returns
    -------
    pandas.DataFrame
        One column per dimension, same index as ``responses``.

    Examples
    --------
    >>> q = pd.DataFrame({"item_id": ["a", "b"], "block": "perception", "dimension": "product",
    ...                   "scale_min": 1, "scale_max": 7, "reverse_coded": [False, True]})
    >>> dimension_scores(pd.DataFrame({"a": [6, 2], "b": [2, 6]}), q)["product"].tolist()
    [6.0, 2.0]
    """
    questionnaire = _checked_questionnaire(questionnaire)
    if not isinstance(responses, pd.DataFrame):
        raise ValueError(f"responses must be a pandas DataFrame, got {type(responses).__name__}")
    items = questionnaire[questionnaire["block"] == block]
    if items.empty:
        raise ValueError(f"the questionnaire has no items in block {block!r}")
    scores = {}
    for dimension, group in items.groupby("dimension", sort=False, observed=True):
        columns = []
        for item in group.itertuples(index=False):
            if item.item_id not in responses.columns:
                raise ValueError(f"responses has no column for item {item.item_id!r}")
            values = number_column(responses, item.item_id, "responses", allow_missing=True)  # missing answers are kept
            columns.append(reverse_code(values, item.scale_min, item.scale_max) if item.reverse_coded else values)
        scores[dimension] = pd.concat(columns, axis=1).mean(axis=1)
    return pd.DataFrame(scores, index=responses.index)


def expectation_gaps(responses: pd.DataFrame, questionnaire: pd.DataFrame) -> pd.DataFrame:
    """The CRM triangle law per dimension: perception minus expectation.

    Parameters
    ----------
    responses, questionnaire : pandas.DataFrame
        As for :func:`dimension_scores`; the questionnaire needs perception and
        expectation items for the same dimensions.

    Returns
    -------
    pandas.DataFrame
        Indexed by dimension: ``expectation``, ``perception`` (means over
        respondents), ``gap`` = perception - expectation (negative: the shop
        falls short), ``share_below`` (share of respondents whose own
        perception is below their own expectation) and ``n``.

    Examples
    --------
    >>> q = pd.DataFrame({"item_id": ["p", "e"], "block": ["perception", "expectation"], "dimension": "delivery",
    ...                   "scale_min": 1, "scale_max": 7, "reverse_coded": False})
    >>> expectation_gaps(pd.DataFrame({"p": [5, 4], "e": [6, 6]}), q)["gap"].tolist()
    [-1.5]
    """
    perception = dimension_scores(responses, questionnaire, "perception")
    expectation = dimension_scores(responses, questionnaire, "expectation")
    common = [d for d in perception.columns if d in expectation.columns]
    if not common:
        raise ValueError("no dimension has both perception and expectation items")
    rows = {}
    for dimension in common:
        both = pd.concat([perception[dimension], expectation[dimension]], axis=1, keys=["p", "e"]).dropna()
        rows[dimension] = {
            "expectation": both["e"].mean(),
            "perception": both["p"].mean(),
            "gap": both["p"].mean() - both["e"].mean(),
            "share_below": float((both["p"] < both["e"]).mean()),
            "n": len(both),
        }
    table = pd.DataFrame(rows).T
    table["n"] = table["n"].astype(int)
    table.index.name = "dimension"
    return table


def importance_performance(importance: Any, performance: Any, importance_cut: float | None = None, performance_cut: float | None = None) -> pd.DataFrame:
    """Importance-performance analysis (Martilla & James 1977): quadrant and action per attribute.

    Parameters
    ----------
    importance, performance : pandas.Series or dict
        One value per attribute, matched by name.
    importance_cut, performance_cut : float, optional
        Where the cross-hairs go; default: the mean over attributes (the
        data-centred grid). Pass the scale midpoint for a scale-centred grid.

    Returns
    -------
    pandas.DataFrame
        ``importance``, ``performance``, ``quadrant`` and ``action``, sorted
        with "Concentrate here" first.

    Examples
    --------
    >>> table = importance_performance({"a": 0.4, "b": 0.1}, {"a": 4.5, "b": 5.5})
    >>> table["quadrant"].to_dict()
    {'a': 'Concentrate here', 'b': 'Possible overkill'}
    """
    imp, perf = pd.Series(importance), pd.Series(performance)
    imp = pd.Series(as_float_array(imp, "importance"), index=imp.index, dtype="float64")
    perf = pd.Series(as_float_array(perf, "performance"), index=perf.index, dtype="float64")
    mismatch = sorted(set(imp.index) ^ set(perf.index))
    if mismatch:
        raise ValueError(f"importance and performance name different attributes: {mismatch}")
    if imp.isna().any() or perf.isna().any():
        raise ValueError("importance and performance must not contain missing values")
    perf = perf.reindex(imp.index)
    i_cut = float(imp.mean()) if importance_cut is None else check_number(importance_cut, "importance_cut")
    p_cut = float(perf.mean()) if performance_cut is None else check_number(performance_cut, "performance_cut")
    quadrant = np.where(
        imp >= i_cut,
        np.where(perf >= p_cut, "Keep up the good work", "Concentrate here"),
        np.where(perf >= p_cut, "Possible overkill", "Low priority"),
    )
    table = pd.DataFrame({"importance": imp, "performance": perf, "quadrant": quadrant})
    table["action"] = table["quadrant"].map(IPA_ACTIONS)
    priority = {name: rank for rank, name in enumerate(IPA_ACTIONS)}
    table = table.sort_values(["quadrant", "importance"], key=lambda s: s.map(priority) if s.name == "quadrant" else -s, kind="stable")
    table.attrs["importance_cut"] = i_cut
    table.attrs["performance_cut"] = p_cut
    return table


# ----------------------------------------------------------------------------- satisfaction and behaviour


def rate_by_level(levels: pd.Series, outcome: pd.Series, confidence: float = 0.95, *, level: float | None = None) -> pd.DataFrame:
    """Share of a yes/no outcome (e.g. repurchase) at each satisfaction level, with Wilson intervals.

    Parameters
    ----------
    levels : pandas.Series
        The grouping, e.g. overall satisfaction 1..7; rows with a missing level are left out (counted in ``attrs``).
    outcome : pandas.Series
        0/1 or bool, aligned with ``levels``, no missing values.
    confidence : float, default 0.95
        Confidence level of the Wilson (1927) score interval
        (:func:`crmkit.inference.proportion_interval`). ``level`` is an older name for it.

    Returns
    -------
    pandas.DataFrame
        Indexed by level: ``n``, ``rate``, ``low``, ``high``.

    Examples
    --------
    >>> table = rate_by_level(pd.Series([1, 1, 2, 2]), pd.Series([0, 1, 1, 1]))
    >>> table["rate"].tolist()
    [0.5, 1.0]
    """
    if len(levels) != len(outcome):
        raise ValueError(f"levels has {len(levels)} rows but outcome has {len(outcome)}")
    confidence = synonym("confidence", confidence, "level", level, default=0.95)
    z_critical(confidence, "confidence" if level is None else "level")  # checks it before the work
    y = pd.Series(outcome).reset_index(drop=True)
    if y.isna().any():
        raise ValueError("outcome has missing values")
    y = y.astype("float64")
    if not y.isin([0.0, 1.0]).all():
        raise ValueError(f"outcome must be 0/1 or bool; found {y[~y.isin([0.0, 1.0])].iloc[0]}")
    x = pd.Series(levels).reset_index(drop=True)
    present = x.dropna()
    numeric = present.map(lambda value: isinstance(value, (int, float, np.integer, np.floating))
                          and not isinstance(value, (bool, np.bool_)))
    if numeric.any() and not numeric.all():
        raise ValueError(f"levels mixes numbers and text, e.g. {present[~numeric].iloc[0]!r}: give one kind of level")
    if numeric.any():
        as_float_array(present, "levels")  # no infinity
    keep = x.notna()  # rows without a level are left out as documented and counted in attrs["missing_levels"]
    grouped = y[keep].groupby(x[keep])
    n = grouped.size()
    rate = grouped.mean()
    low, high = _wilson(rate, n, confidence)
    table = pd.DataFrame({"n": n, "rate": rate, "low": low, "high": high})
    table.attrs["missing_levels"] = int((~keep).sum())
    return table


def repurchased_after(customer_ids: Iterable[str], orders: pd.DataFrame, start: Any, days: int = 365) -> pd.Series:
    """Whether each customer placed an order in the ``days`` days after ``start``: :func:`crmkit.loyalty.bought_again`.

    The window is ``start < order_date <= start + days``: the behaviour that
    follows a survey which closed on ``start``. If the window runs past the
    last order date, nobody can be judged: the values are ``<NA>`` (and a
    warning says so) rather than a misleading 0.

    Parameters
    ----------
    customer_ids : iterable of str, or one str
        The customers to look up (e.g. the respondents).
    orders : pandas.DataFrame
        With ``customer_id`` and ``order_date`` (datetime).
    start : date-like
        Last day before the window, e.g. the survey's closing day.
    days : int
        Length of the window in days, positive.

    Returns
    -------
    pandas.Series
        0/1 per customer, in the order given, indexed by customer id
        (nullable ``Int64`` with ``<NA>`` when the window cannot be observed).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["C1", "C2", "C2"],
    ...                        "order_date": pd.to_datetime(["2024-08-01", "2024-07-01", "2025-09-01"])})
    >>> repurchased_after(["C1", "C2", "C3"], orders, "2024-07-21").tolist()
    [1, 0, 0]
    >>> repurchased_after("C1", orders, "2024-07-21", days=30).tolist()
    [1]
    """
    ids = pd.Index(as_id_array(customer_ids, "customer_ids"), name="customer_id")
    start = as_date(start, "start")
    require_columns(orders, ["customer_id", "order_date"], "orders")
    check_whole(days, "days", low=1)
    events = pd.DataFrame({"customer_id": ids.to_numpy(), "event_date": start})
    bought = bought_again(events, orders, days)
    if bought.attrs["censored"]:
        warnings.warn(f"repurchased_after: the {days}-day window after {pd.Timestamp(start).date()} runs past the last order "
                      f"({bought.attrs['as_of'].date()}); {bought.attrs['censored']} customer(s) cannot be judged (<NA>)", stacklevel=2)
        return pd.Series(bought.astype("Int64").to_numpy(), index=ids, name="repurchased")
    return pd.Series(bought.to_numpy(dtype=bool).astype(int), index=ids, name="repurchased")


# ----------------------------------------------------------------------------- factors and levers


def lever_effects(weights: pd.DataFrame, levers: pd.DataFrame, confidence: float = 0.95, per: float = 10.0) -> pd.DataFrame:
    """What each lever that raises one dimension's score would change in overall satisfaction, per yuan.

    A lever (e.g. a faster courier) is assumed to raise the mean score of one dimension (e.g. delivery) by
    ``effect`` points at a cost of ``cost`` CNY per order. Through the driver regression
    (:func:`regression_weights`), overall satisfaction would change by ``coefficient × effect``, with the
    interval ``(coefficient ± z · std_error) × effect``; dividing by the cost and multiplying by ``per``
    gives the change per ``per`` CNY per order, the figure to rank levers by. The result is a prediction
    from observational data and from assumed effects: a randomised test is what shows a lever's effect.

    Parameters
    ----------
    weights : pandas.DataFrame
        Indexed by dimension, with ``coefficient`` and ``std_error`` (the output of :func:`regression_weights`).
    levers : pandas.DataFrame
        One row per lever: ``lever`` (name), ``dimension`` (an index entry of ``weights``), ``effect``
        (assumed rise of the dimension score, in scale points) and ``cost`` (CNY per order, positive).
    confidence : float, default 0.95
        Confidence level of the interval (normal approximation), strictly between 0 and 1.
    per : float, default 10.0
        The cost unit of ``change_per_cost``, in CNY per order.

    Returns
    -------
    pandas.DataFrame
        Indexed by lever: ``dimension``, ``effect``, ``cost``, ``change``, ``low``, ``high`` and
        ``change_per_cost`` (change in overall satisfaction per ``per`` CNY), best first.

    Examples
    --------
    >>> weights = pd.DataFrame({"coefficient": [0.6, 0.15], "std_error": [0.05, 0.05]}, index=["product", "delivery"])
    >>> levers = pd.DataFrame({"lever": ["better tea", "faster courier"], "dimension": ["product", "delivery"],
    ...                        "effect": [0.3, 0.5], "cost": [6.0, 2.0]})
    >>> lever_effects(weights, levers)["change_per_cost"].round(3).to_dict()
    {'faster courier': 0.375, 'better tea': 0.3}
    """
    if not isinstance(weights, pd.DataFrame):
        raise ValueError("weights must be a DataFrame indexed by dimension (the output of regression_weights)")
    require_columns(weights, ["coefficient", "std_error"], "weights")
    coefficient = number_column(weights, "coefficient", "weights")
    std_error = number_column(weights, "std_error", "weights", low=0)
    require_columns(levers, ["lever", "dimension", "effect", "cost"], "levers", allow_empty=False)
    names = id_column(levers, "lever", "levers")
    repeated = names.duplicated()
    if repeated.any():
        raise ValueError(f"levers['lever'] must name each lever once: {int(repeated.sum())} of {len(levers)} rows "
                         f"repeat a name, e.g. {names[repeated].iloc[0]!r}")
    dimensions = label_column(levers, "dimension", "levers")
    unknown = ~dimensions.isin(weights.index)
    if unknown.any():
        raise ValueError(f"levers['dimension'] names a dimension that weights does not have "
                         f"({sorted(map(str, weights.index))}): {int(unknown.sum())} of {len(levers)} rows, "
                         f"e.g. {dimensions[unknown].iloc[0]!r}")
    effect = number_column(levers, "effect", "levers")
    cost = number_column(levers, "cost", "levers", low=0, low_open=True)
    confidence = check_share(confidence, "confidence", low_open=True, high_open=True)
    per = check_number(per, "per", low=0, low_open=True)
    z = z_critical(confidence)
    slope = coefficient.reindex(dimensions).to_numpy()
    spread = z * std_error.reindex(dimensions).to_numpy()
    change = slope * effect.to_numpy()
    ends = np.stack([(slope - spread) * effect.to_numpy(), (slope + spread) * effect.to_numpy()])
    table = pd.DataFrame({"dimension": dimensions.to_numpy(), "effect": effect.to_numpy(), "cost": cost.to_numpy(),
                          "change": change, "low": ends.min(axis=0), "high": ends.max(axis=0),
                          "change_per_cost": change / cost.to_numpy() * per}, index=pd.Index(names.to_numpy(), name="lever"))
    table.attrs["per"] = per
    return table.sort_values("change_per_cost", ascending=False, kind="stable")
