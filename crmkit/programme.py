"""The member programme (会员体系) of Chapter 5: monitor it, account for its points, design it.

- **Monitoring**: :func:`member_kpis`, :func:`assign_tiers`, :func:`tier_mix`,
  :func:`tier_reach` and :func:`threshold_for_share`;
- **Examining member systems** (查看会员体系): :func:`score_designs` scores
  programme designs (tiers, thresholds, benefits, communication policy) on
  the shop's own customers;
- **Points accounting** (IFRS 15): :func:`allocate_points` and :func:`points_revenue`;
- **Designing a programme**: :class:`ProgrammeRules`, :class:`ProgrammeAssumptions`,
  :func:`simulate_programme` and :func:`compare_programmes`.

The names are also available from :mod:`crmkit.loyalty`, their first home.
Every function raises ``ValueError`` naming the argument at fault.

Examples
--------
>>> from crmkit import programme
>>> programme.allocate_points(100_000, 10_000, 1.0, 0.95)
(91324.2, 8675.8)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from crmkit._checks import (
    as_float_array,
    as_whole_array,
    bool_column,
    check_choice,
    check_column_names,
    label_column,
    same_length,
    check_whole,
    date_column,
    id_column,
    number_column,
    require_columns,
)
from crmkit._checks import check_number as _check_number

__all__ = [
    "member_kpis",
    "assign_tiers",
    "tier_mix",
    "tier_reach",
    "threshold_for_share",
    "score_designs",
    "allocate_points",
    "points_revenue",
    "ProgrammeRules",
    "ProgrammeAssumptions",
    "simulate_programme",
    "compare_programmes",
]


# ---------------------------------------------------------------------------
# Monitoring the member programme
# ---------------------------------------------------------------------------

def member_kpis(members: pd.DataFrame, orders: pd.DataFrame, active_days: int = 90, lapse_days: int = 365,
                join_date: str = "join_date", customer: str = "customer_id", date: str = "order_date",
                amount: str = "amount") -> pd.DataFrame:
    """The textbook's four monitoring KPIs of a member programme, by calendar month.

    For each month:

    - ``new_member_rate`` (会员新增率): members who joined in the month / members at its start;
    - ``member_sales_share`` (会员消费占比): sales of orders placed by members (joined on or
      before the order day) / all sales in the month;
    - ``member_activity`` (会员活跃度): members with an order in the ``active_days`` to the
      month's end / members at the month's end;
    - ``member_churn`` (会员流失率): of members who, at the month's start, had bought within
      ``lapse_days``, the share whose last purchase was more than ``lapse_days`` old by the month's end.

    Returns
    -------
    pandas.DataFrame
        Index: month (Period); columns ``members``, ``new_members``, the four rates.

    Examples
    --------
    >>> members = pd.DataFrame({"customer_id": ["a", "b"], "join_date": pd.to_datetime(["2024-01-02", "2024-02-03"])})
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "c"], "amount": [100.0, 50.0, 50.0],
    ...     "order_date": pd.to_datetime(["2024-01-02", "2024-02-03", "2024-02-04"])})
    >>> kpis = member_kpis(members, orders)
    >>> kpis[["members", "new_members", "new_member_rate", "member_sales_share"]].round(2).to_dict("list")
    {'members': [1, 2], 'new_members': [1, 1], 'new_member_rate': [nan, 1.0], 'member_sales_share': [1.0, 0.5]}
    """
    check_column_names(join_date=join_date, customer=customer, date=date, amount=amount)
    require_columns(members, [customer, join_date], "members")
    require_columns(orders, [customer, date, amount], "orders")
    active_days = check_whole(active_days, "active_days", low=1)
    lapse_days = check_whole(lapse_days, "lapse_days", low=1)
    id_column(members, customer, "members")
    id_column(orders, customer, "orders")
    orders = orders.assign(**{amount: number_column(orders, amount, "orders")})
    joined = pd.Series(date_column(members, join_date, "members").to_numpy(), index=members[customer].to_numpy())
    if joined.index.duplicated().any():
        raise ValueError(f"members[{customer!r}] has duplicate customers")
    order_days = date_column(orders, date, "orders")
    months = pd.period_range(order_days.min().to_period("M"), order_days.max().to_period("M"), freq="M")
    member_orders = orders.assign(_day=order_days, _joined=orders[customer].map(joined))
    member_orders["_is_member"] = member_orders["_joined"].notna() & (member_orders["_day"] >= member_orders["_joined"])
    rows = []
    for month in months:
        start, end = month.start_time, month.end_time.normalize()
        at_start = int((joined < start).sum())
        at_end = int((joined <= end).sum())
        new = at_end - at_start
        in_month = member_orders[(member_orders["_day"] >= start) & (member_orders["_day"] <= end)]
        sales = in_month[amount].sum()
        member_sales = in_month.loc[in_month["_is_member"], amount].sum()
        known = member_orders[member_orders[customer].isin(joined.index[joined <= end])]
        last_by_end = known[known["_day"] <= end].groupby(customer)["_day"].max()
        active = int((last_by_end > end - pd.Timedelta(days=active_days)).sum())
        members_at_start = joined.index[joined < start]
        last_by_start = known[(known["_day"] < start) & known[customer].isin(members_at_start)].groupby(customer)["_day"].max()
        at_risk = last_by_start[last_by_start >= start - pd.Timedelta(days=lapse_days)].index
        lapsed = last_by_end.reindex(at_risk) < end - pd.Timedelta(days=lapse_days)
        rows.append({
            "month": month,
            "members": at_end,
            "new_members": new,
            "new_member_rate": new / at_start if at_start else np.nan,
            "member_sales_share": member_sales / sales if sales else np.nan,
            "member_activity": active / at_end if at_end else np.nan,
            "member_churn": float(lapsed.mean()) if len(at_risk) else np.nan,
        })
    return pd.DataFrame(rows).set_index("month")


def _check_thresholds(thresholds) -> list[tuple[str, float]]:
    if isinstance(thresholds, dict):
        thresholds = list(thresholds.items())
    try:
        pairs = [(str(name), float(value)) for name, value in thresholds]
    except (TypeError, ValueError) as error:
        raise ValueError("thresholds must be (tier name, minimum growth value) pairs") from error
    if not pairs:
        raise ValueError("thresholds must name at least one tier")
    values = [value for _, value in pairs]
    if values[0] != 0:
        raise ValueError(f"thresholds must start at 0 (the entry tier), got {values[0]}")
    if any(b <= a for a, b in zip(values, values[1:])):
        raise ValueError(f"thresholds must increase strictly, got {values}")
    return pairs


def assign_tiers(growth: ArrayLike, thresholds: Any) -> pd.Categorical:
    """Tier of each member from her growth value (成长值) and the tier thresholds.

    Parameters
    ----------
    growth : array-like
        Growth value per member (e.g. spend in the last 365 days), >= 0.
    thresholds : dict or list of (name, minimum)
        Tiers from the lowest, whose minimum must be 0, e.g.
        ``{"member": 0, "silver": 500, "gold": 1500, "diamond": 4000}``.

    Examples
    --------
    >>> list(assign_tiers([0, 499, 500, 5000], {"member": 0, "silver": 500, "gold": 1500}))
    ['member', 'member', 'silver', 'gold']
    """
    pairs = _check_thresholds(thresholds)
    values = as_float_array(growth, "growth")
    if (values < 0).any():
        raise ValueError("growth must be >= 0")
    names = [name for name, _ in pairs]
    cuts = np.array([value for _, value in pairs])
    codes = np.searchsorted(cuts, values, side="right") - 1
    return pd.Categorical.from_codes(codes, categories=names, ordered=True)


def tier_mix(growth: ArrayLike, thresholds: Any) -> pd.Series:
    """Share of members in each tier (各等级会员占比).

    Examples
    --------
    >>> tier_mix([0, 100, 600, 2000], {"member": 0, "silver": 500, "gold": 1500}).tolist()
    [0.5, 0.25, 0.25]
    """
    tiers = assign_tiers(growth, thresholds)
    return pd.Series(tiers).value_counts(normalize=True, sort=False).rename("share")


def tier_reach(growth: ArrayLike, thresholds: Any) -> pd.Series:
    """Share of members whose growth value reaches each tier's minimum (达到各等级的比例).

    Unlike :func:`tier_mix` (the share *in* each tier), a tier's reach counts
    everyone at or above its threshold, so it falls from 1 (the entry tier) upwards.

    Examples
    --------
    >>> tier_reach([0, 100, 600, 2000], {"member": 0, "silver": 500, "gold": 1500}).tolist()
    [1.0, 0.5, 0.25]
    """
    mix = tier_mix(growth, thresholds)
    return mix[::-1].cumsum()[::-1].rename("reach")


def threshold_for_share(growth: ArrayLike, share: float) -> float:
    """The growth value that about ``share`` of members reach: a top-tier threshold.

    It is the ``1 - share`` quantile of growth values; with ties the share
    reaching it can be a little above ``share``.

    Examples
    --------
    >>> threshold_for_share(range(1, 101), 0.05)
    95.05
    """
    values = as_float_array(growth, "growth")
    if values.size == 0:
        raise ValueError("growth is empty")
    share = _check_number(share, "share", low=0.0, high=1.0, low_open=True)
    return float(np.quantile(values, 1 - share))


# ---------------------------------------------------------------------------
# Examining member systems: score designs on the shop's customers
# ---------------------------------------------------------------------------

#: The columns :func:`score_designs` reads from a design table (datasets/member_programme_designs.csv).
DESIGN_COLUMNS = ("design", "tier_rank", "tier", "threshold_basis", "threshold", "points_per_cny", "point_value_cny",
                  "points_multiplier", "member_discount", "free_shipping", "birthday_gift_cny", "coupons_cny_per_year",
                  "sms_per_month", "push_per_month", "email_per_month")


def score_designs(designs: pd.DataFrame, spend: ArrayLike, order_counts: ArrayLike,
                  shipping_cost: float = 8.0) -> pd.DataFrame:
    """Score member-programme designs tier by tier on the shop's own customers.

    The chapter's three criteria, for each design and tier:

    - **reach** (达到比例): share of the customers whose yearly spend reaches the
      tier; the spend needed is ``threshold`` CNY (``threshold_basis`` =
      ``"spend_12m"``) or ``threshold / points_per_cny`` CNY (``"points_12m"``);
    - **benefit cost as a share of spend** (权益成本占消费额比例), at face value
      (every point, coupon and gift used; an upper bound, breakage lowers it):
      per customer in the tier ``spend x member_discount + spend x points_per_cny
      x points_multiplier x point_value_cny + free_shipping x orders x shipping_cost
      + birthday_gift_cny + coupons_cny_per_year``, summed over the tier's
      customers and divided by their spend;
    - **touch points per month** (每月触点): ``sms_per_month + push_per_month + email_per_month``.

    Parameters
    ----------
    designs : pandas.DataFrame
        One row per design and tier with the columns of :data:`DESIGN_COLUMNS`
        (as in ``datasets/member_programme_designs.csv``); each design's entry
        tier has threshold 0 and thresholds rise with ``tier_rank``.
    spend : array-like
        Each customer's spend in a year (CNY), >= 0.
    order_counts : array-like
        Each customer's number of orders in the same year (whole numbers >= 0),
        same length as ``spend``; it prices free shipping.
    shipping_cost : float
        What free shipping costs the shop per order (CNY), >= 0.

    Returns
    -------
    pandas.DataFrame
        One row per design and tier, in the order of ``designs``: ``design``,
        ``tier_rank``, ``tier``, ``threshold_cny``, ``reach``, ``share`` (in the
        tier), ``customers``, ``spend``, ``benefit_cost``, ``cost_share``
        (NaN for a tier nobody is in) and ``touch_points_per_month``.

    Examples
    --------
    >>> designs = pd.DataFrame({"design": ["X", "X"], "tier_rank": [1, 2], "tier": ["member", "gold"],
    ...     "threshold_basis": ["points_12m"] * 2, "threshold": [0.0, 1000.0], "points_per_cny": [2.0, 2.0],
    ...     "point_value_cny": [0.005, 0.005], "points_multiplier": [1.0, 1.5], "member_discount": [0.0, 0.05],
    ...     "free_shipping": [False, True], "birthday_gift_cny": [0.0, 20.0], "coupons_cny_per_year": [0.0, 30.0],
    ...     "sms_per_month": [1, 2], "push_per_month": [2, 2], "email_per_month": [0, 1]})
    >>> table = score_designs(designs, spend=[100.0, 400.0, 1000.0], order_counts=[1, 2, 5])
    >>> table[["tier", "threshold_cny", "reach", "benefit_cost", "touch_points_per_month"]].round(3).to_dict("list")
    {'tier': ['member', 'gold'], 'threshold_cny': [0.0, 500.0], 'reach': [1.0, 0.333], 'benefit_cost': [5.0, 155.0], 'touch_points_per_month': [3.0, 5.0]}
    """
    require_columns(designs, DESIGN_COLUMNS, "designs", allow_empty=False)
    spend_values = as_float_array(spend, "spend", low=0.0)
    orders_values = as_whole_array(order_counts, "order_counts")
    same_length(spend=spend_values, order_counts=orders_values)
    if spend_values.ndim != 1 or spend_values.size == 0:
        raise ValueError("spend must be a non-empty list of customers' yearly spend")
    shipping_cost = _check_number(shipping_cost, "shipping_cost", low=0.0)
    label_column(designs, "design", "designs")
    label_column(designs, "tier", "designs")
    for value in designs["threshold_basis"]:
        check_choice(value, "designs['threshold_basis']", ["spend_12m", "points_12m"])
    numbers = {column: number_column(designs, column, "designs", low=0.0).to_numpy()
               for column in ("tier_rank", "threshold", "points_per_cny", "point_value_cny", "points_multiplier",
                              "member_discount", "birthday_gift_cny", "coupons_cny_per_year", "sms_per_month",
                              "push_per_month", "email_per_month")}
    if (numbers["member_discount"] >= 1).any():
        raise ValueError(f"designs['member_discount'] is a share off the price and must be below 1: "
                         f"{int((numbers['member_discount'] >= 1).sum())} of {len(designs)} rows are not")
    free_shipping = bool_column(designs, "free_shipping", "designs").to_numpy()
    by_points = (designs["threshold_basis"] == "points_12m").to_numpy()
    if (by_points & (numbers["points_per_cny"] <= 0)).any():
        raise ValueError("designs['points_per_cny'] must be > 0 where threshold_basis is points_12m: "
                         f"{int((by_points & (numbers['points_per_cny'] <= 0)).sum())} of {len(designs)} rows are not")
    threshold_cny = np.where(by_points, numbers["threshold"] / np.where(by_points, numbers["points_per_cny"], 1.0),
                             numbers["threshold"])
    rows = []
    for design, positions in designs.groupby("design", sort=False, observed=True).indices.items():
        positions = positions[np.argsort(numbers["tier_rank"][positions], kind="stable")]
        pairs = [(str(designs["tier"].iloc[i]), float(threshold_cny[i])) for i in positions]
        try:
            _check_thresholds(pairs)
        except ValueError as error:
            raise ValueError(f"designs: design {design!r} has bad thresholds in CNY: {error}") from None
        tiers = assign_tiers(spend_values, pairs)
        reach = tier_reach(spend_values, pairs)
        for code, i in enumerate(positions):
            inside = tiers.codes == code
            tier_spend = spend_values[inside]
            cost = (tier_spend * numbers["member_discount"][i]
                    + tier_spend * numbers["points_per_cny"][i] * numbers["points_multiplier"][i] * numbers["point_value_cny"][i]
                    + float(free_shipping[i]) * orders_values[inside] * shipping_cost
                    + numbers["birthday_gift_cny"][i] + numbers["coupons_cny_per_year"][i]).sum()
            total = float(tier_spend.sum())
            rows.append({
                "design": design, "tier_rank": int(numbers["tier_rank"][i]), "tier": pairs[code][0],
                "threshold_cny": float(threshold_cny[i]), "reach": float(reach.iloc[code]),
                "share": float(inside.mean()), "customers": int(inside.sum()), "spend": total,
                "benefit_cost": float(cost), "cost_share": float(cost) / total if total > 0 else np.nan,
                "touch_points_per_month": float(numbers["sms_per_month"][i] + numbers["push_per_month"][i]
                                                + numbers["email_per_month"][i]),
            })
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# IFRS 15 points accounting
# ---------------------------------------------------------------------------

def allocate_points(
    sales: ArrayLike, points: ArrayLike, point_value: ArrayLike, redemption_rate: ArrayLike
) -> tuple[Any, Any]:
    """Split the price of a sale that earns points between the goods and the points (IFRS 15).

    Points that give a material right are a separate performance obligation.
    The transaction price is allocated by relative stand-alone selling prices:
    the goods' price is ``sales``; the points' price is
    ``points x point_value x redemption_rate`` (IFRS 15.B42: the discount,
    weighted by the likelihood of redemption).

    The deferral (the contract liability, 合同负债) covers only the points
    expected to be redeemed. Expected breakage (积分沉淀, ``1 - redemption_rate``)
    is not deferred: it is recognised in step with redemptions (IFRS 15.B46).
    So **higher expected breakage reduces the deferral**; it never raises it.

    Parameters
    ----------
    sales : float or array-like
        Transaction price (and stand-alone price of the goods), > 0.
    points : float or array-like
        Points earned, >= 0.
    point_value : float
        Value of one point when redeemed (CNY), > 0.
    redemption_rate : float
        Expected share of points to be redeemed, in (0, 1].

    Returns
    -------
    tuple
        ``(goods_revenue, deferred_points_revenue)``: revenue now, and the contract
        liability recognised later as points are redeemed. Rounded to 2 decimals.

    Examples
    --------
    IFRS 15 Illustrative Example 52: sales of 100,000 earn 10,000 points worth 1
    each, of which 9,500 (95%) are expected to be redeemed.

    >>> allocate_points(100_000, 10_000, 1.0, 0.95)
    (91324.2, 8675.8)

    With 40% breakage expected instead of 5%, less is deferred:

    >>> allocate_points(100_000, 10_000, 1.0, 0.60)
    (94339.62, 5660.38)
    """
    sales_values = as_float_array(sales, "sales")
    point_values = as_float_array(points, "points")
    if (sales_values <= 0).any():
        raise ValueError("sales must be > 0")
    if (point_values < 0).any():
        raise ValueError("points must be >= 0")
    point_value = _check_number(point_value, "point_value", low=0.0, low_open=True)
    redemption_rate = _check_number(redemption_rate, "redemption_rate", low=0.0, high=1.0, low_open=True)
    points_price = point_values * point_value * redemption_rate
    deferred = sales_values * points_price / (sales_values + points_price)
    goods = sales_values - deferred
    if goods.ndim == 0:
        return round(float(goods), 2), round(float(deferred), 2)
    return np.round(goods, 2), np.round(deferred, 2)


def points_revenue(deferred: ArrayLike, redeemed_to_date: ArrayLike, expected_redemptions: ArrayLike) -> Any:
    """Cumulative revenue recognised for points to date (IFRS 15 cumulative catch-up).

    ``deferred x redeemed_to_date / expected_redemptions``: revenue follows the
    points redeemed as a share of the points *now* expected to be redeemed in
    total. When the estimate is revised, the cumulative figure changes and the
    period's revenue is this cumulative figure minus what was recognised before.

    Parameters
    ----------
    deferred : float
        Price allocated to the points (from :func:`allocate_points`), >= 0.
    redeemed_to_date : float
        Points redeemed so far, >= 0.
    expected_redemptions : float
        Current estimate of the points that will ever be redeemed, > 0 and not
        below ``redeemed_to_date`` (if redemptions passed it, revise it).

    Examples
    --------
    IFRS 15 Illustrative Example 52, years 1 and 2:

    >>> year_1 = points_revenue(8676, 4500, 9500)
    >>> round(year_1)
    4110
    >>> to_date = points_revenue(8676, 8500, 9700)
    >>> round(to_date), round(to_date - year_1)
    (7603, 3493)
    """
    deferred_values = as_float_array(deferred, "deferred")
    redeemed = as_float_array(redeemed_to_date, "redeemed_to_date")
    expected = as_float_array(expected_redemptions, "expected_redemptions")
    if (deferred_values < 0).any():
        raise ValueError("deferred must be >= 0")
    if (redeemed < 0).any():
        raise ValueError("redeemed_to_date must be >= 0")
    if (expected <= 0).any():
        raise ValueError("expected_redemptions must be > 0")
    if (redeemed > expected).any():
        raise ValueError("expected_redemptions is below redeemed_to_date: revise the estimate of total redemptions")
    revenue = deferred_values * redeemed / expected
    return float(revenue) if revenue.ndim == 0 else revenue


# ---------------------------------------------------------------------------
# Designing a programme
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ProgrammeRules:
    """The rules of a member programme, as the shop publishes them.

    Attributes
    ----------
    name : str
        A label for tables and charts.
    tiers : tuple of (name, minimum growth value)
        From the entry tier (minimum 0) up; growth value = a year's spend.
    multipliers : tuple of float
        Points multiplier of each tier (等级积分), same length as ``tiers``.
    earn_rate : float
        Points per CNY of spend (固定换算).
    earn_bands : tuple of (from CNY, rate) or None
        Tiered conversion (多级换算) instead of ``earn_rate``: each rate applies
        to the part of a year's spend above its "from", e.g. ``((0, 1), (2000, 2))``.
    welcome_bonus : int
        Points for joining (额外奖励积分), paid to each new member.
    interaction_points : int
        Points per interaction (review, check-in: 互动积分).
    referral_points : int
        Points per successful referral (推广积分).
    point_value : float
        Face value of a point in CNY when redeemed.
    reward_cost_ratio : float
        What a reward costs the shop per CNY of face value (gifts at cost < 1; cash offsets = 1).
    """

    name: str = "programme"
    tiers: tuple = (("member", 0.0), ("silver", 500.0), ("gold", 1500.0), ("diamond", 4000.0))
    multipliers: tuple = (1.0, 1.2, 1.5, 2.0)
    earn_rate: float = 1.0
    earn_bands: tuple | None = None
    welcome_bonus: int = 200
    interaction_points: int = 20
    referral_points: int = 500
    point_value: float = 0.01
    reward_cost_ratio: float = 0.6

    def __post_init__(self) -> None:
        _check_thresholds(self.tiers)
        if len(self.multipliers) != len(self.tiers):
            raise ValueError(f"multipliers must give one value per tier ({len(self.tiers)}), got {len(self.multipliers)}")
        for value in self.multipliers:
            _check_number(value, "multipliers", low=0.0)
        _check_number(self.earn_rate, "earn_rate", low=0.0)
        if self.earn_bands is not None:
            _check_thresholds([(f"band {i}", start) for i, (start, _rate) in enumerate(self.earn_bands)])
            for _start, rate in self.earn_bands:
                _check_number(rate, "earn_bands", low=0.0)
        for name in ("welcome_bonus", "interaction_points", "referral_points"):
            _check_number(getattr(self, name), name, low=0.0)
        _check_number(self.point_value, "point_value", low=0.0, low_open=True)
        _check_number(self.reward_cost_ratio, "reward_cost_ratio", low=0.0, high=1.0)


@dataclass(frozen=True)
class ProgrammeAssumptions:
    """How members are assumed to behave: the numbers a designer argues about.

    Attributes
    ----------
    redemption_rate : float
        Share of points ever redeemed; 1 - breakage (沉淀). Short expiry and
        dull rewards lower it, and with it the revenue deferred for points.
    redeemed_in_year : float
        Share of a year's points redeemed within that year (<= redemption_rate).
    interactions_per_member : float
        Interactions rewarded per member a year.
    referrals_per_member : float
        Successful referrals per member a year.
    new_member_share : float
        Share of members who joined this year (and get the welcome bonus).
    spend_lift : float
        Extra spend the programme causes, relative (0.03 = +3%). The most
        important and least known number: test it, do not assume it.
    gross_margin : float
        Margin on the extra spend.
    """

    redemption_rate: float = 0.70
    redeemed_in_year: float = 0.45
    interactions_per_member: float = 1.0
    referrals_per_member: float = 0.05
    new_member_share: float = 0.30
    spend_lift: float = 0.03
    gross_margin: float = 0.40

    def __post_init__(self) -> None:
        _check_number(self.redemption_rate, "redemption_rate", low=0.0, high=1.0, low_open=True)
        _check_number(self.redeemed_in_year, "redeemed_in_year", low=0.0, high=self.redemption_rate)
        _check_number(self.interactions_per_member, "interactions_per_member", low=0.0)
        _check_number(self.referrals_per_member, "referrals_per_member", low=0.0)
        _check_number(self.new_member_share, "new_member_share", low=0.0, high=1.0)
        _check_number(self.spend_lift, "spend_lift", low=-1.0)
        _check_number(self.gross_margin, "gross_margin", low=0.0, high=1.0)


def _base_points(spend: np.ndarray, rules: ProgrammeRules) -> np.ndarray:
    if rules.earn_bands is None:
        return spend * rules.earn_rate
    starts = [float(start) for start, _ in rules.earn_bands] + [np.inf]
    points = np.zeros_like(spend)
    for (start, rate), stop in zip(rules.earn_bands, starts[1:]):
        points += rate * np.clip(spend - float(start), 0.0, stop - float(start))
    return points


def simulate_programme(spend: ArrayLike, rules: ProgrammeRules | None = None,
                       assumptions: ProgrammeAssumptions | None = None) -> pd.Series:
    """Project one year of a member programme from the members' yearly spend.

    Steps: spend rises by ``spend_lift``; each member's tier follows her
    spend; points = base points (fixed or tiered conversion) x tier multiplier,
    plus welcome, interaction and referral points; a share of them is redeemed
    (cost at ``reward_cost_ratio`` of face value), the rest is breakage; the
    points' share of the price is deferred (IFRS 15, :func:`allocate_points`)
    and recognised as points are redeemed (:func:`points_revenue`).

    Parameters
    ----------
    spend : array-like
        Each member's spend in a year without the programme (CNY), >= 0.
    rules : ProgrammeRules, optional
    assumptions : ProgrammeAssumptions, optional

    Returns
    -------
    pandas.Series
        ``members``, ``sales``, ``share_<tier>`` for each tier, ``points_issued``,
        ``points_per_100_cny``, ``reward_cost``, ``cost_pct_sales``,
        ``breakage_points``, ``points_outstanding``, ``deferred_revenue``,
        ``liability_end_of_year``, ``incremental_margin``, ``net_benefit``.
        ``points_outstanding`` (points not yet redeemed, expected breakage
        included) is not the liability: ``liability_end_of_year`` is the deferred
        revenue of the points still *expected* to be redeemed, so higher breakage
        lowers it.

    Examples
    --------
    >>> result = simulate_programme([100.0, 600.0, 2000.0, 5000.0])
    >>> result[["members", "share_diamond", "points_issued"]].round(2).to_dict()
    {'members': 4.0, 'share_diamond': 0.25, 'points_issued': 14654.0}
    >>> round(float(result["cost_pct_sales"]), 4)
    0.0078
    """
    rules = rules or ProgrammeRules()
    assumptions = assumptions or ProgrammeAssumptions()
    if not isinstance(rules, ProgrammeRules):
        raise ValueError(f"rules must be a ProgrammeRules, got {type(rules).__name__}")
    if not isinstance(assumptions, ProgrammeAssumptions):
        raise ValueError(f"assumptions must be a ProgrammeAssumptions, got {type(assumptions).__name__}")
    base_spend = as_float_array(spend, "spend")
    if base_spend.ndim != 1 or base_spend.size == 0:
        raise ValueError("spend must be a non-empty list of members' yearly spend")
    if (base_spend < 0).any():
        raise ValueError("spend must be >= 0")
    members = base_spend.size
    new_spend = base_spend * (1 + assumptions.spend_lift)
    sales = float(new_spend.sum())
    if sales <= 0:
        raise ValueError("spend sums to 0: no sales to earn points on")
    tiers = assign_tiers(new_spend, rules.tiers)
    multipliers = np.asarray(rules.multipliers, dtype=float)[tiers.codes]
    earned = np.floor(_base_points(new_spend, rules) * multipliers).sum()
    extra = members * (assumptions.new_member_share * rules.welcome_bonus
                       + assumptions.interactions_per_member * rules.interaction_points
                       + assumptions.referrals_per_member * rules.referral_points)
    issued = float(earned + extra)
    redeemed_ever = issued * assumptions.redemption_rate
    redeemed_now = issued * assumptions.redeemed_in_year
    reward_cost = redeemed_ever * rules.point_value * rules.reward_cost_ratio
    if issued > 0:
        _goods, deferred = allocate_points(sales, issued, rules.point_value, assumptions.redemption_rate)
        recognised = float(points_revenue(deferred, redeemed_now, redeemed_ever))
    else:
        deferred, recognised = 0.0, 0.0
    incremental_margin = float((new_spend - base_spend).sum() * assumptions.gross_margin)
    result = {"members": float(members), "sales": sales}
    mix = pd.Series(tiers).value_counts(normalize=True, sort=False)
    for name, _minimum in rules.tiers:
        result[f"share_{name}"] = float(mix.get(name, 0.0))
    result.update({
        "points_issued": issued,
        "points_per_100_cny": 100 * issued / sales,
        "reward_cost": reward_cost,
        "cost_pct_sales": reward_cost / sales,
        "breakage_points": issued - redeemed_ever,
        "points_outstanding": issued - redeemed_now,
        "deferred_revenue": float(deferred),
        "liability_end_of_year": float(deferred) - recognised,
        "incremental_margin": incremental_margin,
        "net_benefit": incremental_margin - reward_cost,
    })
    return pd.Series(result, name=rules.name)


def compare_programmes(spend: ArrayLike, candidates: dict) -> pd.DataFrame:
    """Simulate several programmes on the same members, side by side.

    Parameters
    ----------
    spend : array-like
        Members' yearly spend.
    candidates : dict
        ``{label: (ProgrammeRules, ProgrammeAssumptions)}``.

    Returns
    -------
    pandas.DataFrame
        One column per programme, one row per measure of :func:`simulate_programme`.

    Examples
    --------
    >>> plain = ProgrammeRules(name="plain", multipliers=(1, 1, 1, 1))
    >>> table = compare_programmes([100.0, 5000.0], {"A": (ProgrammeRules(), ProgrammeAssumptions()),
    ...                                              "B": (plain, ProgrammeAssumptions())})
    >>> list(table.columns)
    ['A', 'B']
    """
    if not isinstance(candidates, dict) or not candidates:
        raise ValueError("candidates must be a non-empty dict of label: (rules, assumptions)")
    columns = {}
    for label, pair in candidates.items():
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise ValueError(f"candidates[{label!r}] must be a (rules, assumptions) pair")
        columns[label] = simulate_programme(spend, *pair).rename(label)
    return pd.concat(list(columns.values()), axis=1, sort=False)
