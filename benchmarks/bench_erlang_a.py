"""Erlang A staffing: time of ``crmkit.callcentre.agents_required_erlang_a`` at 10, 500 and 5,000 Erlangs.

Also checks that its bracketed bisection gives the same team as the plain search (one agent at a time) over a grid
of small cases. Uses the project's own environment (no third-party reference needed):

    .venv/bin/python benchmarks/bench_erlang_a.py

Prints a table and exits with status 1 if a team differs or 5,000 Erlangs take a second or more.
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crmkit.callcentre import agents_required_erlang_a, erlang_a  # noqa: E402

INTERVAL, AHT, PATIENCE, SERVICE_LEVEL, TARGET_TIME = 1800, 180, 120, 0.8, 20


def plain_search(calls: float, aht: float, patience: float, level: float, cap: float) -> int:
    """The old way: try 1, 2, 3 … agents until the targets are met."""
    agents = 1
    while True:
        result = erlang_a(calls, INTERVAL, aht, patience, agents, TARGET_TIME)
        if result["service_level"] >= level and result["occupancy"] <= cap * (1 + 1e-12):
            return agents
        agents += 1


def main() -> int:
    failures = 0
    print(f"{'Erlangs':>8} {'agents':>7} {'seconds':>8}")
    for erlangs in (10, 500, 5000):
        calls = erlangs * INTERVAL / AHT
        started = time.perf_counter()
        agents = agents_required_erlang_a(calls, INTERVAL, AHT, PATIENCE, SERVICE_LEVEL, TARGET_TIME)
        elapsed = time.perf_counter() - started
        print(f"{erlangs:>8} {agents:>7} {elapsed:>8.3f}")
        if erlangs == 5000 and elapsed >= 1.0:
            failures += 1
            print("  FAIL: 5,000 Erlangs should take well under a second")
    grid = list(itertools.product([5, 40, 100, 400], [60, 180, 400], [30, 120, 600], [0.5, 0.8, 0.95], [1.0, 0.8]))
    differ = [case for case in grid
              if agents_required_erlang_a(case[0], INTERVAL, case[1], case[2], case[3], TARGET_TIME, case[4])
              != plain_search(*case)]
    print(f"same team as the plain search: {len(grid) - len(differ)}/{len(grid)} cases")
    failures += len(differ)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
