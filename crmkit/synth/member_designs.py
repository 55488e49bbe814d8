"""Member-programme designs typical of platform shops: an ILLUSTRATIVE table, not any real shop's data.

Chapter 5's skill "examine shops' member systems" (查看淘宝店铺的会员体系) asks a
student to read a shop's member tiers, thresholds, benefits and communication
policy and judge them. Real shops' rules change often and are not published as
data, so this family writes a small, fixed table of four *invented* designs in
the styles one meets on Taobao and Tmall shop pages (店铺会员, VIP1-VIP4). No
row describes a real shop; the numbers are chosen to be plausible and to
differ in instructive ways:

- **A, spend club with price benefits** (Tmall VIP style): four tiers by the
  last 12 months' spend, member prices (会员价) that deepen with the tier,
  free shipping from VIP3, points at 1 per CNY.
- **B, points ladder with service benefits**: three tiers by *growth points*
  (成长值) earned at 2 per CNY of spend, so a 1,000-point threshold is a
  500 CNY spend; small price benefits, free shipping and birthday gifts.
- **C, a small elite tier** (restricted top, 限制型 in spirit): an open entry
  tier and one tier from 2,000 CNY with a 10% member price, triple points,
  large coupons and exclusive tasting events (专享权益).
- **D, easy tiers and heavy messaging**: low thresholds, modest benefits
  and 14 messages a month, the communication policy a customer calls spam.

How the table is read (the chapter's criteria):

- the **spend needed** for a tier is ``threshold`` CNY when ``threshold_basis``
  is ``spend_12m``, and ``threshold / points_per_cny`` CNY when it is
  ``points_12m`` (growth points are base points, before any tier multiplier);
- the **benefit cost** of a customer with yearly spend *s* and *n* orders in a
  tier, at face value (every point, coupon and gift used: an upper bound;
  breakage makes the real cost lower), is
  ``s x member_discount + s x points_per_cny x points_multiplier x point_value_cny
  + free_shipping x n x shipping_cost_per_order + birthday_gift_cny + coupons_cny_per_year``;
  exclusive events are a fixed cost of the shop and are not included;
- the **touch points per month** (触点) of a tier are
  ``sms_per_month + push_per_month + email_per_month``.

``crmkit.programme.score_designs`` applies these rules to customers' spend.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmkit.synth._base import Column, TableSpec

FAMILY = "member_designs"
REQUIRES: tuple[str, ...] = ()


@dataclass(frozen=True)
class MemberDesignParams:
    """What the illustrative table assumes besides its rows."""

    shipping_cost_per_order: float = field(default=8.0, metadata={
        "help": "what free shipping costs the shop per parcel (CNY); the default of programme.score_designs"})
    illustrative: bool = field(default=True, metadata={
        "help": "the designs are invented, typical of platform shops; no row is a real shop's data"})


PARAMS = MemberDesignParams()

_COLUMNS = ("design", "design_name", "tier_rank", "tier", "threshold_basis", "threshold", "points_per_cny",
            "point_value_cny", "points_multiplier", "member_discount", "free_shipping", "birthday_gift_cny",
            "coupons_cny_per_year", "exclusive_events_per_year", "channels", "sms_per_month", "push_per_month",
            "email_per_month")

_A = "A: spend club, price benefits"
_B = "B: points ladder, service benefits"
_C = "C: small elite tier"
_D = "D: easy tiers, heavy messaging"
_A_CHANNELS = "member zone; SMS; app push"
_B_CHANNELS = "member zone; parcel leaflet; app push; customer service"
_C_CHANNELS = "parcel leaflet; customer service; e-mail"
_D_CHANNELS = "SMS; app push; e-mail"

#: The rows, one per design and tier (columns as in ``_COLUMNS``).
DESIGNS = (
    ("A", _A, 1, "VIP1", "spend_12m", 0, 1, 0.01, 1.0, 0.00, False, 0, 0, 0, _A_CHANNELS, 1, 2, 0),
    ("A", _A, 2, "VIP2", "spend_12m", 300, 1, 0.01, 1.0, 0.02, False, 0, 10, 0, _A_CHANNELS, 1, 2, 0),
    ("A", _A, 3, "VIP3", "spend_12m", 1000, 1, 0.01, 1.5, 0.05, True, 10, 30, 1, _A_CHANNELS, 2, 2, 0),
    ("A", _A, 4, "VIP4", "spend_12m", 3000, 1, 0.01, 2.0, 0.08, True, 30, 60, 2, _A_CHANNELS, 2, 4, 1),
    ("B", _B, 1, "member", "points_12m", 0, 2, 0.005, 1.0, 0.00, False, 5, 0, 0, _B_CHANNELS, 1, 4, 0),
    ("B", _B, 2, "silver", "points_12m", 1000, 2, 0.005, 1.2, 0.00, True, 15, 20, 1, _B_CHANNELS, 1, 4, 0),
    ("B", _B, 3, "gold", "points_12m", 4000, 2, 0.005, 1.5, 0.03, True, 40, 50, 4, _B_CHANNELS, 1, 4, 0),
    ("C", _C, 1, "member", "spend_12m", 0, 1, 0.01, 1.0, 0.00, False, 0, 0, 0, _C_CHANNELS, 0, 1, 0),
    ("C", _C, 2, "black card", "spend_12m", 2000, 1, 0.01, 3.0, 0.10, True, 50, 100, 6, _C_CHANNELS, 1, 2, 2),
    ("D", _D, 1, "fan", "spend_12m", 0, 1, 0.01, 1.0, 0.00, False, 0, 5, 0, _D_CHANNELS, 4, 8, 2),
    ("D", _D, 2, "friend", "spend_12m", 200, 1, 0.01, 1.0, 0.03, True, 5, 10, 0, _D_CHANNELS, 4, 8, 2),
    ("D", _D, 3, "family", "spend_12m", 800, 1, 0.01, 1.0, 0.05, True, 10, 20, 0, _D_CHANNELS, 4, 8, 2),
)

SPECS = (
    TableSpec(
        name="member_programme_designs",
        title="Member-programme designs, illustrative (会员体系设计示例)",
        description="ILLUSTRATIVE, not real shops' data: four invented member-programme designs in the styles of "
                    "Taobao/Tmall shops, one row per design and tier, with thresholds, benefits and communication policy.",
        columns=(
            Column("design", "category", "Design letter, A to D."),
            Column("design_name", "category", "Short name of the design."),
            Column("tier_rank", "int64", "1 for the entry tier, then upwards."),
            Column("tier", "category", "Tier name as the shop page shows it (会员等级)."),
            Column("threshold_basis", "category", "spend_12m: threshold in CNY of the last 12 months' spend; "
                                                  "points_12m: in growth points earned in the last 12 months."),
            Column("threshold", "float64", "Minimum to reach the tier, in the unit of threshold_basis; 0 for the entry tier.",
                   "CNY or points"),
            Column("points_per_cny", "float64", "Points earned per CNY of spend, before the tier multiplier "
                                                "(also the growth points per CNY for points_12m).", "points/CNY"),
            Column("point_value_cny", "float64", "Face value of one point when redeemed.", "CNY"),
            Column("points_multiplier", "float64", "Tier multiplier on points earned (会员等级积分)."),
            Column("member_discount", "float64", "Member price (会员价): share off the list price, 0.05 = 5% off.", "share"),
            Column("free_shipping", "bool", "Free shipping on every order of the tier (服务权益)."),
            Column("birthday_gift_cny", "float64", "Value of the birthday gift, once a year.", "CNY"),
            Column("coupons_cny_per_year", "float64", "Face value of the coupons a member of the tier gets in a year.", "CNY"),
            Column("exclusive_events_per_year", "int64", "Member-only events or early-access sales a year (专享权益)."),
            Column("channels", "category", "How the programme tells members (会员传播方式), semicolon-separated."),
            Column("sms_per_month", "int64", "SMS messages a member of the tier receives a month.", "messages"),
            Column("push_per_month", "int64", "App push messages a month.", "messages"),
            Column("email_per_month", "int64", "E-mails a month.", "messages"),
        ),
        notes=__doc__,
    ),
)


def generate(rng: np.random.Generator, tables: dict[str, pd.DataFrame],
             params: MemberDesignParams = PARAMS) -> dict[str, pd.DataFrame]:
    """Return the fixed table of illustrative designs (``rng`` is not used: nothing here is random)."""
    frame = pd.DataFrame(list(DESIGNS), columns=list(_COLUMNS))
    for column in ("threshold", "points_per_cny", "point_value_cny", "points_multiplier", "member_discount",
                   "birthday_gift_cny", "coupons_cny_per_year"):
        frame[column] = frame[column].astype(float)
    return {"member_programme_designs": frame}
