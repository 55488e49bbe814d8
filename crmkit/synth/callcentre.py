"""The call centre (呼叫中心): four weeks of inbound calls, agent shifts and outbound calls.

The shop's hotline, 2025-10-27 (a Monday) to 2025-11-23: the run-up to Double 11,
its peak and the delivery questions after it. The ground truth is :data:`PARAMS`.

1. **Arrivals.** Inbound calls arrive 08:00–22:00 as a Poisson stream whose
   half-hourly rate is ``base_daily_calls`` × a day-of-week factor × a
   promotion factor × an intraday profile (morning, afternoon and evening
   bumps) × a day-level Gamma noise (coefficient of variation ``day_noise_cv``).
   The promotion factor follows :func:`crmkit.synth.promotions.seasonality`,
   averaged over the day and the two days before (calls lag orders), with
   sensitivity ``promotion_sensitivity``.
2. **Callers.** About ``member_share`` of calls come from registered
   customers (``customer_id`` filled, chosen among customers with an order in
   the previous 30 days, and ``order_id`` set to their latest order for
   order-related reasons). The rest come from platform shoppers who never
   registered with the shop, or from prospects: they carry only a ``caller_id``
   (a pseudonymous phone key).
3. **IVR.** Every call first meets the IVR (互动式语音应答); a share, depending
   on the reason, is solved there (self-service: order status, delivery
   tracking). On a random half of calls (``wait_announced``) the IVR announces
   the expected wait before queueing.
4. **Queue.** Calls not solved in the IVR queue first come first served for a
   tier-1 agent. Agents work the shifts of the ``agent_shifts`` table, minus
   absence, a one-hour meal break and (most days) a half-hour coaching session.
   Each caller has an exponential patience (mean ``patience_mean`` seconds,
   × ``announce_patience_factor`` when the wait was announced) and hangs up when
   the wait exceeds it. The queue is **simulated call by call** against the
   agents' availability, so waits, abandonment and service level are what the
   staffing produced, not drawn separately. Callers who hang up try again
   within the hour with probability ``retry_after_abandon``.
5. **Handling.** Handle time (talk + hold + after-call work) is log-normal with
   a mean that depends on the reason and the agent's speed, coefficient of
   variation ``handle_cv``. Rings before the agent picks up are
   ``1 + Poisson(agent's ring mean)``.
6. **Tiers.** Tier 1 closes a share ``tier1_resolution`` of the calls it
   answers; the rest are escalated to tier 2 (engineers) or experts
   (``expert_share`` of escalations). A call that is closed is truly resolved
   with probability ``true_resolution``; agents mark unresolved calls as
   resolved half the time (``agent_marked_resolved`` overstates resolution).
   A caller whose problem was not truly resolved calls again within 1–7 days
   with probability ``repeat_if_unresolved`` (and ``repeat_if_resolved``
   otherwise, for a new question).
7. **Quality.** A share ``qa_sample`` of answered calls is monitored (质检)
   and scored 0–100 (pass mark 80); a post-call survey reaches
   ``csat_response`` of answered callers (more of the unhappy ones), whose
   1–5 score falls with the wait and with an unresolved problem.
8. **Staffing.** The planner forecasts each half-hour from the same profiles
   but without the noise and underestimates the Double 11 peak days
   (``peak_forecast_factor``), sizes each half-hour with Erlang C for 80% in 20 s
   at the forecast AHT and ``planned_shrinkage``, and covers the requirement
   greedily with 8-hour shifts.
9. **Outbound.** A small outbound team (O01–O03) calls members on weekdays:
   satisfaction follow-ups after recent orders and win-back calls to lapsed
   customers who accept marketing; each dial connects with probability
   ``outbound_connect`` and succeeds (survey done / order promised) with a
   campaign-dependent probability.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmkit.callcentre import agents_required
from crmkit.synth._base import Column, TableSpec
from crmkit.synth.promotions import seasonality

FAMILY = "callcentre"
REQUIRES: tuple[str, ...] = ("customers", "orders")


@dataclass(frozen=True)
class CallCentreParams:
    """Ground-truth parameters of the call log, the shifts and the outbound calls."""

    first_day: str = field(default="2025-10-27", metadata={"help": "first day of the log (a Monday)"})
    weeks: int = field(default=4, metadata={"help": "weeks in the log"})
    base_daily_calls: float = field(default=430.0, metadata={"help": "expected inbound calls on an ordinary Wednesday"})
    weekday_factors: tuple = field(default=(1.15, 1.05, 1.0, 1.0, 0.95, 0.8, 0.75), metadata={"help": "day-of-week factors, Monday first"})
    promotion_sensitivity: float = field(default=0.35, metadata={"help": "calls rise by this share of the (lagged) rise in order seasonality"})
    day_noise_cv: float = field(default=0.08, metadata={"help": "coefficient of variation of the day-level volume noise"})
    member_share: float = field(default=0.12, metadata={"help": "share of inbound calls from registered customers (customer_id filled)"})
    patience_mean: float = field(default=150.0, metadata={"help": "mean caller patience in the queue, seconds (exponential)"})
    announce_patience_factor: float = field(default=1.35, metadata={"help": "patience multiplier when the IVR announced the expected wait"})
    retry_after_abandon: float = field(default=0.5, metadata={"help": "probability that a caller who hung up calls again within the hour"})
    handle_cv: float = field(default=0.6, metadata={"help": "coefficient of variation of handle time (log-normal)"})
    tier1_resolution: float = field(default=0.80, metadata={"help": "share of answered calls tier 1 closes without escalation"})
    expert_share: float = field(default=0.25, metadata={"help": "share of escalations that go to experts rather than tier 2"})
    true_resolution: float = field(default=0.90, metadata={"help": "probability that a closed call really solved the problem"})
    repeat_if_unresolved: float = field(default=0.70, metadata={"help": "probability of a repeat call within 7 days when the problem was not solved"})
    repeat_if_resolved: float = field(default=0.04, metadata={"help": "probability of another call within 7 days when it was solved"})
    qa_sample: float = field(default=0.05, metadata={"help": "share of answered calls monitored by quality assurance"})
    csat_response: float = field(default=0.30, metadata={"help": "post-call survey response rate of satisfied callers (unhappy callers respond more)"})
    planned_shrinkage: float = field(default=0.25, metadata={"help": "shrinkage the planner assumed"})
    planned_aht: float = field(default=240.0, metadata={"help": "AHT (seconds) the planner assumed"})
    peak_forecast_factor: float = field(default=0.75, metadata={"help": "the planner's forecast ÷ expected volume on days with a promotion factor above 1.5"})
    absence_rate: float = field(default=0.08, metadata={"help": "probability an agent misses a scheduled shift"})
    outbound_connect: float = field(default=0.55, metadata={"help": "probability that an outbound dial connects"})


PARAMS = CallCentreParams()

OPEN_HOUR = 8
CLOSE_HOUR = 22
SLOTS = (CLOSE_HOUR - OPEN_HOUR) * 2
SHIFT_STARTS_HOURS = (8.0, 9.5, 11.0, 12.5, 14.0)
SHIFT_HOURS = 8.0

REASONS = ("order_status", "delivery", "return_refund", "product_question", "complaint", "account_other", "pre_sales")
REASON_MIX = (0.20, 0.22, 0.18, 0.14, 0.08, 0.08, 0.10)
REASON_IVR = (0.45, 0.30, 0.08, 0.05, 0.0, 0.15, 0.02)
REASON_AHT = (150.0, 200.0, 330.0, 260.0, 420.0, 200.0, 240.0)
ORDER_REASONS = {"order_status", "delivery", "return_refund", "complaint"}


def _intraday_profile() -> np.ndarray:
    """Relative call volume of the 28 half-hours 08:00–22:00 (sums to 1)."""
    hours = OPEN_HOUR + 0.25 + 0.5 * np.arange(SLOTS)
    shape = (
        0.35
        + 1.0 * np.exp(-0.5 * ((hours - 10.5) / 1.3) ** 2)
        + 0.85 * np.exp(-0.5 * ((hours - 15.0) / 1.6) ** 2)
        + 0.65 * np.exp(-0.5 * ((hours - 20.5) / 1.0) ** 2)
    )
    return shape / shape.sum()


def _day_factors(days: pd.DatetimeIndex, params: CallCentreParams) -> np.ndarray:
    """Expected calls per day (before noise): base × weekday × promotion factor."""
    window = pd.date_range(days[0] - pd.Timedelta(days=2), days[-1], freq="D")
    season = pd.Series(seasonality(window), index=window)
    lagged = season.rolling(3).mean().reindex(days).to_numpy()
    ordinary = float(np.median(season.to_numpy()))
    promotion = 1.0 + params.promotion_sensitivity * (lagged / ordinary - 1.0)
    weekday = np.array(params.weekday_factors)[days.day_of_week]
    return params.base_daily_calls * weekday * np.maximum(promotion, 0.3)


SPECS = (
    TableSpec(
        name="call_log",
        title="Call log (呼叫记录)",
        description="One row per inbound call to the shop's hotline, 2025-10-27 to 2025-11-23 (four weeks around Double 11).",
        columns=(
            Column("call_id", "str", "Call key, K000001 … in order of arrival."),
            Column("arrival_time", "datetime", "When the call reached the IVR.", "second"),
            Column("caller_id", "str", "Pseudonymous key of the calling number (the same caller keeps the same key)."),
            Column("customer_id", "str", "Registered customer, if the number matches one (empty otherwise); a key of customers."),
            Column("order_id", "str", "The order the call is about, when known (empty otherwise); a key of orders."),
            Column("reason", "category", "Reason chosen in the IVR menu: order_status, delivery, return_refund, product_question, complaint, account_other, pre_sales."),
            Column("wait_announced", "bool", "True if the IVR announced the expected wait (a random half of calls)."),
            Column("ivr_seconds", "int64", "Time spent in the IVR menu.", "s"),
            Column("ivr_resolved", "bool", "True if the caller was served by IVR self-service and never queued for an agent."),
            Column("queue_seconds", "float64", "Wait in the agent queue: until answered, or until the caller hung up (empty if solved in the IVR).", "s"),
            Column("abandoned", "bool", "True if the caller hung up while waiting in the queue."),
            Column("agent_id", "str", "Tier-1 agent who answered (empty if not answered); a key of agent_shifts."),
            Column("rings", "Int64", "Rings at the agent's desk before pick-up (empty if not answered)."),
            Column("talk_seconds", "Int64", "Talk time (empty if not answered).", "s"),
            Column("hold_seconds", "Int64", "Time the caller was put on hold.", "s"),
            Column("wrap_seconds", "Int64", "After-call work (notes, follow-up) before the next call.", "s"),
            Column("handle_seconds", "Int64", "Handle time = talk + hold + wrap; the agent is busy this long.", "s"),
            Column("escalated_to", "category", "none, tier2 (engineers) or expert; empty if not answered."),
            Column("agent_marked_resolved", "boolean", "The agent's own mark that the problem was solved (empty if not answered)."),
            Column("qa_score", "float64", "Quality-assurance (质检) score 0–100 of a monitored call (empty if not monitored); pass mark 80."),
            Column("csat", "Int64", "Post-call survey score 1 (very dissatisfied) to 5 (very satisfied); empty if no answer."),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="agent_shifts",
        title="Agent shifts (座席排班)",
        description="One row per scheduled tier-1 agent shift in the call log's four weeks.",
        columns=(
            Column("agent_id", "str", "Tier-1 agent key, A01 …"),
            Column("shift_date", "date", "Day of the shift.", "day"),
            Column("shift_start", "datetime", "Scheduled start (paid time begins).", "minute"),
            Column("shift_end", "datetime", "Scheduled end (8 hours later).", "minute"),
            Column("absent", "bool", "True if the agent did not come (sick leave, personal leave)."),
            Column("break_start", "datetime", "Start of the 60-minute meal break (empty if absent).", "minute"),
            Column("coaching_start", "datetime", "Start of a 30-minute coaching or training session (empty if none or absent).", "minute"),
        ),
        notes="Agents take calls from shift_start to shift_end except during the break and the coaching session; "
        "an agent finishes the call in hand before going on break. Shrinkage = 1 − time available for calls / paid time. "
        "See the call_log card for the full generation story.",
    ),
    TableSpec(
        name="outbound_calls",
        title="Outbound calls (外呼记录)",
        description="One row per outbound dial by the outbound team, weekdays of the call log's four weeks.",
        columns=(
            Column("dial_id", "str", "Dial key, D00001 … in time order."),
            Column("dial_time", "datetime", "When the agent dialled.", "second"),
            Column("agent_id", "str", "Outbound agent, O01 … O03."),
            Column("campaign", "category", "satisfaction_followup (after a recent order) or win_back (lapsed customers who accept marketing)."),
            Column("customer_id", "str", "The customer called; a key of customers."),
            Column("connected", "bool", "True if the customer answered."),
            Column("talk_seconds", "int64", "Talk time (0 if not connected).", "s"),
            Column("success", "bool", "True if the call achieved its aim (survey completed, or an order promised)."),
        ),
        notes="Each outbound agent works 09:00–17:00 on weekdays and dials one number after another: a dial that does not "
        "connect takes 20–40 s, a connected one 1–6 minutes plus 30 s of notes; reading the next customer's record takes 1–2.5 minutes. "
        "40 % of dials are satisfaction follow-ups to customers who ordered in the previous 7 days, the rest win-back calls to "
        "customers who accept marketing and last ordered 180–540 days earlier. A dial connects with probability 0.55 "
        "(outbound_connect in the call_log card); a connected follow-up succeeds with probability 0.7, a connected win-back call with 0.12.",
    ),
)


# ----------------------------------------------------------------------------
# Planning: forecast and shifts
# ----------------------------------------------------------------------------


def _plan_shifts(days: pd.DatetimeIndex, expected: np.ndarray, profile: np.ndarray, params: CallCentreParams) -> list[tuple[int, float]]:
    """Return (day index, start hour) of every scheduled shift, covering an Erlang C requirement greedily."""
    shifts = []
    promotion_days = expected / (params.base_daily_calls * np.array(params.weekday_factors)[days.day_of_week]) > 1.5
    for day_index in range(len(days)):
        forecast_day = expected[day_index] * (params.peak_forecast_factor if promotion_days[day_index] else 1.0)
        required = []
        for slot in range(SLOTS):
            calls = forecast_day * profile[slot] * (1 - 0.2)  # about a fifth is solved in the IVR
            on_phones = agents_required(calls, 1800, params.planned_aht, 0.8, 20)
            required.append(int(np.ceil(on_phones / (1 - params.planned_shrinkage))))
        coverage = np.zeros(SLOTS, dtype=int)
        for slot in range(SLOTS):
            missing = required[slot] - coverage[slot]
            if missing <= 0:
                continue
            slot_hour = OPEN_HOUR + slot / 2
            start = max(hour for hour in SHIFT_STARTS_HOURS if hour <= slot_hour)
            first = int((start - OPEN_HOUR) * 2)
            coverage[first : first + int(SHIFT_HOURS * 2)] += missing
            shifts += [(day_index, start)] * missing
    return shifts


def _shift_table(rng: np.random.Generator, days: pd.DatetimeIndex, planned: list[tuple[int, float]], params: CallCentreParams) -> pd.DataFrame:
    """Assign planned shifts to agents (rotating, one shift a day each) with absence, breaks and coaching."""
    per_day: dict[int, list[float]] = {}
    for day_index, start in planned:
        per_day.setdefault(day_index, []).append(start)
    pool = max(len(starts) for starts in per_day.values()) + 8
    agents = [f"A{i:02d}" for i in range(1, pool + 1)]
    rows = []
    for day_index, starts in sorted(per_day.items()):
        offset = (day_index * 5) % pool
        day_agents = agents[offset:] + agents[:offset]
        for agent, start in zip(day_agents, sorted(starts)):
            begin = days[day_index] + pd.Timedelta(hours=start)
            absent = bool(rng.random() < params.absence_rate)
            if absent:
                meal = pd.NaT
                coaching = pd.NaT
            else:
                meal = begin + pd.Timedelta(minutes=int(rng.choice([210, 240, 270])))
                coaching = pd.NaT
                if rng.random() < 0.8:
                    coaching = begin + pd.Timedelta(minutes=int(rng.choice([30, 90, 360, 420])))
            rows.append((agent, days[day_index], begin, begin + pd.Timedelta(hours=SHIFT_HOURS), absent, meal, coaching))
    table = pd.DataFrame(rows, columns=[c.name for c in SPECS[1].columns])
    return table.sort_values(["shift_date", "shift_start", "agent_id"], ignore_index=True)


def _availability(shifts: pd.DataFrame, start_of_log: pd.Timestamp) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Windows (start, end, agent index) in seconds from the log's start when each agent can take calls."""
    agent_names = sorted(shifts["agent_id"].unique())
    index_of = {name: i for i, name in enumerate(agent_names)}
    starts, ends, owners = [], [], []
    for shift in shifts.itertuples(index=False):
        if shift.absent:
            continue
        gaps = [(shift.break_start, shift.break_start + pd.Timedelta(minutes=60))]
        if not pd.isna(shift.coaching_start):
            gaps.append((shift.coaching_start, shift.coaching_start + pd.Timedelta(minutes=30)))
        cursor = shift.shift_start
        for gap_start, gap_end in sorted(gaps):
            if gap_start > cursor:
                starts.append(cursor)
                ends.append(gap_start)
                owners.append(index_of[shift.agent_id])
            cursor = max(cursor, gap_end)
        if cursor < shift.shift_end:
            starts.append(cursor)
            ends.append(shift.shift_end)
            owners.append(index_of[shift.agent_id])
    to_seconds = lambda times: (pd.DatetimeIndex(times) - start_of_log).total_seconds().to_numpy()  # noqa: E731
    return to_seconds(starts), to_seconds(ends), np.array(owners), agent_names


