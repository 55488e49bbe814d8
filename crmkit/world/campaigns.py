"""The campaign response model of the data world: who buys, with and without a message.

The ground truth behind the ``campaigns`` family of tables (see
:mod:`crmkit.synth.campaigns` for how the tables were made) and the simulator
that runs a planned campaign on the same customers: the parameters
(:data:`PARAMS`), the five past campaigns (:data:`DESIGNS`), the product range
(:data:`PRODUCTS`), each customer's true chance of buying without and with
contact (:func:`response_probabilities`, :func:`true_uplift`) and a planned
year-end campaign (:func:`simulate_campaign`, also ``crmkit.campaign.simulate_campaign``).

Examples
--------
>>> from crmkit.world.campaigns import DESIGNS, PARAMS
>>> [design.campaign_id for design in DESIGNS]
['CMP01', 'CMP02', 'CMP03', 'CMP04', 'CMP05']
>>> PARAMS.gross_margin
0.4
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import check_choice, check_number, check_share, check_whole
from crmkit.campaign import Offer
from crmkit.world.calendar import seasonality
from crmkit.world.shop import GROSS_MARGIN, TYPICAL_ORDER_VALUE

__all__ = ["CHANNELS", "CampaignParams", "PARAMS", "Design", "DESIGNS", "PLAN", "PRODUCTS", "POPULARITY",
           "offer_strength", "response_probabilities", "simulate_campaign", "simulate_plan", "true_uplift"]

CHANNELS = ("sms", "email", "app_push")


@dataclass(frozen=True)
class CampaignParams:
    """Ground-truth parameters shared by every campaign (each campaign's own rates are in :data:`DESIGNS`)."""

    gross_margin: float = field(default=GROSS_MARGIN, metadata={"help": "gross margin on list value, before offers (as in the retail family)"})
    typical_order_value: float = field(default=TYPICAL_ORDER_VALUE, metadata={"help": "the shop's mean order value (CNY), used to size an offer's strength"})
    base_identification: float = field(default=1.0, metadata={"help": "stage multiplier of the chance to buy anyway: one-time buyers"})
    base_never_bought: float = field(default=0.4, metadata={"help": "stage multiplier of the chance to buy anyway: registered, never bought"})
    base_development: float = field(default=1.6, metadata={"help": "stage multiplier of the chance to buy anyway: development"})
    base_stability: float = field(default=3.0, metadata={"help": "stage multiplier of the chance to buy anyway: stability"})
    base_decline: float = field(default=0.35, metadata={"help": "stage multiplier of the chance to buy anyway: decline (times exp(-(recency-180)/decline_decay_days))"})
    decline_decay_days: float = field(default=540.0, metadata={"help": "how fast a lapsed customer's chance to buy anyway fades (days)"})
    uplift_identification: float = field(default=1.5, metadata={"help": "stage multiplier of the uplift: one-time buyers"})
    uplift_never_bought: float = field(default=0.5, metadata={"help": "stage multiplier of the uplift: registered, never bought"})
    uplift_development: float = field(default=1.0, metadata={"help": "stage multiplier of the uplift: development"})
    uplift_stability: float = field(default=0.2, metadata={"help": "stage multiplier of the uplift: stability (they buy anyway)"})
    uplift_decline: float = field(default=1.4, metadata={"help": "stage multiplier of the uplift: decline (times exp(-(recency-180)/uplift_decay_days))"})
    uplift_decay_days: float = field(default=360.0, metadata={"help": "how fast a lapsed customer stops responding to contact (days)"})
    uplift_sms: float = field(default=1.0, metadata={"help": "channel multiplier of the uplift: SMS (短信)"})
    uplift_email: float = field(default=0.45, metadata={"help": "channel multiplier of the uplift: e-mail"})
    uplift_app_push: float = field(default=0.75, metadata={"help": "channel multiplier of the uplift: app push (推送)"})
    cost_sms: float = field(default=0.05, metadata={"help": "cost of one SMS (CNY)"})
    cost_email: float = field(default=0.01, metadata={"help": "cost of one e-mail (CNY)"})
    cost_app_push: float = field(default=0.002, metadata={"help": "cost of one app push (CNY)"})
    click_sms: float = field(default=0.08, metadata={"help": "visits to the shop per SMS sent"})
    click_email: float = field(default=0.04, metadata={"help": "visits to the shop per e-mail sent"})
    click_app_push: float = field(default=0.10, metadata={"help": "visits to the shop per push sent"})
    topup_probability: float = field(default=0.6, metadata={"help": "chance that a treated buyer close to an offer's threshold tops the basket up"})
    base_visits: float = field(default=900.0, metadata={"help": "shop visits on an ordinary day of 2023 (grows 15 % a year)"})
    plan_base_rate: float = field(default=0.10, metadata={"help": "year-end simulator: base chance to buy anyway in 20-31 Dec 2025 (times the stage multiplier)"})
    plan_uplift_rate: float = field(default=0.040, metadata={"help": "year-end simulator: uplift per unit of offer strength (times stage and channel multipliers)"})


PARAMS = CampaignParams()


@dataclass(frozen=True)
class Design:
    """One campaign: who, when, how and the ground truth of its response."""

    campaign_id: str
    name: str
    name_zh: str
    start: str
    end: str
    audience_rule: str
    channels: tuple[str, ...]
    holdout_share: float
    offer: Offer
    base_rate: float
    uplift_rate: float
    fixed_cost: float
    featured: str


DESIGNS = (
    Design("CMP01", "Second-purchase nudge", "新客二次购买提醒", "2023-09-05", "2023-09-14",
           "one order so far, placed 7-150 days before the start", ("app_push",), 0.5,
           Offer("coupon", amount=10), 0.05, 0.06, 500.0, "tea"),
    Design("CMP02", "Win-back of lapsed customers", "沉睡客户唤醒", "2024-03-12", "2024-03-25",
           "last order 180-900 days before the start", ("sms",), 0.2,
           Offer("coupon", amount=20), 0.06, 0.035, 1000.0, "tea"),
    Design("CMP03", "Double 11 pre-sale", "双十一预售", "2024-10-21", "2024-11-11",
           "an order in the 365 days before the start", ("sms",), 0.15,
           Offer("spend_and_save", threshold=300, amount=40), 0.16, 0.012, 3000.0, "gift"),
    Design("CMP04", "Spring tea launch", "春茶上新", "2025-03-25", "2025-04-07",
           "every registered customer (buyers and non-buyers)", ("email", "app_push"), 0.5,
           Offer("buy_and_get", amount=24, min_items=2), 0.08, 0.07, 1500.0, "tea"),
    Design("CMP05", "Member day", "会员日", "2025-05-18", "2025-05-20",
           "two or more orders before the start", ("sms", "email", "app_push"), 0.25,
           Offer("percent_off", rate=0.15), 0.03, 0.03, 800.0, "teaware"),
)

#: The year-end promotion window the simulator runs plans in.
PLAN = Design("PLAN", "Year-end promotion (planned)", "年终大促", "2025-12-20", "2025-12-31",
              "chosen by the planner", CHANNELS, 0.1, Offer("coupon", amount=20),
              PARAMS.plan_base_rate, PARAMS.plan_uplift_rate, 0.0, "gift")

#: Products: (id, name, Chinese name, category, list price in CNY, products it goes with).
PRODUCTS = (
    ("P01", "West Lake Longjing green tea 100 g", "西湖龙井", "tea", 168.0, ("P17",)),
    ("P02", "Aged Pu'er tea cake 357 g", "普洱茶饼", "tea", 128.0, ("P08", "P10")),
    ("P03", "Anxi Tieguanyin oolong 125 g", "安溪铁观音", "tea", 98.0, ("P07",)),
    ("P04", "Yunnan Dianhong black tea 100 g", "滇红", "tea", 88.0, ("P09",)),
    ("P05", "Jasmine tea 100 g", "茉莉花茶", "tea", 58.0, ("P09",)),
    ("P06", "Fuding white tea 100 g", "福鼎白茶", "tea", 138.0, ("P17",)),
    ("P07", "Porcelain gaiwan", "白瓷盖碗", "teaware", 79.0, ("P09", "P03")),
    ("P08", "Yixing clay teapot", "宜兴紫砂壶", "teaware", 268.0, ("P09", "P10", "P02")),
    ("P09", "Tea cups, set of six", "品茗杯六只装", "teaware", 59.0, ("P07",)),
    ("P10", "Bamboo tea tray", "竹制茶盘", "teaware", 199.0, ("P08",)),
    ("P11", "Glass electric kettle", "玻璃电水壶", "teaware", 239.0, ("P05",)),
    ("P12", "Travel tea set", "便携旅行茶具", "teaware", 129.0, ("P05",)),
    ("P13", "Sandalwood incense sticks", "檀香线香", "home", 39.0, ("P14",)),
    ("P14", "Celadon vase", "青瓷花瓶", "home", 89.0, ("P13",)),
    ("P15", "Linen table runner", "亚麻桌旗", "home", 69.0, ("P10",)),
    ("P16", "Bamboo storage box", "竹编收纳盒", "home", 49.0, ("P13",)),
    ("P17", "Tin tea canister", "马口铁茶叶罐", "home", 45.0, ("P01", "P06")),
    ("P18", "New Year tea gift box", "新春茶礼盒", "gift", 299.0, ("P09",)),
)
POPULARITY = np.array([9, 7, 8, 7, 9, 5, 8, 3, 8, 3, 3, 4, 6, 3, 3, 4, 5, 4], dtype=float)


# ---------------------------------------------------------------------------
# The response model
# ---------------------------------------------------------------------------


def _check_offer(offer: Any) -> None:
    if not isinstance(offer, Offer):
        raise ValueError(f"offer must be a crmkit.campaign.Offer, e.g. Offer('coupon', amount=20), got {offer!r}")


def _check_audience(audience: Any) -> None:
    for column in ("customer_id", "orders", "spend", "recency_days", "stage"):
        if not isinstance(audience, pd.DataFrame) or column not in audience.columns:
            raise ValueError(f"audience lacks the column {column!r} (pass rows of crmkit.campaign.lifecycle_stages)")


def offer_strength(offer: Offer, params: CampaignParams = PARAMS) -> float:
    """How strongly an offer moves customers: sqrt(share of a typical order given away / 0.10).

    Examples
    --------
    >>> round(offer_strength(Offer("percent_off", rate=0.10)), 3)
    1.0
    >>> round(offer_strength(Offer("coupon", amount=20)), 3)
    0.962
    """
    _check_offer(offer)
    typical = params.typical_order_value
    if offer.mechanic == "percent_off":
        share = offer.rate
    elif offer.mechanic == "buy_and_get":
        share = offer.amount / (1 - params.gross_margin) / typical
    else:
        share = offer.amount / max(offer.threshold, typical)
    return float(np.sqrt(share / 0.10))


def _stage_keys(audience: pd.DataFrame) -> np.ndarray:
    """Stage of each customer, with registered non-buyers apart from one-time buyers."""
    keys = audience["stage"].astype(str).to_numpy().copy()
    keys[(audience["orders"].to_numpy() == 0)] = "never_bought"
    return keys


def response_probabilities(
    audience: pd.DataFrame, design: Design, channels: np.ndarray, params: CampaignParams = PARAMS
) -> tuple[np.ndarray, np.ndarray]:
    """True chance of buying in the window without (p0) and with (p1) contact through ``channels``."""
    keys = _stage_keys(audience)
    base = np.array([getattr(params, f"base_{key}") for key in keys])
    recency = audience["recency_days"].fillna(0).to_numpy(dtype=float)
    decay = np.where(keys == "decline", np.exp(-np.maximum(recency - 180, 0) / params.decline_decay_days), 1.0)
    p0 = np.clip(design.base_rate * base * decay, 0, 0.9)
    stage_uplift = np.array([getattr(params, f"uplift_{key}") for key in keys])
    lapse = np.maximum(recency - 180, 0)
    stage_uplift = np.where(keys == "decline", stage_uplift * np.exp(-lapse / params.uplift_decay_days), stage_uplift)
    channel_uplift = np.array([getattr(params, f"uplift_{channel}") for channel in channels])
    uplift = design.uplift_rate * stage_uplift * channel_uplift * offer_strength(design.offer, params)
    p1 = np.clip(p0 + uplift, 0, 0.95)
    return p0, p1


def _basket(rng: np.random.Generator, target: float, featured: str) -> list[tuple[int, int]]:
    """Product lines (index into PRODUCTS, quantity) of one order worth about ``target`` CNY."""
    categories = np.array([product[3] for product in PRODUCTS])
    prices = np.array([product[4] for product in PRODUCTS])
    weights = POPULARITY * np.where(categories == featured, 3.0, 1.0)
    index_of = {product[0]: i for i, product in enumerate(PRODUCTS)}
    lines: dict[int, int] = {}
    value = 0.0
    current = int(rng.choice(len(PRODUCTS), p=weights / weights.sum()))
    while True:
        lines[current] = lines.get(current, 0) + 1
        value += prices[current]
        if value >= target * 0.85 or sum(lines.values()) >= 8:
            break
        companions = PRODUCTS[current][5]
        if rng.random() < 0.5:
            current = index_of[companions[int(rng.integers(len(companions)))]]
        else:
            current = int(rng.choice(len(PRODUCTS), p=weights / weights.sum()))
    return sorted(lines.items())


def _respond(
    rng: np.random.Generator,
    audience: pd.DataFrame,
    design: Design,
    params: CampaignParams,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Randomise, contact and draw responses for one campaign; return contacts, orders and order lines."""
    n = len(audience)
    treated = rng.random(n) >= design.holdout_share
    channel = np.array(design.channels)[rng.integers(len(design.channels), size=n)]
    p0, p1 = response_probabilities(audience, design, channel, params)
    converted = rng.random(n) < np.where(treated, p1, p0)
    costs = {c: getattr(params, f"cost_{c}") for c in CHANNELS}

    days = pd.date_range(design.start, design.end, freq="D")
    day_weights = seasonality(days)
    prices = np.array([product[4] for product in PRODUCTS])
    cheapest = int(np.argmin(prices))
    featured_items = [i for i, product in enumerate(PRODUCTS) if product[3] == design.featured] or [cheapest]
    offer = design.offer

    order_value = np.zeros(n)
    items = np.zeros(n, dtype="int64")
    offer_cost = np.zeros(n)
    order_rows, line_rows = [], []
    orders_before = audience["orders"].to_numpy()
    spend_before = audience["spend"].to_numpy()
    for i in np.flatnonzero(converted):
        past_mean = spend_before[i] / orders_before[i] if orders_before[i] > 0 else params.typical_order_value
        mean = 0.5 * past_mean + 0.5 * params.typical_order_value
        target = rng.gamma(6.0, mean / 6.0)
        lines = dict(_basket(rng, target, design.featured))
        value = float(sum(prices[k] * q for k, q in lines.items()))
        count = int(sum(lines.values()))
        if treated[i] and offer.mechanic in ("spend_and_save", "coupon") and offer.threshold > 0:
            if 0.75 * offer.threshold <= value < offer.threshold and rng.random() < params.topup_probability:
                while value < offer.threshold:
                    lines[cheapest] = lines.get(cheapest, 0) + 1
                    value += prices[cheapest]
                    count += 1
        if treated[i] and offer.mechanic == "buy_and_get" and count == offer.min_items - 1:
            if rng.random() < params.topup_probability:
                extra = featured_items[int(rng.integers(len(featured_items)))]
                lines[extra] = lines.get(extra, 0) + 1
                value += prices[extra]
                count += 1
        cost = float(offer.cost(value, count)) if treated[i] else 0.0
        order_value[i], items[i], offer_cost[i] = value, count, cost
        day = days[int(rng.choice(len(days), p=day_weights / day_weights.sum()))]
        order_rows.append((design.campaign_id, audience["customer_id"].iat[i], "treatment" if treated[i] else "control", day, i))
        for k, quantity in sorted(lines.items()):
            line_rows.append((i, PRODUCTS[k][0], quantity, prices[k]))

    paid = np.where(offer.pays(), order_value - offer_cost, order_value)
    contacts = pd.DataFrame({
        "campaign_id": design.campaign_id,
        "customer_id": audience["customer_id"].to_numpy(),
        "group": np.where(treated, "treatment", "control"),
        "channel": np.where(treated, channel, "none"),
        "contact_cost": np.where(treated, [costs[c] for c in channel], 0.0),
        "stage": audience["stage"].astype(str).to_numpy(),
        "orders_before": orders_before.astype("int64"),
        "spend_before": spend_before.round(2),
        "recency_days": pd.array(audience["recency_days"].to_numpy(), dtype="Int64"),
        "converted": converted,
        "order_value": order_value.round(2),
        "items": items,
        "offer_cost": offer_cost.round(2),
        "amount_paid": paid.round(2),
    })
    orders = pd.DataFrame(order_rows, columns=["campaign_id", "customer_id", "group", "order_date", "row"])
    lines = pd.DataFrame(line_rows, columns=["row", "product_id", "quantity", "unit_price"])
    return contacts, orders, lines


def simulate_plan(
    audience: pd.DataFrame,
    channel: str,
    offer: Offer,
    holdout_share: float,
    fixed_cost: float,
    seed: int,
    params: CampaignParams = PARAMS,
) -> pd.DataFrame:
    """Run a planned year-end campaign on the data world (see :func:`simulate_campaign`)."""
    check_choice(channel, "channel", CHANNELS)
    check_share(holdout_share, "holdout_share", low_open=True, high_open=True)
    check_number(fixed_cost, "fixed_cost", low=0)
    seed = check_whole(seed, "seed")
    _check_offer(offer)
    _check_audience(audience)
    if audience.empty:
        raise ValueError("audience is empty: nobody to contact")
    design = Design(PLAN.campaign_id, PLAN.name, PLAN.name_zh, PLAN.start, PLAN.end, PLAN.audience_rule,
                    (channel,), holdout_share, offer, params.plan_base_rate, params.plan_uplift_rate, fixed_cost, PLAN.featured)
    contacts, _orders, _lines = _respond(np.random.default_rng(seed), audience.reset_index(drop=True), design, params)
    contacts.attrs["fixed_cost"] = float(fixed_cost)
    return contacts


def simulate_campaign(
    audience: pd.DataFrame,
    channel: str,
    offer: Offer,
    holdout_share: float = 0.1,
    fixed_cost: float = 0.0,
    seed: int = 0,
) -> pd.DataFrame:
    """Run a planned year-end campaign (年终大促, 20–31 December 2025) on the data world.

    The customers respond as the data world's response model says (the model
    that generated ``campaign_contacts``, see ``crmkit.synth.campaigns``; :func:`response_probabilities`): a
    baseline chance of buying anyway that depends on the life-cycle stage and
    recency, plus an uplift that depends on stage, channel and how generous the
    offer is. A random ``holdout_share`` of the audience is held out.

    Parameters
    ----------
    audience : pandas.DataFrame
        Rows of :func:`crmkit.campaign.lifecycle_stages` (as of 2025-12-20) for the customers to target.
    channel : str
        ``"sms"``, ``"email"`` or ``"app_push"``.
    offer : Offer
        The promotion mechanic.
    holdout_share : float, default 0.1
        Share of the audience held out (not contacted), strictly between 0 and 1.
    fixed_cost : float, default 0
        Fixed cost of the campaign (CNY), reported in ``attrs["fixed_cost"]``.
    seed : int, default 0
        Seed of the simulation: the same seed gives the same result.

    Returns
    -------
    pandas.DataFrame
        One row per audience member with the columns of ``campaign_contacts``
        (``campaign_id`` is ``"PLAN"``); pass it to :func:`crmkit.campaign.incremental_summary`.

    Raises
    ------
    ValueError
        If the channel is unknown, the audience lacks a column or is empty, or
        ``holdout_share`` is not between 0 and 1.

    Examples
    --------
    >>> from crmkit import data
    >>> from crmkit.campaign import Offer, lifecycle_stages
    >>> stages = lifecycle_stages(data.load("orders"), "2025-12-20")
    >>> plan = simulate_campaign(stages[stages["stage"] == "development"], "sms", Offer("coupon", amount=20), seed=1)
    >>> sorted(plan["group"].unique())
    ['control', 'treatment']
    """
    return simulate_plan(audience, channel, offer, holdout_share, fixed_cost, seed)


def true_uplift(audience: pd.DataFrame, channel: str, offer: Offer, params: CampaignParams = PARAMS) -> np.ndarray:
    """The data world's true uplift of each audience member for a year-end plan (what no real shop can know)."""
    check_choice(channel, "channel", CHANNELS)
    _check_offer(offer)
    _check_audience(audience)
    design = Design(PLAN.campaign_id, PLAN.name, PLAN.name_zh, PLAN.start, PLAN.end, PLAN.audience_rule,
                    (channel,), 0.1, offer, params.plan_base_rate, params.plan_uplift_rate, 0.0, PLAN.featured)
    p0, p1 = response_probabilities(audience.reset_index(drop=True), design, np.full(len(audience), channel), params)
    return p1 - p0
