"""The member programme of the data world: its tiers and its rules (ground truth).

The ``membership`` family of tables (:mod:`crmkit.synth.membership`) was made
with these rules; a lab that explains the programme reads them here.

Examples
--------
>>> from crmkit.world.membership import PARAMS, TIERS
>>> TIERS
('member', 'silver', 'gold', 'diamond')
>>> PARAMS.gold_threshold
1500.0
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["TIERS", "MembershipParams", "PARAMS"]

TIERS = ("member", "silver", "gold", "diamond")


@dataclass(frozen=True)
class MembershipParams:
    """Ground-truth parameters of the member programme."""

    p_join_first_order: float = field(default=0.55, metadata={"help": "chance a buyer joins at her first order"})
    p_join_later_order: float = field(default=0.25, metadata={"help": "chance a buyer not yet a member joins at each later order"})
    p_join_non_buyer: float = field(default=0.05, metadata={"help": "chance a registered non-buyer joins on her sign-up day"})
    silver_threshold: float = field(default=500.0, metadata={"help": "growth value (CNY spent in 365 days) for silver"})
    gold_threshold: float = field(default=1500.0, metadata={"help": "growth value for gold (CNY)"})
    diamond_threshold: float = field(default=4000.0, metadata={"help": "growth value for diamond (CNY)"})
    earn_rate: float = field(default=1.0, metadata={"help": "points per CNY paid, before the tier multiplier"})
    multipliers: tuple = field(default=(1.0, 1.2, 1.5, 2.0), metadata={"help": "points multiplier of member, silver, gold, diamond"})
    welcome_bonus: int = field(default=200, metadata={"help": "bonus points on joining"})
    review_points: int = field(default=20, metadata={"help": "interaction points for reviewing an order"})
    p_review: float = field(default=0.30, metadata={"help": "chance a member reviews an order"})
    referral_points: int = field(default=500, metadata={"help": "points to the referrer at the referred customer's first order"})
    p_redeem: float = field(default=0.45, metadata={"help": "chance a member who can afford a reward redeems at an order"})
    point_value: float = field(default=0.01, metadata={"help": "face value of one point (CNY)"})
    p_incident: float = field(default=0.025, metadata={"help": "base chance an order has a quality incident"})
    incident_last_order_lift: float = field(default=3.0, metadata={"help": "how many times likelier an incident is on an order after which the customer never bought again"})
    survey_size: int = field(default=800, metadata={"help": "buyers sampled for the October 2025 loyalty survey"})


PARAMS = MembershipParams()
