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


# ----------------------------------------------------------------------------- Lab 8.1: the customer journey


@pytest.fixture(scope="module")
def journeys():
    return data.load("customer_journeys")


def test_journey_ratings_exist_exactly_for_the_steps_reached(journeys):
    position = journeys["furthest_step"].astype(str).map({s: i for i, s in enumerate(service.JOURNEY_STEPS)})
    for index, step in enumerate(service.JOURNEY_STEPS[:-1]):
        rated = journeys[f"sat_{step}"].notna()
        assert (rated == (position >= index)).all(), step
    received = position >= service.JOURNEY_STEPS.index("receipt")
    assert (journeys["overall_rating"].notna() == received).all()
    assert (journeys["repurchased_90d"].notna() == received).all()
    assert (journeys["review_stars"].notna() == (position == len(service.JOURNEY_STEPS) - 1)).all()


def test_journey_funnel_counts_every_journey_up_to_its_furthest_step(journeys):
    funnel = service.journey_funnel(journeys)
    assert funnel["reached"].iloc[0] == len(journeys)
    assert (funnel["reached"].diff().dropna() <= 0).all()
    page, cart = funnel.loc["product_page", "reached"], funnel.loc["add_to_cart", "reached"]
    assert funnel.loc["product_page", "drop_off"] == pytest.approx(1 - cart / page)
    assert (funnel["drop_off_low"].dropna() <= funnel["drop_off"].dropna()).all()
    with pytest.raises(ValueError, match="furthest_step.*2 of 3 rows.*'nowhere'"):
        service.journey_funnel(pd.DataFrame({"furthest_step": ["browse", "nowhere", "nowhere"]}))


def test_touchpoint_drivers_find_the_generators_moments_of_truth(journeys):
    """The ground truth: only delivery and receipt move repurchase; every rating still correlates with it (halo)."""
    from crmkit.synth.journey import PARAMS as JOURNEY

    buyers = journeys[journeys["repurchased_90d"].notna()]
    steps = list(service.JOURNEY_STEPS[:-1])
    ratings = buyers[[f"sat_{s}" for s in steps]].astype(float).rename(columns=lambda c: c[4:])
    drivers = service.touchpoint_drivers(ratings, buyers["repurchased_90d"].astype(bool))
    assert sorted(drivers.index[drivers["low"] > 0]) == sorted(JOURNEY.moments_of_truth)
    assert (drivers["correlation"] > 0).all()
    overall = service.touchpoint_drivers(ratings, buyers["overall_rating"].astype(float))
    assert set(overall.index[:2]) == set(JOURNEY.moments_of_truth)
    assert drivers.attrs["n"] == len(buyers)


def test_touchpoint_drivers_refuse_a_misaligned_outcome():
    ratings = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [2.0, 1, 4, 3]})
    with pytest.raises(ValueError, match="outcome has 3 rows but ratings has 4"):
        service.touchpoint_drivers(ratings, [1.0, 2.0, 3.0])


# ----------------------------------------------------------------------------- Lab 8.3: agent scorecards


def test_control_limits_widen_for_small_groups_and_stay_in_bounds():
    lower, upper = service.control_limits([4, 100], 0.9, 0.3, sigmas=3, low=0.0, high=1.0)
    assert upper[0] == 1.0 and upper[1] == pytest.approx(0.99)
    assert lower[0] == pytest.approx(0.45) and lower[1] == pytest.approx(0.81)
    with pytest.raises(ValueError, match="n"):
        service.control_limits([0, 10], 0.5, 0.5)


def test_first_call_resolved_looks_at_the_same_reason_and_leaves_censored_calls_out():
    log = pd.DataFrame({
        "caller_id": ["a", "a", "a", "b", "b", "c"],
        "reason": ["delivery", "refund", "delivery", "delivery", "delivery", "delivery"],
        "arrival_time": pd.to_datetime(["2025-11-01", "2025-11-02", "2025-11-09", "2025-11-01", "2025-11-12",
                                        "2025-11-14"]),
    })
    result = service.first_call_resolved(log, days=7)
    # a's delivery call of 1 Nov is repeated on 9 Nov: 8 days later, outside the window
    assert bool(result.iloc[0]) and bool(result.iloc[1]) and bool(result.iloc[3])
    assert result.iloc[2:3].isna().all() and result.iloc[4:].isna().all()  # within 7 days of the last call
    shorter = service.first_call_resolved(log, days=10)
    assert not bool(shorter.iloc[0])


def test_agent_scorecard_separates_real_differences_from_noise():
    """The generator gives agents different quality (QA) but the same true resolution (FCR)."""
    calls = data.load("call_log")
    card = service.agent_scorecard(calls)
    assert set(card["metric"]) == set(service.SCORECARD_METRICS)
    assert card.groupby("metric").size().eq(calls["agent_id"].nunique()).all()
    fcr = card[card["metric"] == "fcr"]
    assert (fcr["signal"] == "within").all()
    qa = card[card["metric"] == "qa_score"]
    assert (qa["signal"] != "within").sum() >= 5
    marked = card[card["metric"] == "marked_resolved"]
    assert marked["centre"].iloc[0] > fcr["centre"].iloc[0]  # agents overstate resolution
    small = qa.loc[qa["n"].idxmin()]
    assert small["upper"] - small["lower"] > (qa["upper"] - qa["lower"]).min()
