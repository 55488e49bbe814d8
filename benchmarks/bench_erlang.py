"""Benchmark: crmkit.callcentre's Erlang C staffing against pyworkforce, side by side in one run.

Run from the repository root in an environment with ``benchmarks/requirements-callcentre.txt``:

    python benchmarks/bench_erlang.py

It checks three things and prints a table:

1. **Identical staffing.** Over a sweep of traffic from 1 to 5,000 Erlangs (half-hour intervals, AHT 180 s,
   80 % of calls within 20 s, with and without an 85 % occupancy cap), ``crmkit.callcentre.agents_required``
   returns the same number of agents as ``pyworkforce.queuing.ErlangC(...).required_positions(...)["raw_positions"]``.
2. **Speed.** The whole sweep, timed for each library (best of three repeats).
3. **No overflow.** At 900 Erlangs and 950 agents the textbook formula with ``A**n / n!`` overflows a float;
   ``crmkit`` agrees with a log-space reference to 1e-12.

Not part of pytest (pyworkforce pulls in OR-Tools); exit status 1 if staffing differs or crmkit is slower.
"""

from __future__ import annotations

import math
import sys
import time

import numpy as np
from pyworkforce.queuing import ErlangC

from crmkit import callcentre

AHT = 180.0          # seconds
INTERVAL = 1800.0    # seconds
TARGET_TIME = 20.0   # seconds
SERVICE_LEVEL = 0.8


def sweep() -> np.ndarray:
    """Traffic values from 1 to 5,000 Erlangs: dense where teams are small, geometric above."""
    small = np.arange(1.0, 100.0, 1.37)
    large = np.geomspace(100.0, 5000.0, 40)
    return np.round(np.concatenate([small, large]), 3)


def staff_crmkit(traffic: float, max_occupancy: float) -> int:
    calls = traffic * INTERVAL / AHT
    return callcentre.agents_required(calls, INTERVAL, AHT, SERVICE_LEVEL, TARGET_TIME, max_occupancy=max_occupancy)


def staff_pyworkforce(traffic: float, max_occupancy: float) -> int:
    calls = traffic * INTERVAL / AHT
    model = ErlangC(transactions=calls, aht=AHT / 60, asa=TARGET_TIME / 60, interval=INTERVAL / 60)
    return int(model.required_positions(service_level=SERVICE_LEVEL, max_occupancy=max_occupancy)["raw_positions"])


def timed(function, traffic_values, max_occupancy, repeats=3):
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        result = [function(a, max_occupancy) for a in traffic_values]
        best = min(best, time.perf_counter() - start)
    return result, best


def log_space_erlang_c(traffic: float, agents: int) -> float:
    """Reference Erlang C from log-terms (lgamma) and log-sum-exp."""
    terms = [k * math.log(traffic) - math.lgamma(k + 1) for k in range(agents)]
    last = agents * math.log(traffic) - math.lgamma(agents + 1) + math.log(agents / (agents - traffic))
    top = max(terms + [last])
    total = sum(math.exp(t - top) for t in terms) + math.exp(last - top)
    return math.exp(last - top) / total


def naive_erlang_c(traffic: float, agents: int) -> float:
    top = traffic**agents / math.factorial(agents) * agents / (agents - traffic)
    return top / (sum(traffic**k / math.factorial(k) for k in range(agents)) + top)


def main() -> int:
    traffic_values = sweep()
    ok = True
    print(f"Sweep: {len(traffic_values)} traffic values from {traffic_values.min():g} to {traffic_values.max():g} Erlangs")
    print(f"{'occupancy cap':>14} {'identical':>10} {'crmkit s':>10} {'pyworkforce s':>14} {'ratio (pwf/crmkit)':>19}")
    for cap in (1.0, 0.85):
        ours, our_time = timed(staff_crmkit, traffic_values, cap)
        theirs, their_time = timed(staff_pyworkforce, traffic_values, cap)
        differences = [(a, x, y) for a, x, y in zip(traffic_values, ours, theirs) if x != y]
        ok &= not differences and our_time <= their_time
        print(f"{cap:>14.2f} {str(not differences):>10} {our_time:>10.4f} {their_time:>14.4f} {their_time / our_time:>19.1f}")
        for a, x, y in differences[:5]:
            print(f"    differs at {a} Erlangs: crmkit {x}, pyworkforce {y}")
    print(f"largest team in the sweep: {max(ours)} agents")

    print("\n900 Erlangs, 950 agents:")
    try:
        naive = f"{naive_erlang_c(900.0, 950):.6f}"
    except OverflowError as error:
        naive = f"OverflowError ({error})"
    reference = log_space_erlang_c(900.0, 950)
    ours_950 = callcentre.erlang_c(900.0, 950)
    pwf_950 = ErlangC(transactions=900 * 10, aht=3, asa=20 / 60, interval=30).waiting_probability(950)
    print(f"  naive factorial formula: {naive}")
    print(f"  log-space reference:     {reference:.12f}")
    print(f"  crmkit.erlang_c:         {ours_950:.12f}  (|diff| {abs(ours_950 - reference):.1e})")
    print(f"  pyworkforce:             {pwf_950:.12f}  (|diff| {abs(pwf_950 - reference):.1e})")
    ok &= abs(ours_950 - reference) < 1e-12
    print("\nresult:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