# ----------------------------------------------------------------------------
# Callers and the queue
# ----------------------------------------------------------------------------


def _recent_orders(orders: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    window = orders[(orders["order_date"] <= day) & (orders["order_date"] > day - pd.Timedelta(days=30))]
    return window.sort_values("order_date").groupby("customer_id", as_index=False).tail(1)


def _base_arrivals(rng, days, expected, profile, params) -> list[float]:
    times = []
    noise_shape = 1.0 / params.day_noise_cv**2
    for day_index, mean_calls in enumerate(expected):
        day_mean = mean_calls * rng.gamma(noise_shape, 1.0 / noise_shape)
        counts = rng.poisson(day_mean * profile)
        for slot, count in enumerate(counts):
            base = day_index * 86400 + OPEN_HOUR * 3600 + slot * 1800
            times += list(base + np.sort(rng.uniform(0, 1800, count)))
    return times


def _draw_reason(rng) -> int:
    return int(rng.choice(len(REASONS), p=REASON_MIX))


def generate(rng: np.random.Generator, tables: dict[str, pd.DataFrame], params: CallCentreParams = PARAMS) -> dict[str, pd.DataFrame]:
    """Generate the call log, the agent shifts and the outbound calls.

    Parameters
    ----------
    rng : numpy.random.Generator
        The family's random stream.
    tables : dict
        Must hold ``customers`` and ``orders``.
    params : CallCentreParams
        Ground truth.

    Returns
    -------
    dict
        ``{"call_log": …, "agent_shifts": …, "outbound_calls": …}``.
    """
    customers = tables["customers"]
    orders = tables["orders"]
    start_of_log = pd.Timestamp(params.first_day)
    days = pd.date_range(start_of_log, periods=7 * params.weeks, freq="D")
    profile = _intraday_profile()
    expected = _day_factors(days, params)

    shifts = _shift_table(rng, days, _plan_shifts(days, expected, profile, params), params)
    win_start, win_end, win_agent, agent_names = _availability(shifts, start_of_log)
    agent_free = np.zeros(len(agent_names))
    agent_speed = rng.lognormal(0.0, 0.12, len(agent_names))
    agent_rings = rng.uniform(0.3, 1.8, len(agent_names))
    agent_quality = rng.normal(0.0, 1.0, len(agent_names))
    agent_skill = rng.normal(0.0, 0.04, len(agent_names))

    # Each pending call: (queue-entry time, sequence number, caller record).
    heap: list[tuple[float, int, dict]] = []
    recent_by_day: dict[pd.Timestamp, pd.DataFrame] = {}
    sequence = 0
    caller_count = 0

    def new_caller(arrival: float) -> dict:
        nonlocal caller_count
        caller_count += 1
        day = days[min(int(arrival // 86400), len(days) - 1)]
        reason = _draw_reason(rng)
        record = {"caller_id": f"P{caller_count:06d}", "customer_id": None, "order_id": None, "reason": reason}
        if rng.random() < params.member_share:
            if day not in recent_by_day:
                recent_by_day[day] = _recent_orders(orders, day)
            recent = recent_by_day[day]
            if len(recent):
                pick = recent.iloc[int(rng.integers(len(recent)))]
                record["customer_id"] = pick["customer_id"]
                record["caller_id"] = "M" + pick["customer_id"][1:]
                if REASONS[reason] in ORDER_REASONS:
                    record["order_id"] = pick["order_id"]
        return record

    def push(arrival: float, record: dict) -> None:
        """Queue a call by the time it leaves the IVR, so the queue is served first come, first served."""
        nonlocal sequence
        sequence += 1
        ivr_seconds = int(20 + rng.gamma(2.0, 15.0))
        details = dict(
            record,
            arrival=arrival,
            wait_announced=bool(rng.random() < 0.5),
            ivr_seconds=ivr_seconds,
            ivr_resolved=bool(rng.random() < REASON_IVR[record["reason"]]),
        )
        heapq.heappush(heap, (arrival + ivr_seconds, sequence, details))

    for arrival in _base_arrivals(rng, days, expected, profile, params):
        push(arrival, new_caller(arrival))

    rows = []
    horizon = len(days) * 86400
    while heap:
        entry, _seq, row = heapq.heappop(heap)
        call = {key: row[key] for key in ("caller_id", "customer_id", "order_id", "reason")}
        reason = row["reason"]
        arrival = row["arrival"]
        announced = row["wait_announced"]
        if row["ivr_resolved"]:
            rows.append(row)
            continue
        patience = rng.exponential(params.patience_mean * (params.announce_patience_factor if announced else 1.0))
        candidate = np.maximum(np.maximum(win_start, entry), agent_free[win_agent])
        open_windows = candidate < win_end
        if open_windows.any():
            best = int(np.flatnonzero(open_windows)[np.argmin(candidate[open_windows])])
            start = float(candidate[best])
        else:
            best, start = -1, np.inf
        if start - entry > patience:
            row.update(queue_seconds=round(patience, 1), abandoned=True)
            rows.append(row)
            retry_at = entry + patience + rng.uniform(60, 3600)
            if rng.random() < params.retry_after_abandon and retry_at % 86400 < CLOSE_HOUR * 3600 and retry_at < horizon:
                push(retry_at, call)
            continue
        agent = int(win_agent[best])
        mean_handle = REASON_AHT[reason] * agent_speed[agent]
        sigma = np.sqrt(np.log(1 + params.handle_cv**2))
        handle = int(max(30, round(rng.lognormal(np.log(mean_handle) - sigma**2 / 2, sigma))))
        wrap = int(round(handle * rng.uniform(0.08, 0.16)))
        hold = int(round(handle * rng.uniform(0.0, 0.12))) if rng.random() < 0.4 else 0
        talk = handle - wrap - hold
        agent_free[agent] = start + handle
        escalated = rng.random() >= params.tier1_resolution + agent_skill[agent]
        escalated_to = ("expert" if rng.random() < params.expert_share else "tier2") if escalated else "none"
        truly_resolved = bool(rng.random() < params.true_resolution)
        marked = truly_resolved or bool(rng.random() < 0.5)
        wait = start - entry
        qa = np.nan
        if rng.random() < params.qa_sample:
            qa_mean = 83 + 5 * agent_quality[agent] - (0 if truly_resolved else 6)
            qa = float(np.clip(round(rng.normal(qa_mean, 6)), 0, 100))
        respond = rng.random() < params.csat_response + (0.15 if not truly_resolved else 0.0) + (0.1 if wait > 120 else 0.0)
        csat = np.nan
        if respond:
            latent = 4.4 - 0.006 * min(wait, 300) - 1.6 * (not truly_resolved) - 0.3 * escalated + 0.15 * agent_quality[agent] + rng.normal(0, 0.6)
            csat = int(np.clip(round(latent), 1, 5))
        row.update(
            queue_seconds=round(wait, 1), abandoned=False, agent_id=agent_names[agent], rings=int(1 + rng.poisson(agent_rings[agent])),
            talk_seconds=talk, hold_seconds=hold, wrap_seconds=wrap, handle_seconds=handle, escalated_to=escalated_to,
            agent_marked_resolved=marked, qa_score=qa, csat=csat,
        )
        rows.append(row)
        repeat = params.repeat_if_resolved if truly_resolved else params.repeat_if_unresolved
        if rng.random() < repeat:
            later_day = int(arrival // 86400) + int(rng.integers(1, 8))
            if later_day < len(days):
                slot = int(rng.choice(SLOTS, p=profile))
                again = later_day * 86400 + OPEN_HOUR * 3600 + slot * 1800 + rng.uniform(0, 1800)
                follow_up = dict(call)
                if truly_resolved:
                    follow_up["reason"] = _draw_reason(rng)
                push(again, follow_up)

    log = pd.DataFrame(rows).sort_values("arrival", kind="stable", ignore_index=True)
    log["arrival_time"] = (start_of_log + pd.to_timedelta(log["arrival"].round(0), unit="s"))
    log["reason"] = [REASONS[i] for i in log["reason"]]
    log.insert(0, "call_id", [f"K{i:06d}" for i in range(1, len(log) + 1)])
    for column in ("rings", "talk_seconds", "hold_seconds", "wrap_seconds", "handle_seconds", "csat"):
        log[column] = log[column].astype("Int64")
    log["agent_marked_resolved"] = log["agent_marked_resolved"].astype("boolean")
    log["abandoned"] = log["abandoned"].fillna(False).astype(bool)
    log = log[[c.name for c in SPECS[0].columns]]
    outbound = _outbound(rng, days, customers, orders, params)
    return {"call_log": log, "agent_shifts": shifts, "outbound_calls": outbound}


def _outbound(rng, days, customers, orders, params) -> pd.DataFrame:
    """Outbound dials: weekday follow-ups after recent orders and win-back calls to lapsed opted-in customers."""
    opted_in = set(customers.loc[customers["marketing_opt_in"], "customer_id"])
    last_order = orders.groupby("customer_id")["order_date"].max()
    rows = []
    for day in days:
        if day.day_of_week >= 5:
            continue
        recent = orders[(orders["order_date"] < day) & (orders["order_date"] >= day - pd.Timedelta(days=7))]["customer_id"].unique()
        lapsed = [c for c, last in last_order.items() if c in opted_in and day - pd.Timedelta(days=540) < last < day - pd.Timedelta(days=180)]
        for agent in ("O01", "O02", "O03"):
            now = day + pd.Timedelta(hours=9)
            end = day + pd.Timedelta(hours=17)
            while now < end:
                follow_up = rng.random() < 0.4 and len(recent) > 0
                pool = recent if follow_up else lapsed
                customer = pool[int(rng.integers(len(pool)))]
                connected = bool(rng.random() < params.outbound_connect)
                talk = int(rng.uniform(60, 360)) if connected else 0
                success = connected and bool(rng.random() < (0.7 if follow_up else 0.12))
                campaign = "satisfaction_followup" if follow_up else "win_back"
                rows.append((now, agent, campaign, customer, connected, talk, success))
                now += pd.Timedelta(seconds=int(talk + 30 if connected else rng.uniform(20, 40)) + int(rng.uniform(60, 150)))
    table = pd.DataFrame(rows, columns=["dial_time", "agent_id", "campaign", "customer_id", "connected", "talk_seconds", "success"])
    table["dial_time"] = table["dial_time"].dt.round("s")
    table = table.sort_values(["dial_time", "agent_id"], ignore_index=True)
    table.insert(0, "dial_id", [f"D{i:05d}" for i in range(1, len(table) + 1)])
    table["talk_seconds"] = table["talk_seconds"].astype("int64")
    return table
