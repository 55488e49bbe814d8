"""Past CRM campaigns of the shop, each with a randomised hold-out group.

Five campaigns ran between 2023 and 2025 (the ``campaigns`` table): a
second-purchase nudge for new buyers, a win-back of lapsed customers, a
Double 11 pre-sale, a spring-tea launch and a member day. How they were made:

1. **Audience.** On the day before each campaign starts, every customer's
   relationship life-cycle stage is computed from ``orders`` with
   :func:`crmkit.campaign.lifecycle_stages` (rules: decline = no order for 180
   days; identification = at most one order; stability = 4+ orders over 365+
   days; development = other repeat buyers). The audience is the customers
   with ``marketing_opt_in`` who meet the campaign's rule (see ``audience_rule``).
2. **Randomisation.** A random ``holdout_share`` of the audience is held out
   (group ``control``, channel ``none``, no message, no offer). The others are
   contacted; where a campaign used several channels, each treated customer's
   channel was drawn at random with equal chances.
3. **Response.** Each customer has a chance ``p0`` of buying in the campaign
   window anyway: the campaign's ``base_rate`` times a stage multiplier (and,
   in decline, a decay with recency). A contacted customer's chance is
   ``p1 = p0 + uplift``, with uplift = the campaign's ``uplift_rate`` × a stage
   multiplier (in decline fading with recency) × a channel multiplier × the offer's strength
   (``sqrt(share of a typical order given away / 0.10)``). One draw decides.
   Those who would buy anyway also use the offer: that is the cost the
   textbook's ROI does not see.
4. **Orders.** A responder buys one basket (``campaign_orders``,
   ``campaign_order_items``): its target value is Gamma-distributed around the
   customer's past average order value; products are drawn by popularity, the
   campaign's featured category and what goes together (a teapot with cups, tea
   with a canister). Treated customers close to a spend threshold top up their
   basket with probability ``topup_probability``. The offer's cost: the money
   off for price offers, the gift's cost of goods for buy-and-get.
5. **Traffic.** Daily shop visits 14 days before to 14 days after each campaign
   follow the platform calendar (:func:`crmkit.synth.promotions.seasonality`),
   plus the visits the campaign's messages bring (``campaign_visits``).

Relation to ``orders``: the campaign tables are the campaign system's own log.
Customer ids, stages and the features at send time come from ``customers`` and
``orders``; the campaign orders are **not** rows of ``orders.csv`` (which is fixed
and was generated without campaigns), so never add the two together. Gross
margin is the retail family's 40 % of list value; an offer's cost comes out of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmkit.campaign import STAGES, Offer, lifecycle_stages
from crmkit.synth._base import Column, TableSpec
from crmkit.synth.promotions import seasonality

FAMILY = "campaigns"
REQUIRES: tuple[str, ...] = ("customers", "orders")

CHANNELS = ("sms", "email", "app_push")


@dataclass(frozen=True)
class CampaignParams:
    """Ground-truth parameters shared by every campaign (each campaign's own rates are in :data:`DESIGNS`)."""

    gross_margin: float = field(default=0.40, metadata={"help": "gross margin on list value, before offers (as in the retail family)"})
    typical_order_value: float = field(default=216.0, metadata={"help": "the shop's mean order value (CNY), used to size an offer's strength"})
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

SPECS = (
    TableSpec(
        name="campaigns",
        title="CRM campaigns (营销活动)",
        description="One row per past CRM campaign of the shop: dates, audience rule, channels, hold-out share, offer and fixed cost.",
        columns=(
            Column("campaign_id", "str", "Campaign key, CMP01 … in date order."),
            Column("name", "str", "Campaign name."),
            Column("name_zh", "str", "Campaign name in Chinese."),
            Column("start_date", "date", "First day of the campaign window.", "day"),
            Column("end_date", "date", "Last day of the campaign window (inclusive).", "day"),
            Column("audience_rule", "str", "Who was eligible (always only customers with marketing_opt_in)."),
            Column("channels", "str", "Channels used, separated by '|' (sms, email, app_push)."),
            Column("holdout_share", "float64", "Share of the audience randomly held out (not contacted).", "share"),
            Column("mechanic", "str", "Promotion mechanic: percent_off, spend_and_save, buy_and_get or coupon."),
            Column("offer", "str", "The offer in words."),
            Column("offer_rate", "float64", "Share off for percent_off offers, else 0.", "share"),
            Column("offer_threshold", "float64", "Minimum order value for spend_and_save and coupon offers (0 = none).", "CNY"),
            Column("offer_amount", "float64", "Money off (spend_and_save, coupon) or the gift's cost of goods (buy_and_get).", "CNY"),
            Column("offer_min_items", "int64", "Items an order needs for buy_and_get, else 0."),
            Column("fixed_cost", "float64", "Fixed cost: design, copy, set-up and staff time.", "CNY"),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="campaign_contacts",
        title="Campaign contacts and responses (营销触达与响应)",
        description="One row per customer in a campaign's audience: hold-out or treated, channel, cost, features at send time and the response in the campaign window.",
        columns=(
            Column("campaign_id", "str", "The campaign; a key of the campaigns table."),
            Column("customer_id", "str", "The customer; a key of the customers table."),
            Column("group", "str", "treatment (contacted) or control (randomly held out)."),
            Column("channel", "str", "sms, email or app_push for the treated; none for the hold-out."),
            Column("contact_cost", "float64", "Cost of the message (0 for the hold-out).", "CNY"),
            Column("stage", "str", "Life-cycle stage the day before the start: identification, development, stability or decline."),
            Column("orders_before", "int64", "Orders placed before the campaign started."),
            Column("spend_before", "float64", "Amount paid on those orders.", "CNY"),
            Column("recency_days", "Int64", "Days since the last order at the start (empty if never bought).", "day"),
            Column("converted", "bool", "True if the customer bought in the campaign window."),
            Column("order_value", "float64", "Value of that order at list prices (0 if no order).", "CNY"),
            Column("items", "int64", "Items in that order (0 if no order)."),
            Column("offer_cost", "float64", "Cost of the offer on that order to the shop (0 for the hold-out).", "CNY"),
            Column("amount_paid", "float64", "What the customer paid: order value minus money off (0 if no order).", "CNY"),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="campaign_orders",
        title="Campaign-window orders (活动订单)",
        description="One row per order placed in a campaign window by a customer of its audience, treated or held out.",
        columns=(
            Column("campaign_order_id", "str", "Order key, K00001 …"),
            Column("campaign_id", "str", "The campaign; a key of the campaigns table."),
            Column("customer_id", "str", "The buyer; a key of the customers table."),
            Column("group", "str", "treatment or control, as in campaign_contacts."),
            Column("order_date", "date", "Day the order was paid.", "day"),
            Column("order_value", "float64", "Value at list prices.", "CNY"),
            Column("items", "int64", "Number of items."),
            Column("offer_cost", "float64", "Cost of the offer on this order to the shop.", "CNY"),
            Column("amount_paid", "float64", "What the customer paid.", "CNY"),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="campaign_order_items",
        title="Campaign order lines (活动订单明细)",
        description="One row per product line of a campaign-window order: what sold and what was bought with it.",
        columns=(
            Column("campaign_order_id", "str", "The order; a key of campaign_orders."),
            Column("product_id", "str", "The product; a key of the products table."),
            Column("quantity", "int64", "Units bought."),
            Column("unit_price", "float64", "List price of one unit.", "CNY"),
            Column("line_value", "float64", "quantity × unit_price.", "CNY"),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="products",
        title="Products (商品)",
        description="The shop's product range used in the campaign orders: tea, teaware, home goods and a gift box.",
        columns=(
            Column("product_id", "str", "Product key, P01 …"),
            Column("name", "str", "Product name."),
            Column("name_zh", "str", "Product name in Chinese."),
            Column("category", "str", "tea, teaware, home or gift."),
            Column("list_price", "float64", "List price.", "CNY"),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="campaign_traffic",
        title="Shop traffic around campaigns (活动流量)",
        description="Daily visits to the shop from 14 days before to 14 days after each campaign, with the visits the campaign's messages brought.",
        columns=(
            Column("campaign_id", "str", "The campaign; a key of the campaigns table."),
            Column("date", "date", "Calendar day.", "day"),
            Column("phase", "str", "before, during or after the campaign window."),
            Column("visits", "int64", "All visits to the shop that day.", "visits"),
            Column("campaign_visits", "int64", "Visits that came through the campaign's messages.", "visits"),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="campaign_truth",
        title="Campaign ground truth (活动真实效果)",
        description="The data world's true response rates per campaign, stage and channel, which the hold-out lets you estimate: expected rates with and without contact.",
        columns=(
            Column("campaign_id", "str", "The campaign; a key of the campaigns table."),
            Column("stage", "str", "Life-cycle stage, or 'all' for the whole audience."),
            Column("channel", "str", "The channel the treated rate refers to."),
            Column("customers", "int64", "Audience members in this stage (treated and held out)."),
            Column("control_rate", "float64", "Mean true chance of buying without contact.", "share"),
            Column("treated_rate", "float64", "Mean true chance of buying if contacted through this channel.", "share"),
            Column("true_uplift", "float64", "treated_rate − control_rate: the incremental response.", "share"),
        ),
        notes=__doc__,
    ),
)


# ---------------------------------------------------------------------------
# The response model
# ---------------------------------------------------------------------------


def offer_strength(offer: Offer, params: CampaignParams = PARAMS) -> float:
    """How strongly an offer moves customers: sqrt(share of a typical order given away / 0.10).

    Examples
    --------
    >>> round(offer_strength(Offer("percent_off", rate=0.10)), 3)
    1.0
    >>> round(offer_strength(Offer("coupon", amount=20)), 3)
    0.962
    """
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


def _audience(design: Design, customers: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    """The customers eligible for a campaign, with their stage the day before it starts."""
    start = pd.Timestamp(design.start)
    stages = lifecycle_stages(orders, start, customers=customers)
    opted_in = set(customers.loc[customers["marketing_opt_in"], "customer_id"])
    stages = stages[stages["customer_id"].isin(opted_in)]
    recency = stages["recency_days"]
    rules = {
        "CMP01": (stages["orders"] == 1) & recency.between(7, 150),
        "CMP02": recency.between(180, 900),
        "CMP03": recency <= 365,
        "CMP04": pd.Series(True, index=stages.index),
        "CMP05": stages["orders"] >= 2,
    }
    return stages[rules[design.campaign_id]].reset_index(drop=True)


def _truth(audience: pd.DataFrame, design: Design, params: CampaignParams) -> pd.DataFrame:
    rows = []
    for channel in design.channels:
        p0, p1 = response_probabilities(audience, design, np.full(len(audience), channel), params)
        stage = audience["stage"].astype(str).to_numpy()
        for name in list(STAGES) + ["all"]:
            mask = np.ones(len(audience), dtype=bool) if name == "all" else stage == name
            if not mask.any():
                continue
            rows.append((design.campaign_id, name, channel, int(mask.sum()), round(float(p0[mask].mean()), 4),
                         round(float(p1[mask].mean()), 4), round(float((p1 - p0)[mask].mean()), 4)))
    return pd.DataFrame(rows, columns=[c.name for c in SPECS[6].columns])


def _traffic(rng: np.random.Generator, design: Design, contacts: pd.DataFrame, params: CampaignParams) -> pd.DataFrame:
    start, end = pd.Timestamp(design.start), pd.Timestamp(design.end)
    days = pd.date_range(start - pd.Timedelta(days=14), end + pd.Timedelta(days=14), freq="D")
    growth = 1.15 ** ((days - pd.Timestamp("2023-01-01")).days / 365.0)
    visits = params.base_visits * seasonality(days) * growth * rng.lognormal(0.0, 0.08, len(days))
    during = (days >= start) & (days <= end)
    sent = contacts[contacts["group"] == "treatment"]["channel"].value_counts()
    expected_clicks = sum(count * getattr(params, f"click_{channel}") for channel, count in sent.items())
    window = np.flatnonzero(during)
    decay = 0.6 ** np.arange(len(window))
    campaign_visits = np.zeros(len(days), dtype="int64")
    campaign_visits[window] = rng.poisson(expected_clicks * decay / decay.sum())
    phase = np.where(days < start, "before", np.where(during, "during", "after"))
    return pd.DataFrame({
        "campaign_id": design.campaign_id,
        "date": days,
        "phase": phase,
        "visits": np.round(visits).astype("int64") + campaign_visits,
        "campaign_visits": campaign_visits,
    })


def _campaign_row(design: Design) -> dict:
    offer = design.offer
    return {
        "campaign_id": design.campaign_id, "name": design.name, "name_zh": design.name_zh,
        "start_date": pd.Timestamp(design.start), "end_date": pd.Timestamp(design.end),
        "audience_rule": design.audience_rule, "channels": "|".join(design.channels),
        "holdout_share": design.holdout_share, "mechanic": offer.mechanic, "offer": offer.describe(),
        "offer_rate": offer.rate, "offer_threshold": offer.threshold, "offer_amount": offer.amount,
        "offer_min_items": int(offer.min_items), "fixed_cost": design.fixed_cost,
    }


def generate(
    rng: np.random.Generator, tables: dict[str, pd.DataFrame], params: CampaignParams = PARAMS
) -> dict[str, pd.DataFrame]:
    """Generate the campaign tables from ``customers`` and ``orders``.

    Returns
    -------
    dict
        ``campaigns``, ``campaign_contacts``, ``campaign_orders``,
        ``campaign_order_items``, ``products``, ``campaign_traffic``, ``campaign_truth``.
    """
    customers, orders = tables["customers"], tables["orders"]
    all_contacts, all_orders, all_lines, traffic, truth = [], [], [], [], []
    order_number = 0
    for design in DESIGNS:
        audience = _audience(design, customers, orders)
        contacts, campaign_orders, lines = _respond(rng, audience, design, params)
        campaign_orders = campaign_orders.sort_values(["order_date", "customer_id"], kind="stable", ignore_index=True)
        ids = [f"K{order_number + k + 1:05d}" for k in range(len(campaign_orders))]
        order_number += len(campaign_orders)
        id_of_row = dict(zip(campaign_orders["row"], ids))
        campaign_orders.insert(0, "campaign_order_id", ids)
        for column in ("order_value", "items", "offer_cost", "amount_paid"):
            campaign_orders[column] = contacts[column].to_numpy()[campaign_orders["row"].to_numpy()]
        lines.insert(0, "campaign_order_id", lines["row"].map(id_of_row))
        lines["line_value"] = (lines["quantity"] * lines["unit_price"]).round(2)
        all_contacts.append(contacts)
        all_orders.append(campaign_orders.drop(columns="row"))
        all_lines.append(lines.drop(columns="row"))
        traffic.append(_traffic(rng, design, contacts, params))
        truth.append(_truth(audience, design, params))
    lines = pd.concat(all_lines, ignore_index=True).sort_values(["campaign_order_id", "product_id"], ignore_index=True)
    products = pd.DataFrame([product[:5] for product in PRODUCTS], columns=[c.name for c in SPECS[4].columns])
    return {
        "campaigns": pd.DataFrame([_campaign_row(design) for design in DESIGNS]),
        "campaign_contacts": pd.concat(all_contacts, ignore_index=True),
        "campaign_orders": pd.concat(all_orders, ignore_index=True),
        "campaign_order_items": lines,
        "products": products,
        "campaign_traffic": pd.concat(traffic, ignore_index=True),
        "campaign_truth": pd.concat(truth, ignore_index=True),
    }


def simulate_plan(
    audience: pd.DataFrame,
    channel: str,
    offer: Offer,
    holdout_share: float,
    fixed_cost: float,
    seed: int,
    params: CampaignParams = PARAMS,
) -> pd.DataFrame:
    """Run a planned year-end campaign on the data world (see :func:`crmkit.campaign.simulate_campaign`)."""
    if channel not in CHANNELS:
        raise ValueError(f"channel must be one of {CHANNELS}, got {channel!r}")
    if not 0 < holdout_share < 1:
        raise ValueError(f"holdout_share must be between 0 and 1, got {holdout_share!r}")
    if fixed_cost < 0:
        raise ValueError(f"fixed_cost must not be negative, got {fixed_cost!r}")
    for column in ("customer_id", "orders", "spend", "recency_days", "stage"):
        if column not in audience.columns:
            raise ValueError(f"audience lacks the column {column!r} (pass rows of crmkit.campaign.lifecycle_stages)")
    if audience.empty:
        raise ValueError("audience is empty: nobody to contact")
    design = Design(PLAN.campaign_id, PLAN.name, PLAN.name_zh, PLAN.start, PLAN.end, PLAN.audience_rule,
                    (channel,), holdout_share, offer, params.plan_base_rate, params.plan_uplift_rate, fixed_cost, PLAN.featured)
    contacts, _orders, _lines = _respond(np.random.default_rng(seed), audience.reset_index(drop=True), design, params)
    contacts.attrs["fixed_cost"] = float(fixed_cost)
    return contacts


def true_uplift(audience: pd.DataFrame, channel: str, offer: Offer, params: CampaignParams = PARAMS) -> np.ndarray:
    """The data world's true uplift of each audience member for a year-end plan (what no real shop can know)."""
    design = Design(PLAN.campaign_id, PLAN.name, PLAN.name_zh, PLAN.start, PLAN.end, PLAN.audience_rule,
                    (channel,), 0.1, offer, params.plan_base_rate, params.plan_uplift_rate, 0.0, PLAN.featured)
    p0, p1 = response_probabilities(audience.reset_index(drop=True), design, np.full(len(audience), channel), params)
    return p1 - p0
