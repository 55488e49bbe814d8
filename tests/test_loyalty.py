"""crmkit.loyalty: loyalty measures, retention models, programme KPIs and design, IFRS 15 points accounting.

Published references the numbers are checked against:

- Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention.
  Journal of Interactive Marketing, 21(1), 76-90. The "regular" and "high end"
  survivor counts of 1,000 customers over years 0-7 (from Berry & Linoff 2004),
  and the maximum-likelihood sBG estimates: regular alpha = 0.704, beta = 1.182;
  high end alpha = 0.668, beta = 3.806. (Mind the pairing: the high-end cohort,
  which keeps 87% in year 1, has the *larger* beta.)
- IFRS 15 Revenue from Contracts with Customers, Illustrative Examples,
  Example 52 "Customer loyalty programme" (IE267-IE270): sales of CU100,000 earn
  10,000 points worth CU1 each; 9,500 expected to be redeemed; allocation
  CU91,324 to the products and CU8,676 to the points; year 1: 4,500 redeemed,
  revenue CU4,110; year 2: 8,500 redeemed in total, expectation revised to
  9,700, revenue CU3,493 (cumulative 7,603).
"""

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from crmkit import data, loyalty

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]
# Years 8-12, held out of the fit in the paper (Fader & Hardie 2007, Table 1).
REGULAR_LATER = [223, 207, 194, 183, 173]
HIGH_END_LATER = [468, 445, 427, 409, 394]


# --- the attitude x behaviour matrix ------------------------------------------------

def test_loyalty_segment_names_each_cell_and_keeps_the_index():
    attitude = pd.Series([6.0, 6.0, 2.0, 2.0, 5.0], index=list("abcde"))
    behaviour = [4, 1, 4, 1, 3]
    segments = loyalty.loyalty_segment(attitude, behaviour, attitude_cut=5, behaviour_cut=3)
    assert segments.to_dict() == {"a": "true", "b": "latent", "c": "inertia", "d": "none", "e": "true"}
    assert set(loyalty.SEGMENT_STRATEGY) == {"true", "latent", "inertia", "none"}


def test_loyalty_segment_rejects_mismatched_lengths_and_bad_cuts():
    with pytest.raises(ValueError, match="same length"):
        loyalty.loyalty_segment([1, 2], [1], 1, 1)
    with pytest.raises(ValueError, match="attitude_cut"):
        loyalty.loyalty_segment([1], [1], "high", 1)
    with pytest.raises(ValueError, match="behaviour"):
        loyalty.loyalty_segment([1], [float("nan")], 1, 1)


# --- behavioural measures --------------------------------------------------------------

def test_repeat_purchase_rate_counts_customers_not_orders():
    orders = pd.DataFrame({"customer_id": ["a"] * 5 + ["b", "c", "d"]})
    assert loyalty.repeat_purchase_rate(orders) == 0.25


def test_repeat_purchase_rate_on_the_shop_matches_a_direct_count():
    orders = data.load("orders")
    counts = orders["customer_id"].value_counts()
    assert loyalty.repeat_purchase_rate(orders) == pytest.approx((counts > 1).sum() / len(counts))


def test_repeat_purchase_rate_errors_name_the_argument():
    with pytest.raises(ValueError, match="^orders lacks the column"):
        loyalty.repeat_purchase_rate(pd.DataFrame({"id": [1]}))
    with pytest.raises(ValueError, match="empty"):
        loyalty.repeat_purchase_rate(pd.DataFrame({"customer_id": []}))


def test_inter_purchase_days_sorts_within_customer():
    orders = pd.DataFrame({
        "customer_id": ["a", "b", "a", "a"],
        "order_date": pd.to_datetime(["2024-03-01", "2024-01-01", "2024-01-01", "2024-01-31"]),
    })
    gaps = loyalty.inter_purchase_days(orders)
    assert gaps.tolist() == [30.0, 30.0] and list(gaps.index) == ["a", "a"]


