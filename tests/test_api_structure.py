"""The shape of crmkit's API: layers that import one way, one model interface, one API per idea, old names kept.

- **Import direction** (read from the source with ``ast``, so an import hidden in
  a function body counts too): topic modules never import the generator
  ``crmkit.synth``; the data world ``crmkit.world`` never imports it either;
  topic modules import ``crmkit.world`` only inside the few compatibility
  functions listed here; module-level imports inside crmkit form no cycle.
- **One model interface** over every fitted model.
- **One API per idea**: the wrappers of "bought again", the two stage
  classifiers and the retention-value formulas agree; one name per argument meaning.
- **Compatibility**: every public name that existed before the restructuring
  still resolves, and old keywords still work.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crmkit import _model, clv, loyalty, segmentation, service, survey, uplift
from crmkit._model import NotFittedError

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "crmkit"


# ---------------------------------------------------------------------------
# Import direction
# ---------------------------------------------------------------------------


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, bool]]:
    """Every crmkit module a file imports: (dotted name, imported at module level?)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if name == "crmkit" or name.startswith("crmkit."):
                found.append((name, id(node) in top_level))
    return found


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
GENERATOR = {name for name in MODULES if name == "crmkit.synth" or name.startswith("crmkit.synth.")}
WORLD = {name for name in MODULES if name == "crmkit.world" or name.startswith("crmkit.world.")}
TOPIC = set(MODULES) - GENERATOR - WORLD - {"crmkit"}

#: Topic-module functions that reach the data world, lazily, to keep an old public name working.
LAZY_WORLD_IMPORTS = {("crmkit.campaign", "crmkit.world.campaigns")}


def _is_under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


@pytest.mark.parametrize("module", sorted(TOPIC | WORLD))
def test_no_module_outside_the_generator_imports_it(module):
    offending = [name for name, _ in _imports(MODULES[module]) if _is_under(name, "crmkit.synth")]
    assert not offending, f"{module} imports the generator: {offending} (use crmkit.world for the data world's facts)"


@pytest.mark.parametrize("module", sorted(TOPIC))
def test_topic_modules_reach_the_data_world_only_lazily_and_only_where_listed(module):
    for name, top_level in _imports(MODULES[module]):
        if _is_under(name, "crmkit.world"):
            assert not top_level, f"{module} imports {name} at module level: topic modules sit below the data world"
            assert any(module == source and _is_under(name, target) for source, target in LAZY_WORLD_IMPORTS), (
                f"{module} imports {name}; only {sorted(LAZY_WORLD_IMPORTS)} may (old public names)")


def test_module_level_imports_form_no_cycle():
    graph = {module: set() for module in MODULES}
    for module, path in MODULES.items():
        for name, top_level in _imports(path):
            # importing a package's own submodule from its __init__ is the usual package pattern, not a cycle
            if top_level and name in MODULES and name != module and not _is_under(module, name):
                graph[module].add(name)
    state: dict[str, str] = {}

    def visit(node: str, path: tuple[str, ...]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                pytest.fail("import cycle: " + " -> ".join(path + (node, nxt)))
            if nxt not in state:
                visit(nxt, path + (node,))
        state[node] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, ())


