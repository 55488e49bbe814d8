"""crmkit.clv side by side with lifetimes 0.11.3, in one run: same results, and how fast.

Run from the repository root with the benchmark's own environment (see README.md):

    benchmarks/.venv/bin/python benchmarks/bench_clv.py

It prints one table. Checks:

- ``summarise_transactions`` gives the same frequency, recency, T and monetary
  value as ``lifetimes.utils.summary_data_from_transaction_data`` on CDNOW master
  (weekly and daily periods) and on a synthetic log of 1,000,000 rows, and is
  at least 3× faster on the 1M log;
- ``BetaGeo().fit`` reaches the same optimum as ``BetaGeoFitter().fit`` on the
  CDNOW calibration sample (Fader, Hardie & Lee 2005) and on CDNOW master, and is
  no slower.

Timings are the best of several repeats (``--repeats``). Exit status 1 if a check fails.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # crmkit from the repository (see requirements.txt)

from crmkit.clv import BetaGeo, summarise_transactions  # noqa: E402

warnings.filterwarnings("ignore")
from lifetimes import BetaGeoFitter  # noqa: E402
from lifetimes.utils import summary_data_from_transaction_data  # noqa: E402


def best_time(function, repeats: int) -> tuple[float, object]:
    best = float("inf")
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def load_cdnow(name: str) -> pd.DataFrame:
    path = ROOT / "datasets" / name
    if name == "cdnow_master.txt":
        frame = pd.read_csv(path, sep=r"\s+")
        frame = frame.rename(columns={"dollar_value": "amount"})
    else:
        frame = pd.read_csv(path, sep=r"\s+", header=None, names=["master_id", "customer_id", "date", "cds", "amount"])
    frame["date"] = pd.to_datetime(frame["date"].astype(str), format="%Y%m%d")
    return frame


def synthetic_log(rows: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    customers = rows // 8
    ids = rng.integers(0, customers, rows)
    start = np.datetime64("2022-01-01")
    days = rng.integers(0, 3 * 365, rows)
    return pd.DataFrame(
        {
            "customer_id": np.char.add("C", ids.astype(str)),
            "date": start + days.astype("timedelta64[D]"),
            "amount": np.round(rng.gamma(2.0, 40.0, rows), 2),
        }
    )


def same_summary(ours: pd.DataFrame, theirs: pd.DataFrame) -> bool:
    theirs = theirs.rename(columns={"monetary_value": "monetary"})
    theirs.index = theirs.index.astype(ours.index.dtype)
    theirs = theirs.sort_index()
    if not ours.index.equals(theirs.index) or list(ours.columns) != list(theirs.columns):
        return False
    return bool(np.allclose(ours.to_numpy(), theirs.to_numpy(), rtol=1e-12, atol=1e-9))


def compare_summaries(label: str, log: pd.DataFrame, freq: str, end, repeats: int) -> dict:
    ours_time, ours = best_time(lambda: summarise_transactions(log, "customer_id", "date", "amount", freq=freq, observation_end=end), repeats)
    theirs_time, theirs = best_time(
        lambda: summary_data_from_transaction_data(log, "customer_id", "date", "amount", observation_period_end=end, freq=freq), repeats
    )
    return {
        "task": f"summarise {label} (freq={freq})",
        "rows": len(log),
        "identical": same_summary(ours, theirs),
        "crmkit_s": ours_time,
        "lifetimes_s": theirs_time,
    }


def compare_fits(label: str, summary: pd.DataFrame, repeats: int) -> dict:
    x, t_x, T = summary["frequency"], summary["recency"], summary["T"]
    ours_time, ours = best_time(lambda: BetaGeo().fit(x, t_x, T), repeats)
    theirs_time, theirs = best_time(lambda: BetaGeoFitter().fit(x, t_x, T), repeats)
    model = BetaGeo()
    model.params_ = {name: float(theirs.params_[name]) for name in ("r", "alpha", "a", "b")}
    their_ll = float(model.log_likelihood(x, t_x, T).sum())
    params_close = all(abs(ours.params_[name] / model.params_[name] - 1) < 1e-3 for name in ours.params_)
    return {
        "task": f"BetaGeo fit {label}",
        "rows": len(summary),
        "identical": params_close and abs(ours.log_likelihood_ - their_ll) < 0.01,
        "crmkit_s": ours_time,
        "lifetimes_s": theirs_time,
        "detail": (
            "crmkit r={r:.4f} alpha={alpha:.4f} a={a:.4f} b={b:.4f} LL={ll:.2f}".format(ll=ours.log_likelihood_, **ours.params_)
            + " | lifetimes r={r:.4f} alpha={alpha:.4f} a={a:.4f} b={b:.4f} LL={ll:.2f}".format(ll=their_ll, **model.params_)
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the synthetic log (default 1,000,000)")
    parser.add_argument("--repeats", type=int, default=3, help="repeats per timing; the best is kept (default 3)")
    args = parser.parse_args(argv)

    master = load_cdnow("cdnow_master.txt")
    sample = load_cdnow("cdnow_sample.txt")
    synthetic = synthetic_log(args.rows)
    rows = [
        compare_summaries("CDNOW master", master, "W", None, args.repeats),
        compare_summaries("CDNOW master", master, "D", "1997-09-30", args.repeats),
        compare_summaries(f"synthetic {args.rows:,}-row log", synthetic, "W", None, args.repeats),
        compare_summaries(f"synthetic {args.rows:,}-row log", synthetic, "D", None, args.repeats),
    ]
    # The FHL (2005) calibration data: 2,357 customers, 39 weeks from 1997-01-01, time in weeks.
    calibration = summarise_transactions(sample, "customer_id", "date", freq="D", observation_end="1997-09-30")
    calibration[["recency", "T"]] = calibration[["recency", "T"]] / 7
    master_weeks = summarise_transactions(master, "customer_id", "date", freq="W")
    rows.append(compare_fits("CDNOW sample (FHL 2005)", calibration, args.repeats))
    rows.append(compare_fits("CDNOW master, weeks", master_weeks, args.repeats))

    table = pd.DataFrame(rows)
    table["speed-up"] = table["lifetimes_s"] / table["crmkit_s"]
    shown = table[["task", "rows", "identical", "crmkit_s", "lifetimes_s", "speed-up"]]
    with pd.option_context("display.width", 200, "display.max_colwidth", 60):
        print(shown.to_string(index=False, float_format=lambda value: f"{value:.3f}"))
    for detail in table.get("detail", pd.Series(dtype=object)).dropna():
        print(detail)

    failures = []
    if not table["identical"].all():
        failures.append("results differ: " + ", ".join(table.loc[~table["identical"], "task"]))
    big = table["task"].str.startswith("summarise synthetic")
    if (table.loc[big, "speed-up"] < 3).any():
        failures.append("summarise_transactions is less than 3x faster than lifetimes on the synthetic log")
    fits = table["task"].str.startswith("BetaGeo")
    if (table.loc[fits, "speed-up"] < 1).any():
        failures.append("BetaGeo().fit is slower than lifetimes' BetaGeoFitter")
    print("\n".join(failures) if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
