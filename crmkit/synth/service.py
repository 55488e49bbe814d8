"""Customer service (客户服务): complaints and bad reviews, and a SERVQUAL survey.

The ground truth is :data:`PARAMS`.

**Complaints.** Each order draws a complaint with probability
``complaint_rate`` (× ``promotion_complaint_factor`` for orders placed in a
promotion, when parcels are late), received 1–10 days after the order through
one of four channels: phone, online chat (在线客服), a bad review (差评) on the
platform, or a platform dispute. Its category depends on the promotion (more
delivery delays). The first response time is log-normal with a channel-specific
median (``chat_response_median`` minutes for phone and chat, reviews answered
more slowly), slower in promotion periods; resolution time is log-normal with
median ``resolution_median_hours``. The recovery action (apology, refund,
replacement, coupon, refund and coupon) depends on category and severity.

**Recovery outcome and later purchases.** The orders were generated first and
are never changed, so the generator cannot make later purchases depend on the
complaint. It does the reverse: for each complaint it looks up whether the
customer ordered again within 180 days (``bought_again``, from the orders
table), then draws whether the customer was satisfied with the recovery with
log-odds ``recovery_base_log_odds`` + ``fast_response_log_odds`` (first response
within target) + ``action_log_odds`` (refund/replacement, or + coupon)
+ ``future_purchase_log_odds`` × ``bought_again``. The data therefore show the
*service-recovery effect* the literature reports (satisfied complainers buy
again more often), but here its direction is built in backwards: a reminder that
an association between recovery and later purchases, on its own, does not show
that recovery caused them. A bad review is revised upwards after a satisfying
recovery with probability ``review_revision_rate``.

**SERVQUAL survey.** ``servqual_respondents`` customers who bought in 2025 rate
22 statements (Parasuraman, Zeithaml & Berry 1988, adapted to an online shop)
twice on a 1–7 scale: what an excellent online shop would do (expectation)
and what Yuchuan Tea & Home does (perception). Ratings are a respondent effect
plus a dimension mean plus noise, rounded and clipped to 1–7; the true gaps
(perception − expectation) by dimension are ``true_gaps``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmkit.service import SERVQUAL_ITEMS
from crmkit.synth._base import Column, TableSpec

FAMILY = "service"
REQUIRES: tuple[str, ...] = ("customers", "orders")


@dataclass(frozen=True)
class ServiceParams:
    """Ground-truth parameters of the complaints log and the SERVQUAL survey."""

    complaint_rate: float = field(default=0.035, metadata={"help": "probability that an ordinary order leads to a complaint or bad review"})
    promotion_complaint_factor: float = field(default=1.8, metadata={"help": "complaint probability multiplier for orders placed in a promotion"})
    chat_response_median: float = field(default=12.0, metadata={"help": "median first-response time of chat and phone complaints, minutes"})
    review_response_median: float = field(default=600.0, metadata={"help": "median first-response time to bad reviews and disputes, minutes"})
    promotion_response_factor: float = field(default=2.5, metadata={"help": "response times are this many times longer in promotion periods"})
    resolution_median_hours: float = field(default=20.0, metadata={"help": "median time to resolution, hours (log-normal, sigma 0.9)"})
    recovery_base_log_odds: float = field(default=-0.6, metadata={"help": "log-odds of a satisfying recovery with an apology only, slow response, no later purchase"})
    fast_response_log_odds: float = field(default=0.8, metadata={"help": "added log-odds when the first response met its target"})
    action_log_odds: float = field(default=1.0, metadata={"help": "added log-odds for a refund or replacement (1.3 × this with a coupon as well)"})
    future_purchase_log_odds: float = field(default=1.4, metadata={"help": "added log-odds when the customer bought again within 180 days (the backwards link)"})
    review_revision_rate: float = field(default=0.35, metadata={"help": "probability a bad review is revised upwards after a satisfying recovery"})
    servqual_respondents: int = field(default=240, metadata={"help": "customers who answered the SERVQUAL survey"})
    true_gaps: tuple = field(
        default=(("tangibles", -0.3), ("reliability", -1.1), ("responsiveness", -1.4), ("assurance", -0.4), ("empathy", -0.8)),
        metadata={"help": "perception − expectation by SERVQUAL dimension, in scale points"},
    )


PARAMS = ServiceParams()

CHANNELS = ("phone", "online_chat", "review", "platform_dispute")
CHANNEL_MIX = (0.25, 0.35, 0.30, 0.10)
CATEGORIES = ("delivery_delay", "damaged_in_transit", "quality", "wrong_item", "service_attitude", "price_protection")
CATEGORY_MIX = (0.22, 0.16, 0.24, 0.10, 0.12, 0.16)
CATEGORY_MIX_PROMOTION = (0.38, 0.18, 0.16, 0.08, 0.08, 0.12)
#: First-response targets by channel, minutes.
RESPONSE_TARGET = {"phone": 30, "online_chat": 30, "review": 1440, "platform_dispute": 1440}

EXPECTATION_MEANS = {"tangibles": 5.6, "reliability": 6.4, "responsiveness": 6.2, "assurance": 6.0, "empathy": 5.5}

SPECS = (
    TableSpec(
        name="complaints",
        title="Complaints and bad reviews (客户投诉与差评)",
        description="One row per complaint or bad review about an order, 2023–2025, with response, resolution and recovery.",
        columns=(
            Column("complaint_id", "str", "Complaint key, Q00001 … in time order."),
            Column("order_id", "str", "The order complained about; a key of orders."),
            Column("customer_id", "str", "The complaining customer; a key of customers."),
            Column("received_time", "datetime", "When the complaint or review arrived.", "minute"),
            Column("channel", "category", "phone, online_chat, review (a bad review on the platform) or platform_dispute."),
            Column("category", "category", "delivery_delay, damaged_in_transit, quality, wrong_item, service_attitude or price_protection."),
            Column("severity", "category", "low, medium or high, as triaged by the service team."),
            Column("first_response_minutes", "float64", "Minutes from arrival to the shop's first reply.", "min"),
            Column("response_target_minutes", "int64", "The first-response target for the channel (30 min for phone and chat, 24 h for reviews and disputes).", "min"),
            Column("resolution_hours", "float64", "Hours from arrival to the case being closed.", "h"),
            Column("recovery_action", "category", "apology, refund, replacement, coupon, or refund_and_coupon."),
            Column("compensation", "float64", "Money refunded or given as a coupon.", "CNY"),
            Column("recovery_satisfied", "bool", "True if the customer said in the follow-up that the problem was handled well."),
            Column("review_rating", "Int64", "For bad reviews: the star rating left (1–2); empty for other channels."),
            Column("review_revised", "boolean", "For bad reviews: True if the customer later revised the review upwards; empty otherwise."),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="servqual_survey",
        title="SERVQUAL survey (服务质量差距调查)",
        description="One row per respondent and statement: expectation and perception on a 1–7 scale, 22 SERVQUAL statements.",
        columns=(
            Column("respondent_id", "str", "Respondent key, S001 …"),
            Column("customer_id", "str", "The respondent; a key of customers."),
            Column("item", "int64", "Statement number, 1–22 (see crmkit.service.SERVQUAL_ITEMS)."),
            Column("dimension", "category", "tangibles, reliability, responsiveness, assurance or empathy."),
            Column("statement", "str", "The statement rated."),
            Column("expectation", "int64", "How far an excellent online shop would do this, 1 (strongly disagree) to 7 (strongly agree)."),
            Column("perception", "int64", "How far Yuchuan Tea & Home does this, 1 to 7."),
        ),
        notes=__doc__,
    ),
)


def _bought_again(orders: pd.DataFrame, customer_ids: pd.Series, after: pd.Series, days: int = 180) -> np.ndarray:
    """True where the customer placed an order in the ``days`` after the given time."""
    result = np.zeros(len(customer_ids), dtype=bool)
    by_customer = {cid: group["order_date"].to_numpy() for cid, group in orders.groupby("customer_id")}
    for i, (cid, moment) in enumerate(zip(customer_ids, after)):
        dates = by_customer.get(cid)
        if dates is None:
            continue
        start = np.datetime64(moment.normalize())
        result[i] = bool(((dates > start) & (dates <= start + np.timedelta64(days, "D"))).any())
    return result


def _complaints(rng: np.random.Generator, orders: pd.DataFrame, params: ServiceParams) -> pd.DataFrame:
    in_promotion = (orders["promotion"] != "none").to_numpy()
    probability = params.complaint_rate * np.where(in_promotion, params.promotion_complaint_factor, 1.0)
    chosen = orders.loc[rng.random(len(orders)) < probability].copy()
    promo = (chosen["promotion"] != "none").to_numpy()
    n = len(chosen)
    delay_minutes = rng.integers(1, 11, n) * 1440 + rng.integers(8 * 60, 23 * 60, n)
    received = chosen["order_date"] + pd.to_timedelta(delay_minutes, unit="min")
    channel = rng.choice(CHANNELS, size=n, p=CHANNEL_MIX)
    category = np.where(promo, rng.choice(CATEGORIES, size=n, p=CATEGORY_MIX_PROMOTION), rng.choice(CATEGORIES, size=n, p=CATEGORY_MIX))
    severity = rng.choice(["low", "medium", "high"], size=n, p=[0.45, 0.40, 0.15])
    slow_channel = np.isin(channel, ["review", "platform_dispute"])
    median = np.where(slow_channel, params.review_response_median, params.chat_response_median)
    median = median * np.where(promo, params.promotion_response_factor, 1.0)
    response = np.round(median * rng.lognormal(0.0, 1.0, n), 1)
    target = np.array([RESPONSE_TARGET[c] for c in channel], dtype="int64")
    resolution = np.round(params.resolution_median_hours * rng.lognormal(0.0, 0.9, n) * np.where(severity == "high", 1.8, 1.0) + response / 60, 1)
    action = np.empty(n, dtype=object)
    for i in range(n):
        if category[i] == "service_attitude":
            options, weights = ("apology", "coupon"), (0.6, 0.4)
        elif category[i] in ("damaged_in_transit", "wrong_item", "quality"):
            options, weights = ("replacement", "refund", "refund_and_coupon", "apology"), (0.35, 0.3, 0.2, 0.15)
        else:
            options, weights = ("apology", "coupon", "refund", "refund_and_coupon"), (0.35, 0.35, 0.15, 0.15)
        action[i] = options[int(rng.choice(len(options), p=weights))]
    amount = chosen["amount"].to_numpy()
    coupon_value = rng.choice([10.0, 20.0, 30.0], size=n)
    compensation = np.select(
        [action == "refund", action == "refund_and_coupon", action == "coupon"],
        [amount * rng.uniform(0.3, 1.0, n), amount * rng.uniform(0.3, 1.0, n) + coupon_value, coupon_value],
        0.0,
    ).round(2)
    bought_again = _bought_again(orders, chosen["customer_id"], received)
    log_odds = (
        params.recovery_base_log_odds
        + params.fast_response_log_odds * (response <= target)
        + params.action_log_odds * np.isin(action, ["refund", "replacement"])
        + 1.3 * params.action_log_odds * (action == "refund_and_coupon")
        + 0.4 * params.action_log_odds * (action == "coupon")
        + params.future_purchase_log_odds * bought_again
    )
    satisfied = rng.random(n) < 1 / (1 + np.exp(-log_odds))
    is_review = channel == "review"
    rating = pd.array(np.where(is_review, rng.choice([1, 2], size=n, p=[0.6, 0.4]), 0), dtype="Int64")
    rating[~is_review] = pd.NA
    revised = pd.array(satisfied & (rng.random(n) < params.review_revision_rate), dtype="boolean")
    revised[~is_review] = pd.NA
    table = pd.DataFrame(
        {
            "order_id": chosen["order_id"].to_numpy(),
            "customer_id": chosen["customer_id"].to_numpy(),
            "received_time": received.to_numpy(),
            "channel": channel,
            "category": category,
            "severity": severity,
            "first_response_minutes": response,
            "response_target_minutes": target,
            "resolution_hours": resolution,
            "recovery_action": action,
            "compensation": compensation,
            "recovery_satisfied": satisfied,
            "review_rating": rating,
            "review_revised": revised,
        }
    )
    table = table.sort_values(["received_time", "order_id"], ignore_index=True)
    table.insert(0, "complaint_id", [f"Q{i:05d}" for i in range(1, len(table) + 1)])
    return table


def _servqual(rng: np.random.Generator, customers: pd.DataFrame, orders: pd.DataFrame, params: ServiceParams) -> pd.DataFrame:
    buyers = np.sort(orders.loc[orders["order_date"].dt.year == 2025, "customer_id"].unique())
    chosen = np.sort(rng.choice(buyers, size=params.servqual_respondents, replace=False))
    gaps = dict(params.true_gaps)
    rows = []
    for number, customer in enumerate(chosen, start=1):
        leniency = rng.normal(0.0, 0.5)
        for item, (dimension, statement) in enumerate(SERVQUAL_ITEMS, start=1):
            expected = EXPECTATION_MEANS[dimension] + 0.6 * leniency + rng.normal(0.0, 0.6)
            perceived = EXPECTATION_MEANS[dimension] + gaps[dimension] + leniency + rng.normal(0.0, 0.9)
            rows.append(
                (f"S{number:03d}", customer, item, dimension, statement, int(np.clip(round(expected), 1, 7)), int(np.clip(round(perceived), 1, 7)))
            )
    return pd.DataFrame(rows, columns=[c.name for c in SPECS[1].columns])


def generate(rng: np.random.Generator, tables: dict[str, pd.DataFrame], params: ServiceParams = PARAMS) -> dict[str, pd.DataFrame]:
    """Generate the complaints log and the SERVQUAL survey.

    Returns
    -------
    dict
        ``{"complaints": DataFrame, "servqual_survey": DataFrame}``.
    """
    orders = tables["orders"]
    return {
        "complaints": _complaints(rng, orders, params),
        "servqual_survey": _servqual(rng, tables["customers"], orders, params),
    }