def test_the_import_check_can_fail(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from crmkit.synth import campaigns\n    return campaigns\n", encoding="utf-8")
    assert _imports(bad) == [("crmkit.synth", False), ("crmkit.synth.campaigns", False)]


#: Labs that still import the generator (none now: labs read the data world from crmkit.world).
LABS_STILL_ON_THE_GENERATOR: set[str] = set()


def test_no_new_lab_imports_the_generator():
    found = set()
    for path in sorted(ROOT.glob("notebooks/*.ipynb")) + sorted(ROOT.glob("exercises/*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
        if "crmkit.synth" in code or "from crmkit import synth" in code:
            found.add(path.relative_to(ROOT).as_posix())
    assert found <= LABS_STILL_ON_THE_GENERATOR, f"labs importing crmkit.synth (use crmkit.world): {sorted(found - LABS_STILL_ON_THE_GENERATOR)}"


# ---------------------------------------------------------------------------
# One model interface
# ---------------------------------------------------------------------------


def _bg_data():
    rng = np.random.default_rng(1)
    T = np.full(300, 30.0)
    x = rng.poisson(1.0, 300).astype(float)
    t_x = np.where(x > 0, np.minimum(T, rng.uniform(5, 30, 300)), 0.0)
    return (x, t_x, T)


def _gg_data():
    rng = np.random.default_rng(2)
    x = rng.integers(1, 6, 400)
    nu = rng.gamma(4.0, 1 / 15.0, 400)
    m = np.array([rng.gamma(6.0, 1 / rate, n).mean() for rate, n in zip(nu, x)])
    return (x, m)


def _uplift_data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2000, 2))
    treated = rng.random(2000) < 0.5
    converted = rng.random(2000) < 0.1 + 0.1 * treated * (x[:, 0] > 0)
    return (x, treated, converted)


#: model class, fit arguments, one prediction method with scalar arguments and with array arguments.
MODELS = {
    "BetaGeo": (clv.BetaGeo, _bg_data, "p_alive", (2, 10.0, 30.0), ([2, 0], [10.0, 0.0], [30.0, 30.0])),
    "BetaGeo.expected": (clv.BetaGeo, _bg_data, "expected_purchases", (10.0,), ([5.0, 10.0],)),
    "BetaGeo.conditional": (clv.BetaGeo, _bg_data, "conditional_expected_purchases", (5.0, 2, 10.0, 30.0),
                            (5.0, [2, 1], [10.0, 3.0], [30.0, 30.0])),
    "GammaGamma": (clv.GammaGamma, _gg_data, "conditional_expected_spend", (2, 30.0), ([2, 3], [30.0, 40.0])),
    "ShiftedBetaGeo": (loyalty.ShiftedBetaGeo, lambda: ([1000, 631, 468, 382, 326, 289, 262, 241],),
                       "survival", (3,), ([1, 3],)),
    "TwoModelUplift": (uplift.TwoModelUplift, _uplift_data, "predict", None, (np.array([[1.0, 0.0], [-1.0, 0.0]]),)),
}


@pytest.fixture(scope="module")
def fitted():
    return {key: cls().fit(*make()) for key, (cls, make, *_rest) in MODELS.items()}


@pytest.mark.parametrize("key", sorted(MODELS))
def test_a_model_used_before_fit_raises_the_one_not_fitted_error(key):
    cls, _make, method, scalar_args, array_args = MODELS[key]
    model = cls()
    assert isinstance(model, _model.FittedModel)
    with pytest.raises(NotFittedError, match="not fitted yet"):
        getattr(model, method)(*(scalar_args or array_args))
    with pytest.raises(ValueError):  # NotFittedError is a ValueError, as every crmkit refusal
        model.summary()
    assert repr(model) == f"{cls.__name__}()"


@pytest.mark.parametrize("key", sorted(MODELS))
def test_fit_returns_the_model_with_named_parameters_a_log_likelihood_and_a_summary(key, fitted):
    cls, make, *_ = MODELS[key]
    model = fitted[key]
    assert isinstance(model, cls)
    assert cls().fit(*make()) is not None and isinstance(cls().fit(*make()), cls)
    assert list(model.params_) == list(cls._names)
    for name in cls._names:
        assert isinstance(model.params_[name], float) and np.isfinite(model.params_[name])
    assert isinstance(model.log_likelihood_, float) and np.isfinite(model.log_likelihood_)
    assert isinstance(model.n_observations_, int) and model.n_observations_ > 0
    table = model.summary()
    assert list(table.index) == list(cls._names) and list(table.columns) == ["estimate"]
    assert table.attrs["log_likelihood"] == model.log_likelihood_
    assert cls.__name__ in repr(model) and "log-likelihood" in repr(model)


@pytest.mark.parametrize("key", sorted(MODELS))
def test_a_scalar_in_gives_a_scalar_out_and_an_array_an_array(key, fitted):
    _cls, _make, method, scalar_args, array_args = MODELS[key]
    predict = getattr(fitted[key], method)
    if scalar_args is not None:
        value = predict(*scalar_args)
        assert isinstance(value, float) and np.ndim(value) == 0
        assert value[0] == value  # older code indexed the one-element array this used to return
    values = predict(*array_args)
    assert isinstance(values, np.ndarray) and values.shape == (2,)
    if scalar_args is not None and key != "BetaGeo.conditional":
        assert values[-1] == pytest.approx(predict(*[np.asarray(arg)[-1] if np.ndim(arg) else arg for arg in array_args]))


def test_per_customer_log_likelihood_follows_the_same_rule(fitted):
    model = fitted["BetaGeo"]
    assert isinstance(model.log_likelihood(2, 10.0, 30.0), float)
    x, t_x, T = _bg_data()
    assert model.log_likelihood(x, t_x, T).sum() == pytest.approx(model.log_likelihood_)


# ---------------------------------------------------------------------------
# One API per idea
# ---------------------------------------------------------------------------


ORDERS = pd.DataFrame({
    "customer_id": ["a", "a", "b", "c", "c"],
    "order_date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-01", "2024-06-30", "2024-12-31"]),
    "amount": [100.0, 50.0, 80.0, 60.0, 70.0],
})


