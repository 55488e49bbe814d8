"""crmkit.campaign: campaign money, lift, sample size, lifecycle stages, offers and uplift.

References the numbers are checked against:

- statsmodels' ``proportions_ztest`` (pooled two-proportion z-test) and
  ``confint_proportions_2indep(method="wald")``, and scipy's chi-square test without
  continuity correction (z² = chi²), as independent implementations of :func:`lift`;
- R's documented examples of ``power.prop.test`` (R Core Team, *stats* package):
  ``power.prop.test(p1 = .50, p2 = .75, power = .90)`` gives n = 76.7 per group and
  ``power.prop.test(n = 50, p1 = .50, p2 = .75)`` gives power = 0.740; the same closed
  form is Fleiss, Levin & Paik (2003), *Statistical Methods for Rates and Proportions*,
  3rd ed., chapter 4, without the continuity correction;
- statsmodels' ``NormalIndPower`` with Cohen's h (an arcsine approximation, so close
  but not equal) as a second, independent sample-size calculation.
"""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_effectsize, proportions_ztest

from crmkit import campaign, data
from crmkit.campaign import (
    Offer,
    break_even_rate,
    incremental_summary,
    lifecycle_stages,
    lift,
    roas,
    roi,
    roi_textbook,
    sample_size_two_proportions,
)


# --- money -----------------------------------------------------------------


def test_money_formulas():
    assert roi_textbook(50_000, 5_000) == 1000.0
    assert roas(50_000, 5_000) == 10.0
    assert roi(6_000, 5_000) == pytest.approx(0.2)
    assert roi(1_000, 5_000) == pytest.approx(-0.8)
    assert break_even_rate(0.05, 40.0) == pytest.approx(0.00125)
    assert isinstance(roi_textbook(1, 2), float)


