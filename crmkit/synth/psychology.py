"""Purchase-decision psychology (购买心理决策): a threshold offer and three page messages, with known effects.

The textbook's S–O–R model (刺激-机体-反应) says a stimulus acts on the customer's
mind (the organism, which no data set records) and produces a response. This family
makes two small experiments in which the stimulus and the response are recorded
and the effect in between is known, so that a student can measure it and compare.

1. **A threshold offer and mental accounting (满减与心理账户).** From 1 to 28
   September 2025 every order of 299 CNY or more (at list price) got 50 CNY off
   ("spend 299, save 50", 满299减50). The four weeks before, 4 to 31 August 2025,
   had no offer. Baskets (the list-price value of an order) are drawn in both
   periods from the same log-normal distribution (median ``basket_median`` CNY,
   log standard deviation ``basket_log_sd``), so the August period is a fair
   counterfactual *by construction*; a real shop would have to check it. In the
   offer period a basket that falls short of the threshold by a gap ``g`` below
   ``reach`` CNY is topped up (凑单) with probability
   ``top_up_max × (1 − g / reach)``: the closer to the threshold, the likelier.
   A topped-up basket ends at the threshold plus an exponential amount with
   mean ``top_up_mean_over`` CNY, so most land in [299, 329). The offer adds no
   orders: only basket values move. ``psychology_truth`` gives the realised
   number of topped-up baskets, their share of the offer period's baskets, the
   true excess share in [299, 329) and the list-price yuan the top-ups added.
2. **Was/now price and scarcity messages against a hold-out (原价现价, 稀缺).**
   Three tests on product pages, each with sessions randomised 50:50 between the
   message and a hold-out (对照组) who saw the same page and price without it:

   - ``was_now`` (anchoring, 锚定): "原价199 现价129" beside a 129 CNY gift tin;
   - ``low_stock`` (scarcity, 稀缺): "仅剩3件" (only 3 left) on a 89 CNY teapot;
   - ``countdown`` (limited time, 限时): "限时24小时" (offer ends in 24 hours) on
     a 59 CNY tea sampler.

   A session converts (buys the product in that session) with probability
   ``base_rate`` in the hold-out and ``base_rate + lift`` with the message; the
   true lifts are the ``lift_*`` parameters. One of them is exactly zero, and one
   is too small for its sample to detect reliably: a careful analyst reports the
   interval, not only the point estimate.

Customer ids are drawn from the customers who had registered before each period,
so every row links to the ``customers`` table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmkit.synth._base import Column, TableSpec

FAMILY = "psychology"
REQUIRES: tuple[str, ...] = ("customers",)


@dataclass(frozen=True)
class PsychologyParams:
    """Ground-truth parameters of the threshold offer and the message tests."""

    threshold: float = field(default=299.0, metadata={"help": "spend threshold of the offer (满299减50), CNY at list price"})
    saving: float = field(default=50.0, metadata={"help": "amount off an order that reaches the threshold, CNY"})
    offer_start: str = field(default="2025-09-01", metadata={"help": "first day of the offer period"})
    baseline_start: str = field(default="2025-08-04", metadata={"help": "first day of the comparable no-offer period"})
    period_days: int = field(default=28, metadata={"help": "length of each period, days"})
    baskets_per_day: float = field(default=90.0, metadata={"help": "mean number of orders a day in both periods (Poisson)"})
    basket_median: float = field(default=185.0, metadata={"help": "median basket value without an offer, CNY (log-normal)"})
    basket_log_sd: float = field(default=0.55, metadata={"help": "standard deviation of log basket value"})
    reach: float = field(default=100.0, metadata={"help": "a basket more than this far below the threshold is never topped up, CNY"})
    top_up_max: float = field(default=0.6, metadata={"help": "chance of topping up a basket just below the threshold; falls linearly to 0 at `reach` below"})
    top_up_mean_over: float = field(default=12.0, metadata={"help": "mean amount by which a topped-up basket ends above the threshold, CNY (exponential)"})
    test_start: str = field(default="2025-10-06", metadata={"help": "first day of the message tests"})
    test_days: int = field(default=14, metadata={"help": "length of the message tests, days"})
    sessions_was_now: int = field(default=8000, metadata={"help": "product-page sessions in the was/now test (both arms)"})
    sessions_low_stock: int = field(default=6000, metadata={"help": "product-page sessions in the 'only 3 left' test (both arms)"})
    sessions_countdown: int = field(default=6000, metadata={"help": "product-page sessions in the 24-hour countdown test (both arms)"})
    base_rate: float = field(default=0.06, metadata={"help": "chance that a hold-out session buys, in every test"})
    lift_was_now: float = field(default=0.02, metadata={"help": "true lift of the was/now anchor (原价199 现价129), share"})
    lift_low_stock: float = field(default=0.0, metadata={"help": "true lift of 'only 3 left' (仅剩3件): none, share"})
    lift_countdown: float = field(default=0.008, metadata={"help": "true lift of the 24-hour countdown (限时24小时), share"})


PARAMS = PsychologyParams()

#: The three message tests: name -> (product, price, message shown to the treated arm).
TESTS = {
    "was_now": ("gift tin of Tieguanyin", 129.0, "原价199 现价129 (was 199, now 129)"),
    "low_stock": ("Yixing clay teapot", 89.0, "仅剩3件 (only 3 left)"),
    "countdown": ("tea sampler", 59.0, "限时24小时 (offer ends in 24 hours)"),
}

SPECS = (
    TableSpec(
        name="threshold_baskets",
        title="Baskets with and without a threshold offer (满减前后的订单金额)",
        description=(
            "Every order of two comparable four-week periods: 4-31 August 2025 without an offer and "
            "1-28 September 2025 with 'spend 299, save 50' (满299减50). The ground truth of how many "
            "baskets were topped up to reach the threshold is in psychology_truth."
        ),
        columns=(
            Column("basket_id", "str", "Order identifier, B00001 and up."),
            Column("customer_id", "str", "The buyer; a key of the customers table."),
            Column("order_date", "date", "Day of the order."),
            Column("period", "str", "no_offer (August) or offer (September)."),
            Column("basket_value", "float64", "Value of the order at list price, before any saving.", "CNY"),
            Column("saving", "float64", "Amount taken off: 50 in the offer period for a basket of 299 or more, else 0.", "CNY"),
            Column("paid", "float64", "basket_value − saving: what the customer paid.", "CNY"),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="message_tests",
        title="Was/now and scarcity messages against a hold-out (价格锚定与稀缺信息测试)",
        description=(
            "Product-page sessions of three randomised tests (October 2025): a was/now price (原价/现价), "
            "'only 3 left' (仅剩3件) and a 24-hour countdown (限时), each against a hold-out that saw the "
            "same page and price without the message."
        ),
        columns=(
            Column("session_id", "str", "Session identifier, S00001 and up."),
            Column("test", "str", "was_now, low_stock or countdown."),
            Column("arm", "str", "message (saw the message) or holdout (did not); assigned at random, 50:50."),
            Column("customer_id", "str", "The visitor; a key of the customers table."),
            Column("session_date", "date", "Day of the session."),
            Column("product", "str", "The product whose page was shown."),
            Column("price", "float64", "The price the visitor could buy at, the same in both arms.", "CNY"),
            Column("message", "str", "The message shown, or 'none' for the hold-out."),
            Column("converted", "bool", "Whether the session ended with the product bought."),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="psychology_truth",
        title="Purchase-psychology ground truth (购买心理实验真实效果)",
        description=(
            "The true effects behind threshold_baskets and message_tests, which the data let you estimate: "
            "how many baskets the offer topped up, and each message's true lift in conversion."
        ),
        columns=(
            Column("experiment", "str", "threshold_offer, or the name of a message test."),
            Column("quantity", "str", "What the value measures."),
            Column("value", "float64", "The true value."),
            Column("unit", "str", "baskets, share or CNY."),
        ),
        notes=__doc__,
    ),
)


def _customers_before(customers: pd.DataFrame, day: pd.Timestamp) -> np.ndarray:
    signed_up = pd.to_datetime(customers["signup_date"]) < day
    return customers.loc[signed_up, "customer_id"].to_numpy()


def _baskets(rng: np.random.Generator, customers: pd.DataFrame, params: PsychologyParams) -> tuple[pd.DataFrame, dict]:
    rows = []
    truth = {}
    for period, start in (("no_offer", params.baseline_start), ("offer", params.offer_start)):
        first_day = pd.Timestamp(start)
        pool = _customers_before(customers, first_day)
        counts = rng.poisson(params.baskets_per_day, size=params.period_days)
        days = np.repeat(pd.date_range(first_day, periods=params.period_days, freq="D").to_numpy(), counts)
        n = len(days)
        values = np.exp(rng.normal(np.log(params.basket_median), params.basket_log_sd, size=n))
        values = np.round(np.maximum(values, 9.9), 1)
        buyers = rng.choice(pool, size=n)
        if period == "offer":
            gap = params.threshold - values
            chance = np.where((gap > 0) & (gap < params.reach), params.top_up_max * (1 - gap / params.reach), 0.0)
            topped = rng.random(n) < chance
            new_values = np.round(params.threshold + rng.exponential(params.top_up_mean_over, size=n), 1)
            added = np.where(topped, new_values - values, 0.0)
            values = np.where(topped, new_values, values)
            in_band = topped & (values < params.threshold + 30)
            truth = {
                "topped_up_baskets": float(topped.sum()),
                "topped_up_share": round(float(topped.mean()), 4),
                "excess_share_299_329": round(float(in_band.mean()), 4),
                "top_up_revenue": round(float(added.sum()), 1),
                "offer_baskets": float(n),
            }
            saving = np.where(values >= params.threshold, params.saving, 0.0)
        else:
            saving = np.zeros(n)
        rows.append(pd.DataFrame({
            "customer_id": buyers,
            "order_date": days,
            "period": period,
            "basket_value": values,
            "saving": saving,
            "paid": np.round(values - saving, 1),
        }))
    frame = pd.concat(rows, ignore_index=True)
    frame.insert(0, "basket_id", [f"B{i:05d}" for i in range(1, len(frame) + 1)])
    return frame, truth


def _message_tests(rng: np.random.Generator, customers: pd.DataFrame, params: PsychologyParams) -> pd.DataFrame:
    first_day = pd.Timestamp(params.test_start)
    pool = _customers_before(customers, first_day)
    parts = []
    for test, (product, price, message) in TESTS.items():
        n = getattr(params, f"sessions_{test}")
        lift = getattr(params, f"lift_{test}")
        shown = rng.random(n) < 0.5
        chance = params.base_rate + lift * shown
        parts.append(pd.DataFrame({
            "test": test,
            "arm": np.where(shown, "message", "holdout"),
            "customer_id": rng.choice(pool, size=n),
            "session_date": first_day + pd.to_timedelta(rng.integers(0, params.test_days, size=n), unit="D"),
            "product": product,
            "price": price,
            "message": np.where(shown, message, "none"),
            "converted": rng.random(n) < chance,
        }))
    frame = pd.concat(parts, ignore_index=True)
    frame = frame.sort_values(["session_date", "test"], kind="stable", ignore_index=True)
    frame.insert(0, "session_id", [f"S{i:05d}" for i in range(1, len(frame) + 1)])
    return frame


def generate(
    rng: np.random.Generator, tables: dict[str, pd.DataFrame], params: PsychologyParams = PARAMS
) -> dict[str, pd.DataFrame]:
    """Generate threshold_baskets, message_tests and psychology_truth from the customers table."""
    customers = tables["customers"]
    baskets, threshold_truth = _baskets(rng, customers, params)
    tests = _message_tests(rng, customers, params)
    truth_rows = [
        ("threshold_offer", "baskets in the offer period", threshold_truth["offer_baskets"], "baskets"),
        ("threshold_offer", "baskets topped up to reach 299", threshold_truth["topped_up_baskets"], "baskets"),
        ("threshold_offer", "share of offer-period baskets topped up", threshold_truth["topped_up_share"], "share"),
        ("threshold_offer", "share of offer-period baskets topped up into [299, 329)", threshold_truth["excess_share_299_329"], "share"),
        ("threshold_offer", "list-price value the top-ups added", threshold_truth["top_up_revenue"], "CNY"),
    ]
    for test in TESTS:
        truth_rows.append((test, "hold-out conversion rate", params.base_rate, "share"))
        truth_rows.append((test, "true lift of the message", getattr(params, f"lift_{test}"), "share"))
    truth = pd.DataFrame(truth_rows, columns=["experiment", "quantity", "value", "unit"])
    return {"threshold_baskets": baskets, "message_tests": tests, "psychology_truth": truth}
