"""Customer service management (客户服务管理): complaints, recovery and SERVQUAL gaps.

- :func:`complaint_rate` — complaints per order, by any grouping.
- :func:`response_performance` — first-response and resolution times against targets.
- :func:`repurchase_after` — whether each complaining customer ordered again within a window.
- :func:`servqual_gaps` — the SERVQUAL gap (perception − expectation) by dimension,
  unweighted or weighted by importance (Parasuraman, Zeithaml & Berry 1988).

Examples
--------
>>> import pandas as pd
>>> orders = pd.DataFrame({"order_id": ["O1", "O2", "O3", "O4"], "promotion": ["none", "none", "618", "618"]})
>>> complaints = pd.DataFrame({"order_id": ["O3"]})
>>> complaint_rate(complaints, orders, by="promotion")["complaint_rate"].tolist()
[0.5, 0.0]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit._checks import (
    as_date,
    check_column_names,
    check_number,
    id_column,
    label_column,
    number_column,
    require_columns,
)
from crmkit._compat import synonym
from crmkit.loyalty import bought_again

__all__ = ["complaint_rate", "response_performance", "repurchase_after", "servqual_gaps", "SERVQUAL_ITEMS"]


#: The 22 SERVQUAL statements (Parasuraman, Zeithaml & Berry 1988), adapted to an online shop.
SERVQUAL_ITEMS = (
    ("tangibles", "The shop page and app look modern and are easy to use"),
    ("tangibles", "Product photos and descriptions are clear and accurate"),
    ("tangibles", "Parcels arrive well packed and neat"),
    ("tangibles", "Service messages and invoices look professional"),
    ("reliability", "The shop does what it promises by the time it promises"),
    ("reliability", "When I have a problem, the shop shows a sincere interest in solving it"),
    ("reliability", "The shop gets my order right the first time"),
    ("reliability", "Parcels are shipped on the promised day"),
    ("reliability", "Order records and bills are free of errors"),
    ("responsiveness", "The shop tells me exactly when things will happen"),
    ("responsiveness", "Customer service answers me promptly"),
    ("responsiveness", "Service staff are always willing to help"),
    ("responsiveness", "Service staff are never too busy to respond, even during promotions"),
    ("assurance", "Service staff inspire confidence"),
    ("assurance", "I feel safe paying and sharing my data with the shop"),
    ("assurance", "Service staff are consistently courteous"),
    ("assurance", "Service staff know enough to answer my questions"),
    ("empathy", "The shop gives me individual attention"),
    ("empathy", "Service hours suit all its customers"),
    ("empathy", "Service staff give me personal attention"),
    ("empathy", "The shop has my best interests at heart"),
    ("empathy", "Service staff understand my specific needs"),
)


def complaint_rate(complaints: pd.DataFrame, orders: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Complaints per order (抱怨率), overall or by a column of ``orders``.

    Parameters
    ----------
    complaints : pandas.DataFrame
        Needs ``order_id``.
    orders : pandas.DataFrame
        Needs ``order_id`` and the ``by`` column.
    by : str, optional
        A column of ``orders`` to group by (e.g. ``"promotion"``).

    Returns
    -------
    pandas.DataFrame
        ``orders``, ``complaints``, ``complaint_rate`` (per group, or one row "all"),
        sorted by rate, highest first.
    """
    if by is not None:
        check_column_names(by=by)
    require_columns(complaints, ["order_id"], "complaints")
    require_columns(orders, ["order_id"] + ([by] if by else []), "orders")
    id_column(complaints, "order_id", "complaints")
    id_column(orders, "order_id", "orders")
    if by:
        label_column(orders, by, "orders")  # an order without its group would vanish from the table
    unknown = ~complaints["order_id"].isin(orders["order_id"])
    if unknown.any():
        raise ValueError(f"complaints['order_id']: {int(unknown.sum())} complaints name an order_id not in orders, "
                         f"e.g. {complaints.loc[unknown, 'order_id'].iloc[0]!r}")
    flagged = orders.assign(complained=orders["order_id"].isin(complaints["order_id"]))
    key = flagged[by] if by else pd.Series("all", index=flagged.index, name="group")
    table = flagged.groupby(key, observed=True).agg(orders=("order_id", "size"), complaints=("complained", "sum"))
    table["complaint_rate"] = table["complaints"] / table["orders"]
    return table.sort_values("complaint_rate", ascending=False)


def response_performance(complaints: pd.DataFrame, by: str = "channel", resolution_target_hours: float = 48.0) -> pd.DataFrame:
    """First-response and resolution times against their targets, by a column.

    Parameters
    ----------
    complaints : pandas.DataFrame
        Needs ``first_response_minutes``, ``response_target_minutes``, ``resolution_hours`` and ``by``.
    by : str
        Grouping column (default ``"channel"``).
    resolution_target_hours : float
        Target time to close a case.

    Returns
    -------
    pandas.DataFrame
        Per group: ``cases``, ``median_response_minutes``, ``p90_response_minutes``,
        ``response_within_target`` (share), ``median_resolution_hours``,
        ``resolved_within_target`` (share).

    Examples
    --------
    >>> cases = pd.DataFrame({"channel": ["chat", "chat"], "first_response_minutes": [10.0, 50.0],
    ...                       "response_target_minutes": [30, 30], "resolution_hours": [5.0, 60.0]})
    >>> response_performance(cases)["response_within_target"].tolist()
    [0.5]
    """
    check_column_names(by=by)
    require_columns(complaints, ["first_response_minutes", "response_target_minutes", "resolution_hours", by], "complaints")
    check_number(resolution_target_hours, "resolution_target_hours", low=0, low_open=True)
    label_column(complaints, by, "complaints")
    complaints = complaints.assign(**{
        column: number_column(complaints, column, "complaints", low=0)
        for column in ("first_response_minutes", "response_target_minutes", "resolution_hours")})
    frame = complaints.assign(
        response_ok=complaints["first_response_minutes"] <= complaints["response_target_minutes"],
        resolution_ok=complaints["resolution_hours"] <= resolution_target_hours,
    )
    grouped = frame.groupby(by, observed=True)
    return pd.DataFrame(
        {
            "cases": grouped.size(),
            "median_response_minutes": grouped["first_response_minutes"].median(),
            "p90_response_minutes": grouped["first_response_minutes"].quantile(0.9),
            "response_within_target": grouped["response_ok"].mean(),
            "median_resolution_hours": grouped["resolution_hours"].median(),
            "resolved_within_target": grouped["resolution_ok"].mean(),
        }
    )


