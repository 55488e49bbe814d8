"""Questionnaire design and response cleaning (问卷设计与数据清洗), Chapter 4.

- :func:`check_questionnaire`: the checks a questionnaire table must pass before fielding;
- :func:`clean_responses`: the documented rules that drop speeders, straight-liners,
  duplicates and incomplete answers, with a log of who was dropped and why.

The names are also available from :mod:`crmkit.survey`, their first home.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from crmkit._checks import (
    bool_column,
    check_share,
    date_column,
    id_column,
    label_column,
    number_column,
    require_columns,
)

__all__ = ["check_questionnaire", "clean_responses"]


# ----------------------------------------------------------------------------- design


def check_questionnaire(questionnaire: Any) -> list[str]:
    """List what keeps a questionnaire from following the chapter's design rules.

    The rules: columns ``item_id``, ``block``, ``dimension``, ``wording_en``,
    ``wording_zh``, ``scale_min``, ``scale_max``, ``reverse_coded``; unique
    item ids; wording in both languages; at least three dimensions with at
    least two perception items each, one of them reverse-coded somewhere, and
    one expectation item per dimension; perception, expectation and overall
    items on the seven-level scale 1-7; exactly one overall item; exactly one
    NPS item on 0-10.

    Parameters
    ----------
    questionnaire : pandas.DataFrame
        One row per item (like ``crmkit.data.load("survey_questionnaire")``).

    Returns
    -------
    list of str
        The problems found; empty if the design follows every rule.

    Examples
    --------
    >>> from crmkit import data
    >>> check_questionnaire(data.load("survey_questionnaire"))
    []
    >>> check_questionnaire("a list of questions")
    ['questionnaire must be a pandas DataFrame, got str']
    """
    if not isinstance(questionnaire, pd.DataFrame):
        return [f"questionnaire must be a pandas DataFrame, got {type(questionnaire).__name__}"]
    required = ["item_id", "block", "dimension", "wording_en", "wording_zh", "scale_min", "scale_max", "reverse_coded"]
    absent = [column for column in required if column not in questionnaire.columns]
    if absent:
        return [f"missing columns: {absent}"]
    problems = []
    q = questionnaire
    checks = [(id_column, "item_id"), (label_column, "block"), (label_column, "dimension"),
              (number_column, "scale_min"), (number_column, "scale_max"), (bool_column, "reverse_coded")]
    for check, column in checks:
        try:
            check(q, column, "questionnaire")
        except ValueError as error:
            problems.append(str(error))
    if problems:
        return problems  # the rules below need clean columns
    q = q.assign(reverse_coded=bool_column(q, "reverse_coded", "questionnaire"))
    if q["item_id"].duplicated().any():
        problems.append(f"item ids repeat: {sorted(q.loc[q['item_id'].duplicated(), 'item_id'].astype(str))}")
    for language in ("wording_en", "wording_zh"):
        empty = q[q[language].isna() | (q[language].astype(str).str.strip() == "")]
        if len(empty):
            problems.append(f"{language} is empty for {list(empty['item_id'])}")
    seven = q[q["block"].isin(["perception", "expectation", "overall"])]
    off_scale = seven[(seven["scale_min"] != 1) | (seven["scale_max"] != 7)]
    if len(off_scale):
        problems.append(f"not on the seven-level scale 1-7: {list(off_scale['item_id'])}")
    perception = q[q["block"] == "perception"]
    per_dimension = perception.groupby("dimension", observed=True).size()
    if (per_dimension >= 2).sum() < 3:
        problems.append(f"need at least three dimensions with two or more perception items; found {int((per_dimension >= 2).sum())}")
    if not perception["reverse_coded"].astype(bool).any():
        problems.append("no reverse-coded perception item (add one to catch straight-lining)")
    expected = set(q.loc[q["block"] == "expectation", "dimension"])
    lacking = sorted(set(per_dimension.index) - expected, key=str)
    if lacking:
        problems.append(f"no expectation item for the dimensions {lacking}")
    if (q["block"] == "overall").sum() != 1:
        problems.append(f"need exactly one overall satisfaction item; found {int((q['block'] == 'overall').sum())}")
    nps_items = q[q["block"] == "nps"]
    if len(nps_items) != 1:
        problems.append(f"need exactly one NPS item; found {len(nps_items)}")
    elif not (nps_items["scale_min"].iloc[0] == 0 and nps_items["scale_max"].iloc[0] == 10):
        problems.append("the NPS item must be on 0-10")
    return problems


# ----------------------------------------------------------------------------- cleaning


def clean_responses(
    responses: pd.DataFrame,
    questionnaire: pd.DataFrame,
    min_duration_share: float = 0.4,
    max_missing_share: float = 0.25,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply the survey's cleaning rules; return the clean responses and a log.

    Rules, applied in this order (a response is excluded by the first rule it breaks):

    0. *out of range* (cell level): an answer outside the item's
       ``scale_min``..``scale_max`` is set to missing (logged, not excluded);
    1. *duplicate*: a later submission by a customer who already answered;
    2. *speeder*: ``duration_sec`` below ``min_duration_share`` times the median duration;
    3. *straight-liner*: one value for every answered perception item (at least 6 answered);
    4. *too many missing*: more than ``max_missing_share`` of the perception,
       expectation, overall and NPS items missing.

    Parameters
    ----------
    responses : pandas.DataFrame
        Raw responses with ``response_id``, ``customer_id``, ``started_at``,
        ``duration_sec`` and one column per item.
    questionnaire : pandas.DataFrame
        The items, with ``item_id``, ``block``, ``scale_min``, ``scale_max``.
    min_duration_share, max_missing_share : float
        Thresholds of rules 2 and 4, between 0 and 1.

    Returns
    -------
    clean : pandas.DataFrame
        The kept responses (out-of-range answers set to missing), original order.
    log : pandas.DataFrame
        One row per action: ``response_id``, ``rule``, ``action``
        ("excluded" or "set to missing"), ``item`` and ``detail``.

    Examples
    --------
    >>> q = pd.DataFrame({"item_id": ["a", "b"], "block": ["perception", "overall"], "scale_min": [1, 1], "scale_max": [7, 7]})
    >>> r = pd.DataFrame({"response_id": ["S1", "S2"], "customer_id": ["C1", "C1"],
    ...                   "started_at": pd.to_datetime(["2024-07-08 10:00", "2024-07-08 12:00"]),
    ...                   "duration_sec": [400, 390], "a": [5, 6], "b": [6, 9]})
    >>> clean, log = clean_responses(r, q)
    >>> list(clean["response_id"]), log["rule"].tolist()
    (['S1'], ['out of range', 'duplicate'])
    """
    require_columns(responses, ["response_id", "customer_id", "started_at", "duration_sec"], "responses")
    require_columns(questionnaire, ["item_id", "block", "scale_min", "scale_max"], "questionnaire")
    id_column(questionnaire, "item_id", "questionnaire")
    label_column(questionnaire, "block", "questionnaire")
    number_column(questionnaire, "scale_min", "questionnaire")
    number_column(questionnaire, "scale_max", "questionnaire")
    absent = [item for item in questionnaire["item_id"] if item not in responses.columns]
    if absent:
        raise ValueError(f"responses has no column for the items {absent}")
    check_share(min_duration_share, "min_duration_share", low_open=True, high_open=True)
    check_share(max_missing_share, "max_missing_share", low_open=True, high_open=True)
    id_column(responses, "response_id", "responses")
    id_column(responses, "customer_id", "responses")
    number_column(responses, "duration_sec", "responses", low=0)
    for item in questionnaire["item_id"]:
        number_column(responses, item, "responses", allow_missing=True)  # a missing answer is allowed
    # Checked, not converted: the answers keep their dtype (codes stay whole numbers); only text dates are parsed.
    frame = responses.assign(started_at=date_column(responses, "started_at", "responses"))
    log_rows: list[dict[str, Any]] = []
    for item in questionnaire.itertuples(index=False):
        values = frame[item.item_id]
        outside = values.notna() & ((values < item.scale_min) | (values > item.scale_max))
        for index in frame.index[outside.fillna(False).to_numpy(dtype=bool)]:
            log_rows.append({"response_id": frame.at[index, "response_id"], "rule": "out of range", "action": "set to missing",
                             "item": item.item_id, "detail": f"code {values[index]} outside {item.scale_min}-{item.scale_max}"})
        frame[item.item_id] = values.mask(outside.fillna(False))

    excluded = pd.Series(False, index=frame.index)

    def exclude(mask: pd.Series, rule: str, details: pd.Series) -> None:
        for index in frame.index[(mask & ~excluded).to_numpy(dtype=bool)]:
            log_rows.append({"response_id": frame.at[index, "response_id"], "rule": rule, "action": "excluded", "item": "", "detail": details[index]})
        excluded.loc[mask & ~excluded] = True

    order = frame.sort_values(["started_at", "response_id"], kind="stable")
    duplicate = order.duplicated("customer_id", keep="first").reindex(frame.index)
    exclude(duplicate, "duplicate", "another submission by " + frame["customer_id"].astype(str) + " came first")

    threshold = min_duration_share * float(frame["duration_sec"].median())
    speeder = frame["duration_sec"] < threshold
    exclude(speeder, "speeder", frame["duration_sec"].astype(str) + f" s < {threshold:.0f} s")

    grid = questionnaire.loc[questionnaire["block"] == "perception", "item_id"].tolist()
    if grid:
        answers = frame[grid].astype("float64")
        answered = answers.notna().sum(axis=1)
        straight = (answered >= 6) & (answers.nunique(axis=1) == 1)
        exclude(straight, "straight-liner", "the same answer to all " + answered.astype(str) + " perception items")

    core = questionnaire.loc[questionnaire["block"].isin(["perception", "expectation", "overall", "nps"]), "item_id"].tolist()
    share_missing = frame[core].isna().mean(axis=1)
    exclude(share_missing > max_missing_share, "too many missing", (100 * share_missing).round(0).astype(int).astype(str) + "% of core items missing")

    log = pd.DataFrame(log_rows, columns=["response_id", "rule", "action", "item", "detail"])
    clean = frame.loc[~excluded].reset_index(drop=True)
    return clean, log
