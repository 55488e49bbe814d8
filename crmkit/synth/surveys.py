"""A customer-satisfaction survey of the shop, linked to what respondents did afterwards.

Yuchuan Tea & Home (玉川茶居) surveyed the customers who had bought between
2023-07-01 and 2024-06-30 (the twelve months before the survey). The survey ran from 2024-07-08 to 2024-07-21, just
after the 618 festival; a random sample of those buyers was invited and about
two thirds answered. Because every answer carries the respondent's
``customer_id``, the survey can be joined to the orders table, and in
particular to the orders placed **after** the survey closed.

How the answers were made (the ground-truth parameters are listed in the table at the end):

1. **Later behaviour first.** The orders already exist, so for each respondent
   we look up whether they bought again in the 365 days after the survey closed
   (2024-07-22 to 2025-07-21): ``retained`` = 1 or 0.
2. **Latent overall satisfaction from behaviour.** Each respondent gets a latent
   overall satisfaction ``eta`` (standard normal over all respondents) drawn
   *given* their later behaviour, by Bayes' rule with the retention curve
   ``P(retained | eta) = low + slope * eta + (high - low) * Phi((eta - trap_threshold) / trap_width)``:
   nearly flat over ordinary satisfaction and rising steeply only in the top
   tail. ``low`` is solved so that the curve averages to the observed
   retention rate. This is the *satisfaction trap* (满意陷阱): merely satisfied
   customers defect almost as often as dissatisfied ones; only the most
   satisfied are reliably loyal.
3. **Drivers given overall satisfaction.** Four dimension perceptions (product,
   value, delivery, service; correlated ``dimension_correlation``) and four
   expectations (independent) are jointly normal with ``eta``, where
   ``eta = sum(true_weights * perception) + expectation_effect * sum(expectation) + noise``
   with variance 1. They are drawn from their conditional normal distribution
   given ``eta``, so the linear regression of ``eta`` on the perceptions has the
   true weights as its coefficients.
4. **Items.** Each seven-point item is ``round(centre + 1.2 * (loading * latent + sqrt(1 - loading^2) * noise))``
   clipped to 1..7; reverse-coded items store ``8 - value``. The overall item
   cuts ``eta`` (plus a little noise) at the normal quantiles of ``overall_shares``.
   The recommendation item is ``round(nps_centre + 2 * (0.85 * eta + 0.5 * noise))``
   clipped to 0..10. "Searched by name" is 1 with probability
   ``logistic(-0.6 + 0.8 * eta)``, "complained" with ``logistic(-2.2 - 0.9 * eta)``.
   Each respondent's true Kano category for a feature is drawn independently of
   ``eta`` (shares A / O / M / I / R): harvest-date label 0.08 / 0.22 / 0.55 / 0.13 / 0.02
   (must-be); next-day delivery 0.18 / 0.47 / 0.15 / 0.18 / 0.02 (one-dimensional);
   brewing card 0.52 / 0.10 / 0.04 / 0.32 / 0.02 (attractive); live-stream tastings
   0.20 / 0.06 / 0.03 / 0.58 / 0.13 (indifferent), scaled by 0.97, with 3%
   contradictory (Q) answers; the answer pair is then drawn from the cells of
   Berger et al.'s (1993) table that give that category.
5. **Defects real surveys have.** Duplicate submissions, speeders (very short
   ``duration_sec``, random answers), straight-liners (one value for the whole
   perception grid), break-offs and item non-response (missing answers), and
   out-of-range codes (0, 8, 9 on seven-point items; 11 on the NPS item; 6 on
   Kano items) typed in by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import norm

from crmkit.synth._base import Column, TableSpec

FAMILY = "surveys"
REQUIRES: tuple[str, ...] = ("customers", "orders")

#: Survey calendar.
FRAME_START = pd.Timestamp("2023-07-01")
FRAME_END = pd.Timestamp("2024-06-30")
FIELD_START = pd.Timestamp("2024-07-08")
FIELD_END = pd.Timestamp("2024-07-21")
FOLLOW_UP_DAYS = 365

DIMENSIONS = ("product", "value", "delivery", "service")

#: Kano answer codes (the same for the functional and the dysfunctional question).
KANO_ANSWERS = {1: "I like it", 2: "I expect it", 3: "I am neutral", 4: "I can live with it", 5: "I dislike it"}
KANO_ANSWERS_ZH = {1: "我喜欢", 2: "理应如此", 3: "无所谓", 4: "能忍受", 5: "我不喜欢"}


@dataclass(frozen=True)
class SurveyParams:
    """Ground-truth parameters of the satisfaction survey."""

    n_invited: int = field(default=1400, metadata={"help": "buyers of the 12 months before the survey invited (a simple random sample of them)"})
    response_rate: float = field(default=0.62, metadata={"help": "share of invited customers who answered"})
    trap_high: float = field(default=0.85, metadata={"help": "retention curve: 12-month repurchase rate at the very top of satisfaction"})
    trap_slope: float = field(default=0.02, metadata={"help": "retention curve: gentle rise per SD of latent satisfaction below the threshold"})
    trap_threshold: float = field(default=1.05, metadata={"help": "retention curve: latent satisfaction (SD units) where loyalty jumps; about the top-box cut"})
    trap_width: float = field(default=0.15, metadata={"help": "retention curve: how sharp the jump is (SD units)"})
    true_weights: tuple = field(default=(0.40, 0.20, 0.10, 0.30), metadata={"help": "regression weights of latent overall satisfaction on the perceptions of product, value, delivery, service"})
    expectation_effect: float = field(default=-0.08, metadata={"help": "weight of each dimension's expectation in latent overall satisfaction (higher expectations, less satisfied)"})
    dimension_correlation: float = field(default=0.40, metadata={"help": "correlation between any two latent dimension perceptions"})
    perception_centre: tuple = field(default=(5.6, 4.9, 5.4, 4.6), metadata={"help": "centre of the perception items (1-7) for product, value, delivery, service"})
    expectation_centre: tuple = field(default=(5.7, 5.0, 6.0, 5.3), metadata={"help": "centre of the expectation items (1-7) for product, value, delivery, service"})
    overall_shares: tuple = field(default=(0.03, 0.04, 0.08, 0.17, 0.27, 0.27, 0.14), metadata={"help": "target shares of overall-satisfaction levels 1..7 (cuts of latent satisfaction)"})
    nps_centre: float = field(default=8.0, metadata={"help": "centre of the 0-10 recommendation item"})
    share_duplicates: float = field(default=0.012, metadata={"help": "respondents who submitted twice (second copy a few hours later)"})
    share_speeders: float = field(default=0.05, metadata={"help": "respondents who clicked through in 50-150 s with random answers"})
    share_straightliners: float = field(default=0.035, metadata={"help": "respondents who gave one value to the whole perception grid"})
    share_breakoffs: float = field(default=0.03, metadata={"help": "respondents who stopped after the first few questions"})
    item_missing: float = field(default=0.02, metadata={"help": "chance that any one answer is skipped"})
    out_of_range: float = field(default=0.004, metadata={"help": "chance that any one answer holds an out-of-range code"})
    loadings: tuple = field(default=(0.85, 0.75, 0.70, 0.85, 0.70, 0.75, 0.85, 0.80, 0.30, 0.85, 0.85, 0.70), metadata={"help": "loading of each perception item on its dimension, in questionnaire order product_1 … service_3 (delivery_3 is the weak item)"})


PARAMS = SurveyParams()

#: Questionnaire: (item_id, block, dimension, indicator, wording_en, wording_zh, scale_min, scale_max, reverse, item_type)
_ITEMS = (
    ("product_1", "perception", "product", "tea quality", "The tea tasted as fresh and fragrant as described.", "茶叶的新鲜度和香气与描述相符。", 1, 7, False, "perception"),
    ("product_2", "perception", "product", "teaware craftsmanship", "The teaware and home goods are well made.", "茶具和家居用品做工精良。", 1, 7, False, "perception"),
    ("product_3", "perception", "product", "match with the listing", "Some items I received looked different from the pictures.", "收到的部分商品与图片不符。", 1, 7, True, "perception"),
    ("value_1", "perception", "value", "price fairness", "Prices at Yuchuan are fair for the quality.", "玉川茶居的价格与质量相称。", 1, 7, False, "perception"),
    ("value_2", "perception", "value", "promotion value", "The 618 and Double 11 offers were worth waiting for.", "618和双十一的优惠值得等待。", 1, 7, False, "perception"),
    ("value_3", "perception", "value", "price regret", "I felt I paid too much for what I got.", "我觉得自己花的钱不值。", 1, 7, True, "perception"),
    ("delivery_1", "perception", "delivery", "delivery speed", "My order arrived quickly.", "订单送达很快。", 1, 7, False, "perception"),
    ("delivery_2", "perception", "delivery", "packaging", "The packaging protected fragile teaware well.", "包装很好地保护了易碎茶具。", 1, 7, False, "perception"),
    ("delivery_3", "perception", "delivery", "parcel-locker pick-up", "Picking the parcel up from the locker was convenient.", "从快递柜取件很方便。", 1, 7, False, "perception"),
    ("service_1", "perception", "service", "response time", "Customer service answered my questions quickly.", "客服回复问题很及时。", 1, 7, False, "perception"),
    ("service_2", "perception", "service", "problem solving", "When something went wrong, the shop put it right.", "出现问题时店铺能妥善解决。", 1, 7, False, "perception"),
    ("service_3", "perception", "service", "courtesy", "The customer-service staff were unfriendly.", "客服人员态度冷淡。", 1, 7, True, "perception"),
    ("expect_product", "expectation", "product", "expected product quality", "Before ordering, how good did you expect the products to be?", "下单前，您对商品质量的期望有多高？", 1, 7, False, "expectation"),
    ("expect_value", "expectation", "value", "expected value for money", "Before ordering, how good did you expect the value for money to be?", "下单前，您对性价比的期望有多高？", 1, 7, False, "expectation"),
    ("expect_delivery", "expectation", "delivery", "expected delivery", "Before ordering, how good did you expect the delivery to be?", "下单前，您对物流配送的期望有多高？", 1, 7, False, "expectation"),
    ("expect_service", "expectation", "service", "expected service", "Before ordering, how good did you expect the customer service to be?", "下单前，您对客户服务的期望有多高？", 1, 7, False, "expectation"),
    ("overall", "overall", "overall", "overall satisfaction", "All things considered, how satisfied are you with Yuchuan Tea & Home?", "总体而言，您对玉川茶居满意吗？", 1, 7, False, "overall"),
    ("nps", "nps", "overall", "reputation (recommendation)", "How likely are you to recommend Yuchuan Tea & Home to a friend? (0-10)", "您向朋友推荐玉川茶居的可能性有多大？（0-10）", 0, 10, False, "NPS"),
    ("named_shop", "indicator", "overall", "ask-by-name rate", "Did you search for 'Yuchuan' by name when you last ordered? (1 yes, 0 no)", "您上次下单时是否直接搜索“玉川”？（1是，0否）", 0, 1, False, "yes/no"),
    ("complained", "indicator", "overall", "complaint rate", "Have you complained to the shop in the last six months? (1 yes, 0 no)", "过去六个月您是否向店铺投诉过？（1是，0否）", 0, 1, False, "yes/no"),
)

#: Kano features: (feature id, English, Chinese, true shares of A, O, M, I, R).
KANO_FEATURES = (
    ("freshness_label", "a harvest date and origin printed on every tea pack", "每包茶叶印有采摘日期和产地", (0.08, 0.22, 0.55, 0.13, 0.02)),
    ("next_day", "next-day delivery", "次日达配送", (0.18, 0.47, 0.15, 0.18, 0.02)),
    ("brewing_card", "a hand-written thank-you card with a brewing guide", "手写感谢卡和冲泡指南", (0.52, 0.10, 0.04, 0.32, 0.02)),
    ("live_tasting", "live-stream tasting sessions", "直播品茶活动", (0.20, 0.06, 0.03, 0.58, 0.13)),
)


def _kano_items() -> tuple:
    rows = []
    for feature, english, chinese, _shares in KANO_FEATURES:
        rows.append((f"kano_{feature}_func", "kano", "kano", feature, f"If the shop offered {english}, how would you feel? (1 like … 5 dislike)", f"如果店铺提供{chinese}，您觉得如何？（1喜欢…5不喜欢）", 1, 5, False, "Kano functional"))
        rows.append((f"kano_{feature}_dysf", "kano", "kano", feature, f"If the shop did not offer {english}, how would you feel? (1 like … 5 dislike)", f"如果店铺不提供{chinese}，您觉得如何？（1喜欢…5不喜欢）", 1, 5, False, "Kano dysfunctional"))
    return tuple(rows)


ITEMS = _ITEMS + _kano_items()
ITEM_IDS = tuple(row[0] for row in ITEMS)
PERCEPTION_ITEMS = tuple(row[0] for row in ITEMS if row[1] == "perception")


SPECS = (
    TableSpec(
        name="survey_questionnaire",
        title="Satisfaction questionnaire (满意度调查问卷)",
        description="The items of the shop's July 2024 satisfaction survey: a four-level hierarchy (overall satisfaction → dimension → indicator → question), bilingual wording, scale and coding.",
        columns=(
            Column("item_id", "str", "Item key; the name of the item's column in survey_responses."),
            Column("block", "category", "Questionnaire block: perception, expectation, overall, nps, indicator or kano."),
            Column("dimension", "category", "Level 2 of the hierarchy: product, value, delivery, service; 'overall' for whole-shop items; 'kano' for Kano pairs."),
            Column("indicator", "str", "Level 3 of the hierarchy: what the item measures (for Kano items, the feature id)."),
            Column("wording_en", "str", "The question as asked, in English."),
            Column("wording_zh", "str", "The question as asked, in Chinese (问卷原文)."),
            Column("scale_min", "int64", "Lowest valid answer code."),
            Column("scale_max", "int64", "Highest valid answer code."),
            Column("reverse_coded", "bool", "True if agreeing means a worse experience: score it as scale_min + scale_max - answer."),
            Column("item_type", "category", "expectation, perception, overall, NPS, yes/no, Kano functional or Kano dysfunctional."),
        ),
        notes=(
            "Seven-point items use the seven-level scale (七级量表): 1 very dissatisfied / strongly disagree (很不满意), "
            "2 dissatisfied (不满意), 3 somewhat dissatisfied (不太满意), 4 neutral (一般), 5 somewhat satisfied (较满意), "
            "6 satisfied (满意), 7 very satisfied / strongly agree (很满意). Expectation items ask how good the customer "
            "expected each dimension to be before ordering (1 very low … 7 very high). Kano answers are coded 1 I like it, "
            "2 I expect it, 3 I am neutral, 4 I can live with it, 5 I dislike it.\n\n" + __doc__
        ),
    ),
    TableSpec(
        name="survey_responses",
        title="Satisfaction survey responses (满意度调查回复)",
        description="One row per submitted questionnaire of the July 2024 survey, raw and uncleaned, linked to customers and orders by customer_id.",
        columns=(
            Column("response_id", "str", "Submission key, S0001 … in order of submission."),
            Column("customer_id", "str", "The respondent; a key of the customers table (a few customers submitted twice)."),
            Column("started_at", "datetime", "When the respondent opened the questionnaire.", "datetime"),
            Column("duration_sec", "int64", "Seconds from opening to submitting.", "s"),
        )
        + tuple(
            Column(row[0], "Int64", f"{row[9]} item ({row[6]}-{row[7]}{', reverse-coded' if row[8] else ''}): {row[4]} Empty = not answered.")
            for row in ITEMS
        ),
        notes=__doc__,
    ),
)


def _retained(customers_ids: np.ndarray, orders: pd.DataFrame) -> np.ndarray:
    after = orders[(orders["order_date"] > FIELD_END) & (orders["order_date"] <= FIELD_END + pd.Timedelta(days=FOLLOW_UP_DAYS))]
    return np.isin(customers_ids, after["customer_id"].unique()).astype(int)


def retention_curve(eta: np.ndarray, low: float, params: SurveyParams = PARAMS) -> np.ndarray:
    """P(bought again within a year | latent satisfaction eta), the generator's trap curve."""
    jump = norm.cdf((eta - params.trap_threshold) / params.trap_width)
    return np.clip(low + params.trap_slope * eta + (params.trap_high - low) * jump, 0.01, 0.99)


