"""Loyalty and membership (客户忠诚度与会员体系): measure loyalty, project retention, design a programme.

Four groups of tools, one for each part of Chapter 5:

- **Measuring loyalty**: :func:`repeat_purchase_rate`, :func:`inter_purchase_days`,
  :func:`deal_share` (price sensitivity), :func:`share_of_wallet`,
  :func:`bought_again` (e.g. tolerance of a quality incident; :func:`repurchased_within` is its older form) and
  :func:`loyalty_segment` (the attitude x behaviour matrix).
- **Retention**: :func:`cohort_retention`, the shifted-beta-geometric model
  :class:`ShiftedBetaGeo` (Fader & Hardie 2007) and :func:`retention_gain`, the
  effect of a higher retention rate on a customer's value.
- **Monitoring a member programme**: :func:`member_kpis`, :func:`assign_tiers`,
  :func:`tier_mix` and :func:`threshold_for_share`.
- **Designing a programme**: :class:`ProgrammeRules`, :class:`ProgrammeAssumptions`,
  :func:`simulate_programme`, :func:`compare_programmes`, and the IFRS 15 points
  accounting of :func:`allocate_points` and :func:`points_revenue`.

Every function raises ``ValueError`` naming the argument at fault.

Examples
--------
>>> import pandas as pd
>>> from crmkit import loyalty
>>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"],
...                        "order_date": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-02-10"])})
>>> loyalty.repeat_purchase_rate(orders)
0.5
>>> loyalty.allocate_points(100_000, 10_000, 1.0, 0.95)
(91324.2, 8675.8)
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.optimize import minimize
from scipy.special import betaln, hyp2f1

from crmkit._checks import as_float_array, require_columns
from crmkit._compat import synonym
from crmkit._model import FittedModel, scalar_or_array
from crmkit.clv import retention_value

__all__ = [
    "loyalty_segment",
    "SEGMENT_STRATEGY",
    "repeat_purchase_rate",
    "inter_purchase_days",
    "deal_share",
    "share_of_wallet",
    "bought_again",
    "repurchased_within",
    "cohort_retention",
    "ShiftedBetaGeo",
    "customer_value",
    "retention_gain",
    "member_kpis",
    "assign_tiers",
    "tier_mix",
    "threshold_for_share",
    "allocate_points",
    "points_revenue",
    "ProgrammeRules",
    "ProgrammeAssumptions",
    "simulate_programme",
    "compare_programmes",
]

#: What to do with each cell of the attitude x behaviour matrix.
SEGMENT_STRATEGY = {
    "true": "Reward and involve: recognition, early access, referral programme; protect, do not bribe.",
    "latent": "Remove the obstacles to buying more often: reminders, replenishment offers, range and convenience.",
    "inertia": "Build attachment before a rival breaks the habit: service, personal contact, reasons to prefer the shop.",
    "none": "Spend little: low-cost, broad offers; do not chase with discounts.",
}


# ---------------------------------------------------------------------------
# Checking input
# ---------------------------------------------------------------------------

def _check_number(value, argument: str, low: float | None = None, high: float | None = None,
                  low_open: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{argument} must be a number, got {value!r}")
    value = float(value)
    if math.isnan(value):
        raise ValueError(f"{argument} must not be NaN")
    if low is not None and (value < low or (low_open and value == low)):
        raise ValueError(f"{argument} must be {'>' if low_open else '>='} {low}, got {value}")
    if high is not None and value > high:
        raise ValueError(f"{argument} must be <= {high}, got {value}")
    return value


# ---------------------------------------------------------------------------
# Measuring loyalty
# ---------------------------------------------------------------------------

def loyalty_segment(attitude: ArrayLike, behaviour: ArrayLike, attitude_cut: float, behaviour_cut: float) -> pd.Series:
    """Place each customer on the attitude x behaviour loyalty matrix (忠诚矩阵).

    A score at or above its cut counts as high.

    ============  ==================  ======================
    segment       attitude            behaviour
    ============  ==================  ======================
    ``true``      high                high (绝对忠诚)
    ``latent``    high                low (潜在忠诚)
    ``inertia``   low                 high (惯性忠诚)
    ``none``      low                 low (非忠诚)
    ============  ==================  ======================

    Parameters
    ----------
    attitude, behaviour : array-like of numbers
        One attitude score (e.g. a Likert mean) and one behaviour score (e.g.
        orders per year) per customer, same length. A pandas Series keeps its index.
    attitude_cut, behaviour_cut : float
        The thresholds of "high".

    Returns
    -------
    pandas.Series
        ``"true"``, ``"latent"``, ``"inertia"`` or ``"none"`` per customer.

    Examples
    --------
    >>> loyalty_segment([6, 6, 2, 2], [5, 1, 5, 1], attitude_cut=5, behaviour_cut=3).tolist()
    ['true', 'latent', 'inertia', 'none']
    """
    index = attitude.index if isinstance(attitude, pd.Series) else None
    attitude_values = as_float_array(attitude, "attitude")
    behaviour_values = as_float_array(behaviour, "behaviour")
    if attitude_values.shape != behaviour_values.shape:
        raise ValueError(f"attitude and behaviour must have the same length, got {attitude_values.size} and {behaviour_values.size}")
    attitude_cut = _check_number(attitude_cut, "attitude_cut")
    behaviour_cut = _check_number(behaviour_cut, "behaviour_cut")
    high_attitude = attitude_values >= attitude_cut
    high_behaviour = behaviour_values >= behaviour_cut
    labels = np.where(high_attitude, np.where(high_behaviour, "true", "latent"), np.where(high_behaviour, "inertia", "none"))
    return pd.Series(labels, index=index, name="segment")


def repeat_purchase_rate(transactions: pd.DataFrame, customer: str = "customer_id") -> float:
    """Share of buying customers with two or more purchases (重复购买率).

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per purchase.
    customer : str
        The column naming the customer.

    Returns
    -------
    float
        Customers with 2+ rows divided by customers with 1+ rows.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c", "c"]})
    >>> round(repeat_purchase_rate(orders), 3)
    0.667
    """
    require_columns(transactions, [customer], "transactions")
    if transactions.empty:
        raise ValueError("transactions is empty: no buying customers")
    if transactions[customer].isna().any():
        raise ValueError(f"transactions[{customer!r}] has missing customer ids")
    counts = transactions.groupby(customer).size()
    return float((counts >= 2).mean())


def inter_purchase_days(transactions: pd.DataFrame, customer: str = "customer_id", date: str = "order_date") -> pd.Series:
    """Days between each purchase and the same customer's previous one (购买间隔).

    Customers with one purchase have no gap and contribute nothing.

    Returns
    -------
    pandas.Series
        One value per repeat purchase, named ``days``, indexed by customer.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...     "order_date": pd.to_datetime(["2024-01-01", "2024-01-11", "2024-02-10", "2024-03-01"])})
    >>> inter_purchase_days(orders).tolist()
    [10.0, 30.0]
    """
    require_columns(transactions, [customer, date], "transactions")
    dates = pd.to_datetime(transactions[date])
    ordered = pd.DataFrame({customer: transactions[customer], date: dates}).sort_values([customer, date], kind="stable")
    gaps = ordered.groupby(customer)[date].diff().dt.days.astype(float)
    gaps.index = ordered[customer]
    return gaps.dropna().rename("days")


def deal_share(transactions: pd.DataFrame, customer: str = "customer_id", discount: str = "discount") -> pd.Series:
    """Share of each customer's purchases that carried a discount: a simple price-sensitivity measure (价格敏感度).

    Returns
    -------
    pandas.Series
        Per customer, the share of purchases with ``discount > 0``.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"], "discount": [0.0, 12.5, 0.0]})
    >>> deal_share(orders).to_dict()
    {'a': 0.5, 'b': 0.0}
    """
    require_columns(transactions, [customer, discount], "transactions")
    values = as_float_array(transactions[discount], f"transactions[{discount!r}]")
    if (values < 0).any():
        raise ValueError(f"transactions[{discount!r}] has negative discounts")
    on_deal = pd.Series(values > 0, index=transactions.index)
    return on_deal.groupby(transactions[customer]).mean().rename("deal_share")


def share_of_wallet(shop_spend: ArrayLike, category_spend: ArrayLike) -> np.ndarray:
    """Share of a customer's spending in the category that goes to the shop (钱包份额).

    Share of wallet needs the customer's *total* category spend, which the shop
    cannot see in its own orders: here it comes from a survey answer. When a
    stated total is below what the customer demonstrably spent at the shop, the
    share is capped at 1 and a warning says how many were capped.

    Parameters
    ----------
    shop_spend : array-like
        Spend at the shop in the period (from orders), >= 0.
    category_spend : array-like
        Total category spend in the same period (stated), > 0.

    Examples
    --------
    >>> share_of_wallet([200.0, 0.0], [1000.0, 500.0]).tolist()
    [0.2, 0.0]
    """
    shop = as_float_array(shop_spend, "shop_spend")
    total = as_float_array(category_spend, "category_spend")
    if shop.shape != total.shape:
        raise ValueError(f"shop_spend and category_spend must have the same length, got {shop.size} and {total.size}")
    if (shop < 0).any():
        raise ValueError("shop_spend has negative values")
    if (total <= 0).any():
        raise ValueError("category_spend must be > 0 for every customer")
    share = shop / total
    over = int((share > 1).sum())
    if over:
        warnings.warn(f"share_of_wallet: {over} customer(s) stated a category spend below their spend at the shop; capped at 1", stacklevel=2)
    return np.minimum(share, 1.0)


def bought_within(customer_ids: ArrayLike, start_days: ArrayLike, transactions: pd.DataFrame, days: int,
                  customer: str = "customer_id", date: str = "order_date") -> np.ndarray:
    """For each (customer, start day): did she buy in the window ``start < date <= start + days``?

    The one definition of "bought again after an event" that the book uses: after
    a quality incident (Chapter 5), a survey (Chapter 4) or a complaint (Chapter 8).
    Callers decide what to do with events too recent to judge.

    Parameters
    ----------
    customer_ids : array-like
        One customer per event.
    start_days : array-like of dates
        The event's day, one per event; the window opens the day after.
    transactions : pandas.DataFrame
        Purchases with ``customer`` and ``date`` columns.
    days : int
        Length of the window in days, positive.

    Returns
    -------
    numpy.ndarray of bool
        One value per event, in the order given.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...     "order_date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-01"])})
    >>> bought_within(["a", "b", "z"], pd.to_datetime(["2024-01-03"] * 3), orders, days=90).tolist()
    [True, False, False]
    """
    require_columns(transactions, [customer, date], "transactions")
    days = int(_check_number(days, "days", low=0, low_open=True))
    starts = pd.to_datetime(pd.Series(np.asarray(start_days))).to_numpy().astype("datetime64[ns]")
    ids = np.asarray(customer_ids, dtype=object)
    if len(ids) != len(starts):
        raise ValueError(f"customer_ids has {len(ids)} entries but start_days has {len(starts)}")
    purchases = pd.DataFrame({"_customer": transactions[customer].to_numpy(dtype=object),
                              "_next_purchase": pd.to_datetime(transactions[date]).to_numpy().astype("datetime64[ns]")})
    purchases = purchases.sort_values("_next_purchase", kind="stable")
    events = pd.DataFrame({"_customer": ids, "_start": starts, "_row": np.arange(len(ids))})
    # For each event, the customer's first purchase strictly after its start day.
    matched = pd.merge_asof(events.sort_values("_start", kind="stable"), purchases, left_on="_start",
                            right_on="_next_purchase", by="_customer", direction="forward", allow_exact_matches=False)
    matched = matched.sort_values("_row")
    return (matched["_next_purchase"] <= matched["_start"] + pd.Timedelta(days=days)).to_numpy()


def bought_again(events: pd.DataFrame, transactions: pd.DataFrame, days: int, *, event_date: str = "event_date",
                 customer: str = "customer_id", date: str = "order_date", as_of: Any = None) -> pd.Series:
    """Did each event's customer buy again within ``days`` after it? The book's one answer to that question.

    After a quality incident (Chapter 5), a survey (Chapter 4) or a complaint
    (Chapter 8), the question is the same, and so is the answer:

    - **window**: from the day after the event's day to ``days`` days after it,
      inclusive (``event day < order date <= event day + days``; an event's time
      of day is ignored), as in :func:`bought_within`;
    - **censoring**: an event can be judged only if its whole window lies in the
      observed period, i.e. ``event day + days <= as_of`` (default: the last
      transaction date). Events too recent to judge get ``<NA>``, never a
      misleading ``False``; ``attrs["censored"]`` counts them.

    The older wrappers use it: :func:`repurchased_within` (drops the
    unjudgeable events, with a warning), ``survey.repurchased_after`` (one start
    day for a list of customers) and ``service.repurchase_after`` (complaints).

    Parameters
    ----------
    events : pandas.DataFrame
        One row per event with ``customer`` and ``event_date`` columns.
    transactions : pandas.DataFrame
        Purchases with ``customer`` and ``date`` columns.
    days : int
        Length of the window in days, positive.
    event_date, customer, date : str
        Column names.
    as_of : date-like, optional
        Last day observed; default the last transaction date.

    Returns
    -------
    pandas.Series of boolean (nullable)
        Aligned with ``events``, named ``bought_again``; ``attrs`` holds
        ``censored`` (events not judged) and ``as_of``.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c"],
    ...     "order_date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-01", "2024-12-31"])})
    >>> events = pd.DataFrame({"customer_id": ["a", "b", "c"],
    ...     "event_date": pd.to_datetime(["2024-01-03", "2024-01-03", "2024-12-01"])})
    >>> result = bought_again(events, orders, days=90)
    >>> result.tolist(), result.attrs["censored"]
    ([True, False, <NA>], 1)
    """
    require_columns(events, [customer, event_date], "events")
    require_columns(transactions, [customer, date], "transactions")
    days = int(_check_number(days, "days", low=0, low_open=True))
    event_days = pd.to_datetime(events[event_date]).dt.normalize()
    as_of = pd.Timestamp(as_of) if as_of is not None else pd.to_datetime(transactions[date]).max()
    judged = (event_days + pd.Timedelta(days=days) <= as_of).to_numpy()
    values = pd.array([pd.NA] * len(events), dtype="boolean")
    if judged.any():
        values[judged] = bought_within(events[customer].to_numpy()[judged], event_days.to_numpy()[judged], transactions,
                                       days, customer=customer, date=date)
    result = pd.Series(values, index=events.index, name="bought_again")
    result.attrs["censored"] = int((~judged).sum())
    result.attrs["as_of"] = as_of
    return result


def repurchased_within(events: pd.DataFrame, transactions: pd.DataFrame, days: int, event_date: str = "event_date",
                       customer: str = "customer_id", date: str = "order_date", end: Any = None, *,
                       as_of: Any = None) -> pd.Series:
    """Did the customer buy again within ``days`` after each event (e.g. a quality incident)?

    :func:`bought_again` with the events too recent to judge left out, and a
    warning that says how many. ``end`` is an older name for ``as_of``.

    Returns
    -------
    pandas.Series of bool
        One value per kept event, indexed like ``events``.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c"],
    ...     "order_date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-01", "2024-12-31"])})
    >>> events = pd.DataFrame({"customer_id": ["a", "b"], "event_date": pd.to_datetime(["2024-01-03", "2024-01-03"])})
    >>> repurchased_within(events, orders, days=90).tolist()
    [True, False]
    """
    as_of = synonym("as_of", as_of, "end", end)
    result = bought_again(events, transactions, days, event_date=event_date, customer=customer, date=date, as_of=as_of)
    dropped = result.attrs["censored"]
    if dropped:
        warnings.warn(f"repurchased_within: {dropped} event(s) less than {int(days)} days before {result.attrs['as_of'].date()} "
                      "left out (too recent to judge)", stacklevel=2)
    return result.dropna().astype(bool).rename("repurchased")


# ---------------------------------------------------------------------------
# Retention
# ---------------------------------------------------------------------------

def cohort_retention(transactions: pd.DataFrame, customer: str = "customer_id", date: str = "order_date",
                     freq: str = "M") -> pd.DataFrame:
    """Cohort retention table (同期群留存): share of each first-purchase cohort buying in each later period.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per purchase.
    customer, date : str
        Column names.
    freq : str
        Period length: ``"M"`` (month), ``"Q"`` (quarter) or ``"Y"`` (year).

    Returns
    -------
    pandas.DataFrame
        Index: cohort (the period of the first purchase); columns 0, 1, 2 …
        (periods since the first); values: share of the cohort with at least one
        purchase in that period (period 0 is 1 by definition). Periods after the
        last observed period are NaN, not 0. A column ``size`` is not included;
        cohort sizes are in ``.attrs["cohort_size"]``.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c"],
    ...     "order_date": pd.to_datetime(["2024-01-05", "2024-02-07", "2024-01-20", "2024-02-02"])})
    >>> table = cohort_retention(orders)
    >>> table.loc[pd.Period("2024-01", "M")].tolist()
    [1.0, 0.5]
    >>> table.attrs["cohort_size"].tolist()
    [2, 1]
    """
    require_columns(transactions, [customer, date], "transactions")
    if freq not in ("M", "Q", "Y"):
        raise ValueError(f"freq must be 'M', 'Q' or 'Y', got {freq!r}")
    if transactions.empty:
        raise ValueError("transactions is empty")
    periods = pd.to_datetime(transactions[date]).dt.to_period(freq)
    frame = pd.DataFrame({"customer": transactions[customer].to_numpy(), "period": periods.to_numpy()})
    cohort = frame.groupby("customer")["period"].transform("min")
    frame["cohort"] = cohort
    frame["age"] = (frame["period"] - frame["cohort"]).apply(lambda offset: offset.n)
    active = frame.drop_duplicates(["customer", "age"]).groupby(["cohort", "age"]).size().unstack(fill_value=0)
    size = active[0]
    table = active.div(size, axis=0).astype(float)
    last = frame["period"].max()
    for cohort_period in table.index:
        observable = (last - cohort_period).n
        table.loc[cohort_period, table.columns > observable] = np.nan
    table.columns.name = "periods_since_first"
    table.index.name = "cohort"
    table.attrs["cohort_size"] = size
    return table


class ShiftedBetaGeo(FittedModel):
    """The shifted-beta-geometric (sBG) retention model (Fader & Hardie 2007).

    Each customer has a constant chance ``theta`` of leaving at every renewal;
    ``theta`` varies across customers as Beta(alpha, beta). So the cohort's
    retention rate *rises* with tenure, as the likeliest leavers go first:

    - survival ``S(t) = B(alpha, beta + t) / B(alpha, beta)``;
    - retention ``r(t) = S(t) / S(t-1) = (beta + t - 1) / (alpha + beta + t - 1)``.

    Fit by maximum likelihood to the survivor counts of one cohort.

    Examples
    --------
    >>> regular = [1000, 631, 468, 382, 326, 289, 262, 241]  # Fader & Hardie (2007)
    >>> model = ShiftedBetaGeo().fit(regular)
    >>> [round(value, 3) for value in model.params_.values()]
    [0.704, 1.182]
    >>> round(model.retention_rate(1), 3), round(model.retention_rate(5), 3)
    (0.627, 0.88)
    """

    _names = ("alpha", "beta")

    def fit(self, survivors) -> "ShiftedBetaGeo":
        """Fit alpha and beta to survivor counts; ``survivors[0]`` is the cohort size.

        Parameters
        ----------
        survivors : array-like of numbers
            Customers still active at the start of periods 0, 1, …, T: a
            non-increasing sequence of at least two counts, the first > 0.

        Returns
        -------
        ShiftedBetaGeo
            ``self``, with ``params_`` (``{"alpha": …, "beta": …}``) and ``log_likelihood_``.
        """
        counts = as_float_array(survivors, "survivors")
        if counts.ndim != 1 or counts.size < 2:
            raise ValueError("survivors must be a sequence of at least two counts (the cohort size first)")
        if counts[0] <= 0:
            raise ValueError(f"survivors[0] is the cohort size and must be > 0, got {counts[0]}")
        if (counts < 0).any():
            raise ValueError("survivors must not be negative")
        if (np.diff(counts) > 0).any():
            raise ValueError("survivors must not increase: a cohort only loses customers")
        lost = counts[:-1] - counts[1:]
        horizon = counts.size - 1
        periods = np.arange(1, horizon + 1)

        def negative_log_likelihood(log_params: np.ndarray) -> float:
            alpha, beta = np.exp(log_params)
            log_prob_leave = betaln(alpha + 1, beta + periods - 1) - betaln(alpha, beta)
            log_survive = betaln(alpha, beta + horizon) - betaln(alpha, beta)
            return -(lost @ log_prob_leave + counts[-1] * log_survive)

        best = None
        for start in ([0.0, 0.0], [-1.0, 1.0], [1.0, 2.0]):
            result = minimize(negative_log_likelihood, np.array(start), method="Nelder-Mead",
                              options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 10_000})
            if best is None or result.fun < best.fun:
                best = result
        alpha, beta = np.exp(best.x)
        self._set_fit({"alpha": alpha, "beta": beta}, -best.fun, counts[0])
        return self

    def survival(self, t):
        """Share of the cohort still active at the start of period ``t`` (``S(0) = 1``).

        Examples
        --------
        >>> model = ShiftedBetaGeo().fit([1000, 631, 468, 382, 326, 289, 262, 241])
        >>> round(float(model.survival(12)), 3)  # observed: 173 of 1000
        0.17
        """
        alpha, beta = self._params()
        periods = as_float_array(t, "t")
        if (periods < 0).any():
            raise ValueError("t must be >= 0")
        values = np.exp(betaln(alpha, beta + periods) - betaln(alpha, beta))
        return scalar_or_array(values, values.ndim == 0)

    def retention_rate(self, t):
        """Share of those active in period ``t - 1`` who renew for period ``t`` (t >= 1)."""
        alpha, beta = self._params()
        periods = as_float_array(t, "t")
        if (periods < 1).any():
            raise ValueError("t must be >= 1 (retention from period t-1 to t)")
        values = (beta + periods - 1) / (alpha + beta + periods - 1)
        return scalar_or_array(values, values.ndim == 0)

    def expected_lifetime(self, discount_rate: float = 0.0, horizon: int | None = None) -> float:
        """Expected number of periods a new customer stays (counting the first), optionally discounted.

        ``sum over t >= 0 of S(t) / (1 + discount_rate)^t``, up to ``horizon``
        periods if given. Undiscounted and unbounded, this is
        ``(alpha + beta - 1) / (alpha - 1)`` when alpha > 1 and infinite when
        alpha <= 1 (a long tail of very loyal customers). Discounted and
        unbounded it is the hypergeometric ``2F1(1, beta; alpha + beta; 1/(1+d))``
        of Fader & Hardie (2010).

        Examples
        --------
        >>> model = ShiftedBetaGeo().fit([1000, 631, 468, 382, 326, 289, 262, 241])
        >>> round(model.expected_lifetime(discount_rate=0.10), 2)
        3.69
        >>> round(model.expected_lifetime(horizon=10), 2)
        4.04
        """
        alpha, beta = self._params()
        discount_rate = _check_number(discount_rate, "discount_rate", low=0.0)
        if horizon is not None:
            horizon = int(_check_number(horizon, "horizon", low=1))
            periods = np.arange(horizon)
            return float(np.sum(self.survival(periods) / (1 + discount_rate) ** periods))
        if discount_rate == 0.0:
            return float("inf") if alpha <= 1 else (alpha + beta - 1) / (alpha - 1)
        return float(hyp2f1(1.0, beta, alpha + beta, 1.0 / (1.0 + discount_rate)))


def customer_value(margin: float, retention: float, discount_rate: float, margin_growth: float = 0.0) -> float:
    """Value of a customer who pays ``margin`` now and stays each further period with chance ``retention``.

    ``margin x sum over t of (retention x (1 + margin_growth) / (1 + discount_rate))^t``
    ``= margin x (1 + d) / (1 + d - r (1 + g))``: constant retention, margin
    growing by ``margin_growth`` a period for those who stay (Reichheld & Sasser's
    argument that old customers are worth more each year). It is
    :func:`crmkit.clv.retention_value` with ``timing="start"``.

    Examples
    --------
    >>> round(customer_value(100, 0.80, 0.10), 1)
    366.7
    """
    return retention_value(margin, retention, discount_rate, margin_growth=margin_growth, timing="start")


def retention_gain(margin: float, retention: float, discount_rate: float, gain: float = 0.05,
                   margin_growth: float = 0.0) -> pd.Series:
    """Effect on a customer's value of raising retention by ``gain`` (in points, e.g. 0.80 -> 0.85).

    Returns
    -------
    pandas.Series
        ``value_before``, ``value_after`` and ``change`` (relative, 0.2 = +20%).

    Examples
    --------
    >>> retention_gain(100, 0.80, 0.10).round(3).to_dict()
    {'value_before': 366.667, 'value_after': 440.0, 'change': 0.2}
    """
    gain = _check_number(gain, "gain", low=0.0)
    before = customer_value(margin, retention, discount_rate, margin_growth)
    if retention + gain > 1:
        raise ValueError(f"retention + gain must be <= 1, got {retention + gain}")
    after = customer_value(margin, retention + gain, discount_rate, margin_growth)
    return pd.Series({"value_before": before, "value_after": after, "change": after / before - 1})


# ---------------------------------------------------------------------------
# Monitoring the member programme
# ---------------------------------------------------------------------------

def member_kpis(members: pd.DataFrame, orders: pd.DataFrame, active_days: int = 90, lapse_days: int = 365,
                join_date: str = "join_date", customer: str = "customer_id", date: str = "order_date",
                amount: str = "amount") -> pd.DataFrame:
    """The textbook's four monitoring KPIs of a member programme, by calendar month.

    For each month:

    - ``new_member_rate`` (会员新增率): members who joined in the month / members at its start;
    - ``member_sales_share`` (会员消费占比): sales of orders placed by members (joined on or
      before the order day) / all sales in the month;
    - ``member_activity`` (会员活跃度): members with an order in the ``active_days`` to the
      month's end / members at the month's end;
    - ``member_churn`` (会员流失率): of members who, at the month's start, had bought within
      ``lapse_days``, the share whose last purchase was more than ``lapse_days`` old by the month's end.

    Returns
    -------
    pandas.DataFrame
        Index: month (Period); columns ``members``, ``new_members``, the four rates.

    Examples
    --------
    >>> members = pd.DataFrame({"customer_id": ["a", "b"], "join_date": pd.to_datetime(["2024-01-02", "2024-02-03"])})
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "c"], "amount": [100.0, 50.0, 50.0],
    ...     "order_date": pd.to_datetime(["2024-01-02", "2024-02-03", "2024-02-04"])})
    >>> kpis = member_kpis(members, orders)
    >>> kpis[["members", "new_members", "new_member_rate", "member_sales_share"]].round(2).to_dict("list")
    {'members': [1, 2], 'new_members': [1, 1], 'new_member_rate': [nan, 1.0], 'member_sales_share': [1.0, 0.5]}
    """
    require_columns(members, [customer, join_date], "members")
    require_columns(orders, [customer, date, amount], "orders")
    active_days = int(_check_number(active_days, "active_days", low=1))
    lapse_days = int(_check_number(lapse_days, "lapse_days", low=1))
    joined = pd.Series(pd.to_datetime(members[join_date]).to_numpy(), index=members[customer].to_numpy())
    if joined.index.duplicated().any():
        raise ValueError(f"members[{customer!r}] has duplicate customers")
    order_days = pd.to_datetime(orders[date])
    months = pd.period_range(order_days.min().to_period("M"), order_days.max().to_period("M"), freq="M")
    member_orders = orders.assign(_day=order_days, _joined=orders[customer].map(joined))
    member_orders["_is_member"] = member_orders["_joined"].notna() & (member_orders["_day"] >= member_orders["_joined"])
    rows = []
    for month in months:
        start, end = month.start_time, month.end_time.normalize()
        at_start = int((joined < start).sum())
        at_end = int((joined <= end).sum())
        new = at_end - at_start
        in_month = member_orders[(member_orders["_day"] >= start) & (member_orders["_day"] <= end)]
        sales = in_month[amount].sum()
        member_sales = in_month.loc[in_month["_is_member"], amount].sum()
        known = member_orders[member_orders[customer].isin(joined.index[joined <= end])]
        last_by_end = known[known["_day"] <= end].groupby(customer)["_day"].max()
        active = int((last_by_end > end - pd.Timedelta(days=active_days)).sum())
        members_at_start = joined.index[joined < start]
        last_by_start = known[(known["_day"] < start) & known[customer].isin(members_at_start)].groupby(customer)["_day"].max()
        at_risk = last_by_start[last_by_start >= start - pd.Timedelta(days=lapse_days)].index
        lapsed = last_by_end.reindex(at_risk) < end - pd.Timedelta(days=lapse_days)
        rows.append({
            "month": month,
            "members": at_end,
            "new_members": new,
            "new_member_rate": new / at_start if at_start else np.nan,
            "member_sales_share": member_sales / sales if sales else np.nan,
            "member_activity": active / at_end if at_end else np.nan,
            "member_churn": float(lapsed.mean()) if len(at_risk) else np.nan,
        })
    return pd.DataFrame(rows).set_index("month")


def _check_thresholds(thresholds) -> list[tuple[str, float]]:
    if isinstance(thresholds, dict):
        thresholds = list(thresholds.items())
    try:
        pairs = [(str(name), float(value)) for name, value in thresholds]
    except (TypeError, ValueError) as error:
        raise ValueError("thresholds must be (tier name, minimum growth value) pairs") from error
    if not pairs:
        raise ValueError("thresholds must name at least one tier")
    values = [value for _, value in pairs]
    if values[0] != 0:
        raise ValueError(f"thresholds must start at 0 (the entry tier), got {values[0]}")
    if any(b <= a for a, b in zip(values, values[1:])):
        raise ValueError(f"thresholds must increase strictly, got {values}")
    return pairs


def assign_tiers(growth: ArrayLike, thresholds: Any) -> pd.Categorical:
    """Tier of each member from her growth value (成长值) and the tier thresholds.

    Parameters
    ----------
    growth : array-like
        Growth value per member (e.g. spend in the last 365 days), >= 0.
    thresholds : dict or list of (name, minimum)
        Tiers from the lowest, whose minimum must be 0, e.g.
        ``{"member": 0, "silver": 500, "gold": 1500, "diamond": 4000}``.

    Examples
    --------
    >>> list(assign_tiers([0, 499, 500, 5000], {"member": 0, "silver": 500, "gold": 1500}))
    ['member', 'member', 'silver', 'gold']
    """
    pairs = _check_thresholds(thresholds)
    values = as_float_array(growth, "growth")
    if (values < 0).any():
        raise ValueError("growth must be >= 0")
    names = [name for name, _ in pairs]
    cuts = np.array([value for _, value in pairs])
    codes = np.searchsorted(cuts, values, side="right") - 1
    return pd.Categorical.from_codes(codes, categories=names, ordered=True)


def tier_mix(growth: ArrayLike, thresholds: Any) -> pd.Series:
    """Share of members in each tier (各等级会员占比).

    Examples
    --------
    >>> tier_mix([0, 100, 600, 2000], {"member": 0, "silver": 500, "gold": 1500}).tolist()
    [0.5, 0.25, 0.25]
    """
    tiers = assign_tiers(growth, thresholds)
    return pd.Series(tiers).value_counts(normalize=True, sort=False).rename("share")


def threshold_for_share(growth: ArrayLike, share: float) -> float:
    """The growth value that about ``share`` of members reach: a top-tier threshold.

    It is the ``1 - share`` quantile of growth values; with ties the share
    reaching it can be a little above ``share``.

    Examples
    --------
    >>> threshold_for_share(range(1, 101), 0.05)
    95.05
    """
    values = as_float_array(growth, "growth")
    if values.size == 0:
        raise ValueError("growth is empty")
    share = _check_number(share, "share", low=0.0, high=1.0, low_open=True)
    return float(np.quantile(values, 1 - share))


# ---------------------------------------------------------------------------
# IFRS 15 points accounting
# ---------------------------------------------------------------------------

def allocate_points(
    sales: ArrayLike, points: ArrayLike, point_value: ArrayLike, redemption_rate: ArrayLike
) -> tuple[Any, Any]:
    """Split the price of a sale that earns points between the goods and the points (IFRS 15).

    Points that give a material right are a separate performance obligation.
    The transaction price is allocated by relative stand-alone selling prices:
    the goods' price is ``sales``; the points' price is
    ``points x point_value x redemption_rate`` (IFRS 15.B42: the discount,
    weighted by the likelihood of redemption).

    Parameters
    ----------
    sales : float or array-like
        Transaction price (and stand-alone price of the goods), > 0.
    points : float or array-like
        Points earned, >= 0.
    point_value : float
        Value of one point when redeemed (CNY), > 0.
    redemption_rate : float
        Expected share of points to be redeemed, in (0, 1].

    Returns
    -------
    tuple
        ``(goods_revenue, deferred_points_revenue)``: revenue now, and the contract
        liability recognised later as points are redeemed. Rounded to 2 decimals.

    Examples
    --------
    IFRS 15 Illustrative Example 52: sales of 100,000 earn 10,000 points worth 1
    each, of which 9,500 (95%) are expected to be redeemed.

    >>> allocate_points(100_000, 10_000, 1.0, 0.95)
    (91324.2, 8675.8)
    """
    sales_values = as_float_array(sales, "sales")
    point_values = as_float_array(points, "points")
    if (sales_values <= 0).any():
        raise ValueError("sales must be > 0")
    if (point_values < 0).any():
        raise ValueError("points must be >= 0")
    point_value = _check_number(point_value, "point_value", low=0.0, low_open=True)
    redemption_rate = _check_number(redemption_rate, "redemption_rate", low=0.0, high=1.0, low_open=True)
    points_price = point_values * point_value * redemption_rate
    deferred = sales_values * points_price / (sales_values + points_price)
    goods = sales_values - deferred
    if goods.ndim == 0:
        return round(float(goods), 2), round(float(deferred), 2)
    return np.round(goods, 2), np.round(deferred, 2)


def points_revenue(deferred: ArrayLike, redeemed_to_date: ArrayLike, expected_redemptions: ArrayLike) -> Any:
    """Cumulative revenue recognised for points to date (IFRS 15 cumulative catch-up).

    ``deferred x redeemed_to_date / expected_redemptions``: revenue follows the
    points redeemed as a share of the points *now* expected to be redeemed in
    total. When the estimate is revised, the cumulative figure changes and the
    period's revenue is this cumulative figure minus what was recognised before.

    Parameters
    ----------
    deferred : float
        Price allocated to the points (from :func:`allocate_points`), >= 0.
    redeemed_to_date : float
        Points redeemed so far, >= 0.
    expected_redemptions : float
        Current estimate of the points that will ever be redeemed, > 0 and not
        below ``redeemed_to_date`` (if redemptions passed it, revise it).

    Examples
    --------
    IFRS 15 Illustrative Example 52, years 1 and 2:

    >>> year_1 = points_revenue(8676, 4500, 9500)
    >>> round(year_1)
    4110
    >>> to_date = points_revenue(8676, 8500, 9700)
    >>> round(to_date), round(to_date - year_1)
    (7603, 3493)
    """
    deferred_values = as_float_array(deferred, "deferred")
    redeemed = as_float_array(redeemed_to_date, "redeemed_to_date")
    expected = as_float_array(expected_redemptions, "expected_redemptions")
    if (deferred_values < 0).any():
        raise ValueError("deferred must be >= 0")
    if (redeemed < 0).any():
        raise ValueError("redeemed_to_date must be >= 0")
    if (expected <= 0).any():
        raise ValueError("expected_redemptions must be > 0")
    if (redeemed > expected).any():
        raise ValueError("expected_redemptions is below redeemed_to_date: revise the estimate of total redemptions")
    revenue = deferred_values * redeemed / expected
    return float(revenue) if revenue.ndim == 0 else revenue


# ---------------------------------------------------------------------------
# Designing a programme
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ProgrammeRules:
    """The rules of a member programme, as the shop publishes them.

    Attributes
    ----------
    name : str
        A label for tables and charts.
    tiers : tuple of (name, minimum growth value)
        From the entry tier (minimum 0) up; growth value = a year's spend.
    multipliers : tuple of float
        Points multiplier of each tier (等级积分), same length as ``tiers``.
    earn_rate : float
        Points per CNY of spend (固定换算).
    earn_bands : tuple of (from CNY, rate) or None
        Tiered conversion (多级换算) instead of ``earn_rate``: each rate applies
        to the part of a year's spend above its "from", e.g. ``((0, 1), (2000, 2))``.
    welcome_bonus : int
        Points for joining (额外奖励积分), paid to each new member.
    interaction_points : int
        Points per interaction (review, check-in: 互动积分).
    referral_points : int
        Points per successful referral (推广积分).
    point_value : float
        Face value of a point in CNY when redeemed.
    reward_cost_ratio : float
        What a reward costs the shop per CNY of face value (gifts at cost < 1; cash offsets = 1).
    """

    name: str = "programme"
    tiers: tuple = (("member", 0.0), ("silver", 500.0), ("gold", 1500.0), ("diamond", 4000.0))
    multipliers: tuple = (1.0, 1.2, 1.5, 2.0)
    earn_rate: float = 1.0
    earn_bands: tuple | None = None
    welcome_bonus: int = 200
    interaction_points: int = 20
    referral_points: int = 500
    point_value: float = 0.01
    reward_cost_ratio: float = 0.6

    def __post_init__(self) -> None:
        _check_thresholds(self.tiers)
        if len(self.multipliers) != len(self.tiers):
            raise ValueError(f"multipliers must give one value per tier ({len(self.tiers)}), got {len(self.multipliers)}")
        for value in self.multipliers:
            _check_number(value, "multipliers", low=0.0)
        _check_number(self.earn_rate, "earn_rate", low=0.0)
        if self.earn_bands is not None:
            _check_thresholds([(f"band {i}", start) for i, (start, _rate) in enumerate(self.earn_bands)])
            for _start, rate in self.earn_bands:
                _check_number(rate, "earn_bands", low=0.0)
        for name in ("welcome_bonus", "interaction_points", "referral_points"):
            _check_number(getattr(self, name), name, low=0.0)
        _check_number(self.point_value, "point_value", low=0.0, low_open=True)
        _check_number(self.reward_cost_ratio, "reward_cost_ratio", low=0.0, high=1.0)


@dataclass(frozen=True)
class ProgrammeAssumptions:
    """How members are assumed to behave: the numbers a designer argues about.

    Attributes
    ----------
    redemption_rate : float
        Share of points ever redeemed; 1 - breakage (沉淀). Short expiry and
        dull rewards lower it.
    redeemed_in_year : float
        Share of a year's points redeemed within that year (<= redemption_rate).
    interactions_per_member : float
        Interactions rewarded per member a year.
    referrals_per_member : float
        Successful referrals per member a year.
    new_member_share : float
        Share of members who joined this year (and get the welcome bonus).
    spend_lift : float
        Extra spend the programme causes, relative (0.03 = +3%). The most
        important and least known number: test it, do not assume it.
    gross_margin : float
        Margin on the extra spend.
    """

    redemption_rate: float = 0.70
    redeemed_in_year: float = 0.45
    interactions_per_member: float = 1.0
    referrals_per_member: float = 0.05
    new_member_share: float = 0.30
    spend_lift: float = 0.03
    gross_margin: float = 0.40

    def __post_init__(self) -> None:
        _check_number(self.redemption_rate, "redemption_rate", low=0.0, high=1.0, low_open=True)
        _check_number(self.redeemed_in_year, "redeemed_in_year", low=0.0, high=self.redemption_rate)
        _check_number(self.interactions_per_member, "interactions_per_member", low=0.0)
        _check_number(self.referrals_per_member, "referrals_per_member", low=0.0)
        _check_number(self.new_member_share, "new_member_share", low=0.0, high=1.0)
        _check_number(self.spend_lift, "spend_lift", low=-1.0)
        _check_number(self.gross_margin, "gross_margin", low=0.0, high=1.0)


def _base_points(spend: np.ndarray, rules: ProgrammeRules) -> np.ndarray:
    if rules.earn_bands is None:
        return spend * rules.earn_rate
    starts = [float(start) for start, _ in rules.earn_bands] + [np.inf]
    points = np.zeros_like(spend)
    for (start, rate), stop in zip(rules.earn_bands, starts[1:]):
        points += rate * np.clip(spend - float(start), 0.0, stop - float(start))
    return points


def simulate_programme(spend: ArrayLike, rules: ProgrammeRules | None = None,
                       assumptions: ProgrammeAssumptions | None = None) -> pd.Series:
    """Project one year of a member programme from the members' yearly spend.

    Steps: spend rises by ``spend_lift``; each member's tier follows her
    spend; points = base points (fixed or tiered conversion) x tier multiplier,
    plus welcome, interaction and referral points; a share of them is redeemed
    (cost at ``reward_cost_ratio`` of face value), the rest is breakage; the
    points' share of the price is deferred (IFRS 15, :func:`allocate_points`)
    and recognised as points are redeemed (:func:`points_revenue`).

    Parameters
    ----------
    spend : array-like
        Each member's spend in a year without the programme (CNY), >= 0.
    rules : ProgrammeRules, optional
    assumptions : ProgrammeAssumptions, optional

    Returns
    -------
    pandas.Series
        ``members``, ``sales``, ``share_<tier>`` for each tier, ``points_issued``,
        ``points_per_100_cny``, ``reward_cost``, ``cost_pct_sales``,
        ``breakage_points``, ``points_outstanding``, ``deferred_revenue``,
        ``liability_end_of_year``, ``incremental_margin``, ``net_benefit``.

    Examples
    --------
    >>> result = simulate_programme([100.0, 600.0, 2000.0, 5000.0])
    >>> result[["members", "share_diamond", "points_issued"]].round(2).to_dict()
    {'members': 4.0, 'share_diamond': 0.25, 'points_issued': 14654.0}
    >>> round(float(result["cost_pct_sales"]), 4)
    0.0078
    """
    rules = rules or ProgrammeRules()
    assumptions = assumptions or ProgrammeAssumptions()
    if not isinstance(rules, ProgrammeRules):
        raise ValueError(f"rules must be a ProgrammeRules, got {type(rules).__name__}")
    if not isinstance(assumptions, ProgrammeAssumptions):
        raise ValueError(f"assumptions must be a ProgrammeAssumptions, got {type(assumptions).__name__}")
    base_spend = as_float_array(spend, "spend")
    if base_spend.ndim != 1 or base_spend.size == 0:
        raise ValueError("spend must be a non-empty list of members' yearly spend")
    if (base_spend < 0).any():
        raise ValueError("spend must be >= 0")
    members = base_spend.size
    new_spend = base_spend * (1 + assumptions.spend_lift)
    sales = float(new_spend.sum())
    if sales <= 0:
        raise ValueError("spend sums to 0: no sales to earn points on")
    tiers = assign_tiers(new_spend, rules.tiers)
    multipliers = np.asarray(rules.multipliers, dtype=float)[tiers.codes]
    earned = np.floor(_base_points(new_spend, rules) * multipliers).sum()
    extra = members * (assumptions.new_member_share * rules.welcome_bonus
                       + assumptions.interactions_per_member * rules.interaction_points
                       + assumptions.referrals_per_member * rules.referral_points)
    issued = float(earned + extra)
    redeemed_ever = issued * assumptions.redemption_rate
    redeemed_now = issued * assumptions.redeemed_in_year
    reward_cost = redeemed_ever * rules.point_value * rules.reward_cost_ratio
    if issued > 0:
        _goods, deferred = allocate_points(sales, issued, rules.point_value, assumptions.redemption_rate)
        recognised = float(points_revenue(deferred, redeemed_now, redeemed_ever))
    else:
        deferred, recognised = 0.0, 0.0
    incremental_margin = float((new_spend - base_spend).sum() * assumptions.gross_margin)
    result = {"members": float(members), "sales": sales}
    mix = pd.Series(tiers).value_counts(normalize=True, sort=False)
    for name, _minimum in rules.tiers:
        result[f"share_{name}"] = float(mix.get(name, 0.0))
    result.update({
        "points_issued": issued,
        "points_per_100_cny": 100 * issued / sales,
        "reward_cost": reward_cost,
        "cost_pct_sales": reward_cost / sales,
        "breakage_points": issued - redeemed_ever,
        "points_outstanding": issued - redeemed_now,
        "deferred_revenue": float(deferred),
        "liability_end_of_year": float(deferred) - recognised,
        "incremental_margin": incremental_margin,
        "net_benefit": incremental_margin - reward_cost,
    })
    return pd.Series(result, name=rules.name)


def compare_programmes(spend: ArrayLike, candidates: dict) -> pd.DataFrame:
    """Simulate several programmes on the same members, side by side.

    Parameters
    ----------
    spend : array-like
        Members' yearly spend.
    candidates : dict
        ``{label: (ProgrammeRules, ProgrammeAssumptions)}``.

    Returns
    -------
    pandas.DataFrame
        One column per programme, one row per measure of :func:`simulate_programme`.

    Examples
    --------
    >>> plain = ProgrammeRules(name="plain", multipliers=(1, 1, 1, 1))
    >>> table = compare_programmes([100.0, 5000.0], {"A": (ProgrammeRules(), ProgrammeAssumptions()),
    ...                                              "B": (plain, ProgrammeAssumptions())})
    >>> list(table.columns)
    ['A', 'B']
    """
    if not isinstance(candidates, dict) or not candidates:
        raise ValueError("candidates must be a non-empty dict of label: (rules, assumptions)")
    columns = {}
    for label, pair in candidates.items():
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise ValueError(f"candidates[{label!r}] must be a (rules, assumptions) pair")
        columns[label] = simulate_programme(spend, *pair).rename(label)
    return pd.concat(list(columns.values()), axis=1, sort=False)