def test_the_three_repurchase_wrappers_apply_bought_again():
    events = pd.DataFrame({"customer_id": ["a", "b", "c", "c"],
                           "event_date": pd.to_datetime(["2024-01-03", "2024-01-03", "2024-06-01", "2024-12-01"])})
    core = loyalty.bought_again(events, ORDERS, days=90)
    assert core.tolist()[:3] == [True, False, True] and core.isna().tolist() == [False, False, False, True]
    assert core.attrs["censored"] == 1
    with pytest.warns(UserWarning, match="1 event"):
        kept = loyalty.repurchased_within(events, ORDERS, days=90)
    assert kept.tolist() == core.dropna().astype(bool).tolist()
    complaints = events.rename(columns={"event_date": "received_time"})
    assert service.repurchase_after(complaints, ORDERS, days=90).equals(core)
    # one name for the events' date column, as in bought_again; the older time= still works
    assert service.repurchase_after(events, ORDERS, days=90, event_date="event_date").equals(core)
    assert service.repurchase_after(events, ORDERS, days=90, time="event_date").equals(core)
    after = survey.repurchased_after(["a", "b", "c"], ORDERS, "2024-01-03", days=90)
    assert after.tolist() == [1, 0, 0]  # c's first order after 2024-01-03 is on 2024-06-30, beyond 90 days
    with pytest.warns(UserWarning, match="cannot be judged"):
        late = survey.repurchased_after(["a"], ORDERS, "2024-12-01", days=90)
    assert late.isna().all()


@pytest.mark.filterwarnings("ignore:left out 1 customer")
def test_the_stage_classifiers_see_the_same_history_under_the_same_day_rule():
    customers = pd.DataFrame({"customer_id": ["a", "b", "c", "d"],
                              "signup_date": pd.to_datetime(["2023-12-01", "2023-12-01", "2024-01-01", "2024-06-30"]),
                              "marketing_opt_in": [True, True, True, True]})
    for include in (True, False):
        relationship = segmentation.relationship_stage(customers, ORDERS, as_of="2024-06-30", include_as_of=include)
        lifecycle = segmentation.lifecycle_stages(ORDERS, "2024-06-30", customers=customers, include_as_of=include)
        bought = set(relationship[~relationship.isin(["potential", "target"])].index)
        assert bought == set(lifecycle.loc[lifecycle["orders"] > 0, "customer_id"])
        assert set(relationship.index) == set(lifecycle["customer_id"])
    # the defaults agree: both take the state at the end of as_of, as rfm_table counts (c's order is dated as_of)
    relationship = segmentation.relationship_stage(customers, ORDERS, as_of="2024-06-30")
    lifecycle = segmentation.lifecycle_stages(ORDERS, "2024-06-30", customers=customers)
    assert relationship["c"] == "first-time"
    assert lifecycle.set_index("customer_id")["orders"]["c"] == 1
    assert set(relationship[~relationship.isin(["potential", "target"])].index) == set(
        lifecycle.loc[lifecycle["orders"] > 0, "customer_id"])
    assert set(relationship.index) == set(lifecycle["customer_id"])
    # the start of the day (a campaign's audience) is one explicit argument away
    start = segmentation.lifecycle_stages(ORDERS, "2024-06-30", include_as_of=False).set_index("customer_id")
    assert start["orders"].get("c", 0) == 0