def _solve_low(base_rate: float, params: SurveyParams) -> float:
    grid = np.linspace(-6, 6, 4001)
    density = norm.pdf(grid)
    density = density / density.sum()
    lo, hi = 0.0, base_rate
    for _ in range(60):
        mid = (lo + hi) / 2
        mean = float((retention_curve(grid, mid, params) * density).sum())
        lo, hi = (mid, hi) if mean < base_rate else (lo, mid)
    return (lo + hi) / 2


def _draw_eta(rng: np.random.Generator, retained: np.ndarray, low: float, params: SurveyParams) -> np.ndarray:
    eta = np.empty(len(retained))
    for i, outcome in enumerate(retained):
        while True:
            candidate = rng.standard_normal()
            p = retention_curve(np.array([candidate]), low, params)[0]
            accept = p if outcome == 1 else 1 - p
            if rng.random() < accept:
                eta[i] = candidate
                break
    return eta


def _drivers_given_eta(rng: np.random.Generator, eta: np.ndarray, params: SurveyParams) -> np.ndarray:
    """Perceptions (4) and expectations (4) drawn from their normal distribution given eta."""
    d = len(DIMENSIONS)
    perception_cov = np.full((d, d), params.dimension_correlation) + (1 - params.dimension_correlation) * np.eye(d)
    cov = np.eye(2 * d)
    cov[:d, :d] = perception_cov
    beta = np.concatenate([np.array(params.true_weights), np.full(d, params.expectation_effect)])
    explained = float(beta @ cov @ beta)
    if explained >= 1:
        raise ValueError(f"true weights explain {explained:.2f} of the variance of eta; it must be below 1")
    covariance_with_eta = cov @ beta  # Var(eta) = 1
    conditional_cov = cov - np.outer(covariance_with_eta, covariance_with_eta)
    chol = np.linalg.cholesky(conditional_cov + 1e-12 * np.eye(2 * d))
    noise = rng.standard_normal((len(eta), 2 * d)) @ chol.T
    return eta[:, None] * covariance_with_eta[None, :] + noise


