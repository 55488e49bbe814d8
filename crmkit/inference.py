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

Every function takes the confidence level as ``confidence`` (0.95 by default).
The older homes keep working: ``crmkit.campaign.lift`` and friends are these
functions, and ``survey.rate_by_level`` and ``callcentre.replicate`` use them.

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
from scipy import stats

from crmkit._checks import as_float_array, check_number, check_share, check_whole

__all__ = [
    "LiftResult",
    "lift",
    "sample_size_two_proportions",
    "power_two_proportions",
    "proportion_interval",
    "mean_interval",
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
