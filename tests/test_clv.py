"""crmkit.clv: formulas, the transaction summary, and BG/NBD and Gamma-Gamma against published estimates."""

import numpy as np
import pandas as pd
import pytest

from crmkit import clv, data


@pytest.fixture(scope="module")
def cdnow_calibration() -> pd.DataFrame:
    """The FHL (2005) calibration data: 2,357 customers, weeks 1-39 of 1997, time in weeks."""
    sample = data.load("cdnow_sample")
    with pytest.warns(UserWarning, match="left out 1959 transaction"):
        summary = clv.summarise_transactions(sample, "customer_id", "date", "dollars", freq="D", observation_end="1997-09-30")
    summary[["recency", "T"]] = summary[["recency", "T"]] / 7
    return summary


# --- simple formulas ---------------------------------------------------------------


def test_simple_clv_and_acquisition_cost_follow_the_slides():
    cost = clv.acquisition_cost(marketing_cost=120_000, new_customers=1_500)
    assert cost == pytest.approx(80.0)
    value = clv.simple_clv(revenue=900_000, acquisition_cost=1_500 * cost, retention_cost=60_000, customers=1_500)
    assert value == pytest.approx((900_000 - 120_000 - 60_000) / 1_500)


def test_margin_multiple_is_the_sum_of_the_discounted_retention_series():
    r, d = 0.75, 0.12
    series = sum((r / (1 + d)) ** k for k in range(1, 500))
    assert clv.margin_multiple(r, d) == pytest.approx(series)
    assert clv.margin_multiple(0.8, 0.1) == pytest.approx(0.8 / 0.3)


def test_lifetime_value_and_residual_value_name_the_two_timings():
    """Chapter 1's CLV counts the margin paid now; Chapter 2's RLV does not: CLV = m + RLV (issue 13)."""
    assert clv.lifetime_value(100, 0.8, 0.1) == pytest.approx(100 * 1.1 / 0.3)
    assert clv.residual_value(300, 0.8, 0.1) == pytest.approx(800.0)
    assert clv.lifetime_value(300, 0.8, 0.1) == pytest.approx(300 + clv.residual_value(300, 0.8, 0.1))
    assert clv.residual_value(1, 0.8, 0.1) == pytest.approx(clv.margin_multiple(0.8, 0.1))
    assert clv.lifetime_value(100, 0.5, 0.1) == clv.retention_value(100, 0.5, 0.1, timing="start")
    assert clv.residual_value(100, 0.5, 0.1) == clv.retention_value(100, 0.5, 0.1, timing="end")


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: clv.simple_clv(-1, 0, 0, 10), "revenue must not be negative"),
        (lambda: clv.simple_clv(100, -5, 0, 10), "acquisition_cost must not be negative"),
        (lambda: clv.simple_clv(100, 0, 0, 0), "customers must be positive"),
        (lambda: clv.acquisition_cost(100, 0), "new_customers must be positive"),
        (lambda: clv.acquisition_cost(-100, 5), "marketing_cost must not be negative"),
        (lambda: clv.margin_multiple(1.0, 0.1), "retention must be in"),
        (lambda: clv.margin_multiple(0.5, -0.1), "discount_rate must not be negative"),
        (lambda: clv.margin_multiple(0.5, discount=-0.1), "discount_rate must not be negative"),
    ],
)
def test_formulas_refuse_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- summarise_transactions ---------------------------------------------------------


def test_summary_counts_one_purchase_per_period_and_repeat_periods_only():
    log = pd.DataFrame(
        {
            "c": ["x", "x", "x", "x", "y"],
            "d": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-10", "2024-01-31", "2024-01-15"]),
            "v": [10.0, 5.0, 20.0, 40.0, 7.0],
        }
    )
    weekly = clv.summarise_transactions(log, "c", "d", "v", freq="W", observation_end="2024-02-04")
    # x: weeks starting 1 Jan (two purchases, one period), 8 Jan, 29 Jan; end in the week of 29 Jan.
    assert weekly.loc["x"].tolist() == [2.0, 4.0, 4.0, 30.0]
    assert weekly.loc["y"].tolist() == [0.0, 0.0, 2.0, 0.0]
    daily = clv.summarise_transactions(log, "c", "d", freq="D", observation_end="2024-02-04")
    assert daily.loc["x"].tolist() == [3.0, 30.0, 34.0]
    assert list(daily.columns) == ["frequency", "recency", "T"]


