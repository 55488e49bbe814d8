"""Purchase-decision psychology (购买心理决策) measured in data: threshold offers.

Chapter 6's S–O–R model (刺激-机体-反应): a stimulus (an offer, a message) acts on
the customer's mind, which no data set records, and produces a response (a basket
value, a purchase) that the shop can measure. Two tools for the threshold offer
"spend X, save Y" (满X减Y), whose response is that baskets bunch just above X
(mental accounting, 心理账户):

- :func:`threshold_bunching`: the excess share of baskets just above the threshold
  in an offer period over a comparable period without the offer, and the share
  missing just below it;
- :func:`threshold_candidates`: for candidate thresholds, how many ordinary
  baskets already qualify (the saving they get for nothing) and how many are
  within reach (the ones that might top up).

The message tests of the chapter (was/now prices, scarcity) are differences of two
conversion rates against a hold-out: use :func:`crmkit.inference.lift`.

Examples
--------
>>> from crmkit import psychology
>>> result = psychology.threshold_bunching([300, 310, 250, 100], [280, 310, 250, 100], threshold=299)
>>> result.excess_share, result.missing_share
(0.25, 0.25)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import as_float_array, check_number

__all__ = ["BunchingResult", "threshold_bunching", "threshold_candidates"]


@dataclass(frozen=True)
class BunchingResult:
    """What :func:`threshold_bunching` returns.

    Attributes
    ----------
    threshold, band, below : float
        The threshold, the width of the window just above it, ``[threshold, threshold + band)``,
        and of the window just below it, ``[threshold - below, threshold)``.
    offer_share_above, baseline_share_above : float
        Share of each period's baskets in the window above.
    excess_share : float
        ``offer_share_above - baseline_share_above``: the bunching, as a share of the offer period's baskets.
    excess_baskets : float
        ``excess_share`` times the number of offer-period baskets.
    offer_share_below, baseline_share_below : float
        Share of each period's baskets in the window below.
    missing_share : float
        ``baseline_share_below - offer_share_below``: the baskets that left the window below.
    offer_baskets, baseline_baskets : int
        Number of baskets in each period.
    """

    threshold: float
    band: float
    below: float
    offer_share_above: float
    baseline_share_above: float
    excess_share: float
    excess_baskets: float
    offer_share_below: float
    baseline_share_below: float
    missing_share: float
    offer_baskets: int
    baseline_baskets: int


def _share_in(values: np.ndarray, low: float, high: float) -> float:
    return float(((values >= low) & (values < high)).mean())


def threshold_bunching(
    offer_values: Any,
    baseline_values: Any,
    threshold: float,
    band: float = 30.0,
    below: float = 100.0,
) -> BunchingResult:
    """Excess share of baskets just above a spend threshold, against a period without the offer.

    With the share :math:`s_o` of offer-period baskets in :math:`[T, T + b)` and
    the share :math:`s_n` of no-offer baskets there, the excess share is
    :math:`s_o - s_n` and the excess baskets :math:`(s_o - s_n)\\,n_o`. If
    baskets only move up to the threshold (no new orders), the excess above
    roughly equals the share missing from :math:`[T - w, T)`. The no-offer period
    is the counterfactual: it must be comparable (same season, same traffic), which
    the shares far from the threshold let you check.

    Parameters
    ----------
    offer_values : array-like of float
        Basket values (at list price) in the period with the offer.
    baseline_values : array-like of float
        Basket values in a comparable period without it.
    threshold : float
        The spend threshold (the 299 of 满299减50), CNY.
    band : float, default 30.0
        Width of the window just above the threshold, CNY.
    below : float, default 100.0
        Width of the window just below the threshold, CNY.

    Returns
    -------
    BunchingResult

    Raises
    ------
    ValueError
        If a set of values is empty or has negative, missing or non-numeric values, or
        ``threshold``, ``band`` or ``below`` is not positive; the message names the argument.

    Examples
    --------
    >>> result = threshold_bunching([300, 310, 250, 100], [280, 310, 250, 100], threshold=299)
    >>> result.offer_share_above, result.baseline_share_above, result.excess_baskets
    (0.5, 0.25, 1.0)
    """
    offer = as_float_array(offer_values, "offer_values", low=0, allow_empty=False).ravel()
    baseline = as_float_array(baseline_values, "baseline_values", low=0, allow_empty=False).ravel()
    threshold = check_number(threshold, "threshold", low=0, low_open=True)
    band = check_number(band, "band", low=0, low_open=True)
    below = check_number(below, "below", low=0, low_open=True)
    offer_above = _share_in(offer, threshold, threshold + band)
    baseline_above = _share_in(baseline, threshold, threshold + band)
    offer_below = _share_in(offer, threshold - below, threshold)
    baseline_below = _share_in(baseline, threshold - below, threshold)
    excess = offer_above - baseline_above
    return BunchingResult(
        threshold=threshold,
        band=band,
        below=below,
        offer_share_above=offer_above,
        baseline_share_above=baseline_above,
        excess_share=excess,
        excess_baskets=excess * len(offer),
        offer_share_below=offer_below,
        baseline_share_below=baseline_below,
        missing_share=baseline_below - offer_below,
        offer_baskets=len(offer),
        baseline_baskets=len(baseline),
    )


def threshold_candidates(basket_values: Any, thresholds: Any, saving: float, reach: float = 100.0) -> pd.DataFrame:
    """Profile candidate thresholds of a "spend X, save Y" offer on ordinary baskets.

    For each candidate threshold :math:`T`, on baskets bought without an offer:

    - ``share_qualifying``: share already at :math:`T` or more. They get the saving
      without changing anything: the offer's cost on orders that happen anyway;
    - ``share_within_reach``: share in :math:`[T - r, T)`, the baskets that might be
      topped up to reach it;
    - ``saving_per_basket``: ``saving × share_qualifying``, the saving given away per
      ordinary basket before anyone tops up;
    - ``saving_rate``: ``saving / T``, the discount at the threshold itself.

    Parameters
    ----------
    basket_values : array-like of float
        Basket values in a period without an offer, CNY.
    thresholds : array-like of float
        Candidate thresholds, CNY.
    saving : float
        The amount off (the 50 of 满299减50), CNY.
    reach : float, default 100.0
        How far below the threshold a basket counts as within reach, CNY.

    Returns
    -------
    pandas.DataFrame
        One row per threshold, in the order given: ``threshold``, ``share_qualifying``,
        ``share_within_reach``, ``saving_per_basket``, ``saving_rate``.

    Raises
    ------
    ValueError
        If the baskets or thresholds are empty, negative or not numbers, a threshold is
        not positive, ``saving`` is negative or ``reach`` not positive; the message names the argument.

    Examples
    --------
    >>> table = threshold_candidates([100, 200, 300, 400], [199, 299], saving=50)
    >>> table["share_qualifying"].tolist(), table["saving_per_basket"].tolist()
    ([0.75, 0.5], [37.5, 25.0])
    """
    values = as_float_array(basket_values, "basket_values", low=0, allow_empty=False).ravel()
    candidates = as_float_array(thresholds, "thresholds", low=0, low_open=True, allow_empty=False).ravel()
    saving = check_number(saving, "saving", low=0)
    reach = check_number(reach, "reach", low=0, low_open=True)
    rows = []
    for threshold in candidates:
        qualifying = float((values >= threshold).mean())
        rows.append({
            "threshold": float(threshold),
            "share_qualifying": qualifying,
            "share_within_reach": _share_in(values, threshold - reach, threshold),
            "saving_per_basket": saving * qualifying,
            "saving_rate": saving / float(threshold),
        })
    return pd.DataFrame(rows, columns=["threshold", "share_qualifying", "share_within_reach", "saving_per_basket",
                                       "saving_rate"])