@pytest.mark.parametrize("retention, discount_rate, growth", [(0.8, 0.1, 0.0), (0.46, 0.1, 0.0), (0.9, 0.1, 0.08)])
def test_one_retention_value_formula_with_two_timings(retention, discount_rate, growth):
    start = clv.retention_value(100, retention, discount_rate, margin_growth=growth, timing="start")
    end = clv.retention_value(100, retention, discount_rate, margin_growth=growth, timing="end")
    assert start == pytest.approx(100 + (1 + growth) * end)
    assert loyalty.customer_value(100, retention, discount_rate, growth) == start
    if growth == 0:
        assert 100 * clv.margin_multiple(retention, discount_rate) == pytest.approx(end)
        assert start == pytest.approx(100 * (1 + discount_rate) / (1 + discount_rate - retention))  # Chapter 1


#: An older argument name and the one name the API now uses for that meaning.
SYNONYMS = {"level": "confidence", "observation_end": "as_of", "end": "as_of", "discount": "discount_rate",
            "time": "event_date", "transactions": "orders"}


def _public_callables():
    for module_name in sorted(TOPIC):
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", []):
            item = getattr(module, name)
            if inspect.isfunction(item):
                yield f"{module_name}.{name}", item
            elif inspect.isclass(item):
                for method_name, method in inspect.getmembers(item, inspect.isfunction):
                    if not method_name.startswith("_"):
                        yield f"{module_name}.{name}.{method_name}", method


def test_one_name_per_argument_meaning():
    for qualified, function in _public_callables():
        parameters = inspect.signature(function).parameters
        for old, new in SYNONYMS.items():
            if old in parameters and not isinstance(parameters[old].default, str):  # a str default names a column
                assert new in parameters, f"{qualified} takes {old}=; the API's name is {new}= (keep {old}= as a synonym)"


@pytest.mark.parametrize("call, expected", [
    (lambda: survey.nps_interval([10] * 40 + [8] * 30 + [3] * 30, level=0.9), survey.nps_interval([10] * 40 + [8] * 30 + [3] * 30, 0.9)),
    (lambda: clv.margin_multiple(0.6, discount=0.08), clv.margin_multiple(0.6, discount_rate=0.08)),
])
def test_old_keywords_still_work(call, expected):
    assert call() == expected


def test_old_and_new_keyword_together_are_refused():
    with pytest.raises(ValueError, match="not both"):
        survey.nps_interval([10, 0, 5], confidence=0.9, level=0.8)
    events = pd.DataFrame({"customer_id": ["a"], "event_date": pd.to_datetime(["2024-01-03"])})
    with pytest.raises(ValueError, match="give event_date or its older name time, not both"):
        service.repurchase_after(events, ORDERS, event_date="event_date", time="received_time")
    with pytest.raises(ValueError, match="time must be a column name"):
        service.repurchase_after(events, ORDERS, time=5)


@pytest.mark.parametrize("keyword", ["as_of", "observation_end"])
def test_the_dropped_rows_warning_names_the_argument_the_caller_used(keyword):
    log = pd.DataFrame({"c": ["a", "a"], "d": pd.to_datetime(["2024-01-05", "2024-03-01"])})
    with pytest.warns(UserWarning, match=f"^left out 1 transaction\\(s\\) after {keyword}=2024-02-01$"):
        clv.summarise_transactions(log, "c", "d", **{keyword: "2024-02-01"})
    with pytest.raises(ValueError, match=f"on or before {keyword}=2023-12-01"):
        clv.summarise_transactions(log, "c", "d", **{keyword: "2023-12-01"})


_EVENTS = pd.DataFrame({"customer_id": ["a", "b", "c"], "event_date": pd.to_datetime(["2024-01-03", "2024-01-03", "2024-06-01"])})

#: Every function that took the order log as ``transactions=``: (function, the call's other arguments).
ORDER_LOG_CALLS = {
    "clv.summarise_transactions": (clv.summarise_transactions, dict(customer="customer_id", date="order_date",
                                                                    amount="amount", freq="W")),
    "segmentation.rfm_table": (segmentation.rfm_table, dict(as_of="2024-12-31")),
    "loyalty.repeat_purchase_rate": (loyalty.repeat_purchase_rate, {}),
    "loyalty.inter_purchase_days": (loyalty.inter_purchase_days, {}),
    "loyalty.deal_share": (loyalty.deal_share, dict(discount="amount")),
    "loyalty.bought_within": (loyalty.bought_within, dict(customer_ids=["a", "b"], start_days=["2024-01-03"] * 2,
                                                          days=90)),
    "loyalty.bought_again": (loyalty.bought_again, dict(events=_EVENTS, days=90, as_of="2024-12-31")),
    "loyalty.repurchased_within": (loyalty.repurchased_within, dict(events=_EVENTS, days=90, as_of="2024-12-31")),
    "loyalty.cohort_retention": (loyalty.cohort_retention, dict(freq="M")),
}


