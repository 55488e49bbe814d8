"""crmkit.segmentation: RFM, Pareto/ABC, value tiers, importance scores, relationship stages."""

import numpy as np
import pandas as pd
import pytest

from crmkit import data, segmentation as seg


@pytest.fixture
def orders() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b", "c", "c", "d"],
            "order_date": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-06-20", "2025-03-01", "2024-06-01", "2025-06-29", "2025-07-15"]),
            "amount": [100.0, 50.0, 70.0, 500.0, 30.0, 20.0, 10.0],
        }
    )


def test_rfm_table_counts_up_to_the_analysis_date(orders):
    with pytest.warns(UserWarning, match="left out 1 transaction"):
        rfm = seg.rfm_table(orders, as_of="2025-06-30")
    assert list(rfm.index) == ["a", "b", "c"]
    assert rfm.loc["a"].tolist() == [10, 3, 220.0]
    assert rfm.loc["b", "recency_days"] == (pd.Timestamp("2025-06-30") - pd.Timestamp("2025-03-01")).days
    assert rfm.loc["c", "recency_days"] == 1


def test_rfm_on_the_shop_matches_a_plain_pandas_count():
    orders = data.load("orders")
    rfm = seg.rfm_table(orders)
    assert rfm["frequency"].sum() == len(orders)
    assert rfm["monetary"].sum() == pytest.approx(orders["amount"].sum())
    assert rfm["recency_days"].min() == 0


def test_rfm_scores_give_ties_one_score_and_higher_is_better():
    rfm = pd.DataFrame(
        {"recency_days": [1, 10, 100, 1000, 5], "frequency": [1, 1, 1, 4, 9], "monetary": [10.0, 20.0, 30.0, 40.0, 50.0]},
        index=list("vwxyz"),
    )
    scored = seg.rfm_scores(rfm, bins=5)
    assert scored["M"].tolist() == [1, 2, 3, 4, 5]
    assert scored["R"].tolist() == [5, 3, 2, 1, 4]
    assert scored["F"].tolist() == [1, 1, 1, 4, 5]  # the three one-time buyers tie on F = 1
    assert scored.loc["z", "rfm_cell"] == "455"
    assert scored[["R", "F", "M"]].min().min() >= 1 and scored[["R", "F", "M"]].max().max() <= 5


@pytest.mark.parametrize("bins", [1, 10, 2.5])
def test_rfm_scores_refuse_bins_that_cannot_make_a_cell(bins):
    rfm = pd.DataFrame({"recency_days": [1], "frequency": [1], "monetary": [1.0]})
    with pytest.raises(ValueError, match="bins must be an integer from 2 to 9"):
        seg.rfm_scores(rfm, bins=bins)


def test_rfm_segment_names_follow_the_rules():
    scores = pd.DataFrame({"R": [5, 3, 5, 3, 2, 1], "F": [5, 3, 1, 2, 4, 1]})
    assert seg.rfm_segment(scores).tolist() == ["champions", "loyal", "new", "promising", "at risk", "hibernating"]
    with pytest.raises(ValueError, match="1-5 scale"):
        seg.rfm_segment(pd.DataFrame({"R": [7], "F": [1]}))


@pytest.mark.parametrize(
    "frame, message",
    [
        (pd.DataFrame({"customer_id": ["a"], "order_date": pd.to_datetime(["2025-01-01"])}), r"lacks the column\(s\) \['amount'\]"),
        (pd.DataFrame({"customer_id": [], "order_date": pd.to_datetime([]), "amount": []}), "empty"),
        (pd.DataFrame({"customer_id": ["a"], "order_date": pd.to_datetime(["2025-01-01"]), "amount": [-5.0]}), "must not be negative"),
    ],
)
def test_rfm_table_refuses_bad_input(frame, message):
    with pytest.raises(ValueError, match=message):
        seg.rfm_table(frame)


def test_rfm_table_refuses_an_analysis_date_before_every_order(orders):
    with pytest.raises(ValueError, match="no transaction falls on or before"):
        seg.rfm_table(orders, as_of="2020-01-01")


def test_top_share_and_abc_classes():
    values = pd.Series([500.0, 300.0, 100.0, 60.0, 40.0], index=list("abcde"))
    assert seg.top_share(values, 0.2) == pytest.approx(0.5)
    assert seg.top_share(values, 0.4) == pytest.approx(0.8)
    assert seg.top_share(values, 1.0) == pytest.approx(1.0)
    classes = seg.abc_classes(values.sample(frac=1, random_state=1))
    assert classes.sort_index().tolist() == ["A", "A", "B", "B", "C"]