def test_money_formulas_work_on_columns():
    sales = pd.Series([100.0, 300.0], index=["a", "b"])
    cost = pd.Series([50.0, 100.0], index=["a", "b"])
    assert roi_textbook(sales, cost).tolist() == [200.0, 300.0]
    assert roi(sales, cost).loc["b"] == pytest.approx(2.0)


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda: roi_textbook(100, 0), "cost"),
        (lambda: roi_textbook(-1, 10), "sales"),
        (lambda: roas(100, -5), "cost"),
        (lambda: roas(-100, 5), "revenue"),
        (lambda: roi(100, 0), "cost"),
        (lambda: break_even_rate(-0.1, 10), "cost_per_contact"),
        (lambda: break_even_rate(0.1, 0), "margin_per_response"),
        (lambda: roi_textbook(pd.Series([1.0, 2.0]), pd.Series([1.0, 0.0])), "cost"),
    ],
)
def test_bad_money_input_names_the_argument(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()


# --- lift --------------------------------------------------------------------


@pytest.mark.parametrize("xt, nt, xc, nc", [(60, 1000, 40, 1000), (221, 1011, 21, 116), (5, 86, 4, 100), (140, 1151, 65, 1129)])
def test_lift_agrees_with_statsmodels_and_scipy(xt, nt, xc, nc):
    result = lift(xt, nt, xc, nc)
    z, p = proportions_ztest([xt, xc], [nt, nc])
    assert result.z == pytest.approx(z, rel=1e-10)
    assert result.p_value == pytest.approx(p, rel=1e-10)
    low, high = confint_proportions_2indep(xt, nt, xc, nc, method="wald", compare="diff")
    assert (result.ci_low, result.ci_high) == pytest.approx((low, high), rel=1e-10)
    chi2 = stats.chi2_contingency([[xt, nt - xt], [xc, nc - xc]], correction=False)[0]
    assert result.z**2 == pytest.approx(chi2, rel=1e-10)
    assert result.absolute == pytest.approx(xt / nt - xc / nc)
    assert result.relative == pytest.approx((xt / nt - xc / nc) / (xc / nc))


def test_lift_confidence_level_widens_the_interval():
    narrow = lift(60, 1000, 40, 1000, confidence=0.80)
    wide = lift(60, 1000, 40, 1000, confidence=0.99)
    assert wide.ci_high - wide.ci_low > narrow.ci_high - narrow.ci_low
    assert wide.p_value == narrow.p_value


def test_lift_with_no_control_responders_or_no_variation():
    result = lift(5, 100, 0, 100)
    assert math.isnan(result.relative) and result.absolute == pytest.approx(0.05)
    flat = lift(0, 100, 0, 100)
    assert math.isnan(flat.z) and math.isnan(flat.p_value)


@pytest.mark.parametrize(
    "args, argument",
    [
        ((101, 100, 1, 100), "treated_conversions"),
        ((1, 100, 101, 100), "control_conversions"),
        ((-1, 100, 1, 100), "treated_conversions"),
        ((1, 0, 1, 100), "treated_n"),
        ((1, 100, 1, 0), "control_n"),
        ((1.5, 100, 1, 100), "treated_conversions"),
    ],
)
def test_lift_rejects_impossible_counts(args, argument):
    with pytest.raises(ValueError, match=argument):
        lift(*args)


def test_lift_rejects_a_bad_confidence():
    with pytest.raises(ValueError, match="confidence"):
        lift(1, 10, 1, 10, confidence=95)


# --- sample size ---------------------------------------------------------------


def test_sample_size_matches_r_power_prop_test_example():
    # R: power.prop.test(p1 = .50, p2 = .75, power = .90)  => n = 76.7 per group
    assert sample_size_two_proportions(0.50, 0.75, power=0.90) == 77
    # R: power.prop.test(n = 50, p1 = .50, p2 = .75)  => power = 0.740
    assert campaign.power_two_proportions(0.50, 0.75, 50) == pytest.approx(0.740, abs=0.0005)


@pytest.mark.parametrize("pc, pt", [(0.02, 0.03), (0.19, 0.205), (0.04, 0.08), (0.5, 0.75), (0.30, 0.25)])
def test_sample_size_is_the_smallest_n_with_the_power(pc, pt):
    n = sample_size_two_proportions(pc, pt)
    assert campaign.power_two_proportions(pc, pt, n) >= 0.8
    assert campaign.power_two_proportions(pc, pt, n - 1) < 0.8


@pytest.mark.parametrize("pc, pt", [(0.02, 0.03), (0.10, 0.12), (0.04, 0.08), (0.5, 0.6)])
def test_sample_size_is_close_to_the_arcsine_approximation(pc, pt):
    h = proportion_effectsize(pt, pc)
    arcsine = NormalIndPower().solve_power(effect_size=h, alpha=0.05, power=0.8, ratio=1.0)
    assert sample_size_two_proportions(pc, pt) == pytest.approx(arcsine, rel=0.03)


def test_sample_size_grows_as_the_lift_shrinks():
    assert sample_size_two_proportions(0.19, 0.205) > sample_size_two_proportions(0.19, 0.22) > 1000


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"p_control": 0.0, "p_treated": 0.1}, "p_control"),
        ({"p_control": 0.1, "p_treated": 1.0}, "p_treated"),
        ({"p_control": 0.1, "p_treated": 0.1}, "p_control and p_treated"),
        ({"p_control": 0.1, "p_treated": 0.2, "alpha": 0}, "alpha"),
        ({"p_control": 0.1, "p_treated": 0.2, "power": 1.2}, "power"),
    ],
)
def test_sample_size_rejects_bad_input(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        sample_size_two_proportions(**kwargs)


# --- offers --------------------------------------------------------------------


def test_offer_costs():
    assert Offer("percent_off", rate=0.15).cost(200.0) == pytest.approx(30.0)
    spend_and_save = Offer("spend_and_save", threshold=300, amount=40)
    assert spend_and_save.cost(np.array([299.0, 300.0, 500.0])).tolist() == [0.0, 40.0, 40.0]
    assert Offer("coupon", amount=20).cost(15.0) == 15.0  # a coupon never pays out more than the order
    assert Offer("coupon", amount=20, threshold=100).cost(99.0) == 0.0
    gift = Offer("buy_and_get", amount=24, min_items=2)
    assert gift.cost(100.0, items=1) == 0.0 and gift.cost(100.0, items=3) == 24.0
    assert not gift.pays() and spend_and_save.pays()


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"mechanic": "bogof"}, "mechanic"),
        ({"mechanic": "percent_off", "rate": 1.5}, "rate"),
        ({"mechanic": "coupon", "amount": -5}, "amount"),
        ({"mechanic": "spend_and_save", "threshold": 30, "amount": 40}, "threshold"),
    ],
)
def test_offer_rejects_bad_input(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        Offer(**kwargs)


def test_cost_per_incremental_order():
    assert campaign.cost_per_incremental_order(6000, 24) == 250.0
    assert campaign.cost_per_incremental_order(6000, -3) == math.inf
    with pytest.raises(ValueError, match="total_cost"):
        campaign.cost_per_incremental_order(-1, 3)


# --- lifecycle stages ----------------------------------------------------------------


def _toy_orders():
    return pd.DataFrame({
        "customer_id": ["A", "B", "B", "C", "C", "C", "C", "D", "E", "E", "E", "E"],
        "order_date": pd.to_datetime([
            "2024-11-20", "2024-09-01", "2024-12-01", "2023-06-01", "2023-12-01", "2024-06-01", "2024-12-01",
            "2024-01-05", "2024-10-01", "2024-11-01", "2024-12-01", "2024-12-20"]),
        "amount": [100.0, 80, 120, 200, 150, 180, 210, 90, 50, 50, 50, 50],
    })


def test_lifecycle_rules():
    stages = lifecycle_stages(_toy_orders(), "2025-01-01").set_index("customer_id")
    assert stages["stage"].astype(str).to_dict() == {
        "A": "identification",  # one (trial) order
        "B": "development",     # a repeat buyer, young relationship
        "C": "stability",       # 4 orders, first one 19 months ago
        "D": "decline",         # nothing for 362 days
        "E": "development",     # 4 orders but the relationship is 3 months old
    }
    assert stages.loc["C", "orders"] == 4 and stages.loc["C", "spend"] == 740.0
    assert stages.loc["D", "recency_days"] == 362


def test_lifecycle_ignores_later_orders_and_includes_non_buyers():
    customers = pd.DataFrame({"customer_id": ["A", "Z", "Y"], "signup_date": pd.to_datetime(["2024-01-01", "2024-05-01", "2026-01-01"])})
    stages = lifecycle_stages(_toy_orders(), "2024-10-15", customers=customers).set_index("customer_id")
    assert "A" not in stages.index or stages.loc["A", "orders"] == 0
    assert stages.loc["Z", "orders"] == 0 and stages.loc["Z", "stage"] == "identification"
    assert "Y" not in stages.index, "registered after the snapshot"
    assert stages.loc["C", "orders"] == 3 and stages.loc["E", "orders"] == 1


def test_lifecycle_thresholds_are_arguments():
    strict = lifecycle_stages(_toy_orders(), "2025-01-01", decline_after_days=30).set_index("customer_id")
    assert strict.loc["A", "stage"] == "decline"
    with pytest.raises(ValueError, match="decline_after_days"):
        lifecycle_stages(_toy_orders(), "2025-01-01", decline_after_days=0)
    with pytest.raises(ValueError, match="order_date"):
        lifecycle_stages(_toy_orders().drop(columns="order_date"), "2025-01-01")


def test_lifecycle_on_the_data_world_has_every_stage():
    stages = lifecycle_stages(data.load("orders"), "2025-12-20")
    shares = stages["stage"].value_counts(normalize=True)
    assert set(shares.index) == set(campaign.STAGES)
    assert shares["decline"] > 0.4, "most buyers of a three-year-old shop have lapsed"
    assert set(campaign.STAGE_STRATEGY) == set(campaign.STAGES)


# --- campaign accounts -------------------------------------------------------------


def test_incremental_summary_by_hand():
    contacts = pd.DataFrame({
        "campaign_id": ["X"] * 6,
        "group": ["treatment"] * 4 + ["control"] * 2,
        "contact_cost": [0.05] * 4 + [0.0] * 2,
        "converted": [True, True, False, False, True, False],
        "order_value": [300.0, 100.0, 0, 0, 100.0, 0],
        "offer_cost": [40.0, 0, 0, 0, 0, 0],
        "amount_paid": [260.0, 100.0, 0, 0, 100.0, 0],
    })
    row = incremental_summary(contacts, fixed_costs={"X": 10.0}).iloc[0]
    cost = 4 * 0.05 + 40 + 10
    assert row["cost"] == pytest.approx(cost)
    assert row["roi_textbook"] == pytest.approx(360 / cost * 100, abs=0.01)
    assert row["incremental_orders"] == pytest.approx(4 * (0.5 - 0.5))
    gain = 0.4 * 4 * (400 / 4 - 100 / 2)
    assert row["incremental_gross_profit"] == pytest.approx(gain)
    assert row["incremental_roi"] == pytest.approx((gain - cost) / cost, abs=0.001)


def test_incremental_summary_needs_both_groups():
    contacts = pd.DataFrame({"campaign_id": ["X"], "group": ["treatment"], "contact_cost": [0.05], "converted": [True],
                             "order_value": [1.0], "offer_cost": [0.0], "amount_paid": [1.0]})
    with pytest.raises(ValueError, match="hold-out"):
        incremental_summary(contacts)


# --- the campaign tables ---------------------------------------------------------------


@pytest.fixture(scope="module")
def world():
    return {name: data.load(name) for name in ("customers", "campaigns", "campaign_contacts", "campaign_orders",
                                               "campaign_order_items", "products", "campaign_traffic", "campaign_truth")}


def test_a_campaign_the_textbook_calls_a_success_loses_money(world):
    summary = incremental_summary(world["campaign_contacts"], fixed_costs=world["campaigns"].set_index("campaign_id")["fixed_cost"])
    double_11 = summary.set_index("campaign_id").loc["CMP03"]
    assert double_11["roi_textbook"] > 500, "the textbook's ROI should look excellent"
    assert double_11["incremental_roi"] < 0, "against the hold-out the campaign should lose money"


def test_campaign_tables_are_consistent_with_the_world(world):
    contacts, customers = world["campaign_contacts"], world["customers"]
    assert contacts["customer_id"].isin(customers["customer_id"]).all()
    opted_in = customers.set_index("customer_id")["marketing_opt_in"]
    assert opted_in.loc[contacts["customer_id"]].all(), "only customers who consented are contacted"
    assert not contacts.duplicated(["campaign_id", "customer_id"]).any()
    assert (contacts.loc[contacts["group"] == "control", "channel"] == "none").all()
    assert (contacts.loc[contacts["group"] == "control", "offer_cost"] == 0).all()
    orders = world["campaign_orders"].merge(world["campaigns"], on="campaign_id")
    assert orders["order_date"].between(orders["start_date"], orders["end_date"]).all()
    assert len(orders) == contacts["converted"].sum()
    lines = world["campaign_order_items"].groupby("campaign_order_id")["line_value"].sum()
    values = world["campaign_orders"].set_index("campaign_order_id")["order_value"]
    assert np.allclose(lines.loc[values.index], values)
    assert world["campaign_order_items"]["product_id"].isin(world["products"]["product_id"]).all()
    shares = contacts.groupby("campaign_id")["group"].apply(lambda g: (g == "control").mean())
    designed = world["campaigns"].set_index("campaign_id")["holdout_share"]
    assert np.allclose(shares, designed.loc[shares.index], atol=0.08)


def test_the_hold_out_recovers_the_true_uplift(world):
    contacts, truth = world["campaign_contacts"], world["campaign_truth"]
    for campaign_id in ("CMP04", "CMP05"):
        part = contacts[contacts["campaign_id"] == campaign_id]
        treated, control = part[part["group"] == "treatment"], part[part["group"] == "control"]
        result = lift(treated["converted"].sum(), len(treated), control["converted"].sum(), len(control), confidence=0.99)
        cells = truth[(truth["campaign_id"] == campaign_id) & (truth["stage"] == "all")]
        mix = treated["channel"].value_counts(normalize=True)
        true_uplift = float((cells.set_index("channel")["true_uplift"] * mix).sum())
        assert result.ci_low < true_uplift < result.ci_high, campaign_id


def test_traffic_covers_before_during_after(world):
    traffic = world["campaign_traffic"]
    assert set(traffic["phase"]) == {"before", "during", "after"}
    assert (traffic.loc[traffic["phase"] != "during", "campaign_visits"] == 0).all()
    assert (traffic["visits"] >= traffic["campaign_visits"]).all()


# --- uplift -------------------------------------------------------------------


def test_two_model_uplift_finds_who_is_moved():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(6000, 2))
    treated = rng.random(6000) < 0.5
    p = 0.10 + 0.15 * treated * (x[:, 0] > 0)
    converted = rng.random(6000) < p
    model = campaign.TwoModelUplift().fit(x, treated, converted)
    assert model.n_features_in_ == 2
    score = model.predict(x)
    table = campaign.uplift_by_decile(score, treated, converted)
    assert table["uplift"].head(3).mean() > table["uplift"].tail(3).mean() + 0.08
    curve = campaign.qini_curve(score, treated, converted)
    assert curve["qini"].iloc[5] > curve["random"].iloc[5]