def _same(first, second):
    if isinstance(first, (pd.DataFrame, pd.Series)):
        return first.equals(second)
    return np.array_equal(np.asarray(first), np.asarray(second))


@pytest.mark.parametrize("name", sorted(ORDER_LOG_CALLS))
def test_transactions_is_a_synonym_of_orders(name):
    function, arguments = ORDER_LOG_CALLS[name]
    assert "orders" in inspect.signature(function).parameters
    assert _same(function(orders=ORDERS, **arguments), function(transactions=ORDERS, **arguments))
    with pytest.raises(ValueError, match="^give orders or its older name transactions, not both$"):
        function(orders=ORDERS, transactions=ORDERS, **arguments)


@pytest.mark.parametrize("keyword", ["orders", "transactions"])
def test_an_order_log_error_names_the_argument_the_caller_used(keyword):
    with pytest.raises(ValueError, match=f"^{keyword} lacks the column\\(s\\) \\['customer_id'\\]"):
        loyalty.repeat_purchase_rate(**{keyword: ORDERS.drop(columns="customer_id")})


# ---------------------------------------------------------------------------
# Compatibility: every public name of before still resolves
# ---------------------------------------------------------------------------

#: Public names before issue 11 (``__all__``, public functions, classes and constants), by module.
PUBLIC_BEFORE = {
    "crmkit.callcentre": ["agents_available", "agents_required", "agents_required_erlang_a", "asa", "erlang_a", "erlang_b",
                          "erlang_c", "interval_kpis", "occupancy", "repeat_calls", "replicate", "service_level",
                          "shift_availability", "simulate_queue", "staffing_plan"],
    "crmkit.campaign": ["CONTACT_COLUMNS", "LiftResult", "MECHANICS", "Offer", "STAGES", "STAGE_STRATEGY", "TwoModelUplift",
                        "break_even_rate", "cost_per_incremental_order", "incremental_summary", "lifecycle_stages", "lift",
                        "power_two_proportions", "qini_curve", "roas", "roi", "roi_textbook", "sample_size_two_proportions",
                        "simulate_campaign", "uplift_by_decile"],
    "crmkit.clv": ["BetaGeo", "GammaGamma", "PERIOD_DAYS", "acquisition_cost", "margin_multiple", "simple_clv",
                   "summarise_transactions"],
    "crmkit.loyalty": ["ProgrammeAssumptions", "ProgrammeRules", "SEGMENT_STRATEGY", "ShiftedBetaGeo", "allocate_points",
                       "assign_tiers", "bought_within", "cohort_retention", "compare_programmes", "customer_value",
                       "deal_share", "inter_purchase_days", "loyalty_segment", "member_kpis", "points_revenue",
                       "repeat_purchase_rate", "repurchased_within", "retention_gain", "share_of_wallet",
                       "simulate_programme", "threshold_for_share", "tier_mix"],
    "crmkit.segmentation": ["RFM_SEGMENTS", "STAGES", "abc_classes", "importance_score", "log_scaled",
                            "relationship_stage", "rfm_scores", "rfm_segment", "rfm_table", "top_share", "value_tiers"],
    "crmkit.service": ["SERVQUAL_ITEMS", "complaint_rate", "repurchase_after", "response_performance", "servqual_gaps"],
    "crmkit.survey": ["IPA_ACTIONS", "KANO_TABLE", "SEVEN_POINT_LABELS", "alpha_if_item_dropped", "check_questionnaire",
                      "clean_responses", "cronbach_alpha", "csat", "dimension_scores", "expectation_gaps",
                      "importance_performance", "kano_category", "kano_coefficients", "kano_summary", "nps",
                      "nps_breakdown", "nps_interval", "rate_by_level", "regression_weights", "repurchased_after",
                      "reverse_code", "satisfaction_index"],
    # generator names that labs and tests import
    "crmkit.synth.campaigns": ["CHANNELS", "DESIGNS", "PARAMS", "PLAN", "POPULARITY", "PRODUCTS", "CampaignParams", "Design",
                               "generate", "offer_strength", "response_probabilities", "simulate_plan", "true_uplift"],
    "crmkit.synth.membership": ["PARAMS", "TIERS", "MembershipParams", "generate"],
    "crmkit.synth.promotions": ["START", "END", "PROMOTIONS", "SPRING_FESTIVAL", "promotion_of", "seasonality"],
    "crmkit.synth.service": ["SERVQUAL_ITEMS", "PARAMS", "generate"],
}


