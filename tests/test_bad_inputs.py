"""A systematic bad-input sweep over every public function of crmkit's topic modules.

Every public function and method is found by introspection; each one has a *valid call* below (or is listed as
exempt, with the reason). From the valid call the sweep derives bad calls mechanically, by the kind of each
argument: a number becomes NaN, infinity, text or a boolean; a date becomes an integer, a time-zone-aware date or
text that is no date; a table loses a column, or one row gets a missing id, a text amount, a flag ``"False"``...
Each bad call must raise ``ValueError`` whose message names the argument (or the column). A few *valid
variants* (ISO text for dates, 1/0 for flags, a Timestamp for ISO text) must give the same result as the
valid call. Explicit tables add the cases the mechanical rules cannot reach (bounds, hangs, the bugs of issue 11),
and hypothesis throws arbitrary scalars at every numeric parameter.

Run ``python tests/test_bad_inputs.py`` to print the measure of issue 11: the share of bad calls answered by a
clear ``ValueError``, the silent results, the other exceptions and the hangs, per function.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import math
import pkgutil
import re
import signal
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, is_dataclass
from typing import Any

import numpy as np
import pandas as pd
import pytest

import crmkit
from crmkit._checks import DegenerateFitWarning, DroppedRowsWarning

# ---------------------------------------------------------------------------
# Discovery
# ---------------------------------------------------------------------------

#: Modules that are tooling or the generator, not the analysis API.
NOT_TOPIC_MODULES = {"synth", "authoring", "exercises"}

#: Public callables that take no data, or whose arguments are free-form by design.
EXEMPT = {
    "LiftResult": "a result record built by lift(), not called by users",
    "TwoModelUplift": "the estimator argument is any scikit-learn classifier",
    "CampaignParams": "a parameter record of the data world's response model (generator settings, not user data)",
    "Design": "a parameter record of one past campaign of the data world (generator settings)",
    "MembershipParams": "a parameter record of the data world's member programme (generator settings)",
    "response_probabilities": "the data world's response model, called by the simulators with a Design they built",
    "CustomerInfoParams": "a parameter record of the data world's customer information (generator settings)",
    "create_database": "builds a database from the committed files; its one argument is checked in tests/test_customer_db.py",
    "load_rows": "changes a live database: refused rows are its result by design; bad arguments in tests/test_customer_db.py",
    "apply_updates": "changes a live database: faulty rows are refused in its report by design; bad arguments in tests/test_customer_db.py",
    "erase_customer": "erases a customer from a live database; unknown and bad ids in tests/test_customer_db.py",
    "BunchingResult": "a result record built by threshold_bunching(), not called by users",
}


def topic_modules() -> list[Any]:
    """crmkit's topic modules and the data world's modules (``crmkit.world.*``); not the generator or tooling."""
    modules = []
    for info in pkgutil.walk_packages(crmkit.__path__, prefix="crmkit."):
        parts = info.name.split(".")[1:]
        if parts[0] in NOT_TOPIC_MODULES or any(part.startswith("_") for part in parts):
            continue
        modules.append(importlib.import_module(info.name))
    return sorted(modules, key=lambda module: module.__name__)


@functools.lru_cache(maxsize=None)
def public_callables() -> dict[str, Any]:
    """Name -> callable for every public function, class and method defined in crmkit's topic modules."""
    found: dict[str, Any] = {}
    seen: set[int] = set()

    def takes_arguments(callable_: Any, bound: bool) -> bool:
        try:
            parameters = list(inspect.signature(callable_).parameters)
        except (TypeError, ValueError):
            return True
        return len(parameters) > (1 if bound else 0)

    for module in topic_modules():
        for name, obj in sorted(vars(module).items()):
            if name.startswith("_") or id(obj) in seen:
                continue
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            home = getattr(obj, "__module__", "")
            if not home.startswith("crmkit.") or home.split(".")[1].startswith("_"):
                continue  # third-party names and the private helpers (_checks, _model) imported into a module
            if inspect.isclass(obj) and issubclass(obj, BaseException):
                continue
            seen.add(id(obj))
            if takes_arguments(obj, bound=False):
                found[obj.__name__] = obj
            if inspect.isclass(obj):
                for method_name, method in inspect.getmembers(obj, inspect.isfunction):
                    if method_name.startswith("_") or not method.__module__.startswith("crmkit"):
                        continue
                    if takes_arguments(method, bound=True):
                        found[f"{obj.__name__}.{method_name}"] = method
    return found


# ---------------------------------------------------------------------------
# Valid calls
# ---------------------------------------------------------------------------


@dataclass
class Spec:
    """A valid call of one public callable, and what the sweep must not mutate."""

    call: Callable[..., Any]
    valid: Callable[[], dict[str, Any]]
    #: arguments not to mutate (callables, free labels), with the reason
    keep: dict[str, str] = field(default_factory=dict)
    #: "argument.column" whose missing values are allowed by design
    optional: set[str] = field(default_factory=set)
    #: argument -> mutations that are valid for it (e.g. negative numbers are ignored: no mutation makes them)
    allow: dict[str, set[str]] = field(default_factory=dict)
    #: the callable is itself a checker: it answers bad input with a list of problems instead of raising
    reports_problems: bool = False


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def dates(*texts: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(texts)))


@functools.lru_cache(maxsize=None)
def _bg_data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    age = np.full(300, 30.0)
    x = rng.poisson(1.0, 300).astype(float)
    t_x = np.where(x > 0, np.minimum(age, rng.uniform(5, 30, 300)).round(), 0.0)
    return x, t_x, age


@functools.lru_cache(maxsize=None)
def fitted_beta_geo() -> Any:
    from crmkit.clv import BetaGeo
    return BetaGeo().fit(*_bg_data())


@functools.lru_cache(maxsize=None)
def _gg_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(2)
    x = rng.integers(1, 6, 400)
    nu = rng.gamma(4.0, 1 / 15.0, 400)
    m = np.array([rng.gamma(6.0, 1 / rate, n).mean() for rate, n in zip(nu, x)])
    return x.astype(float), m


@functools.lru_cache(maxsize=None)
def fitted_gamma_gamma() -> Any:
    from crmkit.clv import GammaGamma
    return GammaGamma().fit(*_gg_data())


SBG = [1000, 631, 468, 382, 326, 289, 262, 241]


@functools.lru_cache(maxsize=None)
def fitted_sbg() -> Any:
    from crmkit.loyalty import ShiftedBetaGeo
    return ShiftedBetaGeo().fit(SBG)


@functools.lru_cache(maxsize=None)
def fitted_uplift() -> Any:
    from crmkit.campaign import TwoModelUplift
    X, treated, converted = _uplift_data()
    return TwoModelUplift().fit(X, treated, converted)


def _uplift_data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 1))
    treated = rng.random(400) < 0.5
    converted = rng.random(400) < 0.1 + 0.2 * treated * (x[:, 0] > 0)
    return x, treated, converted


def _orders(*columns: str) -> pd.DataFrame:
    """A small order table; only the ``columns`` a function reads (all three by default)."""
    frame = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c", "c"],
                         "order_date": dates("2024-01-05", "2024-03-01", "2024-02-10", "2023-06-01", "2024-01-01",
                                             "2024-06-01"),
                         "amount": [100.0, 50.0, 80.0, 20.0, 30.0, 40.0]})
    return frame[list(columns)] if columns else frame


_ID_DATE = ("customer_id", "order_date")


def _questionnaire() -> pd.DataFrame:
    return pd.DataFrame({"item_id": ["p1", "p2", "e1", "o1"], "block": ["perception", "perception", "expectation", "overall"],
                         "dimension": ["delivery", "delivery", "delivery", "overall"], "scale_min": [1, 1, 1, 1],
                         "scale_max": [7, 7, 7, 7], "reverse_coded": [False, True, False, False]})


#: Survey answers may be missing (a skipped question): the functions keep them missing, by design.
_MISSING_ANSWERS = {"responses.p1", "responses.p2", "responses.e1", "responses.o1", "responses.kano_gift_func",
                    "responses.kano_gift_dysf"}


def _full_questionnaire() -> pd.DataFrame:
    """A questionnaire that passes check_questionnaire: three dimensions, an overall and an NPS item."""
    rows = []
    for dimension in ("delivery", "product", "service"):
        rows += [(f"{dimension}_1", "perception", dimension, 1, 7, False), (f"{dimension}_2", "perception", dimension, 1, 7,
                 dimension == "service"), (f"{dimension}_e", "expectation", dimension, 1, 7, False)]
    rows += [("overall", "overall", "overall", 1, 7, False), ("nps", "nps", "nps", 0, 10, False)]
    frame = pd.DataFrame(rows, columns=["item_id", "block", "dimension", "scale_min", "scale_max", "reverse_coded"])
    return frame.assign(wording_en="How do you rate it?", wording_zh="您如何评价？")


def _responses() -> pd.DataFrame:
    return pd.DataFrame({"response_id": ["S1", "S2", "S3"], "customer_id": ["C1", "C2", "C3"],
                         "started_at": dates("2024-07-08 10:00", "2024-07-08 12:00", "2024-07-09 09:00"),
                         "duration_sec": [400, 390, 420], "p1": [5, 6, 4], "p2": [3, 2, 4], "e1": [6, 6, 5],
                         "o1": [5, 6, 4]})


def _contacts() -> pd.DataFrame:
    return pd.DataFrame({"campaign_id": ["X"] * 4, "group": ["treatment", "treatment", "control", "control"],
                         "contact_cost": [0.05, 0.05, 0.0, 0.0], "converted": [True, True, True, False],
                         "order_value": [300.0, 200.0, 200.0, 0.0], "offer_cost": [40.0, 0.0, 0.0, 0.0],
                         "amount_paid": [260.0, 200.0, 200.0, 0.0]})