def test_qini_end_point_is_the_overall_incremental_responses():
    rng = np.random.default_rng(2)
    treated = rng.random(1000) < 0.5
    converted = rng.random(1000) < 0.1 + 0.05 * treated
    curve = campaign.qini_curve(rng.random(1000), treated, converted)
    expected = converted[treated].sum() - converted[~treated].sum() * treated.sum() / (~treated).sum()
    assert curve["qini"].iloc[-1] == pytest.approx(expected)


def test_uplift_model_refuses_a_group_without_responders():
    with pytest.raises(ValueError, match="control"):
        campaign.TwoModelUplift().fit(np.zeros((4, 1)), [True, True, False, False], [True, False, False, False])


# --- the simulator -------------------------------------------------------------------


def test_simulator_is_seeded_and_checks_its_input():
    stages = lifecycle_stages(data.load("orders"), "2025-12-20")
    audience = stages[stages["stage"] == "development"]
    first = campaign.simulate_campaign(audience, "sms", Offer("coupon", amount=20), seed=3)
    again = campaign.simulate_campaign(audience, "sms", Offer("coupon", amount=20), seed=3)
    pd.testing.assert_frame_equal(first, again)
    assert len(first) == len(audience)
    with pytest.raises(ValueError, match="channel"):
        campaign.simulate_campaign(audience, "fax", Offer("coupon", amount=20))
    with pytest.raises(ValueError, match="holdout_share"):
        campaign.simulate_campaign(audience, "sms", Offer("coupon", amount=20), holdout_share=0)


