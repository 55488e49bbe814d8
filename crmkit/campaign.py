"""CRM marketing (CRM营销): campaign ROI, lift, sample size, lifecycle stages and uplift.

Chapter 6 of the workbook uses these functions. They come in four groups:

- **Money.** :func:`roi_textbook` is the textbook's ROI (投资回报率) =
  total sales / marketing cost × 100 %; :func:`roas` is return on ad spend;
  :func:`roi` is profit-based ROI, (gain − cost) / cost, where *gain* should be
  the **incremental** gross profit measured against a hold-out group;
  :func:`break_even_rate` is the response rate at which a campaign pays for itself.
- **Evidence.** :func:`lift` compares the response of a treated group with a
  randomised hold-out (control) group: absolute and relative lift, a normal-
  approximation confidence interval and a pooled two-proportion z-test;
  :func:`sample_size_two_proportions` says how many customers per group a test
  needs.
- **Who to target.** :func:`lifecycle_stages` puts each customer in one of the
  textbook's relationship life-cycle stages (客户关系生命周期) from the order
  history; :class:`TwoModelUplift`, :func:`uplift_by_decile` and
  :func:`qini_curve` introduce uplift modelling.
- **Trying a plan.** :func:`simulate_campaign` runs a planned campaign on the
  data world, with the same response model that made the ``campaign_contacts`` table.

Examples
--------
>>> from crmkit import campaign
>>> campaign.roi_textbook(sales=50_000, cost=5_000)
1000.0
>>> campaign.roi(gain=2_000, cost=5_000)
-0.6
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "roi_textbook",
    "roas",
    "roi",
    "lift",
    "LiftResult",
    "break_even_rate",
    "sample_size_two_proportions",
    "power_two_proportions",
    "STAGES",
    "STAGE_STRATEGY",
    "lifecycle_stages",
    "incremental_summary",
    "cost_per_incremental_order",
    "TwoModelUplift",
    "uplift_by_decile",
    "qini_curve",
    "simulate_campaign",
]


# ---------------------------------------------------------------------------
# Checking arguments
# ---------------------------------------------------------------------------


def _as_array(value: Any, name: str) -> np.ndarray:
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a number or an array of numbers, got {value!r}") from error
    if np.isnan(array).any():
        raise ValueError(f"{name} contains a missing value (NaN)")
    return array


def _check_non_negative(value: Any, name: str) -> None:
    if (_as_array(value, name) < 0).any():
        raise ValueError(f"{name} must not be negative, got {value!r}")


def _check_positive(value: Any, name: str, why: str) -> None:
    if (_as_array(value, name) <= 0).any():
        raise ValueError(f"{name} must be greater than zero ({why}), got {value!r}")


def _plain(result: Any) -> Any:
    """Return a Python float for a scalar result, the result itself for arrays and Series."""
    if np.ndim(result) == 0:
        return float(result)
    return result


# ---------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------


def roi_textbook(sales: Any, cost: Any) -> Any:
    """The textbook's ROI: total sales divided by marketing cost, in per cent.

    The textbook (Chapter 6, section 8) defines 投资回报率 = 销售总额 / 营销成本 × 100 %.
    It counts every sale of the contacted customers, including those who would have
    bought anyway, and sets sales (not profit) against cost; so a figure above 100 %
    does **not** mean the campaign made money. Compare :func:`roi`.

    Parameters
    ----------
    sales : float or array-like
        Total sales of the campaign's customers (CNY), not negative.
    cost : float or array-like
        Marketing cost (CNY), greater than zero.

    Returns
    -------
    float or array-like
        ``sales / cost * 100``; a float for scalar input, otherwise the same shape.

    Raises
    ------
    ValueError
        If ``sales`` is negative or ``cost`` is not greater than zero.

    Examples
    --------
    >>> roi_textbook(sales=41_600, cost=5_250)
    792.3809523809524
    """
    _check_non_negative(sales, "sales")
    _check_positive(cost, "cost", "ROI divides by it")
    return _plain(sales / cost * 100)


def roas(revenue: Any, cost: Any) -> Any:
    """Return on ad spend: revenue per unit of marketing cost.

    Parameters
    ----------
    revenue : float or array-like
        Revenue (CNY), not negative. Pass *incremental* revenue to get incremental ROAS.
    cost : float or array-like
        Marketing cost (CNY), greater than zero.

    Returns
    -------
    float or array-like
        ``revenue / cost`` (so ``roi_textbook`` is ROAS written as a percentage).

    Raises
    ------
    ValueError
        If ``revenue`` is negative or ``cost`` is not greater than zero.

    Examples
    --------
    >>> roas(revenue=12_000, cost=4_000)
    3.0
    """
    _check_non_negative(revenue, "revenue")
    _check_positive(cost, "cost", "ROAS divides by it")
    return _plain(revenue / cost)


def roi(gain: Any, cost: Any) -> Any:
    """Profit-based return on investment, (gain − cost) / cost.

    Parameters
    ----------
    gain : float or array-like
        The gross profit the campaign brought (CNY). Use the **incremental** gross
        profit (treated group's minus what the hold-out group shows would have
        come anyway); it may be negative.
    cost : float or array-like
        The campaign's cost (CNY), greater than zero.

    Returns
    -------
    float or array-like
        A ratio: 0.25 means the campaign returned its cost plus 25 %; −1 means the
        whole cost was lost.

    Raises
    ------
    ValueError
        If ``cost`` is not greater than zero.

    Examples
    --------
    >>> roi(gain=1_280, cost=5_250)
    -0.7561904761904762
    >>> roi(gain=6_000, cost=4_000)
    0.5
    """
    _as_array(gain, "gain")
    _check_positive(cost, "cost", "ROI divides by it")
    return _plain((gain - cost) / cost)


def break_even_rate(cost_per_contact: Any, margin_per_response: Any) -> Any:
    """The incremental response rate at which a campaign's profit is zero.

    Each contact costs ``cost_per_contact``; each response the campaign causes
    earns ``margin_per_response``. Profit per contact is
    ``rate * margin_per_response - cost_per_contact``, zero at
    ``rate = cost_per_contact / margin_per_response``.

    Parameters
    ----------
    cost_per_contact : float or array-like
        Cost of one contact (CNY), not negative (message, coupon and other costs per customer).
    margin_per_response : float or array-like
        Gross profit of one incremental response (CNY), greater than zero.

    Returns
    -------
    float or array-like
        The break-even response rate (a share, 0.01 = 1 %).

    Raises
    ------
    ValueError
        If ``cost_per_contact`` is negative or ``margin_per_response`` is not greater than zero.

    Examples
    --------
    >>> break_even_rate(cost_per_contact=0.05, margin_per_response=40.0)
    0.00125
    """
    _check_non_negative(cost_per_contact, "cost_per_contact")
    _check_positive(margin_per_response, "margin_per_response", "the rate divides by it")
    return _plain(cost_per_contact / margin_per_response)


# ---------------------------------------------------------------------------
# Evidence: lift, test and sample size
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LiftResult:
    """What :func:`lift` returns.

    Attributes
    ----------
    treated_rate, control_rate : float
        Response rates of the two groups.
    absolute : float
        ``treated_rate - control_rate`` (the lift in percentage points / 100).
    relative : float
        ``absolute / control_rate`` (NaN when the control rate is 0).
    ci_low, ci_high : float
        Confidence interval for ``absolute`` (normal approximation, unpooled standard error).
    z : float
        Pooled two-proportion z statistic (NaN when both groups are all 0 or all 1).
    p_value : float
        Two-sided p-value of the z-test.
    confidence : float
        The confidence level of the interval.
    """

    treated_rate: float
    control_rate: float
    absolute: float
    relative: float
    ci_low: float
    ci_high: float
    z: float
    p_value: float
    confidence: float


def _check_count(conversions: Any, n: Any, conversions_name: str, n_name: str) -> tuple[int, int]:
    for value, name in ((conversions, conversions_name), (n, n_name)):
        if isinstance(value, bool) or not float(value).is_integer():
            raise ValueError(f"{name} must be a whole number, got {value!r}")
    conversions, n = int(conversions), int(n)
    if n <= 0:
        raise ValueError(f"{n_name} must be at least 1, got {n}")
    if conversions < 0:
        raise ValueError(f"{conversions_name} must not be negative, got {conversions}")
    if conversions > n:
        raise ValueError(f"{conversions_name} ({conversions}) cannot exceed {n_name} ({n})")
    return conversions, n


def lift(
    treated_conversions: int,
    treated_n: int,
    control_conversions: int,
    control_n: int,
    confidence: float = 0.95,
) -> LiftResult:
    """Lift of a treated group over a hold-out group, with a confidence interval and a test.

    With response rates :math:`p_t = x_t / n_t` and :math:`p_c = x_c / n_c`:

    - absolute lift :math:`d = p_t - p_c`; relative lift :math:`d / p_c`;
    - confidence interval :math:`d \\pm z_{1-(1-c)/2}\\sqrt{p_t(1-p_t)/n_t + p_c(1-p_c)/n_c}`
      (the Wald interval for a difference of proportions);
    - z-test with the pooled rate :math:`\\bar p = (x_t + x_c)/(n_t + n_c)`:
      :math:`z = d / \\sqrt{\\bar p(1-\\bar p)(1/n_t + 1/n_c)}`, two-sided p-value
      :math:`2(1 - \\Phi(|z|))`. This is the test of ``statsmodels``'
      ``proportions_ztest`` and, squared, Pearson's chi-square test without continuity correction.

    Parameters
    ----------
    treated_conversions, treated_n : int
        Responders and size of the treated (contacted) group.
    control_conversions, control_n : int
        Responders and size of the hold-out group.
    confidence : float, default 0.95
        Confidence level of the interval, strictly between 0 and 1.

    Returns
    -------
    LiftResult
        Fields ``treated_rate``, ``control_rate``, ``absolute``, ``relative``,
        ``ci_low``, ``ci_high``, ``z``, ``p_value``, ``confidence``.

    Raises
    ------
    ValueError
        If a count is negative, not whole, or above its group size, a group is
        empty, or ``confidence`` is not between 0 and 1; the message names the argument.

    Examples
    --------
    >>> result = lift(60, 1000, 40, 1000)
    >>> round(result.absolute, 3), round(result.relative, 2)
    (0.02, 0.5)
    >>> round(result.ci_low, 4), round(result.ci_high, 4)
    (0.0009, 0.0391)
    >>> round(result.z, 3), round(result.p_value, 4)
    (2.052, 0.0402)
    """
    xt, nt = _check_count(treated_conversions, treated_n, "treated_conversions", "treated_n")
    xc, nc = _check_count(control_conversions, control_n, "control_conversions", "control_n")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    pt, pc = xt / nt, xc / nc
    absolute = pt - pc
    relative = absolute / pc if pc > 0 else math.nan
    z_crit = stats.norm.ppf(1 - (1 - confidence) / 2)
    se_unpooled = math.sqrt(pt * (1 - pt) / nt + pc * (1 - pc) / nc)
    pooled = (xt + xc) / (nt + nc)
    se_pooled = math.sqrt(pooled * (1 - pooled) * (1 / nt + 1 / nc))
    if se_pooled > 0:
        z = absolute / se_pooled
        p_value = float(2 * stats.norm.sf(abs(z)))
    else:
        z, p_value = math.nan, math.nan
    return LiftResult(
        treated_rate=pt,
        control_rate=pc,
        absolute=absolute,
        relative=relative,
        ci_low=float(absolute - z_crit * se_unpooled),
        ci_high=float(absolute + z_crit * se_unpooled),
        z=float(z),
        p_value=p_value,
        confidence=confidence,
    )


def _check_rate(value: float, name: str) -> float:
    value = float(value)
    if not 0 < value < 1:
        raise ValueError(f"{name} must be strictly between 0 and 1, got {value!r}")
    return value


def sample_size_two_proportions(p_control: float, p_treated: float, alpha: float = 0.05, power: float = 0.8) -> int:
    """Customers needed **per group** to detect a difference of two response rates.

    The classic closed form for the two-sided two-proportion z-test with equal
    groups, no continuity correction (Fleiss, Levin & Paik 2003, *Statistical
    Methods for Rates and Proportions*, 3rd ed., ch. 4, without the continuity correction;
    the formula R's ``power.prop.test`` solves):

    .. math::

        n = \\frac{\\left[z_{1-\\alpha/2}\\sqrt{2\\bar p\\bar q} + z_{1-\\beta}\\sqrt{p_c q_c + p_t q_t}\\right]^2}{(p_t - p_c)^2},
        \\qquad \\bar p = \\frac{p_c + p_t}{2},\\ q = 1 - p,

    rounded up. The first term is the spread of the difference under "no effect"
    (pooled), the second under the effect you hope for.

    Parameters
    ----------
    p_control : float
        Expected response rate without the campaign (the hold-out's rate).
    p_treated : float
        Response rate you want to be able to detect with the campaign.
    alpha : float, default 0.05
        Significance level of the two-sided test.
    power : float, default 0.8
        Probability of detecting the difference if it is real.

    Returns
    -------
    int
        Customers per group (treated and hold-out each).

    Raises
    ------
    ValueError
        If a rate, ``alpha`` or ``power`` is not strictly between 0 and 1, or the rates are equal.

    Examples
    --------
    R's documented example ``power.prop.test(p1 = .50, p2 = .75, power = .90)`` gives n = 76.7:

    >>> sample_size_two_proportions(0.50, 0.75, power=0.90)
    77

    A 2 % response rate that a campaign lifts to 3 %:

    >>> sample_size_two_proportions(0.02, 0.03)
    3826
    """
    pc = _check_rate(p_control, "p_control")
    pt = _check_rate(p_treated, "p_treated")
    alpha = _check_rate(alpha, "alpha")
    power = _check_rate(power, "power")
    if pc == pt:
        raise ValueError("p_control and p_treated are equal: no sample can detect a zero difference")
    z_alpha = stats.norm.ppf(1 - alpha / 2)
    z_beta = stats.norm.ppf(power)
    p_bar = (pc + pt) / 2
    spread_null = math.sqrt(2 * p_bar * (1 - p_bar))
    spread_alternative = math.sqrt(pc * (1 - pc) + pt * (1 - pt))
    n = (z_alpha * spread_null + z_beta * spread_alternative) ** 2 / (pt - pc) ** 2
    return int(math.ceil(n - 1e-9))


def power_two_proportions(p_control: float, p_treated: float, n_per_group: float, alpha: float = 0.05) -> float:
    """Power of the two-sided two-proportion z-test with ``n_per_group`` customers in each group.

    The inverse of :func:`sample_size_two_proportions` (same approximation; the
    small chance of rejecting in the wrong direction is ignored, as in R's
    ``power.prop.test`` with ``strict = FALSE``).

    Examples
    --------
    R's documented example ``power.prop.test(n = 50, p1 = .50, p2 = .75)`` gives power 0.740:

    >>> round(power_two_proportions(0.50, 0.75, 50), 3)
    0.74
    """
    pc = _check_rate(p_control, "p_control")
    pt = _check_rate(p_treated, "p_treated")
    alpha = _check_rate(alpha, "alpha")
    if n_per_group <= 0:
        raise ValueError(f"n_per_group must be greater than zero, got {n_per_group!r}")
    p_bar = (pc + pt) / 2
    spread_null = math.sqrt(2 * p_bar * (1 - p_bar))
    spread_alternative = math.sqrt(pc * (1 - pc) + pt * (1 - pt))
    z_alpha = stats.norm.ppf(1 - alpha / 2)
    return float(stats.norm.cdf((math.sqrt(n_per_group) * abs(pt - pc) - z_alpha * spread_null) / spread_alternative))


# ---------------------------------------------------------------------------
# Offers (promotion mechanics, 促销方式)
# ---------------------------------------------------------------------------

#: The promotion mechanics an :class:`Offer` can describe.
MECHANICS = ("percent_off", "spend_and_save", "buy_and_get", "coupon")


@dataclass(frozen=True)
class Offer:
    """A promotion mechanic and what it costs the shop on one order.

    Parameters
    ----------
    mechanic : str
        ``"percent_off"`` (全场×折: ``rate`` off every order), ``"spend_and_save"``
        (满×减×: ``amount`` off an order of at least ``threshold``), ``"buy_and_get"``
        (买×送×: a free gift whose cost of goods is ``amount`` with every order of at
        least ``min_items`` items) or ``"coupon"`` (优惠券: ``amount`` off, on orders of
        at least ``threshold``; ``threshold=0`` is a no-threshold coupon, 无门槛券).
    rate : float
        Share off the price for ``percent_off`` (0.15 = 15 % off, 八五折).
    threshold : float
        Minimum order value (CNY) for ``spend_and_save`` and ``coupon``.
    amount : float
        CNY off (``spend_and_save``, ``coupon``) or the gift's cost of goods (``buy_and_get``).
    min_items : int
        Items an order needs for ``buy_and_get``.

    Examples
    --------
    >>> Offer("spend_and_save", threshold=300, amount=40).cost(320.0)
    40.0
    >>> Offer("spend_and_save", threshold=300, amount=40).cost(280.0)
    0.0
    >>> Offer("percent_off", rate=0.15).cost(200.0)
    30.0
    >>> Offer("buy_and_get", amount=24, min_items=2).cost(150.0, items=2)
    24.0
    """

    mechanic: str
    rate: float = 0.0
    threshold: float = 0.0
    amount: float = 0.0
    min_items: int = 0

    def __post_init__(self) -> None:
        if self.mechanic not in MECHANICS:
            raise ValueError(f"mechanic must be one of {MECHANICS}, got {self.mechanic!r}")
        if not 0 <= self.rate < 1:
            raise ValueError(f"rate must be at least 0 and below 1, got {self.rate!r}")
        for name in ("threshold", "amount", "min_items"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative, got {getattr(self, name)!r}")
        if self.mechanic == "percent_off" and self.rate == 0:
            raise ValueError("a percent_off offer needs a rate above 0")
        if self.mechanic != "percent_off" and self.amount == 0:
            raise ValueError(f"a {self.mechanic} offer needs an amount above 0")
        if self.mechanic == "spend_and_save" and self.amount >= self.threshold:
            raise ValueError(f"a spend_and_save offer must save less than its threshold, got amount {self.amount} >= threshold {self.threshold}")

    def cost(self, order_value: Any, items: Any = 1) -> Any:
        """Cost of the offer to the shop on orders of ``order_value`` CNY (list prices) and ``items`` items.

        For the price offers the cost is the money off; for ``buy_and_get`` it is
        the gift's cost of goods. Works on numbers and on arrays.
        """
        _check_non_negative(order_value, "order_value")
        value = np.asarray(order_value, dtype=float)
        count = np.asarray(items, dtype=float)
        if self.mechanic == "percent_off":
            cost = value * self.rate
        elif self.mechanic == "buy_and_get":
            cost = np.where(count >= self.min_items, self.amount, 0.0) * np.ones_like(value)
        else:
            cost = np.where(value >= self.threshold, np.minimum(self.amount, value), 0.0)
        return _plain(np.round(cost, 2))

    def pays(self) -> bool:
        """True if the customer pays less (a price offer), False if she gets goods (a gift)."""
        return self.mechanic != "buy_and_get"

    def describe(self) -> str:
        """A short English label, e.g. ``'spend 300 save 40'``.

        Examples
        --------
        >>> Offer("coupon", amount=20).describe()
        '20 CNY coupon, no threshold'
        """
        if self.mechanic == "percent_off":
            return f"{self.rate:.0%} off"
        if self.mechanic == "spend_and_save":
            return f"spend {self.threshold:g} save {self.amount:g}"
        if self.mechanic == "buy_and_get":
            return f"buy {self.min_items} get a gift (cost {self.amount:g} CNY)"
        if self.threshold > 0:
            return f"{self.amount:g} CNY coupon on orders of {self.threshold:g}+"
        return f"{self.amount:g} CNY coupon, no threshold"


# ---------------------------------------------------------------------------
# Lifecycle stages (客户关系生命周期)
# ---------------------------------------------------------------------------

#: The textbook's four stages, in order.
STAGES = ("identification", "development", "stability", "decline")

#: The textbook's strategy for each stage, in one line each.
STAGE_STRATEGY = {
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
) -> pd.DataFrame:
    """Put each customer in a relationship life-cycle stage on a given day.

    Only orders placed **before** ``as_of`` count. The rules, applied in this order:

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
        The day of the snapshot; orders on or after it are ignored.
    customers : pandas.DataFrame, optional
        Columns ``customer_id`` and ``signup_date``. If given, customers who had
        registered before ``as_of`` but never bought are included (stage
        identification, 0 orders).
    decline_after_days, stable_min_orders, stable_min_tenure_days : int
        The thresholds of the rules above.

    Returns
    -------
    pandas.DataFrame
        One row per customer, sorted by ``customer_id``: ``customer_id``, ``orders``,
        ``spend`` (CNY), ``first_order``, ``last_order``, ``recency_days`` (days since
        the last order; NaN without orders), ``tenure_days`` (since the first order),
        ``stage`` (an ordered categorical of :data:`STAGES`).

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
    for column in ("customer_id", "order_date", "amount"):
        if column not in orders.columns:
            raise ValueError(f"orders lacks the column {column!r}")
    for name, value in (("decline_after_days", decline_after_days), ("stable_min_orders", stable_min_orders),
                        ("stable_min_tenure_days", stable_min_tenure_days)):
        if value <= 0:
            raise ValueError(f"{name} must be positive, got {value!r}")
    as_of = pd.Timestamp(as_of)
    before = orders[orders["order_date"] < as_of]
    summary = before.groupby("customer_id").agg(
        orders=("order_date", "size"),
        spend=("amount", "sum"),
        first_order=("order_date", "min"),
        last_order=("order_date", "max"),
    )
    if customers is not None:
        for column in ("customer_id", "signup_date"):
            if column not in customers.columns:
                raise ValueError(f"customers lacks the column {column!r}")
        registered = customers.loc[customers["signup_date"] < as_of, "customer_id"]
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
    summary["stage"] = pd.Categorical(stage, categories=STAGES, ordered=True)
    return summary[["customer_id", "orders", "spend", "first_order", "last_order", "recency_days", "tenure_days", "stage"]]


# ---------------------------------------------------------------------------
# Campaign accounts against the hold-out
# ---------------------------------------------------------------------------

CONTACT_COLUMNS = ("campaign_id", "group", "contact_cost", "converted", "order_value", "offer_cost", "amount_paid")


def incremental_summary(
    contacts: pd.DataFrame,
    by: str | list[str] = "campaign_id",
    fixed_costs: dict[str, float] | pd.Series | None = None,
    gross_margin: float = 0.40,
) -> pd.DataFrame:
    """The campaign accounts, the textbook's way and against the hold-out, per group of contacts.

    For each group (by default each campaign) with ``n_t`` treated and ``n_c``
    hold-out customers:

    - ``sales``: what the treated customers paid (the textbook's 销售总额);
    - ``cost``: contact costs + offer costs of the treated + fixed costs (营销成本);
    - ``roi_textbook`` = sales / cost × 100 and ``roas`` = sales / cost;
    - ``attributed_roi``: :func:`roi` with the gross profit of *all* treated orders;
    - ``incremental_orders`` = n_t × (treated rate − control rate);
    - ``incremental_gross_profit`` = gross_margin × n_t × (order value per treated
      customer − order value per hold-out customer), at list prices, before offers;
    - ``incremental_roi``: :func:`roi` (incremental gross profit, cost);
    - ``incremental_profit`` = incremental gross profit − cost.

    Parameters
    ----------
    contacts : pandas.DataFrame
        Rows like ``load("campaign_contacts")``: columns ``campaign_id``, ``group``
        ("treatment"/"control"), ``contact_cost``, ``converted``, ``order_value``,
        ``offer_cost``, ``amount_paid`` and those in ``by``.
    by : str or list of str, default "campaign_id"
        Column(s) to group by, e.g. ``["campaign_id", "channel"]``.
    fixed_costs : dict or Series, optional
        Fixed cost of each campaign (CNY), by ``campaign_id``. When a campaign is
        split into several groups its fixed cost is shared in proportion to treated contacts.
    gross_margin : float, default 0.40
        Gross margin at list prices (the data world's is 0.40).

    Returns
    -------
    pandas.DataFrame
        One row per group.

    Raises
    ------
    ValueError
        If a column is missing, a group has no treated or no hold-out customer, or
        ``gross_margin`` is not between 0 and 1.

    Examples
    --------
    >>> contacts = pd.DataFrame({
    ...     "campaign_id": ["X"] * 4, "group": ["treatment", "treatment", "control", "control"],
    ...     "contact_cost": [0.05, 0.05, 0.0, 0.0], "converted": [True, True, True, False],
    ...     "order_value": [300.0, 200.0, 200.0, 0.0], "offer_cost": [40.0, 0.0, 0.0, 0.0],
    ...     "amount_paid": [260.0, 200.0, 200.0, 0.0]})
    >>> row = incremental_summary(contacts).iloc[0]
    >>> float(row["roi_textbook"]), float(row["incremental_orders"]), round(float(row["incremental_roi"]), 3)
    (1147.13, 1.0, 1.993)
    """
    keys = [by] if isinstance(by, str) else list(by)
    for column in list(CONTACT_COLUMNS) + keys:
        if column not in contacts.columns:
            raise ValueError(f"contacts lacks the column {column!r}")
    if not 0 < gross_margin < 1:
        raise ValueError(f"gross_margin must be between 0 and 1, got {gross_margin!r}")
    frame = contacts.copy()
    frame["treated"] = frame["group"].eq("treatment")
    unknown = set(frame["group"]) - {"treatment", "control"}
    if unknown:
        raise ValueError(f"group must be 'treatment' or 'control', found {sorted(unknown)}")
    rows = []
    campaign_treated = frame[frame["treated"]].groupby("campaign_id").size()
    for key, part in frame.groupby(keys, observed=True, sort=True):
        treated = part[part["treated"]]
        control = part[~part["treated"]]
        name = key if isinstance(key, tuple) else (key,)
        if treated.empty or control.empty:
            raise ValueError(f"group {name} needs both treated and hold-out customers")
        n_t, n_c = len(treated), len(control)
        fixed = 0.0
        if fixed_costs is not None:
            for campaign_id, count in treated.groupby("campaign_id").size().items():
                fixed += float(fixed_costs[campaign_id]) * count / campaign_treated[campaign_id]
        sales = float(treated["amount_paid"].sum())
        cost = float(treated["contact_cost"].sum() + treated["offer_cost"].sum() + fixed)
        rate_t, rate_c = treated["converted"].mean(), control["converted"].mean()
        value_t, value_c = treated["order_value"].mean(), control["order_value"].mean()
        gross_profit_attributed = gross_margin * treated["order_value"].sum()
        incremental_gross_profit = gross_margin * n_t * (value_t - value_c)
        rows.append({
            **dict(zip(keys, name)),
            "treated": n_t,
            "control": n_c,
            "treated_rate": float(rate_t),
            "control_rate": float(rate_c),
            "sales": round(sales, 2),
            "cost": round(cost, 2),
            "roi_textbook": round(roi_textbook(sales, cost), 2),
            "roas": round(roas(sales, cost), 3),
            "attributed_roi": round(roi(gross_profit_attributed, cost), 3),
            "incremental_orders": round(float(n_t * (rate_t - rate_c)), 1),
            "incremental_gross_profit": round(float(incremental_gross_profit), 2),
            "incremental_roi": round(roi(incremental_gross_profit, cost), 3),
            "incremental_profit": round(float(incremental_gross_profit - cost), 2),
        })
    return pd.DataFrame(rows)


def cost_per_incremental_order(total_cost: float, incremental_orders: float) -> float:
    """What each order the campaign *caused* cost: total cost / incremental orders.

    Parameters
    ----------
    total_cost : float
        Everything the campaign cost (CNY): contacts, offers, fixed costs; not negative.
    incremental_orders : float
        Orders above what the hold-out shows would have come anyway.

    Returns
    -------
    float
        CNY per incremental order; ``inf`` if the campaign caused no extra orders
        (``incremental_orders <= 0``): no price per order exists then.

    Raises
    ------
    ValueError
        If ``total_cost`` is negative.

    Examples
    --------
    >>> cost_per_incremental_order(6_000, 24)
    250.0
    >>> cost_per_incremental_order(6_000, 0)
    inf
    """
    _check_non_negative(total_cost, "total_cost")
    incremental_orders = float(incremental_orders)
    if incremental_orders <= 0:
        return math.inf
    return float(total_cost) / incremental_orders


# ---------------------------------------------------------------------------
# Uplift modelling (增量建模)
# ---------------------------------------------------------------------------


class TwoModelUplift:
    """Two-model uplift ("T-learner"): one response model per group; uplift = the difference.

    A classifier is fitted on the treated customers and a copy on the hold-out
    customers; a customer's predicted uplift is
    ``P(respond | treated, x) − P(respond | not treated, x)``. Simple and
    transparent; its weakness is that each model learns response, not the
    difference, so noise in either shows up in the uplift.

    Parameters
    ----------
    estimator : scikit-learn classifier, optional
        Any classifier with ``predict_proba``; cloned for each group. Default:
        ``LogisticRegression(max_iter=1000)`` on standardised features.

    Attributes
    ----------
    treated_model_, control_model_ : fitted classifiers
    n_features_in_ : int

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(4000, 1))
    >>> treated = rng.random(4000) < 0.5
    >>> p = 0.1 + 0.1 * treated * (x[:, 0] > 0)
    >>> y = rng.random(4000) < p
    >>> model = TwoModelUplift().fit(x, treated, y)
    >>> bool(model.predict(np.array([[1.5]]))[0] > model.predict(np.array([[-1.5]]))[0])
    True
    """

    def __init__(self, estimator: Any = None) -> None:
        self.estimator = estimator

    def _make(self) -> Any:
        from sklearn.base import clone
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        if self.estimator is None:
            return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
        return clone(self.estimator)

    def fit(self, X: Any, treated: Any, converted: Any) -> "TwoModelUplift":
        """Fit the two response models; returns self."""
        X = np.asarray(X, dtype=float)
        treated = np.asarray(treated, dtype=bool)
        converted = np.asarray(converted, dtype=bool)
        if X.ndim != 2:
            raise ValueError(f"X must be a 2-D table of features, got shape {X.shape}")
        if not len(X) == len(treated) == len(converted):
            raise ValueError(f"X, treated and converted must have the same length, got {len(X)}, {len(treated)}, {len(converted)}")
        for name, mask in (("treated", treated), ("control", ~treated)):
            outcomes = set(converted[mask].tolist())
            if len(outcomes) < 2:
                raise ValueError(f"the {name} group needs both responders and non-responders to fit a model")
        self.treated_model_ = self._make().fit(X[treated], converted[treated])
        self.control_model_ = self._make().fit(X[~treated], converted[~treated])
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X: Any) -> np.ndarray:
        """Predicted uplift of each row: P(respond if treated) − P(respond if not)."""
        if not hasattr(self, "treated_model_"):
            raise ValueError("the model is not fitted yet: call fit first")
        X = np.asarray(X, dtype=float)
        return self.treated_model_.predict_proba(X)[:, 1] - self.control_model_.predict_proba(X)[:, 1]


def uplift_by_decile(score: Any, treated: Any, converted: Any, bins: int = 10) -> pd.DataFrame:
    """Observed uplift in each tenth of customers ranked by a score (highest score first).

    Parameters
    ----------
    score : array-like
        A predicted uplift (or any targeting score) per customer.
    treated, converted : array-like of bool
        Whether each customer was contacted and whether she responded.
    bins : int, default 10
        Number of equal-sized groups.

    Returns
    -------
    pandas.DataFrame
        One row per group (1 = highest scores): ``decile``, ``customers``,
        ``treated_rate``, ``control_rate``, ``uplift`` (treated − control rate),
        ``mean_score``.

    Examples
    --------
    >>> table = uplift_by_decile([0.3, 0.2, 0.1, 0.0], [True, False, True, False], [True, False, False, False], bins=2)
    >>> table[["decile", "treated_rate", "control_rate", "uplift"]]
       decile  treated_rate  control_rate  uplift
    0       1           1.0           0.0     1.0
    1       2           0.0           0.0     0.0
    """
    score = np.asarray(score, dtype=float)
    treated = np.asarray(treated, dtype=bool)
    converted = np.asarray(converted, dtype=bool)
    if not len(score) == len(treated) == len(converted):
        raise ValueError("score, treated and converted must have the same length")
    if bins < 1 or bins > len(score):
        raise ValueError(f"bins must be between 1 and the number of customers, got {bins}")
    order = np.argsort(-score, kind="stable")
    decile = np.empty(len(score), dtype=int)
    decile[order] = np.arange(len(score)) * bins // len(score) + 1
    frame = pd.DataFrame({"decile": decile, "treated": treated, "converted": converted, "score": score})
    rows = []
    for number, part in frame.groupby("decile"):
        t = part[part["treated"]]
        c = part[~part["treated"]]
        rate_t = float(t["converted"].mean()) if len(t) else math.nan
        rate_c = float(c["converted"].mean()) if len(c) else math.nan
        rows.append({"decile": int(number), "customers": len(part), "treated_rate": rate_t, "control_rate": rate_c,
                     "uplift": rate_t - rate_c, "mean_score": float(part["score"].mean())})
    return pd.DataFrame(rows)


def qini_curve(score: Any, treated: Any, converted: Any, points: int = 20) -> pd.DataFrame:
    """The Qini curve: extra responses gained by targeting the top share of customers by score.

    Customers are ranked by ``score`` (highest first). For the top share φ, with
    ``R_t(φ)``, ``R_c(φ)`` responders and ``N_t(φ)``, ``N_c(φ)`` customers in the treated
    and hold-out groups, the Qini value is ``R_t(φ) − R_c(φ) · N_t(φ) / N_c(φ)``
    (Radcliffe 2007): the incremental responses among the targeted, in treated-group
    units. A random ranking gives the straight line from 0 to the overall value.

    Returns
    -------
    pandas.DataFrame
        ``share_targeted`` (0 to 1), ``qini`` (the model's curve) and ``random`` (the diagonal).

    Examples
    --------
    >>> curve = qini_curve([0.3, 0.2, 0.1, 0.0], [True, False, True, False], [True, False, False, False], points=2)
    >>> curve
       share_targeted  qini  random
    0             0.0   0.0     0.0
    1             0.5   1.0     0.5
    2             1.0   1.0     1.0
    """
    score = np.asarray(score, dtype=float)
    treated = np.asarray(treated, dtype=bool)
    converted = np.asarray(converted, dtype=bool)
    if not len(score) == len(treated) == len(converted):
        raise ValueError("score, treated and converted must have the same length")
    if points < 1:
        raise ValueError(f"points must be at least 1, got {points}")
    order = np.argsort(-score, kind="stable")
    t = treated[order]
    y = converted[order]
    cum_nt = np.cumsum(t)
    cum_nc = np.cumsum(~t)
    cum_rt = np.cumsum(t & y)
    cum_rc = np.cumsum(~t & y)
    rows = [{"share_targeted": 0.0, "qini": 0.0}]
    n = len(score)
    for k in range(1, points + 1):
        m = int(round(k * n / points))
        nt, nc, rt, rc = cum_nt[m - 1], cum_nc[m - 1], cum_rt[m - 1], cum_rc[m - 1]
        value = rt - (rc * nt / nc if nc > 0 else 0.0)
        rows.append({"share_targeted": m / n, "qini": float(value)})
    curve = pd.DataFrame(rows)
    curve["random"] = curve["share_targeted"] * curve["qini"].iloc[-1]
    return curve


# ---------------------------------------------------------------------------
# Trying a plan on the data world
# ---------------------------------------------------------------------------


def simulate_campaign(
    audience: pd.DataFrame,
    channel: str,
    offer: Offer,
    holdout_share: float = 0.1,
    fixed_cost: float = 0.0,
    seed: int = 0,
) -> pd.DataFrame:
    """Run a planned year-end campaign (年终大促, 20–31 December 2025) on the data world.

    The customers respond as the data world's response model says (the model
    that generated ``campaign_contacts``, see ``crmkit.synth.campaigns``): a
    baseline chance of buying anyway that depends on the life-cycle stage and
    recency, plus an uplift that depends on stage, channel and how generous the
    offer is. A random ``holdout_share`` of the audience is held out.

    Parameters
    ----------
    audience : pandas.DataFrame
        Rows of :func:`lifecycle_stages` (as of 2025-12-20) for the customers to target.
    channel : str
        ``"sms"``, ``"email"`` or ``"app_push"``.
    offer : Offer
        The promotion mechanic.
    holdout_share : float, default 0.1
        Share of the audience held out (not contacted), strictly between 0 and 1.
    fixed_cost : float, default 0
        Fixed cost of the campaign (CNY), reported in ``attrs["fixed_cost"]``.
    seed : int, default 0
        Seed of the simulation: the same seed gives the same result.

    Returns
    -------
    pandas.DataFrame
        One row per audience member with the columns of ``campaign_contacts``
        (``campaign_id`` is ``"PLAN"``); pass it to :func:`incremental_summary`.

    Raises
    ------
    ValueError
        If the channel is unknown, the audience lacks a column or is empty, or
        ``holdout_share`` is not between 0 and 1.

    Examples
    --------
    >>> from crmkit import data
    >>> stages = lifecycle_stages(data.load("orders"), "2025-12-20")
    >>> plan = simulate_campaign(stages[stages["stage"] == "development"], "sms", Offer("coupon", amount=20), seed=1)
    >>> sorted(plan["group"].unique())
    ['control', 'treatment']
    """
    from crmkit.synth import campaigns as world

    return world.simulate_plan(audience, channel, offer, holdout_share, fixed_cost, seed)