def _call_log() -> pd.DataFrame:
    return pd.DataFrame({"caller_id": ["a", "a", "b"],
                         "arrival_time": dates("2025-11-03 09:01", "2025-11-03 09:10", "2025-11-03 09:40"),
                         "ivr_resolved": [False, False, True], "abandoned": [False, True, False],
                         "queue_seconds": [5.0, 40.0, 0.0], "handle_seconds": [200.0, 0.0, 0.0]})


def _shifts() -> pd.DataFrame:
    return pd.DataFrame({"shift_date": dates("2025-11-03", "2025-11-03"),
                         "shift_start": dates("2025-11-03 08:00", "2025-11-03 08:00"),
                         "shift_end": dates("2025-11-03 16:00", "2025-11-03 12:00"), "absent": [False, True],
                         "break_start": dates("2025-11-03 12:00", "2025-11-03 10:00"),
                         "coaching_start": pd.Series(pd.to_datetime(["2025-11-03 09:00", None]))})


def _accounts() -> pd.DataFrame:
    return pd.DataFrame({"customer_id": ["C1", "C2"], "name": ["王秀英", "李伟"], "phone": ["13800131234", "13900005678"],
                         "orders": [5, 1], "spend": [900.0, 80.0], "last_order_date": dates("2025-11-11", "2024-06-18"),
                         "marketing_opt_in": [True, False]})


def _tickets() -> pd.DataFrame:
    return pd.DataFrame({"ticket_id": ["T1", "T2"], "name": ["Xiuying Wang", "李先生"],
                         "phone": ["+86 138 0013 1234", "13900005687"], "complaint": [True, False],
                         "status": ["open", "resolved"], "satisfaction": [3.0, 4.0]})


def _stages_audience() -> pd.DataFrame:
    from crmkit.campaign import lifecycle_stages
    orders = pd.DataFrame({"customer_id": [f"C{i}" for i in range(40)],
                           "order_date": pd.to_datetime("2025-10-01") + pd.to_timedelta(np.arange(40), unit="D"),
                           "amount": np.linspace(50, 300, 40)})
    return lifecycle_stages(orders, "2025-12-20")


def _offer() -> Any:
    from crmkit.campaign import Offer
    return Offer("coupon", amount=20)


@functools.lru_cache(maxsize=None)
def _customer_database() -> Any:
    from crmkit.customer_db import create_database
    return create_database()


def _plan_fields() -> dict[str, Any]:
    return dict(name="test", audience="orders >= 3", appeal="thanks", channel="sms", start="2025-12-20",
                end="2025-12-31", cost_per_contact=0.5, offer=_offer(), primary_measure="incremental_profit",
                decision_rule="repeat if profit > 0", goals_set_on="2025-12-01", baseline_rate=0.1, target_lift=0.06,
                holdout_share=0.5, margin_per_response=80.0, fixed_cost=0.0, owner="CRM team")


def _plan_customers() -> pd.DataFrame:
    return pd.DataFrame({"customer_id": [f"C{i}" for i in range(40)], "orders": [1, 3] * 20})


def method(factory: Callable[[], Any], name: str) -> Callable[..., Any]:
    return lambda **kwargs: getattr(factory(), name)(**kwargs)


def construct(class_name: str, module: str) -> Callable[..., Any]:
    return lambda **kwargs: getattr(importlib.import_module(f"crmkit.{module}"), class_name)(**kwargs)


def fresh(class_name: str, module: str, method_name: str) -> Callable[..., Any]:
    return lambda **kwargs: getattr(getattr(importlib.import_module(f"crmkit.{module}"), class_name)(), method_name)(**kwargs)


def function(name: str) -> Callable[..., Any]:
    """Call the public function ``name`` wherever it lives (modules may move; the name is the contract)."""
    def call(**kwargs: Any) -> Any:
        return public_callables()[name](**kwargs)
    return call


_free_text = "free text: any label is valid"