def test_simulated_uplift_matches_the_worlds_truth():
    from crmkit.synth.campaigns import true_uplift

    stages = lifecycle_stages(data.load("orders"), "2025-12-20")
    audience = pd.concat([stages] * 20, ignore_index=True)
    offer = Offer("percent_off", rate=0.10)
    plan = campaign.simulate_campaign(audience, "sms", offer, holdout_share=0.5, seed=4)
    treated = plan[plan["group"] == "treatment"]
    control = plan[plan["group"] == "control"]
    result = lift(treated["converted"].sum(), len(treated), control["converted"].sum(), len(control), confidence=0.999)
    assert result.ci_low < true_uplift(audience, "sms", offer).mean() < result.ci_high


# --- the campaign plan and its checker -------------------------------------------------


def _plan_table() -> pd.DataFrame:
    return pd.DataFrame({"customer_id": [f"C{i}" for i in range(2000)], "orders": [1, 3] * 1000,
                         "marketing_opt_in": [True] * 1999 + [False]})


def _sound_plan(**changes):
    fields = dict(name="test", audience="orders >= 3 and marketing_opt_in", appeal="thanks", channel="sms",
                  start="2025-12-20", end="2025-12-31", cost_per_contact=0.5, primary_measure="incremental_profit",
                  decision_rule="repeat if incremental profit > 0", goals_set_on="2025-12-01", baseline_rate=0.1,
                  target_lift=0.08, holdout_share=0.5, margin_per_response=80.0, fixed_cost=0.0, owner="CRM team")
    fields.update(changes)
    return campaign.CampaignPlan(**fields)


