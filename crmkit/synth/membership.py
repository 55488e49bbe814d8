"""The member programme (会员体系): members, a points ledger, quality incidents and a loyalty survey.

Yuchuan Tea & Home runs an *open* programme (开放型会员体系): joining is free.
Everything here is derived from the committed customers and orders, so the
programme is consistent with what customers actually bought. The ground truth
is :data:`PARAMS`; the rules, in five steps:

1. **Joining.** A buyer joins at her first order with probability
   ``p_join_first_order``; a buyer who has not joined yet joins at each later
   order with probability ``p_join_later_order``. A registered customer who never
   buys joins on her sign-up day with probability ``p_join_non_buyer``. Referred
   customers (acquisition channel ``referral``) are credited to a referrer: a
   member who joined before the referred customer signed up, drawn at random.
2. **Tiers (等级) by growth value (成长值).** Growth value is the member's spend
   in the 365 days up to and including an order. At every order the tier is set
   from it: ``member`` below ``silver_threshold`` CNY, then ``silver``, ``gold``
   from ``gold_threshold``, ``diamond`` from ``diamond_threshold``. The tier at
   the end of 2025 uses the spend of the 365 days to 2025-12-31.
3. **Earning points (积分生成).** Only orders placed as a member earn points:
   ``floor(amount x earn_rate x multiplier)``, where the tier multiplier
   (等级积分) is 1.0, 1.2, 1.5 or 2.0 for member, silver, gold, diamond, using
   the tier *before* the order. On top: a welcome bonus (额外奖励积分) of
   ``welcome_bonus`` points on joining; ``review_points`` interaction points
   (互动积分) when the member reviews an order (probability ``p_review``); and
   ``referral_points`` (推广积分) to the referrer when a referred customer makes
   her first order.
4. **Redeeming (积分兑换).** At each order, a member holding at least the
   cheapest reward redeems with probability ``p_redeem``: the dearest reward she
   can afford among lottery (200 points), free shipping (500), coupon (1,000)
   and tea gift set (3,000). Points are worth ``point_value`` CNY each at face
   value (100 points = 1 CNY). Rewards are delivered with the order; they do not
   change the amount paid in the orders table. Redemption uses the oldest points
   first, and never exceeds the balance.
5. **Expiry (积分有效期).** Points earned in year Y expire on 31 December of
   year Y+1 if not used (2023 points on 2024-12-31, 2024 points on 2025-12-31).

Quality incidents: a small share of orders had a quality problem (broken
teaware, stale tea, wrong item). The generator picks them so that orders after
which the customer never bought again are ``incident_last_order_lift`` times as
likely to carry an incident: a stylised "incidents drive defection", not a
causal experiment. Customers with a warmer attitude (see the survey) are more
tolerant: their last orders are less likely to be incidents.

The loyalty survey (态度忠诚调查): in October 2025 a random sample of
``survey_size`` buyers answered four seven-point Likert items (1 = strongly
disagree, 7 = strongly agree) and two spending questions. Each respondent has a
latent attitude ``0.5 x z(log orders) + 0.87 x noise`` (so attitude and
behaviour are correlated about 0.5, and "latent loyal" warm-hearted but
infrequent teaware buyers exist); each item is the latent attitude plus item
noise (sd 0.7), cut into seven categories. A respondent's true share of wallet
is ``Beta(1 + 3 x p, 3)``, where ``p`` is her attitude percentile in the sample,
kept within 0.03-0.98. Her stated total tea-and-teaware spend of the last 12
months is her spend at Yuchuan divided by that share (a typical amount for
those who did not buy at Yuchuan in those months), times log-normal recall
noise (sd 0.2), rounded to 100 CNY; her stated share is the true share plus
noise (sd 10 points), rounded to 10 points.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.synth._base import Column, TableSpec
from crmkit.synth.promotions import END
from crmkit.world.membership import PARAMS, TIERS, MembershipParams  # noqa: F401 (re-exported)

FAMILY = "membership"
REQUIRES: tuple[str, ...] = ("customers", "orders")

REWARDS = (("tea_gift_set", 3000), ("coupon", 1000), ("free_shipping", 500), ("lottery", 200))
INCIDENT_TYPES = ("broken_teaware", "stale_tea", "wrong_item", "late_delivery")
SURVEY_DATE = pd.Timestamp("2025-10-15")

_LIKERT_ITEMS = (
    ("recommend", "I would recommend Yuchuan to friends (推荐意愿)."),
    ("prefer", "I prefer Yuchuan to other tea shops (品牌偏好)."),
    ("price_tolerance", "I would keep buying at Yuchuan if its prices rose 10% (价格容忍)."),
    ("incident_tolerance", "If an order had a quality problem I would give Yuchuan another chance (质量事故承受力)."),
)

SPECS = (
    TableSpec(
        name="members",
        title="Members (会员表)",
        description="One row per member of the shop's free, open membership programme, with tier and points at the end of 2025.",
        columns=(
            Column("customer_id", "str", "The member; a key of the customers table."),
            Column("join_date", "date", "Day the customer joined the programme.", "day"),
            Column("join_source", "category", "How she joined: first_order, later_order or sign_up (a registered customer who never bought)."),
            Column("referred_by", "str", "Member who referred her (referral customers only), else empty."),
            Column("growth_value", "float64", "Spend in the 365 days to 2025-12-31 (成长值).", "CNY"),
            Column("tier", "category", "Tier at 2025-12-31 from growth_value: member, silver, gold or diamond."),
            Column("peak_tier", "category", "Highest tier she held at any order."),
            Column("points_balance", "int64", "Unexpired points at 2025-12-31, after the year-end expiry.", "points"),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="points_ledger",
        title="Points ledger (积分流水)",
        description="Every movement of points: earned on orders, bonus, interaction and referral points, redemptions and expiries, 2023–2025.",
        columns=(
            Column("entry_id", "str", "Ledger key, P000001 … in date order."),
            Column("customer_id", "str", "The member whose balance moves."),
            Column("entry_date", "date", "Day of the movement.", "day"),
            Column("entry_type", "category", "earn, bonus, interaction, referral, redeem or expire."),
            Column("points", "int64", "Points added (positive) or removed (negative).", "points"),
            Column("order_id", "str", "The order that caused it (earn, interaction, redeem, referral), else empty."),
            Column("tier", "category", "The member's tier when the movement happened."),
            Column("reward", "str", "For redemptions: lottery, free_shipping, coupon or tea_gift_set; else empty."),
            Column("balance_after", "int64", "Balance after the movement.", "points"),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="quality_incidents",
        title="Quality incidents (质量事故)",
        description="Orders that had a quality problem reported by the customer, 2023–2025.",
        columns=(
            Column("order_id", "str", "The affected order; a key of the orders table."),
            Column("customer_id", "str", "The customer who reported it."),
            Column("incident_date", "date", "Day the problem was reported (a few days after the order).", "day"),
            Column("incident_type", "category", "broken_teaware, stale_tea, wrong_item or late_delivery."),
            Column("compensated", "bool", "True if the shop refunded or replaced the item."),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="loyalty_attitudes",
        title="Loyalty survey (客户忠诚态度调查)",
        description="Answers of a random sample of buyers to a short loyalty survey in October 2025: four 7-point Likert items and two spending questions.",
        columns=(
            Column("customer_id", "str", "The respondent; a key of the customers table."),
            Column("survey_date", "date", "Day she answered.", "day"),
            Column("recommend", "int64", _LIKERT_ITEMS[0][1] + " 1 = strongly disagree … 7 = strongly agree."),
            Column("prefer", "int64", _LIKERT_ITEMS[1][1] + " 1–7."),
            Column("price_tolerance", "int64", _LIKERT_ITEMS[2][1] + " 1–7."),
            Column("incident_tolerance", "int64", _LIKERT_ITEMS[3][1] + " 1–7."),
            Column("category_spend_12m", "float64", "Self-reported spend on tea and teaware at all shops in the last 12 months, rounded to 100 CNY.", "CNY"),
            Column("stated_share", "int64", "Self-reported share of that spend made at Yuchuan, in steps of 10.", "%"),
        ),
        notes=__doc__,
    ),
)


def _tier_of(growth: float, params: MembershipParams) -> int:
    """Index into TIERS of the tier a growth value earns."""
    if growth >= params.diamond_threshold:
        return 3
    if growth >= params.gold_threshold:
        return 2
    if growth >= params.silver_threshold:
        return 1
    return 0


class _Wallet:
    """A member's points, kept in buckets by the year they were earned (oldest used first)."""

    def __init__(self) -> None:
        self.buckets: dict[int, int] = {}

    @property
    def balance(self) -> int:
        return int(sum(self.buckets.values()))

    def add(self, year: int, points: int) -> None:
        self.buckets[year] = self.buckets.get(year, 0) + int(points)

    def spend(self, points: int) -> None:
        remaining = int(points)
        for year in sorted(self.buckets):
            used = min(self.buckets[year], remaining)
            self.buckets[year] -= used
            remaining -= used
            if remaining == 0:
                break
        if remaining:
            raise ValueError("redemption beyond the balance")

    def expire(self, year: int) -> int:
        return self.buckets.pop(year, 0)