SPECS: dict[str, Spec] = {
    # --- clv -----------------------------------------------------------------------------------------------
    "acquisition_cost": Spec(function("acquisition_cost"), lambda: dict(marketing_cost=90_000, new_customers=1_200)),
    "simple_clv": Spec(function("simple_clv"), lambda: dict(revenue=500_000, acquisition_cost=150_000,
                                                             retention_cost=50_000, customers=2_000)),
    "margin_multiple": Spec(function("margin_multiple"), lambda: dict(retention=0.8, discount=0.1)),
    "summarise_transactions": Spec(function("summarise_transactions"), lambda: dict(
        orders=_orders(), customer="customer_id", date="order_date", amount="amount", freq="W",
        observation_end="2024-07-01")),
    "BetaGeo.fit": Spec(fresh("BetaGeo", "clv", "fit"), lambda: dict(zip(("frequency", "recency", "T"), _bg_data()))),
    "BetaGeo.log_likelihood": Spec(method(fitted_beta_geo, "log_likelihood"),
                                   lambda: dict(frequency=[2, 0], recency=[20.0, 0.0], T=[30.0, 30.0])),
    "BetaGeo.expected_purchases": Spec(method(fitted_beta_geo, "expected_purchases"), lambda: dict(t=[10.0, 39.0])),
    "BetaGeo.conditional_expected_purchases": Spec(method(fitted_beta_geo, "conditional_expected_purchases"),
                                                   lambda: dict(t=10.0, frequency=[2, 0], recency=[20.0, 0.0],
                                                                T=[30.0, 30.0])),
    "BetaGeo.p_alive": Spec(method(fitted_beta_geo, "p_alive"),
                            lambda: dict(frequency=[2, 0], recency=[20.0, 0.0], T=[30.0, 30.0])),
    "GammaGamma.fit": Spec(fresh("GammaGamma", "clv", "fit"), lambda: dict(zip(("frequency", "monetary"), _gg_data()))),
    "GammaGamma.conditional_expected_spend": Spec(method(fitted_gamma_gamma, "conditional_expected_spend"),
                                                  lambda: dict(frequency=[1, 3], monetary=[80.0, 120.0])),
    # --- segmentation ----------------------------------------------------------------------------------------
    "rfm_table": Spec(function("rfm_table"), lambda: dict(orders=_orders(), as_of="2024-07-01")),
    "rfm_scores": Spec(function("rfm_scores"), lambda: dict(
        rfm=pd.DataFrame({"recency_days": [5, 50, 500, 5], "frequency": [3, 1, 1, 1],
                          "monetary": [300.0, 80.0, 20.0, 90.0]}, index=list("abcd")), bins=2)),
    "rfm_segment": Spec(function("rfm_segment"), lambda: dict(scores=pd.DataFrame({"R": [5, 5, 1, 3], "F": [5, 1, 4, 1]}))),
    "top_share": Spec(function("top_share"), lambda: dict(values=[90.0, 5, 3, 2], share=0.25)),
    "abc_classes": Spec(function("abc_classes"), lambda: dict(values=[50.0, 30, 10, 6, 4], cuts=(0.8, 0.95))),
    "value_tiers": Spec(function("value_tiers"), lambda: dict(current=[100.0, 5, -30, 10, 2],
                                                              potential=[80.0, 90, 10, 5, 1], top=0.2)),
    "importance_score": Spec(function("importance_score"), lambda: dict(
        criteria=pd.DataFrame({"revenue": [100.0, 300, 200], "orders": [1.0, 2, 5]}, index=list("abc")),
        weights={"revenue": 3.0, "orders": 1.0})),
    "log_scaled": Spec(function("log_scaled"), lambda: dict(
        features=pd.DataFrame({"frequency": [1.0, 2, 10], "monetary": [50.0, 100.0, 900.0]})),
        allow={"features": {"without column 'frequency'", "without column 'monetary'"}}),
    "relationship_stage": Spec(function("relationship_stage"), lambda: dict(
        customers=pd.DataFrame({"customer_id": ["a", "b", "c", "d"],
                                "signup_date": dates("2024-01-01", "2025-06-01", "2023-01-01", "2025-01-01"),
                                "marketing_opt_in": [True, True, False, True]}),
        orders=pd.DataFrame({"customer_id": ["a", "a", "c"], "order_date": dates("2024-01-02", "2025-05-01", "2023-02-01")}),
        as_of="2025-06-30", lost_after_days=365, loyal_orders=4, target_window_days=180)),
    # --- customer_view ---------------------------------------------------------------------------------------
    "normalise_phone": Spec(function("normalise_phone"), lambda: dict(text="138 0013 1234", errors="raise"),
                            allow={"text": {"None"}}),  # None means "no number": documented, returns None
    "normalise_name": Spec(function("normalise_name"), lambda: dict(text="Xiuying WANG"), keep={"text": _free_text}),
    "names_agree": Spec(function("names_agree"), lambda: dict(first="wang xiuying", second="wang xiuyng", threshold=0.8),
                        keep={"first": _free_text, "second": _free_text}),
    "link_records": Spec(function("link_records"), lambda: dict(records=_tickets()[["ticket_id", "name", "phone"]],
                                                                accounts=_accounts()[["customer_id", "name", "phone"]],
                                                                record_id="ticket_id"),
                         optional={"records.name", "records.phone", "accounts.name", "accounts.phone"}),
    "link_summary": Spec(function("link_summary"), lambda: dict(
        links=pd.DataFrame({"rule": ["phone", "phone", "unmatched"], "customer_id": ["C1", "C2", None]})),
        optional={"links.customer_id"}, allow={"links": {"without column 'customer_id'"}}),
    "link_quality": Spec(function("link_quality"), lambda: dict(
        links=pd.DataFrame({"id": [1, 2, 3, 4], "customer_id": ["C1", "C9", None, None]}),
        answer_key=pd.DataFrame({"id": [1, 2, 3, 4], "customer_id": ["C1", "C2", "C3", None]}), record_id="id"),
        optional={"links.customer_id", "answer_key.customer_id"}),
    "unified_view": Spec(function("unified_view"), lambda: dict(
        accounts=_accounts().drop(columns=["phone"]), tickets=_tickets().drop(columns=["name", "phone"]),
        ticket_links=pd.DataFrame({"ticket_id": ["T1", "T2"], "customer_id": ["C1", None]}),
        contacts=pd.DataFrame({"contact_id": ["M1"], "messages_sent_2025": [12], "last_message_date": dates("2025-12-20")}),
        contact_links=pd.DataFrame({"contact_id": ["M1"], "customer_id": ["C1"]}), recent_since="2025-12-01"),
        optional={"ticket_links.customer_id", "contact_links.customer_id", "tickets.satisfaction", "accounts.name",
                  "accounts.last_order_date", "contacts.last_message_date"}),
    # --- data and display ------------------------------------------------------------------------------------
    "card": Spec(function("card"), lambda: dict(name="customers")),
    "load": Spec(function("load"), lambda: dict(name="campaigns")),
    "rounded": Spec(function("rounded"), lambda: dict(values=[1.234, 5.678], decimals=2), keep={"values": "any values"}),
    "significant": Spec(function("significant"), lambda: dict(values=[1.234, 5.678], digits=3), keep={"values": "any values"}),
    # --- loyalty ---------------------------------------------------------------------------------------------
    "loyalty_segment": Spec(function("loyalty_segment"), lambda: dict(attitude=[6.0, 6, 2, 2], behaviour=[5.0, 1, 5, 1],
                                                                      attitude_cut=5, behaviour_cut=3)),
    "repeat_purchase_rate": Spec(function("repeat_purchase_rate"), lambda: dict(orders=_orders("customer_id"))),
    "inter_purchase_days": Spec(function("inter_purchase_days"), lambda: dict(orders=_orders(*_ID_DATE))),
    "deal_share": Spec(function("deal_share"), lambda: dict(
        orders=pd.DataFrame({"customer_id": ["a", "a", "b"], "discount": [0.0, 12.5, 0.0]}))),
    "share_of_wallet": Spec(function("share_of_wallet"), lambda: dict(shop_spend=[200.0, 0.0],
                                                                      category_spend=[1000.0, 500.0])),
    "bought_within": Spec(function("bought_within"), lambda: dict(
        customer_ids=["a", "b", "z"], start_days=dates("2024-01-03", "2024-01-03", "2024-01-03"),
        orders=_orders(*_ID_DATE), days=90)),
    "repurchased_within": Spec(function("repurchased_within"), lambda: dict(
        events=pd.DataFrame({"customer_id": ["a", "b"], "event_date": dates("2024-01-03", "2024-01-03")}),
        orders=_orders(*_ID_DATE), days=90, end="2024-12-31")),
    "cohort_retention": Spec(function("cohort_retention"), lambda: dict(orders=_orders(*_ID_DATE), freq="M")),
    "ShiftedBetaGeo.fit": Spec(fresh("ShiftedBetaGeo", "loyalty", "fit"), lambda: dict(survivors=list(SBG))),
    "ShiftedBetaGeo.survival": Spec(method(fitted_sbg, "survival"), lambda: dict(t=[1, 5, 12])),
    "ShiftedBetaGeo.retention_rate": Spec(method(fitted_sbg, "retention_rate"), lambda: dict(t=[1, 5])),
    "ShiftedBetaGeo.expected_lifetime": Spec(method(fitted_sbg, "expected_lifetime"),
                                             lambda: dict(discount_rate=0.1, horizon=10)),
    "customer_value": Spec(function("customer_value"), lambda: dict(margin=100.0, retention=0.8, discount_rate=0.1,
                                                                    margin_growth=0.0)),
    "retention_gain": Spec(function("retention_gain"), lambda: dict(margin=100.0, retention=0.8, discount_rate=0.1,
                                                                    gain=0.05, margin_growth=0.0)),
    "member_kpis": Spec(function("member_kpis"), lambda: dict(
        members=pd.DataFrame({"customer_id": ["a", "b"], "join_date": dates("2024-01-02", "2024-02-03")}),
        orders=pd.DataFrame({"customer_id": ["a", "b", "c"], "amount": [100.0, 50.0, 50.0],
                             "order_date": dates("2024-01-02", "2024-02-03", "2024-02-04")}),
        active_days=90, lapse_days=365)),
    "assign_tiers": Spec(function("assign_tiers"), lambda: dict(growth=[0.0, 499, 500, 5000],
                                                                thresholds={"member": 0.0, "silver": 500.0, "gold": 1500.0})),
    "tier_mix": Spec(function("tier_mix"), lambda: dict(growth=[0.0, 100, 600, 2000],
                                                        thresholds={"member": 0.0, "silver": 500.0, "gold": 1500.0})),
    "threshold_for_share": Spec(function("threshold_for_share"), lambda: dict(growth=list(map(float, range(1, 101))),
                                                                              share=0.05)),
    "allocate_points": Spec(function("allocate_points"), lambda: dict(sales=100_000.0, points=10_000.0, point_value=1.0,
                                                                      redemption_rate=0.95)),
    "points_revenue": Spec(function("points_revenue"), lambda: dict(deferred=8676.0, redeemed_to_date=4500.0,
                                                                    expected_redemptions=9500.0)),
    "ProgrammeRules": Spec(construct("ProgrammeRules", "loyalty"), lambda: dict(
        name="plain", multipliers=(1.0, 1.2, 1.5, 2.0), earn_rate=1.0, welcome_bonus=200, interaction_points=20,
        referral_points=500, point_value=0.01, reward_cost_ratio=0.6), keep={"name": _free_text}),
    "ProgrammeAssumptions": Spec(construct("ProgrammeAssumptions", "loyalty"), lambda: dict(
        redemption_rate=0.7, redeemed_in_year=0.45, interactions_per_member=1.0, referrals_per_member=0.05,
        new_member_share=0.3, spend_lift=0.03, gross_margin=0.4)),
    "simulate_programme": Spec(function("simulate_programme"), lambda: dict(spend=[100.0, 600.0, 2000.0, 5000.0])),
    "compare_programmes": Spec(function("compare_programmes"), lambda: dict(spend=[100.0, 5000.0], candidates={
        "A": (construct("ProgrammeRules", "loyalty")(), construct("ProgrammeAssumptions", "loyalty")())})),
    # --- campaign --------------------------------------------------------------------------------------------
    "roi_textbook": Spec(function("roi_textbook"), lambda: dict(sales=41_600.0, cost=5_250.0)),
    "roas": Spec(function("roas"), lambda: dict(revenue=12_000.0, cost=4_000.0)),
    "roi": Spec(function("roi"), lambda: dict(gain=1_280.0, cost=5_250.0)),
    "break_even_rate": Spec(function("break_even_rate"), lambda: dict(cost_per_contact=0.05, margin_per_response=40.0)),
    "lift": Spec(function("lift"), lambda: dict(treated_conversions=60, treated_n=1000, control_conversions=40,
                                                control_n=1000, confidence=0.95)),
    "sample_size_two_proportions": Spec(function("sample_size_two_proportions"), lambda: dict(
        p_control=0.5, p_treated=0.75, alpha=0.05, power=0.9)),
    "power_two_proportions": Spec(function("power_two_proportions"), lambda: dict(p_control=0.5, p_treated=0.75,
                                                                                  n_per_group=50, alpha=0.05)),
    "Offer": Spec(construct("Offer", "campaign"), lambda: dict(mechanic="spend_and_save", threshold=300.0, amount=40.0)),
    "Offer.cost": Spec(lambda **kw: _offer().cost(**kw), lambda: dict(order_value=[320.0, 280.0], items=1)),
    "lifecycle_stages": Spec(function("lifecycle_stages"), lambda: dict(orders=_orders(), as_of="2025-01-01",
                                                                        decline_after_days=180, stable_min_orders=4,
                                                                        stable_min_tenure_days=365)),
    "incremental_summary": Spec(function("incremental_summary"), lambda: dict(contacts=_contacts(), gross_margin=0.4)),
    "cost_per_incremental_order": Spec(function("cost_per_incremental_order"), lambda: dict(total_cost=6_000.0,
                                                                                            incremental_orders=24.0)),
    "TwoModelUplift.fit": Spec(fresh("TwoModelUplift", "campaign", "fit"), lambda: dict(
        zip(("X", "treated", "converted"), _uplift_data()))),
    "TwoModelUplift.predict": Spec(method(fitted_uplift, "predict"), lambda: dict(X=np.array([[1.5], [-1.5]]))),
    "uplift_by_decile": Spec(function("uplift_by_decile"), lambda: dict(
        score=[0.3, 0.2, 0.1, 0.0], treated=[True, False, True, False], converted=[True, False, False, False], bins=2)),
    "qini_curve": Spec(function("qini_curve"), lambda: dict(
        score=[0.3, 0.2, 0.1, 0.0], treated=[True, False, True, False], converted=[True, False, False, False], points=2)),
    "retention_value": Spec(function("retention_value"), lambda: dict(margin=100.0, retention=0.8, discount_rate=0.1,
                                                                      margin_growth=0.0, timing="start")),
    # issue 13 (Chapter 2): the two timings of retention_value under their own names
    "lifetime_value": Spec(function("lifetime_value"), lambda: dict(margin=100.0, retention=0.8, discount_rate=0.1,
                                                                    margin_growth=0.0)),
    "residual_value": Spec(function("residual_value"), lambda: dict(margin=100.0, retention=0.8, discount_rate=0.1,
                                                                    margin_growth=0.0)),
    "observed_by": Spec(function("observed_by"), lambda: dict(dates=dates("2025-06-29", "2025-06-30", "2025-07-01"),
                                                              as_of=day("2025-06-30"), include_as_of=True)),
    "bought_again": Spec(function("bought_again"), lambda: dict(
        events=pd.DataFrame({"customer_id": ["a", "b", "c"], "event_date": dates("2024-01-03", "2024-01-03", "2024-05-20")}),
        orders=_orders(*_ID_DATE), days=90, as_of="2024-12-31")),
    "promotion_of": Spec(function("promotion_of"), lambda: dict(days=pd.DatetimeIndex(["2024-06-18", "2024-07-01"]))),
    "seasonality": Spec(function("seasonality"), lambda: dict(days=pd.date_range("2024-01-01", "2024-12-31"))),
    "offer_strength": Spec(function("offer_strength"), lambda: dict(offer=_offer())),
    "true_uplift": Spec(function("true_uplift"), lambda: dict(audience=_stages_audience(), channel="sms", offer=_offer()),
                        keep={"audience": "rows of lifecycle_stages: checked as a whole"}),
    "simulate_plan": Spec(function("simulate_plan"), lambda: dict(
        audience=_stages_audience(), channel="sms", offer=_offer(), holdout_share=0.1, fixed_cost=0.0, seed=1),
        keep={"audience": "rows of lifecycle_stages: checked as a whole"}),
    "z_critical": Spec(function("z_critical"), lambda: dict(confidence=0.95), keep={"name": "the name shown in messages"}),
    "proportion_interval": Spec(function("proportion_interval"), lambda: dict(successes=7, n=20, confidence=0.95)),
    "mean_interval": Spec(function("mean_interval"), lambda: dict(values=[0.80, 0.84, 0.78, 0.82], confidence=0.95)),
    "simulate_campaign": Spec(function("simulate_campaign"), lambda: dict(
        audience=_stages_audience(), channel="sms", offer=_offer(), holdout_share=0.1, fixed_cost=0.0, seed=1),
        keep={"audience": "rows of lifecycle_stages: checked as a whole"}),
    # --- psychology ------------------------------------------------------------------------------------------
    "threshold_bunching": Spec(function("threshold_bunching"), lambda: dict(
        offer_values=[300.0, 310.0, 250.0, 100.0], baseline_values=[280.0, 310.0, 250.0, 100.0], threshold=299.0,
        band=30.0, below=100.0)),
    "threshold_candidates": Spec(function("threshold_candidates"), lambda: dict(
        basket_values=[100.0, 200.0, 300.0, 400.0], thresholds=[199.0, 299.0], saving=50.0, reach=100.0)),
    # --- campaign plans (issue 13, Chapter 6) -------------------------------------------------------------------
    "CampaignPlan": Spec(construct("CampaignPlan", "campaign"), lambda: _plan_fields(), keep={
        name: _free_text for name in ("name", "audience", "appeal", "decision_rule", "owner")},
        allow={"channel": {"None"}, "primary_measure": {"None"}}),  # None = not chosen yet: check_plan reports it
    "CampaignPlan.select": Spec(lambda **kw: construct("CampaignPlan", "campaign")(**_plan_fields()).select(**kw),
                                lambda: dict(customers=_plan_customers()),
                                optional={"customers.orders"}),  # a missing number is data the query may test (isna)

    "check_plan": Spec(function("check_plan"), lambda: dict(plan=construct("CampaignPlan", "campaign")(**_plan_fields()),
                                                            customers=_plan_customers(), min_power=0.8),
                       optional={"customers.orders"},
                       # a query that does not run on the table is an unsound plan: the checker reports it in its table
                       allow={"customers": {"without column 'orders'", "'orders' has a text number"}}),
    "smallest_detectable_lift": Spec(function("smallest_detectable_lift"), lambda: dict(
        baseline_rate=0.09, n_treated=1453.0, n_control=623.0, power=0.8, alpha=0.05)),
    "audience_table": Spec(function("audience_table"), lambda: dict(
        orders=_orders(), customers=pd.DataFrame({"customer_id": ["a", "b", "c"], "marketing_opt_in": [True, False, True],
                                                  "signup_date": dates("2023-01-01", "2023-01-01", "2023-01-01")}),
        as_of="2024-07-01", include_as_of=True)),
    # --- callcentre ------------------------------------------------------------------------------------------
    "erlang_b": Spec(function("erlang_b"), lambda: dict(traffic=10.0, agents=14)),
    "erlang_c": Spec(function("erlang_c"), lambda: dict(traffic=10.0, agents=14)),
    "service_level": Spec(function("service_level"), lambda: dict(traffic=10.0, agents=13, aht=180.0, target_time=20.0)),
    "asa": Spec(function("asa"), lambda: dict(traffic=10.0, agents=14, aht=180.0)),
    "occupancy": Spec(function("occupancy"), lambda: dict(traffic=10.0, agents=14)),
    "agents_required": Spec(function("agents_required"), lambda: dict(calls=100.0, interval=1800.0, aht=180.0,
                                                                      service_level=0.8, target_time=20.0,
                                                                      max_occupancy=0.9)),
    "erlang_a": Spec(function("erlang_a"), lambda: dict(calls=100.0, interval=1800.0, aht=180.0, patience=120.0,
                                                        agents=14, target_time=20.0)),
    "agents_required_erlang_a": Spec(function("agents_required_erlang_a"), lambda: dict(
        calls=100.0, interval=1800.0, aht=180.0, patience=120.0, service_level=0.8, target_time=20.0,
        max_occupancy=0.9)),
    "staffing_plan": Spec(function("staffing_plan"), lambda: dict(forecast=pd.DataFrame({"calls": [40.0, 100.0]}),
                                                                  interval=1800.0, aht=180.0, service_level=0.8,
                                                                  target_time=20.0, shrinkage=0.3, max_occupancy=0.9)),
    "simulate_queue": Spec(function("simulate_queue"), lambda: dict(
        arrival_rate=100 / 1800, agents=14, horizon=1800.0, handle_time=lambda rng: rng.exponential(180), seed=1),
        keep={"handle_time": "a function"}),
    "replicate": Spec(function("replicate"), lambda: dict(run=lambda s: float(s % 2), replications=4, seed=0,
                                                          confidence=0.95), keep={"run": "a function"}),
    "repeat_calls": Spec(function("repeat_calls"), lambda: dict(calls=_call_log()[["caller_id", "arrival_time"]], days=7.0)),
    "interval_kpis": Spec(function("interval_kpis"), lambda: dict(calls=_call_log().drop(columns="caller_id"),
                                                                  freq="30min", target_time=20.0),
                          optional={"calls.handle_seconds"}),  # an abandoned call has no handling time
    "shift_availability": Spec(function("shift_availability"), lambda: dict(shifts=_shifts().drop(columns="break_start"),
                                                                            break_minutes=60,
                                                                            coaching_minutes=30),
                               optional={"shifts.coaching_start"}),
    "agents_available": Spec(function("agents_available"), lambda: dict(shifts=_shifts().drop(columns="shift_date"),
                                                                        freq="30min", break_minutes=60,
                                                                        coaching_minutes=30),
                             optional={"shifts.coaching_start", "shifts.break_start"}),
    "ivr_menu": Spec(function("ivr_menu"), lambda: dict(menu=pd.DataFrame({
        "reason": ["order_status", "refund", "other"], "calls": [50.0, 30.0, 20.0], "self_service": [0.6, 0.1, 0.0]}),
        option_seconds=5.0, greeting_seconds=10.0)),
    # --- survey ----------------------------------------------------------------------------------------------
    "nps_breakdown": Spec(function("nps_breakdown"), lambda: dict(scores=[10, 9, 8, 7, 6, 0])),
    "nps": Spec(function("nps"), lambda: dict(scores=[10, 10, 9, 8, 3])),
    "nps_interval": Spec(function("nps_interval"), lambda: dict(scores=[10] * 40 + [8] * 30 + [3] * 30, level=0.95)),
    "csat": Spec(function("csat"), lambda: dict(scores=[5, 4, 3, 2, 5], scale_max=5, top_box=2)),
    "cronbach_alpha": Spec(function("cronbach_alpha"), lambda: dict(
        items=pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [2, 2, 3, 5], "q3": [1, 3, 3, 4]})),
        allow={"items": {"without column 'q1'", "without column 'q2'", "without column 'q3'"}}),  # any two items do
    "alpha_if_item_dropped": Spec(function("alpha_if_item_dropped"), lambda: dict(
        items=pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [2, 2, 3, 5], "q3": [1, 3, 3, 4]}))),
    "reverse_code": Spec(function("reverse_code"), lambda: dict(values=[1, 2, 7], scale_min=1, scale_max=7),
                         allow={"values": {"a NaN"}}),  # a missing answer stays missing, by design
    "satisfaction_index": Spec(function("satisfaction_index"), lambda: dict(means=[6.0, 4.0], weights=[0.5, 0.5],
                                                                            scale_min=1, scale_max=7)),
    "regression_weights": Spec(function("regression_weights"), lambda: dict(
        drivers=pd.DataFrame({"a": [1.0, 2, 3, 4, 5, 6], "b": [2.0, 1, 4, 3, 6, 5]}),
        overall=pd.Series([5.0, 6, 11, 12, 17, 18])),
        # any set of drivers; incomplete rows are left out as documented and counted in attrs["left_out"]
        allow={"drivers": {"without column 'a'", "without column 'b'"}, "overall": {"a NaN"}},
        optional={"drivers.a", "drivers.b"}),
    "check_questionnaire": Spec(function("check_questionnaire"), lambda: dict(questionnaire=_full_questionnaire()),
                                reports_problems=True),
    "clean_responses": Spec(function("clean_responses"), lambda: dict(responses=_responses(),
                                                                      questionnaire=_questionnaire().drop(
                                                                          columns=["dimension", "reverse_coded"]),
                                                                      min_duration_share=0.4, max_missing_share=0.25),
                            optional=_MISSING_ANSWERS),
    "dimension_scores": Spec(function("dimension_scores"), lambda: dict(responses=_responses()[["p1", "p2"]],
                                                                        questionnaire=_questionnaire(),
                                                                        block="perception"),
                             optional=_MISSING_ANSWERS),
    "expectation_gaps": Spec(function("expectation_gaps"), lambda: dict(responses=_responses()[["p1", "p2", "e1"]],
                                                                        questionnaire=_questionnaire()),
                             optional=_MISSING_ANSWERS),
    "importance_performance": Spec(function("importance_performance"), lambda: dict(
        importance={"a": 0.4, "b": 0.1}, performance={"a": 4.5, "b": 5.5})),
    "rate_by_level": Spec(function("rate_by_level"), lambda: dict(levels=pd.Series([1, 1, 2, 2]),
                                                                  outcome=pd.Series([0, 1, 1, 1]), level=0.95),
                          allow={"levels": {"a NaN"}}),  # left out as documented, counted in attrs["missing_levels"]
    "repurchased_after": Spec(function("repurchased_after"), lambda: dict(
        customer_ids=["a", "b", "z"], orders=_orders(*_ID_DATE), start="2024-01-03", days=90)),
    "kano_category": Spec(function("kano_category"), lambda: dict(functional=[1, 2, 3], dysfunctional=[4, 5, 3])),
    "kano_coefficients": Spec(function("kano_coefficients"), lambda: dict(categories=["A", "A", "O", "M", "I", "R"])),
    "kano_summary": Spec(function("kano_summary"), lambda: dict(
        responses=pd.DataFrame({"kano_gift_func": [1, 1, 3], "kano_gift_dysf": [3, 5, 3]}), features=["gift"]),
        optional=_MISSING_ANSWERS),  # a skipped pair is left out and counted in "answered"
    # --- survey: factors and levers (issue 13, Chapter 4) ---------------------------------------------------
    "mean_difference": Spec(function("mean_difference"), lambda: dict(
        outcome=pd.Series([3.0, 4, 5, 5, 6, 7, 6]), group=pd.Series([True, True, True, False, False, False, False])),
        allow={"outcome": {"a NaN"}, "group": {"a NaN", "a missing flag"}}),  # left out as documented, counted in attrs["left_out"]
    "lever_effects": Spec(function("lever_effects"), lambda: dict(
        weights=pd.DataFrame({"coefficient": [0.6, 0.15], "std_error": [0.05, 0.05]}, index=["product", "delivery"]),
        levers=pd.DataFrame({"lever": ["better tea", "faster courier"], "dimension": ["product", "delivery"],
                             "effect": [0.3, 0.5], "cost": [6.0, 2.0]})),
        keep={"levers.lever": _free_text}),
    # --- service ---------------------------------------------------------------------------------------------
    "complaint_rate": Spec(function("complaint_rate"), lambda: dict(
        complaints=pd.DataFrame({"order_id": ["O3"]}),
        orders=pd.DataFrame({"order_id": ["O1", "O2", "O3", "O4"], "promotion": ["none", "none", "618", "618"]}),
        by="promotion")),
    "response_performance": Spec(function("response_performance"), lambda: dict(
        complaints=pd.DataFrame({"channel": ["chat", "chat"], "first_response_minutes": [10.0, 50.0],
                                 "response_target_minutes": [30.0, 30.0], "resolution_hours": [5.0, 60.0]}),
        by="channel", resolution_target_hours=48.0)),
    "repurchase_after": Spec(function("repurchase_after"), lambda: dict(
        events=pd.DataFrame({"customer_id": ["a", "b"], "received_time": dates("2024-01-03", "2024-01-06")}),
        orders=_orders(*_ID_DATE), days=90, end="2024-12-31")),
    "servqual_gaps": Spec(function("servqual_gaps"), lambda: dict(
        survey=pd.DataFrame({"respondent_id": ["a", "a", "b", "b"], "dimension": ["reliability", "empathy"] * 2,
                             "expectation": [7, 6, 6, 5], "perception": [5, 6, 5, 5]}))),
    # --- service: the journey and agent scorecards (Chapter 8, issue 13) -------------------------------------
    "journey_funnel": Spec(function("journey_funnel"), lambda: dict(
        journeys=pd.DataFrame({"furthest_step": ["browse", "browse", "cart", "paid"]}), step="furthest_step",
        steps=("browse", "cart", "paid"), confidence=0.95), keep={"steps": "the step names, free labels in order"}),
    "touchpoint_drivers": Spec(function("touchpoint_drivers"), lambda: dict(
        ratings=pd.DataFrame({"delivery": [1.0, 2, 3, 4, 5, 3, 2, 4], "payment": [2.0, 1, 4, 3, 5, 5, 1, 2]}),
        outcome=pd.Series([1.0, 2, 3, 4, 5, 4, 2, 3]), confidence=0.95),
        # any set of touchpoints; incomplete rows are left out as in regression_weights
        allow={"ratings": {"without column 'delivery'", "without column 'payment'"}, "outcome": {"a NaN"}},
        optional={"ratings.delivery", "ratings.payment"}),
    "control_limits": Spec(function("control_limits"), lambda: dict(n=[25, 100], centre=0.8, sd=0.4, sigmas=3.0,
                                                                     low=0.0, high=1.0)),
    "first_call_resolved": Spec(function("first_call_resolved"), lambda: dict(
        calls=pd.DataFrame({"caller_id": ["a", "a", "b", "c"], "reason": ["delivery", "delivery", "delivery", "refund"],
                            "arrival_time": dates("2025-11-01", "2025-11-03", "2025-11-01", "2025-11-20")}),
        days=7, caller="caller_id", reason="reason", time="arrival_time")),
    "agent_scorecard": Spec(function("agent_scorecard"), lambda: dict(
        calls=pd.DataFrame({"caller_id": list("abcd"), "reason": ["delivery"] * 4,
                            "arrival_time": dates("2025-11-01", "2025-11-01", "2025-11-02", "2025-11-30"),
                            "agent_id": ["A1", "A1", "A2", "A2"], "handle_seconds": [200, 300, 250, 250],
                            "agent_marked_resolved": [True, True, False, True], "qa_score": [80.0, None, 90.0, None],
                            "csat": [5.0, 4.0, None, 2.0]}),
        agent="agent_id", days=7, sigmas=3.0),
        optional={"calls.qa_score", "calls.csat", "calls.agent_id"}),  # not monitored / no survey / not answered
    # --- customer information (Chapter 3) ---------------------------------------------------------------------
    "check_form": Spec(function("check_form"), lambda: dict(fields=pd.DataFrame({
        "name": ["phone", "consent"], "category": ["basic", "consent"], "type": ["phone", "boolean"],
        "required": [True, False], "sensitive": [False, False], "purpose": ["delivery", "marketing"]})),
        optional={"fields.purpose"}, keep={}),
    "category_shares": Spec(function("category_shares"), lambda: dict(
        items=pd.DataFrame({"customer_id": ["a", "b", "c"], "stage": ["x", "x", "y"],
                            "category": ["tea", "home", "tea"], "quantity": [1, 2, 1]}),
        by="stage", confidence=0.95, replicates=200, seed=0), optional={"items.stage"}),
    "pseudonym_key": Spec(function("pseudonym_key"), lambda: dict(customer_id="C00001"),
                          keep={"customer_id": "any text has a pseudonym"}),
    "category_probabilities": Spec(function("category_probabilities"), lambda: dict(
        params=importlib.import_module("crmkit.world.customer_info").PARAMS, stage="couple", city_tier=3),
        keep={"params": "the data world's parameter record"}),
    "sql_columns": Spec(function("sql_columns"), lambda: dict(name="orders")),
    "customer_card": Spec(function("customer_card"), lambda: dict(con=_customer_database(), customer_id="C00003")),
    "data_quality": Spec(function("data_quality"), lambda: dict(con=_customer_database(), as_of="2025-12-31",
                                                                fresh_days=730)),
    "find_traces": Spec(function("find_traces"), lambda: dict(con=_customer_database(), value="C00003"),
                        keep={"value": "any text may be searched for"}),
    # --- loyalty and programme (issue 13, Chapter 5) ---------------------------------------------------------
    "repeat_buyer_share": Spec(function("repeat_buyer_share"), lambda: dict(orders=_orders("customer_id"))),
    "purchases_per_customer": Spec(function("purchases_per_customer"), lambda: dict(orders=_orders("customer_id"))),
    "tier_reach": Spec(function("tier_reach"), lambda: dict(growth=[0.0, 100, 600, 2000],
                                                            thresholds={"member": 0.0, "silver": 500.0, "gold": 1500.0})),
    "score_designs": Spec(function("score_designs"), lambda: dict(
        designs=pd.DataFrame({"design": ["X", "X"], "tier_rank": [1, 2], "tier": ["member", "gold"],
                              "threshold_basis": ["points_12m", "points_12m"], "threshold": [0.0, 1000.0],
                              "points_per_cny": [2.0, 2.0], "point_value_cny": [0.005, 0.005],
                              "points_multiplier": [1.0, 1.5], "member_discount": [0.0, 0.05],
                              "free_shipping": [False, True], "birthday_gift_cny": [0.0, 20.0],
                              "coupons_cny_per_year": [0.0, 30.0], "sms_per_month": [1, 2], "push_per_month": [2, 2],
                              "email_per_month": [0, 1]}),
        spend=[100.0, 400.0, 1000.0], order_counts=[1, 2, 5], shipping_cost=8.0)),
}