def test_summary_of_cdnow_sample_reproduces_the_published_calibration_summary(cdnow_calibration):
    # Fader, Hardie & Lee (2005) calibration summary, as distributed with lifetimes
    # (cdnow_customers_summary_with_transactions.csv, rounded to 2 decimals): first rows and totals.
    assert len(cdnow_calibration) == 2357
    first = cdnow_calibration.loc[1]
    assert first["frequency"] == 2 and first["recency"] == pytest.approx(30.43, abs=0.005)
    assert first["T"] == pytest.approx(38.86, abs=0.005) and first["monetary"] == pytest.approx(22.35, abs=0.006)
    assert cdnow_calibration["frequency"].sum() == 2457
    assert (cdnow_calibration["frequency"] == 0).sum() == 1411


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda f: f.drop(columns="v"), r"lacks the column\(s\) \['v'\]"),
        (lambda f: f.iloc[0:0], "empty"),
        (lambda f: f.assign(v=[-1.0, 2.0]), "must not be negative"),
        (lambda f: f.assign(d=[pd.NaT, pd.Timestamp("2024-01-01")]), "missing date"),
    ],
)
def test_summary_refuses_bad_logs(change, message):
    log = pd.DataFrame({"c": ["a", "b"], "d": pd.to_datetime(["2024-01-01", "2024-01-05"]), "v": [1.0, 2.0]})
    with pytest.raises(ValueError, match=message):
        clv.summarise_transactions(change(log), "c", "d", "v")


def test_summary_refuses_unknown_freq_and_an_end_before_every_purchase():
    log = pd.DataFrame({"c": ["a"], "d": pd.to_datetime(["2024-01-05"])})
    with pytest.raises(ValueError, match="freq must be one of"):
        clv.summarise_transactions(log, "c", "d", freq="M")
    with pytest.raises(ValueError, match="no transaction falls on or before"):
        clv.summarise_transactions(log, "c", "d", observation_end="2023-12-01")


# --- BG/NBD ---------------------------------------------------------------------------


def test_bgnbd_reproduces_fader_hardie_lee_2005_on_cdnow(cdnow_calibration):
    # Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting Your Customers the Easy Way:
    # An Alternative to the Pareto/NBD Model". Marketing Science 24(2), 275-284, section 5:
    # r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, log-likelihood = -9582.4.
    model = clv.BetaGeo().fit(cdnow_calibration["frequency"], cdnow_calibration["recency"], cdnow_calibration["T"])
    assert model.params_["r"] == pytest.approx(0.243, abs=0.005)
    assert model.params_["alpha"] == pytest.approx(4.414, abs=0.03)
    assert model.params_["a"] == pytest.approx(0.793, abs=0.005)
    assert model.params_["b"] == pytest.approx(2.426, abs=0.03)
    assert model.log_likelihood_ == pytest.approx(-9582.4, abs=0.5)
    # the summed likelihood, not a mean: per-customer values add up to it
    per_customer = model.log_likelihood(cdnow_calibration["frequency"], cdnow_calibration["recency"], cdnow_calibration["T"])
    assert per_customer.sum() == pytest.approx(model.log_likelihood_)


