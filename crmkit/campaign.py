"""CRM marketing (CRM营销): campaign ROI, offers, lifecycle stages and campaign accounts.

Chapter 6 of the workbook uses these functions. They come in four groups:

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
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

# Moved to their own modules; still importable from here.
from crmkit._checks import (
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