def _status(report: pd.DataFrame, check: str) -> str:
    return report.loc[report["check"] == check, "status"].item()


def test_a_sound_plan_passes_every_step():
    report = campaign.check_plan(_sound_plan(), _plan_table())
    assert report["status"].eq("ok").all(), report
    assert list(report["element"].unique()) == ["audience", "content", "touch points", "goals", "resources"]
    assert "999 of 2000" in report.loc[0, "detail"]


@pytest.mark.parametrize("changes, check, status", [
    ({"audience": ""}, "audience selects customers", "missing"),
    ({"audience": "orders > 99"}, "audience selects customers", "unsound"),
    ({"audience": "no_such_column > 1"}, "audience selects customers", "unsound"),
    ({"audience": "orders >= 3"}, "only customers who consented", "unsound"),
    ({"appeal": " "}, "appeal stated", "missing"),
    ({"channel": ""}, "channel chosen", "missing"),
    ({"end": "2025-12-01"}, "window set", "unsound"),
    ({"cost_per_contact": None}, "cost per contact", "missing"),
    ({"primary_measure": ""}, "success measure", "missing"),
    ({"primary_measure": "textbook_roi"}, "success measure", "unsound"),
    ({"decision_rule": ""}, "decision rule", "missing"),
    ({"goals_set_on": "2026-01-05"}, "goals written before the start", "unsound"),
    ({"goals_set_on": "2025-12-20"}, "goals written before the start", "unsound"),
    ({"holdout_share": None}, "hold-out detects the target lift", "missing"),
    ({"holdout_share": 0.02}, "hold-out detects the target lift", "unsound"),
    ({"holdout_share": 0.0}, "hold-out detects the target lift", "unsound"),
    ({"target_lift": 0.02}, "hold-out detects the target lift", "unsound"),
    ({"margin_per_response": 5.0}, "target lift pays", "unsound"),
    ({"fixed_cost": None}, "fixed cost budgeted", "missing"),
    ({"owner": ""}, "owner named", "missing"),
])
def test_the_checker_names_the_step_a_plan_misses(changes, check, status):
    report = campaign.check_plan(_sound_plan(**changes), _plan_table())
    assert _status(report, check) == status
    assert (report["status"] != "ok").sum() >= 1