def test_deal_share_and_negative_discounts():
    orders = pd.DataFrame({"customer_id": ["a", "a", "a", "b"], "discount": [0, 5, 5, 0]})
    assert loyalty.deal_share(orders)["a"] == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="negative"):
        loyalty.deal_share(orders.assign(discount=[-1, 0, 0, 0]))


def test_share_of_wallet_caps_and_warns():
    with pytest.warns(UserWarning, match="1 customer"):
        share = loyalty.share_of_wallet([300.0, 100.0], [200.0, 400.0])
    assert share.tolist() == [1.0, 0.25]
    with pytest.raises(ValueError, match="category_spend"):
        loyalty.share_of_wallet([1.0], [0.0])


def test_repurchased_within_leaves_out_events_too_recent_to_judge():
    orders = pd.DataFrame({
        "customer_id": ["a", "a", "b", "b"],
        "order_date": pd.to_datetime(["2024-01-01", "2024-05-01", "2024-01-01", "2024-12-31"]),
    })
    events = pd.DataFrame({"customer_id": ["a", "b", "a"],
                           "event_date": pd.to_datetime(["2024-01-02", "2024-01-02", "2024-12-01"])})
    with pytest.warns(UserWarning, match="1 event"):
        result = loyalty.repurchased_within(events, orders, days=180)
    assert result.tolist() == [True, False] and list(result.index) == [0, 1]
    with pytest.raises(ValueError, match="days"):
        loyalty.repurchased_within(events, orders, days=0)


# --- cohorts and the sBG model ---------------------------------------------------------

def test_cohort_retention_by_hand():
    orders = pd.DataFrame({
        "customer_id": ["a", "a", "a", "b", "b", "c", "d"],
        "order_date": pd.to_datetime(["2024-01-03", "2024-01-20", "2024-03-05", "2024-01-15", "2024-02-01", "2024-02-10", "2024-03-30"]),
    })
    table = loyalty.cohort_retention(orders)
    january = table.loc[pd.Period("2024-01", "M")]
    assert january.tolist() == [1.0, 0.5, 0.5]
    february = table.loc[pd.Period("2024-02", "M")]
    assert february[0] == 1.0 and february[1] == 0.0 and math.isnan(february[2])
    assert table.attrs["cohort_size"].tolist() == [2, 1, 1]


def test_cohort_retention_rejects_unknown_freq():
    with pytest.raises(ValueError, match="freq"):
        loyalty.cohort_retention(pd.DataFrame({"customer_id": ["a"], "order_date": pd.to_datetime(["2024-01-01"])}), freq="W")


@pytest.mark.parametrize(
    "survivors, alpha, beta",
    [(REGULAR, 0.704, 1.182), (HIGH_END, 0.668, 3.806)],
    ids=["regular", "high_end"],
)
def test_sbg_reproduces_fader_hardie_2007_estimates(survivors, alpha, beta):
    # Fader & Hardie (2007), "How to project customer retention", J. Interactive Marketing 21(1): MLEs on years 0-7.
    model = loyalty.ShiftedBetaGeo().fit(survivors)
    assert model.params_["alpha"] == pytest.approx(alpha, abs=0.001)
    assert model.params_["beta"] == pytest.approx(beta, abs=0.001)


@pytest.mark.parametrize("survivors, later", [(REGULAR, REGULAR_LATER), (HIGH_END, HIGH_END_LATER)], ids=["regular", "high_end"])
def test_sbg_projects_the_held_out_years_closely(survivors, later):
    # The paper's point: fitted on 7 years, the sBG projects years 8-12 within a couple of points.
    model = loyalty.ShiftedBetaGeo().fit(survivors)
    projected = model.survival(np.arange(8, 13)) * 1000
    assert np.max(np.abs(projected - np.array(later))) < 25


def test_sbg_retention_rises_with_tenure_and_matches_survival():
    model = loyalty.ShiftedBetaGeo().fit(REGULAR)
    rates = model.retention_rate(np.arange(1, 8))
    assert np.all(np.diff(rates) > 0)
    survival = model.survival(np.arange(0, 8))
    assert np.allclose(survival[1:] / survival[:-1], rates)


