"""crmkit.service: complaint metrics, repurchase after complaints, SERVQUAL gaps."""

import pandas as pd
import pytest

from crmkit import data, service
from crmkit.synth.service import PARAMS


@pytest.fixture(scope="module")
def tables():
    return data.load("complaints"), data.load("orders"), data.load("servqual_survey")


def test_complaints_link_to_orders(tables):
    complaints, orders, _ = tables
    merged = complaints.merge(orders, on="order_id", suffixes=("", "_order"))
    assert len(merged) == len(complaints)
    assert (merged["customer_id"] == merged["customer_id_order"]).all()
    assert (merged["received_time"] > merged["order_date"]).all()


def test_complaint_rate_higher_in_promotions(tables):
    complaints, orders, _ = tables
    rates = service.complaint_rate(complaints, orders.assign(in_promotion=orders["promotion"] != "none"), by="in_promotion")
    assert rates.loc[True, "complaint_rate"] > rates.loc[False, "complaint_rate"]
    overall = service.complaint_rate(complaints, orders)
    assert overall["complaint_rate"].iloc[0] == pytest.approx(len(complaints) / len(orders))
    with pytest.raises(ValueError, match="order_id"):
        service.complaint_rate(pd.DataFrame({"order_id": ["nope"]}), orders)


def test_response_performance_by_channel(tables):
    complaints, _, _ = tables
    table = service.response_performance(complaints)
    assert set(table.index) == {"phone", "online_chat", "review", "platform_dispute"}
    assert table["response_within_target"].between(0, 1).all()
    assert table["cases"].sum() == len(complaints)


def test_recovered_complainers_buy_again_more(tables):
    complaints, orders, _ = tables
    again = service.repurchase_after(complaints, orders, days=180)
    assert again.attrs["censored"] > 0
    rates = complaints.assign(again=again).dropna(subset=["again"]).groupby("recovery_satisfied")["again"].mean()
    assert rates[True] > rates[False] + 0.1


def test_servqual_gaps_recover_the_ground_truth(tables):
    _, _, survey = tables
    gaps = service.servqual_gaps(survey)
    truth = dict(PARAMS.true_gaps)
    assert gaps.index[0] == "responsiveness"
    for dimension, gap in truth.items():
        # Rounding to the 1-7 scale and clipping at 7 shrink gaps a little.
        assert gaps.loc[dimension, "gap"] == pytest.approx(gap, abs=0.2)
    weighted = service.servqual_gaps(survey, weights={"reliability": 3, "responsiveness": 1})
    assert weighted.attrs["weighted_total"] == pytest.approx(0.75 * gaps.loc["reliability", "gap"] + 0.25 * gaps.loc["responsiveness", "gap"])
    with pytest.raises(ValueError, match="unknown dimensions"):
        service.servqual_gaps(survey, weights={"speed": 1})
