"""Marketing spend: what the shop paid each month to win and to keep customers.

Two purposes, one row per month and channel:

1. **Acquisition** (获客). For each acquisition channel of the customers table
   (search, platform_ad, social, live_stream, referral) the month's spend is
   the number of customers who registered through it that month times the
   channel's cost per registration (:data:`PARAMS`), times a log-normal noise
   with standard deviation ``noise_sd`` (campaigns over- and under-spend).
   Referral "spend" is the bonus paid to the referring customer.
2. **Retention** (保有). One row per month, channel ``crm``: SMS, coupons and
   the membership programme, at ``retention_per_active`` CNY for every *active*
   buyer (one who ordered in the previous 365 days), times
   ``promotion_lift`` in June and November (618 and Double 11 campaigns) and the
   same noise.

So acquisition cost per new customer (客户取得成本 = marketing cost / new
customers) can be computed by joining this table to the registrations, and the
slides' CLV formula can be filled in with real totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmkit.synth._base import Column, TableSpec
from crmkit.synth.promotions import END, START

FAMILY = "marketing"
REQUIRES: tuple[str, ...] = ("customers", "orders")


@dataclass(frozen=True)
class MarketingParams:
    """Ground-truth parameters of the marketing spend."""

    cost_search: float = field(default=38.0, metadata={"help": "acquisition cost per registration via search ads (CNY)"})
    cost_platform_ad: float = field(default=62.0, metadata={"help": "acquisition cost per registration via platform ads (CNY)"})
    cost_social: float = field(default=45.0, metadata={"help": "acquisition cost per registration via social media (CNY)"})
    cost_live_stream: float = field(default=55.0, metadata={"help": "acquisition cost per registration via live-stream hosts (CNY)"})
    cost_referral: float = field(default=15.0, metadata={"help": "referral bonus per registration (CNY)"})
    retention_per_active: float = field(default=2.5, metadata={"help": "monthly retention spend per active buyer (ordered in the last 365 days), CNY"})
    promotion_lift: float = field(default=1.6, metadata={"help": "multiplier on retention spend in June and November"})
    noise_sd: float = field(default=0.10, metadata={"help": "standard deviation of the log-normal noise on every month's spend"})


PARAMS = MarketingParams()

ACQUISITION_CHANNELS = ("search", "platform_ad", "social", "live_stream", "referral")

SPECS = (
    TableSpec(
        name="marketing_spend",
        title="Marketing spend (营销费用表)",
        description="Monthly marketing spend of the shop, 2023-01 to 2025-12: acquisition spend per acquisition channel and retention (CRM) spend.",
        columns=(
            Column("month", "date", "First day of the month.", "month"),
            Column("purpose", "category", "acquisition (winning new customers) or retention (keeping existing ones)."),
            Column("channel", "category", "Acquisition channel (search, platform_ad, social, live_stream, referral) or crm for retention."),
            Column("spend", "float64", "Amount spent in the month.", "CNY"),
        ),
        notes=__doc__,
    ),
)


def _cost_per_registration(params: MarketingParams) -> dict[str, float]:
    return {channel: getattr(params, f"cost_{channel}") for channel in ACQUISITION_CHANNELS}


def _active_buyers(orders: pd.DataFrame, months: pd.DatetimeIndex) -> np.ndarray:
    """Buyers with an order in the 365 days before each month starts."""
    last_day_by_customer = orders[["customer_id", "order_date"]]
    counts = []
    for month in months:
        window = (last_day_by_customer["order_date"] < month) & (last_day_by_customer["order_date"] >= month - pd.Timedelta(days=365))
        counts.append(last_day_by_customer.loc[window, "customer_id"].nunique())
    return np.array(counts)


def generate(
    rng: np.random.Generator, tables: dict[str, pd.DataFrame], params: MarketingParams = PARAMS
) -> dict[str, pd.DataFrame]:
    """Generate the marketing_spend table from the customers and orders tables."""
    customers = tables["customers"]
    orders = tables["orders"]
    months = pd.date_range(START, END, freq="MS")
    signup_month = pd.to_datetime(customers["signup_date"]).dt.to_period("M").dt.to_timestamp()
    registrations = (
        pd.crosstab(signup_month, customers["acquisition_channel"])
        .reindex(index=months, columns=list(ACQUISITION_CHANNELS), fill_value=0)
    )
    cost = _cost_per_registration(params)
    rows = []
    for month in months:
        for channel in ACQUISITION_CHANNELS:
            noise = rng.lognormal(0.0, params.noise_sd)
            spend = registrations.loc[month, channel] * cost[channel] * noise
            rows.append((month, "acquisition", channel, round(float(spend), 2)))
    active = _active_buyers(orders, months)
    for month, buyers in zip(months, active):
        lift = params.promotion_lift if month.month in (6, 11) else 1.0
        spend = buyers * params.retention_per_active * lift * rng.lognormal(0.0, params.noise_sd)
        rows.append((month, "retention", "crm", round(float(spend), 2)))
    frame = pd.DataFrame(rows, columns=["month", "purpose", "channel", "spend"])
    frame = frame.sort_values(["month", "purpose", "channel"], kind="stable", ignore_index=True)
    return {"marketing_spend": frame}