def test_sbg_expected_lifetime_closed_form_agrees_with_the_sum():
    model = loyalty.ShiftedBetaGeo().fit(HIGH_END)
    closed = model.expected_lifetime(discount_rate=0.10)
    summed = model.expected_lifetime(discount_rate=0.10, horizon=3000)
    assert closed == pytest.approx(summed, rel=1e-6)
    assert model.expected_lifetime() == math.inf  # alpha < 1: the undiscounted mean diverges


def test_sbg_undiscounted_lifetime_when_alpha_above_one():
    model = loyalty.ShiftedBetaGeo()
    model.params_ = {"alpha": 3.0, "beta": 5.0}
    assert model.expected_lifetime() == pytest.approx((3 + 5 - 1) / (3 - 1))
    assert model.expected_lifetime(horizon=5000) == pytest.approx(3.5, rel=1e-3)


def test_sbg_input_errors():
    with pytest.raises(ValueError, match="survivors\\[0\\]"):
        loyalty.ShiftedBetaGeo().fit([0, 0])
    with pytest.raises(ValueError, match="increase"):
        loyalty.ShiftedBetaGeo().fit([100, 80, 90])
    with pytest.raises(ValueError, match="not fitted"):
        loyalty.ShiftedBetaGeo().survival(1)
    with pytest.raises(ValueError, match="t must be >= 1"):
        loyalty.ShiftedBetaGeo().fit(REGULAR).retention_rate(0)


# --- retention economics -----------------------------------------------------------------

def test_customer_value_closed_form_equals_a_long_sum():
    margin, retention, rate, growth = 50.0, 0.7, 0.1, 0.05
    terms = [margin * (retention * (1 + growth) / (1 + rate)) ** t for t in range(2000)]
    assert loyalty.customer_value(margin, retention, rate, growth) == pytest.approx(sum(terms))


def test_five_point_gain_depends_on_the_base_retention():
    # The 25-85% of Reichheld & Sasser (1990) needs high retention and margins that grow with tenure;
    # at e-commerce retention levels a 5-point gain is worth far less.
    high = loyalty.retention_gain(100, 0.90, 0.10, gain=0.05, margin_growth=0.05)["change"]
    low = loyalty.retention_gain(100, 0.30, 0.10, gain=0.05)["change"]
    assert high > 0.5
    assert low == pytest.approx(0.8 / 0.75 - 1)
    with pytest.raises(ValueError, match="retention"):
        loyalty.customer_value(100, 1.2, 0.1)
    with pytest.raises(ValueError, match="infinite"):
        loyalty.customer_value(100, 1.0, 0.0)


# --- monitoring KPIs and tiers --------------------------------------------------------------

def test_member_kpis_on_a_small_case():
    members = pd.DataFrame({"customer_id": ["a", "b", "c"],
                            "join_date": pd.to_datetime(["2023-01-05", "2023-01-10", "2024-02-01"])})
    orders = pd.DataFrame({
        "customer_id": ["a", "b", "x", "a", "c"],
        "order_date": pd.to_datetime(["2023-01-05", "2023-01-10", "2023-01-11", "2024-02-15", "2024-02-01"]),
        "amount": [100.0, 100.0, 200.0, 50.0, 50.0],
    })
    kpis = loyalty.member_kpis(members, orders)
    assert kpis.loc[pd.Period("2023-01", "M"), "member_sales_share"] == 0.5
    assert kpis.loc[pd.Period("2024-02", "M"), "new_member_rate"] == 0.5
    assert kpis.loc[pd.Period("2024-02", "M"), "member_activity"] == pytest.approx(2 / 3)
    # b bought last on 2023-01-10: she lapses (365 days) in January 2024; a is still within a year then.
    assert kpis.loc[pd.Period("2024-01", "M"), "member_churn"] == 1.0


def test_member_kpis_on_the_shop_are_shares():
    kpis = loyalty.member_kpis(data.load("members"), data.load("orders"))
    assert len(kpis) == 36
    shares = kpis[["member_sales_share", "member_activity"]].dropna()
    assert ((shares >= 0) & (shares <= 1)).all().all()
    assert kpis["members"].is_monotonic_increasing


