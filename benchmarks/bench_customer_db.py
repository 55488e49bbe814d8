"""How long Chapter 3's customer database takes to build, and one portrait to read.

Run from the repository root with the book's environment:

    .venv/bin/python benchmarks/bench_customer_db.py

Goals from the chapter's issue: the database built from the CSV files in at most 2 s, a portrait
(``customer_card``) in at most 20 ms. The script prints the median wall-clock time and the median
processor time of this process (all threads) over several runs: on a shared machine the wall clock
also counts the time the process waited for a core, the processor time does not.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crmkit import customer_db, data  # noqa: E402


def timed(call, repeats: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    customer_db.create_database().close()  # warm the file cache and the imports
    wall, cpu = timed(lambda: customer_db.create_database().close(), repeats=5)
    print(f"create_database: median wall {wall:.2f} s, processor {cpu:.2f} s (goal 2 s)")
    con = customer_db.create_database()
    buyers = data.load("orders")["customer_id"].drop_duplicates().sample(20, random_state=1).tolist()
    ids = buyers + ["C00002", "C00004"]  # two who never bought
    wall, cpu = timed(lambda: [customer_db.customer_card(con, customer) for customer in ids], repeats=5)
    print(f"customer_card: median wall {1000 * wall / len(ids):.1f} ms, processor {1000 * cpu / len(ids):.1f} ms "
          f"per portrait (goal 20 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