def _seven_point(rng: np.random.Generator, centre: float, latent: np.ndarray, loading: float) -> np.ndarray:
    raw = centre + 1.2 * (loading * latent + np.sqrt(1 - loading**2) * rng.standard_normal(len(latent)))
    return np.clip(np.round(raw), 1, 7).astype(int)


def _kano_pair(rng: np.random.Generator, category: str) -> tuple[int, int]:
    if category == "A":
        return 1, int(rng.choice([2, 3, 4], p=[0.2, 0.6, 0.2]))
    if category == "O":
        return 1, 5
    if category == "M":
        return int(rng.choice([2, 3, 4], p=[0.5, 0.35, 0.15])), 5
    if category == "I":
        return int(rng.choice([2, 3, 4], p=[0.2, 0.6, 0.2])), int(rng.choice([2, 3, 4], p=[0.2, 0.6, 0.2]))
    if category == "R":
        return 5, int(rng.choice([1, 2, 3], p=[0.5, 0.2, 0.3]))
    return (1, 1) if rng.random() < 0.5 else (5, 5)  # Q: contradictory


def _answers(rng: np.random.Generator, eta: np.ndarray, params: SurveyParams) -> dict[str, np.ndarray]:
    n = len(eta)
    drivers = _drivers_given_eta(rng, eta, params)
    answers: dict[str, np.ndarray] = {}
    for k, dimension in enumerate(DIMENSIONS):
        for item in (f"{dimension}_1", f"{dimension}_2", f"{dimension}_3"):
            value = _seven_point(rng, params.perception_centre[k], drivers[:, k], params.loadings[PERCEPTION_ITEMS.index(item)])
            reverse = next(row[8] for row in ITEMS if row[0] == item)
            answers[item] = 8 - value if reverse else value
        answers[f"expect_{dimension}"] = _seven_point(rng, params.expectation_centre[k], drivers[:, 4 + k], 0.8)
    cuts = norm.ppf(np.cumsum(params.overall_shares)[:-1])
    observed = 0.97 * eta + 0.25 * rng.standard_normal(n)
    answers["overall"] = 1 + np.searchsorted(cuts, observed)
    recommend = params.nps_centre + 2.0 * (0.85 * eta + 0.5 * rng.standard_normal(n))
    answers["nps"] = np.clip(np.round(recommend), 0, 10).astype(int)
    answers["named_shop"] = (rng.random(n) < 1 / (1 + np.exp(-(-0.6 + 0.8 * eta)))).astype(int)
    answers["complained"] = (rng.random(n) < 1 / (1 + np.exp(-(-2.2 - 0.9 * eta)))).astype(int)
    for feature, _en, _zh, shares in KANO_FEATURES:
        probabilities = np.array(list(shares) + [0.0])
        probabilities = np.append(probabilities[:5] * 0.97, 0.03)  # 3% contradictory (Q) answers
        categories = rng.choice(["A", "O", "M", "I", "R", "Q"], size=n, p=probabilities / probabilities.sum())
        pairs = np.array([_kano_pair(rng, c) for c in categories])
        answers[f"kano_{feature}_func"] = pairs[:, 0]
        answers[f"kano_{feature}_dysf"] = pairs[:, 1]
    return answers


