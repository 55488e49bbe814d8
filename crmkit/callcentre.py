"""Call-centre queueing: Erlang B, Erlang C, Erlang A, staffing and KPIs.

The queue at an inbound call centre (呼叫中心) is the textbook M/M/n queue:
calls arrive at random (a Poisson stream of rate ``lambda``), each takes an
exponential handle time with mean ``aht``, and ``n`` agents (座席) answer them
first come, first served. The *traffic* (话务量) ``A = lambda * aht`` is measured
in Erlangs: the number of agents that would be busy all the time if nobody ever
waited. Every function here takes times in one unit of your choice (seconds in
the book) and traffic in Erlangs.

- :func:`erlang_b` — probability that a call is blocked when there is no queue
  (M/M/n/n), computed with the stable recursion
  ``B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1))``: no factorials, so it works for
  thousands of agents.
- :func:`erlang_c` — probability that a call must wait (M/M/n), from Erlang B:
  ``C = n B / (n - A (1 - B))``.
- :func:`service_level`, :func:`asa`, :func:`occupancy` — what a team of ``n``
  agents delivers; :func:`agents_required` — the smallest team that meets a
  service-level target and an occupancy cap.
- :func:`erlang_a` — the M/M/n+M queue (Palm 1943; Garnett, Mandelbaum & Reiman
  2002) in which callers hang up after an exponential patience, computed from its
  birth–death stationary distribution in log space.
- :func:`simulate_queue` and :func:`replicate` — a SimPy discrete-event
  simulation that checks the formulas and goes where they cannot (abandonment,
  non-exponential handle times, peaks).
- :func:`repeat_calls` and :func:`interval_kpis` — KPIs from a call log.
- :func:`ivr_menu` — what an IVR menu design (互动式语音应答菜单) delivers: containment
  (自助解决率), expected time in the menu and the share of calls left for agents.

Examples
--------
The worked example of the chapter: 100 calls in a half-hour (1,800 s), an
average handle time of 180 s, and a target of 80% of calls answered within 20 s.

>>> from crmkit import callcentre
>>> traffic = 100 * 180 / 1800
>>> traffic
10.0
>>> callcentre.agents_required(calls=100, interval=1800, aht=180, service_level=0.8, target_time=20)
14
>>> round(callcentre.erlang_c(traffic, 14), 3)
0.174
>>> round(callcentre.service_level(traffic, 14, aht=180, target_time=20), 3)
0.888
>>> round(callcentre.asa(traffic, 14, aht=180), 1)
7.8
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np
import pandas as pd
from scipy.special import gammainc, gammaln, logsumexp

from crmkit._checks import (
    bool_column,
    check_freq,
    check_number,
    check_share,
    check_whole,
    date_column,
    id_column,
    label_column,
    number_column,
    require_columns,
)

from crmkit.inference import mean_interval

__all__ = [
    "erlang_b",
    "erlang_c",
    "service_level",
    "asa",
    "occupancy",
    "agents_required",
    "erlang_a",
    "agents_required_erlang_a",
    "staffing_plan",
    "simulate_queue",
    "replicate",
    "repeat_calls",
    "interval_kpis",
    "ivr_menu",
    "shift_availability",
    "agents_available",
]


# ----------------------------------------------------------------------------
# Checking arguments
# ----------------------------------------------------------------------------


#: The most agents (and waiting callers) a calculation handles: far above any call centre, and a bound on the work.
MAX_AGENTS = 10_000_000
_MAX_QUEUE = 5_000_000


def _check_number(name: str, value: object, *, positive: bool = False) -> float:
    """Return ``value`` as a finite float ≥ 0 (> 0 when ``positive``), or raise ValueError naming the argument."""
    return check_number(value, name, low=0, low_open=positive)


def _check_agents(agents: object, *, positive: bool = False) -> int:
    """Return ``agents`` as an int (at most :data:`MAX_AGENTS`), or raise ValueError naming the argument."""
    return check_whole(agents, "agents", low=1 if positive else 0, high=MAX_AGENTS)


def _check_share(name: str, value: object, *, upper_open: bool = False) -> float:
    """Return a share in [0, 1] (or [0, 1) when ``upper_open``), or raise ValueError."""
    return check_share(value, name, high_open=upper_open)


# ----------------------------------------------------------------------------
# Erlang B and C
# ----------------------------------------------------------------------------


def erlang_b(traffic: float, agents: int) -> float:
    """Probability that a call is blocked in a loss system (Erlang B, M/M/n/n).

    Uses the recursion ``B(0) = 1``, ``B(k) = A B(k-1) / (k + A B(k-1))``,
    which never forms ``A**n`` or ``n!`` and so neither overflows nor loses
    precision for thousands of agents.

    Parameters
    ----------
    traffic : float
        Offered traffic ``A`` in Erlangs (arrival rate × mean handle time).
    agents : int
        Number of agents (lines) ``n``.

    Returns
    -------
    float
        The blocking probability, between 0 and 1.

    Raises
    ------
    ValueError
        If ``traffic`` is negative or not finite, or ``agents`` is not a
        non-negative whole number.

    Examples
    --------
    >>> round(erlang_b(10.0, 14), 4)
    0.0568
    >>> erlang_b(900.0, 950) < 0.01      # factorials of 950 would overflow a float
    True
    """
    load = _check_number("traffic", traffic)
    count = _check_agents(agents)
    blocking = 1.0
    for k in range(1, count + 1):
        blocking = load * blocking / (k + load * blocking)
        if blocking == 0.0:  # underflow: every further step keeps it 0
            break
    return blocking


def _erlang_c_from_b(load: float, count: int, blocking: float) -> float:
    if count <= load:
        return 1.0
    return count * blocking / (count - load * (1.0 - blocking))


def erlang_c(traffic: float, agents: int) -> float:
    """Probability that a call has to wait (Erlang C, M/M/n).

    ``C(n, A) = n B(n, A) / (n - A (1 - B(n, A)))`` with ``B`` from
    :func:`erlang_b`. When ``agents <= traffic`` the queue grows without
    bound and every call waits: the result is 1.0.

    Parameters
    ----------
    traffic : float
        Offered traffic in Erlangs.
    agents : int
        Number of agents.

    Returns
    -------
    float
        The probability of waiting, P(wait > 0).

    Examples
    --------
    >>> round(erlang_c(10.0, 14), 4)
    0.1741
    >>> erlang_c(10.0, 10)
    1.0
    """
    load = _check_number("traffic", traffic)
    count = _check_agents(agents)
    return _erlang_c_from_b(load, count, erlang_b(load, count))


def service_level(traffic: float, agents: int, aht: float, target_time: float) -> float:
    """Share of calls answered within ``target_time`` (M/M/n, no abandonment).

    ``SL = 1 - C(n, A) exp(-(n - A) t / aht)``; 0.0 when ``agents <= traffic``.

    Parameters
    ----------
    traffic : float
        Offered traffic in Erlangs.
    agents : int
        Number of agents.
    aht : float
        Average handle time (talk + hold + after-call work), in the time unit.
    target_time : float
        The answer-time target ``t`` (e.g. 20 s in "80/20"), same unit.

    Returns
    -------
    float
        Service level between 0 and 1.

    Examples
    --------
    >>> round(service_level(10.0, 13, aht=180, target_time=20), 3)
    0.796
    >>> service_level(10.0, 9, aht=180, target_time=20)
    0.0
    """
    load = _check_number("traffic", traffic)
    count = _check_agents(agents)
    handle = _check_number("aht", aht, positive=True)
    target = _check_number("target_time", target_time)
    if count <= load:
        return 0.0
    wait_probability = erlang_c(load, count)
    return 1.0 - wait_probability * math.exp(-(count - load) * target / handle)


def asa(traffic: float, agents: int, aht: float) -> float:
    """Average speed of answer: the mean wait over all calls (M/M/n).

    ``ASA = C(n, A) aht / (n - A)``; infinite when ``agents <= traffic``.

    Examples
    --------
    >>> round(asa(10.0, 14, aht=180), 2)
    7.84
    >>> asa(10.0, 10, aht=180)
    inf
    """
    load = _check_number("traffic", traffic)
    count = _check_agents(agents)
    handle = _check_number("aht", aht, positive=True)
    if count <= load:
        return math.inf
    return erlang_c(load, count) * handle / (count - load)


def occupancy(traffic: float, agents: int) -> float:
    """Share of the agents' available time spent handling calls: ``A / n``.

    Capped at 1.0: with ``agents <= traffic`` every agent is busy all the time.

    Examples
    --------
    >>> occupancy(10.0, 14)
    0.7142857142857143
    >>> occupancy(12.0, 10)
    1.0
    """
    load = _check_number("traffic", traffic)
    count = _check_agents(agents, positive=True)
    return min(load / count, 1.0)


def agents_required(
    calls: float,
    interval: float,
    aht: float,
    service_level: float,
    target_time: float,
    max_occupancy: float = 1.0,
) -> int:
    """Smallest number of agents meeting a service-level target and an occupancy cap.

    Traffic is ``A = calls × aht / interval``. The answer is the smallest
    integer ``n > A`` with ``SL(n) >= service_level`` and ``A / n <= max_occupancy``
    (0 when there are no calls). Erlang B is stepped up once from ``n = 1``,
    so the search costs one pass, not one pass per candidate.

    Parameters
    ----------
    calls : float
        Calls expected in the interval.
    interval : float
        Length of the interval (e.g. 1800 for a half-hour in seconds).
    aht : float
        Average handle time, same unit as ``interval``.
    service_level : float
        Target share answered within ``target_time``, in [0, 1).
    target_time : float
        Answer-time target, same unit.
    max_occupancy : float, default 1.0
        Highest acceptable occupancy, in (0, 1].

    Returns
    -------
    int
        Agents needed on the phones (before shrinkage).

    Examples
    --------
    >>> agents_required(100, 1800, 180, 0.8, 20)
    14
    >>> agents_required(100, 1800, 180, 0.8, 20, max_occupancy=0.65)
    16
    """
    count_calls = _check_number("calls", calls)
    length = _check_number("interval", interval, positive=True)
    handle = _check_number("aht", aht, positive=True)
    target_share = _check_share("service_level", service_level, upper_open=True)
    target = _check_number("target_time", target_time)
    cap = _check_share("max_occupancy", max_occupancy)
    if cap == 0:
        raise ValueError(f"max_occupancy must be positive, got {max_occupancy!r}")
    load = count_calls * handle / length
    if load == 0:
        return 0
    if load / cap > MAX_AGENTS:
        raise ValueError(f"calls × aht / interval = {load:.4g} Erlangs needs more than {MAX_AGENTS:,} agents: "
                         "check calls, aht and interval (same time unit)")
    blocking = 1.0
    count = 0
    while True:
        count += 1
        blocking = load * blocking / (count + load * blocking)
        if count <= load or load > cap * count * (1 + 1e-12):  # a hair of tolerance for float rounding at the cap
            continue
        wait_probability = _erlang_c_from_b(load, count, blocking)
        level = 1.0 - wait_probability * math.exp(-(count - load) * target / handle)
        if level >= target_share:
            return count


# ----------------------------------------------------------------------------
# Erlang A (M/M/n+M)
# ----------------------------------------------------------------------------


def _erlang_a_distribution_small(rate: float, service_rate: float, abandon_rate: float, count: int) -> np.ndarray | None:
    """:func:`_erlang_a_distribution` term by term, for systems of under 100,000 states (the usual case).

    The same sums in the same order as the first version of this function, so its results stay identical to
    the last bit (the labs chart them). Returns None (the caller then uses numpy) if the tail needs more than
    200,000 terms, so the loop is bounded.
    """
    load = rate / service_rate
    log_terms = [0.0]
    for k in range(1, count + 1):
        log_terms.append(log_terms[-1] + math.log(load) - math.log(k))
    top = log_terms[-1]
    k = count
    while True:
        k += 1
        log_terms.append(log_terms[-1] + math.log(rate) - math.log(count * service_rate + (k - count) * abandon_rate))
        top = max(top, log_terms[-1])
        if log_terms[-1] < top - 50 and k > count + 5:
            break
        if k > count + 200_000:
            return None
    logs = np.array(log_terms)
    return np.exp(logs - logsumexp(logs))


def _erlang_a_distribution(rate: float, service_rate: float, abandon_rate: float, count: int) -> np.ndarray:
    """Stationary distribution of the number of calls in an M/M/n+M system, truncated where negligible.

    The terms are computed in log space with numpy: up to ``count`` they are Poisson-like, above it each
    is the previous times ``rate / (count * service_rate + j * abandon_rate)``. They rise while that ratio
    exceeds 1 (an overloaded queue grows until abandonment balances it) and the sum stops once they fall
    below ``e**-50`` of the largest. The work is bounded: a queue that would hold more than
    ``_MAX_QUEUE`` callers is refused.
    """
    peak = max(0, math.ceil((rate - count * service_rate) / abandon_rate))
    if peak > _MAX_QUEUE:
        raise ValueError(f"patience={1 / abandon_rate:g} is too long for {count} agents at {rate / service_rate:.4g} "
                         f"Erlangs: the queue would grow to about {peak:,} waiting callers before enough hang up; "
                         "staff more agents or check the patience")
    if count + peak < 100_000:
        small = _erlang_a_distribution_small(rate, service_rate, abandon_rate, count)
        if small is not None:
            return small
    log_load = math.log(rate / service_rate)
    head = np.concatenate([[0.0], np.cumsum(log_load - np.log(np.arange(1, count + 1)))])
    length = peak + 64
    while True:
        steps = np.arange(1, length + 1)
        tail = head[-1] + np.cumsum(math.log(rate) - np.log(count * service_rate + steps * abandon_rate))
        top = max(head.max(), tail.max())
        if tail[-1] < top - 50:
            break
        if length >= _MAX_QUEUE:
            raise ValueError(f"patience={1 / abandon_rate:g} is too long for {count} agents: the queue's distribution "
                             f"does not fall off within {_MAX_QUEUE:,} waiting callers; staff more agents")
        length = min(2 * length, _MAX_QUEUE)
    below = np.flatnonzero((tail < top - 50) & (steps > peak) & (steps > 5))
    logs = np.concatenate([head, tail[: below[0] + 1]])  # up to and with the first negligible term
    return np.exp(logs - logsumexp(logs))


def _answered_within(target: float, count: int, service_rate: float, abandon_rate: float, queue_lengths: int) -> np.ndarray:
    """P(answered within ``target``) for a caller who finds ``q`` calls waiting ahead, q = 0 … queue_lengths - 1.

    A caller with ``q`` calls ahead moves up one place at rate ``r_i = n mu + i theta``
    (a service completion, or one of the ``i`` calls ahead abandoning) and is
    lost at rate ``theta`` (her own patience running out). Because her own
    patience is independent of the moves, the probability factorises:
    ``prod_i r_i / (r_i + theta)`` (she outlasts every move) times
    ``P(S <= target)``, where ``S`` is a sum of exponentials with rates
    ``r_i + theta``. Where Gamma bounds settle ``P(S <= target)`` to 1e-15
    (1 or 0), nothing more is needed; the other places come from
    :func:`_sum_of_exponentials_cdf`. This keeps the work bounded when
    handling times are tiny or patience is short (a huge rate times ``target``).
    """
    size = queue_lengths
    ahead = np.arange(size)
    move = count * service_rate + ahead * abandon_rate
    survive = np.exp(np.cumsum(np.log(move) - np.log(move + abandon_rate)))
    stages = ahead + 1
    lower = gammainc(stages, (count * service_rate + abandon_rate) * target)  # every stage at its slowest rate
    upper = gammainc(stages, (move + abandon_rate) * target)  # every stage at the fastest rate
    done = np.where(lower >= 1 - 1e-15, 1.0, np.where(upper <= 1e-15, 0.0, np.nan))
    open_places = np.flatnonzero(np.isnan(done))
    probabilities = survive * np.nan_to_num(done)
    if open_places.size:
        probabilities[open_places] = survive[open_places] * _sum_of_exponentials_cdf(
            move[: open_places[-1] + 1] + abandon_rate, target)[open_places]
    return np.clip(probabilities, 0.0, 1.0)


def _sum_of_exponentials_cdf(rates: np.ndarray, target: float) -> np.ndarray:
    """P(X_1 + … + X_m <= target) for m = 1 … len(rates), X_k ~ Exp(rates[k-1]) independent, rates increasing.

    Uniformisation: with the largest rate ``L``, the chain "stages left" moves
    down one stage at each event of a Poisson(L) clock with probability
    ``rate / L``; the answer is a Poisson(L target)-weighted sum of the
    probabilities of having finished within ``j`` events. All terms are
    positive (no cancellation); the work is about ``L target`` vector steps.
    """
    fastest = float(rates[-1])
    mean_events = fastest * target
    steps = int(mean_events + 12 * math.sqrt(mean_events) + 30)
    if steps * rates.size > 500_000_000:
        raise ValueError(f"target_time={target:g} spans about {mean_events:,.0f} handling events of the busiest queue "
                         "position: too much work for an exact service level; use a shorter target_time or check aht")
    weights = np.exp(np.arange(steps + 1) * math.log(mean_events) - mean_events - gammaln(np.arange(steps + 1) + 1.0)) \
        if mean_events > 0 else np.r_[1.0, np.zeros(steps)]
    down = rates / fastest
    finished = np.zeros(rates.size + 1)
    finished[0] = 1.0  # zero stages left: done
    total = weights[0] * finished
    for weight in weights[1:]:
        finished[1:] = down * finished[:-1] + (1.0 - down) * finished[1:]
        total += weight * finished
    return np.clip(total[1:], 0.0, 1.0)


def erlang_a(calls: float, interval: float, aht: float, patience: float, agents: int, target_time: float) -> dict:
    """Performance of a queue whose callers hang up (Erlang A, M/M/n+M).

    Arrivals are Poisson (``calls`` per ``interval``), handle times exponential
    with mean ``aht``, and each caller abandons once her wait exceeds an
    exponential patience with mean ``patience`` (Palm 1943; Garnett, Mandelbaum
    & Reiman 2002). The queue is always stable. The numbers come from the
    stationary distribution of the birth–death chain (birth rate ``lambda``,
    death rate ``k mu`` for ``k <= n`` and ``n mu + (k - n) theta`` above),
    computed in log space and truncated where the terms fall below ``e**-50``
    of the largest.

    Parameters
    ----------
    calls, interval : float
        Calls per interval; ``lambda = calls / interval``.
    aht : float
        Average handle time, same unit.
    patience : float
        Mean patience (time a caller is willing to wait), same unit; positive.
    agents : int
        Number of agents (may be fewer than the traffic: abandonment keeps the queue finite).
    target_time : float
        Answer-time target for the service level.

    Returns
    -------
    dict
        ``p_wait`` (share of arrivals who find all agents busy), ``p_abandon``
        (share who hang up before being answered), ``service_level`` (share of
        *all* arrivals answered within ``target_time``; abandoning callers count
        as not answered), ``asa`` (mean time in queue over all arrivals,
        abandoning ones included: ``Lq / lambda``), ``occupancy`` (share of the
        agents' time busy: ``lambda (1 - p_abandon) aht / n``).

    Examples
    --------
    >>> result = erlang_a(calls=100, interval=1800, aht=180, patience=120, agents=14, target_time=20)
    >>> sorted(result)
    ['asa', 'occupancy', 'p_abandon', 'p_wait', 'service_level']
    >>> round(result["p_wait"], 3), round(result["p_abandon"], 3)
    (0.127, 0.023)

    With very patient callers Erlang A approaches Erlang C:

    >>> patient = erlang_a(100, 1800, 180, patience=1e7, agents=14, target_time=20)
    >>> round(patient["p_wait"], 3), round(patient["service_level"], 3)
    (0.174, 0.888)
    """
    count_calls = _check_number("calls", calls)
    length = _check_number("interval", interval, positive=True)
    handle = _check_number("aht", aht, positive=True)
    mean_patience = _check_number("patience", patience, positive=True)
    count = _check_agents(agents, positive=True)
    target = _check_number("target_time", target_time)
    rate = count_calls / length
    if rate == 0:
        return {"p_wait": 0.0, "p_abandon": 0.0, "service_level": 1.0, "asa": 0.0, "occupancy": 0.0}
    service_rate = 1.0 / handle
    abandon_rate = 1.0 / mean_patience
    probabilities = _erlang_a_distribution(rate, service_rate, abandon_rate, count)
    waiting = probabilities[count:]  # arrivals finding n, n+1, ... in the system: q = 0, 1, ... calls ahead
    p_wait = float(waiting.sum())
    queue_mean = float(np.dot(np.arange(len(waiting)), waiting))
    p_abandon = abandon_rate * queue_mean / rate
    # Only queue positions that carry probability matter for the service level: stop where the tail is below 1e-15.
    tail = np.cumsum(waiting[::-1])[::-1]
    positions = max(1, int(np.searchsorted(-tail, -1e-15)))
    answered_soon = _answered_within(target, count, service_rate, abandon_rate, positions)
    level = float(probabilities[:count].sum() + np.dot(waiting[:positions], answered_soon))
    return {
        "p_wait": p_wait,
        "p_abandon": p_abandon,
        "service_level": min(level, 1.0),
        "asa": queue_mean / rate,
        "occupancy": rate * (1.0 - p_abandon) * handle / count,
    }


def agents_required_erlang_a(
    calls: float,
    interval: float,
    aht: float,
    patience: float,
    service_level: float,
    target_time: float,
    max_occupancy: float = 1.0,
) -> int:
    """Smallest number of agents meeting the service level under Erlang A (see :func:`erlang_a`).

    The search is bounded: it starts from the Erlang C staffing (callers who
    never hang up need at least as many agents, as a rule), widens the
    bracket in steps of about the square root of the traffic, then bisects,
    so it calls :func:`erlang_a` about ``2 log2(sqrt(traffic))`` times instead
    of once per agent (5,000 Erlangs: a fraction of a second).

    Examples
    --------
    >>> agents_required_erlang_a(100, 1800, 180, patience=120, service_level=0.8, target_time=20)
    12
    """
    count_calls = _check_number("calls", calls)
    target_share = _check_share("service_level", service_level, upper_open=True)
    cap = _check_share("max_occupancy", max_occupancy)
    if cap == 0:
        raise ValueError(f"max_occupancy must be positive, got {max_occupancy!r}")
    if count_calls == 0:
        return 0

    def meets(count: int) -> bool:
        result = erlang_a(calls, interval, aht, patience, count, target_time)
        # a hair of tolerance at the cap: an overloaded queue's occupancy is 1 up to float rounding
        return result["service_level"] >= target_share and result["occupancy"] <= cap * (1 + 1e-12)

    load = count_calls * _check_number("aht", aht, positive=True) / _check_number("interval", interval, positive=True)
    high = max(1, agents_required(calls, interval, aht, service_level, target_time, max_occupancy))
    while not meets(high):  # rare: Erlang A needing more agents than Erlang C
        if high >= MAX_AGENTS:
            raise ValueError(f"no staffing up to {MAX_AGENTS:,} agents meets service_level={target_share:g}")
        high = min(2 * high, MAX_AGENTS)
    step = max(1, math.ceil(math.sqrt(load)))
    low = high - step
    while low >= 1 and meets(low):  # widen downwards until a staffing fails
        high, low, step = low, low - 2 * step, 2 * step
    low = max(low, 0)
    while high - low > 1:  # low fails (or is 0), high meets
        middle = (low + high) // 2
        if meets(middle):
            high = middle
        else:
            low = middle
    return high


def staffing_plan(
    forecast: pd.DataFrame,
    interval: float,
    aht: float,
    service_level: float,
    target_time: float,
    shrinkage: float = 0.0,
    max_occupancy: float = 1.0,
    patience: float | None = None,
) -> pd.DataFrame:
    """Agents needed per interval for a forecast of calls, with shrinkage.

    Parameters
    ----------
    forecast : pandas.DataFrame
        One row per interval with a ``calls`` column (other columns are kept).
    interval, aht, service_level, target_time, max_occupancy
        As in :func:`agents_required`.
    shrinkage : float, default 0.0
        Share of paid time agents are not available for calls (breaks,
        training, absence), in [0, 1). Scheduled = ceil(on phones / (1 - shrinkage)).
    patience : float, optional
        If given, staff with Erlang A (callers abandon) instead of Erlang C.

    Returns
    -------
    pandas.DataFrame
        The forecast with ``traffic``, ``agents`` (on the phones),
        ``scheduled`` (paid, after shrinkage), ``service_level`` and ``occupancy``.

    Examples
    --------
    >>> plan = staffing_plan(pd.DataFrame({"calls": [40, 100]}), 1800, 180, 0.8, 20, shrinkage=0.3)
    >>> plan[["agents", "scheduled"]].values.tolist()
    [[7, 10], [14, 20]]
    """
    require_columns(forecast, ["calls"], "forecast")
    loss = _check_share("shrinkage", shrinkage, upper_open=True)
    interval = _check_number("interval", interval, positive=True)
    aht = _check_number("aht", aht, positive=True)
    plan = forecast.assign(calls=number_column(forecast, "calls", "forecast", low=0))
    plan["traffic"] = plan["calls"] * aht / interval
    agents, levels = [], []
    for calls in plan["calls"]:
        if patience is None:
            needed = agents_required(calls, interval, aht, service_level, target_time, max_occupancy)
            level = service_level_of(calls * aht / interval, needed, aht, target_time)
        else:
            needed = agents_required_erlang_a(calls, interval, aht, patience, service_level, target_time, max_occupancy)
            level = erlang_a(calls, interval, aht, patience, needed, target_time)["service_level"] if needed else 1.0
        agents.append(needed)
        levels.append(level)
    plan["agents"] = np.array(agents, dtype="int64")
    plan["scheduled"] = np.ceil(plan["agents"] / (1.0 - loss) - 1e-9).astype("int64")
    plan["service_level"] = levels
    plan["occupancy"] = np.where(plan["agents"] > 0, plan["traffic"] / plan["agents"].clip(lower=1), 0.0)
    return plan


#: Alias used inside :func:`staffing_plan`, where ``service_level`` names an argument.
service_level_of = service_level


# ----------------------------------------------------------------------------
# Simulation
# ----------------------------------------------------------------------------


#: The most calls (expected) one run of :func:`simulate_queue` simulates: a bound on its work.
_MAX_SIMULATED_CALLS = 10_000_000


def simulate_queue(
    arrival_rate: float | Callable[[float], float],
    agents: int | Callable[[float], int],
    horizon: float,
    handle_time: Callable[[np.random.Generator], float],
    patience: Callable[[np.random.Generator], float] | None = None,
    seed: int = 0,
    max_rate: float | None = None,
    progress: bool = False,
) -> pd.DataFrame:
    """Simulate an inbound queue with SimPy and return one row per call.

    Calls arrive as a Poisson process (time-varying if ``arrival_rate`` is a
    function of time, by thinning at ``max_rate``), wait first come first served
    for one of ``agents`` agents, and hang up when their wait exceeds their
    patience. Handle times and patiences are drawn by the functions given, so
    any distribution can be tried.

    Parameters
    ----------
    arrival_rate : float or callable
        Calls per time unit, or a function of time returning it.
    agents : int or callable
        Number of agents, or a function of time (changes take effect on the
        whole time unit grid of 60 units; an agent finishing a call is never cut off).
    horizon : float
        Length of the simulated period; calls arriving after it are not generated.
    handle_time : callable
        ``handle_time(rng)`` returns one handle time.
    patience : callable, optional
        ``patience(rng)`` returns one caller's patience; None = nobody abandons.
    seed : int
        Seed of the random generator.
    max_rate : float, optional
        Upper bound of a time-varying ``arrival_rate`` (required then).
    progress : bool
        Show a tqdm progress bar over simulated time.

    Returns
    -------
    pandas.DataFrame
        ``arrival``, ``wait`` (time in queue), ``abandoned``, ``handle`` (NaN if
        abandoned), ``agents_busy_on_arrival``.

    Examples
    --------
    >>> import numpy as np
    >>> calls = simulate_queue(100 / 1800, 14, horizon=3600, handle_time=lambda rng: rng.exponential(180), seed=1)
    >>> list(calls.columns)
    ['arrival', 'wait', 'abandoned', 'handle', 'agents_busy_on_arrival']
    """
    import simpy
    from tqdm import tqdm

    seed = check_whole(seed, "seed")
    rng = np.random.default_rng(seed)
    env = simpy.Environment()
    varying_rate = callable(arrival_rate)
    if varying_rate and max_rate is None:
        raise ValueError("max_rate is required when arrival_rate is a function of time")
    top_rate = (_check_number("max_rate", max_rate, positive=True) if varying_rate
                else _check_number("arrival_rate", arrival_rate, positive=True))
    horizon = _check_number("horizon", horizon, positive=True)
    if top_rate * horizon > _MAX_SIMULATED_CALLS:
        raise ValueError(f"arrival_rate × horizon = {top_rate * horizon:,.0f} expected calls: more than the "
                         f"{_MAX_SIMULATED_CALLS:,} a simulation handles; shorten horizon")
    for name, function in (("handle_time", handle_time), ("patience", patience)):
        if function is not None and not callable(function):
            raise ValueError(f"{name} must be a function of a numpy Generator (e.g. lambda rng: rng.exponential(180)), "
                             f"got {function!r}")
    if not isinstance(progress, bool):
        raise ValueError(f"progress must be True or False, got {progress!r}")
    varying_staff = callable(agents)
    if varying_staff:
        capacity = max(int(agents(t)) for t in np.arange(0.0, horizon + 60.0, 60.0))
    else:
        capacity = _check_agents(agents, positive=True)
    desks = simpy.PriorityResource(env, capacity=capacity)
    records: list[tuple[float, float, bool, float, int]] = []
    state = {"busy": 0, "blocked": 0}

    def staff_on(now: float) -> int:
        return int(agents(now)) if varying_staff else capacity

    def blocker():
        """Hold surplus desks with top-priority dummy requests so that agents(t) desks take calls."""
        held = []
        while True:
            target = capacity - staff_on(env.now)
            while len(held) < target:
                held.append(desks.request(priority=-1))
            while len(held) > target:
                request = held.pop()
                if request.triggered:
                    desks.release(request)
                else:
                    request.cancel()
            yield env.timeout(60)

    def caller(arrival: float):
        busy = state["busy"]
        request = desks.request(priority=0)
        if patience is None:
            yield request  # a patient caller simply waits for a free agent
            answered = True
        else:
            result = yield request | env.timeout(patience(rng))
            answered = request in result
        if answered:
            wait = env.now - arrival
            duration = handle_time(rng)
            state["busy"] += 1
            yield env.timeout(duration)
            state["busy"] -= 1
            desks.release(request)
            records.append((arrival, wait, False, duration, busy))
        else:
            request.cancel()
            records.append((arrival, env.now - arrival, True, math.nan, busy))

    def source():
        while True:
            yield env.timeout(rng.exponential(1.0 / top_rate))
            if env.now > horizon:
                return
            if varying_rate and rng.random() > arrival_rate(env.now) / top_rate:
                continue
            env.process(caller(env.now))

    if varying_staff:
        env.process(blocker())
    env.process(source())
    steps = 50
    bar = tqdm(total=steps, desc="simulating", disable=not progress, leave=False)
    for step in range(1, steps + 1):
        env.run(until=horizon * step / steps)
        bar.update(1)
    bar.close()
    frame = pd.DataFrame(records, columns=["arrival", "wait", "abandoned", "handle", "agents_busy_on_arrival"])
    return frame.sort_values("arrival", ignore_index=True)


def replicate(run: Callable[[int], float], replications: int, seed: int = 0, confidence: float = 0.95) -> dict:
    """Run a simulation several times and give the mean with a t confidence interval.

    Parameters
    ----------
    run : callable
        ``run(seed)`` returns one number (e.g. the service level of one replication).
    replications : int
        Number of independent replications (at least 2).
    seed : int
        First seed; replication ``i`` uses ``seed + i``.
    confidence : float
        Confidence level of the Student t interval (:func:`crmkit.inference.mean_interval`).

    Returns
    -------
    dict
        ``mean``, ``low``, ``high``, ``values`` (the replications' results).

    Examples
    --------
    >>> result = replicate(lambda s: float(s % 2), replications=4)
    >>> result["mean"], result["values"]
    (0.5, [0.0, 1.0, 0.0, 1.0])
    """
    if not callable(run):
        raise ValueError(f"run must be a function of a seed, got {run!r}")
    replications = check_whole(replications, "replications", low=2, high=100_000)
    seed = check_whole(seed, "seed")
    values = [float(run(seed + i)) for i in range(replications)]
    low, high = mean_interval(values, confidence)
    return {"mean": float(np.mean(values)), "low": low, "high": high, "values": values}


# ----------------------------------------------------------------------------
# KPIs from a call log
# ----------------------------------------------------------------------------


def repeat_calls(calls: pd.DataFrame, days: float = 7, caller: str = "caller_id", time: str = "arrival_time") -> pd.Series:
    """Flag calls followed by another call from the same caller within ``days``.

    The usual operational test of first-call resolution (一次解决率): a call
    counts as resolved at first contact if the caller does not call again
    within the window.

    Returns
    -------
    pandas.Series of bool
        Aligned with ``calls``: True if the same caller called again within ``days``.

    Examples
    --------
    >>> log = pd.DataFrame({"caller_id": ["a", "a", "b"],
    ...                     "arrival_time": pd.to_datetime(["2025-11-03 09:00", "2025-11-05 10:00", "2025-11-03 09:30"])})
    >>> repeat_calls(log).tolist()
    [True, False, False]
    """
    days = _check_number("days", days)
    require_columns(calls, [caller, time], "calls")
    id_column(calls, caller, "calls")
    calls = calls.assign(**{time: date_column(calls, time, "calls")})
    order = calls.sort_values([caller, time], kind="stable")
    next_time = order.groupby(caller, sort=False)[time].shift(-1)
    gap = next_time - order[time]
    flagged = (gap <= pd.Timedelta(days=days)).fillna(False)
    return flagged.reindex(calls.index).astype(bool)


def interval_kpis(
    calls: pd.DataFrame, freq: str = "30min", target_time: float = 20, time: str = "arrival_time"
) -> pd.DataFrame:
    """Inbound KPIs per interval from a call log like ``datasets/call_log.csv``.

    Counts only calls that reached the agent queue (not resolved in the IVR).
    Service level here is answered within ``target_time`` over calls offered
    (abandoned calls count against it, including those that hung up quickly).

    Returns
    -------
    pandas.DataFrame
        Per interval: ``offered``, ``answered``, ``abandoned``, ``connection_rate``
        (answered / offered), ``abandon_rate``, ``service_level``, ``asa``
        (mean wait of answered calls, seconds), ``aht`` (seconds).

    Examples
    --------
    >>> log = pd.DataFrame({"arrival_time": pd.to_datetime(["2025-11-03 09:01", "2025-11-03 09:10"]),
    ...                     "ivr_resolved": [False, False], "abandoned": [False, True],
    ...                     "queue_seconds": [5.0, 40.0], "handle_seconds": [200.0, float("nan")]})
    >>> interval_kpis(log)[["offered", "answered", "service_level"]].values.tolist()
    [[2.0, 1.0, 0.5]]
    """
    needed = [time, "ivr_resolved", "abandoned", "queue_seconds", "handle_seconds"]
    require_columns(calls, needed, "calls")
    step = check_freq(freq)
    target_time = _check_number("target_time", target_time)
    calls = calls.assign(**{
        time: date_column(calls, time, "calls"),
        "ivr_resolved": bool_column(calls, "ivr_resolved", "calls"),
        "abandoned": bool_column(calls, "abandoned", "calls"),
        "queue_seconds": number_column(calls, "queue_seconds", "calls", low=0, allow_missing=True),
        "handle_seconds": number_column(calls, "handle_seconds", "calls", low=0, allow_missing=True),
    })
    queue = calls.loc[~calls["ivr_resolved"]].copy()
    no_wait = queue["queue_seconds"].isna()
    if no_wait.any():
        raise ValueError(f"calls['queue_seconds'] is missing for {int(no_wait.sum())} of {len(queue)} calls that reached "
                         f"the queue (ivr_resolved False), e.g. row {queue.index[no_wait.to_numpy()][0]!r}")
    queue["answered"] = ~queue["abandoned"]
    queue["in_target"] = queue["answered"] & (queue["queue_seconds"] <= target_time)
    queue["answered_wait"] = queue["queue_seconds"].where(queue["answered"])
    grouped = queue.groupby(pd.Grouper(key=time, freq=step))
    table = pd.DataFrame(
        {
            "offered": grouped.size().astype(float),
            "answered": grouped["answered"].sum().astype(float),
            "abandoned": grouped["abandoned"].sum().astype(float),
            "in_target": grouped["in_target"].sum().astype(float),
            "asa": grouped["answered_wait"].mean(),
            "aht": grouped["handle_seconds"].mean(),
        }
    )
    table = table[table["offered"] > 0]
    table["connection_rate"] = table["answered"] / table["offered"]
    table["abandon_rate"] = table["abandoned"] / table["offered"]
    table["service_level"] = table["in_target"] / table["offered"]
    columns = ["offered", "answered", "abandoned", "connection_rate", "abandon_rate", "service_level", "asa", "aht"]
    return table[columns]


def ivr_menu(menu: pd.DataFrame, option_seconds: float = 5.0, greeting_seconds: float = 10.0) -> dict:
    """What a one-level IVR menu delivers: containment, expected time in the menu, load left for agents.

    The menu announces its options in the order of the rows of ``menu``; a
    caller listens until their option is read out and presses it. A caller with
    reason :math:`i` (a share :math:`w_i` of calls) in position :math:`k_i`
    therefore spends :math:`g + k_i s` seconds choosing, with :math:`g` the
    greeting and :math:`s` the seconds per option. Of those who choose option
    :math:`i`, a share :math:`r_i` is served by self-service and never reaches
    an agent. Then

    - containment (自助解决率) :math:`= \\sum_i w_i r_i`;
    - expected time in the menu :math:`= g + s \\sum_i w_i k_i`;
    - share of calls left for agents :math:`= 1 -` containment.

    The expected time is smallest when the options are read in order of
    decreasing share (the rearrangement inequality): put the most frequent
    reason first.

    Parameters
    ----------
    menu : pandas.DataFrame
        One row per option, **in the order the menu reads them**, with columns
        ``reason`` (a label, unique), ``calls`` (calls or shares choosing it,
        ≥ 0; normalised to shares) and ``self_service`` (share of those callers
        served without an agent, 0 to 1; 0 for an option that goes straight to
        the queue).
    option_seconds : float, default 5.0
        Seconds to read one option, > 0.
    greeting_seconds : float, default 10.0
        Seconds of greeting before the first option, ≥ 0.

    Returns
    -------
    dict
        ``containment``, ``menu_seconds`` (expected seconds to reach one's
        option), ``expected_position`` (mean position chosen, 1 = first) and
        ``agent_share`` (1 − containment).

    Raises
    ------
    ValueError
        If a column is missing, a reason is missing or repeated, a count is
        negative or not a number, a self-service share lies outside 0 to 1, the
        calls add up to zero, or a time is not a positive number; the message
        names the argument or column.

    Examples
    --------
    Three options: 50 % of callers ask where their order is (60 % of them are
    served by self-service), 30 % want a refund, 20 % something else.

    >>> menu = pd.DataFrame({"reason": ["order_status", "refund", "other"],
    ...                      "calls": [50, 30, 20], "self_service": [0.6, 0.1, 0.0]})
    >>> result = ivr_menu(menu, option_seconds=5, greeting_seconds=10)
    >>> round(result["containment"], 3), round(result["menu_seconds"], 1)
    (0.33, 18.5)
    >>> round(ivr_menu(menu.iloc[::-1], option_seconds=5, greeting_seconds=10)["menu_seconds"], 1)
    21.5
    """
    require_columns(menu, ["reason", "calls", "self_service"], "menu", allow_empty=False)
    reasons = label_column(menu, "reason", "menu")
    repeated = reasons.duplicated(keep=False).to_numpy()
    if repeated.any():
        raise ValueError(f"menu['reason'] must name each option once: {int(repeated.sum())} of {len(menu)} rows repeat "
                         f"a reason, e.g. {reasons[repeated].iloc[0]!r}")
    calls = number_column(menu, "calls", "menu", low=0).to_numpy()
    rates = number_column(menu, "self_service", "menu", low=0, high=1).to_numpy()
    total = calls.sum()
    if total <= 0:
        raise ValueError(f"menu['calls'] adds up to 0 over {len(menu)} rows: no caller chooses any option")
    option_seconds = _check_number("option_seconds", option_seconds, positive=True)
    greeting_seconds = _check_number("greeting_seconds", greeting_seconds)
    shares = calls / total
    positions = np.arange(1, len(shares) + 1)
    containment = float(np.sum(shares * rates))
    expected_position = float(np.sum(shares * positions))
    return {
        "containment": containment,
        "menu_seconds": greeting_seconds + option_seconds * expected_position,
        "expected_position": expected_position,
        "agent_share": 1.0 - containment,
    }


def _checked_shifts(shifts: pd.DataFrame, needed: list[str], break_minutes: object, coaching_minutes: object) -> pd.DataFrame:
    """Shifts with parsed dates and flags, or ValueError naming the column (breaks and coaching may be missing)."""
    _check_number("break_minutes", break_minutes)
    _check_number("coaching_minutes", coaching_minutes)
    checked = {column: date_column(shifts, column, "shifts", allow_missing=column in ("break_start", "coaching_start"))
               for column in needed if column != "absent"}
    checked["absent"] = bool_column(shifts, "absent", "shifts")
    backwards = (checked["shift_end"] < checked["shift_start"]).to_numpy()
    if backwards.any():
        raise ValueError(f"shifts['shift_end'] is before shifts['shift_start'] in {int(backwards.sum())} of "
                         f"{len(shifts)} rows, e.g. row {shifts.index[backwards][0]!r}")
    return shifts.assign(**checked)


def shift_availability(shifts: pd.DataFrame, break_minutes: int = 60, coaching_minutes: int = 30) -> pd.DataFrame:
    """Paid and available agent time per day from a shift table like ``datasets/agent_shifts.csv``.

    Available time is the shift minus the meal break and any coaching session;
    absent agents are paid but not available. Shrinkage (排班损耗) is
    ``1 - available / paid``.

    Returns
    -------
    pandas.DataFrame
        Per ``shift_date``: ``agents_scheduled``, ``agents_present``,
        ``paid_seconds``, ``available_seconds``, ``shrinkage``.

    Examples
    --------
    >>> shifts = pd.DataFrame({"shift_date": pd.to_datetime(["2025-11-03"] * 2),
    ...     "shift_start": pd.to_datetime(["2025-11-03 08:00"] * 2), "shift_end": pd.to_datetime(["2025-11-03 16:00"] * 2),
    ...     "absent": [False, True], "coaching_start": pd.to_datetime(["2025-11-03 09:00", None])})
    >>> round(float(shift_availability(shifts)["shrinkage"].iloc[0]), 4)
    0.5938
    """
    needed = ["shift_date", "shift_start", "shift_end", "absent", "coaching_start"]
    require_columns(shifts, needed, "shifts")
    shifts = _checked_shifts(shifts, needed, break_minutes, coaching_minutes)
    paid = (shifts["shift_end"] - shifts["shift_start"]).dt.total_seconds()
    off_phone = 60 * (break_minutes + coaching_minutes * shifts["coaching_start"].notna())
    available = (paid - off_phone).where(~shifts["absent"].astype(bool), 0.0)
    frame = pd.DataFrame({"shift_date": shifts["shift_date"], "paid": paid, "available": available, "present": ~shifts["absent"].astype(bool)})
    table = frame.groupby("shift_date").agg(
        agents_scheduled=("paid", "size"), agents_present=("present", "sum"), paid_seconds=("paid", "sum"), available_seconds=("available", "sum")
    )
    table["shrinkage"] = 1 - table["available_seconds"] / table["paid_seconds"]
    return table


def agents_available(shifts: pd.DataFrame, freq: str = "30min", break_minutes: int = 60, coaching_minutes: int = 30) -> pd.Series:
    """Average number of agents available for calls in each interval.

    An agent counts in proportion to the part of the interval she is on shift,
    not on her meal break, not in coaching and not absent.

    Returns
    -------
    pandas.Series
        Indexed by interval start; intervals with nobody on shift are left out.

    Examples
    --------
    >>> shifts = pd.DataFrame({"shift_start": pd.to_datetime(["2025-11-03 08:00"]),
    ...     "shift_end": pd.to_datetime(["2025-11-03 09:00"]), "absent": [False],
    ...     "break_start": pd.to_datetime(["2025-11-03 08:30"]), "coaching_start": pd.to_datetime([None])})
    >>> agents_available(shifts, break_minutes=15).tolist()
    [1.0, 0.5]
    """
    needed = ["shift_start", "shift_end", "absent", "break_start", "coaching_start"]
    require_columns(shifts, needed, "shifts")
    step = check_freq(freq)
    shifts = _checked_shifts(shifts, needed, break_minutes, coaching_minutes)
    longest = (shifts["shift_end"] - shifts["shift_start"]).max()
    if pd.notna(longest) and longest / step > 100_000:
        raise ValueError(f"freq={freq!r} cuts a shift of {longest} into more than 100,000 intervals; use a longer freq")
    totals: dict[pd.Timestamp, float] = {}

    def add(start: pd.Timestamp, end: pd.Timestamp, sign: float) -> None:
        slot = start.floor(freq)
        while slot < end:
            overlap = (min(end, slot + step) - max(start, slot)) / step
            if overlap > 0:
                totals[slot] = totals.get(slot, 0.0) + sign * overlap
            slot += step

    for shift in shifts.itertuples(index=False):
        if shift.absent:
            continue
        add(shift.shift_start, shift.shift_end, 1.0)
        if not pd.isna(shift.break_start):
            add(shift.break_start, shift.break_start + pd.Timedelta(minutes=break_minutes), -1.0)
        if not pd.isna(shift.coaching_start):
            add(shift.coaching_start, shift.coaching_start + pd.Timedelta(minutes=coaching_minutes), -1.0)
    series = pd.Series(totals, dtype=float).sort_index().round(6)
    series.index.name = "interval"
    return series.rename("agents")