def test_bgnbd_predictions_match_the_paper():
    model = clv.BetaGeo()
    model.params_ = {"r": 0.2426, "alpha": 4.4136, "a": 0.7929, "b": 2.4259}
    # FHL (2005), section 5: a customer with x = 2, t_x = 30.43, T = 38.86 is expected to
    # make 1.226 purchases in the next 39 weeks.
    assert model.conditional_expected_purchases(39, 2, 30.43, 38.86)[0] == pytest.approx(1.226, abs=0.001)
    # E[X(t)] grows with t, starts at 0, and a customer with no repeat purchase is alive with probability 1.
    curve = model.expected_purchases([0, 10, 39, 78])
    assert curve[0] == pytest.approx(0) and np.all(np.diff(curve) > 0)
    assert model.p_alive(0, 0, 38.86)[0] == 1.0
    # a customer who bought often but long ago is probably inactive
    assert model.p_alive(10, 5.0, 38.86)[0] < 0.05 < model.p_alive(10, 38.0, 38.86)[0]


def test_bgnbd_recovers_parameters_from_simulated_customers():
    rng = np.random.default_rng(20240618)
    n, T = 4000, 52.0
    rate = rng.gamma(0.75, 1 / 9.0, n)
    dropout = rng.beta(0.9, 3.0, n)
    x = np.zeros(n)
    t_x = np.zeros(n)
    for i in range(n):
        t = 0.0
        while True:
            t += rng.exponential(1 / rate[i])
            if t > T:
                break
            x[i] += 1
            t_x[i] = t
            if rng.random() < dropout[i]:
                break
    model = clv.BetaGeo().fit(x, t_x, np.full(n, T))
    assert model.params_["r"] == pytest.approx(0.75, rel=0.2)
    assert model.params_["alpha"] == pytest.approx(9.0, rel=0.25)


@pytest.mark.parametrize(
    "args, message",
    [
        (([1, 2], [5.0, 50.0], [10.0, 20.0]), "recency > T"),
        (([], [], []), "frequency is empty"),
        (([-1], [0.0], [10.0]), "whole numbers"),
        (([0], [3.0], [10.0]), "recency must be 0"),
        (([1], [-1.0], [10.0]), "recency must not be negative"),
    ],
)
def test_bgnbd_refuses_impossible_histories(args, message):
    with pytest.raises(ValueError, match=message):
        clv.BetaGeo().fit(*args)


def test_unfitted_model_says_so():
    with pytest.raises(ValueError, match="not fitted yet"):
        clv.BetaGeo().p_alive(1, 1.0, 2.0)


# --- Gamma-Gamma ------------------------------------------------------------------------


def test_gamma_gamma_reproduces_the_published_cdnow_estimates(cdnow_calibration):
    # Fader, P. S. & Hardie, B. G. S. (2013). "The Gamma-Gamma Model of Monetary Value",
    # note 025 (brucehardie.com): on the 946 CDNOW sample customers with repeat purchases,
    # p = 6.25, q = 3.74, gamma = 15.44.
    repeaters = cdnow_calibration[cdnow_calibration["frequency"] > 0]
    assert len(repeaters) == 946
    model = clv.GammaGamma().fit(repeaters["frequency"], repeaters["monetary"])
    assert model.params_["p"] == pytest.approx(6.25, abs=0.02)
    assert model.params_["q"] == pytest.approx(3.74, abs=0.02)
    assert model.params_["v"] == pytest.approx(15.44, abs=0.05)
    spend = model.conditional_expected_spend([0, 1, 50], [0.0, 30.0, 30.0])
    population_mean = model.params_["p"] * model.params_["v"] / (model.params_["q"] - 1)
    assert spend[0] == pytest.approx(population_mean)
    assert 30.0 < spend[2] < spend[1] < population_mean  # shrunk towards the population mean, less so with more purchases


@pytest.mark.parametrize(
    "args, message",
    [
        (([0, 2], [10.0, 20.0]), "frequency > 0"),
        (([1, 2], [-10.0, 20.0]), "negative amount"),
        (([1, 2], [10.0]), "different lengths"),
        (([], []), "frequency is empty"),
    ],
)
def test_gamma_gamma_refuses_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        clv.GammaGamma().fit(*args)