def _join_dates(rng, customers, orders, params):
    """Decide who joins and when; return {customer_id: (join_date, source)}."""
    joins = {}
    by_customer = orders.groupby("customer_id", sort=False)
    buyers = set(orders["customer_id"])
    for customer_id, group in by_customer:
        dates = group["order_date"].to_numpy()
        if rng.random() < params.p_join_first_order:
            joins[customer_id] = (pd.Timestamp(dates[0]), "first_order")
            continue
        for date in dates[1:]:
            if rng.random() < params.p_join_later_order:
                joins[customer_id] = (pd.Timestamp(date), "later_order")
                break
    for row in customers.itertuples(index=False):
        if row.customer_id not in buyers and rng.random() < params.p_join_non_buyer:
            joins[row.customer_id] = (row.signup_date, "sign_up")
    return joins


def _referrers(rng, customers, joins):
    """Credit each referred member to a member who joined before she signed up."""
    joined = sorted((date, cid) for cid, (date, _src) in joins.items())
    join_days = np.array([date for date, _ in joined], dtype="datetime64[ns]")
    referred_by = {}
    for row in customers.itertuples(index=False):
        if row.acquisition_channel != "referral" or row.customer_id not in joins:
            continue
        earlier = int(np.searchsorted(join_days, np.datetime64(row.signup_date), side="left"))
        if earlier == 0:
            continue
        referrer = joined[int(rng.integers(earlier))][1]
        if referrer != row.customer_id:
            referred_by[row.customer_id] = referrer
    return referred_by


