"""Statistical inference (统计推断) shared by the chapters: intervals, tests and power.

One home for the inference the workbook does, whichever chapter needs it:

- **Two proportions** (Chapter 6, campaigns against a hold-out): :func:`lift` gives
  the absolute and relative lift, a Wald confidence interval and the pooled
  two-proportion z-test; :func:`sample_size_two_proportions` and
  :func:`power_two_proportions` plan a test.
- **One proportion** (Chapter 4, repurchase by satisfaction level):
  :func:`proportion_interval`, the Wilson (1927) score interval.
- **A mean** (Chapter 7, replications of a queue simulation): :func:`mean_interval`,
  the Student t interval.
- **Two means** (Chapter 4, a satisfaction factor present or absent): :func:`mean_difference`,
  with Welch's interval.
- **Many groups against one standard** (Chapter 8, agent scorecards): :func:`control_limits`,
  the limits of a funnel plot or control chart, which widen for small groups.

Every function takes the confidence level as ``confidence`` (0.95 by default).
The older homes keep working: ``crmkit.campaign.lift`` and friends are these
functions, ``survey.mean_difference`` and ``service.control_limits`` are the two
functions above, and ``survey.rate_by_level`` and ``callcentre.replicate`` use them.

Examples
--------
>>> from crmkit import inference
>>> result = inference.lift(60, 1000, 40, 1000)
>>> round(result.absolute, 3), round(result.p_value, 4)
(0.02, 0.0402)
>>> inference.sample_size_two_proportions(0.50, 0.75, power=0.90)
77
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from crmkit._checks import as_bool_array, as_float_array, check_number, check_share, check_whole

__all__ = [
    "LiftResult",
    "lift",
    "sample_size_two_proportions",
    "power_two_proportions",
    "proportion_interval",
    "mean_interval",
    "mean_difference",
    "control_limits",
    "z_critical",
]



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
    conversions, n = check_whole(conversions, conversions_name), check_whole(n, n_name)
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
    confidence = check_share(confidence, "confidence", low_open=True, high_open=True)
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
    return check_share(value, name, low_open=True, high_open=True)


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
    n_per_group = check_number(n_per_group, "n_per_group", low=0, low_open=True)
    p_bar = (pc + pt) / 2
    spread_null = math.sqrt(2 * p_bar * (1 - p_bar))
    spread_alternative = math.sqrt(pc * (1 - pc) + pt * (1 - pt))
    z_alpha = stats.norm.ppf(1 - alpha / 2)
    return float(stats.norm.cdf((math.sqrt(n_per_group) * abs(pt - pc) - z_alpha * spread_null) / spread_alternative))



# ---------------------------------------------------------------------------
# One proportion and one mean
# ---------------------------------------------------------------------------


def z_critical(confidence: float, name: str = "confidence") -> float:
    """The standard normal quantile z with a two-sided coverage of ``confidence``.

    Examples
    --------
    >>> round(z_critical(0.95), 4)
    1.96
    """
    confidence = check_share(confidence, name, low_open=True, high_open=True)
    return float(stats.norm.ppf(0.5 + confidence / 2))


def proportion_interval(successes: Any, n: Any, confidence: float = 0.95) -> tuple[Any, Any]:
    """Wilson (1927) score interval for a proportion ``successes / n``.

    .. math::

        \\frac{\\hat p + z^2/2n}{1 + z^2/n} \\pm \\frac{z}{1 + z^2/n}\\sqrt{\\frac{\\hat p(1-\\hat p)}{n} + \\frac{z^2}{4n^2}}

    Unlike the Wald interval it stays inside [0, 1] and keeps its coverage for
    small groups and rates near 0 or 1 (Agresti & Coull 1998), which is why the
    satisfaction-level tables of Chapter 4 use it.

    Parameters
    ----------
    successes, n : number or array-like
        Successes and trials (``n`` > 0); arrays give one interval per element.
    confidence : float, default 0.95
        Confidence level, strictly between 0 and 1.

    Returns
    -------
    tuple
        ``(low, high)``: floats for scalars, arrays for arrays.

    Examples
    --------
    R's ``prop.test(7, 20, correct = FALSE)`` gives 0.1812 to 0.5671:

    >>> low, high = proportion_interval(7, 20)
    >>> round(low, 4), round(high, 4)
    (0.1812, 0.5671)
    """
    scalar = np.ndim(successes) == 0 and np.ndim(n) == 0
    count = as_float_array(successes, "successes", low=0)
    trials = as_float_array(n, "n", low=0, low_open=True)
    try:
        over = count > trials
    except ValueError as error:
        raise ValueError(f"successes and n have different lengths: {count.size} and {trials.size}") from error
    if np.any(over):
        raise ValueError(f"successes cannot exceed n; {int(np.sum(over))} value(s) do")
    low, high = _wilson(count / trials, trials, confidence)
    if scalar:
        return float(low), float(high)
    return low, high


def _wilson(rate: Any, n: Any, confidence: float = 0.95) -> tuple[Any, Any]:
    """The Wilson interval of :func:`proportion_interval` from checked rates and their ``n``."""
    z = z_critical(confidence)
    centre = (rate + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(rate * (1 - rate) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return centre - half, centre + half


def mean_interval(values: Any, confidence: float = 0.95) -> tuple[float, float]:
    """Student t confidence interval for the mean of independent values (e.g. simulation replications).

    ``mean ± t_{n-1} · s / √n`` with ``s`` the sample standard deviation.

    Parameters
    ----------
    values : array-like of numbers
        At least two values.
    confidence : float, default 0.95
        Confidence level, strictly between 0 and 1.

    Returns
    -------
    tuple of float
        ``(low, high)``.

    Examples
    --------
    >>> low, high = mean_interval([0.80, 0.84, 0.78, 0.82])
    >>> round(low, 4), round(high, 4)
    (0.7689, 0.8511)
    """
    array = as_float_array(values, "values")
    if array.ndim != 1 or array.size < 2:
        raise ValueError(f"values must be a list of at least two numbers, got {array.size}")
    confidence = check_share(confidence, "confidence", low_open=True, high_open=True)
    mean = float(np.mean(array))
    half_width = float(stats.t.ppf(0.5 + confidence / 2, array.size - 1) * np.std(array, ddof=1) / math.sqrt(array.size))
    return mean - half_width, mean + half_width


def mean_difference(outcome: Any, group: Any, confidence: float = 0.95) -> pd.Series:
    """Difference in mean outcome between respondents with and without a factor, with Welch's interval.

    The test of one satisfaction factor (影响客户满意的因素): e.g. mean overall satisfaction of those who
    complained minus that of those who did not. With group means :math:`\\bar y_1, \\bar y_0`, variances
    :math:`s_1^2, s_0^2` and sizes :math:`n_1, n_0`, the difference is :math:`d = \\bar y_1 - \\bar y_0` with
    standard error :math:`\\sqrt{s_1^2/n_1 + s_0^2/n_0}`, and the interval uses Student's t with the
    Welch-Satterthwaite degrees of freedom (Welch 1947), so the groups need not have equal variances.

    Parameters
    ----------
    outcome : pandas.Series or array-like of numbers
        E.g. overall satisfaction (1-7). Missing values are left out (counted in ``attrs["left_out"]``).
    group : pandas.Series or array-like of True/False (or 1/0)
        True where the respondent has the factor; aligned with ``outcome`` by position. Missing values are
        left out (counted in ``attrs["left_out"]``).
    confidence : float, default 0.95
        Confidence level, strictly between 0 and 1.

    Returns
    -------
    pandas.Series
        ``n_with``, ``n_without``, ``mean_with``, ``mean_without``, ``difference`` (with minus without),
        ``low``, ``high``. ``attrs["left_out"]`` is the number of rows with a missing outcome or group.

    Raises
    ------
    ValueError
        If the lengths differ, an outcome is not a finite number, a group value is not True/False,
        or either group has fewer than two answers.

    Examples
    --------
    >>> result = mean_difference([3, 4, 5, 5, 6, 7], [True, True, True, False, False, False])
    >>> result[["difference", "low", "high"]].round(3).tolist()
    [-2.0, -4.267, 0.267]
    """
    confidence = check_share(confidence, "confidence", low_open=True, high_open=True)
    if isinstance(outcome, (str, bytes, dict, set)) or np.ndim(outcome) != 1:
        raise ValueError(f"outcome must be one number per respondent (a Series or list), got {type(outcome).__name__}")
    if isinstance(group, (str, bytes, dict, set)) or np.ndim(group) != 1:
        raise ValueError(f"group must be one True/False per respondent (a Series or list), got {type(group).__name__}")
    if len(outcome) != len(group):
        raise ValueError(f"outcome has {len(outcome)} rows but group has {len(group)}")
    y = as_float_array(outcome, "outcome", allow_missing=True)
    flags = pd.Series(group, dtype="object").reset_index(drop=True)
    group_missing = flags.map(lambda value: value is None or value is pd.NA
                              or (isinstance(value, float) and np.isnan(value))).to_numpy(dtype=bool)
    present = ~np.isnan(y) & ~group_missing
    has = np.zeros(len(y), dtype=bool)
    if group_missing.all():
        raise ValueError(f"group has missing values in all {len(y)} rows")
    has[~group_missing] = as_bool_array(flags[~group_missing].tolist(), "group")
    with_factor, without_factor = y[present & has], y[present & ~has]
    for name, values in (("with the factor (group True)", with_factor), ("without it (group False)", without_factor)):
        if values.size < 2:
            raise ValueError(f"group: only {values.size} respondent(s) {name} have an outcome; need at least 2 in each group")
    n1, n0 = with_factor.size, without_factor.size
    v1, v0 = with_factor.var(ddof=1) / n1, without_factor.var(ddof=1) / n0
    difference = float(with_factor.mean() - without_factor.mean())
    standard_error = float(np.sqrt(v1 + v0))
    if standard_error > 0:
        freedom = (v1 + v0) ** 2 / (v1**2 / (n1 - 1) + v0**2 / (n0 - 1))
        half_width = float(stats.t.ppf(0.5 + confidence / 2, freedom) * standard_error)
    else:
        half_width = 0.0
    result = pd.Series({"n_with": n1, "n_without": n0, "mean_with": float(with_factor.mean()),
                        "mean_without": float(without_factor.mean()), "difference": difference,
                        "low": difference - half_width, "high": difference + half_width}, dtype="float64")
    result.attrs["left_out"] = int((~present).sum())
    return result


def control_limits(n, centre: float, sd: float, sigmas: float = 3.0, low: float | None = None,
                   high: float | None = None) -> tuple:
    """Control limits ``centre ± sigmas · sd / √n`` for a group of ``n`` observations (a funnel plot).

    Under the hypothesis that every group (an agent, a shop) has the same true mean
    ``centre`` and per-observation standard deviation ``sd``, a group mean of ``n``
    observations falls outside 3-sigma limits with probability about 0.27 %. The limits
    widen as ``n`` shrinks, which is the point: a small group's extreme value is often noise
    (Spiegelhalter 2005). For a share (a p-chart) use ``sd = √(p(1−p))`` and clip with
    ``low=0, high=1``.

    Parameters
    ----------
    n : number or array-like
        Observations per group, positive.
    centre : float
        The common mean (the overall rate or mean).
    sd : float
        Standard deviation of one observation, non-negative.
    sigmas : float, default 3.0
        Width of the limits in standard errors (2 for warning limits).
    low, high : float, optional
        Bounds to clip the limits to (0 and 1 for shares).

    Returns
    -------
    tuple
        ``(lower, upper)``: floats for a scalar ``n``, arrays otherwise.

    Examples
    --------
    FCR of 0.80 overall, an agent with 100 calls: 0.80 ± 3 × 0.4 / 10 = 0.68 to 0.92.

    >>> lower, upper = control_limits(100, 0.8, (0.8 * 0.2) ** 0.5)
    >>> round(lower, 2), round(upper, 2)
    (0.68, 0.92)
    """
    scalar = np.ndim(n) == 0
    counts = as_float_array(n, "n", low=0, low_open=True)
    centre = check_number(centre, "centre")
    sd = check_number(sd, "sd", low=0)
    sigmas = check_number(sigmas, "sigmas", low=0, low_open=True)
    half = sigmas * sd / np.sqrt(counts)
    lower, upper = centre - half, centre + half
    if low is not None:
        lower = np.maximum(lower, check_number(low, "low"))
    if high is not None:
        upper = np.minimum(upper, check_number(high, "high"))
    if scalar:
        return float(lower), float(upper)
    return lower, upper