def test_a_hold_out_too_small_reports_what_it_can_detect():
    report = campaign.check_plan(_sound_plan(holdout_share=0.05, target_lift=0.03), _plan_table())
    detail = report.loc[report["check"] == "hold-out detects the target lift", "detail"].item()
    assert "power" in detail and "smallest lift detectable" in detail


def test_smallest_detectable_lift_inverts_the_power():
    lift = campaign.smallest_detectable_lift(0.09, 1000, 1000)
    assert campaign.power_two_proportions(0.09, 0.09 + lift, 1000) == pytest.approx(0.8, abs=1e-6)
    # agrees with the sample size of equal groups
    n = campaign.sample_size_two_proportions(0.09, 0.09 + lift)
    assert abs(n - 1000) <= 1
    # a test of two customers detects nothing
    assert campaign.smallest_detectable_lift(0.5, 1, 1) == pytest.approx(0.5)


def test_plan_fields_are_checked_when_given():
    with pytest.raises(ValueError, match="channel"):
        campaign.CampaignPlan("x", channel="fax")
    with pytest.raises(ValueError, match="primary_measure"):
        campaign.CampaignPlan("x", primary_measure="vibes")
    with pytest.raises(ValueError, match="holdout_share"):
        campaign.CampaignPlan("x", holdout_share=30)
    with pytest.raises(ValueError, match="offer"):
        campaign.CampaignPlan("x", offer="coupon")
    with pytest.raises(ValueError, match="plan"):
        campaign.check_plan({"audience": "orders > 1"}, _plan_table())


def test_channels_are_the_data_worlds():
    from crmkit.world.campaigns import CHANNELS
    assert campaign.CHANNELS == CHANNELS


def test_audience_table_adds_consent_and_mean_order(world):
    table = campaign.audience_table(data.load("orders"), world["customers"], "2025-12-31")
    assert len(table) == len(world["customers"])
    assert table["marketing_opt_in"].sum() == world["customers"]["marketing_opt_in"].sum()
    buyers = table[table["orders"] > 0]
    assert (buyers["mean_order"] - buyers["spend"] / buyers["orders"]).abs().max() < 0.01
    assert (table.loc[table["orders"] == 0, "mean_order"] == 0).all()
