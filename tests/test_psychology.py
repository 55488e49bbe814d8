"""crmkit.psychology and the purchase-psychology data: the estimators recover the generator's ground truth."""

import numpy as np
import pytest

from crmkit import data, inference, psychology


@pytest.fixture(scope="module")
def baskets():
    table = data.load("threshold_baskets")
    return (table.loc[table["period"] == "offer", "basket_value"],
            table.loc[table["period"] == "no_offer", "basket_value"])


def _truth(quantity: str) -> float:
    truth = data.load("psychology_truth")
    return float(truth.loc[truth["quantity"] == quantity, "value"].iloc[0])


def test_bunching_estimate_is_near_the_true_excess_share(baskets):
    offer, no_offer = baskets
    result = psychology.threshold_bunching(offer, no_offer, threshold=299)
    true_share = _truth("share of offer-period baskets topped up into [299, 329)")
    assert result.excess_share == pytest.approx(true_share, abs=0.01)
    assert result.excess_baskets == pytest.approx(result.excess_share * len(offer))


def test_no_offer_means_no_bunching():
    values = np.random.default_rng(3).lognormal(np.log(185), 0.55, 5000)
    result = psychology.threshold_bunching(values, values, threshold=299)
    assert result.excess_share == 0 and result.missing_share == 0


def test_only_the_offer_period_gets_the_saving():
    table = data.load("threshold_baskets")
    offer = table["period"] == "offer"
    assert (table.loc[~offer, "saving"] == 0).all()
    assert ((table.loc[offer, "saving"] > 0) == (table.loc[offer, "basket_value"] >= 299)).all()
    assert np.allclose(table["paid"], table["basket_value"] - table["saving"])


def test_candidate_shares_fall_as_the_threshold_rises(baskets):
    _, no_offer = baskets
    table = psychology.threshold_candidates(no_offer, [149, 199, 249, 299, 349], saving=50)
    assert table["share_qualifying"].is_monotonic_decreasing
    assert (table["saving_per_basket"] == 50 * table["share_qualifying"]).all()


@pytest.mark.parametrize("test", ["was_now", "low_stock", "countdown"])
def test_each_message_test_interval_covers_its_true_lift(test):
    sessions = data.load("message_tests")
    counts = sessions[sessions["test"] == test].groupby("arm")["converted"].agg(["sum", "size"])
    result = inference.lift(*counts.loc["message"], *counts.loc["holdout"])
    truth = data.load("psychology_truth")
    true_lift = float(truth.loc[(truth["experiment"] == test) & (truth["quantity"] == "true lift of the message"), "value"].iloc[0])
    assert result.ci_low <= true_lift <= result.ci_high
