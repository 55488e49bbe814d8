"""crmkit.callcentre: Erlang B/C/A against published numbers, independent formulas and simulation."""

import math

import numpy as np
import pandas as pd
import pytest

from crmkit import callcentre as cc
from crmkit import data


# --- The published worked example -------------------------------------------------
# Callcentre Helper, "Erlang C Formula – Made Simple With an Easy Worked Example":
# 100 calls per 30 minutes, AHT 180 s, 80% answered in 20 s -> traffic 10 Erlangs,
# 14 agents, probability of waiting 17.4%, service level 88.8%, ASA 7.8 s;
# with 30% shrinkage 20 agents must be scheduled.

def test_worked_example_from_callcentre_helper():
    traffic = 100 * 180 / 1800
    assert traffic == 10
    assert cc.agents_required(100, 1800, 180, 0.8, 20) == 14
    assert cc.erlang_c(traffic, 14) == pytest.approx(0.174, abs=5e-4)
    assert cc.service_level(traffic, 14, 180, 20) == pytest.approx(0.888, abs=5e-4)
    assert cc.asa(traffic, 14, 180) == pytest.approx(7.8, abs=0.05)
    assert cc.occupancy(traffic, 14) == pytest.approx(0.714, abs=5e-4)
    plan = cc.staffing_plan(pd.DataFrame({"calls": [100]}), 1800, 180, 0.8, 20, shrinkage=0.3)
    assert plan["scheduled"].iloc[0] == 20


def test_thirteen_agents_miss_the_target():
    # One agent fewer misses 80/20: agents_required returns the *smallest* team.
    assert cc.service_level(10, 13, 180, 20) < 0.8


def naive_erlang_c(traffic, agents):
    """Textbook formula with powers and factorials (only safe for small numbers)."""
    top = traffic**agents / math.factorial(agents) * agents / (agents - traffic)
    bottom = sum(traffic**k / math.factorial(k) for k in range(agents)) + top
    return top / bottom


@pytest.mark.parametrize("traffic,agents", [(1.0, 2), (2.5, 3), (10.0, 14), (20.0, 25), (47.3, 55)])
def test_erlang_c_matches_the_factorial_formula_where_it_works(traffic, agents):
    assert cc.erlang_c(traffic, agents) == pytest.approx(naive_erlang_c(traffic, agents), rel=1e-10)


def test_no_overflow_where_factorials_fail():
    with pytest.raises(OverflowError):
        naive_erlang_c(900.0, 950)
    wait = cc.erlang_c(900.0, 950)
    assert 0 < wait < 1
    # Cross-check in log space with Python's lgamma: B = pois(n) / cdf(n).
    log_terms = [k * math.log(900.0) - math.lgamma(k + 1) for k in range(951)]
    top = max(log_terms)
    blocking = math.exp(log_terms[-1] - top) / sum(math.exp(t - top) for t in log_terms)
    assert cc.erlang_b(900.0, 950) == pytest.approx(blocking, rel=1e-9)
    assert cc.agents_required(5000 * 1800 / 180, 1800, 180, 0.8, 20) > 5000


def test_erlang_c_is_one_when_agents_do_not_exceed_traffic_and_unstable_values():
    assert cc.erlang_c(10.0, 10) == 1.0
    assert cc.erlang_c(10.0, 3) == 1.0
    assert cc.service_level(10.0, 10, 180, 20) == 0.0
    assert cc.asa(10.0, 9, 180) == math.inf
    assert cc.occupancy(12.0, 10) == 1.0


def test_erlang_b_known_value_and_monotone():
    # Erlang B table: 10 Erlangs on 15 lines blocks 3.65% (standard table value 0.0365).
    assert cc.erlang_b(10.0, 15) == pytest.approx(0.0365, abs=5e-5)
    values = [cc.erlang_b(10.0, n) for n in range(0, 30)]
    assert values[0] == 1.0
    assert all(later < earlier for earlier, later in zip(values, values[1:]))


