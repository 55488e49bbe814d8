"""Loyalty and membership (客户忠诚度与会员体系): measure loyalty, project retention, design a programme.

Tools for each part of Chapter 5:

- **Measuring loyalty**: :func:`purchases_per_customer` (the textbook's repeat-purchase rate
  重复购买率), :func:`repeat_buyer_share` (复购客户比例; :func:`repeat_purchase_rate` is its
  older name), :func:`inter_purchase_days`,
  :func:`deal_share` (price sensitivity), :func:`share_of_wallet`,
  :func:`bought_again` (e.g. tolerance of a quality incident; :func:`repurchased_within` is its older form) and
  :func:`loyalty_segment` (the attitude x behaviour matrix).
- **Retention**: :func:`cohort_retention`, the shifted-beta-geometric model
  :class:`ShiftedBetaGeo` (Fader & Hardie 2007) and :func:`retention_gain`, the
  effect of a higher retention rate on a customer's value.
- **The member programme** (monitoring, points accounting, design) is in
  :mod:`crmkit.programme`; its names (:func:`member_kpis`, :func:`assign_tiers`,
  :func:`tier_mix`, :func:`threshold_for_share`, :func:`allocate_points`,
  :func:`points_revenue`, :class:`ProgrammeRules`, :class:`ProgrammeAssumptions`,
  :func:`simulate_programme`, :func:`compare_programmes`) are still importable from here.

Every function raises ``ValueError`` naming the argument at fault.

Examples
--------
>>> import pandas as pd
>>> from crmkit import loyalty
>>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"],
...                        "order_date": pd.to_datetime(["2024-01-05", "2024-03-01", "2024-02-10"])})
>>> loyalty.purchases_per_customer(orders), loyalty.repeat_buyer_share(orders)
(1.5, 0.5)
>>> loyalty.allocate_points(100_000, 10_000, 1.0, 0.95)
(91324.2, 8675.8)
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.optimize import minimize
from scipy.special import betaln, hyp2f1

from crmkit._checks import (
    DegenerateFitWarning,
    DroppedRowsWarning,
    as_date,
    as_date_array,
    as_float_array,
    as_id_array,
    check_choice,
    check_column_names,
    check_number,
    check_whole,
    date_column,
    id_column,
    require_columns,
)
from crmkit._compat import orders_synonym, synonym
from crmkit._model import FittedModel, scalar_or_array
from crmkit.clv import retention_value

# Moved to crmkit.programme; still importable from here.
from crmkit.programme import (
    ProgrammeAssumptions,
    ProgrammeRules,
    allocate_points,
    assign_tiers,
    compare_programmes,
    member_kpis,
    points_revenue,
    simulate_programme,
    threshold_for_share,
    tier_mix,
)

__all__ = [
    "loyalty_segment",
    "SEGMENT_STRATEGY",
    "repeat_purchase_rate",
    "repeat_buyer_share",
    "purchases_per_customer",
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
    return check_number(value, argument, low=low, high=high, low_open=low_open)


def _check_orders(orders: pd.DataFrame, customer: str, date: str | None = None) -> pd.Series | None:
    """Check a purchase table's customer ids (and dates); return the dates, parsed."""
    check_column_names(customer=customer, **({"date": date} if date is not None else {}))
    require_columns(orders, [customer] + ([date] if date is not None else []), "orders")
    id_column(orders, customer, "orders")
    return date_column(orders, date, "orders") if date is not None else None


# ---------------------------------------------------------------------------
# Measuring loyalty
# ---------------------------------------------------------------------------

def _purchase_counts(orders: pd.DataFrame, customer: str) -> pd.Series:
    """Purchases per customer who bought (checked input; an empty table has no buyers)."""
    _check_orders(orders, customer)
    if orders.empty:
        raise ValueError("orders is empty: no buying customers")
    return orders.groupby(customer).size()


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


@orders_synonym
def repeat_buyer_share(orders: pd.DataFrame, customer: str = "customer_id") -> float:
    """Share of buying customers with two or more purchases: the repeat-buyer share (复购客户比例).

    Not the textbook's repeat-purchase rate (重复购买率), which counts
    purchases per customer in a period: that is :func:`purchases_per_customer`.
    Filter ``orders`` to the period (or window) first.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per purchase.
        ``transactions=`` is its older name, still accepted as a synonym.
    customer : str
        The column naming the customer.

    Returns
    -------
    float
        Customers with 2+ rows divided by customers with 1+ rows.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c", "c"]})
    >>> round(repeat_buyer_share(orders), 3)
    0.667
    """
    return float((_purchase_counts(orders, customer) >= 2).mean())


@orders_synonym
def repeat_purchase_rate(orders: pd.DataFrame, customer: str = "customer_id") -> float:
    """Older name of :func:`repeat_buyer_share` (share of buyers with 2+ purchases), kept for older code.

    The textbook's 重复购买率 is purchases per customer in a period:
    :func:`purchases_per_customer`. ``transactions=`` is the older name of ``orders``.

    Examples
    --------
    >>> repeat_purchase_rate(pd.DataFrame({"customer_id": ["a", "a", "b"]}))
    0.5
    """
    return repeat_buyer_share(orders, customer=customer)