def test_tiers_and_threshold_for_share():
    growth = np.arange(1, 1001, dtype=float)
    top = loyalty.threshold_for_share(growth, 0.05)
    mix = loyalty.tier_mix(growth, {"member": 0, "top": top})
    assert mix["top"] == pytest.approx(0.05, abs=0.002)
    with pytest.raises(ValueError, match="start at 0"):
        loyalty.assign_tiers([1.0], {"silver": 100})
    with pytest.raises(ValueError, match="increase"):
        loyalty.assign_tiers([1.0], [("a", 0), ("b", 500), ("c", 400)])
    with pytest.raises(ValueError, match="share"):
        loyalty.threshold_for_share(growth, 0.0)


# --- IFRS 15 ----------------------------------------------------------------------------------

def test_allocate_points_reproduces_ifrs15_example_52():
    # IFRS 15 IE267-IE270 (Example 52): CU91,324 to products, CU8,676 to points.
    goods, deferred = loyalty.allocate_points(100_000, 10_000, 1.0, 0.95)
    assert round(goods) == 91_324 and round(deferred) == 8_676
    assert goods + deferred == pytest.approx(100_000)


def test_points_revenue_reproduces_ifrs15_example_52_with_revised_estimate():
    year_1 = loyalty.points_revenue(8_676, 4_500, 9_500)
    cumulative_2 = loyalty.points_revenue(8_676, 8_500, 9_700)
    assert round(year_1) == 4_110
    assert round(cumulative_2 - year_1) == 3_493
    assert round(8_676 - cumulative_2) == 1_073  # contract liability left at the end of year 2


def test_ifrs15_inputs_are_checked():
    with pytest.raises(ValueError, match="redemption_rate"):
        loyalty.allocate_points(100, 10, 1.0, 1.5)
    with pytest.raises(ValueError, match="sales"):
        loyalty.allocate_points(0, 10, 1.0, 0.5)
    with pytest.raises(ValueError, match="point_value"):
        loyalty.allocate_points(100, 10, 0, 0.5)
    with pytest.raises(ValueError, match="expected_redemptions"):
        loyalty.points_revenue(100, 50, 40)


# --- the simulator --------------------------------------------------------------------------

def test_simulator_accounts_for_every_point_and_the_liability():
    spend = np.array([0.0, 300.0, 800.0, 2500.0, 6000.0])
    rules = loyalty.ProgrammeRules(multipliers=(1, 1, 1, 1), welcome_bonus=0, interaction_points=0, referral_points=0)
    assumptions = loyalty.ProgrammeAssumptions(redemption_rate=0.8, redeemed_in_year=0.5, spend_lift=0.0)
    result = loyalty.simulate_programme(spend, rules, assumptions)
    assert result["points_issued"] == spend.sum()  # 1 point per CNY, no extras
    assert result["breakage_points"] == pytest.approx(0.2 * spend.sum())
    assert result["reward_cost"] == pytest.approx(0.8 * spend.sum() * 0.01 * 0.6)
    goods, deferred = loyalty.allocate_points(spend.sum(), spend.sum(), 0.01, 0.8)
    assert result["deferred_revenue"] == pytest.approx(deferred)
    assert result["liability_end_of_year"] == pytest.approx(deferred * (1 - 0.5 / 0.8))
    assert sum(result[f"share_{name}"] for name, _ in rules.tiers) == pytest.approx(1.0)


def test_simulator_tiered_conversion_and_multipliers():
    rules = loyalty.ProgrammeRules(earn_bands=((0, 1.0), (1000, 2.0)), tiers=(("member", 0),), multipliers=(1.5,),
                                   welcome_bonus=0, interaction_points=0, referral_points=0)
    result = loyalty.simulate_programme([1500.0], rules, loyalty.ProgrammeAssumptions(spend_lift=0.0))
    assert result["points_issued"] == (1000 * 1 + 500 * 2) * 1.5