def test_agents_required_is_minimal_and_respects_occupancy_cap():
    for calls in (5, 37, 100, 480):
        n = cc.agents_required(calls, 1800, 240, 0.8, 20, max_occupancy=0.85)
        traffic = calls * 240 / 1800
        assert cc.service_level(traffic, n, 240, 20) >= 0.8 and traffic / n <= 0.85
        assert cc.service_level(traffic, n - 1, 240, 20) < 0.8 or traffic / (n - 1) > 0.85
    assert cc.agents_required(0, 1800, 180, 0.8, 20) == 0


@pytest.mark.parametrize(
    "call,argument",
    [
        (lambda: cc.erlang_b(-1, 3), "traffic"),
        (lambda: cc.erlang_b(float("nan"), 3), "traffic"),
        (lambda: cc.erlang_c(5, 2.5), "agents"),
        (lambda: cc.erlang_c(5, -1), "agents"),
        (lambda: cc.service_level(5, 7, -180, 20), "aht"),
        (lambda: cc.service_level(5, 7, 180, float("inf")), "target_time"),
        (lambda: cc.asa(5, 7, 0), "aht"),
        (lambda: cc.occupancy(5, 0), "agents"),
        (lambda: cc.agents_required(-3, 1800, 180, 0.8, 20), "calls"),
        (lambda: cc.agents_required(100, 0, 180, 0.8, 20), "interval"),
        (lambda: cc.agents_required(100, 1800, 180, 1.2, 20), "service_level"),
        (lambda: cc.agents_required(100, 1800, 180, 0.8, 20, max_occupancy=1.5), "max_occupancy"),
        (lambda: cc.erlang_a(100, 1800, 180, -5, 14, 20), "patience"),
        (lambda: cc.erlang_a(100, 1800, 180, 120, 14.5, 20), "agents"),
        (lambda: cc.erlang_a(100, 1800, float("inf"), 120, 14, 20), "aht"),
    ],
)
def test_invalid_input_names_the_argument(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()


# --- Erlang A ---------------------------------------------------------------------

def test_erlang_a_tends_to_erlang_c_with_patient_callers():
    result = cc.erlang_a(100, 1800, 180, patience=1e8, agents=14, target_time=20)
    assert result["p_wait"] == pytest.approx(cc.erlang_c(10, 14), abs=1e-5)
    assert result["service_level"] == pytest.approx(cc.service_level(10, 14, 180, 20), abs=1e-5)
    assert result["asa"] == pytest.approx(cc.asa(10, 14, 180), rel=1e-4)
    assert result["p_abandon"] < 1e-5


def test_erlang_a_tends_to_erlang_b_with_impatient_callers():
    # Callers who leave at once see a loss system: P(abandon) -> Erlang B.
    result = cc.erlang_a(100, 1800, 180, patience=1e-4, agents=12, target_time=20)
    assert result["p_abandon"] == pytest.approx(cc.erlang_b(10, 12), rel=1e-3)


def test_erlang_a_matches_a_direct_linear_solve():
    # Independent method: solve pi Q = 0 for the truncated birth-death generator.
    rate, mu, theta, n, size = 100 / 1800, 1 / 180, 1 / 120, 14, 200
    generator = np.zeros((size, size))
    for k in range(size - 1):
        generator[k, k + 1] = rate
        generator[k + 1, k] = min(k + 1, n) * mu + max(k + 1 - n, 0) * theta
    np.fill_diagonal(generator, -generator.sum(axis=1))
    system = np.vstack([generator.T, np.ones(size)])
    target = np.zeros(size + 1)
    target[-1] = 1
    pi = np.linalg.lstsq(system, target, rcond=None)[0]
    queue_mean = sum(max(k - n, 0) * p for k, p in enumerate(pi))
    result = cc.erlang_a(100, 1800, 180, 120, 14, 20)
    assert result["p_wait"] == pytest.approx(pi[n:].sum(), abs=1e-9)
    assert result["p_abandon"] == pytest.approx(theta * queue_mean / rate, abs=1e-9)
    assert result["asa"] == pytest.approx(queue_mean / rate, rel=1e-7)


def test_erlang_a_agrees_with_simulation():
    def run(seed):
        calls = cc.simulate_queue(100 / 1800, 14, horizon=40 * 3600, handle_time=lambda r: r.exponential(180),
                                  patience=lambda r: r.exponential(120), seed=seed)
        calls = calls[calls["arrival"] > 3600]
        return calls["abandoned"].mean(), ((~calls["abandoned"]) & (calls["wait"] <= 20)).mean()
    runs = np.array([run(seed) for seed in range(4)])
    theory = cc.erlang_a(100, 1800, 180, 120, 14, 20)
    assert runs[:, 0].mean() == pytest.approx(theory["p_abandon"], abs=0.008)
    assert runs[:, 1].mean() == pytest.approx(theory["service_level"], abs=0.015)


def test_erlang_a_staffs_fewer_agents_than_erlang_c():
    assert cc.agents_required_erlang_a(100, 1800, 180, 120, 0.8, 20) <= cc.agents_required(100, 1800, 180, 0.8, 20)


# --- Simulation reproduces Erlang C ---------------------------------------------------

def test_simulation_reproduces_erlang_c_within_its_confidence_interval():
    def service(seed):
        calls = cc.simulate_queue(100 / 1800, 14, horizon=30 * 3600, handle_time=lambda r: r.exponential(180), seed=seed)
        calls = calls[calls["arrival"] > 3600]
        return (calls["wait"] <= 20).mean()
    result = cc.replicate(service, replications=5, seed=10)
    theory = cc.service_level(10, 14, 180, 20)
    assert result["low"] - 0.01 <= theory <= result["high"] + 0.01
    assert result["high"] - result["low"] < 0.05


def test_simulation_with_varying_staff_uses_the_schedule():
    calls = cc.simulate_queue(20 / 1800, lambda t: 1 if t < 3600 else 8, horizon=7200,
                              handle_time=lambda r: r.exponential(300), seed=3)
    early = calls.loc[calls["arrival"] < 3600, "wait"].mean()
    late = calls.loc[calls["arrival"] > 4500, "wait"].mean()
    assert early > late


def test_replicate_requires_two_runs():
    with pytest.raises(ValueError, match="replications"):
        cc.replicate(lambda s: 1.0, replications=1)


# --- KPIs and the call-log data ---------------------------------------------------------

@pytest.fixture(scope="module")
def call_log():
    return data.load("call_log")


def test_call_log_is_consistent_with_customers_and_orders(call_log):
    customers = data.load("customers")
    orders = data.load("orders").set_index("order_id")
    members = call_log.dropna(subset=["customer_id"])
    assert members["customer_id"].isin(customers["customer_id"]).all()
    with_order = call_log.dropna(subset=["order_id"])
    assert len(with_order) > 100
    assert (orders.loc[with_order["order_id"], "customer_id"].to_numpy() == with_order["customer_id"].to_numpy()).all()
    assert (orders.loc[with_order["order_id"], "order_date"].to_numpy() <= with_order["arrival_time"].to_numpy()).all()


def test_call_log_ground_truth_shows(call_log):
    answered = call_log[~call_log["ivr_resolved"] & ~call_log["abandoned"]]
    assert answered["escalated_to"].eq("none").mean() == pytest.approx(0.80, abs=0.02)
    assert answered["agent_id"].notna().all() and answered["handle_seconds"].notna().all()
    queued = call_log[~call_log["ivr_resolved"]]
    assert queued["queue_seconds"].notna().all()
    # The Double 11 peak is understaffed: worse service level than an ordinary day.
    kpis = cc.interval_kpis(call_log, freq="D")
    assert kpis.loc["2025-11-11", "service_level"] < kpis["service_level"].median() - 0.05
    # Announcing the wait raises patience (ground truth x1.35): the censored-exponential estimate shows it.
    patience = queued.groupby("wait_announced").apply(lambda g: g["queue_seconds"].sum() / g["abandoned"].sum(), include_groups=False)
    assert patience[True] / patience[False] > 1.1


def test_repeat_calls_flag_and_agents_overstate_resolution(call_log):
    repeats = cc.repeat_calls(call_log)
    answered = call_log[~call_log["ivr_resolved"] & ~call_log["abandoned"]]
    fcr_by_repeats = 1 - repeats[answered.index].mean()
    fcr_by_agents = answered["agent_marked_resolved"].mean()
    assert fcr_by_agents > fcr_by_repeats


def test_interval_kpis_counts():
    log = pd.DataFrame({
        "arrival_time": pd.to_datetime(["2025-11-03 09:01", "2025-11-03 09:10", "2025-11-03 09:40", "2025-11-03 09:41"]),
        "ivr_resolved": [False, False, False, True],
        "abandoned": [False, True, False, False],
        "queue_seconds": [5.0, 40.0, 30.0, np.nan],
        "handle_seconds": [200.0, np.nan, 100.0, np.nan],
    })
    table = cc.interval_kpis(log)
    assert table["offered"].tolist() == [2.0, 1.0]
    assert table["abandon_rate"].tolist() == [0.5, 0.0]
    assert table["service_level"].tolist() == [0.5, 0.0]
    assert table["aht"].tolist() == [200.0, 100.0]
    with pytest.raises(ValueError, match="queue_seconds"):
        cc.interval_kpis(log.drop(columns="queue_seconds"))


# ---------------------------------------------------------------------------
# IVR menu design (Lab 7.2)
# ---------------------------------------------------------------------------


def _menu():
    return pd.DataFrame({"reason": ["a", "b", "c"], "calls": [20.0, 50.0, 30.0], "self_service": [0.5, 0.2, 0.0]})


def test_ivr_menu_by_hand():
    from crmkit.callcentre import ivr_menu
    result = ivr_menu(_menu(), option_seconds=4, greeting_seconds=8)
    # shares 0.2, 0.5, 0.3 at positions 1, 2, 3: expected position 0.2 + 1.0 + 0.9 = 2.1
    assert result["expected_position"] == pytest.approx(2.1)
    assert result["menu_seconds"] == pytest.approx(8 + 4 * 2.1)
    assert result["containment"] == pytest.approx(0.2 * 0.5 + 0.5 * 0.2)
    assert result["agent_share"] == pytest.approx(0.8)


def test_ivr_menu_counts_and_shares_agree():
    from crmkit.callcentre import ivr_menu
    menu = _menu()
    as_shares = menu.assign(calls=menu["calls"] / menu["calls"].sum())
    assert ivr_menu(menu) == pytest.approx(ivr_menu(as_shares))


def test_ivr_menu_frequency_order_is_fastest():
    from itertools import permutations

    from crmkit.callcentre import ivr_menu
    menu = _menu()
    times = {order: ivr_menu(menu.iloc[list(order)])["menu_seconds"] for order in permutations(range(len(menu)))}
    best = min(times, key=times.get)
    assert list(menu.iloc[list(best)]["reason"]) == list(menu.sort_values("calls", ascending=False)["reason"])
    # containment does not depend on the order
    assert len({round(ivr_menu(menu.iloc[list(order)])["containment"], 12) for order in times}) == 1


@pytest.mark.parametrize("change, word", [
    (lambda m: m.assign(reason=["a", "a", "c"]), "reason"),
    (lambda m: m.assign(calls=[0.0, 0.0, 0.0]), "calls"),
    (lambda m: m.assign(calls=[-1.0, 2.0, 3.0]), "calls"),
    (lambda m: m.assign(self_service=[1.2, 0.0, 0.0]), "self_service"),
    (lambda m: m.drop(columns="self_service"), "self_service"),
    (lambda m: m.iloc[:0], "empty"),
])
def test_ivr_menu_refuses_bad_menus(change, word):
    from crmkit.callcentre import ivr_menu
    with pytest.raises(ValueError, match=word):
        ivr_menu(change(_menu()))


def test_ivr_menu_refuses_bad_times():
    from crmkit.callcentre import ivr_menu
    with pytest.raises(ValueError, match="option_seconds"):
        ivr_menu(_menu(), option_seconds=0)
    with pytest.raises(ValueError, match="greeting_seconds"):
        ivr_menu(_menu(), greeting_seconds=-1)