# ---------------------------------------------------------------------------
# Mutations
# ---------------------------------------------------------------------------


@dataclass
class Case:
    """One call of a public callable with one argument made bad (or made a valid variant)."""

    function: str
    label: str
    kwargs: dict[str, Any]
    names: tuple[str, ...]  # the message must contain one of these
    valid_variant: bool = False  # True: must give the same result as the valid call


_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}")
_ID_NAMES = re.compile(r"(^|_)(id|ids)$|^customer$|^caller$|^respondent$|^rule$|^group$|^channel$|^dimension$|^status$|promotion")


def _kind_of_column(name: str, series: pd.Series) -> str:
    if series.dtype.kind == "M":
        return "date"
    if series.dtype == bool:
        return "flag"
    if series.dtype.kind in "iuf":
        return "number"
    return "label"


def _kind_of_value(name: str, value: Any) -> str | None:
    if callable(value) and not isinstance(value, type):
        return None
    if isinstance(value, pd.DataFrame):
        return "table"
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return "number"
    if isinstance(value, pd.Timestamp):
        return "date"
    if isinstance(value, str):
        return "date" if _DATE_TEXT.match(value) else "text"
    if isinstance(value, dict):
        return "mapping" if all(isinstance(v, (int, float)) for v in value.values()) else None
    if isinstance(value, (list, tuple, np.ndarray, pd.Series)):
        array = np.asarray(value)
        if array.dtype.kind == "M":
            return "dates"
        if array.dtype == bool:
            return "flags"
        if array.dtype.kind in "iuf":
            return "numbers"
        if array.dtype.kind in "OU" and all(isinstance(v, str) for v in np.ravel(array)):
            return "ids"
    return None


