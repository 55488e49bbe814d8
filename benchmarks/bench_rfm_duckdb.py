"""RFM of a large order log: DuckDB SQL side by side with ``crmkit.segmentation.rfm_table``, in one run.

Run from the repository root with the book's environment (DuckDB is one of its requirements):

    .venv/bin/python benchmarks/bench_rfm_duckdb.py                  # 10,000,000 orders, about a minute
    .venv/bin/python benchmarks/bench_rfm_duckdb.py --rows 1000000   # quicker

A synthetic log (integer customer ids, one order date per row, an amount) is written once to
``.npy`` files and to a DuckDB database file in a temporary folder. Then each method runs in a
fresh process, so that its peak memory is its own:

- **pandas**: load the arrays into a DataFrame, call ``rfm_table``;
- **DuckDB on the DataFrame**: load the same DataFrame, run the RFM query on it (DuckDB reads
  pandas columns in place);
- **DuckDB on its file**: open the database file and run the same query; no DataFrame at all.

For each, the table gives the time of the RFM step (best of ``--repeats``), the process's peak
resident memory, and the peak minus the memory held before the step (the data themselves).
The three RFM tables must agree (exit status 1 if not). Timings depend on the machine and on
what else runs on it; they are not a test.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RFM_SQL = """
    SELECT customer_id,
           date_diff('day', max(order_date), (SELECT max(order_date) FROM {source})) AS recency_days,
           count(*) AS frequency,
           sum(amount) AS monetary
    FROM {source}
    GROUP BY customer_id
    ORDER BY customer_id
"""


def make_log(rows: int, folder: Path, seed: int = 20240618) -> None:
    """Write a synthetic order log: about one customer per 10 orders, skewed frequencies."""
    import duckdb

    rng = np.random.default_rng(seed)
    customers = max(rows // 10, 1)
    weights = rng.gamma(0.75, 1.0, customers)
    customer_id = rng.choice(customers, size=rows, p=weights / weights.sum()).astype(np.int64)
    days = rng.integers(0, 3 * 365, size=rows)
    order_date = (np.datetime64("2023-01-01") + days).astype("datetime64[s]")
    amount = np.round(rng.gamma(6.0, 30.0, size=rows), 2)
    np.save(folder / "customer_id.npy", customer_id)
    np.save(folder / "order_date.npy", order_date)
    np.save(folder / "amount.npy", amount)
    frame = pd.DataFrame({"customer_id": customer_id, "order_date": order_date, "amount": amount})
    with duckdb.connect(str(folder / "orders.duckdb")) as con:
        con.register("frame", frame)
        con.execute("CREATE TABLE orders AS SELECT customer_id, CAST(order_date AS DATE) AS order_date, amount FROM frame")


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _load_frame(folder: Path) -> pd.DataFrame:
    return pd.DataFrame({
        "customer_id": np.load(folder / "customer_id.npy"),
        "order_date": np.load(folder / "order_date.npy"),
        "amount": np.load(folder / "amount.npy"),
    })


def _run(method: str, folder: str, repeats: int, queue) -> None:
    import warnings

    import duckdb

    from crmkit.segmentation import rfm_table

    folder = Path(folder)
    con = None
    if method == "duckdb_file":
        con = duckdb.connect(str(folder / "orders.duckdb"), read_only=True)
    else:
        frame = _load_frame(folder)
        if method == "duckdb_frame":
            con = duckdb.connect()
            con.register("frame", frame)
    before = _current_rss_mb()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        if method == "pandas":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = rfm_table(frame)
            result = result.reset_index()
        else:
            source = "orders" if method == "duckdb_file" else "frame"
            result = con.execute(RFM_SQL.format(source=source)).df()
        times.append(time.perf_counter() - start)
    peak = _peak_rss_mb()
    result = result[["customer_id", "recency_days", "frequency", "monetary"]]
    queue.put((method, min(times), peak, peak - before, result))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args(argv)
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory(prefix="bench-rfm-") as scratch:
        folder = Path(scratch)
        start = time.perf_counter()
        make_log(args.rows, folder)
        print(f"order log: {args.rows:,} rows written in {time.perf_counter() - start:.1f} s")
        results = {}
        for method in ("pandas", "duckdb_frame", "duckdb_file"):
            queue = context.Queue()
            process = context.Process(target=_run, args=(method, scratch, args.repeats, queue))
            process.start()
            method, seconds, peak, added, table = queue.get()
            process.join()
            results[method] = (seconds, peak, added, table)
    rows = []
    reference = results["pandas"][3].sort_values("customer_id", ignore_index=True)
    agree = True
    for method, (seconds, peak, added, table) in results.items():
        table = table.sort_values("customer_id", ignore_index=True)
        same = (
            len(table) == len(reference)
            and (table["customer_id"].to_numpy() == reference["customer_id"].to_numpy()).all()
            and (table["recency_days"].to_numpy() == reference["recency_days"].to_numpy()).all()
            and (table["frequency"].to_numpy() == reference["frequency"].to_numpy()).all()
            and np.allclose(table["monetary"].to_numpy(), reference["monetary"].to_numpy(), rtol=1e-9, atol=1e-6)
        )
        agree &= bool(same)
        rows.append((method, f"{seconds:.2f}", f"{peak:,.0f}", f"{added:,.0f}", same))
    report = pd.DataFrame(rows, columns=["method", "rfm_seconds", "peak_rss_mb", "peak_above_data_mb", "same_result"])
    print(f"customers: {len(reference):,}")
    print(report.to_string(index=False))
    print("all results agree" if agree else "RESULTS DIFFER")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