def repurchase_after(
    events: pd.DataFrame, orders: pd.DataFrame, days: int = 180, event_date: str = "received_time",
    end: str | pd.Timestamp | None = None, *, as_of: str | pd.Timestamp | None = None, time: str | None = None,
) -> pd.Series:
    """Whether each event's customer placed an order within ``days`` after it: :func:`crmkit.loyalty.bought_again`.

    Events whose follow-up window runs past ``as_of`` (default: the last order date)
    cannot be judged: they get ``<NA>`` rather than a misleading False, and a
    count is given in the returned Series' ``attrs["censored"]``. ``event_date`` names
    the events' date column, as in :func:`crmkit.loyalty.bought_again`. ``end`` is an
    older name for ``as_of`` and ``time`` an older name for ``event_date``; both still work.

    Returns
    -------
    pandas.Series of boolean
        Aligned with ``events``.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["C1", "C1", "C2"],
    ...                        "order_date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-01-05"])})
    >>> events = pd.DataFrame({"customer_id": ["C1", "C2"], "received_time": pd.to_datetime(["2024-01-03", "2024-01-06"])})
    >>> repurchase_after(events, orders, days=90, end="2024-12-31").tolist()
    [True, False]
    """
    if time is not None:
        check_column_names(time=time)  # checked under the name the caller used
    check_column_names(event_date=event_date)
    event_date = synonym("event_date", event_date, "time", time, default="received_time")
    require_columns(orders, ["customer_id", "order_date"], "orders")
    if end is not None:
        as_date(end, "end")  # checked under the name the caller used
    return bought_again(events, orders, days, event_date=event_date, as_of=synonym("as_of", as_of, "end", end))


def servqual_gaps(survey: pd.DataFrame, weights: dict[str, float] | None = None) -> pd.DataFrame:
    """SERVQUAL gap scores (perception − expectation) by dimension.

    Each respondent's gap is averaged over the statements of a dimension, then
    over respondents. A negative gap means the shop falls short of what
    customers expect of an excellent shop (Parasuraman, Zeithaml & Berry 1988).

    Parameters
    ----------
    survey : pandas.DataFrame
        Long format: ``respondent_id``, ``dimension``, ``expectation``, ``perception``.
    weights : dict, optional
        Importance weights per dimension (they are normalised to sum to 1); adds a
        ``weighted_gap`` column and an overall weighted score in ``attrs["weighted_total"]``.

    Returns
    -------
    pandas.DataFrame
        Per dimension: ``expectation``, ``perception``, ``gap``, ``gap_se`` (standard
        error across respondents), sorted from the largest shortfall.

    Examples
    --------
    >>> survey = pd.DataFrame({"respondent_id": ["a", "a", "b", "b"], "dimension": ["reliability", "empathy"] * 2,
    ...                        "expectation": [7, 6, 6, 5], "perception": [5, 6, 5, 5]})
    >>> servqual_gaps(survey)["gap"].to_dict()
    {'reliability': -1.5, 'empathy': 0.0}
    """
    require_columns(survey, ["respondent_id", "dimension", "expectation", "perception"], "survey")
    id_column(survey, "respondent_id", "survey")
    label_column(survey, "dimension", "survey")
    survey = survey.assign(**{column: number_column(survey, column, "survey", low=1, high=7)
                              for column in ("expectation", "perception")})
    per_person = (
        survey.assign(gap=survey["perception"] - survey["expectation"])
        .groupby(["dimension", "respondent_id"], observed=True)[["expectation", "perception", "gap"]]
        .mean()
    )
    grouped = per_person.groupby(level="dimension", observed=True)
    table = grouped.mean()
    table["gap_se"] = grouped["gap"].std(ddof=1) / np.sqrt(grouped.size())
    table = table.sort_values("gap")
    table.index = table.index.astype(str)
    if weights is not None:
        if not isinstance(weights, dict):
            raise ValueError(f"weights must be a dict of dimension to weight, got {weights!r}")
        for dimension, weight in weights.items():
            check_number(weight, f"weights[{dimension!r}]", low=0)
        unknown = set(weights) - set(table.index)
        if unknown:
            raise ValueError(f"weights name unknown dimensions {sorted(unknown)}")
        total = sum(weights.values())
        if total <= 0:
            raise ValueError("weights must sum to a positive number")
        share = pd.Series({d: weights.get(d, 0.0) / total for d in table.index})
        table["weight"] = share
        table["weighted_gap"] = table["gap"] * share
        table.attrs["weighted_total"] = float(table["weighted_gap"].sum())
    return table