def _replace_first(values: Any, bad: Any) -> Any:
    if isinstance(values, pd.Series):
        copy = values.astype(object).copy()
        copy.iloc[min(1, len(copy) - 1)] = bad
        return copy
    if isinstance(values, np.ndarray):
        copy = values.astype(object).copy()
        copy.flat[min(1, copy.size - 1)] = bad
        return copy
    copy = list(values)
    copy[min(1, len(copy) - 1)] = bad
    return type(values)(copy) if isinstance(values, tuple) else copy


def _set_cell(frame: pd.DataFrame, column: str, bad: Any) -> pd.DataFrame:
    copy = frame.copy()
    copy[column] = copy[column].astype(object)
    copy.iloc[0, copy.columns.get_loc(column)] = bad
    return copy


def cases_for(name: str, spec: Spec) -> list[Case]:
    """The mechanical bad calls (and valid variants) of one spec."""
    valid = spec.valid()
    defaults = {}
    try:
        defaults = {p.name: p.default for p in inspect.signature(public_callables()[name]).parameters.values()}
    except (KeyError, ValueError, TypeError):
        pass
    cases: list[Case] = []

    def add(argument: str, label: str, value: Any, names: tuple[str, ...] | None = None, variant: bool = False) -> None:
        if label in spec.allow.get(argument, set()):
            return
        kwargs = dict(valid)
        kwargs[argument] = value
        cases.append(Case(name, f"{argument}: {label}", kwargs, names or (argument,), variant))

    for argument, value in valid.items():
        if argument in spec.keep:
            continue
        kind = _kind_of_value(argument, value)
        none_ok = argument in defaults and defaults[argument] is None
        if kind == "number":
            add(argument, "NaN", float("nan"))
            add(argument, "infinity", float("inf"))
            add(argument, "text", str(value))
            add(argument, "boolean", True)
            if not none_ok:
                add(argument, "None", None)
        elif kind == "bool":
            add(argument, "text 'False'", "False")
        elif kind == "text":
            add(argument, "unknown text", "zz_unknown", (argument, "zz_unknown"))
            if not none_ok:
                add(argument, "None", None)
        elif kind == "date":
            add(argument, "integer date", 20240101)
            add(argument, "text that is no date", "soon")
            add(argument, "time-zone-aware date", pd.Timestamp(value).tz_localize("Asia/Shanghai"))
            if not none_ok:
                add(argument, "None", None)
            if isinstance(value, str):
                add(argument, "Timestamp instead of ISO text", pd.Timestamp(value), variant=True)
            else:
                add(argument, "ISO text instead of Timestamp", value.isoformat(), variant=True)
        elif kind == "numbers":
            add(argument, "a NaN", _replace_first(value, float("nan")))
            add(argument, "an infinity", _replace_first(value, float("inf")))
            add(argument, "a text number", _replace_first(value, "7"))
            add(argument, "a dict", {"a": 1.0})
        elif kind == "flags":
            add(argument, "text 'False'", _replace_first(value, "False"))
            add(argument, "a missing flag", _replace_first(value, None))
            as_numbers = np.asarray(value).astype(int)
            add(argument, "1/0 instead of True/False",
                pd.Series(as_numbers, index=value.index) if isinstance(value, pd.Series) else as_numbers.tolist(),
                variant=True)
        elif kind == "ids":
            add(argument, "a missing id", _replace_first(value, None))
        elif kind == "dates":
            add(argument, "a missing date", _replace_first(value, None))
            add(argument, "integer dates", pd.Series(np.arange(len(value))))
        elif kind == "mapping":
            key = next(iter(value))
            add(argument, "a NaN value", {**value, key: float("nan")}, (argument, key))
            add(argument, "a text value", {**value, key: "1"}, (argument, key))
        elif kind == "table":
            add(argument, "not a table", value.to_dict("list") if len(value.columns) else [1])
            for column in value.columns:
                series = value[column]
                column_kind = _kind_of_column(column, series)
                names = (repr(column), f'"{column}"')
                add(argument, f"without column {column!r}", value.drop(columns=column), names + (argument,))
                optional = f"{argument}.{column}" in spec.optional
                if column_kind == "date":
                    if not optional:
                        add(argument, f"{column!r} has a missing date", _set_cell(value, column, None), names)
                    add(argument, f"{column!r} as integers", value.assign(**{column: np.arange(len(value))}), names)
                    add(argument, f"{column!r} time-zone aware",
                        value.assign(**{column: series.dt.tz_localize("Asia/Shanghai")}), names)
                    add(argument, f"{column!r} has text that is no date", _set_cell(value, column, "soon"), names)
                    iso = series.dt.strftime("%Y-%m-%d %H:%M:%S").where(series.notna(), None)
                    add(argument, f"{column!r} as ISO text", value.assign(**{column: iso}), names, variant=True)
                elif column_kind == "number":
                    add(argument, f"{column!r} has a text number", _set_cell(value, column, str(series.iloc[0])), names)
                    if not optional:
                        add(argument, f"{column!r} has a NaN", _set_cell(value, column, float("nan")), names)
                    add(argument, f"{column!r} has an infinity", _set_cell(value, column, float("inf")), names)
                elif column_kind == "flag":
                    add(argument, f"{column!r} has text 'False'", _set_cell(value, column, "False"), names)
                    add(argument, f"{column!r} has text 'no'", _set_cell(value, column, "no"), names)
                    add(argument, f"{column!r} has a missing flag", _set_cell(value, column, None), names)
                    add(argument, f"{column!r} as 1/0", value.assign(**{column: series.astype(int)}), names,
                        variant=True)
                elif column_kind == "label" and not optional:
                    add(argument, f"{column!r} has a missing value", _set_cell(value, column, None), names)
    return cases


