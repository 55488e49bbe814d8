"""Customer service management (客户服务管理): complaints, recovery and SERVQUAL gaps.

- :func:`complaint_rate` — complaints per order, by any grouping.
- :func:`response_performance` — first-response and resolution times against targets.
- :func:`repurchase_after` — whether each complaining customer ordered again within a window.
- :func:`servqual_gaps` — the SERVQUAL gap (perception − expectation) by dimension,
  unweighted or weighted by importance (Parasuraman, Zeithaml & Berry 1988).
- :func:`journey_funnel` — how many journeys reach each step and how many leave after it (Lab 8.1).
- :func:`touchpoint_drivers` — which touchpoint ratings go with an outcome, alone and together, with
  intervals: the search for the moments of truth (关键时刻, Lab 8.1).
- :func:`control_limits` — Shewhart-style limits around a centre that widen as a group gets smaller
  (the funnel plot of Spiegelhalter 2005).
- :func:`first_call_resolved` — whether a call was the caller's last on that reason for a while (FCR, 首次解决率).
- :func:`agent_scorecard` — per agent: handling time, first-call resolution, QA (质检) and CSAT, each
  against control limits, so real differences are told from noise (Lab 8.3).

Examples
--------
>>> import pandas as pd
>>> orders = pd.DataFrame({"order_id": ["O1", "O2", "O3", "O4"], "promotion": ["none", "none", "618", "618"]})
>>> complaints = pd.DataFrame({"order_id": ["O3"]})
>>> complaint_rate(complaints, orders, by="promotion")["complaint_rate"].tolist()
[0.5, 0.0]
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats

from crmkit._checks import (
    as_date,
    as_float_array,
    bool_column,
    check_column_names,
    check_number,
    check_whole,
    date_column,
    id_column,
    label_column,
    number_column,
    require_columns,
)
from crmkit._compat import synonym
from crmkit.callcentre import repeat_calls
from crmkit.inference import _wilson, control_limits, z_critical  # control_limits lives in inference; kept importable here
from crmkit.loyalty import bought_again
from crmkit.survey import regression_weights

__all__ = [
    "JOURNEY_STEPS",
    "SCORECARD_METRICS",
    "SERVQUAL_ITEMS",
    "agent_scorecard",
    "complaint_rate",
    "control_limits",
    "first_call_resolved",
    "journey_funnel",
    "repurchase_after",
    "response_performance",
    "servqual_gaps",
    "touchpoint_drivers",
]

#: The steps of the shop's customer journey (客户旅程), in order (Lab 8.1, table ``customer_journeys``).
JOURNEY_STEPS = ("browse", "product_page", "add_to_cart", "checkout", "payment", "delivery", "receipt", "review")


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


# ----------------------------------------------------------------------------- the customer journey (Lab 8.1)


def journey_funnel(journeys: pd.DataFrame, step: str = "furthest_step", steps: tuple[str, ...] = JOURNEY_STEPS,
                   confidence: float = 0.95) -> pd.DataFrame:
    """How many journeys reach each step, and what share leave after it (the drop-off, 流失).

    A journey that got as far as step *k* passed every step before it, so the
    number reaching a step is the number whose furthest step is that step or a later one.

    Parameters
    ----------
    journeys : pandas.DataFrame
        One row per journey, with the furthest step reached in column ``step``.
    step : str, default "furthest_step"
        The column naming each journey's furthest step.
    steps : tuple of str, default :data:`JOURNEY_STEPS`
        The steps in their order; every value of ``step`` must be one of them.
    confidence : float, default 0.95
        Confidence level of the Wilson interval of each drop-off share.

    Returns
    -------
    pandas.DataFrame
        Indexed by step: ``reached``, ``went_on`` (reached the next step), ``drop_off``
        (share of those reaching the step who went no further), ``drop_off_low``, ``drop_off_high``
        and ``share_of_start`` (reached ÷ journeys). The last step has no drop-off (empty).

    Examples
    --------
    >>> journeys = pd.DataFrame({"furthest_step": ["browse", "browse", "cart", "paid"]})
    >>> table = journey_funnel(journeys, steps=("browse", "cart", "paid"))
    >>> table["reached"].tolist(), table["drop_off"].round(2).tolist()
    ([4, 2, 1], [0.5, 0.5, nan])
    """
    check_column_names(step=step)
    if isinstance(steps, str) or len(steps) < 2 or len(set(steps)) != len(steps):
        raise ValueError(f"steps must be two or more distinct step names in order, got {steps!r}")
    z_critical(confidence)
    require_columns(journeys, [step], "journeys")
    values = label_column(journeys, step, "journeys")
    unknown = ~values.isin(steps)
    if unknown.any():
        raise ValueError(f"journeys[{step!r}]: {int(unknown.sum())} of {len(values)} rows name a step not in steps, "
                         f"e.g. {values[unknown].iloc[0]!r}; steps are {list(steps)}")
    position = values.astype(object).map({name: index for index, name in enumerate(steps)}).to_numpy(dtype=int)
    reached = np.array([int((position >= index).sum()) for index in range(len(steps))])
    went_on = np.append(reached[1:], 0).astype(float)
    went_on[-1] = np.nan
    with np.errstate(invalid="ignore", divide="ignore"):
        drop_off = np.where(reached > 0, 1 - went_on / np.maximum(reached, 1), np.nan)
    low, high = np.full(len(steps), np.nan), np.full(len(steps), np.nan)
    judged = (reached > 0) & ~np.isnan(went_on)
    low[judged], high[judged] = _wilson(drop_off[judged], reached[judged], confidence)
    table = pd.DataFrame({"reached": reached, "went_on": pd.array(np.where(np.isnan(went_on), pd.NA, went_on).astype(object), dtype="Int64"),
                          "drop_off": drop_off, "drop_off_low": low, "drop_off_high": high,
                          "share_of_start": reached / max(len(values), 1)}, index=pd.Index(list(steps), name="step"))
    return table


def touchpoint_drivers(ratings: pd.DataFrame, outcome: pd.Series, confidence: float = 0.95) -> pd.DataFrame:
    """Which touchpoint ratings go with an outcome: each alone (correlation) and all together (regression).

    A rating that is high whenever the customer is in a good mood correlates with
    every outcome (the *halo*); the multiple regression asks what a touchpoint adds
    when the others are held fixed, which is how the moments of truth (关键时刻)
    stand out. The regression is ordinary least squares with an intercept on the
    complete rows (:func:`crmkit.survey.regression_weights`); for a 0/1 outcome
    (repurchase) it is a linear probability model, whose coefficients are changes in
    the probability per rating point. Negative coefficients are kept (they are not
    index weights here).

    Parameters
    ----------
    ratings : pandas.DataFrame
        One numeric column per touchpoint (e.g. 1-5 ratings), one row per customer.
    outcome : pandas.Series
        The outcome per row (overall rating, or 0/1 / True/False for review or repurchase).
    confidence : float, default 0.95
        Level of the t interval of each coefficient.

    Returns
    -------
    pandas.DataFrame
        Indexed by touchpoint: ``correlation`` (Pearson, complete rows), ``coefficient``,
        ``std_error``, ``low``, ``high``, sorted by coefficient, largest first.
        ``attrs["n"]`` rows used, ``attrs["r_squared"]``.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> ratings = pd.DataFrame(rng.integers(1, 6, size=(200, 2)), columns=["delivery", "payment"])
    >>> overall = ratings["delivery"] + rng.normal(0, 0.5, 200)
    >>> table = touchpoint_drivers(ratings, overall)
    >>> table.index.tolist(), bool(table.loc["delivery", "low"] > 0.8), bool(table.loc["payment", "low"] < 0 < table.loc["payment", "high"])
    (['delivery', 'payment'], True, True)
    """
    if not isinstance(ratings, pd.DataFrame):
        raise ValueError(f"ratings must be a DataFrame with one column per touchpoint, got {type(ratings).__name__}")
    z_critical(confidence)
    if isinstance(outcome, (str, bytes, dict, set)) or np.ndim(outcome) != 1:
        raise ValueError(f"outcome must be one value per row of ratings (a Series or list), got {type(outcome).__name__}")
    if len(outcome) != len(ratings):
        raise ValueError(f"outcome has {len(outcome)} rows but ratings has {len(ratings)}")
    series = pd.Series(outcome) if not isinstance(outcome, pd.Series) else outcome
    if pd.api.types.is_bool_dtype(series.dtype) or series.dtype == object and series.dropna().map(type).eq(bool).all():
        series = series.astype("Float64")
    values = as_float_array(series.astype("float64") if series.dtype != object else series, "outcome", allow_missing=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # negative slopes are reported, not clipped, here
        fit = regression_weights(ratings, pd.Series(values, index=ratings.index))
    n = fit.attrs["n"]
    t = float(stats.t.ppf(0.5 + confidence / 2, n - ratings.shape[1] - 1))
    data = ratings.astype("float64").assign(__outcome=values).dropna()
    correlation = data.drop(columns="__outcome").corrwith(data["__outcome"])
    table = pd.DataFrame({"correlation": correlation, "coefficient": fit["coefficient"], "std_error": fit["std_error"]})
    table["low"] = table["coefficient"] - t * table["std_error"]
    table["high"] = table["coefficient"] + t * table["std_error"]
    table.index.name = "touchpoint"
    table = table.sort_values("coefficient", ascending=False)
    table.attrs["n"] = n
    table.attrs["r_squared"] = fit.attrs["r_squared"]
    return table


# ----------------------------------------------------------------------------- agent scorecards (Lab 8.3)


def first_call_resolved(calls: pd.DataFrame, days: int = 7, caller: str = "caller_id", reason: str = "reason",
                        time: str = "arrival_time") -> pd.Series:
    """First-call resolution (FCR, 首次解决率) seen from the customer: no repeat call on the same reason.

    A call counts as resolved at first contact if the same caller does not call
    again **about the same reason** within ``days`` days (answered or not). The
    agent's own mark (``agent_marked_resolved``) is not used: agents are
    optimistic. Calls whose window runs past the last call in the log cannot be
    judged and get ``<NA>`` (censoring), even when a repeat already shows: counting
    those as failures while the unrepeated ones are unknown would bias FCR down.

    Parameters
    ----------
    calls : pandas.DataFrame
        The whole call log (every call, so that repeats are seen), with ``caller``, ``reason`` and ``time``.
    days : int, default 7
        The window, in days, positive.
    caller, reason, time : str
        Column names.

    Returns
    -------
    pandas.Series
        Nullable boolean aligned with ``calls``: True = no repeat on the same reason within the window.

    Examples
    --------
    >>> log = pd.DataFrame({"caller_id": ["a", "a", "b", "c"], "reason": ["delivery", "delivery", "delivery", "refund"],
    ...                     "arrival_time": pd.to_datetime(["2025-11-01", "2025-11-03", "2025-11-01", "2025-11-20"])})
    >>> first_call_resolved(log).tolist()
    [False, True, True, <NA>]
    """
    check_column_names(caller=caller, reason=reason, time=time)
    check_whole(days, "days", low=1)
    require_columns(calls, [caller, reason, time], "calls")
    id_column(calls, caller, "calls")
    label_column(calls, reason, "calls")
    moments = date_column(calls, time, "calls")
    keyed = pd.DataFrame({"key": calls[caller].astype(str) + "|" + calls[reason].astype(str), "time": moments},
                         index=calls.index)
    repeated = repeat_calls(keyed, days=days, caller="key", time="time")
    resolved = pd.array(~repeated.to_numpy(), dtype="boolean")
    censored = (moments > moments.max() - pd.Timedelta(days=days)).to_numpy()
    resolved[censored] = pd.NA  # a repeat seen in a cut window is not counted either: that would bias FCR down
    return pd.Series(resolved, index=calls.index, name="first_call_resolved")


#: The metrics of :func:`agent_scorecard`, in their order, with the kind of limit each gets.
SCORECARD_METRICS = ("aht_seconds", "fcr", "marked_resolved", "qa_score", "csat_top2")


def agent_scorecard(calls: pd.DataFrame, agent: str = "agent_id", days: int = 7, sigmas: float = 3.0) -> pd.DataFrame:
    """Each agent's handling time, first-call resolution, QA and CSAT, against control limits.

    For every metric the centre is the value over all answered calls and the
    limits are :func:`control_limits` for the agent's number of observations:
    what an agent no different from the rest would show by chance. An agent outside
    the limits differs for real (or the process changed); one inside may still
    differ, but the data cannot tell.

    ===================  ==========================================  ===========================
    metric               value per agent                             observations ``n``
    ===================  ==========================================  ===========================
    ``aht_seconds``      mean ``handle_seconds`` (AHT, 平均处理时长)   answered calls
    ``fcr``              share :func:`first_call_resolved`            calls with a full window
    ``marked_resolved``  share ``agent_marked_resolved``              answered calls
    ``qa_score``         mean ``qa_score`` (质检, 0-100)               monitored calls
    ``csat_top2``        share of ``csat`` 4 or 5 (CSAT, 客户满意度)    survey answers
    ===================  ==========================================  ===========================

    Parameters
    ----------
    calls : pandas.DataFrame
        The whole call log (``call_log``): unanswered calls are needed to see repeats.
        Columns ``caller_id``, ``reason``, ``arrival_time``, ``agent``, ``handle_seconds``,
        ``agent_marked_resolved``, ``qa_score``, ``csat``.
    agent : str, default "agent_id"
        The agent column; rows without an agent (not answered) are used only as repeats.
    days : int, default 7
        FCR window in days.
    sigmas : float, default 3.0
        Width of the control limits in standard errors.

    Returns
    -------
    pandas.DataFrame
        Long format, one row per agent and metric: ``agent_id`` (named after ``agent``), ``metric``,
        ``n``, ``value``, ``centre``, ``sd`` (per observation), ``lower``, ``upper`` and ``signal``
        ("above", "below" or "within").

    Examples
    --------
    >>> log = pd.DataFrame({"caller_id": list("abcd"), "reason": ["delivery"] * 4,
    ...     "arrival_time": pd.to_datetime(["2025-11-01", "2025-11-01", "2025-11-02", "2025-11-30"]),
    ...     "agent_id": ["A1", "A1", "A2", "A2"], "handle_seconds": [200, 300, 250, 250],
    ...     "agent_marked_resolved": [True, True, False, True], "qa_score": [80.0, None, 90.0, None],
    ...     "csat": [5, 4, None, 2]})
    >>> card = agent_scorecard(log)
    >>> card.loc[card["metric"] == "aht_seconds", ["agent_id", "n", "value"]].to_dict("records")
    [{'agent_id': 'A1', 'n': 2, 'value': 250.0}, {'agent_id': 'A2', 'n': 2, 'value': 250.0}]
    """
    check_column_names(agent=agent)
    sigmas = check_number(sigmas, "sigmas", low=0, low_open=True)
    needed = ["caller_id", "reason", "arrival_time", agent, "handle_seconds", "agent_marked_resolved", "qa_score", "csat"]
    require_columns(calls, needed, "calls")
    resolved = first_call_resolved(calls, days=days)
    answered_rows = calls[agent].notna().to_numpy()
    if not answered_rows.any():
        raise ValueError(f"calls[{agent!r}] is empty on all {len(calls)} rows: no answered call to score")
    answered = calls.loc[answered_rows]
    handle = number_column(answered, "handle_seconds", "calls", low=0)
    marked = bool_column(answered, "agent_marked_resolved", "calls")
    qa = number_column(answered, "qa_score", "calls", low=0, high=100, allow_missing=True)
    csat = number_column(answered, "csat", "calls", low=1, high=5, allow_missing=True)
    fcr = resolved[answered_rows].astype("Float64").astype("float64")
    observations = {
        "aht_seconds": (handle, False),
        "fcr": (fcr, True),
        "marked_resolved": (marked.astype("float64"), True),
        "qa_score": (qa, False),
        "csat_top2": (csat.where(csat.isna(), (csat >= 4).astype("float64")), True),
    }
    rows = []
    agents = answered[agent].astype(str)
    for metric, (values, is_share) in observations.items():
        present = values.notna()
        if not present.any():
            raise ValueError(f"calls: no answered call has a value for {metric}; it cannot be scored")
        centre = float(values[present].mean())
        sd = float(np.sqrt(centre * (1 - centre))) if is_share else float(values[present].std(ddof=1))
        grouped = values[present].groupby(agents[present])
        table = pd.DataFrame({"n": grouped.size(), "value": grouped.mean()})
        lower, upper = control_limits(table["n"].to_numpy(), centre, sd, sigmas,
                                      *((0.0, 1.0) if is_share else (None, None)))
        table = table.assign(metric=metric, centre=centre, sd=sd, lower=lower, upper=upper)
        rows.append(table)
    card = pd.concat(rows).rename_axis(agent).reset_index()
    card["signal"] = np.select([card["value"] > card["upper"], card["value"] < card["lower"]], ["above", "below"], "within")
    card = card[[agent, "metric", "n", "value", "centre", "sd", "lower", "upper", "signal"]]
    card.attrs.update(sigmas=sigmas, days=days)
    return card.reset_index(drop=True)
