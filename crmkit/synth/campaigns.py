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


import numpy as np
import pandas as pd

from crmkit.segmentation import LIFECYCLE_STAGES as STAGES
from crmkit.segmentation import lifecycle_stages
from crmkit.synth._base import Column, TableSpec
from crmkit.synth.promotions import seasonality

# The response model and the simulator live in the data world's public home; the tables are made here.
from crmkit.world.campaigns import (  # noqa: F401 (re-exported: older code imports them from here)
    CHANNELS,
    DESIGNS,
    PARAMS,
    PLAN,
    POPULARITY,
    PRODUCTS,
    CampaignParams,
    Design,
    _respond,
    offer_strength,
    response_probabilities,
    simulate_plan,
    true_uplift,
)

FAMILY = "campaigns"
REQUIRES: tuple[str, ...] = ("customers", "orders")

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


def _audience(design: Design, customers: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    """The customers eligible for a campaign, with their stage the day before it starts."""
    start = pd.Timestamp(design.start)
    stages = lifecycle_stages(orders, start, customers=customers, include_as_of=False)  # the state at the start of the day
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