# ---------------------------------------------------------------------------
# Running a call
# ---------------------------------------------------------------------------


class Hang(Exception):
    """A call ran past its time limit."""


def _alarm(signum: int, frame: Any) -> None:
    raise Hang()


@dataclass
class Outcome:
    kind: str  # clear, warned, vague, other, silent, hang, ok, differs
    detail: str = ""


def run(call: Callable[..., Any], kwargs: dict[str, Any], seconds: float) -> tuple[Any, list[warnings.WarningMessage], BaseException | None]:
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = call(**kwargs)
        return result, caught, None
    except Hang as error:
        return None, [], error
    except Exception as error:  # noqa: BLE001 - the sweep classifies every exception
        return None, [], error
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def same(first: Any, second: Any) -> bool:
    try:
        if isinstance(first, pd.DataFrame):
            pd.testing.assert_frame_equal(first, second, check_dtype=False, check_index_type=False,
                                          check_column_type=False, check_freq=False)
        elif isinstance(first, pd.Series):
            pd.testing.assert_series_equal(first, second, check_dtype=False, check_index_type=False, check_freq=False)
        elif isinstance(first, tuple) and not hasattr(first, "_fields"):
            return len(first) == len(second) and all(same(a, b) for a, b in zip(first, second))
        elif isinstance(first, dict):
            return first.keys() == second.keys() and all(same(first[k], second[k]) for k in first)
        elif is_dataclass(first):
            return same(vars(first), vars(second))
        elif isinstance(first, (pd.Timestamp, str)):  # a date or text field of a record (CampaignPlan)
            return type(first) is type(second) and first == second
        elif hasattr(first, "params_"):  # a fitted model: the same estimates
            return same(first.params_, second.params_)
        else:
            return bool(np.array_equal(np.asarray(first), np.asarray(second), equal_nan=True))
    except (AssertionError, TypeError, ValueError):
        return False
    return True