@orders_synonym
def purchases_per_customer(orders: pd.DataFrame, customer: str = "customer_id") -> float:
    """Purchases per buying customer in the period of ``orders``: the textbook's repeat-purchase rate (重复购买率).

    The textbook defines 重复购买率 as the number of times a customer buys
    from the shop in a period (the more often, the more loyal); for the shop it
    is the mean over the customers who bought in the period. Filter ``orders``
    to the period first: the figure grows with the period's length.
    :func:`repeat_buyer_share` is the other common "repeat rate", the share of
    buyers with two or more purchases (复购客户比例).

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per purchase in the period.
        ``transactions=`` is its older name, still accepted as a synonym.
    customer : str
        The column naming the customer.

    Returns
    -------
    float
        Rows divided by distinct customers (>= 1).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c", "c"]})
    >>> purchases_per_customer(orders)
    2.0
    """
    return float(_purchase_counts(orders, customer).mean())


@orders_synonym
def inter_purchase_days(orders: pd.DataFrame, customer: str = "customer_id", date: str = "order_date") -> pd.Series:
    """Days between each purchase and the same customer's previous one (购买间隔).

    Customers with one purchase have no gap and contribute nothing. ``orders`` has
    one row per order; ``transactions=`` is its older name, still accepted as a synonym.

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
    dates = _check_orders(orders, customer, date)
    ordered = pd.DataFrame({customer: orders[customer], date: dates}).sort_values([customer, date], kind="stable")
    gaps = ordered.groupby(customer)[date].diff().dt.days.astype(float)
    gaps.index = ordered[customer]
    return gaps.dropna().rename("days")


@orders_synonym
def deal_share(orders: pd.DataFrame, customer: str = "customer_id", discount: str = "discount") -> pd.Series:
    """Share of each customer's purchases that carried a discount: a simple price-sensitivity measure (价格敏感度).

    ``orders`` has one row per order; ``transactions=`` is its older name, still accepted as a synonym.

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
    _check_orders(orders, customer)
    require_columns(orders, [discount], "orders")
    values = as_float_array(orders[discount], f"orders[{discount!r}]")
    if (values < 0).any():
        raise ValueError(f"orders[{discount!r}] has negative discounts")
    on_deal = pd.Series(values > 0, index=orders.index)
    return on_deal.groupby(orders[customer]).mean().rename("deal_share")


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