def _questionnaire() -> pd.DataFrame:
    columns = [c.name for c in SPECS[0].columns]
    frame = pd.DataFrame(list(ITEMS), columns=columns)
    return frame


def generate(rng: np.random.Generator, tables: dict[str, pd.DataFrame], params: SurveyParams = PARAMS) -> dict[str, pd.DataFrame]:
    """Generate the questionnaire and the raw responses.

    Parameters
    ----------
    rng : numpy.random.Generator
        The family's random stream.
    tables : dict
        Must hold ``customers`` and ``orders``.
    params : SurveyParams
        Ground-truth parameters.

    Returns
    -------
    dict
        ``{"survey_questionnaire": DataFrame, "survey_responses": DataFrame}``.
    """
    orders = tables["orders"]
    in_frame = orders[(orders["order_date"] >= FRAME_START) & (orders["order_date"] <= FRAME_END)]
    frame_ids = np.sort(in_frame["customer_id"].unique())
    invited = np.sort(rng.choice(frame_ids, size=min(params.n_invited, len(frame_ids)), replace=False))
    respondents = invited[rng.random(len(invited)) < params.response_rate]
    n = len(respondents)
    retained = _retained(respondents, orders)
    low = _solve_low(float(retained.mean()), params)
    eta = _draw_eta(rng, retained, low, params)
    answers = _answers(rng, eta, params)
    frame = pd.DataFrame({"customer_id": respondents})
    seconds = rng.integers(0, (FIELD_END - FIELD_START).days * 86400 + 86400 - 3600, size=n)
    frame["started_at"] = FIELD_START + pd.to_timedelta(seconds, unit="s")
    frame["duration_sec"] = np.round(np.exp(rng.normal(np.log(420), 0.35, size=n))).astype(int)
    for item in ITEM_IDS:
        frame[item] = answers[item]

    # Defects. Each respondent has at most one of: speeder, straight-liner, break-off.
    kind = rng.choice(["ok", "speeder", "straight", "breakoff"], size=n,
                      p=[1 - params.share_speeders - params.share_straightliners - params.share_breakoffs,
                         params.share_speeders, params.share_straightliners, params.share_breakoffs])
    frame = frame.astype({item: "Int64" for item in ITEM_IDS})
    scales = {row[0]: (row[6], row[7]) for row in ITEMS}
    for i in np.flatnonzero(kind == "speeder"):
        frame.loc[i, "duration_sec"] = int(rng.integers(50, 150))
        for item in ITEM_IDS:
            low_code, high_code = scales[item]
            frame.loc[i, item] = int(rng.integers(low_code, high_code + 1))
    for i in np.flatnonzero(kind == "straight"):
        value = int(rng.choice([4, 5, 6, 7], p=[0.2, 0.2, 0.2, 0.4]))
        for item in PERCEPTION_ITEMS:
            frame.loc[i, item] = value
        frame.loc[i, "duration_sec"] = int(frame.loc[i, "duration_sec"] * 0.7)
    for i in np.flatnonzero(kind == "breakoff"):
        stop = int(rng.integers(3, 9))
        for item in ITEM_IDS[stop:]:
            frame.loc[i, item] = pd.NA
    items = frame[list(ITEM_IDS)]
    skip = rng.random(items.shape) < params.item_missing
    frame[list(ITEM_IDS)] = items.mask(skip)
    bad = rng.random(items.shape) < params.out_of_range
    for row, col in zip(*np.nonzero(bad)):
        item = ITEM_IDS[col]
        if item in ("named_shop", "complained"):
            code = 9
        elif item == "nps":
            code = 11
        elif item.startswith("kano_"):
            code = 6
        else:
            code = int(rng.choice([0, 8, 9]))
        frame.loc[row, item] = code

    # Duplicate submissions: the same customer again, a few hours later, answers slightly changed.
    n_duplicates = int(round(params.share_duplicates * n))
    copies = frame.loc[np.sort(rng.choice(np.flatnonzero(kind == "ok"), size=n_duplicates, replace=False))].copy()
    copies["started_at"] = copies["started_at"] + pd.to_timedelta(rng.integers(3600, 6 * 3600, size=n_duplicates), unit="s")
    copies["duration_sec"] = np.round(copies["duration_sec"] * rng.uniform(0.6, 1.1, size=n_duplicates)).astype(int)
    for item in PERCEPTION_ITEMS[:4]:
        change = rng.random(n_duplicates) < 0.5
        copies.loc[change, item] = (copies.loc[change, item] + 1).clip(upper=7)
    frame = pd.concat([frame, copies], ignore_index=True)

    frame["started_at"] = frame["started_at"].dt.floor("s")
    frame = frame.sort_values(["started_at", "customer_id"], kind="stable", ignore_index=True)
    frame.insert(0, "response_id", [f"S{i:04d}" for i in range(1, len(frame) + 1)])
    frame["duration_sec"] = frame["duration_sec"].astype("int64")
    columns = [c.name for c in SPECS[1].columns]
    return {"survey_questionnaire": _questionnaire(), "survey_responses": frame[columns]}