def _ledger(rng, orders, joins, referred_by, params):
    """Replay every member's orders day by day and write the points ledger."""
    events = []  # (date, order of kind, customer, order_id, amount)
    member_orders = orders[orders["customer_id"].isin(joins)]
    for row in member_orders.itertuples(index=False):
        if row.order_date >= joins[row.customer_id][0]:
            events.append((row.order_date, 1, row.customer_id, row.order_id, row.amount))
    for customer_id, (date, _source) in joins.items():
        events.append((date, 0, customer_id, "", 0.0))
    for year in (2023, 2024):
        events.append((pd.Timestamp(f"{year + 1}-12-31"), 9, "", "", float(year)))
    events.sort(key=lambda e: (e[0], e[1], e[2], e[3]))

    first_order = orders.groupby("customer_id")["order_date"].min()
    first_order_id = orders.groupby("customer_id")["order_id"].first()
    referral_due = {}
    for referred, referrer in referred_by.items():
        referral_due.setdefault(first_order_id.get(referred, ""), []).append(referrer)

    wallets = {cid: _Wallet() for cid in joins}
    tier = {cid: 0 for cid in joins}
    peak = {cid: 0 for cid in joins}
    history = {cid: [] for cid in joins}  # (date, amount) of member orders for growth value
    rows = []

    def write(date, customer_id, kind, points, order_id="", reward=""):
        rows.append((customer_id, date, kind, int(points), order_id, TIERS[tier[customer_id]], reward, wallets[customer_id].balance))

    for date, kind, customer_id, order_id, amount in events:
        if kind == 0:
            wallets[customer_id].add(date.year, params.welcome_bonus)
            write(date, customer_id, "bonus", params.welcome_bonus)
        elif kind == 9:
            year = int(amount)
            for cid in sorted(wallets):
                lost = wallets[cid].expire(year)
                if lost:
                    write(date, cid, "expire", -lost)
        else:
            wallet = wallets[customer_id]
            affordable = [(name, cost) for name, cost in REWARDS if cost <= wallet.balance]
            if affordable and rng.random() < params.p_redeem:
                name, cost = affordable[0]
                wallet.spend(cost)
                write(date, customer_id, "redeem", -cost, order_id, name)
            earned = int(np.floor(amount * params.earn_rate * params.multipliers[tier[customer_id]]))
            wallet.add(date.year, earned)
            write(date, customer_id, "earn", earned, order_id)
            if rng.random() < params.p_review:
                wallet.add(date.year, params.review_points)
                write(date, customer_id, "interaction", params.review_points, order_id)
            history[customer_id].append((date, amount))
            growth = sum(a for d, a in history[customer_id] if (date - d).days < 365)
            tier[customer_id] = _tier_of(growth, params)
            peak[customer_id] = max(peak[customer_id], tier[customer_id])
            for referrer in referral_due.get(order_id, []):
                wallets[referrer].add(date.year, params.referral_points)
                write(date, referrer, "referral", params.referral_points, order_id)

    ledger = pd.DataFrame(rows, columns=["customer_id", "entry_date", "entry_type", "points", "order_id", "tier", "reward", "balance_after"])
    ledger.insert(0, "entry_id", [f"P{i:06d}" for i in range(1, len(ledger) + 1)])
    ledger["reward"] = ledger["reward"].astype(str)

    growth_end = {}
    for customer_id, items in history.items():
        growth_end[customer_id] = round(sum(a for d, a in items if (END - d).days < 365), 2)
    balances = {cid: wallets[cid].balance for cid in joins}
    return ledger, growth_end, peak, balances, first_order


