"""CRM marketing (CRM营销): campaign ROI, offers, lifecycle stages and campaign accounts.

Chapter 6 of the workbook uses these functions. They come in five groups:

- **Money.** :func:`roi_textbook` is the textbook's ROI (投资回报率) =
  total sales / marketing cost × 100 %; :func:`roas` is return on ad spend;
  :func:`roi` is profit-based ROI, (gain − cost) / cost, where *gain* should be
  the **incremental** gross profit measured against a hold-out group;
  :func:`break_even_rate` is the response rate at which a campaign pays for itself;
  :func:`incremental_summary` draws up a campaign's accounts against its hold-out.
- **Offers.** :class:`Offer` describes a promotion mechanic (促销方式) and what it costs.
- **Who to target.** :func:`lifecycle_stages` puts each customer in one of the
  textbook's relationship life-cycle stages (客户关系生命周期) from the order history.
- **Trying a plan.** :func:`simulate_campaign` runs a planned campaign on the
  data world (:mod:`crmkit.world.campaigns`), with the response model that made
  the ``campaign_contacts`` table.
- **Writing a plan.** :class:`CampaignPlan` holds a campaign plan (活动方案): the
  three elements of CRM marketing (audience as a query on the data, touch points,
  content) and the goals set before launch; :func:`check_plan` checks it step by
  step (:data:`PLAN_STEPS`); :func:`smallest_detectable_lift` says what a hold-out can detect.

Two groups that started here have their own modules and are still importable
from here: the evidence of a test against a hold-out (:func:`lift`,
:func:`sample_size_two_proportions`, :func:`power_two_proportions`) is in
:mod:`crmkit.inference`; uplift modelling (:class:`TwoModelUplift`,
:func:`uplift_by_decile`, :func:`qini_curve`) is in :mod:`crmkit.uplift`.

Examples
--------
>>> from crmkit import campaign
>>> campaign.roi_textbook(sales=50_000, cost=5_000)
1000.0
>>> campaign.roi(gain=2_000, cost=5_000)
-0.6
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

# Moved to their own modules; still importable from here.
from crmkit._checks import (
    as_date,
    as_float_array,
    bool_column,
    check_choice,
    check_number,
    check_share,
    id_column,
    label_column,
    number_column,
    require_columns,
)
from crmkit.inference import LiftResult, lift, power_two_proportions, sample_size_two_proportions
from crmkit.segmentation import LIFECYCLE_STAGES as STAGES
from crmkit.segmentation import LIFECYCLE_STRATEGY as STAGE_STRATEGY
from crmkit.segmentation import lifecycle_stages
from crmkit.uplift import TwoModelUplift, qini_curve, uplift_by_decile

__all__ = [
    "roi_textbook",
    "roas",
    "roi",
    "lift",
    "LiftResult",
    "break_even_rate",
    "sample_size_two_proportions",
    "power_two_proportions",
    "STAGES",
    "STAGE_STRATEGY",
    "lifecycle_stages",
    "incremental_summary",
    "cost_per_incremental_order",
    "TwoModelUplift",
    "uplift_by_decile",
    "qini_curve",
    "simulate_campaign",
    "CHANNELS",
    "SUCCESS_MEASURES",
    "PLAN_STEPS",
    "CampaignPlan",
    "check_plan",
    "smallest_detectable_lift",
    "audience_table",
]


# ---------------------------------------------------------------------------
# Checking arguments
# ---------------------------------------------------------------------------


def _as_array(value: Any, name: str) -> np.ndarray:
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be a number or an array of numbers, got {value!r}")
    return as_float_array(value, name)


def _check_non_negative(value: Any, name: str) -> None:
    if (_as_array(value, name) < 0).any():
        raise ValueError(f"{name} must not be negative, got {value!r}")


def _check_positive(value: Any, name: str, why: str) -> None:
    if (_as_array(value, name) <= 0).any():
        raise ValueError(f"{name} must be greater than zero ({why}), got {value!r}")


def _plain(result: Any) -> Any:
    """Return a Python float for a scalar result, the result itself for arrays and Series."""
    if np.ndim(result) == 0:
        return float(result)
    return result


# ---------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------


def roi_textbook(sales: Any, cost: Any) -> Any:
    """The textbook's ROI: total sales divided by marketing cost, in per cent.

    The textbook (Chapter 6, section 8) defines 投资回报率 = 销售总额 / 营销成本 × 100 %.
    It counts every sale of the contacted customers, including those who would have
    bought anyway, and sets sales (not profit) against cost; so a figure above 100 %
    does **not** mean the campaign made money. Compare :func:`roi`.

    Parameters
    ----------
    sales : float or array-like
        Total sales of the campaign's customers (CNY), not negative.
    cost : float or array-like
        Marketing cost (CNY), greater than zero.

    Returns
    -------
    float or array-like
        ``sales / cost * 100``; a float for scalar input, otherwise the same shape.

    Raises
    ------
    ValueError
        If ``sales`` is negative or ``cost`` is not greater than zero.

    Examples
    --------
    >>> roi_textbook(sales=41_600, cost=5_250)
    792.3809523809524
    """
    _check_non_negative(sales, "sales")
    _check_positive(cost, "cost", "ROI divides by it")
    return _plain(sales / cost * 100)


def roas(revenue: Any, cost: Any) -> Any:
    """Return on ad spend: revenue per unit of marketing cost.

    Parameters
    ----------
    revenue : float or array-like
        Revenue (CNY), not negative. Pass *incremental* revenue to get incremental ROAS.
    cost : float or array-like
        Marketing cost (CNY), greater than zero.

    Returns
    -------
    float or array-like
        ``revenue / cost`` (so ``roi_textbook`` is ROAS written as a percentage).

    Raises
    ------
    ValueError
        If ``revenue`` is negative or ``cost`` is not greater than zero.

    Examples
    --------
    >>> roas(revenue=12_000, cost=4_000)
    3.0
    """
    _check_non_negative(revenue, "revenue")
    _check_positive(cost, "cost", "ROAS divides by it")
    return _plain(revenue / cost)


def roi(gain: Any, cost: Any) -> Any:
    """Profit-based return on investment, (gain − cost) / cost.

    Parameters
    ----------
    gain : float or array-like
        The gross profit the campaign brought (CNY). Use the **incremental** gross
        profit (treated group's minus what the hold-out group shows would have
        come anyway); it may be negative.
    cost : float or array-like
        The campaign's cost (CNY), greater than zero.

    Returns
    -------
    float or array-like
        A ratio: 0.25 means the campaign returned its cost plus 25 %; −1 means the
        whole cost was lost.

    Raises
    ------
    ValueError
        If ``cost`` is not greater than zero.

    Examples
    --------
    >>> roi(gain=1_280, cost=5_250)
    -0.7561904761904762
    >>> roi(gain=6_000, cost=4_000)
    0.5
    """
    _as_array(gain, "gain")
    _check_positive(cost, "cost", "ROI divides by it")
    return _plain((gain - cost) / cost)


def break_even_rate(cost_per_contact: Any, margin_per_response: Any) -> Any:
    """The incremental response rate at which a campaign's profit is zero.

    Each contact costs ``cost_per_contact``; each response the campaign causes
    earns ``margin_per_response``. Profit per contact is
    ``rate * margin_per_response - cost_per_contact``, zero at
    ``rate = cost_per_contact / margin_per_response``.

    Parameters
    ----------
    cost_per_contact : float or array-like
        Cost of one contact (CNY), not negative (message, coupon and other costs per customer).
    margin_per_response : float or array-like
        Gross profit of one incremental response (CNY), greater than zero.

    Returns
    -------
    float or array-like
        The break-even response rate (a share, 0.01 = 1 %).

    Raises
    ------
    ValueError
        If ``cost_per_contact`` is negative or ``margin_per_response`` is not greater than zero.

    Examples
    --------
    >>> break_even_rate(cost_per_contact=0.05, margin_per_response=40.0)
    0.00125
    """
    _check_non_negative(cost_per_contact, "cost_per_contact")
    _check_positive(margin_per_response, "margin_per_response", "the rate divides by it")
    return _plain(cost_per_contact / margin_per_response)


# ---------------------------------------------------------------------------
# Offers (promotion mechanics, 促销方式)
# ---------------------------------------------------------------------------

#: The promotion mechanics an :class:`Offer` can describe.
MECHANICS = ("percent_off", "spend_and_save", "buy_and_get", "coupon")


@dataclass(frozen=True)
class Offer:
    """A promotion mechanic and what it costs the shop on one order.

    Parameters
    ----------
    mechanic : str
        ``"percent_off"`` (全场×折: ``rate`` off every order), ``"spend_and_save"``
        (满×减×: ``amount`` off an order of at least ``threshold``), ``"buy_and_get"``
        (买×送×: a free gift whose cost of goods is ``amount`` with every order of at
        least ``min_items`` items) or ``"coupon"`` (优惠券: ``amount`` off, on orders of
        at least ``threshold``; ``threshold=0`` is a no-threshold coupon, 无门槛券).
    rate : float
        Share off the price for ``percent_off`` (0.15 = 15 % off, 八五折).
    threshold : float
        Minimum order value (CNY) for ``spend_and_save`` and ``coupon``.
    amount : float
        CNY off (``spend_and_save``, ``coupon``) or the gift's cost of goods (``buy_and_get``).
    min_items : int
        Items an order needs for ``buy_and_get``.

    Examples
    --------
    >>> Offer("spend_and_save", threshold=300, amount=40).cost(320.0)
    40.0
    >>> Offer("spend_and_save", threshold=300, amount=40).cost(280.0)
    0.0
    >>> Offer("percent_off", rate=0.15).cost(200.0)
    30.0
    >>> Offer("buy_and_get", amount=24, min_items=2).cost(150.0, items=2)
    24.0
    """

    mechanic: str
    rate: float = 0.0
    threshold: float = 0.0
    amount: float = 0.0
    min_items: int = 0

    def __post_init__(self) -> None:
        check_choice(self.mechanic, "mechanic", MECHANICS)
        check_share(self.rate, "rate", high_open=True)
        for name in ("threshold", "amount", "min_items"):
            check_number(getattr(self, name), name, low=0)
        if not float(self.min_items).is_integer():
            raise ValueError(f"min_items must be a whole number, got {self.min_items!r}")
        if not 0 <= self.rate < 1:
            raise ValueError(f"rate must be at least 0 and below 1, got {self.rate!r}")
        for name in ("threshold", "amount", "min_items"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative, got {getattr(self, name)!r}")
        if self.mechanic == "percent_off" and self.rate == 0:
            raise ValueError("a percent_off offer needs a rate above 0")
        if self.mechanic != "percent_off" and self.amount == 0:
            raise ValueError(f"a {self.mechanic} offer needs an amount above 0")
        if self.mechanic == "spend_and_save" and self.amount >= self.threshold:
            raise ValueError(f"a spend_and_save offer must save less than its threshold, got amount {self.amount} >= threshold {self.threshold}")

    def cost(self, order_value: Any, items: Any = 1) -> Any:
        """Cost of the offer to the shop on orders of ``order_value`` CNY (list prices) and ``items`` items.

        For the price offers the cost is the money off; for ``buy_and_get`` it is
        the gift's cost of goods. Works on numbers and on arrays.
        """
        _check_non_negative(order_value, "order_value")
        _check_non_negative(items, "items")
        value = np.asarray(order_value, dtype=float)
        count = np.asarray(items, dtype=float)
        if self.mechanic == "percent_off":
            cost = value * self.rate
        elif self.mechanic == "buy_and_get":
            cost = np.where(count >= self.min_items, self.amount, 0.0) * np.ones_like(value)
        else:
            cost = np.where(value >= self.threshold, np.minimum(self.amount, value), 0.0)
        return _plain(np.round(cost, 2))

    def pays(self) -> bool:
        """True if the customer pays less (a price offer), False if she gets goods (a gift)."""
        return self.mechanic != "buy_and_get"

    def describe(self) -> str:
        """A short English label, e.g. ``'spend 300 save 40'``.

        Examples
        --------
        >>> Offer("coupon", amount=20).describe()
        '20 CNY coupon, no threshold'
        """
        if self.mechanic == "percent_off":
            return f"{self.rate:.0%} off"
        if self.mechanic == "spend_and_save":
            return f"spend {self.threshold:g} save {self.amount:g}"
        if self.mechanic == "buy_and_get":
            return f"buy {self.min_items} get a gift (cost {self.amount:g} CNY)"
        if self.threshold > 0:
            return f"{self.amount:g} CNY coupon on orders of {self.threshold:g}+"
        return f"{self.amount:g} CNY coupon, no threshold"


# ---------------------------------------------------------------------------
# Campaign accounts against the hold-out
# ---------------------------------------------------------------------------

CONTACT_COLUMNS = ("campaign_id", "group", "contact_cost", "converted", "order_value", "offer_cost", "amount_paid")


def incremental_summary(
    contacts: pd.DataFrame,
    by: str | list[str] = "campaign_id",
    fixed_costs: dict[str, float] | pd.Series | None = None,
    gross_margin: float = 0.40,
) -> pd.DataFrame:
    """The campaign accounts, the textbook's way and against the hold-out, per group of contacts.

    For each group (by default each campaign) with ``n_t`` treated and ``n_c``
    hold-out customers:

    - ``sales``: what the treated customers paid (the textbook's 销售总额);
    - ``cost``: contact costs + offer costs of the treated + fixed costs (营销成本);
    - ``roi_textbook`` = sales / cost × 100 and ``roas`` = sales / cost;
    - ``attributed_roi``: :func:`roi` with the gross profit of *all* treated orders;
    - ``incremental_orders`` = n_t × (treated rate − control rate);
    - ``incremental_gross_profit`` = gross_margin × n_t × (order value per treated
      customer − order value per hold-out customer), at list prices, before offers;
    - ``incremental_roi``: :func:`roi` (incremental gross profit, cost);
    - ``incremental_profit`` = incremental gross profit − cost.

    Parameters
    ----------
    contacts : pandas.DataFrame
        Rows like ``load("campaign_contacts")``: columns ``campaign_id``, ``group``
        ("treatment"/"control"), ``contact_cost``, ``converted``, ``order_value``,
        ``offer_cost``, ``amount_paid`` and those in ``by``.
    by : str or list of str, default "campaign_id"
        Column(s) to group by, e.g. ``["campaign_id", "channel"]``.
    fixed_costs : dict or Series, optional
        Fixed cost of each campaign (CNY), by ``campaign_id``. When a campaign is
        split into several groups its fixed cost is shared in proportion to treated contacts.
    gross_margin : float, default 0.40
        Gross margin at list prices (the data world's is 0.40).

    Returns
    -------
    pandas.DataFrame
        One row per group.

    Raises
    ------
    ValueError
        If a column is missing, a group has no treated or no hold-out customer, or
        ``gross_margin`` is not between 0 and 1.

    Examples
    --------
    >>> contacts = pd.DataFrame({
    ...     "campaign_id": ["X"] * 4, "group": ["treatment", "treatment", "control", "control"],
    ...     "contact_cost": [0.05, 0.05, 0.0, 0.0], "converted": [True, True, True, False],
    ...     "order_value": [300.0, 200.0, 200.0, 0.0], "offer_cost": [40.0, 0.0, 0.0, 0.0],
    ...     "amount_paid": [260.0, 200.0, 200.0, 0.0]})
    >>> row = incremental_summary(contacts).iloc[0]
    >>> float(row["roi_textbook"]), float(row["incremental_orders"]), round(float(row["incremental_roi"]), 3)
    (1147.13, 1.0, 1.993)
    """
    keys = [by] if isinstance(by, str) else list(by)
    require_columns(contacts, list(CONTACT_COLUMNS) + keys, "contacts")
    check_share(gross_margin, "gross_margin", low_open=True, high_open=True)
    for key in keys:
        label_column(contacts, key, "contacts")  # a row without its campaign or group would vanish from the groups
    id_column(contacts, "campaign_id", "contacts")
    label_column(contacts, "group", "contacts")
    checked = {"converted": bool_column(contacts, "converted", "contacts")}
    for column in ("contact_cost", "order_value", "offer_cost", "amount_paid"):
        checked[column] = number_column(contacts, column, "contacts", low=0)
    if fixed_costs is not None:
        if not isinstance(fixed_costs, (dict, pd.Series)):
            raise ValueError(f"fixed_costs must be a dict or Series of campaign_id to cost, got {fixed_costs!r}")
        for campaign_id, value in dict(fixed_costs).items():
            check_number(value, f"fixed_costs[{campaign_id!r}]", low=0)
        absent = sorted(set(contacts["campaign_id"]) - set(dict(fixed_costs)), key=str)
        if absent:
            raise ValueError(f"fixed_costs has no cost for campaign(s) {absent}; give 0 where there is none")
    frame = contacts.assign(**checked)
    frame["treated"] = frame["group"].eq("treatment")
    unknown = set(frame["group"]) - {"treatment", "control"}
    if unknown:
        raise ValueError(f"group must be 'treatment' or 'control', found {sorted(unknown)}")
    rows = []
    campaign_treated = frame[frame["treated"]].groupby("campaign_id").size()
    for key, part in frame.groupby(keys, observed=True, sort=True):
        treated = part[part["treated"]]
        control = part[~part["treated"]]
        name = key if isinstance(key, tuple) else (key,)
        if treated.empty or control.empty:
            raise ValueError(f"group {name} needs both treated and hold-out customers")
        n_t, n_c = len(treated), len(control)
        fixed = 0.0
        if fixed_costs is not None:
            for campaign_id, count in treated.groupby("campaign_id").size().items():
                fixed += float(fixed_costs[campaign_id]) * count / campaign_treated[campaign_id]
        sales = float(treated["amount_paid"].sum())
        cost = float(treated["contact_cost"].sum() + treated["offer_cost"].sum() + fixed)
        rate_t, rate_c = treated["converted"].mean(), control["converted"].mean()
        value_t, value_c = treated["order_value"].mean(), control["order_value"].mean()
        gross_profit_attributed = gross_margin * treated["order_value"].sum()
        incremental_gross_profit = gross_margin * n_t * (value_t - value_c)
        rows.append({
            **dict(zip(keys, name)),
            "treated": n_t,
            "control": n_c,
            "treated_rate": float(rate_t),
            "control_rate": float(rate_c),
            "sales": round(sales, 2),
            "cost": round(cost, 2),
            "roi_textbook": round(roi_textbook(sales, cost), 2),
            "roas": round(roas(sales, cost), 3),
            "attributed_roi": round(roi(gross_profit_attributed, cost), 3),
            "incremental_orders": round(float(n_t * (rate_t - rate_c)), 1),
            "incremental_gross_profit": round(float(incremental_gross_profit), 2),
            "incremental_roi": round(roi(incremental_gross_profit, cost), 3),
            "incremental_profit": round(float(incremental_gross_profit - cost), 2),
        })
    return pd.DataFrame(rows)


def cost_per_incremental_order(total_cost: float, incremental_orders: float) -> float:
    """What each order the campaign *caused* cost: total cost / incremental orders.

    Parameters
    ----------
    total_cost : float
        Everything the campaign cost (CNY): contacts, offers, fixed costs; not negative.
    incremental_orders : float
        Orders above what the hold-out shows would have come anyway.

    Returns
    -------
    float
        CNY per incremental order; ``inf`` if the campaign caused no extra orders
        (``incremental_orders <= 0``): no price per order exists then.

    Raises
    ------
    ValueError
        If ``total_cost`` is negative.

    Examples
    --------
    >>> cost_per_incremental_order(6_000, 24)
    250.0
    >>> cost_per_incremental_order(6_000, 0)
    inf
    """
    total_cost = check_number(total_cost, "total_cost", low=0)
    incremental_orders = check_number(incremental_orders, "incremental_orders")
    if incremental_orders <= 0:
        return math.inf
    return float(total_cost) / incremental_orders


# ---------------------------------------------------------------------------
# Trying a plan on the data world
# ---------------------------------------------------------------------------


def simulate_campaign(
    audience: pd.DataFrame,
    channel: str,
    offer: Offer,
    holdout_share: float = 0.1,
    fixed_cost: float = 0.0,
    seed: int = 0,
) -> pd.DataFrame:
    """Run a planned year-end campaign on the data world: :func:`crmkit.world.campaigns.simulate_campaign`.

    Its first home; the simulator belongs to the data world (:mod:`crmkit.world`),
    which this topic module does not import until the function is called.

    Examples
    --------
    >>> from crmkit import data
    >>> stages = lifecycle_stages(data.load("orders"), "2025-12-20")
    >>> plan = simulate_campaign(stages[stages["stage"] == "development"], "sms", Offer("coupon", amount=20), seed=1)
    >>> sorted(plan["group"].unique())
    ['control', 'treatment']
    """
    from crmkit.world.campaigns import simulate_campaign as simulate

    return simulate(audience, channel, offer, holdout_share, fixed_cost, seed)


# ---------------------------------------------------------------------------
# Planning a campaign: the three elements and the campaign-design steps
# ---------------------------------------------------------------------------

#: The shop's contact channels (touch points it can reach a customer through); the data world's channels.
CHANNELS = ("sms", "email", "app_push")

#: Success measures a plan can name, and whether each measures what the campaign *caused*.
#: The sound ones compare the contacted customers with a random hold-out; the others count
#: orders that would have come anyway, or move with the calendar.
SUCCESS_MEASURES = {
    "incremental_profit": True,
    "incremental_roi": True,
    "incremental_orders": True,
    "lift": True,
    "sales": False,
    "textbook_roi": False,
    "participants": False,
    "traffic": False,
}

#: The textbook's steps of campaign design (营销活动设计的步骤), each with the element of CRM
#: marketing (CRM营销三要素: audience, touch points, content) or the planning item it fixes.
PLAN_STEPS = {
    "targets": ("1 choose the target customers (选择目标客户)", "audience"),
    "appeal": ("2 design the appeal (设计活动诉求)", "content"),
    "details": ("3 detail timing, channel and offer (细化活动内容)", "touch points"),
    "goals": ("4 set goals and success measures before launch (确定活动目标)", "goals"),
    "resources": ("5 prepare the resources (准备活动资源)", "resources"),
}

_PLAN_TEXT = ("name", "audience", "appeal", "decision_rule", "owner")
_PLAN_NUMBERS = ("cost_per_contact", "margin_per_response", "fixed_cost")
_PLAN_RATES = ("baseline_rate", "target_lift", "holdout_share")
_PLAN_DATES = ("start", "end", "goals_set_on")


@dataclass(frozen=True)
class CampaignPlan:
    """A CRM marketing campaign written down as a plan (活动方案), before launch.

    Each field belongs to one step of the textbook's campaign design (see :data:`PLAN_STEPS`);
    any field may be left empty (``""`` or ``None``): :func:`check_plan` then reports it as missing.

    Parameters
    ----------
    name : str
        The campaign's name.
    audience : str
        The target customers as a query on the customer table (a :meth:`pandas.DataFrame.query`
        expression), e.g. ``"stage == 'decline' and mean_order >= 100"``. Step 1 (audience, 受众).
    appeal : str
        The benefit turned into a theme (活动诉求), e.g. "Thank you for this year". Step 2 (content, 内容).
    channel : str
        The touch point (接触点): one of :data:`CHANNELS`. Step 3.
    start, end : date or ISO text
        The campaign window. Step 3.
    cost_per_contact : float
        Expected cost of one contacted customer (CNY): the message plus the expected offer cost. Step 3.
    offer : Offer, optional
        The promotion (促销优惠); ``None`` for a message without an offer. Step 3 (content).
    primary_measure : str
        The success measure (衡量标准): one of :data:`SUCCESS_MEASURES`. Step 4.
    decision_rule : str
        What the result will decide, e.g. "repeat only if incremental profit > 0". Step 4.
    goals_set_on : date or ISO text
        The day the goals were written down; it must come before ``start``. Step 4.
    baseline_rate : float
        Expected response rate without the campaign (a share). Step 4.
    target_lift : float
        The lift worth detecting, in response-rate points as a share (0.03 = 3 points). Step 4.
    holdout_share : float
        Share of the audience held out at random (对照组), between 0 and 1. Step 4.
    margin_per_response : float
        Gross profit of one extra order (CNY). Step 4 (the goal's value).
    fixed_cost : float
        Fixed cost of the campaign (design, staff; CNY). Step 5.
    owner : str
        Who prepares and runs the campaign (the team and its roles). Step 5.

    Raises
    ------
    ValueError
        If a field has the wrong type, a number is not finite or out of range, a date is no date,
        or ``channel`` / ``primary_measure`` is not one of the known values.

    Examples
    --------
    >>> plan = CampaignPlan("test", channel="sms", start="2025-12-20", target_lift=0.03)
    >>> plan.start
    Timestamp('2025-12-20 00:00:00')
    >>> CampaignPlan("test", channel="fax")
    Traceback (most recent call last):
    ...
    ValueError: channel must be one of ['sms', 'email', 'app_push'], got 'fax'
    """

    name: str
    audience: str = ""
    appeal: str = ""
    channel: str = ""
    start: Any = None
    end: Any = None
    cost_per_contact: float | None = None
    offer: Offer | None = None
    primary_measure: str = ""
    decision_rule: str = ""
    goals_set_on: Any = None
    baseline_rate: float | None = None
    target_lift: float | None = None
    holdout_share: float | None = None
    margin_per_response: float | None = None
    fixed_cost: float | None = None
    owner: str = ""

    def __post_init__(self) -> None:
        for name in _PLAN_TEXT + ("channel", "primary_measure"):
            value = getattr(self, name)
            if value is None:
                object.__setattr__(self, name, "")
            elif not isinstance(value, str):
                raise ValueError(f"{name} must be a text (str), got {value!r} ({type(value).__name__})")
        if self.channel:
            check_choice(self.channel, "channel", CHANNELS)
        if self.primary_measure:
            check_choice(self.primary_measure, "primary_measure", tuple(SUCCESS_MEASURES))
        for name in _PLAN_DATES:
            object.__setattr__(self, name, as_date(getattr(self, name), name, allow_none=True))
        for name in _PLAN_NUMBERS:
            if getattr(self, name) is not None:
                object.__setattr__(self, name, check_number(getattr(self, name), name, low=0))
        for name in _PLAN_RATES:
            if getattr(self, name) is not None:
                object.__setattr__(self, name, check_share(getattr(self, name), name))
        if self.offer is not None and not isinstance(self.offer, Offer):
            raise ValueError(f"offer must be an Offer or None, got {self.offer!r} ({type(self.offer).__name__})")

    def select(self, customers: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``customers`` the plan's ``audience`` query selects (all columns kept).

        Raises
        ------
        ValueError
            If ``customers`` has no ``customer_id`` column, the plan has no audience query, or the
            query does not run on the table (the message quotes pandas' reason).

        Examples
        --------
        >>> table = pd.DataFrame({"customer_id": ["a", "b", "c"], "orders": [0, 2, 5]})
        >>> CampaignPlan("test", audience="orders >= 2").select(table)["customer_id"].tolist()
        ['b', 'c']
        """
        if not self.audience.strip():
            raise ValueError("audience is empty: write the target customers as a query on the customer table")
        _check_audience_data(self.audience, customers)
        selected = _run_audience(self.audience, customers)
        if isinstance(selected, str):
            raise ValueError(selected)
        return selected


def _audience_columns(query: str, customers: pd.DataFrame) -> list[str]:
    """The columns of ``customers`` that an audience query names."""
    return [str(column) for column in customers.columns
            if re.search(rf"(?<![\w.]){re.escape(str(column))}(?!\w)", query)]


def _check_audience_data(query: str, customers: pd.DataFrame) -> None:
    """Refuse a customer table with a missing id or an infinite number in a column the query reads."""
    require_columns(customers, ["customer_id"], "customers")
    id_column(customers, "customer_id", "customers")
    for column in _audience_columns(query, customers):
        values = customers[column]
        if values.dtype.kind in "iufO":
            numbers = values if values.dtype.kind != "O" else values.map(lambda v: v if isinstance(v, float) else np.nan)
            infinite = np.isinf(numbers.to_numpy(dtype=float))
            if infinite.any():
                raise ValueError(f"customers column {column!r} has {int(infinite.sum())} infinite value(s) "
                                 f"of {len(values)} rows; the audience query reads it")


def _run_audience(query: str, customers: pd.DataFrame) -> pd.DataFrame | str:
    """The rows the query selects, or the reason it does not run (a text)."""
    try:
        selected = customers.query(query)
    except Exception as error:  # pandas raises many kinds (SyntaxError, KeyError, TypeError, UndefinedVariableError)
        columns = _audience_columns(query, customers)
        reads = f"; it reads column(s) {columns}" if columns else ""
        return (f"audience {query!r} does not run on customers ({len(customers)} rows){reads}: "
                f"{type(error).__name__}: {error}")
    if not isinstance(selected, pd.DataFrame) or list(selected.columns) != list(customers.columns):
        return f"audience {query!r} must select rows of customers, not compute a value"
    return selected


def audience_table(orders: pd.DataFrame, customers: pd.DataFrame, as_of: Any, *, include_as_of: bool = True) -> pd.DataFrame:
    """One row per registered customer on ``as_of``: the table a plan's audience query runs on.

    The rows of :func:`lifecycle_stages` (stage, orders, spend, recency, tenure; registered customers
    who never bought are in identification) with two more columns: ``mean_order`` (spend per order,
    0 for a customer who never bought) and ``marketing_opt_in`` (consent to marketing, from ``customers``).

    Parameters
    ----------
    orders : pandas.DataFrame
        The order log: ``customer_id``, ``order_date``, ``amount``.
    customers : pandas.DataFrame
        The customer table: ``customer_id``, ``signup_date``, ``marketing_opt_in`` (True/False).
    as_of : date or ISO text
        The day the audience is drawn.
    include_as_of : bool, default True
        Count the orders of ``as_of`` itself (False: the state at the start of that day).

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ValueError
        If a column is missing or holds a bad value (see :func:`lifecycle_stages`), or
        ``marketing_opt_in`` is not True/False.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"], "amount": [100.0, 50.0, 80.0],
    ...                        "order_date": pd.to_datetime(["2025-01-05", "2025-06-01", "2025-02-10"])})
    >>> customers = pd.DataFrame({"customer_id": ["a", "b", "c"], "marketing_opt_in": [True, False, True],
    ...                           "signup_date": pd.to_datetime(["2024-12-01", "2025-01-01", "2025-03-01"])})
    >>> audience_table(orders, customers, "2025-06-30")[["customer_id", "stage", "mean_order", "marketing_opt_in"]]
      customer_id           stage  mean_order  marketing_opt_in
    0           a     development        75.0              True
    1           b  identification        80.0             False
    2           c  identification         0.0              True
    """
    require_columns(customers, ["customer_id", "signup_date", "marketing_opt_in"], "customers")
    consent = bool_column(customers, "marketing_opt_in", "customers")
    table = lifecycle_stages(orders, as_of, customers=customers, include_as_of=include_as_of)
    ids = id_column(customers, "customer_id", "customers")
    table["marketing_opt_in"] = table["customer_id"].map(pd.Series(consent.to_numpy(), index=ids.to_numpy())).astype(bool)
    per_order = table["spend"] / table["orders"].where(table["orders"] > 0)
    table["mean_order"] = per_order.fillna(0.0).round(2)
    return table


def smallest_detectable_lift(baseline_rate: float, n_treated: float, n_control: float, power: float = 0.8,
                             alpha: float = 0.05) -> float:
    """The smallest lift (in rate points, as a share) a test of this size detects with ``power``.

    Unequal groups are treated as two equal groups of the harmonic-mean size
    ``2 n_t n_c / (n_t + n_c)``; the lift is found by bisection on :func:`power_two_proportions`.

    Parameters
    ----------
    baseline_rate : float
        Response rate without the campaign, strictly between 0 and 1.
    n_treated, n_control : float
        Customers contacted and held out, each greater than zero.
    power : float, default 0.8
        Power wanted, strictly between 0 and 1.
    alpha : float, default 0.05
        Level of the two-sided test.

    Returns
    -------
    float
        The lift as a share (0.03 = 3 points); ``1 - baseline_rate`` if even the largest lift cannot
        reach the power (a test too small to detect anything).

    Raises
    ------
    ValueError
        If a rate is not strictly between 0 and 1 or a group size is not positive.

    Examples
    --------
    >>> round(smallest_detectable_lift(0.09, 1453, 623), 4)
    0.0421
    """
    baseline_rate = check_share(baseline_rate, "baseline_rate", low_open=True, high_open=True)
    n_treated = check_number(n_treated, "n_treated", low=0, low_open=True)
    n_control = check_number(n_control, "n_control", low=0, low_open=True)
    power = check_share(power, "power", low_open=True, high_open=True)
    alpha = check_share(alpha, "alpha", low_open=True, high_open=True)
    effective = 2 * n_treated * n_control / (n_treated + n_control)
    low, high = 0.0, 1.0 - baseline_rate
    top = min(high - 1e-9, 1 - 1e-9 - baseline_rate)
    if power_two_proportions(baseline_rate, baseline_rate + top, effective, alpha) < power:
        return float(high)
    for _ in range(60):  # bisection: 60 halvings reach machine precision
        middle = (low + high) / 2
        reached = middle > 0 and power_two_proportions(baseline_rate, min(baseline_rate + middle, 1 - 1e-9), effective, alpha) >= power
        low, high = (low, middle) if reached else (middle, high)
    return float(high)


def check_plan(plan: CampaignPlan, customers: pd.DataFrame, min_power: float = 0.8) -> pd.DataFrame:
    """Check a campaign plan step by step: what is missing, what is unsound.

    The steps are the textbook's campaign design (:data:`PLAN_STEPS`); each check is a row:

    1. **targets** (audience): the query runs on ``customers``, selects someone, and (if the table
       has ``marketing_opt_in``) only customers who consented to marketing;
    2. **appeal** (content): a theme is stated;
    3. **details** (touch points, content): a channel, a window that ends after it starts, a cost per
       contact; the offer (none is allowed: a message without an offer);
    4. **goals**: a success measure that measures what the campaign causes, a decision rule, both
       written *before* the start; a baseline rate, a target lift and a hold-out large enough to detect
       that lift with ``min_power`` (two groups of the harmonic-mean size); a target lift at least the
       break-even lift (cost per contact plus fixed cost per contact, over the margin of an extra order),
       or a plan that reaches its goal still loses money;
    5. **resources**: a fixed cost (0 is allowed) and an owner.

    Parameters
    ----------
    plan : CampaignPlan
        The plan.
    customers : pandas.DataFrame
        The customer table the audience query runs on (one row per customer, column ``customer_id``
        and the columns the query uses, e.g. the rows of :func:`lifecycle_stages`).
    min_power : float, default 0.8
        Power the hold-out must give for the target lift, strictly between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        One row per check: ``step``, ``element``, ``check``, ``status`` (``"ok"``, ``"missing"`` or
        ``"unsound"``) and ``detail`` (the numbers behind the verdict). The plan passes when every
        status is ``"ok"``.

    Raises
    ------
    ValueError
        If ``plan`` is not a :class:`CampaignPlan`, ``customers`` has no ``customer_id`` column or a
        missing id, or ``min_power`` is not strictly between 0 and 1.

    Examples
    --------
    >>> table = pd.DataFrame({"customer_id": [f"C{i}" for i in range(4000)], "orders": [1, 3] * 2000,
    ...                       "marketing_opt_in": True})
    >>> plan = CampaignPlan("test", audience="orders >= 3", appeal="thanks", channel="sms",
    ...                     start="2025-12-20", end="2025-12-31", cost_per_contact=0.5,
    ...                     primary_measure="incremental_profit", decision_rule="repeat if profit > 0",
    ...                     goals_set_on="2025-12-01", baseline_rate=0.1, target_lift=0.06,
    ...                     holdout_share=0.5, margin_per_response=80, fixed_cost=0, owner="CRM team")
    >>> report = check_plan(plan, table)
    >>> bool(report["status"].eq("ok").all()), len(report)
    (True, 13)
    >>> late = CampaignPlan("test", audience="orders >= 3", goals_set_on="2026-01-05", start="2025-12-20")
    >>> check_plan(late, table).query("check == 'goals written before the start'")["status"].item()
    'unsound'
    """
    if not isinstance(plan, CampaignPlan):
        raise ValueError(f"plan must be a CampaignPlan, got {type(plan).__name__}")
    _check_audience_data(plan.audience, customers)
    min_power = check_share(min_power, "min_power", low_open=True, high_open=True)
    rows: list[dict[str, str]] = []

    def add(step: str, check: str, status: str, detail: str) -> None:
        title, element = PLAN_STEPS[step]
        rows.append({"step": title, "element": element, "check": check, "status": status, "detail": detail})

    # Step 1: the audience, as a query on the data
    audience_size = 0
    if not plan.audience.strip():
        add("targets", "audience selects customers", "missing", "no audience query")
    else:
        selected = _run_audience(plan.audience, customers)
        if isinstance(selected, str):
            add("targets", "audience selects customers", "unsound", selected)
        else:
            audience_size = int(selected["customer_id"].nunique())
            if audience_size == 0:
                add("targets", "audience selects customers", "unsound", f"the query selects 0 of {len(customers)} customers")
            else:
                add("targets", "audience selects customers", "ok", f"{audience_size} of {len(customers)} customers")
            if "marketing_opt_in" in selected.columns:
                refused = int((~bool_column(selected, "marketing_opt_in", "customers")).sum())
                if refused:
                    add("targets", "only customers who consented", "unsound",
                        f"{refused} selected customers did not consent to marketing (marketing_opt_in is False)")
                else:
                    add("targets", "only customers who consented", "ok", "all selected customers consented")
            else:
                add("targets", "only customers who consented", "missing", "the table has no marketing_opt_in column to check consent")

    # Step 2: the appeal
    add("appeal", "appeal stated", "ok" if plan.appeal.strip() else "missing",
        plan.appeal.strip() or "no theme: what benefit does the campaign offer, and why now?")

    # Step 3: touch point, timing, cost, offer
    add("details", "channel chosen", "ok" if plan.channel else "missing", plan.channel or "no channel")
    if plan.start is None or plan.end is None:
        add("details", "window set", "missing", "start and end dates are needed")
    elif plan.end < plan.start:
        add("details", "window set", "unsound", f"the end {plan.end.date()} comes before the start {plan.start.date()}")
    else:
        add("details", "window set", "ok", f"{plan.start.date()} to {plan.end.date()}")
    if plan.cost_per_contact is None:
        add("details", "cost per contact", "missing", "no cost per contact")
    else:
        offer = plan.offer.describe() if plan.offer is not None else "no offer"
        add("details", "cost per contact", "ok", f"{plan.cost_per_contact:.2f} CNY per contact; offer: {offer}")

    # Step 4: goals and success measures, before launch
    if not plan.primary_measure:
        add("goals", "success measure", "missing", "no primary success measure")
    elif SUCCESS_MEASURES[plan.primary_measure]:
        add("goals", "success measure", "ok", f"{plan.primary_measure}, against the hold-out")
    else:
        add("goals", "success measure", "unsound",
            f"{plan.primary_measure} counts what would have happened anyway; measure against the hold-out")
    add("goals", "decision rule", "ok" if plan.decision_rule.strip() else "missing",
        plan.decision_rule.strip() or "no rule says what the result will decide")
    if plan.goals_set_on is None or plan.start is None:
        add("goals", "goals written before the start", "missing", "the day the goals were set and the start are both needed")
    elif plan.goals_set_on >= plan.start:
        add("goals", "goals written before the start", "unsound",
            f"goals set on {plan.goals_set_on.date()}, the campaign starts {plan.start.date()}: a goal set after the fact")
    else:
        add("goals", "goals written before the start", "ok", f"set on {plan.goals_set_on.date()}")
    sizes_known = plan.baseline_rate is not None and plan.target_lift is not None and plan.holdout_share is not None
    n_control = round((plan.holdout_share or 0) * audience_size)
    n_treated = audience_size - n_control
    if not sizes_known:
        add("goals", "hold-out detects the target lift", "missing", "baseline rate, target lift and hold-out share are all needed")
    elif not 0 < plan.baseline_rate < 1 or plan.target_lift <= 0 or plan.baseline_rate + plan.target_lift >= 1:
        add("goals", "hold-out detects the target lift", "unsound",
            "the baseline rate must lie between 0 and 1 and the target lift above 0, with their sum below 1")
    elif n_control < 1 or n_treated < 1:
        add("goals", "hold-out detects the target lift", "unsound" if audience_size else "missing",
            f"{n_treated} contacted and {n_control} held out: both groups need customers")
    else:
        effective = 2 * n_treated * n_control / (n_treated + n_control)
        power = power_two_proportions(plan.baseline_rate, plan.baseline_rate + plan.target_lift, effective)
        smallest = smallest_detectable_lift(plan.baseline_rate, n_treated, n_control, power=min_power)
        detail = (f"{n_treated} contacted, {n_control} held out: power {power:.2f} for a lift of "
                  f"{100 * plan.target_lift:.1f} points; the smallest lift detectable with power {min_power:.2f} is "
                  f"{100 * smallest:.1f} points")
        add("goals", "hold-out detects the target lift", "ok" if power >= min_power else "unsound", detail)
    if plan.margin_per_response is None or plan.target_lift is None or plan.cost_per_contact is None:
        add("goals", "target lift pays", "missing", "target lift, cost per contact and margin per extra order are needed")
    elif plan.margin_per_response == 0:
        add("goals", "target lift pays", "unsound", "an extra order earns nothing: no lift pays")
    else:
        fixed_share = (plan.fixed_cost or 0.0) / n_treated if n_treated > 0 else 0.0
        needed = break_even_rate(plan.cost_per_contact + fixed_share, plan.margin_per_response)
        detail = (f"break-even lift {100 * needed:.1f} points ({plan.cost_per_contact + fixed_share:.2f} CNY per contact / "
                  f"{plan.margin_per_response:.2f} CNY per extra order); target {100 * plan.target_lift:.1f} points")
        add("goals", "target lift pays", "ok" if plan.target_lift >= needed else "unsound", detail)

    # Step 5: resources
    add("resources", "fixed cost budgeted", "ok" if plan.fixed_cost is not None else "missing",
        f"{plan.fixed_cost:,.0f} CNY" if plan.fixed_cost is not None else "no fixed cost (design, staff); write 0 if none")
    add("resources", "owner named", "ok" if plan.owner.strip() else "missing",
        plan.owner.strip() or "nobody is named to prepare and run the campaign")
    return pd.DataFrame(rows, columns=["step", "element", "check", "status", "detail"])