def test_compare_programmes_same_members_and_errors():
    spend = data.load("orders").groupby("customer_id")["amount"].sum().to_numpy()
    generous = loyalty.ProgrammeRules(name="generous", earn_rate=2.0)
    table = loyalty.compare_programmes(spend, {"base": (loyalty.ProgrammeRules(), loyalty.ProgrammeAssumptions()),
                                               "generous": (generous, loyalty.ProgrammeAssumptions())})
    assert table.loc["members", "base"] == table.loc["members", "generous"] == len(spend)
    assert table.loc["cost_pct_sales", "generous"] > table.loc["cost_pct_sales", "base"]
    with pytest.raises(ValueError, match="multipliers"):
        loyalty.ProgrammeRules(multipliers=(1.0, 1.0))
    with pytest.raises(ValueError, match="redeemed_in_year"):
        loyalty.ProgrammeAssumptions(redemption_rate=0.5, redeemed_in_year=0.6)
    with pytest.raises(ValueError, match="spend"):
        loyalty.simulate_programme([-1.0])
    with pytest.raises(ValueError, match="candidates"):
        loyalty.compare_programmes(spend, {})


# --- the membership data are consistent with the orders ---------------------------------------

def test_points_ledger_is_consistent_with_orders_and_rules():
    from crmkit.synth.membership import PARAMS, TIERS

    orders = data.load("orders").set_index("order_id")
    ledger = data.load("points_ledger")
    members = data.load("members").set_index("customer_id")
    earn = ledger[ledger["entry_type"] == "earn"]
    assert earn["order_id"].isin(orders.index).all()
    assert (orders.loc[earn["order_id"], "customer_id"].to_numpy() == earn["customer_id"].to_numpy()).all()
    multiplier = earn["tier"].astype(str).map(dict(zip(TIERS, PARAMS.multipliers)))
    expected = np.floor(orders.loc[earn["order_id"], "amount"].to_numpy() * PARAMS.earn_rate * multiplier.to_numpy())
    assert (earn["points"].to_numpy() == expected).all(), "earned points must follow the earn rule"
    join = members.loc[earn["customer_id"], "join_date"].to_numpy()
    assert (earn["entry_date"].to_numpy() >= join).all(), "points earned before joining"
    assert (ledger["balance_after"] >= 0).all(), "a redemption went beyond the balance"
    running = ledger.groupby("customer_id")["points"].cumsum()
    assert (running == ledger["balance_after"]).all()
    final = ledger.groupby("customer_id")["balance_after"].last()
    assert (members.loc[final.index, "points_balance"] == final).all()
    expiries = ledger[ledger["entry_type"] == "expire"]
    assert set(expiries["entry_date"].dt.strftime("%m-%d")) == {"12-31"}


def test_members_tiers_follow_growth_value():
    from crmkit.synth.membership import PARAMS

    members = data.load("members")
    thresholds = {"member": 0, "silver": PARAMS.silver_threshold, "gold": PARAMS.gold_threshold, "diamond": PARAMS.diamond_threshold}
    assert (loyalty.assign_tiers(members["growth_value"], thresholds).astype(str) == members["tier"].astype(str)).all()


def test_incidents_and_survey_reference_real_orders_and_buyers():
    orders = data.load("orders")
    incidents = data.load("quality_incidents")
    survey = data.load("loyalty_attitudes")
    assert incidents["order_id"].isin(orders["order_id"]).all()
    assert survey["customer_id"].isin(orders["customer_id"]).all() and survey["customer_id"].is_unique
    items = survey[["recommend", "prefer", "price_tolerance", "incident_tolerance"]]
    assert items.isin(range(1, 8)).all().all()
    counts = orders.groupby("customer_id").size().reindex(survey["customer_id"]).to_numpy()
    correlation = np.corrcoef(items.mean(axis=1), np.log(counts))[0, 1]
    assert 0.25 < correlation < 0.75, "attitude should go with behaviour, but not perfectly"