def _members(joins, referred_by, growth_end, peak, balances, params):
    rows = []
    for customer_id, (date, source) in joins.items():
        growth = growth_end.get(customer_id, 0.0)
        rows.append(
            (
                customer_id,
                date,
                source,
                referred_by.get(customer_id, ""),
                float(growth),
                TIERS[_tier_of(growth, params)],
                TIERS[peak[customer_id]],
                int(balances[customer_id]),
            )
        )
    frame = pd.DataFrame(rows, columns=[c.name for c in SPECS[0].columns])
    return frame.sort_values(["join_date", "customer_id"], ignore_index=True)


def _attitude(rng, orders, params):
    """Latent attitude of every buyer: half behaviour, half something else."""
    counts = orders.groupby("customer_id").size()
    log_orders = np.log(counts.to_numpy(dtype=float))
    z = (log_orders - log_orders.mean()) / log_orders.std()
    latent = 0.5 * z + 0.87 * rng.standard_normal(len(z))
    return pd.Series(latent, index=counts.index)


def _incidents(rng, orders, attitude, params):
    last_order = orders.groupby("customer_id")["order_id"].transform("last")
    is_last = (orders["order_id"] == last_order).to_numpy()
    warmth = orders["customer_id"].map(attitude).to_numpy()
    # Warm customers' last orders are less often incidents: they forgive them.
    lift = np.where(is_last, params.incident_last_order_lift * np.exp(-0.5 * warmth), 1.0)
    chosen = rng.random(len(orders)) < params.p_incident * lift
    picked = orders.loc[chosen, ["order_id", "customer_id", "order_date"]].copy()
    picked["incident_date"] = picked["order_date"] + pd.to_timedelta(rng.integers(2, 8, len(picked)), unit="D")
    picked["incident_date"] = picked["incident_date"].clip(upper=END)
    picked["incident_type"] = rng.choice(INCIDENT_TYPES, size=len(picked), p=[0.35, 0.25, 0.2, 0.2])
    picked["compensated"] = rng.random(len(picked)) < 0.7
    return picked[[c.name for c in SPECS[2].columns]].reset_index(drop=True)