def classify(case: Case, baseline: Any, seconds: float = 5.0) -> Outcome:
    spec = SPECS[case.function]
    result, caught, error = run(spec.call, case.kwargs, seconds)
    if isinstance(error, Hang):
        return Outcome("hang", f"ran past {seconds:g} s")
    if case.valid_variant:
        if error is not None:
            return Outcome("differs", f"{type(error).__name__}: {error}")
        return Outcome("ok") if same(baseline, result) else Outcome("differs", "result differs from the valid call")
    if error is None and spec.reports_problems and isinstance(result, list) and result:
        if any(name.strip("'\"") in problem for problem in result for name in case.names):
            return Outcome("clear", "; ".join(result))
        return Outcome("vague", "; ".join(result))
    if error is None:
        flagged = [w for w in caught if issubclass(w.category, (DroppedRowsWarning, DegenerateFitWarning))]
        if flagged and any(name in str(w.message) for w in flagged for name in case.names):
            return Outcome("warned", str(flagged[0].message))
        return Outcome("silent", f"returned {type(result).__name__}")
    message = str(error)
    if isinstance(error, ValueError):
        if any(name in message for name in case.names):
            return Outcome("clear", message)
        return Outcome("vague", message)
    return Outcome("other", f"{type(error).__name__}: {message}")


# ---------------------------------------------------------------------------
# Explicit tables: bounds, hangs and the bugs of issue 11
# ---------------------------------------------------------------------------

EXPLICIT_BAD: list[tuple[str, dict[str, Any], tuple[str, ...]]] = [
    # (function, arguments that differ from its valid call, names the message must contain)
    ("agents_available", {"freq": "-30min"}, ("freq",)),
    ("agents_available", {"freq": "0min"}, ("freq",)),
    ("interval_kpis", {"freq": "-30min"}, ("freq",)),
    ("ShiftedBetaGeo.expected_lifetime", {"horizon": 10**9}, ("horizon",)),
    ("ShiftedBetaGeo.expected_lifetime", {"horizon": 2.5}, ("horizon",)),
    ("ShiftedBetaGeo.expected_lifetime", {"discount_rate": -0.5}, ("discount_rate",)),
    ("ShiftedBetaGeo.fit", {"survivors": [1000, 1200, 300]}, ("survivors",)),
    ("ShiftedBetaGeo.fit", {"survivors": [1000]}, ("survivors",)),
    ("erlang_a", {"patience": 1e9, "agents": 5}, ("patience",)),  # an overloaded queue with endless patience
    ("erlang_a", {"agents": 10**9}, ("agents",)),
    ("erlang_b", {"agents": 10**12}, ("agents",)),
    ("erlang_c", {"agents": -1}, ("agents",)),
    ("agents_required_erlang_a", {"service_level": 1.0}, ("service_level",)),
    ("agents_required", {"service_level": 1.5}, ("service_level",)),
    ("simulate_queue", {"horizon": -1.0}, ("horizon",)),
    ("simulate_queue", {"agents": 0}, ("agents",)),
    ("replicate", {"replications": 0}, ("replications",)),
    ("replicate", {"replications": 10**12}, ("replications",)),
    ("lift", {"treated_conversions": 2000}, ("treated_conversions",)),
    ("lift", {"confidence": 1.0}, ("confidence",)),
    ("sample_size_two_proportions", {"p_treated": 0.5}, ("p_treated", "p_control")),
    ("uplift_by_decile", {"bins": 0}, ("bins",)),
    ("uplift_by_decile", {"treated": [True, False]}, ("treated", "length")),
    ("qini_curve", {"points": 0}, ("points",)),
    ("rfm_scores", {"bins": 1}, ("bins",)),
    ("top_share", {"share": 1.5}, ("share",)),
    ("abc_classes", {"cuts": (0.95, 0.8)}, ("cuts",)),
    ("value_tiers", {"top": 0.0}, ("top",)),
    ("threshold_for_share", {"share": -0.1}, ("share",)),
    ("customer_value", {"retention": 1.2}, ("retention",)),
    ("margin_multiple", {"retention": 1.0, "discount": 0.0}, ("retention", "discount")),
    ("cohort_retention", {"freq": "Q-nonsense"}, ("freq",)),
    ("summarise_transactions", {"freq": "zz"}, ("freq",)),
    ("nps", {"scores": []}, ("scores", "empty")),
    ("nps", {"scores": [11]}, ("scores", "11")),
    ("csat", {"top_box": 9}, ("top_box",)),
    ("reverse_code", {"scale_min": 7, "scale_max": 1}, ("scale_min", "scale_max")),
    ("repurchased_after", {"days": -5}, ("days",)),
    ("bought_within", {"days": -5}, ("days",)),
    ("repurchased_within", {"days": 2.5}, ("days",)),
    ("load", {"name": "../etc/passwd"}, ("name", "passwd")),
    ("Offer", {"mechanic": "bogus"}, ("mechanic", "bogus")),
    ("Offer", {"amount": -5.0}, ("amount",)),
    ("simulate_campaign", {"audience": pd.DataFrame({"customer_id": []})}, ("audience",)),
    ("simulate_campaign", {"offer": "coupon"}, ("offer",)),
    ("offer_strength", {"offer": "coupon"}, ("offer",)),
    ("true_uplift", {"offer": None}, ("offer",)),
    ("true_uplift", {"audience": pd.DataFrame({"customer_id": ["a"]})}, ("audience",)),
    ("retention_value", {"timing": "middle"}, ("timing",)),
    ("retention_value", {"retention": 1.0, "discount_rate": 0.0}, ("retention", "discount_rate")),
    ("lifetime_value", {"retention": 1.0, "discount_rate": 0.0}, ("retention", "discount_rate")),
    ("residual_value", {"retention": 1.5}, ("retention",)),
    ("bought_again", {"days": 0}, ("days",)),
    ("incremental_summary", {"gross_margin": 1.5}, ("gross_margin",)),
    ("staffing_plan", {"shrinkage": 1.0}, ("shrinkage",)),
    ("rounded", {"decimals": 2.5}, ("decimals",)),
    ("significant", {"digits": 0}, ("digits",)),
    ("threshold_bunching", {"offer_values": []}, ("offer_values", "empty")),
    ("threshold_bunching", {"band": 0.0}, ("band",)),
    ("threshold_candidates", {"thresholds": [0.0, 299.0]}, ("thresholds",)),
    ("threshold_candidates", {"saving": -50.0}, ("saving",)),
]


def explicit_cases() -> list[Case]:
    cases = []
    for name, changes, names in EXPLICIT_BAD:
        kwargs = {**SPECS[name].valid(), **changes}
        label = ", ".join(f"{key}={value!r}"[:60] for key, value in changes.items())
        cases.append(Case(name, label, kwargs, names))
    return cases


def all_cases() -> list[Case]:
    cases = []
    for name in sorted(SPECS):
        if name in public_callables():
            cases.extend(cases_for(name, SPECS[name]))
    return cases + [case for case in explicit_cases() if case.function in public_callables()]


@functools.lru_cache(maxsize=None)
def baseline(name: str) -> Any:
    result, _, error = run(SPECS[name].call, SPECS[name].valid(), 30.0)
    if error is not None:
        raise AssertionError(f"the valid call of {name} fails: {type(error).__name__}: {error}")
    return result


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


def test_every_public_callable_is_covered_or_exempt() -> None:
    """A new public function must get a valid call in SPECS (so the sweep covers it) or an entry in EXEMPT."""
    found = set(public_callables())
    uncovered = sorted(found - set(SPECS) - set(EXEMPT))
    assert not uncovered, f"public callables without a bad-input spec (add them to SPECS or EXEMPT): {uncovered}"
    stale = sorted(set(SPECS) - found)
    assert not stale, f"SPECS names callables that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(SPECS))
def test_valid_call_works(name: str) -> None:
    if name not in public_callables():
        pytest.skip(f"{name} no longer exists")
    baseline(name)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_bad_inputs_are_refused_clearly(name: str) -> None:
    """Every bad call of ``name`` raises a ValueError naming the argument or column; every valid variant agrees."""
    if name not in public_callables():
        pytest.skip(f"{name} no longer exists")
    cases = cases_for(name, SPECS[name]) + [case for case in explicit_cases() if case.function == name]
    failures = []
    for case in cases:
        outcome = classify(case, baseline(name) if case.valid_variant else None, seconds=5.0)
        if case.valid_variant and outcome.kind != "ok":
            failures.append(f"valid variant {case.label}: {outcome.detail}")
        elif not case.valid_variant and outcome.kind not in ("clear", "warned"):
            failures.append(f"{case.label}: {outcome.kind}: {outcome.detail[:200]} (expected a ValueError naming one "
                            f"of {case.names})")
    assert not failures, f"{name}: {len(failures)} of {len(cases)} cases fail:\n" + "\n".join(failures)


# ---------------------------------------------------------------------------
# The measure (python tests/test_bad_inputs.py)
# ---------------------------------------------------------------------------


def sweep(seconds: float = 5.0, verbose: bool = False, only: list[str] | None = None) -> Counter:
    counts: Counter = Counter()
    per_function: dict[str, Counter] = {}
    for case in all_cases():
        if only and case.function not in only:
            continue
        try:
            base = baseline(case.function) if case.valid_variant else None
        except AssertionError as error:
            counts["valid call fails"] += 1
            print("VALID CALL FAILS", error)
            continue
        started = time.perf_counter()
        outcome = classify(case, base, seconds)
        kind = ("variant " + outcome.kind) if case.valid_variant else outcome.kind
        counts[kind] += 1
        per_function.setdefault(case.function, Counter())[kind] += 1
        if verbose and outcome.kind not in ("clear", "ok", "warned"):
            print(f"{kind:10} {case.function}({case.label}): {outcome.detail[:150]}  [{time.perf_counter() - started:.1f}s]")
    bad = sum(value for key, value in counts.items() if not key.startswith("variant"))
    clear = counts["clear"]
    print(f"\n{bad} bad calls over {len(per_function)} callables: {clear} clear ValueError "
          f"({100 * clear / bad:.1f}%), {counts['warned']} warned with a count, {counts['vague']} vague ValueError, "
          f"{counts['other']} other exceptions, {counts['silent']} silent results, {counts['hang']} hangs")
    variants = sum(value for key, value in counts.items() if key.startswith("variant"))
    print(f"{variants} valid variants: {counts['variant ok']} same result, {counts['variant differs']} differ or fail, "
          f"{counts['variant hang']} hang")
    return counts


