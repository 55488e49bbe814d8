"""Customer information (客户信息): registration cards, consented profiles, order lines, consents, changes and leads.

Chapter 3 builds the shop's customer database from these tables. Everything is
derived from the committed customers, orders, products and sales accounts, so
the tables agree with the rest of the data world. The ground truth is
:data:`PARAMS`; the rules, in six steps:

1. **Registration cards** (``customer_contacts``, 客户登记卡). Every registered
   customer has a name and a phone. A buyer's name and phone are those of the
   order system (``sales_accounts``); a customer who never bought gets a name
   drawn the same way and a number of the visibly made-up form ``1xx-0000-xxxx``.
   Addresses are on made-up streets of a made-up city (``示例市示例路 12 号``:
   "Example City, Example Road") in the customer's province; e-mail addresses are
   ``<customer_id>@example.com`` (a domain reserved for examples) for the share
   ``p_email`` who gave one. All names, phones and addresses are fictional.
2. **Life stage** (生命阶段) is drawn for every customer from her age at the end
   of 2025 (age band: probabilities of single, couple, young_family,
   older_family, senior): 18-24: 0.75, 0.20, 0.05, 0, 0; 25-34: 0.35, 0.25,
   0.40, 0, 0; 35-44: 0.12, 0.13, 0.55, 0.20, 0; 45-54: 0.08, 0.12, 0.15, 0.65,
   0; 55+: 0, 0.20, 0, 0.20, 0.60. Household size: single 1, couple 2,
   young_family 3 + Bernoulli(0.35), older_family 3 + Binomial(2, 0.3),
   senior 1 + Bernoulli(0.8). A customer shows her life stage and household size to the
   shop only if she gave **profile consent** (画像授权), with probability
   ``p_profile_consent`` plus ``profile_consent_lift_opt_in`` for customers who
   consented to marketing: so consenters are not a random sample of customers,
   but life stage does not affect consent, so shares *within* a life stage are
   not biased by it.
3. **Order lines** (``order_lines``, 订单明细). Each item of each order gets a
   category drawn with probabilities ``base_category_share`` multiplied by the
   life-stage multipliers (``*_multipliers``, in the order tea, teaware, home,
   gift) and the city-tier multipliers (``tier12_multipliers`` for city tiers 1
   and 2, ``tier45_multipliers`` for tiers 4 and 5), then renormalised; then a
   product of that category uniformly. Identical products of an order make one
   line. The order's amount paid is shared among its lines in proportion to
   their list value, so the lines' ``paid_amount`` adds up to the order's
   ``amount`` exactly. These are the built-in *associations* that Chapter 3 asks
   students to recover; the last paragraph of these notes gives the expected
   item shares by life stage in a tier-3 city.
4. **Consent records** (``consent_records``, 同意记录). At sign-up every
   customer answered two separate consent questions: marketing messages and
   profile analysis. The final marketing answer equals ``marketing_opt_in`` of
   ``customers``; a share ``p_withdraw_marketing`` of customers who are not opted
   in had said yes at sign-up and withdrew later (a second record). Profile
   consent is recorded at sign-up (yes or no).
5. **Change requests** (``customer_updates``, 信息变更). A share
   ``p_move`` of customers moved house during 2023–2025 (a new address, and a new
   city tier with probability ``p_move_changes_tier``), ``p_new_phone`` changed
   phone and ``p_new_email`` changed or added an e-mail. Each change is dated
   between sign-up and 2025-12-31. The batch also holds ``invalid_updates``
   deliberately faulty requests (an unknown customer C99999, the column
   ``birthday`` that may not change, city tier 7, the phone ``12345``, an
   e-mail without ``@``, an address change dated 30 days before sign-up), which
   a careful loader must refuse.
6. **Leads** (``leads``, 潜在客户线索). The shop collected ``n_leads`` contact
   records through direct channels (survey, service, campaign, complaint, point
   of sale) and indirect ones (trade fair, referral by old customers, web search,
   agency), with weights 0.14, 0.12, 0.16, 0.05, 0.08 and 0.18, 0.12, 0.10,
   0.05 (normalised). A share ``p_lead_is_customer`` are people who are already
   customers (duplicates the screening step must catch), a share
   ``p_lead_repeat`` repeat an earlier lead of a new person, and the rest are
   new potential customers. Names and phones are written down as in Chapter 1:
   the phone is missing (10%), spaced 3-4-4 (25%), with ``+86`` (15%), with one
   digit wrong (8%) or clean (42%); the name is in pinyin (25%, when every
   character is in the pinyin table), surname + 女士/先生 (10%) or as registered.
   ``lead_links`` is the answer key.

Expected item shares (%) by life stage in a tier-3 city (tea, teaware, home, gift):
single 47.6/31.0/14.3/7.1; couple 50.0/25.0/15.0/10.0; young_family 40.7/23.9/
25.8/9.6; older_family 47.6/23.8/14.3/14.3; senior 64.2/18.3/9.6/7.8.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.customer_view import NAME_PINYIN
from crmkit.synth._base import Column, TableSpec
from crmkit.synth.departments import MOBILE_PREFIXES, _random_name
from crmkit.synth.promotions import END
from crmkit.world.customer_info import (  # noqa: F401 (re-exported: the family's ground truth)
    AGE_BANDS,
    CATEGORIES,
    DIRECT_CHANNELS,
    INDIRECT_CHANNELS,
    LIFE_STAGE_BY_AGE,
    LIFE_STAGES,
    PARAMS,
    CustomerInfoParams,
    category_probabilities,
)

FAMILY = "customer_info"
REQUIRES: tuple[str, ...] = ("customers", "orders", "products", "sales_accounts")


SPECS = (
    TableSpec(
        name="customer_contacts",
        title="Customer registration cards (客户登记卡)",
        description="Name, phone, e-mail and address of every registered customer as at sign-up (all fictional).",
        columns=(
            Column("customer_id", "str", "The customer; a key of the customers table."),
            Column("name", "str", "Name in Chinese characters (fictional)."),
            Column("phone", "str", "Mobile number, 11 digits (buyers: as in sales_accounts; others of the made-up form 1xx0000xxxx)."),
            Column("email", "str", "E-mail at the reserved domain example.com; empty if not given."),
            Column("address", "str", "Delivery address on a made-up street of a made-up city (示例市示例路) in the customer's province."),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="customer_profiles",
        title="Consented profile attributes (客户画像属性)",
        description="Life stage, household size and age band of every customer; life stage and household size only where the customer gave profile consent.",
        columns=(
            Column("customer_id", "str", "The customer; a key of the customers table."),
            Column("profile_consent", "bool", "True if she consented to profile analysis at sign-up."),
            Column("age_band", "category", "Age at 2025-12-31 from the stated birth year: 18-24, 25-34, 35-44, 45-54 or 55+."),
            Column("life_stage", "category", "single, couple, young_family (children under 14), older_family or senior; empty without consent."),
            Column("household_size", "Int64", "People in the household; empty without consent.", "people"),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="order_lines",
        title="Order lines (订单明细)",
        description="One row per product in each order, 2023–2025, with its category; the lines of an order add up to its amount paid.",
        columns=(
            Column("line_id", "str", "Line key, L0000001 … in order of orders."),
            Column("order_id", "str", "The order; a key of the orders table."),
            Column("product_id", "str", "The product; a key of the products table."),
            Column("category", "category", "Product category: tea, teaware, home or gift."),
            Column("quantity", "int64", "Items of this product in the order."),
            Column("list_price", "float64", "List price of one item.", "CNY"),
            Column("paid_amount", "float64", "The line's share of the order's amount paid, in proportion to its list value.", "CNY"),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="consent_records",
        title="Consent records (同意记录)",
        description="Every consent a customer gave or withdrew, by purpose: marketing messages and profile analysis.",
        columns=(
            Column("record_id", "str", "Record key, K000001 … in date order."),
            Column("customer_id", "str", "The customer; a key of the customers table."),
            Column("purpose", "category", "marketing or profile."),
            Column("granted", "bool", "True for a consent given, False for a refusal or a withdrawal."),
            Column("recorded_date", "date", "Day it was recorded.", "day"),
            Column("channel", "category", "signup_form (at registration) or member_centre (a later change)."),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="customer_updates",
        title="Customer change requests (客户信息变更)",
        description="Changes of address, phone, e-mail and city tier requested in 2023–2025, a few of them faulty.",
        columns=(
            Column("update_id", "str", "Request key, U00001 … in date order."),
            Column("customer_id", "str", "The customer the change is for."),
            Column("column", "str", "The attribute to change: address, phone, email or city_tier."),
            Column("value", "str", "The new value, as text."),
            Column("changed_at", "date", "Day the change took effect.", "day"),
            Column("source", "category", "self_service, service_desk or delivery_feedback."),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="leads",
        title="Leads collected through the channels (潜在客户线索)",
        description="Contact records collected 2023–2025 through direct and indirect channels; some are existing customers or repeats.",
        columns=(
            Column("lead_id", "str", "Lead key, D00001 … in date order."),
            Column("collected_date", "date", "Day the record was collected.", "day"),
            Column("channel", "category", "survey, service, campaign, complaint, point_of_sale (direct); trade_fair, old_customer_referral, web_search, agency (indirect)."),
            Column("channel_type", "category", "direct or indirect (直接渠道 / 间接渠道)."),
            Column("method", "category", "How it was collected: form, interview or questionnaire."),
            Column("name", "str", "Name as written down (characters, pinyin, surname + title)."),
            Column("phone", "str", "Phone as written down (spaces, dashes, +86, typos); empty if not given."),
            Column("province", "category", "Province given (pinyin)."),
            Column("interest", "category", "Category the person asked about: tea, teaware, home or gift."),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="lead_links",
        title="Answer key: who each lead is (线索匹配答案)",
        description="Ground truth for screening the leads: the customer a lead belongs to, or the first lead of the same new person.",
        columns=(
            Column("lead_id", "str", "The lead."),
            Column("customer_id", "str", "The existing customer it belongs to; empty for a new person."),
            Column("person_id", "str", "One id per real person (the customer id, or N0001 … for new people)."),
        ),
        notes=__doc__,
    ),
)


def age_band(age: np.ndarray) -> np.ndarray:
    """Age band label of each age."""
    bins = [0, 25, 35, 45, 55, 200]
    return np.asarray(pd.cut(age, bins=bins, right=False, labels=list(AGE_BANDS)).astype(str))


def _addresses(rng: np.random.Generator, provinces: pd.Series) -> list[str]:
    numbers = rng.integers(1, 300, size=len(provinces))
    buildings = rng.integers(1, 30, size=len(provinces))
    rooms = rng.integers(1, 30, size=len(provinces)) * 100 + rng.integers(1, 5, size=len(provinces))
    return [f"{province} 示例市示例路{n}号{b}栋{r}室" for province, n, b, r in zip(provinces, numbers, buildings, rooms)]


def _made_up_phones(rng: np.random.Generator, n: int, taken: set[str]) -> list[str]:
    phones = []
    while len(phones) < n:
        number = MOBILE_PREFIXES[rng.integers(len(MOBILE_PREFIXES))] + "0000" + f"{rng.integers(10**4):04d}"
        if number not in taken:
            taken.add(number)
            phones.append(number)
    return phones


def _contacts(rng, customers, accounts, params):
    known = accounts.set_index("customer_id")
    names, phones = [], []
    taken = set(accounts["phone"])
    missing = ~customers["customer_id"].isin(known.index)
    fresh_phones = iter(_made_up_phones(rng, int(missing.sum()), taken))
    for customer_id, gender in zip(customers["customer_id"], customers["gender"]):
        if customer_id in known.index:
            names.append(known.at[customer_id, "name"])
            phones.append(known.at[customer_id, "phone"])
        else:
            names.append(_random_name(rng, gender))
            phones.append(next(fresh_phones))
    emails = np.where(rng.random(len(customers)) < params.p_email, customers["customer_id"].str.lower() + "@example.com", None)
    return pd.DataFrame(
        {
            "customer_id": customers["customer_id"],
            "name": names,
            "phone": phones,
            "email": emails,
            "address": _addresses(rng, customers["province"]),
        }
    )


def _profiles(rng, customers, params):
    ages = END.year - customers["birth_year"].to_numpy()
    bands = age_band(ages)
    stages = np.array([LIFE_STAGES[rng.choice(len(LIFE_STAGES), p=LIFE_STAGE_BY_AGE[band])] for band in bands])
    sizes = np.select(
        [stages == "single", stages == "couple", stages == "young_family", stages == "older_family"],
        [
            np.ones(len(stages), dtype=int),
            np.full(len(stages), 2),
            3 + rng.binomial(1, 0.35, len(stages)),
            3 + rng.binomial(2, 0.3, len(stages)),
        ],
        default=1 + rng.binomial(1, 0.8, len(stages)),
    )
    chance = params.p_profile_consent + params.profile_consent_lift_opt_in * customers["marketing_opt_in"].to_numpy()
    consent = rng.random(len(customers)) < chance
    shown = pd.DataFrame(
        {
            "customer_id": customers["customer_id"],
            "profile_consent": consent,
            "age_band": bands,
            "life_stage": np.where(consent, stages, None),
            "household_size": pd.array(np.where(consent, sizes, 0), dtype="Int64"),
        }
    )
    shown.loc[~consent, "household_size"] = pd.NA
    return shown, stages


def _order_lines(rng, customers, orders, products, stages, params):
    stage_of = dict(zip(customers["customer_id"], stages))
    tier_of = dict(zip(customers["customer_id"], customers["city_tier"]))
    by_category = {category: products[products["category"] == category] for category in CATEGORIES}
    cache: dict[tuple[str, int], np.ndarray] = {}
    rows = []
    for order_id, customer_id, items, amount in zip(orders["order_id"], orders["customer_id"], orders["items"], orders["amount"]):
        key = (stage_of[customer_id], int(tier_of[customer_id]))
        if key not in cache:
            cache[key] = category_probabilities(params, *key)
        categories = rng.choice(len(CATEGORIES), size=int(items), p=cache[key])
        chosen: dict[str, int] = {}
        for index in categories:
            pool = by_category[CATEGORIES[index]]
            product = pool["product_id"].iloc[rng.integers(len(pool))]
            chosen[product] = chosen.get(product, 0) + 1
        products_here = sorted(chosen)
        prices = products.set_index("product_id").loc[products_here, "list_price"].to_numpy()
        quantities = np.array([chosen[p] for p in products_here])
        value = prices * quantities
        paid = np.round(amount * value / value.sum(), 2)
        paid[np.argmax(value)] += round(amount - paid.sum(), 2)
        for product, quantity, price, share in zip(products_here, quantities, prices, paid):
            rows.append((order_id, product, int(quantity), float(price), round(float(share), 2)))
    lines = pd.DataFrame(rows, columns=["order_id", "product_id", "quantity", "list_price", "paid_amount"])
    lines.insert(0, "line_id", [f"L{i:07d}" for i in range(1, len(lines) + 1)])
    lines.insert(3, "category", lines["product_id"].map(products.set_index("product_id")["category"]))
    return lines


def _day_between(rng, start: pd.Series, end: pd.Timestamp) -> pd.Series:
    span = (end - start).dt.days.to_numpy()
    offsets = np.floor(rng.random(len(start)) * (span + 1)).astype(int)
    return start + pd.to_timedelta(offsets, unit="D")


def _consents(rng, customers, profile_consent, params):
    signup = customers["signup_date"]
    opt_in = customers["marketing_opt_in"].to_numpy()
    withdrew = (~opt_in) & (rng.random(len(customers)) < params.p_withdraw_marketing)
    frames = [
        pd.DataFrame({"customer_id": customers["customer_id"], "purpose": "marketing", "granted": opt_in | withdrew,
                      "recorded_date": signup, "channel": "signup_form"}),
        pd.DataFrame({"customer_id": customers["customer_id"], "purpose": "profile", "granted": profile_consent,
                      "recorded_date": signup, "channel": "signup_form"}),
    ]
    later = customers.loc[withdrew]
    frames.append(pd.DataFrame({"customer_id": later["customer_id"], "purpose": "marketing", "granted": False,
                                "recorded_date": _day_between(rng, later["signup_date"] + pd.Timedelta(days=1), END),
                                "channel": "member_centre"}))
    records = pd.concat(frames, ignore_index=True)
    records = records.sort_values(["recorded_date", "customer_id", "purpose"], kind="stable", ignore_index=True)
    records.insert(0, "record_id", [f"K{i:06d}" for i in range(1, len(records) + 1)])
    return records


def _updates(rng, customers, params):
    taken: set[str] = set()
    rows = []
    n = len(customers)
    movers = customers.loc[rng.random(n) < params.p_move]
    for customer_id, province, tier, signup in zip(movers["customer_id"], movers["province"], movers["city_tier"], movers["signup_date"]):
        day = _day_between(rng, pd.Series([signup + pd.Timedelta(days=1)]), END).iloc[0]
        source = ("self_service", "delivery_feedback")[int(rng.random() < 0.3)]
        rows.append((customer_id, "address", _addresses(rng, pd.Series([province]))[0], day, source))
        if rng.random() < params.p_move_changes_tier:
            new_tier = int(np.clip(tier + rng.choice([-1, 1]), 1, 5))
            if new_tier == tier:
                new_tier = tier + 1 if tier < 5 else tier - 1
            rows.append((customer_id, "city_tier", str(new_tier), day, source))
    for column, share in (("phone", params.p_new_phone), ("email", params.p_new_email)):
        chosen = customers.loc[rng.random(n) < share]
        days = _day_between(rng, chosen["signup_date"] + pd.Timedelta(days=1), END)
        if column == "phone":
            values = _made_up_phones(rng, len(chosen), taken)
        else:
            values = [f"{c.lower()}.new@example.com" for c in chosen["customer_id"]]
        sources = np.where(rng.random(len(chosen)) < 0.5, "self_service", "service_desk")
        rows += list(zip(chosen["customer_id"], [column] * len(chosen), values, days, sources))
    faulty_customers = customers.sample(n=params.invalid_updates, random_state=int(rng.integers(2**31)))
    faults = [
        ("C99999", "address", "示例市示例路1号1栋101室", pd.Timestamp("2025-06-01")),
        (None, "birthday", "1990-01-01", pd.Timestamp("2025-03-02")),
        (None, "city_tier", "7", pd.Timestamp("2025-04-03")),
        (None, "phone", "12345", pd.Timestamp("2025-05-04")),
        (None, "address", "示例市示例路2号2栋202室", "before_signup"),
        (None, "email", "no-at-sign.example.com", pd.Timestamp("2025-07-05")),
    ]
    for (customer_id, column, value, day), (_, row) in zip(faults[: params.invalid_updates], faulty_customers.iterrows()):
        if day == "before_signup":
            day = row["signup_date"] - pd.Timedelta(days=30)
        rows.append((customer_id or row["customer_id"], column, value, day, "service_desk"))
    updates = pd.DataFrame(rows, columns=["customer_id", "column", "value", "changed_at", "source"])
    updates = updates.sort_values(["changed_at", "customer_id", "column"], kind="stable", ignore_index=True)
    updates.insert(0, "update_id", [f"U{i:05d}" for i in range(1, len(updates) + 1)])
    return updates


def _distort_phone(rng, phone: str) -> str | None:
    roll = rng.random()
    if roll < 0.10:
        return None
    if roll < 0.35:
        return f"{phone[:3]} {phone[3:7]} {phone[7:]}"
    if roll < 0.50:
        return "+86 " + phone
    if roll < 0.58:
        position = int(rng.integers(3, 11))
        return phone[:position] + str((int(phone[position]) + 1) % 10) + phone[position + 1:]
    return phone


def _distort_name(rng, name: str) -> str:
    roll = rng.random()
    if roll < 0.25 and all(character in NAME_PINYIN for character in name):
        surname, given = NAME_PINYIN[name[0]], "".join(NAME_PINYIN[c] for c in name[1:])
        return f"{surname.title()} {given.title()}"
    if roll < 0.35:
        return name[0] + ("女士" if rng.random() < 0.5 else "先生")
    return name


def _leads(rng, customers, contacts, params):
    n = params.n_leads
    channels = DIRECT_CHANNELS + INDIRECT_CHANNELS
    weights = np.array([0.14, 0.12, 0.16, 0.05, 0.08, 0.18, 0.12, 0.10, 0.05])
    channel = rng.choice(len(channels), size=n, p=weights / weights.sum())
    start = pd.Timestamp("2023-01-01")
    days = np.sort(rng.integers(0, (END - start).days + 1, size=n))
    contact = contacts.set_index("customer_id")
    province_of = customers.set_index("customer_id")["province"]
    provinces = customers["province"].to_numpy()
    taken = set(contacts["phone"])
    rows, truth, new_people = [], [], []
    for index in range(n):
        roll = rng.random()
        if roll < params.p_lead_is_customer:
            customer_id = customers["customer_id"].iloc[rng.integers(len(customers))]
            name, phone, province = contact.at[customer_id, "name"], contact.at[customer_id, "phone"], province_of[customer_id]
            person = customer_id
        elif roll < params.p_lead_is_customer + params.p_lead_repeat and new_people:
            customer_id = None
            person, name, phone, province = new_people[rng.integers(len(new_people))]
        else:
            customer_id = None
            gender = "F" if rng.random() < 0.6 else "M"
            name, phone = _random_name(rng, gender), _made_up_phones(rng, 1, taken)[0]
            province = provinces[rng.integers(len(provinces))]
            person = f"N{len(new_people) + 1:04d}"
            new_people.append((person, name, phone, province))
        chosen = channels[channel[index]]
        method = "interview" if chosen in ("service", "point_of_sale", "trade_fair") else (
            "questionnaire" if chosen in ("survey", "campaign") else "form")
        rows.append((start + pd.Timedelta(days=int(days[index])), chosen,
                     "direct" if chosen in DIRECT_CHANNELS else "indirect", method,
                     _distort_name(rng, name), _distort_phone(rng, phone), province,
                     CATEGORIES[rng.choice(4, p=[0.45, 0.3, 0.15, 0.1])]))
        truth.append((customer_id, person))
    leads = pd.DataFrame(rows, columns=["collected_date", "channel", "channel_type", "method", "name", "phone", "province", "interest"])
    leads.insert(0, "lead_id", [f"D{i:05d}" for i in range(1, n + 1)])
    links = pd.DataFrame(truth, columns=["customer_id", "person_id"])
    links.insert(0, "lead_id", leads["lead_id"])
    return leads, links


def generate(rng: np.random.Generator, tables: dict[str, pd.DataFrame], params: CustomerInfoParams = PARAMS) -> dict[str, pd.DataFrame]:
    """Make the customer-information tables from customers, orders, products and sales accounts."""
    customers, orders = tables["customers"], tables["orders"]
    contacts = _contacts(rng, customers, tables["sales_accounts"], params)
    profiles, stages = _profiles(rng, customers, params)
    lines = _order_lines(rng, customers, orders, tables["products"], stages, params)
    consents = _consents(rng, customers, profiles["profile_consent"].to_numpy(), params)
    updates = _updates(rng, customers, params)
    leads, links = _leads(rng, customers, contacts, params)
    return {
        "customer_contacts": contacts,
        "customer_profiles": profiles,
        "order_lines": lines,
        "consent_records": consents,
        "customer_updates": updates,
        "leads": leads,
        "lead_links": links,
    }