@pytest.mark.parametrize("module_name", sorted(PUBLIC_BEFORE))
def test_every_public_name_of_before_still_resolves(module_name):
    module = importlib.import_module(module_name)
    missing = [name for name in PUBLIC_BEFORE[module_name] if not hasattr(module, name)]
    assert not missing, f"{module_name} lost {missing}"


@pytest.mark.parametrize("old, new", [
    ("crmkit.campaign.lift", "crmkit.inference.lift"),
    ("crmkit.campaign.LiftResult", "crmkit.inference.LiftResult"),
    ("crmkit.campaign.sample_size_two_proportions", "crmkit.inference.sample_size_two_proportions"),
    ("crmkit.campaign.power_two_proportions", "crmkit.inference.power_two_proportions"),
    ("crmkit.campaign.TwoModelUplift", "crmkit.uplift.TwoModelUplift"),
    ("crmkit.campaign.uplift_by_decile", "crmkit.uplift.uplift_by_decile"),
    ("crmkit.campaign.qini_curve", "crmkit.uplift.qini_curve"),
    ("crmkit.campaign.lifecycle_stages", "crmkit.segmentation.lifecycle_stages"),
    ("crmkit.campaign.STAGES", "crmkit.segmentation.LIFECYCLE_STAGES"),
    ("crmkit.campaign.STAGE_STRATEGY", "crmkit.segmentation.LIFECYCLE_STRATEGY"),
    ("crmkit.synth.campaigns.true_uplift", "crmkit.world.campaigns.true_uplift"),
    ("crmkit.synth.campaigns.response_probabilities", "crmkit.world.campaigns.response_probabilities"),
    ("crmkit.synth.campaigns.DESIGNS", "crmkit.world.campaigns.DESIGNS"),
    ("crmkit.synth.campaigns.PARAMS", "crmkit.world.campaigns.PARAMS"),
    ("crmkit.synth.membership.PARAMS", "crmkit.world.membership.PARAMS"),
    ("crmkit.synth.membership.TIERS", "crmkit.world.membership.TIERS"),
    ("crmkit.synth.promotions.seasonality", "crmkit.world.calendar.seasonality"),
    ("crmkit.synth.service.SERVQUAL_ITEMS", "crmkit.service.SERVQUAL_ITEMS"),
    ("crmkit.loyalty.simulate_programme", "crmkit.programme.simulate_programme"),
    ("crmkit.loyalty.ProgrammeRules", "crmkit.programme.ProgrammeRules"),
    ("crmkit.loyalty.member_kpis", "crmkit.programme.member_kpis"),
    ("crmkit.survey.kano_summary", "crmkit.kano.kano_summary"),
    ("crmkit.survey.KANO_TABLE", "crmkit.kano.KANO_TABLE"),
    ("crmkit.survey.clean_responses", "crmkit.questionnaire.clean_responses"),
])
def test_moved_names_are_the_same_objects_in_both_homes(old, new):
    def resolve(path):
        module, name = path.rsplit(".", 1)
        return getattr(importlib.import_module(module), name)

    assert resolve(old) is resolve(new)


def test_the_shop_economics_have_one_home():
    from crmkit import world
    from crmkit.synth import retail

    assert world.GROSS_MARGIN == retail.PARAMS.gross_margin == world.campaigns.PARAMS.gross_margin == 0.40
    assert inspect.signature(importlib.import_module("crmkit.campaign").incremental_summary).parameters[
        "gross_margin"].default == world.GROSS_MARGIN