if __name__ == "__main__":
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (4 * 1024**3, 4 * 1024**3))  # a runaway allocation fails instead of swapping
    sweep(verbose="-v" in sys.argv, only=[argument for argument in sys.argv[1:] if not argument.startswith("-")])


# ---------------------------------------------------------------------------
# Hypothesis: arbitrary scalars in every numeric parameter
# ---------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _numeric_parameters() -> list[tuple[str, str]]:
    pairs = []
    for name in sorted(SPECS):
        spec = SPECS[name]
        for argument, value in spec.valid().items():
            if argument not in spec.keep and _kind_of_value(argument, value) == "number":
                pairs.append((name, argument))
    return pairs


_SCALARS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-10**6, max_value=10**6),
    st.text(max_size=3),
    st.none(),
    st.booleans(),
)


def _must_refuse(value: Any, none_ok: bool) -> bool:
    if value is None:
        return not none_ok
    if isinstance(value, (bool, str)):
        return True
    return isinstance(value, float) and not math.isfinite(value)


@pytest.mark.parametrize("name, argument", _numeric_parameters())
@settings(max_examples=6, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(value=_SCALARS)
def test_any_scalar_is_answered_or_refused_clearly(name: str, argument: str, value: Any) -> None:
    """Whatever scalar a numeric parameter gets, the call returns or raises a ValueError naming it, within 5 s."""
    if name not in public_callables():
        pytest.skip(f"{name} no longer exists")
    spec = SPECS[name]
    kwargs = {**spec.valid(), argument: value}
    result, _, error = run(spec.call, kwargs, 5.0)
    assert not isinstance(error, Hang), f"{name}({argument}={value!r}) ran past 5 s"
    defaults = {p.name: p.default for p in inspect.signature(public_callables()[name]).parameters.values()}
    if _must_refuse(value, defaults.get(argument, inspect.Parameter.empty) is None):
        assert isinstance(error, ValueError) and argument in str(error), (
            f"{name}({argument}={value!r}) should raise a ValueError naming {argument}, got {error!r}")
    elif error is not None:
        assert isinstance(error, ValueError), f"{name}({argument}={value!r}) raised {type(error).__name__}: {error}"


# ---------------------------------------------------------------------------
# The bugs of issue 11, one test each
# ---------------------------------------------------------------------------


def test_cohort_retention_keeps_periods_with_zero_retention() -> None:
    from crmkit.loyalty import cohort_retention
    orders = pd.DataFrame({"customer_id": ["a", "a", "b"], "order_date": dates("2024-01-05", "2024-03-05", "2024-01-07")})
    table = cohort_retention(orders)
    assert list(table.columns) == [0, 1, 2], "month 1, when nobody bought, must be a column of zeros"
    assert table.loc[pd.Period("2024-01", "M")].tolist() == [1.0, 0.0, 0.5]


def test_qini_curve_on_fewer_customers_than_points() -> None:
    from crmkit.uplift import qini_curve
    curve = qini_curve([0.3, 0.2, 0.1, 0.0], [True, False, True, False], [True, False, False, False])  # points=20
    assert curve["share_targeted"].tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert curve["qini"].iloc[1] == 1.0  # the first customer: treated and converted, no index -1 wrap


def test_repurchased_after_takes_one_id_whole() -> None:
    from crmkit.survey import repurchased_after
    result = repurchased_after("a", _orders(*_ID_DATE), "2024-01-03", days=90)
    assert result.index.tolist() == ["a"] and result.tolist() == [1]


@pytest.mark.parametrize("flag", ["False", "no", None, float("nan")])
def test_truthy_strings_are_refused_as_flags(flag: Any) -> None:
    from crmkit.callcentre import interval_kpis
    from crmkit.segmentation import relationship_stage
    valid = SPECS["relationship_stage"].valid()
    valid["customers"] = _set_cell(valid["customers"], "marketing_opt_in", flag)
    with pytest.raises(ValueError, match="marketing_opt_in"):
        relationship_stage(**valid)
    log = _set_cell(_call_log().drop(columns="caller_id"), "ivr_resolved", flag)
    with pytest.raises(ValueError, match="ivr_resolved"):
        interval_kpis(log)


def test_time_zone_aware_dates_are_refused_not_shifted() -> None:
    from crmkit.clv import summarise_transactions
    local = pd.DataFrame({"id": ["a", "a"], "day": pd.to_datetime(["2024-01-07 23:30", "2024-01-08 00:30"])})
    aware = local.assign(day=local["day"].dt.tz_localize("Asia/Shanghai"))
    with pytest.raises(ValueError, match="time-zone aware"):
        summarise_transactions(aware, "id", "day")
    # The documented conversion keeps the shop's local calendar: two purchases in two different weeks.
    converted = aware.assign(day=aware["day"].dt.tz_convert("Asia/Shanghai").dt.tz_localize(None))
    assert summarise_transactions(converted, "id", "day")["frequency"].tolist() == [1.0]


def test_integer_dates_are_refused() -> None:
    from crmkit.segmentation import rfm_table
    orders = _orders().assign(order_date=np.arange(6))
    with pytest.raises(ValueError, match="order_date.*not numbers"):
        rfm_table(orders)


def test_text_amounts_are_not_summed() -> None:
    from crmkit.segmentation import lifecycle_stages
    orders = _orders().assign(amount=["100", "50", "80", "20", "30", "40"])
    with pytest.raises(ValueError, match="amount"):
        lifecycle_stages(orders, "2025-01-01")


@pytest.mark.parametrize("erlangs", [500, 5000])
def test_erlang_a_staffing_is_fast_at_scale(erlangs: int) -> None:
    from crmkit.callcentre import agents_required_erlang_a
    started = time.perf_counter()
    agents = agents_required_erlang_a(erlangs * 10, 1800, 180, patience=120, service_level=0.8, target_time=20)
    elapsed = time.perf_counter() - started
    assert 0.8 * erlangs < agents < erlangs * 1.1
    assert elapsed < 5.0, f"{erlangs} Erlangs took {elapsed:.1f} s (about 0.3 s expected at 5,000)"


@pytest.mark.parametrize("changes", [{"patience": 1e-9}, {"aht": 1e-9}, {"aht": 1e-3}, {"patience": 1e9}])
def test_erlang_a_extremes_answer_quickly(changes: dict) -> None:
    from crmkit.callcentre import erlang_a
    result, _, error = run(erlang_a, {**SPECS["erlang_a"].valid(), **changes}, 5.0)
    assert error is None, f"erlang_a({changes}) gave {error!r}"
    assert all(math.isfinite(value) and value >= 0 for value in result.values())
    assert 0 <= result["service_level"] <= 1


def test_erlang_a_with_very_short_patience_is_erlang_b() -> None:
    from crmkit.callcentre import erlang_a, erlang_b
    result = erlang_a(100, 1800, 180, patience=1e-9, agents=14, target_time=20)
    assert result["p_abandon"] == pytest.approx(erlang_b(10.0, 14), rel=1e-6)


def test_agents_available_refuses_a_negative_step() -> None:
    from crmkit.callcentre import agents_available
    with pytest.raises(ValueError, match="freq"):
        agents_available(_shifts(), freq="-30min")


def test_expected_lifetime_horizon_is_bounded() -> None:
    model = fitted_sbg()
    with pytest.raises(ValueError, match="horizon"):
        model.expected_lifetime(horizon=10**9)
    started = time.perf_counter()
    long_run = model.expected_lifetime(discount_rate=0.1, horizon=10**6)
    assert time.perf_counter() - started < 5.0
    assert long_run == pytest.approx(model.expected_lifetime(discount_rate=0.1), rel=1e-9)


def test_beta_geo_refuses_customers_without_repeat_purchases() -> None:
    from crmkit.clv import BetaGeo
    with pytest.raises(ValueError, match="repeat purchase"):
        BetaGeo().fit([0, 0, 0], [0, 0, 0], [10.0, 20.0, 30.0])


def test_gamma_gamma_with_q_at_most_one_warns_then_refuses_to_predict() -> None:
    from crmkit.clv import GammaGamma
    rng = np.random.default_rng(0)
    spends = rng.pareto(0.8, 300) * 50 + 1  # a tail so heavy that the population mean is infinite
    with pytest.warns(DegenerateFitWarning, match="q = "):
        model = GammaGamma().fit(np.ones(300), spends)
    with pytest.raises(ValueError, match="q = "):
        model.conditional_expected_spend(1, 50.0)


def test_shifted_beta_geo_survival_never_exceeds_one() -> None:
    from crmkit.loyalty import ShiftedBetaGeo
    model = ShiftedBetaGeo()
    model.params_ = {"alpha": 2.888e-07, "beta": 327353.7}  # what a cohort that never shrinks once fitted to
    assert (np.asarray(model.survival(np.arange(0, 50))) <= 1.0).all()
    with pytest.raises(ValueError, match="nobody left"):
        ShiftedBetaGeo().fit([1000, 1000, 1000])


def test_nothing_dropped_silently_when_rows_are_left_out() -> None:
    from crmkit.segmentation import rfm_table
    with pytest.warns(DroppedRowsWarning, match="left out 1 transaction"):
        rfm_table(_orders(), as_of="2024-05-01")
