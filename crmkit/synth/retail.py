"""Customers and orders: the backbone of the data world.

How a customer behaves, in four steps (the ground truth is :data:`PARAMS`):

1. **Registration.** Customers register on days drawn in proportion to the
   promotion calendar (more sign-ups around 618 and Double 11) and a slowly
   growing trend. Profile fields are drawn independently of behaviour, except
   that referred customers are more likely to buy at all.
2. **First purchase.** A share of registered customers never buys (potential
   customers). The others buy soon after registering.
3. **Repeat purchases: MBG/NBD.** While "alive", customer *i* buys at rate
   ``lambda_i ~ Gamma(shape=r, rate=alpha)`` per week; after every purchase,
   *the first one included*, she drops out for good with probability
   ``p_i ~ Beta(a, b)``. This is the modified BG/NBD of Batislam, Denizel &
   Filiztekin (2007). In Fader, Hardie & Lee's (2005) BG/NBD a customer can
   drop out only after a *repeat* purchase, so a BG/NBD fit to these orders
   does not return ``r, alpha, a, b`` exactly: finding out why is an exercise
   of Chapter 2. Calendar timing follows the promotion calendar: candidate
   purchases are thinned by :func:`crmkit.synth.promotions.seasonality`, whose
   yearly mean is 1, so ``r / alpha`` stays the average weekly rate.
4. **Spend: Gamma-Gamma.** Each order's value is ``Gamma(shape=p, rate=nu_i)``
   with ``nu_i ~ Gamma(shape=q, rate=gamma)`` per customer (Fader, Hardie & Lee
   2005b; Colombo & Jiang 1999), so a customer's mean order value is ``p / nu_i``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmkit.synth._base import Column, TableSpec
from crmkit.synth.promotions import END, START, promotion_of, seasonality
from crmkit.world.shop import GROSS_MARGIN

FAMILY = "retail"
REQUIRES: tuple[str, ...] = ()


@dataclass(frozen=True)
class RetailParams:
    """Ground-truth parameters of customers and orders."""

    n_customers: int = field(default=5000, metadata={"help": "registered customers"})
    p_never_buy: float = field(default=0.18, metadata={"help": "share of registered customers who never buy (higher for ads, lower for referrals)"})
    r: float = field(default=0.75, metadata={"help": "MBG/NBD: shape of the Gamma purchase-rate distribution"})
    alpha: float = field(default=9.0, metadata={"help": "MBG/NBD: rate of the Gamma purchase-rate distribution, in weeks (mean rate r/alpha per week)"})
    a: float = field(default=0.9, metadata={"help": "MBG/NBD: first shape of the Beta drop-out probability (drop-out possible after the first purchase too)"})
    b: float = field(default=3.0, metadata={"help": "MBG/NBD: second shape of the Beta drop-out probability"})
    p: float = field(default=6.0, metadata={"help": "Gamma-Gamma: shape of an order's value given the customer"})
    q: float = field(default=3.5, metadata={"help": "Gamma-Gamma: shape of the customers' spend-rate distribution"})
    gamma: float = field(default=90.0, metadata={"help": "Gamma-Gamma: rate of the customers' spend-rate distribution (CNY); mean order value p*gamma/(q-1)"})
    gross_margin: float = field(default=GROSS_MARGIN, metadata={"help": "gross margin on the amount paid, the same for every order"})


PARAMS = RetailParams()

PROVINCES = (
    ("Guangdong", "广东", 0.14), ("Zhejiang", "浙江", 0.11), ("Jiangsu", "江苏", 0.10), ("Shanghai", "上海", 0.08),
    ("Beijing", "北京", 0.07), ("Shandong", "山东", 0.07), ("Sichuan", "四川", 0.06), ("Fujian", "福建", 0.06),
    ("Hubei", "湖北", 0.05), ("Henan", "河南", 0.05), ("Hunan", "湖南", 0.04), ("Anhui", "安徽", 0.04),
    ("Yunnan", "云南", 0.04), ("Shaanxi", "陕西", 0.03), ("Chongqing", "重庆", 0.03), ("Liaoning", "辽宁", 0.03),
)
CITY_TIERS = (1, 2, 3, 4, 5)
CITY_TIER_WEIGHTS = (0.22, 0.30, 0.24, 0.14, 0.10)
ACQUISITION = ("search", "platform_ad", "social", "live_stream", "referral")
ACQUISITION_WEIGHTS = (0.34, 0.24, 0.16, 0.14, 0.12)
NEVER_BUY_FACTOR = {"search": 1.0, "platform_ad": 1.5, "social": 1.1, "live_stream": 0.9, "referral": 0.4}
CHANNELS = ("app", "web", "mini_program", "live_stream")
CHANNEL_MIX = {
    2023: (0.55, 0.22, 0.15, 0.08),
    2024: (0.55, 0.17, 0.15, 0.13),
    2025: (0.52, 0.13, 0.15, 0.20),
}

SPECS = (
    TableSpec(
        name="customers",
        title="Customers (客户表)",
        description="One row per registered customer of the shop, buyers and non-buyers alike.",
        columns=(
            Column("customer_id", "str", "Customer key, C00001 … in order of registration."),
            Column("signup_date", "date", "Day the customer registered with the shop.", "day"),
            Column("gender", "category", "F or M, as stated at registration."),
            Column("birth_year", "int64", "Year of birth, as stated at registration.", "year"),
            Column("province", "category", "Province of the delivery address (pinyin)."),
            Column("city_tier", "int64", "Tier of the delivery city, 1 (largest) to 5."),
            Column("acquisition_channel", "category", "How the customer first came: search, platform_ad, social, live_stream or referral."),
            Column("credit_level", "int64", "The platform's buyer credit level, 1 (new) to 5 (long-standing, reliable)."),
            Column("marketing_opt_in", "bool", "True if the customer consented to marketing messages."),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="orders",
        title="Orders (订单表)",
        description="One row per completed order, 2023-01-01 to 2025-12-31 (returns and cancelled orders are not included).",
        columns=(
            Column("order_id", "str", "Order key, O000001 … in date order."),
            Column("customer_id", "str", "The buyer; a key of the customers table."),
            Column("order_date", "date", "Day the order was paid.", "day"),
            Column("amount", "float64", "Amount paid, after discounts.", "CNY"),
            Column("discount", "float64", "Discount given on the order (coupons and promotion prices).", "CNY"),
            Column("items", "int64", "Number of items in the order."),
            Column("channel", "category", "Where the order was placed: app, web, mini_program or live_stream."),
            Column("promotion", "str", "The platform promotion the order fell in (618, Double 11, Double 12) or 'none'."),
        ),
        notes=__doc__,
    ),
)


def _signup_days(rng: np.random.Generator, n: int) -> pd.DatetimeIndex:
    days = pd.date_range(START, END, freq="D")
    trend = np.linspace(0.8, 1.2, len(days))
    weights = seasonality(days) * trend
    chosen = rng.choice(len(days), size=n, p=weights / weights.sum())
    return pd.DatetimeIndex(np.sort(days[chosen]))


def _customers(rng: np.random.Generator, params: RetailParams) -> pd.DataFrame:
    n = params.n_customers
    signup = _signup_days(rng, n)
    province_weights = np.array([w for _, _, w in PROVINCES])
    frame = pd.DataFrame(
        {
            "customer_id": [f"C{i:05d}" for i in range(1, n + 1)],
            "signup_date": signup,
            "gender": rng.choice(["F", "M"], size=n, p=[0.63, 0.37]),
            "birth_year": np.clip(np.round(rng.normal(1990, 9, size=n)), 1955, 2006).astype("int64"),
            "province": rng.choice([name for name, _, _ in PROVINCES], size=n, p=province_weights / province_weights.sum()),
            "city_tier": rng.choice(CITY_TIERS, size=n, p=CITY_TIER_WEIGHTS).astype("int64"),
            "acquisition_channel": rng.choice(ACQUISITION, size=n, p=ACQUISITION_WEIGHTS),
            "credit_level": rng.choice([1, 2, 3, 4, 5], size=n, p=[0.15, 0.25, 0.30, 0.20, 0.10]).astype("int64"),
            "marketing_opt_in": rng.random(n) < 0.68,
        }
    )
    return frame


def _customer_orders(
    rng: np.random.Generator,
    first_day: int,
    weekly_rate: float,
    dropout: float,
    day_weights: np.ndarray,
    max_weight: float,
) -> list[int]:
    """Purchase days (offsets from START) of one customer: a first purchase, then MBG/NBD repeats thinned by the calendar."""
    last_day = len(day_weights) - 1
    days = [first_day]
    current = float(first_day)
    while rng.random() >= dropout:
        # Candidate purchases arrive at rate weekly_rate * max_weight; keep each with weight / max_weight.
        while True:
            current += 7.0 * rng.exponential(1.0 / (weekly_rate * max_weight))
            if current >= last_day + 1:
                return days
            day = int(current)
            if rng.random() < day_weights[day] / max_weight:
                break
        days.append(day)
    return days


def _orders(rng: np.random.Generator, customers: pd.DataFrame, params: RetailParams) -> pd.DataFrame:
    calendar = pd.date_range(START, END, freq="D")
    day_weights = seasonality(calendar)
    max_weight = float(day_weights.max())
    n = len(customers)
    never_buy = params.p_never_buy * customers["acquisition_channel"].map(NEVER_BUY_FACTOR).to_numpy()
    buys = rng.random(n) >= never_buy
    delay_days = np.where(rng.random(n) < 0.6, 0, np.ceil(rng.exponential(12, size=n)))
    weekly_rate = rng.gamma(shape=params.r, scale=1.0 / params.alpha, size=n)
    dropout = rng.beta(params.a, params.b, size=n)
    spend_rate = rng.gamma(shape=params.q, scale=1.0 / params.gamma, size=n)
    preferred_channel = rng.choice(len(CHANNELS), size=n, p=[0.5, 0.2, 0.15, 0.15])

    rows = []
    for i, customer in enumerate(customers.itertuples(index=False)):
        first = (customer.signup_date - START).days + int(delay_days[i])
        if not buys[i] or first >= len(calendar):
            continue
        for offset in _customer_orders(rng, first, weekly_rate[i], dropout[i], day_weights, max_weight):
            day = calendar[offset]
            value = rng.gamma(shape=params.p, scale=1.0 / spend_rate[i])
            if rng.random() < 0.7:
                channel = CHANNELS[preferred_channel[i]]
            else:
                channel = CHANNELS[rng.choice(len(CHANNELS), p=CHANNEL_MIX[day.year])]
            rows.append((customer.customer_id, day, value, channel))

    orders = pd.DataFrame(rows, columns=["customer_id", "order_date", "amount", "channel"])
    orders = orders.sort_values(["order_date", "customer_id"], kind="stable", ignore_index=True)
    orders["amount"] = np.maximum(orders["amount"], 5.0).round(2)
    orders["promotion"] = promotion_of(pd.DatetimeIndex(orders["order_date"]))
    in_promotion = orders["promotion"] != "none"
    discount_share = np.where(in_promotion, rng.uniform(0.10, 0.25, len(orders)), 0.0)
    coupon = np.where(~in_promotion & (rng.random(len(orders)) < 0.25), rng.choice([5.0, 10.0, 20.0], len(orders)), 0.0)
    orders["discount"] = (orders["amount"] * discount_share / (1 - discount_share) + coupon).round(2)
    orders["items"] = (1 + rng.poisson(orders["amount"] / 120.0)).astype("int64")
    orders.insert(0, "order_id", [f"O{i:06d}" for i in range(1, len(orders) + 1)])
    return orders[[column.name for column in SPECS[1].columns]]


def generate(
    rng: np.random.Generator, tables: dict[str, pd.DataFrame], params: RetailParams = PARAMS
) -> dict[str, pd.DataFrame]:
    """Generate the customers and orders tables.

    Parameters
    ----------
    rng : numpy.random.Generator
        The family's random stream (see :func:`crmkit.synth._base.rng_for`).
    tables : dict
        Tables already generated (unused: this family depends on none).
    params : RetailParams
        Ground-truth parameters.

    Returns
    -------
    dict
        ``{"customers": DataFrame, "orders": DataFrame}``.
    """
    customers = _customers(rng, params)
    orders = _orders(rng, customers, params)
    return {"customers": customers, "orders": orders}
