"""crmkit.survey: checked against hand calculations, published values and independent implementations.

References
----------
- Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests. Psychometrika 16(3), 297-334.
- pingouin 0.7 ``cronbach_alpha`` and its bundled item data sets (from www.real-statistics.com); its
  documentation gives the values R's ``psych::alpha`` returns on them.
- Berger, C., Blauth, R., Boger, D., et al. (1993). Kano's methods for understanding customer-defined
  quality. Center for Quality of Management Journal 2(4), 3-36: the evaluation table and the
  customer-satisfaction coefficients.
- Reichheld, F. F. (2003). The one number you need to grow. Harvard Business Review 81(12).
- Martilla, J. A. & James, J. C. (1977). Importance-performance analysis. Journal of Marketing 41(1), 77-79.
- Wilson, E. B. (1927). Probable inference... JASA 22(158), 209-212.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
import statsmodels.api as sm
from statsmodels.stats.proportion import proportion_confint

from crmkit import data, survey
from crmkit.synth import surveys as survey_family

# ----------------------------------------------------------------------------- NPS


def test_nps_counts_promoters_minus_detractors():
    # 3 promoters (9, 10, 10), 2 passives (7, 8), 5 detractors (0-6) of 10: 30% - 50% = -20
    scores = [10, 10, 9, 8, 7, 6, 5, 3, 0, 6]
    assert survey.nps(scores) == pytest.approx(-20.0)
    breakdown = survey.nps_breakdown(scores)
    assert breakdown["promoters"] == pytest.approx(0.3)
    assert breakdown["passives"] == pytest.approx(0.2)
    assert breakdown["detractors"] == pytest.approx(0.5)
    assert breakdown["n"] == 10


def test_nps_boundaries_are_9_and_6():
    assert survey.nps([9]) == 100.0 and survey.nps([8]) == 0.0 and survey.nps([7]) == 0.0 and survey.nps([6]) == -100.0


@pytest.mark.parametrize("bad, message", [([11], "between 0 and 10"), ([-1], "between 0 and 10"), ([7.5], "whole numbers"),
                                          ([7, None], "missing"), (["9"], "non-numeric"), ([], "empty")])
def test_nps_rejects_invalid_scores(bad, message):
    with pytest.raises(ValueError, match=message):
        survey.nps(bad)


def test_nps_accepts_nullable_integer_series_without_missing():
    assert survey.nps(pd.Series([10, 0], dtype="Int64")) == 0.0


def test_nps_interval_matches_the_multinomial_formula_and_a_bootstrap():
    # p = 0.4, d = 0.3, n = 100: se = 100 * sqrt((0.7 - 0.01) / 100) = 8.3066
    scores = np.array([10] * 40 + [8] * 30 + [3] * 30)
    low, high = survey.nps_interval(scores)
    assert (high - low) / 2 == pytest.approx(1.959964 * 8.30662, rel=1e-4)
    rng = np.random.default_rng(4)
    boot = [survey.nps(rng.choice(scores, size=len(scores))) for _ in range(4000)]
    assert np.std(boot) == pytest.approx(8.3066, rel=0.05)


def test_nps_interval_narrows_with_the_square_root_of_n():
    base = [10] * 4 + [8] * 3 + [3] * 3
    w_small = np.subtract(*survey.nps_interval(base * 10)[::-1])
    w_large = np.subtract(*survey.nps_interval(base * 40)[::-1])
    assert w_small / w_large == pytest.approx(2.0, rel=1e-9)
    with pytest.raises(ValueError, match="level"):
        survey.nps_interval(base, level=95)


# ----------------------------------------------------------------------------- CSAT


def test_csat_top_box():
    assert survey.csat([5, 4, 3, 2, 1]) == pytest.approx(0.4)
    assert survey.csat([7, 6, 5, 4], scale_max=7, top_box=2) == pytest.approx(0.5)
    assert survey.csat([7, 6, 5, 4], scale_max=7, top_box=1) == pytest.approx(0.25)


@pytest.mark.parametrize("kwargs, message", [({"scale_max": 5, "top_box": 5}, "top_box"), ({"scale_max": 1}, "scale_max")])
def test_csat_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        survey.csat([1, 2], **kwargs)


def test_csat_rejects_codes_outside_the_scale():
    with pytest.raises(ValueError, match="between 1 and 5"):
        survey.csat([6, 5])
    with pytest.raises(ValueError, match="between 1 and 7"):
        survey.csat([0, 5], scale_max=7)


# ----------------------------------------------------------------------------- reliability


def test_cronbach_alpha_by_hand():
    # Item variances 5/3, 2, 19/12 (sum 21/4); totals 4, 7, 9, 13 have variance 57/4.
    # alpha = 3/2 * (1 - (21/4) / (57/4)) = 3/2 * 36/57 = 18/19.
    items = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [2, 2, 3, 5], "q3": [1, 3, 3, 4]})
    assert survey.cronbach_alpha(items) == pytest.approx(18 / 19, abs=1e-12)


def test_cronbach_alpha_matches_psych_on_the_real_statistics_binary_items():
    # pingouin documents R psych::alpha(data, use="complete.obs") = 0.8016949 on this data set
    items = pg.read_dataset("cronbach_wide_missing")
    with pytest.warns(UserWarning, match="dropped 3 of 12 rows"):
        alpha = survey.cronbach_alpha(items)
    assert alpha == pytest.approx(0.8016949152542373, abs=1e-10)
    # median imputation: pingouin documents 0.7380192 for this case
    assert survey.cronbach_alpha(items.fillna(items.median())) == pytest.approx(0.7380191693290734, abs=1e-10)


def test_cronbach_alpha_matches_pingouin_on_the_real_statistics_likert_items():
    long = pg.read_dataset("cronbach_alpha")
    wide = long.pivot(index="Subj", columns="Items", values="Scores")
    assert survey.cronbach_alpha(wide) == pytest.approx(0.5917188485995826, abs=1e-10)


def test_cronbach_alpha_matches_pingouin_on_every_dimension_of_the_survey():
    raw = data.load("survey_responses")
    questionnaire = data.load("survey_questionnaire")
    clean, _log = survey.clean_responses(raw, questionnaire)
    for dimension in ("product", "value", "delivery", "service"):
        items = questionnaire[(questionnaire["block"] == "perception") & (questionnaire["dimension"] == dimension)]
        frame = pd.DataFrame({
            row.item_id: survey.reverse_code(clean[row.item_id].astype("float64"), 1, 7) if row.reverse_coded else clean[row.item_id].astype("float64")
            for row in items.itertuples()
        }).dropna()
        expected, _ci = pg.cronbach_alpha(data=frame)
        assert survey.cronbach_alpha(frame) == pytest.approx(expected, abs=1e-10), dimension


def test_alpha_if_item_dropped_agrees_with_alpha_of_the_rest_and_finds_the_weak_item():
    raw = data.load("survey_responses")
    questionnaire = data.load("survey_questionnaire")
    clean, _log = survey.clean_responses(raw, questionnaire)
    items = clean[["delivery_1", "delivery_2", "delivery_3"]].astype("float64").dropna()
    dropped = survey.alpha_if_item_dropped(items)
    for column in items.columns:
        assert dropped[column] == pytest.approx(pg.cronbach_alpha(data=items.drop(columns=column))[0], abs=1e-10)
    # delivery_3 (parcel lockers) was generated with a weak loading: dropping it raises alpha
    assert dropped.idxmax() == "delivery_3"
    assert dropped["delivery_3"] > survey.cronbach_alpha(items) + 0.1


@pytest.mark.parametrize("frame, message", [
    (pd.DataFrame({"a": [1, 2, 3]}), "at least two item columns"),
    (pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}), "'b' is not numeric"),
    (pd.DataFrame({"a": [1, np.nan], "b": [2, 3]}), "complete rows"),
    (pd.DataFrame({"a": [1, 1], "b": [2, 2]}), "does not vary"),
])
def test_cronbach_alpha_rejects_bad_input(frame, message):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match=message):
            survey.cronbach_alpha(frame)
    with pytest.raises(ValueError, match="DataFrame"):
        survey.cronbach_alpha([[1, 2], [3, 4]])


def test_reverse_code():
    assert survey.reverse_code(1, 1, 7) == 7 and survey.reverse_code(4, 1, 7) == 4
    assert list(survey.reverse_code(np.array([0, 10]), 0, 10)) == [10, 0]
    series = survey.reverse_code(pd.Series([2.0, np.nan]), 1, 5)
    assert series.iloc[0] == 4 and np.isnan(series.iloc[1])
    with pytest.raises(ValueError, match="outside the scale 1-7"):
        survey.reverse_code(pd.Series([8]), 1, 7)
    with pytest.raises(ValueError, match="scale_min"):
        survey.reverse_code(3, 7, 1)


# ----------------------------------------------------------------------------- index and weights


def test_satisfaction_index_maps_the_scale_ends_to_0_and_100():
    assert survey.satisfaction_index([1, 1], [1, 2], 1, 7) == 0.0
    assert survey.satisfaction_index([7, 7], [1, 2], 1, 7) == 100.0
    assert survey.satisfaction_index([4], [1], 1, 7) == 50.0
    # weights are normalised: (3 * 6 + 1 * 3) / 4 = 5.25 on 1-7 -> 100 * 4.25 / 6
    assert survey.satisfaction_index([6, 3], [3, 1], 1, 7) == pytest.approx(100 * 4.25 / 6)
    assert survey.satisfaction_index(pd.Series({"a": 6, "b": 3}), pd.Series({"b": 1, "a": 3}), 1, 7) == pytest.approx(100 * 4.25 / 6)


@pytest.mark.parametrize("means, weights, message", [
    ([5, 5], [1, -1], "non-negative"), ([5, 5], [0, 0], "all zero"), ([5, 8], [1, 1], "outside the scale"),
    ([5], [1, 1], "has 1 values"), ({"a": 5}, {"b": 1}, "different dimensions"),
])
def test_satisfaction_index_rejects_bad_input(means, weights, message):
    with pytest.raises(ValueError, match=message):
        survey.satisfaction_index(means, weights, 1, 7)


def test_regression_weights_match_statsmodels_ols():
    raw = data.load("survey_responses")
    questionnaire = data.load("survey_questionnaire")
    clean, _log = survey.clean_responses(raw, questionnaire)
    scores = survey.dimension_scores(clean, questionnaire)
    overall = clean["overall"].astype("float64")
    table = survey.regression_weights(scores, overall)
    both = pd.concat([scores, overall], axis=1).dropna()
    fit = sm.OLS(both["overall"], sm.add_constant(both[scores.columns])).fit()
    for dimension in scores.columns:
        assert table.loc[dimension, "coefficient"] == pytest.approx(fit.params[dimension], rel=1e-9)
        assert table.loc[dimension, "std_error"] == pytest.approx(fit.bse[dimension], rel=1e-9)
    assert table.attrs["r_squared"] == pytest.approx(fit.rsquared, rel=1e-9)
    assert table["weight"].sum() == pytest.approx(1.0)
    # and they recover the generator's true weights (product, value, delivery, service)
    truth = dict(zip(survey_family.DIMENSIONS, survey_family.PARAMS.true_weights))
    for dimension, weight in truth.items():
        assert table.loc[dimension, "weight"] == pytest.approx(weight, abs=0.07), dimension


def test_regression_weights_zero_out_negative_coefficients_with_a_warning():
    drivers = pd.DataFrame({"a": [1.0, 2, 3, 4, 5, 6, 7], "b": [3.0, 1, 4, 1, 5, 9, 2]})
    overall = 2 * drivers["a"] - 0.5 * drivers["b"]
    with pytest.warns(UserWarning, match="negative coefficients"):
        table = survey.regression_weights(drivers, overall)
    assert table.loc["b", "weight"] == 0 and table.loc["a", "weight"] == 1


# ----------------------------------------------------------------------------- cleaning


def _tiny_survey():
    questionnaire = pd.DataFrame({
        "item_id": [f"p{i}" for i in range(1, 7)] + ["overall"],
        "block": ["perception"] * 6 + ["overall"],
        "scale_min": 1, "scale_max": 7,
    })
    rows = [
        ("S1", "C1", "2024-07-08 09:00", 400, [5, 6, 5, 4, 6, 5, 6]),   # fine
        ("S2", "C1", "2024-07-08 15:00", 380, [5, 6, 5, 4, 6, 5, 6]),   # duplicate of C1
        ("S3", "C2", "2024-07-09 09:00", 60, [1, 7, 3, 2, 6, 4, 5]),    # speeder
        ("S4", "C3", "2024-07-09 10:00", 420, [7, 7, 7, 7, 7, 7, 7]),   # straight-liner
        ("S5", "C4", "2024-07-09 11:00", 410, [5, None, None, 4, None, None, 6]),  # 4 of 7 missing
        ("S6", "C5", "2024-07-09 12:00", 430, [5, 9, 5, 4, 6, 5, 6]),   # one out-of-range code
        ("S7", "C6", "2024-07-09 13:00", 20, [7, 7, 7, 7, 7, 7, 7]),    # speeder and straight-liner
    ]
    frame = pd.DataFrame([{"response_id": r, "customer_id": c, "started_at": pd.Timestamp(t), "duration_sec": d,
                           **dict(zip(questionnaire["item_id"], v))} for r, c, t, d, v in rows])
    frame[list(questionnaire["item_id"])] = frame[list(questionnaire["item_id"])].astype("Int64")
    return frame, questionnaire


def test_clean_responses_applies_each_rule_once_in_order():
    raw, questionnaire = _tiny_survey()
    clean, log = survey.clean_responses(raw, questionnaire)
    assert clean["response_id"].tolist() == ["S1", "S6"]
    excluded = log[log["action"] == "excluded"].set_index("response_id")["rule"].to_dict()
    assert excluded == {"S2": "duplicate", "S3": "speeder", "S7": "speeder", "S4": "straight-liner", "S5": "too many missing"}
    recoded = log[log["action"] == "set to missing"]
    assert recoded[["response_id", "item"]].values.tolist() == [["S6", "p2"]]
    assert pd.isna(clean.set_index("response_id").loc["S6", "p2"])
    assert raw.loc[5, "p2"] == 9, "the raw frame must not be changed"


def test_clean_responses_accounts_for_every_raw_response():
    raw = data.load("survey_responses")
    questionnaire = data.load("survey_questionnaire")
    clean, log = survey.clean_responses(raw, questionnaire)
    excluded = log[log["action"] == "excluded"]
    assert excluded["response_id"].is_unique
    assert len(clean) + len(excluded) == len(raw)
    assert set(clean["response_id"]).isdisjoint(excluded["response_id"])
    assert clean["customer_id"].is_unique
    assert (clean["duration_sec"] >= 0.4 * raw["duration_sec"].median()).all()
    for item in questionnaire.itertuples():
        values = clean[item.item_id].dropna()
        assert values.between(item.scale_min, item.scale_max).all(), item.item_id
    counts = excluded["rule"].value_counts()
    for rule in ("duplicate", "speeder", "straight-liner", "too many missing"):
        assert counts.get(rule, 0) > 0, f"the data should contain some {rule} responses"
    assert (log["action"] == "set to missing").sum() > 0


@pytest.mark.parametrize("change, message", [
    (lambda r, q: (r.drop(columns="duration_sec"), q), "duration_sec"),
    (lambda r, q: (r.drop(columns="p1"), q), "no column for the items"),
    (lambda r, q: (r, q.drop(columns="scale_max")), "scale_max"),
])
def test_clean_responses_names_what_is_missing(change, message):
    raw, questionnaire = _tiny_survey()
    raw, questionnaire = change(raw, questionnaire)
    with pytest.raises(ValueError, match=message):
        survey.clean_responses(raw, questionnaire)


def test_clean_responses_rejects_bad_thresholds():
    raw, questionnaire = _tiny_survey()
    with pytest.raises(ValueError, match="min_duration_share"):
        survey.clean_responses(raw, questionnaire, min_duration_share=40)


def test_dimension_scores_reverse_the_flagged_items():
    questionnaire = pd.DataFrame({"item_id": ["a", "b", "c"], "block": "perception", "dimension": ["x", "x", "y"],
                                  "scale_min": 1, "scale_max": 7, "reverse_coded": [False, True, False]})
    responses = pd.DataFrame({"a": [7, 1], "b": [1, None], "c": [4, 5]})
    scores = survey.dimension_scores(responses, questionnaire)
    assert scores["x"].tolist() == [7.0, 1.0] and scores["y"].tolist() == [4.0, 5.0]
    with pytest.raises(ValueError, match="block 'expectation'"):
        survey.dimension_scores(responses, questionnaire, "expectation")


# ----------------------------------------------------------------------------- triangle law and IPA


def test_expectation_gaps_are_perception_minus_expectation():
    questionnaire = pd.DataFrame({"item_id": ["p", "e"], "block": ["perception", "expectation"], "dimension": "service",
                                  "scale_min": 1, "scale_max": 7, "reverse_coded": False})
    responses = pd.DataFrame({"p": [4, 6, 5], "e": [6, 5, 5]})
    table = survey.expectation_gaps(responses, questionnaire)
    assert table.loc["service", "gap"] == pytest.approx(5 - 16 / 3)
    assert table.loc["service", "share_below"] == pytest.approx(1 / 3)


def test_importance_performance_quadrants():
    importance = {"a": 0.4, "b": 0.3, "c": 0.2, "d": 0.1}
    performance = {"a": 4.0, "b": 6.0, "c": 4.5, "d": 6.5}
    table = survey.importance_performance(importance, performance)
    assert table["quadrant"].to_dict() == {"a": "Concentrate here", "b": "Keep up the good work", "c": "Low priority", "d": "Possible overkill"}
    assert table.attrs["importance_cut"] == pytest.approx(0.25) and table.attrs["performance_cut"] == pytest.approx(5.25)
    scale_centred = survey.importance_performance(importance, performance, performance_cut=4.0)
    assert scale_centred.loc["a", "quadrant"] == "Keep up the good work"
    with pytest.raises(ValueError, match="different attributes"):
        survey.importance_performance({"a": 1}, {"b": 2})


# ----------------------------------------------------------------------------- behaviour and the trap


def test_rate_by_level_wilson_interval_matches_statsmodels():
    levels = pd.Series([1] * 10 + [2] * 25)
    outcome = pd.Series([1] * 3 + [0] * 7 + [1] * 20 + [0] * 5)
    table = survey.rate_by_level(levels, outcome)
    for level, successes, n in ((1, 3, 10), (2, 20, 25)):
        low, high = proportion_confint(successes, n, alpha=0.05, method="wilson")
        assert table.loc[level, "low"] == pytest.approx(low, rel=1e-9)
        assert table.loc[level, "high"] == pytest.approx(high, rel=1e-9)
    with pytest.raises(ValueError, match="0/1"):
        survey.rate_by_level(levels, outcome * 2)


def test_repurchased_after_uses_the_window_after_the_survey():
    orders = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "order_date": pd.to_datetime(["2024-07-21", "2025-07-21", "2025-07-22"])})
    flags = survey.repurchased_after(["C1", "C2", "C3"], orders, "2024-07-21", days=365)
    assert flags.tolist() == [0, 1, 0]
    with pytest.raises(ValueError, match="days"):
        survey.repurchased_after(["C1"], orders, "2024-07-21", days=0)


def test_the_data_show_the_satisfaction_trap():
    raw = data.load("survey_responses")
    questionnaire = data.load("survey_questionnaire")
    orders = data.load("orders")
    clean, _log = survey.clean_responses(raw, questionnaire)
    clean["repurchased"] = survey.repurchased_after(clean["customer_id"], orders, survey_family.FIELD_END).to_numpy()
    table = survey.rate_by_level(clean["overall"], clean["repurchased"])
    low_levels = clean.loc[clean["overall"] <= 4, "repurchased"].mean()
    satisfied = clean.loc[clean["overall"].isin([5, 6]), "repurchased"].mean()
    top = table.loc[7, "rate"]
    assert top > 0.7, f"the top box should be reliably loyal, got {top:.2f}"
    assert satisfied < 0.5 and satisfied - low_levels < 0.12, (low_levels, satisfied)
    assert table.loc[7, "low"] > table.loc[6, "high"], "the jump at the top box should be clear of the noise"


# ----------------------------------------------------------------------------- Kano

# Berger et al. (1993), transcribed independently of crmkit.survey.KANO_TABLE:
# rows functional answer (like, must-be, neutral, live-with, dislike), columns dysfunctional answer.
BERGER_1993 = """
Q A A A O
R I I I M
R I I I M
R I I I M
R R R R Q
"""


def test_kano_category_reproduces_every_cell_of_the_berger_table():
    table = [line.split() for line in BERGER_1993.strip().splitlines()]
    for functional in range(1, 6):
        for dysfunctional in range(1, 6):
            assert survey.kano_category(functional, dysfunctional) == table[functional - 1][dysfunctional - 1], (functional, dysfunctional)


def test_kano_category_vectorised_and_validated():
    assert survey.kano_category(pd.Series([1, 2]), pd.Series([5, 5])).tolist() == ["O", "M"]
    with pytest.raises(ValueError, match="functional answer must be a code 1-5"):
        survey.kano_category(0, 3)
    with pytest.raises(ValueError, match="dysfunctional answer"):
        survey.kano_category(1, 6)
    with pytest.raises(ValueError, match="has 2 answers but"):
        survey.kano_category([1, 2], [3])


def test_kano_coefficients_worked_example():
    # 100 respondents: A 20, O 35, M 25, I 15, R 3, Q 2. A+O+M+I = 95.
    # CS+ = (20 + 35) / 95 = 0.5789; CS- = -(35 + 25) / 95 = -0.6316.
    categories = ["A"] * 20 + ["O"] * 35 + ["M"] * 25 + ["I"] * 15 + ["R"] * 3 + ["Q"] * 2
    cs_plus, cs_minus = survey.kano_coefficients(categories)
    assert cs_plus == pytest.approx(55 / 95) and cs_minus == pytest.approx(-60 / 95)
    with pytest.raises(ValueError, match="undefined"):
        survey.kano_coefficients(["R", "Q"])
    with pytest.raises(ValueError, match="found"):
        survey.kano_coefficients(["A", "X"])


def test_kano_summary_recovers_the_generators_categories():
    raw = data.load("survey_responses")
    questionnaire = data.load("survey_questionnaire")
    clean, _log = survey.clean_responses(raw, questionnaire)
    features = [f for f, *_ in survey_family.KANO_FEATURES]
    table = survey.kano_summary(clean, features)
    categories = "AOMIR"
    for feature, _en, _zh, shares in survey_family.KANO_FEATURES:
        truth = categories[int(np.argmax(shares[:4]))]
        assert table.loc[feature, "category"] == truth, feature
    assert (table[list("AOMIRQ")].sum(axis=1) == table["answered"]).all()


# ----------------------------------------------------------------------------- design


def test_the_shops_questionnaire_follows_the_design_rules():
    questionnaire = data.load("survey_questionnaire")
    assert survey.check_questionnaire(questionnaire) == []
    levels = questionnaire[questionnaire["block"] == "perception"].groupby("dimension", observed=True)["indicator"].nunique()
    assert (levels >= 3).all(), "four levels: overall -> dimension -> indicator -> question"


@pytest.mark.parametrize("change, message", [
    (lambda q: q[q["block"] != "nps"], "exactly one NPS item"),
    (lambda q: q.assign(reverse_coded=False), "no reverse-coded"),
    (lambda q: q[q["item_id"] != "expect_service"], "no expectation item for the dimensions ['service']"),
    (lambda q: q.assign(scale_max=np.where(q["item_id"] == "overall", 5, q["scale_max"])), "seven-level"),
    (lambda q: q[~q["dimension"].isin(["value", "delivery"])], "at least three dimensions"),
    (lambda q: q.assign(wording_zh=np.where(q["item_id"] == "value_1", "", q["wording_zh"])), "wording_zh is empty"),
    (lambda q: q.drop(columns="wording_zh"), "missing columns"),
])
def test_check_questionnaire_finds_each_design_fault(change, message):
    problems = survey.check_questionnaire(change(data.load("survey_questionnaire")))
    assert any(message in problem for problem in problems), problems


def test_mean_difference_matches_scipy_welch_and_leaves_out_missing_rows():
    from scipy import stats

    outcome = pd.Series([3.0, 4, 5, 2, np.nan, 5, 6, 7, 6, 6])
    group = pd.Series([True, True, True, True, True, False, False, None, False, False], dtype="object")
    result = survey.mean_difference(outcome, group)
    with_factor, without = [3.0, 4, 5, 2], [5.0, 6, 6, 6]
    welch = stats.ttest_ind(with_factor, without, equal_var=False).confidence_interval(0.95)
    assert result["difference"] == pytest.approx(np.mean(with_factor) - np.mean(without))
    assert (result["low"], result["high"]) == pytest.approx((welch.low, welch.high), rel=1e-9)
    assert result.attrs["left_out"] == 2
    with pytest.raises(ValueError, match="at least 2"):
        survey.mean_difference([1.0, 2, 3], [True, False, False])


def test_lever_effects_ranks_by_change_per_cost_not_by_change():
    weights = pd.DataFrame({"coefficient": [0.6, 0.15], "std_error": [0.05, 0.05]}, index=["product", "delivery"])
    levers = pd.DataFrame({"lever": ["better tea", "faster courier"], "dimension": ["product", "delivery"],
                           "effect": [0.3, 0.5], "cost": [6.0, 2.0]})
    table = survey.lever_effects(weights, levers)
    assert list(table.index) == ["faster courier", "better tea"]  # the larger change (0.18) is not the better buy
    assert table.loc["better tea", "change"] == pytest.approx(0.18)
    assert table.loc["faster courier", "low"] == pytest.approx((0.15 - 1.959964 * 0.05) * 0.5, rel=1e-6)
    with pytest.raises(ValueError, match="dimension"):
        survey.lever_effects(weights, levers.assign(dimension=["product", "service"]))
