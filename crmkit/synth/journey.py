"""The customer journey (客户旅程): from browsing to a review, with a rating at every touchpoint.

Chapter 8's experience lab. In September 2025 Yuchuan Tea & Home recruited a panel
of visitors (an on-site intercept invitation with a small thank-you coupon) and
followed each one's journey through eight steps, in this order (see
:data:`crmkit.service.JOURNEY_STEPS`):

browse → product_page → add_to_cart → checkout → payment → delivery → receipt → review

At each step the visitor reached, a one-question pop-up or message asked for a
1–5 rating of that touchpoint (触点). The ground truth is :data:`PARAMS`.

1. **Halo.** Every visitor has a general mood (a normal *halo* with standard
   deviation ``halo_sd``) that lifts or lowers all their ratings together, as in
   real surveys. So every touchpoint rating is correlated with the overall
   rating, whether or not the touchpoint matters.
2. **Touchpoint ratings.** The rating of touchpoint *k* is
   ``touchpoint_means[k]`` + halo + normal noise (``rating_noise_sd``), rounded
   and clipped to 1–5. Checkout has the lowest mean (coupon-stacking rules and
   address forms annoy people); payment and add-to-cart the highest.
3. **Drop-off.** After a pre-purchase step (browse, product page, cart,
   checkout) the visitor goes on with log-odds
   ``logit(continue_probabilities[k])`` + ``continue_log_odds_per_point`` ×
   (rating − touchpoint mean): an unhappy visitor leaves more often. Payment →
   delivery and delivery → receipt are operational (a cancelled or lost
   parcel) and do not depend on the ratings.
4. **Overall rating.** Visitors who confirmed receipt (确认收货) give an overall
   rating, 1–5: 4 + Σ ``overall_weights[k]`` × (rating_k − mean_k) +
   ``overall_halo`` × halo + normal noise (``overall_noise_sd``), rounded and
   clipped. Only **delivery** and **receipt** (the parcel arrives on time and
   intact; the tea and teaware match the product page) carry large weights:
   they are the *moments of truth* (关键时刻). Product page and checkout carry a
   little; browse, add-to-cart and payment none.
5. **Review.** A visitor with an overall rating writes a public review with
   probability ``review_probability`` (× ``bad_review_factor`` when the overall
   rating is 1 or 2: angry customers write); the review's stars are the overall
   rating.
6. **Repurchase.** Whether the visitor ordered again within 90 days of receipt
   (the panel tracked it until 2025-12-31): log-odds ``repurchase_log_odds`` +
   Σ ``repurchase_weights[k]`` × (rating_k − mean_k). Again only delivery and
   receipt matter.

The moments of truth are therefore ``moments_of_truth`` = (delivery, receipt):
the touchpoints that drive the overall rating and repurchase. The step with the
largest drop-off (product page → cart) and the touchpoint with the lowest mean
rating (checkout) are *not* moments of truth for loyalty, which is the point of
the lab.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmkit.service import JOURNEY_STEPS
from crmkit.synth._base import Column, TableSpec

FAMILY = "journey"
REQUIRES: tuple[str, ...] = ()

#: The touchpoints that are rated: every step but the review itself.
TOUCHPOINTS = JOURNEY_STEPS[:-1]


@dataclass(frozen=True)
class JourneyParams:
    """Ground-truth parameters of the customer-journey panel."""

    visitors: int = field(default=15000, metadata={"help": "panel visitors followed, one journey each"})
    first_day: str = field(default="2025-09-01", metadata={"help": "first day of the panel; journeys start in September 2025"})
    halo_sd: float = field(default=0.45, metadata={"help": "standard deviation of a visitor's general mood, which moves all their ratings together"})
    rating_noise_sd: float = field(default=0.8, metadata={"help": "standard deviation of the noise in each touchpoint rating (before rounding to 1-5)"})
    touchpoint_means: tuple = field(
        default=(("browse", 4.0), ("product_page", 3.9), ("add_to_cart", 4.2), ("checkout", 3.3), ("payment", 4.3),
                 ("delivery", 3.6), ("receipt", 3.8)),
        metadata={"help": "mean rating of each touchpoint (1-5) before rounding"})
    continue_probabilities: tuple = field(
        default=(("browse", 0.60), ("product_page", 0.35), ("add_to_cart", 0.55), ("checkout", 0.80), ("payment", 0.97),
                 ("delivery", 0.97)),
        metadata={"help": "probability of going on to the next step, at the touchpoint's mean rating"})
    continue_log_odds_per_point: float = field(default=0.5, metadata={"help": "added log-odds of going on per rating point above the mean (browse to checkout only)"})
    overall_weights: tuple = field(
        default=(("browse", 0.0), ("product_page", 0.10), ("add_to_cart", 0.0), ("checkout", 0.05), ("payment", 0.0),
                 ("delivery", 0.45), ("receipt", 0.40)),
        metadata={"help": "effect of one rating point at each touchpoint on the overall rating"})
    overall_halo: float = field(default=0.5, metadata={"help": "effect of the halo on the overall rating"})
    overall_noise_sd: float = field(default=0.6, metadata={"help": "standard deviation of the noise in the overall rating"})
    review_probability: float = field(default=0.22, metadata={"help": "probability that a visitor with an overall rating writes a review"})
    bad_review_factor: float = field(default=1.8, metadata={"help": "multiplier of that probability when the overall rating is 1 or 2"})
    repurchase_log_odds: float = field(default=-0.4, metadata={"help": "log-odds of ordering again within 90 days at mean ratings"})
    repurchase_weights: tuple = field(
        default=(("browse", 0.0), ("product_page", 0.0), ("add_to_cart", 0.0), ("checkout", 0.0), ("payment", 0.0),
                 ("delivery", 0.55), ("receipt", 0.6)),
        metadata={"help": "added log-odds of repurchase per rating point at each touchpoint"})
    moments_of_truth: tuple = field(default=("delivery", "receipt"), metadata={"help": "the touchpoints that drive the overall rating and repurchase (关键时刻)"})


PARAMS = JourneyParams()

SPECS = (
    TableSpec(
        name="customer_journeys",
        title="Customer journeys: touchpoint ratings from browse to review (客户旅程与触点满意度)",
        description="One row per panel visitor, September 2025: the furthest step of the journey, a 1-5 rating of every touchpoint reached, the overall rating, the review and repurchase within 90 days.",
        columns=(
            Column("journey_id", "str", "Journey key, J00001 … (one visitor, one journey)."),
            Column("start_date", "date", "Day the visitor arrived on the shop's pages.", "day"),
            Column("furthest_step", "category", "The last step reached: browse, product_page, add_to_cart, checkout, payment, delivery, receipt or review."),
            *(Column(f"sat_{step}", "Int64", f"Rating of the {step.replace('_', ' ')} touchpoint, 1 (very dissatisfied) to 5 (very satisfied); empty if the step was not reached.")
              for step in TOUCHPOINTS),
            Column("overall_rating", "Int64", "Overall rating of the purchase, 1-5, asked after receipt; empty for visitors who did not confirm receipt."),
            Column("review_stars", "Int64", "Stars of the public review (1-5; 1-2 is a bad review, 差评); empty if no review was written."),
            Column("repurchased_90d", "boolean", "True if the visitor ordered again within 90 days of receipt; empty for visitors who did not confirm receipt."),
        ),
        notes=__doc__,
    ),
)


def _rating(rng: np.random.Generator, mean: float, halo: np.ndarray, noise_sd: float) -> np.ndarray:
    """1-5 ratings: mean + halo + noise, rounded and clipped."""
    return np.clip(np.round(mean + halo + rng.normal(0.0, noise_sd, halo.size)), 1, 5)


def generate(rng: np.random.Generator, tables: dict[str, pd.DataFrame], params: JourneyParams = PARAMS) -> dict[str, pd.DataFrame]:
    """Generate the customer-journey panel.

    Returns
    -------
    dict
        ``{"customer_journeys": DataFrame}``.
    """
    n = params.visitors
    means = dict(params.touchpoint_means)
    go_on = dict(params.continue_probabilities)
    overall_weights = dict(params.overall_weights)
    repurchase_weights = dict(params.repurchase_weights)
    start = pd.Timestamp(params.first_day) + pd.to_timedelta(rng.integers(0, 30, n), unit="D")
    halo = rng.normal(0.0, params.halo_sd, n)
    reached = np.ones(n, dtype=bool)
    furthest = np.zeros(n, dtype="int64")
    ratings: dict[str, np.ndarray] = {}
    for index, step in enumerate(TOUCHPOINTS):
        rating = _rating(rng, means[step], halo, params.rating_noise_sd)
        ratings[step] = np.where(reached, rating, np.nan)
        furthest[reached] = index
        if step == "receipt":
            break
        if step in ("payment", "delivery"):
            log_odds = np.full(n, np.log(go_on[step] / (1 - go_on[step])))
        else:
            log_odds = np.log(go_on[step] / (1 - go_on[step])) + params.continue_log_odds_per_point * (rating - means[step])
        reached = reached & (rng.random(n) < 1 / (1 + np.exp(-log_odds)))
    received = ~np.isnan(ratings["receipt"])
    latent = 4.0 + params.overall_halo * halo + rng.normal(0.0, params.overall_noise_sd, n)
    for step in TOUCHPOINTS:
        latent = latent + overall_weights[step] * (np.nan_to_num(ratings[step], nan=means[step]) - means[step])
    overall = np.where(received, np.clip(np.round(latent), 1, 5), np.nan)
    review_p = params.review_probability * np.where(overall <= 2, params.bad_review_factor, 1.0)
    reviewed = received & (rng.random(n) < review_p)
    furthest[reviewed] = len(JOURNEY_STEPS) - 1
    log_odds = np.full(n, params.repurchase_log_odds)
    for step in TOUCHPOINTS:
        log_odds = log_odds + repurchase_weights[step] * (np.nan_to_num(ratings[step], nan=means[step]) - means[step])
    again = rng.random(n) < 1 / (1 + np.exp(-log_odds))

    def whole(values: np.ndarray) -> pd.array:
        return pd.array(np.where(np.isnan(values), pd.NA, values).astype(object), dtype="Int64")

    table = pd.DataFrame({
        "journey_id": [f"J{i:05d}" for i in range(1, n + 1)],
        "start_date": start,
        "furthest_step": np.array(JOURNEY_STEPS)[furthest],
        **{f"sat_{step}": whole(ratings[step]) for step in TOUCHPOINTS},
        "overall_rating": whole(overall),
        "review_stars": whole(np.where(reviewed, overall, np.nan)),
        "repurchased_90d": pd.array(np.where(received, again, pd.NA).astype(object), dtype="boolean"),
    })
    table = table.sort_values(["start_date", "journey_id"], kind="stable", ignore_index=True)
    table["journey_id"] = [f"J{i:05d}" for i in range(1, n + 1)]
    return {"customer_journeys": table}