def test_expiries_remove_exactly_the_unused_points_of_the_year_before():
    # Replay the ledger with points kept by the year earned, oldest used first (the card's rule),
    # and check each 31 December expiry removes exactly what was left of the year before last.
    ledger = data.load("points_ledger")
    for customer_id, entries in ledger.groupby("customer_id", sort=False):
        buckets: dict[int, int] = {}
        for entry in entries.itertuples(index=False):
            year = entry.entry_date.year
            if entry.entry_type == "expire":
                assert -entry.points == buckets.get(year - 1, 0), f"{customer_id}: wrong expiry on {entry.entry_date.date()}"
                buckets[year - 1] = 0
            elif entry.points > 0:
                buckets[year] = buckets.get(year, 0) + entry.points
            else:
                remaining = -entry.points
                for bucket in sorted(buckets):
                    used = min(buckets[bucket], remaining)
                    buckets[bucket] -= used
                    remaining -= used
                assert remaining == 0, f"{customer_id}: redeemed more than the balance on {entry.entry_date.date()}"


# --- Issue 13: the textbook's repeat-purchase rate and the repeat-buyer share, named apart ---------------------

def test_purchases_per_customer_and_repeat_buyer_share_are_different_measures():
    orders = pd.DataFrame({"customer_id": ["a"] * 10 + ["b", "c", "c", "d"]})
    assert loyalty.purchases_per_customer(orders) == pytest.approx(14 / 4)  # the textbook's 重复购买率
    assert loyalty.repeat_buyer_share(orders) == 0.5  # 复购客户比例
    assert loyalty.repeat_purchase_rate(orders) == loyalty.repeat_buyer_share(orders)  # the older name


def test_purchases_per_customer_refuses_an_empty_table():
    with pytest.raises(ValueError, match="orders is empty"):
        loyalty.purchases_per_customer(pd.DataFrame({"customer_id": []}))


def test_higher_expected_breakage_reduces_the_deferral():
    deferred = [loyalty.allocate_points(100_000, 10_000, 1.0, rate)[1] for rate in (1.0, 0.95, 0.8, 0.6)]
    assert deferred == sorted(deferred, reverse=True)
    assert deferred[-1] == pytest.approx(5660.38)


# --- Issue 13: scoring member-programme designs (Lab 5.3) ----------------------------------------------------

def _year_2025():
    from crmkit import data
    orders = data.load("orders")
    year = orders[orders["order_date"].dt.year == 2025].groupby("customer_id")["amount"].agg(["sum", "size"])
    return data.load("member_programme_designs"), year["sum"].to_numpy(), year["size"].to_numpy()


def test_score_designs_converts_points_thresholds_and_counts_reach_at_or_above():
    from crmkit import programme
    designs, spend, orders = _year_2025()
    scores = programme.score_designs(designs, spend, orders).set_index(["design", "tier"])
    assert scores.loc[("B", "silver"), "threshold_cny"] == 500.0  # 1,000 growth points at 2 per CNY
    assert scores.loc[("B", "silver"), "reach"] == pytest.approx((spend >= 500).mean())
    assert scores.loc[("B", "silver"), "share"] == pytest.approx(((spend >= 500) & (spend < 2000)).mean())
    assert scores.groupby("design")["share"].sum().tolist() == pytest.approx([1.0] * 4)


def test_score_designs_cost_agrees_with_a_hand_calculation():
    from crmkit import programme
    designs, spend, orders = _year_2025()
    vip3 = (spend >= 1000) & (spend < 3000)
    by_hand = (spend[vip3] * 0.05 + spend[vip3] * 1.5 * 0.01 + orders[vip3] * 8.0 + 10 + 30).sum()
    scores = programme.score_designs(designs, spend, orders).set_index(["design", "tier"])
    assert scores.loc[("A", "VIP3"), "benefit_cost"] == pytest.approx(by_hand)
    assert scores.loc[("D", "fan"), "touch_points_per_month"] == 14


def test_score_designs_names_the_design_with_bad_thresholds():
    from crmkit import programme
    designs, spend, orders = _year_2025()
    broken = designs.copy()
    broken.loc[(broken["design"] == "C") & (broken["tier_rank"] == 2), "threshold"] = 0.0
    with pytest.raises(ValueError, match="design 'C'"):
        programme.score_designs(broken, spend, orders)