def _survey(rng, orders, attitude, params):
    buyers_before = orders.loc[orders["order_date"] < SURVEY_DATE, "customer_id"].unique()
    sample = np.sort(rng.choice(buyers_before, size=params.survey_size, replace=False))
    latent = attitude.loc[sample].to_numpy()
    cuts = np.array([-1.8, -1.1, -0.4, 0.3, 1.0, 1.7])
    answers = {}
    for name, _text in _LIKERT_ITEMS:
        item = latent + 0.7 * rng.standard_normal(len(sample)) + 0.3
        answers[name] = (1 + np.searchsorted(cuts, item)).astype("int64")
    window = orders[(orders["order_date"] >= SURVEY_DATE - pd.Timedelta(days=365)) & (orders["order_date"] < SURVEY_DATE)]
    shop_spend = window.groupby("customer_id")["amount"].sum().reindex(sample, fill_value=0.0).to_numpy()
    percentile = pd.Series(latent).rank(pct=True).to_numpy()
    true_share = rng.beta(1.0 + 3.0 * percentile, 3.0)
    true_share = np.clip(true_share, 0.03, 0.98)
    typical = shop_spend / true_share
    other = np.where(shop_spend > 0, typical, rng.gamma(2.0, 400.0, len(sample)))
    reported = np.round(other * rng.lognormal(0.0, 0.2, len(sample)) / 100.0) * 100.0
    reported = np.maximum(reported, 100.0)
    stated = np.clip(np.round(true_share * 10 + rng.normal(0, 1.0, len(sample))) * 10, 0, 100).astype("int64")
    frame = pd.DataFrame({"customer_id": sample, "survey_date": SURVEY_DATE, **answers, "category_spend_12m": reported, "stated_share": stated})
    return frame[[c.name for c in SPECS[3].columns]]


def generate(rng: np.random.Generator, tables: dict[str, pd.DataFrame], params: MembershipParams = PARAMS) -> dict[str, pd.DataFrame]:
    """Generate members, the points ledger, quality incidents and the loyalty survey.

    Parameters
    ----------
    rng : numpy.random.Generator
        The family's random stream.
    tables : dict
        Must hold ``customers`` and ``orders``.
    params : MembershipParams
        Ground-truth parameters.

    Returns
    -------
    dict
        ``members``, ``points_ledger``, ``quality_incidents`` and ``loyalty_attitudes``.
    """
    customers = tables["customers"]
    orders = tables["orders"].sort_values(["order_date", "order_id"], ignore_index=True)
    joins = _join_dates(rng, customers, orders, params)
    referred_by = _referrers(rng, customers, joins)
    ledger, growth_end, peak, balances, _first = _ledger(rng, orders, joins, referred_by, params)
    members = _members(joins, referred_by, growth_end, peak, balances, params)
    attitude = _attitude(rng, orders, params)
    incidents = _incidents(rng, orders, attitude, params)
    survey = _survey(rng, orders, attitude, params)
    return {"members": members, "points_ledger": ledger, "quality_incidents": incidents, "loyalty_attitudes": survey}
