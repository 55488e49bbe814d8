"""The customers' information in the data world: life stages and what they buy (ground truth).

The ``customer_info`` family of tables (:mod:`crmkit.synth.customer_info`) was made with these
rules; a lab that compares its estimates with the truth reads them here.

Examples
--------
>>> from crmkit.world.customer_info import PARAMS, category_probabilities
>>> [round(float(p), 3) for p in category_probabilities(PARAMS, "young_family", 3)]
[0.407, 0.239, 0.258, 0.096]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from crmkit._checks import check_choice, check_whole

__all__ = ["CATEGORIES", "LIFE_STAGES", "LIFE_STAGE_BY_AGE", "AGE_BANDS", "DIRECT_CHANNELS", "INDIRECT_CHANNELS",
           "CustomerInfoParams", "PARAMS", "category_probabilities"]

CATEGORIES = ("tea", "teaware", "home", "gift")
LIFE_STAGES = ("single", "couple", "young_family", "older_family", "senior")
#: Probability of each life stage (in the order of LIFE_STAGES) by age band at the end of 2025.
LIFE_STAGE_BY_AGE = {
    "18-24": (0.75, 0.20, 0.05, 0.00, 0.00),
    "25-34": (0.35, 0.25, 0.40, 0.00, 0.00),
    "35-44": (0.12, 0.13, 0.55, 0.20, 0.00),
    "45-54": (0.08, 0.12, 0.15, 0.65, 0.00),
    "55+": (0.00, 0.20, 0.00, 0.20, 0.60),
}
AGE_BANDS = tuple(LIFE_STAGE_BY_AGE)
DIRECT_CHANNELS = ("survey", "service", "campaign", "complaint", "point_of_sale")
INDIRECT_CHANNELS = ("trade_fair", "old_customer_referral", "web_search", "agency")


@dataclass(frozen=True)
class CustomerInfoParams:
    """Ground-truth parameters of the customer-information tables."""

    p_email: float = field(default=0.6, metadata={"help": "share of customers who gave an e-mail address at sign-up"})
    p_profile_consent: float = field(default=0.30, metadata={"help": "chance a customer not opted in to marketing gave profile consent"})
    profile_consent_lift_opt_in: float = field(default=0.30, metadata={"help": "added to that chance for customers opted in to marketing"})
    base_category_share: tuple = field(default=(0.50, 0.25, 0.15, 0.10), metadata={"help": "item shares of tea, teaware, home, gift for a couple in a tier-3 city"})
    single_multipliers: tuple = field(default=(1.0, 1.3, 1.0, 0.75), metadata={"help": "life stage single: multipliers of tea, teaware, home, gift"})
    couple_multipliers: tuple = field(default=(1.0, 1.0, 1.0, 1.0), metadata={"help": "life stage couple: the reference"})
    young_family_multipliers: tuple = field(default=(0.85, 1.0, 1.8, 1.0), metadata={"help": "life stage young_family (children under 14): multipliers"})
    older_family_multipliers: tuple = field(default=(1.0, 1.0, 1.0, 1.5), metadata={"help": "life stage older_family (children 14 or older): multipliers"})
    senior_multipliers: tuple = field(default=(1.4, 0.8, 0.7, 0.85), metadata={"help": "life stage senior (55 or older, children grown up): multipliers"})
    tier12_multipliers: tuple = field(default=(1.0, 1.0, 1.0, 1.4), metadata={"help": "city tiers 1-2: multipliers (more gifts)"})
    tier45_multipliers: tuple = field(default=(1.1, 1.0, 1.0, 0.7), metadata={"help": "city tiers 4-5: multipliers (more tea, fewer gifts)"})
    p_withdraw_marketing: float = field(default=0.15, metadata={"help": "share of customers not opted in who said yes at sign-up and withdrew later"})
    p_move: float = field(default=0.08, metadata={"help": "share of customers who moved house (new address) in 2023-2025"})
    p_move_changes_tier: float = field(default=0.5, metadata={"help": "chance a move also changes the city tier"})
    p_new_phone: float = field(default=0.04, metadata={"help": "share of customers who changed phone"})
    p_new_email: float = field(default=0.05, metadata={"help": "share of customers who changed or added an e-mail"})
    invalid_updates: int = field(default=6, metadata={"help": "deliberately faulty change requests in the batch"})
    n_leads: int = field(default=900, metadata={"help": "contact records collected through the channels"})
    p_lead_is_customer: float = field(default=0.30, metadata={"help": "share of leads who are already customers"})
    p_lead_repeat: float = field(default=0.08, metadata={"help": "share of leads who repeat an earlier lead of a non-customer"})


PARAMS = CustomerInfoParams()


def _multipliers(params: CustomerInfoParams, stage: str) -> np.ndarray:
    return np.asarray(getattr(params, f"{stage}_multipliers"), dtype=float)


def category_probabilities(params: CustomerInfoParams, stage: str, city_tier: int) -> np.ndarray:
    """Item-category probabilities (tea, teaware, home, gift) of a life stage in a city tier.

    Examples
    --------
    >>> [round(float(p), 3) for p in category_probabilities(PARAMS, "couple", 3)]
    [0.5, 0.25, 0.15, 0.1]
    """
    if not isinstance(params, CustomerInfoParams):
        raise ValueError(f"params must be a CustomerInfoParams record, got {type(params).__name__}")
    stage = check_choice(stage, "stage", LIFE_STAGES)
    city_tier = check_whole(city_tier, "city_tier", low=1, high=5)
    weights = np.asarray(params.base_category_share, dtype=float) * _multipliers(params, stage)
    if city_tier <= 2:
        weights = weights * np.asarray(params.tier12_multipliers, dtype=float)
    elif city_tier >= 4:
        weights = weights * np.asarray(params.tier45_multipliers, dtype=float)
    return weights / weights.sum()
