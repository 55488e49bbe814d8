"""Customer lifetime value (客户终身价值): simple formulas and probabilistic models.

Three levels, in the order Chapter 2 teaches them:

1. **The slides' accounting formula** (one-to-one marketing, Peppers & Rogers):
   CLV = (revenue − acquisition cost − retention cost) / customers, with
   acquisition cost per customer = marketing cost / new customers
   (:func:`simple_clv`, :func:`acquisition_cost`).
2. **Retention formulas** for a customer who is already acquired, brings margin m
   per period, stays with probability r each period, discounted at rate d. The book
   gives the two timings two names (Fader & Hardie 2012, "Reconciling and clarifying
   CLV formulas", note 024):

   - :func:`lifetime_value`, the **CLV counting the current margin**: m(1 + d)/(1 + d − r),
     this period's margin paid now, then one at the start of every further period she
     stays (Chapter 1; Chapter 5's ``loyalty.customer_value``);
   - :func:`residual_value`, the **residual lifetime value** (RLV, 剩余终身价值):
     m · r/(1 + d − r), the margins still to come, each at the end of a period she
     stays; the first period's margin is not counted (Chapter 2). Its multiple
     r/(1 + d − r) is Gupta & Lehmann's (2003) :func:`margin_multiple`.

   The two differ by the margin paid now: CLV = m + RLV. :func:`retention_value` is the
   one formula behind both, with the timing as an argument.
3. **Probabilistic models** for non-contractual settings: the BG/NBD model of
   repeat purchasing (Fader, Hardie & Lee 2005, *Marketing Science* 24(2),
   275–284; :class:`BetaGeo`) and the Gamma-Gamma model of spend per purchase
   (Fader, Hardie & Lee 2005, *Journal of Marketing Research* 42(4), 415–430;
   :class:`GammaGamma`), fitted to the summary that
   :func:`summarise_transactions` makes from a transaction log.

The models follow the conventions of the ``lifetimes`` package (Davidson-Pilon,
MIT licence), shared by every fitted model in crmkit (:mod:`crmkit._model`):
``fit`` returns the model, the estimates are in ``params_``,
``log_likelihood_`` is the full summed log-likelihood, ``summary()`` tabulates
the estimates, and a scalar input gives a scalar answer.

Examples
--------
>>> round(simple_clv(revenue=1_000_000, acquisition_cost=200_000, retention_cost=100_000, customers=5_000), 2)
140.0
>>> round(margin_multiple(retention=0.8, discount=0.1), 4)
2.6667
>>> round(lifetime_value(300, 0.8, 0.1), 2), round(residual_value(300, 0.8, 0.1), 2)
(1100.0, 800.0)
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import digamma, expit, gammaln, hyp2f1

from crmkit._checks import (
    DegenerateFitWarning,
    DroppedRowsWarning,
    as_date,
    as_float_array,
    as_whole_array,
    check_choice,
    check_number,
    check_share,
    check_whole,
    date_column,
    id_column,
    number_column,
    require_columns,
)
from crmkit._compat import orders_synonym, synonym
from crmkit._model import FittedModel, all_scalar, scalar_or_array

__all__ = [
    "simple_clv",
    "acquisition_cost",
    "margin_multiple",
    "retention_value",
    "lifetime_value",
    "residual_value",
    "summarise_transactions",
    "BetaGeo",
    "GammaGamma",
]

#: Period lengths that :func:`summarise_transactions` understands, in days.
PERIOD_DAYS = {"D": 1, "W": 7}


# ---------------------------------------------------------------------------
# 1. and 2. Simple formulas
# ---------------------------------------------------------------------------


def acquisition_cost(marketing_cost: float, new_customers: int) -> float:
    """Acquisition cost per new customer (客户取得成本): marketing cost / new customers.

    Parameters
    ----------
    marketing_cost : float
        Total advertising and marketing spent to win customers in a period.
    new_customers : int
        Customers won in that period (must be positive).

    Returns
    -------
    float
        Cost of winning one customer.

    Raises
    ------
    ValueError
        If the cost is negative or the number of new customers is not positive.

    Examples
    --------
    >>> acquisition_cost(marketing_cost=90_000, new_customers=1_200)
    75.0
    """
    cost = check_number(marketing_cost, "marketing_cost", low=0)
    customers = check_whole(new_customers, "new_customers", low=1)
    return float(cost / customers)


def simple_clv(revenue: float, acquisition_cost: float, retention_cost: float, customers: int) -> float:
    """The slides' CLV: (revenue − acquisition cost − retention cost) / number of customers.

    All money amounts are totals over the same customers and period; the result
    is an average per customer. It is an accounting average of the past, not a
    forecast, and it uses revenue where a careful analyst would use margin.

    Parameters
    ----------
    revenue : float
        Revenue (企业收益) the customers brought.
    acquisition_cost : float
        Total cost of acquiring them (客户取得成本).
    retention_cost : float
        Total cost of keeping them (保有成本): loyalty programme, service, CRM messages.
    customers : int
        Number of customers (客户数), positive.

    Returns
    -------
    float
        Value per customer.

    Raises
    ------
    ValueError
        If an amount is negative or ``customers`` is not positive.

    Examples
    --------
    >>> simple_clv(revenue=500_000, acquisition_cost=150_000, retention_cost=50_000, customers=2_000)
    150.0
    """
    revenue = check_number(revenue, "revenue", low=0)
    acquisition = check_number(acquisition_cost, "acquisition_cost", low=0)
    retention = check_number(retention_cost, "retention_cost", low=0)
    count = check_whole(customers, "customers", low=1)
    return float((revenue - acquisition - retention) / count)


def retention_value(
    margin: float, retention: float, discount_rate: float, *, margin_growth: float = 0.0, timing: str = "start"
) -> float:
    """Value of a customer from retention: the book's one formula, with its timing stated.

    A customer brings margin ``m`` a period while she stays, stays each further
    period with probability ``r``, her margin grows by ``g`` a period while she
    stays, and the future is discounted at ``d`` a period. Her value is a
    geometric series whose first term depends on *when* the margin arrives:

    - ``timing="start"``: the margin of the current period is paid **now**, then
      at the start of every period she is still there:
      :math:`V = m\\sum_{t\\ge 0}\\left(\\frac{r(1+g)}{1+d}\\right)^t = \\frac{m(1+d)}{1+d-r(1+g)}`.
      The CLV counting the current margin, :func:`lifetime_value` (Chapter 1's
      m(1+d)/(1+d−r) and Chapter 5's ``loyalty.customer_value``).
    - ``timing="end"``: the margin arrives at the **end** of every period she
      stays, the first one a period from now:
      :math:`V = \\frac{m\\,r}{1+d-r(1+g)}`: the residual lifetime value,
      :func:`residual_value` (Chapter 2); with g = 0 it is m times Gupta &
      Lehmann's (2003) multiple r/(1+d−r), :func:`margin_multiple`.

    The two differ by the margin paid now: ``V_start = m + (1 + g) V_end``.

    Parameters
    ----------
    margin : float
        Margin per period (CNY).
    retention : float
        Chance of staying each period, 0 ≤ r ≤ 1.
    discount_rate : float
        Discount rate per period, d ≥ 0.
    margin_growth : float, default 0
        Growth of the margin per period for those who stay, g > −1.
    timing : {"start", "end"}, default "start"
        When each period's margin is paid, as above.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If an argument is out of range, or r(1 + g) ≥ 1 + d (the value would be infinite).

    Examples
    --------
    Margin 100 CNY a year, retention 80 %, discount rate 10 %:

    >>> round(retention_value(100, 0.8, 0.1), 2)  # 100 × 1.1 / 0.3
    366.67
    >>> round(retention_value(100, 0.8, 0.1, timing="end"), 2)  # 100 × 0.8 / 0.3
    266.67
    """
    if timing not in ("start", "end"):
        raise ValueError(f"timing must be 'start' or 'end', got {timing!r}")
    margin = check_number(margin, "margin")
    retention = check_share(retention, "retention")
    discount_rate = check_number(discount_rate, "discount_rate", low=0)
    margin_growth = check_number(margin_growth, "margin_growth", low=-1, low_open=True)
    ratio = retention * (1 + margin_growth) / (1 + discount_rate)
    if ratio >= 1:
        raise ValueError("retention x (1 + margin_growth) must be below 1 + discount_rate, or the value is infinite")
    if timing == "start":
        return margin / (1 - ratio)
    return margin * retention / (1 + discount_rate - retention * (1 + margin_growth))


def lifetime_value(margin: float, retention: float, discount_rate: float, *, margin_growth: float = 0.0) -> float:
    """CLV counting the current margin (客户终身价值): m(1 + d)/(1 + d − r).

    The value of a customer who is already acquired (her acquisition cost is spent
    and not subtracted), whose margin for the current period is paid **now**, and
    who then pays one margin at the start of every further period she stays:
    m + m·r/(1 + d) + m·r²/(1 + d)² + … It is :func:`retention_value` with
    ``timing="start"``, and equals ``margin + residual_value(...)`` when the margin
    does not grow.

    Parameters
    ----------
    margin, retention, discount_rate, margin_growth : float
        As in :func:`retention_value` (margin per period, chance of staying, discount rate, margin growth).

    Returns
    -------
    float
        Raises ``ValueError`` as :func:`retention_value` does.

    Examples
    --------
    Margin 100 CNY a year, retention 80 %, discount rate 10 %: 100 × 1.1 / 0.3.

    >>> round(lifetime_value(100, 0.8, 0.1), 2)
    366.67
    """
    return retention_value(margin, retention, discount_rate, margin_growth=margin_growth, timing="start")


def residual_value(margin: float, retention: float, discount_rate: float, *, margin_growth: float = 0.0) -> float:
    """Residual lifetime value (RLV, 剩余终身价值): m·r/(1 + d − r).

    The value of the margins a customer who is already acquired **still** brings,
    not counting the current period's: one margin at the end of each future period
    she stays, the first a period from now if she stays that long:
    m·r/(1 + d) + m·r²/(1 + d)² + … It is :func:`retention_value` with
    ``timing="end"``; per CNY of margin it is Gupta & Lehmann's (2003) multiple
    :func:`margin_multiple`.

    Parameters
    ----------
    margin, retention, discount_rate, margin_growth : float
        As in :func:`retention_value` (margin per period, chance of staying, discount rate, margin growth).

    Returns
    -------
    float
        Raises ``ValueError`` as :func:`retention_value` does.

    Examples
    --------
    Margin 300 CNY a year, retention 80 %, discount rate 10 %: 300 × 0.8 / 0.3.

    >>> round(residual_value(300, 0.8, 0.1), 2)
    800.0
    """
    return retention_value(margin, retention, discount_rate, margin_growth=margin_growth, timing="end")


def margin_multiple(retention: float, discount_rate: float | None = None, *, discount: float | None = None) -> float:
    """The retention-margin multiple r / (1 + d − r) (Gupta & Lehmann 2003): the RLV of one CNY of margin.

    A customer who brings margin ``m`` at the end of every period she stays,
    stays each period with probability ``r`` and whose future is discounted at
    rate ``d`` per period is worth ``m * r / (1 + d - r)`` from now on: the sum
    m·r/(1+d) + m·r²/(1+d)² + … of a geometric series, her residual lifetime value.
    It is :func:`residual_value` with a margin of 1.

    Parameters
    ----------
    retention : float
        Retention rate per period, 0 ≤ r < 1.
    discount_rate : float
        Discount rate per period, d ≥ 0. ``discount`` is an older name for it.

    Returns
    -------
    float
        The multiple to apply to the margin per period.

    Raises
    ------
    ValueError
        If ``retention`` is outside [0, 1) or the discount rate is negative.

    Examples
    --------
    A customer who brings 300 CNY margin a year, retention 80%, discount 10%:

    >>> multiple = margin_multiple(0.8, 0.1)
    >>> round(multiple, 4), round(300 * multiple, 2)
    (2.6667, 800.0)
    """
    d = synonym("discount_rate", discount_rate, "discount", discount)
    if d is None:
        raise ValueError("margin_multiple needs the discount rate (discount_rate=)")
    r = check_share(retention, "retention", high_open=True)
    return retention_value(1.0, r, d, timing="end")


# ---------------------------------------------------------------------------
# Transaction log → (frequency, recency, T) summary
# ---------------------------------------------------------------------------


def _period_index(dates: pd.Series, freq: str) -> np.ndarray:
    """Number each date's period: days since 1970-01-01 (D) or the Monday starting its week (W), in days."""
    days = dates.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype(np.int64)
    if freq == "W":
        # pandas' weekly periods ("W" = "W-SUN") run Monday to Sunday; 1970-01-01 was a Thursday.
        days = days - (days + 3) % 7
    return days


@orders_synonym
def summarise_transactions(
    orders: pd.DataFrame,
    customer: str,
    date: str,
    amount: str | None = None,
    freq: str = "W",
    observation_end: Any = None,
    *,
    as_of: Any = None,
) -> pd.DataFrame:
    """Summarise a transaction log per customer as BG/NBD models need it.

    The conventions are those of the BG/NBD literature and of
    ``lifetimes.utils.summary_data_from_transaction_data``:

    - dates are cut into periods (``freq``: ``"D"`` days or ``"W"`` weeks,
      Monday to Sunday); several purchases in one period count as **one**;
    - ``frequency`` = number of periods with a purchase − 1 (repeat purchases only);
    - ``recency`` = periods from the first to the last purchase period;
    - ``T`` = periods from the first purchase period to the period of ``as_of``;
    - ``monetary`` (only when ``amount`` is given) = mean spend of the *repeat*
      periods (spend summed within a period), 0 for customers with no repeat.

    Transactions after ``as_of`` are left out, and a warning says how many (it names the
    argument as the caller gave it: ``as_of`` or ``observation_end``).

    Parameters
    ----------
    orders : pandas.DataFrame
        The shop's log of purchases, one row per order.
        ``transactions=`` is its older name, still accepted as a synonym.
    customer, date : str
        Columns holding the customer key and the purchase date (or datetime).
    amount : str, optional
        Column holding the money spent, non-negative.
    freq : {"W", "D"}
        Length of a period.
    as_of : date-like, optional
        Last day observed; default: the last transaction date. ``observation_end``
        is an older name for it (the name every other crmkit function uses is ``as_of``).

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (sorted), with float columns ``frequency``,
        ``recency``, ``T`` and, if ``amount`` is given, ``monetary``.

    Raises
    ------
    ValueError
        If a column is missing, the log is empty, ``freq`` is unknown, a date
        is missing, an amount is negative, or no transaction falls on or
        before ``as_of``.

    Examples
    --------
    >>> log = pd.DataFrame({
    ...     "id": ["a", "a", "a", "b"],
    ...     "day": pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-15", "2024-01-08"]),
    ...     "paid": [10.0, 20.0, 30.0, 5.0],
    ... })
    >>> summarise_transactions(log, "id", "day", "paid", freq="W", observation_end="2024-01-21")  # doctest: +NORMALIZE_WHITESPACE
        frequency  recency    T  monetary
    id
    a         1.0      2.0  2.0      30.0
    b         0.0      0.0  1.0       0.0
    """
    columns = [customer, date] + ([amount] if amount is not None else [])
    require_columns(orders, columns, "orders", allow_empty=False)
    check_choice(freq, "freq", sorted(PERIOD_DAYS))
    dates = date_column(orders, date, "orders")
    id_column(orders, customer, "orders")
    if amount is not None:
        spend = number_column(orders, amount, "orders", low=0).to_numpy()
    # Messages name the argument the caller used: as_of, or its older name observation_end.
    end_name = "observation_end" if observation_end is not None else "as_of"
    observation_end = as_date(synonym("as_of", as_of, "observation_end", observation_end), end_name, allow_none=True)

    period = _period_index(dates, freq)
    end_date = dates.max() if observation_end is None else observation_end
    end_period = _period_index(pd.Series([end_date]), freq)[0]
    kept = period <= end_period
    if not kept.any():
        raise ValueError(f"no transaction falls on or before {end_name}={end_date.date()}")
    if not kept.all():
        # The text starts "left out" as before: labs filter on it.
        warnings.warn(f"left out {int((~kept).sum())} transaction(s) after {end_name}={end_date.date()}",
                      DroppedRowsWarning, stacklevel=2)

    # Number the customers 0, 1, … in the sorted order of their keys.
    codes, keys = pd.factorize(orders[customer].to_numpy()[kept])
    keys = np.asarray(keys)
    sortable = keys.astype(str) if keys.dtype == object and all(isinstance(key, str) for key in keys) else keys
    sorted_keys = np.argsort(sortable, kind="stable")
    rank = np.empty(len(keys), dtype=np.int64)
    rank[sorted_keys] = np.arange(len(keys))
    customer_codes = rank[codes]
    keys = keys[sorted_keys]
    period = period[kept]
    # One run per (customer, period): encode the pair as one integer and sort, so runs come by customer then period.
    first_day = period.min()
    span = int(period.max() - first_day) + 1
    pair = customer_codes * span + (period - first_day)
    order = np.argsort(pair)
    pair_sorted = pair[order]
    new_run = np.ones(len(pair_sorted), dtype=bool)
    new_run[1:] = pair_sorted[1:] != pair_sorted[:-1]
    pairs = pair_sorted[new_run]
    run_customer = pairs // span
    run_period = pairs % span + first_day

    n_customers = len(keys)
    periods_per_customer = np.bincount(run_customer, minlength=n_customers)
    first_run = np.concatenate(([0], np.cumsum(periods_per_customer)[:-1]))
    last_run = first_run + periods_per_customer - 1
    days_per_period = PERIOD_DAYS[freq]
    first_period = run_period[first_run]
    summary = pd.DataFrame(
        {
            "frequency": (periods_per_customer - 1).astype(float),
            "recency": (run_period[last_run] - first_period) / days_per_period,
            "T": (end_period - first_period) / days_per_period,
        },
        index=pd.Index(keys, name=customer),
    )
    if amount is not None:
        run_id = np.cumsum(new_run) - 1
        spend_per_run = np.bincount(run_id, weights=spend[kept][order], minlength=len(pairs))
        spend_per_run[first_run] = 0.0  # the first purchase period does not count
        total_repeat = np.bincount(run_customer, weights=spend_per_run, minlength=n_customers)
        repeats = periods_per_customer - 1
        summary["monetary"] = np.where(repeats > 0, total_repeat / np.maximum(repeats, 1), 0.0)
    return summary


# ---------------------------------------------------------------------------
# Model inputs
# ---------------------------------------------------------------------------


def _as_array(name: str, values: Any, whole: bool = False) -> np.ndarray:
    array = as_whole_array(values, name) if whole else as_float_array(values, name)
    if array.ndim == 0:
        array = array.reshape(1)
    if array.size == 0:
        raise ValueError(f"{name} is empty: a model needs at least one customer")
    return array


def _check_frt(frequency: Any, recency: Any, T: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validate BG/NBD inputs and return them as float arrays of one shape."""
    x = _as_array("frequency", frequency, whole=True)
    t_x = _as_array("recency", recency)
    age = _as_array("T", T)
    try:
        x, t_x, age = np.broadcast_arrays(x, t_x, age)
    except ValueError as error:
        raise ValueError(f"frequency, recency and T have different lengths: {x.shape}, {t_x.shape}, {age.shape}") from error
    if (x < 0).any() or (x != np.round(x)).any():
        raise ValueError("frequency must hold whole numbers ≥ 0 (repeat purchases)")
    if (t_x < 0).any():
        raise ValueError(f"recency must not be negative ({int((t_x < 0).sum())} value(s) are)")
    if (t_x > age).any():
        bad = int((t_x > age).sum())
        raise ValueError(f"recency > T for {bad} customer(s): the last purchase cannot come after the end of observation")
    if ((x == 0) & (t_x != 0)).any():
        raise ValueError("recency must be 0 for customers with frequency 0")
    if (age < 0).any():
        raise ValueError(f"T must not be negative ({int((age < 0).sum())} value(s) are)")
    return x, t_x, age


def _log_hyp2f1(a: np.ndarray, b: np.ndarray, c: np.ndarray, z: np.ndarray) -> np.ndarray:
    """log 2F1(a, b; c; z) for 0 ≤ z < 1, with Euler's transformation where the direct series overflows."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        direct = np.log(hyp2f1(a, b, c, z))
        euler = np.log(hyp2f1(c - a, c - b, c, z)) + (c - a - b) * np.log1p(-z)
    return np.where(np.isfinite(direct), direct, euler)


class _Model(FittedModel):
    """Shared behaviour of the clv models: the :class:`crmkit._model.FittedModel` interface and the optimiser."""

    def _optimise(self, objective, start: np.ndarray, args: tuple) -> np.ndarray:
        result = minimize(objective, start, args=args, jac=True, method="L-BFGS-B", options={"maxiter": 1000})
        if not result.success:
            warnings.warn(f"{type(self).__name__}: the optimiser did not report convergence: {result.message}",
                          DegenerateFitWarning, stacklevel=3)
        return result.x


# ---------------------------------------------------------------------------
# BG/NBD
# ---------------------------------------------------------------------------


def _bgnbd_terms(log_params: np.ndarray, x: np.ndarray, t_x: np.ndarray, age: np.ndarray):
    r, alpha, a, b = np.exp(log_params)
    repeat = x > 0
    # b + x - 1 is only used where x > 0; put 1 elsewhere so the log stays finite.
    b_x_1 = np.where(repeat, b + x - 1, 1.0)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + age)
    a4 = np.where(repeat, np.log(a) - np.log(b_x_1) - (r + x) * np.log(alpha + t_x), -np.inf)
    log_mix = np.logaddexp(a3, a4)
    return (r, alpha, a, b), repeat, b_x_1, a1 + a2 + log_mix, np.exp(a3 - log_mix), np.exp(a4 - log_mix)


def _bgnbd_negative_ll(log_params: np.ndarray, x: np.ndarray, t_x: np.ndarray, age: np.ndarray):
    """Negative summed log-likelihood of the BG/NBD model and its gradient in log-parameters."""
    (r, alpha, a, b), repeat, b_x_1, ll, w3, w4 = _bgnbd_terms(log_params, x, t_x, age)
    log_alpha_T = np.log(alpha + age)
    log_alpha_tx = np.log(alpha + t_x)
    d_r = digamma(r + x) - digamma(r) + np.log(alpha) - w3 * log_alpha_T - w4 * log_alpha_tx
    d_alpha = r / alpha - (r + x) * (w3 / (alpha + age) + w4 / (alpha + t_x))
    d_a = digamma(a + b) - digamma(a + b + x) + w4 / a
    d_b = digamma(a + b) + digamma(b + x) - digamma(b) - digamma(a + b + x) - np.where(repeat, w4 / b_x_1, 0.0)
    gradient = np.array([r * d_r.sum(), alpha * d_alpha.sum(), a * d_a.sum(), b * d_b.sum()])
    return -ll.sum(), -gradient


class BetaGeo(_Model):
    """The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005).

    While "alive", a customer buys at rate λ (Poisson); after each purchase she
    becomes inactive with probability p. Across customers λ ~ Gamma(r, α) and
    p ~ Beta(a, b). Time is in the unit of the summary (weeks for ``freq="W"``).

    Attributes
    ----------
    params_ : dict
        ``{"r", "alpha", "a", "b"}`` after :meth:`fit`.
    log_likelihood_ : float
        The summed log-likelihood at the estimates.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> T = np.full(300, 30.0)
    >>> x = rng.poisson(1.0, 300).astype(float)
    >>> t_x = np.where(x > 0, np.minimum(T, rng.uniform(5, 30, 300)), 0.0)
    >>> model = BetaGeo().fit(x, t_x, T)
    >>> sorted(model.params_)
    ['a', 'alpha', 'b', 'r']
    >>> model.p_alive(0, 0, 30)  # a scalar in, a scalar out
    1.0
    """

    _names = ("r", "alpha", "a", "b")

    def fit(self, frequency: Any, recency: Any, T: Any) -> "BetaGeo":
        """Estimate r, α, a, b by maximum likelihood; return the fitted model.

        Parameters
        ----------
        frequency, recency, T : array-like
            Per customer: repeat purchases, time of the last purchase and age,
            measured from the first purchase (see :func:`summarise_transactions`).

        Returns
        -------
        BetaGeo
            ``self``, with ``params_`` and ``log_likelihood_`` set.

        Raises
        ------
        ValueError
            If the inputs are empty, of different lengths, negative, or recency > T.
        """
        x, t_x, age = _check_frt(frequency, recency, T)
        if not (x > 0).any():
            raise ValueError(f"BetaGeo cannot be fitted: none of the {x.size} customers in frequency made a repeat "
                             "purchase, so the drop-out probability (a, b) is not identified; fit on a longer history "
                             "or more customers")
        if not (age > 0).any():
            raise ValueError("BetaGeo cannot be fitted: T is 0 for every customer (no time observed)")
        start = np.log([1.0, max(float(np.mean(age)), 1e-3), 1.0, 1.0])
        log_params = self._optimise(_bgnbd_negative_ll, start, (x, t_x, age))
        self._set_fit(dict(zip(self._names, np.exp(log_params))), -_bgnbd_negative_ll(log_params, x, t_x, age)[0], x.size)
        return self

    def log_likelihood(self, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """Log-likelihood of each customer's history under the fitted parameters."""
        x, t_x, age = _check_frt(frequency, recency, T)
        values = _bgnbd_terms(np.log(self._params()), x, t_x, age)[3]
        return scalar_or_array(values, all_scalar(frequency, recency, T))

    def expected_purchases(self, t: Any) -> np.ndarray:
        """Expected repeat purchases in a period of length ``t`` of a new customer, E[X(t)] (FHL 2005, eq. 9).

        Examples
        --------
        >>> model = BetaGeo()
        >>> model.params_ = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
        >>> round(model.expected_purchases(39), 3)
        1.197
        """
        r, alpha, a, b = self._params()
        t_in, t = t, np.atleast_1d(as_float_array(t, "t", low=0))
        z = t / (alpha + t)
        log_hyp = _log_hyp2f1(np.full_like(t, r), np.full_like(t, b), np.full_like(t, a + b - 1), z)
        values = (a + b - 1) / (a - 1) * (1 - np.exp(log_hyp + r * np.log(alpha / (alpha + t))))
        return scalar_or_array(values, all_scalar(t_in))

    def conditional_expected_purchases(self, t: Any, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """Expected repeat purchases in the next ``t`` periods given a history (FHL 2005, eq. 10)."""
        r, alpha, a, b = self._params()
        scalar = all_scalar(t, frequency, recency, T)
        x, t_x, age = _check_frt(frequency, recency, T)
        t = as_float_array(t, "t", low=0)
        try:
            t = np.broadcast_to(t, x.shape)
        except ValueError as error:
            raise ValueError(f"t has {t.size} values but frequency has {x.size}: give one t or one per customer") from error
        z = t / (alpha + age + t)
        log_hyp = _log_hyp2f1(r + x, b + x, a + b + x - 1, z)
        numerator = (a + b + x - 1) / (a - 1) * (1 - np.exp(log_hyp + (r + x) * np.log((alpha + age) / (alpha + age + t))))
        values = numerator * self.p_alive(x, t_x, age)
        return scalar_or_array(values, scalar)

    def p_alive(self, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """Probability that a customer with this history is still active (Fader, Hardie & Lee 2008, note 021)."""
        r, alpha, a, b = self._params()
        x, t_x, age = _check_frt(frequency, recency, T)
        repeat = x > 0
        log_odds = np.log(a) - np.log(np.where(repeat, b + x - 1, 1.0)) + (r + x) * np.log((alpha + age) / (alpha + t_x))
        return scalar_or_array(np.where(repeat, expit(-log_odds), 1.0), all_scalar(frequency, recency, T))


# ---------------------------------------------------------------------------
# Gamma-Gamma
# ---------------------------------------------------------------------------


def _check_spend(frequency: Any, monetary: Any) -> tuple[np.ndarray, np.ndarray]:
    x = _as_array("frequency", frequency, whole=True)
    m = _as_array("monetary", monetary)
    if x.shape != m.shape:
        raise ValueError(f"frequency and monetary have different lengths: {x.shape} and {m.shape}")
    if (m < 0).any():
        raise ValueError(f"monetary has {int((m < 0).sum())} negative amount(s)")
    if (x <= 0).any():
        raise ValueError(f"the Gamma-Gamma model needs customers with frequency > 0; {int((x <= 0).sum())} have none")
    if (m == 0).any():
        raise ValueError(f"monetary must be positive for customers with repeat purchases; {int((m == 0).sum())} are 0")
    return x, m


def _gg_negative_ll(log_params: np.ndarray, x: np.ndarray, m: np.ndarray):
    p, q, v = np.exp(log_params)
    px = p * x
    log_vmx = np.log(v + m * x)
    ll = gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(v) + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * log_vmx
    d_p = x * (digamma(px + q) - digamma(px) + np.log(m) + np.log(x) - log_vmx)
    d_q = digamma(px + q) - digamma(q) + np.log(v) - log_vmx
    d_v = q / v - (px + q) / (v + m * x)
    gradient = np.array([p * d_p.sum(), q * d_q.sum(), v * d_v.sum()])
    return -ll.sum(), -gradient


class GammaGamma(_Model):
    """The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005; Colombo & Jiang 1999).

    A customer's purchases are worth z ~ Gamma(p, ν) each; across customers
    ν ~ Gamma(q, v). Fitted on customers with at least one repeat purchase,
    from their repeat count and mean repeat spend.

    Attributes
    ----------
    params_ : dict
        ``{"p", "q", "v"}`` after :meth:`fit`.
    log_likelihood_ : float
        Summed log-likelihood of the mean spends.

    Examples
    --------
    Simulate 400 customers from the model itself (p=6, q=4, v=15), then fit:

    >>> rng = np.random.default_rng(2)
    >>> x = rng.integers(1, 6, 400)
    >>> nu = rng.gamma(4.0, 1 / 15.0, 400)
    >>> m = np.array([rng.gamma(6.0, 1 / rate, n).mean() for rate, n in zip(nu, x)])
    >>> model = GammaGamma().fit(x, m)
    >>> 3 < model.params_["p"] < 12
    True
    >>> spend = model.conditional_expected_spend(x[:3], m[:3])
    >>> spend.shape
    (3,)
    """

    _names = ("p", "q", "v")

    def fit(self, frequency: Any, monetary: Any) -> "GammaGamma":
        """Estimate p, q, v by maximum likelihood; return the fitted model.

        Raises
        ------
        ValueError
            If a customer has frequency 0, a spend is negative or zero, or the data are empty.
        """
        x, m = _check_spend(frequency, monetary)
        if x.size < 2:
            raise ValueError(f"GammaGamma cannot be fitted on {x.size} customer: frequency and monetary need at least 2")
        start = np.log([1.0, 1.0, max(float(np.mean(m)), 1e-3)])
        log_params = self._optimise(_gg_negative_ll, start, (x, m))
        self._set_fit(dict(zip(self._names, np.exp(log_params))), -_gg_negative_ll(log_params, x, m)[0], x.size)
        if self.params_["q"] <= 1:
            warnings.warn(f"GammaGamma: the estimate q = {self.params_['q']:.3g} is at most 1, so the population mean "
                          "spend p·v/(q − 1) is infinite and conditional_expected_spend is undefined; spends this "
                          "dispersed need another model (or more data)", DegenerateFitWarning, stacklevel=2)
        return self

    def conditional_expected_spend(self, frequency: Any, monetary: Any) -> np.ndarray:
        """Expected spend per purchase given x repeat purchases of mean value m.

        A weighted average of the population mean p·v/(q−1) and the customer's own
        mean m, with weight p·x/(p·x + q − 1) on the customer's mean.
        """
        p, q, v = self._params()
        if q <= 1:
            raise ValueError(f"GammaGamma was fitted with q = {q:.3g} ≤ 1: the population mean spend p·v/(q − 1) is "
                             "infinite, so there is no expected spend to predict")
        x = _as_array("frequency", frequency, whole=True)
        m = _as_array("monetary", monetary)
        if (m < 0).any():
            raise ValueError(f"monetary must not be negative: {int((m < 0).sum())} of {m.size} values are")
        if x.shape != m.shape and x.size != 1 and m.size != 1:
            raise ValueError(f"frequency and monetary have different lengths: {x.size} and {m.size}")
        own_weight = p * x / (p * x + q - 1)
        values = (1 - own_weight) * p * v / (q - 1) + own_weight * m
        return scalar_or_array(values, all_scalar(frequency, monetary))
