"""Customer identification and segmentation (客户识别与细分).

The tools of Chapter 2, each small enough to read in one sitting:

- :func:`relationship_stage`: potential, target, first-time, repeat, loyal and
  lost customers (潜在/目标/首次购买/重复购买/忠诚/流失客户) from registrations and orders;
- :func:`lifecycle_stages`: the four relationship life-cycle stages of Chapter 6
  (identification, development, stability, decline; 客户关系生命周期). Both stage
  classifiers read the history with one day rule, :func:`observed_by`
  (``include_as_of``), so they agree on what happened by ``as_of``;
- :func:`rfm_table`, :func:`rfm_scores`, :func:`rfm_segment`: recency, frequency
  and monetary value, their 1–5 scores and named segments;
- :func:`top_share`, :func:`abc_classes`: the 20/80 rule (二八法则) and ABC classes;
- :func:`value_tiers`: most valuable, most growable and below-zero customers
  (Peppers & Rogers' MVC / MGC / BZ);
- :func:`importance_score`: the slides' weighted scoring of customer importance (加权评分);
- :func:`log_scaled`: features for clustering (log, then standardised).

Examples
--------
>>> import pandas as pd
>>> orders = pd.DataFrame({
...     "customer_id": ["a", "a", "b"],
...     "order_date": pd.to_datetime(["2025-01-01", "2025-03-01", "2025-02-01"]),
...     "amount": [100.0, 50.0, 80.0],
... })
>>> rfm_table(orders, as_of="2025-03-31")  # doctest: +NORMALIZE_WHITESPACE
             recency_days  frequency  monetary
customer_id
a                      30          2     150.0
b                      58          1      80.0
>>> round(top_share([90, 5, 3, 2], share=0.25), 2)
0.9
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import (
    DroppedRowsWarning,
    as_date,
    as_date_array,
    as_float_array,
    bool_column,
    check_choice,
    check_number,
    check_share,
    check_whole,
    date_column,
    id_column,
    number_column,
    require_columns,
)
from crmkit._compat import orders_synonym

__all__ = [
    "relationship_stage",
    "lifecycle_stages",
    "observed_by",
    "LIFECYCLE_STAGES",
    "LIFECYCLE_STRATEGY",
    "rfm_table",
    "rfm_scores",
    "rfm_segment",
    "top_share",
    "abc_classes",
    "value_tiers",
    "importance_score",
    "log_scaled",
]

#: The relationship stages, from furthest to closest to the shop, then lost.
STAGES = ("potential", "target", "first-time", "repeat", "loyal", "lost")


def _values(values: Any, what: str = "values") -> pd.Series:
    array = np.atleast_1d(as_float_array(values, what))
    if array.ndim != 1:
        raise ValueError(f"{what} must be one value per entry (1-dimensional), got shape {array.shape}")
    if len(array) == 0:
        raise ValueError(f"{what} is empty")
    return pd.Series(array, index=values.index if isinstance(values, pd.Series) else None, name=getattr(values, "name", None))


# ---------------------------------------------------------------------------
# RFM
# ---------------------------------------------------------------------------


@orders_synonym
def rfm_table(
    orders: pd.DataFrame,
    customer: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount",
    as_of: Any = None,
) -> pd.DataFrame:
    """Recency, frequency and monetary value of each customer as of a day.

    - ``recency_days``: days from the customer's last purchase to ``as_of`` (0 = bought that day);
    - ``frequency``: number of orders (rows) up to ``as_of``;
    - ``monetary``: total amount spent up to ``as_of``.

    Transactions after ``as_of`` are left out, and a warning says how many.
    Customers who never bought have no row: RFM describes buyers only.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order.
        ``transactions=`` is its older name, still accepted as a synonym.
    customer, date, amount : str
        Column names of the customer key, the order date and the amount paid.
    as_of : date-like, optional
        The analysis date; default: the last order date in the data.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (sorted), columns ``recency_days`` (int),
        ``frequency`` (int) and ``monetary`` (float).

    Raises
    ------
    ValueError
        If a column is missing, the table is empty, an amount is negative or
        missing, or no order falls on or before ``as_of``.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "b"], "order_date": pd.to_datetime(["2025-01-01", "2025-01-05"]),
    ...                        "amount": [10.0, 20.0]})
    >>> rfm_table(orders)["recency_days"].tolist()
    [4, 0]
    """
    require_columns(orders, [customer, date, amount], "orders", allow_empty=False)
    id_column(orders, customer, "orders")
    dates = date_column(orders, date, "orders").dt.normalize()
    spend = number_column(orders, amount, "orders", low=0)
    as_of = dates.max() if as_of is None else as_date(as_of, "as_of").normalize()
    kept = dates <= as_of
    if not kept.any():
        raise ValueError(f"no transaction falls on or before as_of={as_of.date()}")
    if not kept.all():
        # The text starts "left out" as before: labs filter on it.
        warnings.warn(f"left out {int((~kept).sum())} transaction(s) after as_of={as_of.date()}", DroppedRowsWarning,
                      stacklevel=2)
    frame = pd.DataFrame({"customer": orders[customer].to_numpy(), "date": dates.to_numpy(), "amount": spend.to_numpy()})
    frame = frame[kept.to_numpy()]
    grouped = frame.groupby("customer", sort=True)
    table = pd.DataFrame(
        {
            "recency_days": (as_of - grouped["date"].max()).dt.days.astype("int64"),
            "frequency": grouped.size().astype("int64"),
            "monetary": grouped["amount"].sum().astype(float),
        }
    )
    table.index.name = customer
    return table


def _score(values: pd.Series, bins: int) -> pd.Series:
    """Score 1..bins from the share of customers with a strictly worse value (ties share a score)."""
    strictly_worse = values.rank(method="min") - 1
    share = strictly_worse / len(values)
    return (1 + np.floor(share * bins)).clip(upper=bins).astype("int64")


def rfm_scores(rfm: pd.DataFrame, bins: int = 5) -> pd.DataFrame:
    """Add integer R, F, M scores (1..bins, higher is better) and the cell label ``rfm_cell``.

    A customer's score is 1 + ⌊bins × (share of customers with a strictly worse
    value)⌋. Ties always get the same score, so where many customers share a
    value (most have bought once) some scores stay empty: with five bins and
    half the customers on one order, every one-time buyer gets F = 1 and the
    next frequency jumps to F = 3. For recency, *fewer* days is better.

    Parameters
    ----------
    rfm : pandas.DataFrame
        A table with ``recency_days``, ``frequency`` and ``monetary``, as
        :func:`rfm_table` makes.
    bins : int
        Number of score levels, 2 to 9 (so that ``rfm_cell`` reads as digits).

    Returns
    -------
    pandas.DataFrame
        A copy of ``rfm`` with ``R``, ``F``, ``M`` (int) and ``rfm_cell``
        (e.g. ``"534"``).

    Raises
    ------
    ValueError
        If a column is missing, the table is empty or ``bins`` is outside 2..9.

    Examples
    --------
    >>> rfm = pd.DataFrame({"recency_days": [5, 50, 500, 5], "frequency": [3, 1, 1, 1],
    ...                     "monetary": [300.0, 80.0, 20.0, 90.0]}, index=list("abcd"))
    >>> rfm_scores(rfm, bins=2)[["R", "F", "M", "rfm_cell"]]
       R  F  M rfm_cell
    a  2  2  2      222
    b  1  1  1      111
    c  1  1  1      111
    d  2  1  2      212
    """
    require_columns(rfm, ["recency_days", "frequency", "monetary"], "rfm", allow_empty=False)
    if isinstance(bins, (bool, np.bool_)) or not isinstance(bins, (int, np.integer)) or not 2 <= bins <= 9:
        raise ValueError(f"bins must be an integer from 2 to 9, got {bins!r}")
    columns = {column: number_column(rfm, column, "rfm") for column in ("recency_days", "frequency", "monetary")}
    scored = rfm.copy()
    scored["R"] = _score(-columns["recency_days"], bins)
    scored["F"] = _score(columns["frequency"], bins)
    scored["M"] = _score(columns["monetary"], bins)
    scored["rfm_cell"] = scored["R"].astype(str) + scored["F"].astype(str) + scored["M"].astype(str)
    return scored


#: Named RFM segments: (name, rule on R and F scores of a 1–5 scale), first match wins.
RFM_SEGMENTS = (
    ("champions", "R ≥ 4 and F ≥ 4"),
    ("loyal", "R ≥ 3 and F ≥ 3"),
    ("new", "R ≥ 4 and F ≤ 2"),
    ("promising", "R = 3 and F ≤ 2"),
    ("at risk", "R ≤ 2 and F ≥ 3"),
    ("hibernating", "R ≤ 2 and F ≤ 2"),
)


def rfm_segment(scores: pd.DataFrame) -> pd.Series:
    """Name each customer's segment from 1–5 R and F scores (rules in :data:`RFM_SEGMENTS`).

    Parameters
    ----------
    scores : pandas.DataFrame
        Columns ``R`` and ``F`` on a 1–5 scale, as ``rfm_scores(rfm, bins=5)`` makes.

    Returns
    -------
    pandas.Series
        Segment names, indexed like ``scores``.

    Raises
    ------
    ValueError
        If ``R`` or ``F`` is missing or outside 1..5.

    Examples
    --------
    >>> rfm_segment(pd.DataFrame({"R": [5, 5, 1, 3], "F": [5, 1, 4, 1]})).tolist()
    ['champions', 'new', 'at risk', 'promising']
    """
    require_columns(scores, ["R", "F"], "scores", allow_empty=False)
    r = number_column(scores, "R", "scores").to_numpy()
    f = number_column(scores, "F", "scores").to_numpy()
    for name, values in (("R", r), ("F", f)):
        outside = (values < 1) | (values > 5)
        if outside.any():
            raise ValueError(f"scores['{name}'] must be on a 1-5 scale (use rfm_scores(rfm, bins=5)): "
                             f"{int(outside.sum())} of {values.size} rows are not, e.g. {values[outside][0]:g}")
    conditions = [
        (r >= 4) & (f >= 4),
        (r >= 3) & (f >= 3),
        (r >= 4) & (f <= 2),
        (r == 3) & (f <= 2),
        (r <= 2) & (f >= 3),
    ]
    names = [name for name, _rule in RFM_SEGMENTS]
    return pd.Series(np.select(conditions, names[:-1], default=names[-1]), index=scores.index, name="segment")


# ---------------------------------------------------------------------------
# Pareto / ABC
# ---------------------------------------------------------------------------


def top_share(values: Any, share: float = 0.2) -> float:
    """Fraction of the total held by the top ``share`` of entries (the 20/80 check).

    The top ⌈share × n⌉ entries by value are counted.

    Parameters
    ----------
    values : array-like
        Non-negative amounts, one per customer (e.g. revenue).
    share : float
        Share of entries at the top, 0 < share ≤ 1.

    Returns
    -------
    float
        Their part of the total, between 0 and 1.

    Raises
    ------
    ValueError
        If ``values`` is empty, has negative or missing values, sums to 0, or
        ``share`` is outside (0, 1].

    Examples
    --------
    >>> top_share([10, 10, 10, 10, 60], share=0.2)
    0.6
    """
    series = _values(values)
    check_share(share, "share", low_open=True)
    if (series < 0).any():
        raise ValueError(f"values has {int((series < 0).sum())} negative value(s); a share of a total needs values ≥ 0")
    total = series.sum()
    if total == 0:
        raise ValueError("values sum to 0: no share can be computed")
    k = math.ceil(share * len(series) - 1e-9)
    top = np.sort(series.to_numpy())[::-1][:k]
    return float(top.sum() / total)


def abc_classes(values: Any, cuts: tuple[float, float] = (0.8, 0.95)) -> pd.Series:
    """ABC classes: A = the fewest top entries that reach ``cuts[0]`` of the total, B up to ``cuts[1]``, C the rest.

    Entries are ranked by value (largest first; equal values keep their order).
    An entry is in A if the entries ranked above it hold less than ``cuts[0]``
    of the total, in B if they hold less than ``cuts[1]``, else in C.

    Parameters
    ----------
    values : array-like
        Non-negative amounts; a Series keeps its index.
    cuts : tuple of two floats
        Cumulative shares, 0 < cuts[0] < cuts[1] ≤ 1.

    Returns
    -------
    pandas.Series
        "A", "B" or "C" per entry, in the input's order.

    Raises
    ------
    ValueError
        If values are empty, negative, missing or sum to 0, or the cuts are not increasing in (0, 1].

    Examples
    --------
    >>> abc_classes(pd.Series([50, 30, 10, 6, 4], index=list("vwxyz"))).tolist()
    ['A', 'A', 'B', 'B', 'C']
    """
    series = _values(values)
    if isinstance(cuts, (str, bytes, dict)) or np.ndim(cuts) != 1 or len(cuts) != 2:
        raise ValueError(f"cuts must be two cumulative shares such as (0.8, 0.95), got {cuts!r}")
    low, high = (check_share(cut, f"cuts[{position}]") for position, cut in enumerate(cuts))
    if not 0 < low < high <= 1:
        raise ValueError(f"cuts must satisfy 0 < cuts[0] < cuts[1] <= 1, got {cuts}")
    if (series < 0).any():
        raise ValueError(f"values has {int((series < 0).sum())} negative value(s); ABC classes need values ≥ 0")
    if not series.index.is_unique:
        raise ValueError("values must have a unique index (one entry per customer)")
    total = series.sum()
    if total == 0:
        raise ValueError("values sum to 0: no class can be given")
    ranked = series.sort_values(ascending=False, kind="stable")
    share_above = (ranked.cumsum() - ranked) / total
    classes = np.where(share_above < low - 1e-12, "A", np.where(share_above < high - 1e-12, "B", "C"))
    result = pd.Series(classes, index=ranked.index, name="abc_class")
    return result.reindex(series.index)


# ---------------------------------------------------------------------------
# Value tiers and weighted importance
# ---------------------------------------------------------------------------


def value_tiers(current: Any, potential: Any, top: float = 0.2) -> pd.Series:
    """Peppers & Rogers' value tiers from current and potential profitability.

    Rules, applied in order:

    1. **below zero** (负值客户): current + potential < 0 — the customer costs more than
       she brings, now and in prospect;
    2. **most valuable** (最具价值客户): the top ``top`` share of the rest by current profit;
    3. **most growable** (最具成长潜力客户): the top ``top`` share of the rest by headroom,
       potential − current, where the headroom is positive;
    4. **maintain**: everyone else.

    Parameters
    ----------
    current, potential : array-like
        Current profitability (e.g. last year's profit) and potential
        profitability (e.g. next year's expected profit) per customer; Series
        must share one index.
    top : float
        Share of customers in each of the two upper tiers, 0 < top < 1.

    Returns
    -------
    pandas.Series
        "most valuable", "most growable", "maintain" or "below zero".

    Raises
    ------
    ValueError
        If the inputs are empty, of different lengths or have missing values, or ``top`` is outside (0, 1).

    Examples
    --------
    >>> value_tiers([100, 5, -30, 10, 2], [80, 90, 10, 5, 1], top=0.2).tolist()
    ['most valuable', 'most growable', 'below zero', 'maintain', 'maintain']
    """
    now = _values(current, "current")
    later = _values(potential, "potential")
    if len(now) != len(later):
        raise ValueError(f"current and potential have different lengths: {len(now)} and {len(later)}")
    if isinstance(current, pd.Series) and isinstance(potential, pd.Series) and not now.index.equals(later.index):
        raise ValueError("current and potential must share one index")
    later.index = now.index
    check_share(top, "top", low_open=True, high_open=True)
    tiers = pd.Series("maintain", index=now.index, name="value_tier", dtype=object)
    below = (now + later) < 0
    tiers[below] = "below zero"
    n_top = max(1, round(top * len(now)))
    rest = now[~below].sort_values(ascending=False, kind="stable")
    valuable = rest.index[:n_top]
    tiers[valuable] = "most valuable"
    headroom = (later - now)[~below & ~now.index.isin(valuable)]
    headroom = headroom[headroom > 0].sort_values(ascending=False, kind="stable")
    tiers[headroom.index[:n_top]] = "most growable"
    return tiers


def importance_score(criteria: pd.DataFrame, weights: dict[str, float]) -> pd.Series:
    """The slides' weighted importance score (用加权的方法衡量客户的重要程度), 0–100.

    Each criterion is turned into a percentile score from 0 to 100 (the share
    of customers with a strictly lower value, ties sharing a score), so that
    criteria in yuan, counts and days can be added; the score is the weighted
    mean of these percentiles. Put a criterion where *lower* is better (such as
    days since the last order) in with its sign flipped.

    Parameters
    ----------
    criteria : pandas.DataFrame
        One row per customer, one numeric column per criterion.
    weights : dict of str to float
        Weight per criterion (column name), non-negative, not all 0. They are
        normalised to sum to 1.

    Returns
    -------
    pandas.Series
        Weighted score, 0–100, indexed like ``criteria``.

    Raises
    ------
    ValueError
        If a weighted column is missing, a weight is negative, all weights are 0,
        or the table is empty.

    Examples
    --------
    >>> table = pd.DataFrame({"revenue": [100, 300, 200], "orders": [1, 2, 5]}, index=list("abc"))
    >>> importance_score(table, {"revenue": 3, "orders": 1}).round(1).tolist()
    [0.0, 58.3, 41.7]
    """
    if not isinstance(weights, dict) or not weights:
        raise ValueError(f"weights must be a dict of criterion name to weight, got {weights!r}")
    require_columns(criteria, list(weights), "criteria", allow_empty=False)
    total = 0.0
    for name, weight in weights.items():
        weight = check_number(weight, f"weights[{name!r}]")
        if weight < 0:
            raise ValueError(f"the weight of {name!r} is negative ({weight}); weights must be ≥ 0")
        total += weight
    if total == 0:
        raise ValueError("all weights are 0: give at least one criterion a positive weight")
    score = pd.Series(0.0, index=criteria.index, name="importance")
    for name, weight in weights.items():
        column = number_column(criteria, name, "criteria")
        percentile = 100 * (column.rank(method="min") - 1) / len(column)
        score += weight / total * percentile
    return score


def log_scaled(features: pd.DataFrame) -> pd.DataFrame:
    """Features for clustering: log(1 + x) of each column, then standardised (mean 0, sd 1).

    RFM values are skewed (a few customers spend a hundred times the median);
    without the log, k-means would spend its clusters on the outliers, and
    without standardising, the column with the largest numbers would dominate
    the distances.

    Raises
    ------
    ValueError
        If the table is empty, a value is negative or missing, or a column is constant.

    Examples
    --------
    >>> scaled = log_scaled(pd.DataFrame({"frequency": [1, 2, 10], "monetary": [50.0, 100.0, 900.0]}))
    >>> scaled.mean().abs().max() < 1e-12, scaled.std(ddof=0).round(6).tolist()
    (np.True_, [1.0, 1.0])
    """
    if not isinstance(features, pd.DataFrame) or len(features) == 0 or len(features.columns) == 0:
        raise ValueError("features must be a non-empty DataFrame")
    values = pd.DataFrame({column: number_column(features, column, "features") for column in features.columns},
                          index=features.index)
    negative = [column for column in values.columns if (values[column] < 0).any()]
    if negative:
        raise ValueError(f"log_scaled needs values ≥ 0; negative values in {negative}")
    logged = np.log1p(values)
    spread = logged.std(ddof=0)
    constant = list(spread.index[spread == 0])
    if constant:
        raise ValueError(f"column(s) {constant} are constant and cannot be standardised")
    return (logged - logged.mean()) / spread


# ---------------------------------------------------------------------------
# Relationship stages
# ---------------------------------------------------------------------------


def observed_by(dates: Any, as_of: Any, include_as_of: bool) -> pd.Series:
    """Which dates a snapshot on day ``as_of`` sees: the one day rule of the stage classifiers.

    A snapshot "as of" a day is taken either at the **end** of that day
    (``include_as_of=True``: what happened that day counts; a report written
    "today") or at its **start** (``False``: only what happened before; e.g.
    the audience of a campaign that starts that day). :func:`relationship_stage`
    and :func:`lifecycle_stages` both take ``include_as_of`` and apply it to
    orders and registrations alike; both default to the end of the day, as
    :func:`rfm_table` counts, so by default they see the same history.

    Examples
    --------
    >>> dates = pd.Series(pd.to_datetime(["2025-06-29", "2025-06-30", "2025-07-01"]))
    >>> observed_by(dates, pd.Timestamp("2025-06-30"), include_as_of=True).tolist()
    [True, True, False]
    >>> observed_by(dates, pd.Timestamp("2025-06-30"), include_as_of=False).tolist()
    [True, False, False]
    """
    dates = as_date_array(dates, "dates")
    as_of = as_date(as_of, "as_of")
    check_choice(include_as_of, "include_as_of", (True, False))
    return dates <= as_of if include_as_of else dates < as_of


def relationship_stage(
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    as_of: Any,
    lost_after_days: int = 365,
    loyal_orders: int = 4,
    target_window_days: int = 180,
    *,
    include_as_of: bool = True,
) -> pd.Series:
    """Classify registered customers by their relationship with the shop as of a day.

    Rules (first match wins; only orders and registrations up to ``as_of`` count):

    - **lost** (流失客户): bought before, but not in the last ``lost_after_days`` days;
    - **loyal** (忠诚客户): at least ``loyal_orders`` orders, the last one recent;
    - **repeat** (重复购买客户): 2 or more orders, the last one recent;
    - **first-time** (初次购买客户): exactly 1 order, recent;
    - **target** (目标客户): never bought, agreed to marketing messages and registered
      within ``target_window_days`` — the shop can still reach and convert them;
    - **potential** (潜在客户): never bought, and not (or no longer) a target.

    Customers registered after ``as_of`` get no stage (they are left out, with a warning).
    The day rule is the one both stage classifiers share (see :func:`observed_by`):
    by default the state at the *end* of ``as_of``, as :func:`rfm_table` counts.

    Parameters
    ----------
    customers : pandas.DataFrame
        Columns ``customer_id``, ``signup_date`` and ``marketing_opt_in``.
    orders : pandas.DataFrame
        Columns ``customer_id`` and ``order_date``.
    as_of : date-like
        The day of the analysis.
    lost_after_days, loyal_orders, target_window_days : int
        The thresholds of the rules.
    include_as_of : bool, default True
        Count orders and registrations dated ``as_of`` (the state at the end of
        that day), as :func:`lifecycle_stages` does by default. ``False`` gives the state at its start.

    Returns
    -------
    pandas.Series
        One stage per customer, indexed by ``customer_id``, as an ordered
        categorical with the categories of :data:`STAGES`.

    Raises
    ------
    ValueError
        If a column is missing, a table is empty, or a threshold is not positive.

    Examples
    --------
    >>> customers = pd.DataFrame({"customer_id": ["a", "b", "c"],
    ...     "signup_date": pd.to_datetime(["2024-01-01", "2025-06-01", "2023-01-01"]),
    ...     "marketing_opt_in": [True, True, False]})
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "c"],
    ...     "order_date": pd.to_datetime(["2024-01-02", "2025-05-01", "2023-02-01"])})
    >>> relationship_stage(customers, orders, as_of="2025-06-30").tolist()
    ['repeat', 'target', 'lost']
    """
    require_columns(customers, ["customer_id", "signup_date", "marketing_opt_in"], "customers", allow_empty=False)
    require_columns(orders, ["customer_id", "order_date"], "orders", allow_empty=False)
    for name, value in (("lost_after_days", lost_after_days), ("loyal_orders", loyal_orders), ("target_window_days", target_window_days)):
        check_whole(value, name, low=1)
    as_of = as_date(as_of, "as_of")
    id_column(customers, "customer_id", "customers")
    signup = date_column(customers, "signup_date", "customers")
    opt_in = bool_column(customers, "marketing_opt_in", "customers")
    id_column(orders, "customer_id", "orders")
    order_dates = date_column(orders, "order_date", "orders")
    registered_mask = observed_by(signup, as_of, include_as_of).to_numpy()
    registered = customers[registered_mask]
    if len(registered) < len(customers):
        warnings.warn(f"left out {len(customers) - len(registered)} customer(s) registered after as_of={as_of.date()}",
                      DroppedRowsWarning, stacklevel=2)
    if len(registered) == 0:
        raise ValueError(f"no customer registered on or before as_of={as_of.date()}")
    past = pd.DataFrame({"customer_id": orders["customer_id"].to_numpy(), "order_date": order_dates.to_numpy()})
    past = past[observed_by(order_dates, as_of, include_as_of).to_numpy()]
    per_customer = past.groupby("customer_id")["order_date"].agg(["size", "max"])
    per_customer = per_customer.reindex(registered["customer_id"])
    n_orders = per_customer["size"].fillna(0).to_numpy()
    days_since = (as_of - pd.to_datetime(per_customer["max"])).dt.days.to_numpy()
    days_registered = (as_of - signup[registered_mask]).dt.days.to_numpy()
    opted_in = opt_in[registered_mask].to_numpy()
    bought = n_orders > 0
    recent = bought & (days_since <= lost_after_days)
    conditions = [
        bought & ~recent,
        recent & (n_orders >= loyal_orders),
        recent & (n_orders >= 2),
        recent,
        ~bought & opted_in & (days_registered <= target_window_days),
    ]
    choices = ["lost", "loyal", "repeat", "first-time", "target"]
    stages = np.select(conditions, choices, default="potential")
    return pd.Series(
        pd.Categorical(stages, categories=list(STAGES), ordered=True),
        index=pd.Index(registered["customer_id"].to_numpy(), name="customer_id"),
        name="stage",
    )


# ---------------------------------------------------------------------------
# Life-cycle stages (客户关系生命周期, Chapter 6)
# ---------------------------------------------------------------------------

#: The textbook's four stages, in order.
LIFECYCLE_STAGES = ("identification", "development", "stability", "decline")

#: The textbook's strategy for each stage, in one line each.
LIFECYCLE_STRATEGY = {
    "identification": "Persuade and stimulate (说服与刺激): show what the shop offers, make the first and second purchase easy.",
    "development": "Serve better and personalise (提高服务, 个性化): build trust, cross-sell, learn what each customer needs.",
    "stability": "Cultivate loyalty and add value (培育忠诚, 增值创新): exceed expectations; discounts mostly pay people who buy anyway.",
    "decline": "Win back valuable customers, let go of low- or negative-value ones (有价值的设法恢复, 价值小或负值的考虑放弃).",
}


def lifecycle_stages(
    orders: pd.DataFrame,
    as_of: Any,
    customers: pd.DataFrame | None = None,
    decline_after_days: int = 180,
    stable_min_orders: int = 4,
    stable_min_tenure_days: int = 365,
    *,
    include_as_of: bool = True,
) -> pd.DataFrame:
    """Put each customer in a relationship life-cycle stage on a given day.

    Only orders placed **up to** ``as_of`` count (by default: the state at the end of
    that day, as :func:`relationship_stage` and :func:`rfm_table` count; pass
    ``include_as_of=False`` for the state at its start, e.g. the audience of a campaign
    that starts on it; see :func:`observed_by`).
    The rules, applied in this order:

    1. **decline (衰退期)**: has bought, but not in the last ``decline_after_days`` days;
    2. **identification (识别期)**: has bought at most once (a trial purchase), or has
       registered and never bought (only when ``customers`` is given);
    3. **stability (稳定期)**: at least ``stable_min_orders`` orders and a first order at
       least ``stable_min_tenure_days`` days ago: a regular, long-standing buyer;
    4. **development (发展期)**: every other repeat buyer (2+ orders, still growing).

    Parameters
    ----------
    orders : pandas.DataFrame
        Columns ``customer_id``, ``order_date`` and ``amount`` (as ``load("orders")``).
    as_of : date-like
        The day of the snapshot; later orders are ignored (and orders dated
        ``as_of`` too when ``include_as_of=False``).
    customers : pandas.DataFrame, optional
        Columns ``customer_id`` and ``signup_date``. If given, customers who had
        registered by ``as_of`` but never bought are included (stage
        identification, 0 orders).
    decline_after_days, stable_min_orders, stable_min_tenure_days : int
        The thresholds of the rules above.
    include_as_of : bool, default True
        Count orders and registrations dated ``as_of`` (the state at the end of that
        day), as :func:`relationship_stage` and :func:`rfm_table` do. ``False`` gives
        the state at the start of that day.

    Returns
    -------
    pandas.DataFrame
        One row per customer, sorted by ``customer_id``: ``customer_id``, ``orders``,
        ``spend`` (CNY), ``first_order``, ``last_order``, ``recency_days`` (days since
        the last order; NaN without orders), ``tenure_days`` (since the first order),
        ``stage`` (an ordered categorical of :data:`LIFECYCLE_STAGES`).

    Raises
    ------
    ValueError
        If a needed column is missing or a threshold is not positive.

    Examples
    --------
    >>> orders = pd.DataFrame({
    ...     "customer_id": ["A", "B", "B", "C", "C", "C", "C", "D"],
    ...     "order_date": pd.to_datetime(["2024-11-20", "2024-09-01", "2024-12-01",
    ...         "2023-06-01", "2023-12-01", "2024-06-01", "2024-12-01", "2024-01-05"]),
    ...     "amount": [100.0, 80, 120, 200, 150, 180, 210, 90]})
    >>> lifecycle_stages(orders, "2025-01-01")[["customer_id", "orders", "stage"]]
      customer_id  orders           stage
    0           A       1  identification
    1           B       2     development
    2           C       4       stability
    3           D       1         decline
    """
    require_columns(orders, ["customer_id", "order_date", "amount"], "orders")
    for name, value in (("decline_after_days", decline_after_days), ("stable_min_orders", stable_min_orders),
                        ("stable_min_tenure_days", stable_min_tenure_days)):
        check_whole(value, name, low=1)
    as_of = as_date(as_of, "as_of")
    id_column(orders, "customer_id", "orders")
    order_dates = date_column(orders, "order_date", "orders")
    amounts = number_column(orders, "amount", "orders")
    history = pd.DataFrame({"customer_id": orders["customer_id"].to_numpy(), "order_date": order_dates.to_numpy(),
                            "amount": amounts.to_numpy()})
    before = history[observed_by(order_dates, as_of, include_as_of).to_numpy()]
    summary = before.groupby("customer_id").agg(
        orders=("order_date", "size"),
        spend=("amount", "sum"),
        first_order=("order_date", "min"),
        last_order=("order_date", "max"),
    )
    if customers is not None:
        require_columns(customers, ["customer_id", "signup_date"], "customers")
        id_column(customers, "customer_id", "customers")
        signup = date_column(customers, "signup_date", "customers")
        registered = customers.loc[observed_by(signup, as_of, include_as_of).to_numpy(), "customer_id"]
        summary = summary.reindex(summary.index.union(pd.Index(registered, name="customer_id")))
        summary["orders"] = summary["orders"].fillna(0)
        summary["spend"] = summary["spend"].fillna(0.0)
    summary = summary.reset_index().sort_values("customer_id", ignore_index=True)
    summary["orders"] = summary["orders"].astype("int64")
    summary["spend"] = summary["spend"].round(2)
    summary["recency_days"] = (as_of - summary["last_order"]).dt.days.astype("float64")
    summary["tenure_days"] = (as_of - summary["first_order"]).dt.days.astype("float64")

    stage = np.full(len(summary), "development", dtype=object)
    stable = (summary["orders"] >= stable_min_orders) & (summary["tenure_days"] >= stable_min_tenure_days)
    stage[stable.to_numpy()] = "stability"
    stage[(summary["orders"] <= 1).to_numpy()] = "identification"
    stage[(summary["recency_days"] > decline_after_days).to_numpy()] = "decline"
    summary["stage"] = pd.Categorical(stage, categories=LIFECYCLE_STAGES, ordered=True)
    return summary[["customer_id", "orders", "spend", "first_order", "last_order", "recency_days", "tenure_days", "stage"]]