@orders_synonym
def bought_within(customer_ids: ArrayLike, start_days: ArrayLike, orders: pd.DataFrame, days: int,
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
    orders : pandas.DataFrame
        Purchases with ``customer`` and ``date`` columns.
        ``transactions=`` is its older name, still accepted as a synonym.
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
    order_dates = _check_orders(orders, customer, date)
    days = check_whole(days, "days", low=1)
    starts = as_date_array(start_days, "start_days").to_numpy().astype("datetime64[ns]")
    ids = as_id_array(customer_ids, "customer_ids")
    if len(ids) != len(starts):
        raise ValueError(f"customer_ids has {len(ids)} entries but start_days has {len(starts)}")
    purchases = pd.DataFrame({"_customer": orders[customer].to_numpy(dtype=object),
                              "_next_purchase": order_dates.to_numpy().astype("datetime64[ns]")})
    purchases = purchases.sort_values("_next_purchase", kind="stable")
    events = pd.DataFrame({"_customer": ids, "_start": starts, "_row": np.arange(len(ids))})
    # For each event, the customer's first purchase strictly after its start day.
    matched = pd.merge_asof(events.sort_values("_start", kind="stable"), purchases, left_on="_start",
                            right_on="_next_purchase", by="_customer", direction="forward", allow_exact_matches=False)
    matched = matched.sort_values("_row")
    return (matched["_next_purchase"] <= matched["_start"] + pd.Timedelta(days=days)).to_numpy()


@orders_synonym
def bought_again(events: pd.DataFrame, orders: pd.DataFrame, days: int, *, event_date: str = "event_date",
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
    orders : pandas.DataFrame
        Purchases with ``customer`` and ``date`` columns.
        ``transactions=`` is its older name, still accepted as a synonym.
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
    check_column_names(event_date=event_date)
    order_dates = _check_orders(orders, customer, date)
    require_columns(events, [customer, event_date], "events")
    id_column(events, customer, "events")
    days = check_whole(days, "days", low=1)
    event_days = date_column(events, event_date, "events").dt.normalize()
    as_of = as_date(as_of, "as_of") if as_of is not None else order_dates.max()
    judged = (event_days + pd.Timedelta(days=days) <= as_of).to_numpy()
    values = pd.array([pd.NA] * len(events), dtype="boolean")
    if judged.any():
        values[judged] = bought_within(events[customer].to_numpy()[judged], event_days.to_numpy()[judged], orders,
                                       days, customer=customer, date=date)
    result = pd.Series(values, index=events.index, name="bought_again")
    result.attrs["censored"] = int((~judged).sum())
    result.attrs["as_of"] = as_of
    return result


@orders_synonym
def repurchased_within(events: pd.DataFrame, orders: pd.DataFrame, days: int, event_date: str = "event_date",
                       customer: str = "customer_id", date: str = "order_date", end: Any = None, *,
                       as_of: Any = None) -> pd.Series:
    """Did the customer buy again within ``days`` after each event (e.g. a quality incident)?

    :func:`bought_again` with the events too recent to judge left out, and a
    warning that says how many. ``end`` is an older name for ``as_of``, ``transactions``
    an older name for ``orders``.

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
    if end is not None:
        as_date(end, "end")  # checked under the name the caller used
    as_of = synonym("as_of", as_of, "end", end)
    result = bought_again(events, orders, days, event_date=event_date, customer=customer, date=date, as_of=as_of)
    dropped = result.attrs["censored"]
    if dropped:
        warnings.warn(f"repurchased_within: {dropped} event(s) less than {int(days)} days before {result.attrs['as_of'].date()} "
                      "left out (too recent to judge)", DroppedRowsWarning, stacklevel=2)
    return result.dropna().astype(bool).rename("repurchased")


# ---------------------------------------------------------------------------
# Retention
# ---------------------------------------------------------------------------

@orders_synonym
def cohort_retention(orders: pd.DataFrame, customer: str = "customer_id", date: str = "order_date",
                     freq: str = "M") -> pd.DataFrame:
    """Cohort retention table (同期群留存): share of each first-purchase cohort buying in each later period.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per purchase.
        ``transactions=`` is its older name, still accepted as a synonym.
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
    dates = _check_orders(orders, customer, date)
    check_choice(freq, "freq", ["M", "Q", "Y"])
    if orders.empty:
        raise ValueError("orders is empty")
    periods = dates.dt.to_period(freq)
    frame = pd.DataFrame({"customer": orders[customer].to_numpy(), "period": periods.to_numpy()})
    cohort = frame.groupby("customer")["period"].transform("min")
    frame["cohort"] = cohort
    frame["age"] = (frame["period"] - frame["cohort"]).apply(lambda offset: offset.n)
    active = frame.drop_duplicates(["customer", "age"]).groupby(["cohort", "age"]).size().unstack(fill_value=0)
    last = frame["period"].max()
    # Every observable period gets a column, also one in which no cohort bought (retention 0, not left out).
    longest = max((last - cohort_period).n for cohort_period in active.index)
    active = active.reindex(columns=range(longest + 1), fill_value=0)
    size = active[0]
    table = active.div(size, axis=0).astype(float)
    for cohort_period in table.index:
        observable = (last - cohort_period).n
        table.loc[cohort_period, table.columns > observable] = np.nan
    table.columns.name = "periods_since_first"
    table.index.name = "cohort"
    table.attrs["cohort_size"] = size
    return table


#: The longest horizon ShiftedBetaGeo.expected_lifetime sums over (periods); use horizon=None for the infinite sum.
_MAX_HORIZON = 1_000_000


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
        if isinstance(survivors, (str, bytes, dict)):
            raise ValueError(f"survivors must be a sequence of counts, got {survivors!r}")
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
        if lost.sum() == 0:
            raise ValueError("ShiftedBetaGeo cannot be fitted: survivors never decrease, so nobody left and the "
                             "spread of the churn probability is not identified")
        if counts[1] == 0:
            raise ValueError("ShiftedBetaGeo cannot be fitted: every customer left after the first period "
                             "(survivors[1] is 0), so there is no retention to model")
        alpha, beta = np.exp(best.x)
        self._set_fit({"alpha": alpha, "beta": beta}, -best.fun, counts[0])
        if counts.size < 3:
            warnings.warn("ShiftedBetaGeo: survivors give one period of retention only; alpha and beta are not "
                          "identified (any pair with the same retention rate fits); give at least two periods",
                          DegenerateFitWarning, stacklevel=2)
        elif not (1e-4 < alpha < 1e4 and 1e-4 < beta < 1e4):
            warnings.warn(f"ShiftedBetaGeo: the estimates are at the edge of their range (alpha={alpha:.3g}, "
                          f"beta={beta:.3g}); the data hardly identify the model", DegenerateFitWarning, stacklevel=2)
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
        values = np.minimum(np.exp(betaln(alpha, beta + periods) - betaln(alpha, beta)), 1.0)  # rounding never above 1
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
            horizon = check_whole(horizon, "horizon", low=1, high=_MAX_HORIZON)
            total = 0.0
            for first in range(0, horizon, 100_000):  # in chunks: memory stays small for long horizons
                periods = np.arange(first, min(first + 100_000, horizon), dtype=float)
                total += float(np.sum(self.survival(periods) * np.exp(-periods * np.log1p(discount_rate))))
            return total
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
    if before == 0:
        raise ValueError("margin is 0, so the customer is worth 0 before and after: there is no relative change")
    return pd.Series({"value_before": before, "value_after": after, "change": after / before - 1})