def test_the_shop_roughly_follows_the_pareto_rule():
    revenue = data.load("orders").groupby("customer_id")["amount"].sum()
    share = seg.top_share(revenue, 0.2)
    assert 0.55 < share < 0.85
    classes = seg.abc_classes(revenue)
    assert revenue[classes == "A"].sum() / revenue.sum() >= 0.8
    assert revenue[classes != "C"].sum() / revenue.sum() >= 0.95


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: seg.top_share([], 0.2), "empty"),
        (lambda: seg.top_share([1.0, -2.0], 0.2), "negative"),
        (lambda: seg.top_share([0.0, 0.0], 0.2), "sum to 0"),
        (lambda: seg.top_share([1.0, 2.0], 0.0), "share must be in"),
        (lambda: seg.abc_classes([1.0, 2.0], cuts=(0.9, 0.8)), "cuts must satisfy"),
        (lambda: seg.abc_classes([1.0, -2.0]), "negative"),
    ],
)
def test_pareto_tools_refuse_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_value_tiers_rules():
    current = pd.Series([100.0, 5.0, -30.0, 10.0, 2.0, 50.0, 1.0, 0.0, 3.0, 4.0], index=list("abcdefghij"))
    potential = pd.Series([80.0, 90.0, 10.0, 5.0, 1.0, 60.0, -5.0, 40.0, 3.0, 2.0], index=current.index)
    tiers = seg.value_tiers(current, potential, top=0.2)
    assert tiers["c"] == "below zero" and tiers["g"] == "below zero"
    assert set(tiers[tiers == "most valuable"].index) == {"a", "f"}
    assert set(tiers[tiers == "most growable"].index) == {"b", "h"}
    with pytest.raises(ValueError, match="different lengths"):
        seg.value_tiers([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="top must be in"):
        seg.value_tiers([1.0], [1.0], top=1.5)


def test_importance_score_weights_percentiles():
    table = pd.DataFrame({"revenue": [10.0, 20.0, 30.0, 40.0], "orders": [4, 3, 2, 1]})
    only_revenue = seg.importance_score(table, {"revenue": 1, "orders": 0})
    assert only_revenue.tolist() == [0.0, 25.0, 50.0, 75.0]
    even = seg.importance_score(table, {"revenue": 2, "orders": 2})
    assert even.tolist() == pytest.approx([37.5] * 4)
    with pytest.raises(ValueError, match="negative"):
        seg.importance_score(table, {"revenue": -1})
    with pytest.raises(ValueError, match="all weights are 0"):
        seg.importance_score(table, {"revenue": 0})
    with pytest.raises(ValueError, match=r"lacks the column\(s\) \['profit'\]"):
        seg.importance_score(table, {"profit": 1})


def test_log_scaled_standardises_and_refuses_negative_values():
    scaled = seg.log_scaled(pd.DataFrame({"f": [1, 2, 3, 40], "m": [5.0, 50.0, 500.0, 5000.0]}))
    assert np.allclose(scaled.mean(), 0) and np.allclose(scaled.std(ddof=0), 1)
    with pytest.raises(ValueError, match="negative values in \\['m'\\]"):
        seg.log_scaled(pd.DataFrame({"m": [1.0, -1.0]}))


def test_relationship_stages_on_a_small_shop():
    customers = pd.DataFrame(
        {
            "customer_id": list("pqrstuv"),
            "signup_date": pd.to_datetime(["2023-01-01", "2025-05-01", "2024-01-01", "2024-01-01", "2024-01-01", "2023-01-01", "2025-12-01"]),
            "marketing_opt_in": [True, True, False, False, False, False, True],
        }
    )
    orders = pd.DataFrame(
        {
            "customer_id": ["r", "s", "s", "t", "t", "t", "t", "u"],
            "order_date": pd.to_datetime(["2025-06-01", "2025-01-01", "2025-05-01", "2024-03-01", "2024-09-01", "2025-02-01", "2025-06-01", "2023-03-01"]),
        }
    )
    with pytest.warns(UserWarning, match="left out 1 customer"):
        stages = seg.relationship_stage(customers, orders, as_of="2025-06-30")
    assert stages.to_dict() == {"p": "potential", "q": "target", "r": "first-time", "s": "repeat", "t": "loyal", "u": "lost"}


def test_relationship_stages_of_the_shop_cover_every_stage():
    stages = seg.relationship_stage(data.load("customers"), data.load("orders"), as_of="2025-12-31")
    counts = stages.value_counts()
    assert len(stages) == 5000
    assert (counts > 0).all(), counts.to_dict()
    with pytest.raises(ValueError, match="lost_after_days must be positive"):
        seg.relationship_stage(data.load("customers"), data.load("orders"), as_of="2025-12-31", lost_after_days=0)
    with pytest.raises(ValueError, match=r"lacks the column\(s\) \['marketing_opt_in'\]"):
        seg.relationship_stage(data.load("customers").drop(columns="marketing_opt_in"), data.load("orders"), as_of="2025-12-31")
