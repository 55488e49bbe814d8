"""Three departments, three records of the same customers: Chapter 1's bookstore case.

The order system (sales), the service desk and the marketing team of Yuchuan Tea &
Home each keep their own list of people. The lists describe the same buyers of the
``customers`` and ``orders`` tables, but nobody agreed on a key:

1. **Names and phones.** Every buyer gets a plausible Chinese name (a surname drawn
   by frequency, a one- or two-character given name that suits the gender in
   ``customers``) and a random mobile number (11 digits, real operator prefixes;
   the numbers are random, any real subscriber is a coincidence). A few households
   share one phone between two accounts.
2. **Sales accounts** (``sales_accounts``): the order system knows every buyer by
   ``customer_id``, with the name and phone as registered and the order totals,
   which agree exactly with ``orders``.
3. **Service tickets** (``service_tickets``): each order leads to a ticket with
   probability ``ticket_rate_per_order``; the ticket opens a few days after the
   order. Agents type the caller's phone and name as they hear them: spaces,
   dashes, a ``+86`` prefix, full-width digits, a wrong, swapped or dropped digit,
   no phone at all on some chat tickets; the name in characters, with a homophone
   typo (秀英 → 秀瑛), in pinyin in either order, or as surname + title (王女士).
   Tickets from people who never registered (pre-sale questions) are mixed in.
4. **Marketing contacts** (``marketing_contacts``): the e-mail, WeChat and SMS
   list. Buyers who consented (``marketing_opt_in``) join it through the sign-up
   form or by following the WeChat account; some buyers who did *not* consent were
   imported from order records. The list has its own ids, nicknames, phones that are
   masked by the platform (``138****1234``), missing or out of date, names often
   missing, some people listed twice, and prospects from trade fairs and a bought list.
5. **The answer key** (``department_links``): which customer each service ticket
   and marketing contact really belongs to (empty for people with no account), and
   how its name and phone were distorted. It is the ground truth for measuring
   record linkage; the department tables themselves carry no such column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crmkit.customer_view import NAME_PINYIN
from crmkit.synth._base import Column, TableSpec
from crmkit.synth.promotions import END

FAMILY = "departments"
REQUIRES: tuple[str, ...] = ("customers", "orders")


@dataclass(frozen=True)
class DepartmentsParams:
    """Ground-truth parameters of the three departments' records."""

    shared_phone_households: int = field(default=40, metadata={"help": "pairs of accounts registered with the same phone (households)"})
    ticket_rate_per_order: float = field(default=0.12, metadata={"help": "expected service tickets per order"})
    outsider_tickets: int = field(default=60, metadata={"help": "tickets from people with no account (pre-sale questions)"})
    p_list_opted_in: float = field(default=0.55, metadata={"help": "probability that a one-order buyer who consented to marketing is on the list"})
    p_list_per_extra_order: float = field(default=0.05, metadata={"help": "added to that probability per order beyond the first (engaged buyers join more often), capped at 0.95"})
    p_complaint_stuck_open: float = field(default=0.08, metadata={"help": "probability that a complaint older than 45 days is still open at 2025-12-31 (0.01 for other tickets; 0.7 for tickets of the last 45 days)"})
    p_list_not_opted_in: float = field(default=0.25, metadata={"help": "probability that a buyer who did NOT consent was imported into the list from order records"})
    p_listed_twice: float = field(default=0.08, metadata={"help": "probability that a listed buyer has a second entry (another channel)"})
    outsider_contacts: int = field(default=300, metadata={"help": "list entries of people with no account (trade fair, bought list, WeChat followers)"})
    mean_messages_2025: float = field(default=18.0, metadata={"help": "mean marketing messages sent in 2025 to a contact listed all year"})


PARAMS = DepartmentsParams()

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭肖田董袁潘蒋蔡余杜叶程苏魏丁任沈姚卢姜崔钟谭陆汪范金石"
    "廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶贺顾毛郝龚邵万钱严武戴孔向汤"
)
GIVEN_FEMALE = "秀英华丽敏静燕芳娟霞婷雪琳洁玲莉红梅兰慧颖倩晶欣怡悦佳雅露瑶萍丹琴蕾婉晓思雨诗梦月薇彤"
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁阳志建国文博晨子豪泽轩然东海峰亮成立新"
#: Homophone typing errors an agent makes (same pinyin, another character).
HOMOPHONES = {
    "英": "瑛", "丽": "俐", "静": "婧", "伟": "玮", "杰": "洁", "婷": "亭", "磊": "蕾", "斌": "彬", "军": "君",
    "燕": "艳", "琳": "霖", "涛": "滔", "明": "铭", "辉": "晖", "慧": "惠", "鹏": "朋", "飞": "菲", "宇": "玉",
    "浩": "昊", "凯": "恺", "晨": "辰", "轩": "萱", "峰": "锋", "欣": "馨", "怡": "仪", "佳": "嘉", "雅": "亚",
    "瑶": "遥", "阳": "洋", "志": "智", "健": "建", "俊": "君", "新": "欣", "鑫": "新", "颖": "英", "莉": "丽",
}
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
    "156", "157", "158", "159", "166", "176", "177", "178", "180", "181", "182", "183", "184", "185", "186",
    "187", "188", "189", "191", "198", "199",
)
ENGLISH_NICKNAMES = ("Lily", "Amy", "Cindy", "Grace", "Vivian", "Coco", "Tony", "Kevin", "Leo", "Jack", "Eric", "Sunny")
TEA_NICKNAMES = ("茶小白", "爱喝茶的猫", "普洱控", "青山", "清风徐来", "一壶春", "半盏月", "岁月静好", "喝茶去", "竹林听雨", "慢生活", "茶友")
TICKET_CATEGORIES = ("delivery", "product_quality", "return_refund", "product_question", "invoice")
TICKET_CATEGORY_WEIGHTS = (0.32, 0.20, 0.22, 0.18, 0.08)
COMPLAINT_SHARE = {"delivery": 0.40, "product_quality": 0.65, "return_refund": 0.45, "product_question": 0.05, "invoice": 0.10}
TICKET_PHONE_VARIANTS = (
    ("clean", 0.40), ("spaces", 0.14), ("dashes", 0.10), ("plus86", 0.09), ("full_width", 0.08),
    ("wrong_digit", 0.04), ("swapped_digits", 0.03), ("dropped_digit", 0.02), ("missing", 0.10),
)
TICKET_NAME_VARIANTS = (
    ("characters", 0.42), ("characters_spaced", 0.05), ("homophone_typo", 0.08), ("pinyin", 0.12),
    ("pinyin_given_first", 0.08), ("pinyin_upper_surname", 0.04), ("pinyin_typo", 0.03), ("title", 0.13),
    ("missing", 0.05),
)
CONTACT_PHONE_VARIANTS = (("clean", 0.35), ("plus86", 0.05), ("masked", 0.30), ("missing", 0.24), ("old_number", 0.06))
CONTACT_NAME_VARIANTS = (("missing", 0.35), ("characters", 0.35), ("pinyin", 0.15), ("pinyin_given_first", 0.05), ("title", 0.10))
FULL_WIDTH = str.maketrans("0123456789+", "０１２３４５６７８９＋")

SPECS = (
    TableSpec(
        name="sales_accounts",
        title="Sales accounts: the order system's customers (销售部门客户账户)",
        description="One row per buyer as the order system knows them: name and phone as registered, order totals 2023–2025.",
        columns=(
            Column("customer_id", "str", "The platform's customer key (as in customers and orders)."),
            Column("name", "str", "Name as registered, in Chinese characters."),
            Column("phone", "str", "Mobile number as registered, 11 digits. A few households share one number between two accounts."),
            Column("first_order_date", "date", "Day of the first order.", "day"),
            Column("last_order_date", "date", "Day of the latest order.", "day"),
            Column("orders", "int64", "Number of orders, 2023-01-01 to 2025-12-31."),
            Column("spend", "float64", "Total amount paid over those orders.", "CNY"),
            Column("marketing_opt_in", "bool", "True if the customer consented to marketing messages at registration."),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="service_tickets",
        title="Service tickets: the service desk's records (客服工单)",
        description="One row per service ticket, 2023–2025, with caller name and phone as the agent typed them.",
        columns=(
            Column("ticket_id", "str", "Ticket key, T00001 … in order of opening."),
            Column("opened_date", "date", "Day the ticket was opened.", "day"),
            Column("channel", "category", "How the customer reached the desk: phone, online_chat or email."),
            Column("caller_name", "str", "Caller's name as typed by the agent (characters, pinyin, surname + title, typos); empty if not asked."),
            Column("phone", "str", "Caller's phone as typed (spaces, dashes, +86, full-width digits, typos); empty if not given."),
            Column("category", "category", "delivery, product_quality, return_refund, product_question or invoice."),
            Column("complaint", "bool", "True if the agent logged the contact as a complaint (投诉)."),
            Column("status", "category", "open or resolved, as of 2025-12-31."),
            Column("satisfaction", "Int64", "Post-ticket rating 1 (very dissatisfied) to 5 (very satisfied); empty if not rated or still open."),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="marketing_contacts",
        title="Marketing contacts: the e-mail, WeChat and SMS list (营销联系人名单)",
        description="One row per entry of the marketing list, with its own ids, nicknames and partial, masked or stale phones.",
        columns=(
            Column("contact_id", "str", "The list's own key, M00001 … in order of subscription."),
            Column("channel", "category", "wechat, email or sms."),
            Column("nickname", "str", "Display name or WeChat nickname."),
            Column("name", "str", "Real name if the person gave one (characters or pinyin); often empty."),
            Column("phone", "str", "Phone if known: full, +86, masked by the platform (138****1234), out of date, or empty."),
            Column("source", "category", "How the entry came: signup_form, wechat_follow, order_import, trade_fair or bought_list."),
            Column("subscribed_date", "date", "Day the entry was added.", "day"),
            Column("messages_sent_2025", "int64", "Marketing messages sent to this entry in 2025."),
            Column("last_message_date", "date", "Day of the latest message sent; empty if none was ever sent.", "day"),
            Column("last_opened_date", "date", "Day the person last opened or clicked a message; empty if never.", "day"),
        ),
        notes=__doc__,
    ),
    TableSpec(
        name="department_links",
        title="Answer key: which customer each department record belongs to (记录匹配答案)",
        description="Ground truth for record linkage: the true customer of every service ticket and marketing contact, and how its name and phone were distorted.",
        columns=(
            Column("source", "category", "service_tickets or marketing_contacts."),
            Column("record_id", "str", "ticket_id or contact_id of the record."),
            Column("customer_id", "str", "The true customer (a key of sales_accounts); empty for a person with no account."),
            Column("name_variant", "category", "How the name was written (characters, homophone_typo, pinyin, title, missing …)."),
            Column("phone_variant", "category", "How the phone was written (clean, spaces, plus86, full_width, wrong_digit, masked, old_number, missing …)."),
        ),
        notes=__doc__,
    ),
)


def _pick(rng: np.random.Generator, options: tuple[tuple[str, float], ...]) -> str:
    names = [name for name, _ in options]
    weights = np.array([weight for _, weight in options])
    return names[rng.choice(len(names), p=weights / weights.sum())]


def _surname_weights() -> np.ndarray:
    ranks = np.arange(1, len(SURNAMES) + 1)
    weights = 1.0 / ranks**0.9
    return weights / weights.sum()


def _random_name(rng: np.random.Generator, gender: str) -> str:
    surname = SURNAMES[rng.choice(len(SURNAMES), p=_surname_weights())]
    pool = GIVEN_FEMALE if gender == "F" else GIVEN_MALE
    length = 1 if rng.random() < 0.25 else 2
    given = "".join(pool[index] for index in rng.choice(len(pool), size=length, replace=False))
    return surname + given


def _random_phones(rng: np.random.Generator, n: int, taken: set[str]) -> list[str]:
    phones = []
    while len(phones) < n:
        number = MOBILE_PREFIXES[rng.integers(len(MOBILE_PREFIXES))] + f"{rng.integers(10**8):08d}"
        if number not in taken:
            taken.add(number)
            phones.append(number)
    return phones


def _pinyin(name: str) -> tuple[str, str]:
    surname = NAME_PINYIN[name[0]].capitalize()
    given = "".join(NAME_PINYIN[character] for character in name[1:]).capitalize()
    return surname, given


def _write_name(rng: np.random.Generator, name: str, gender: str, variant: str) -> str | None:
    surname, given = _pinyin(name)
    if variant == "missing":
        return None
    if variant == "characters":
        return name
    if variant == "characters_spaced":
        return name[0] + " " + name[1:]
    if variant == "homophone_typo":
        positions = [i for i in range(1, len(name)) if name[i] in HOMOPHONES]
        if not positions:
            return name
        i = positions[rng.integers(len(positions))]
        return name[:i] + HOMOPHONES[name[i]] + name[i + 1:]
    if variant == "pinyin":
        return f"{surname} {given}"
    if variant == "pinyin_given_first":
        return f"{given} {surname}"
    if variant == "pinyin_upper_surname":
        return f"{surname.upper()} {given}"
    if variant == "pinyin_typo":
        letters = list(given)
        i = int(rng.integers(1, len(letters))) if len(letters) > 1 else 0
        del letters[i]
        return f"{surname} {''.join(letters) or given}"
    if variant == "title":
        return name[0] + ("女士" if gender == "F" else "先生")
    raise ValueError(f"unknown name variant {variant!r}")


def _write_phone(rng: np.random.Generator, phone: str, variant: str, taken: set[str]) -> str | None:
    if variant == "missing":
        return None
    if variant == "clean":
        return phone
    if variant == "spaces":
        return f"{phone[:3]} {phone[3:7]} {phone[7:]}"
    if variant == "dashes":
        return f"{phone[:3]}-{phone[3:7]}-{phone[7:]}"
    if variant == "plus86":
        return "+86 " + phone if rng.random() < 0.6 else "86-" + phone
    if variant == "full_width":
        return phone.translate(FULL_WIDTH)
    if variant == "wrong_digit":
        i = int(rng.integers(3, 11))
        digit = str((int(phone[i]) + int(rng.integers(1, 10))) % 10)
        return phone[:i] + digit + phone[i + 1:]
    if variant == "swapped_digits":
        positions = [i for i in range(3, 10) if phone[i] != phone[i + 1]]
        if not positions:
            return phone
        i = positions[rng.integers(len(positions))]
        return phone[:i] + phone[i + 1] + phone[i] + phone[i + 2:]
    if variant == "dropped_digit":
        i = int(rng.integers(3, 11))
        return phone[:i] + phone[i + 1:]
    if variant == "masked":
        return phone[:3] + "****" + phone[7:]
    if variant == "old_number":
        return _random_phones(rng, 1, taken)[0]
    raise ValueError(f"unknown phone variant {variant!r}")


def _nickname(rng: np.random.Generator, name: str, birth_year: int) -> str:
    kind = rng.random()
    surname, given = _pinyin(name)
    if kind < 0.25:
        return TEA_NICKNAMES[rng.integers(len(TEA_NICKNAMES))]
    if kind < 0.45:
        return ENGLISH_NICKNAMES[rng.integers(len(ENGLISH_NICKNAMES))]
    if kind < 0.65:
        return "小" + name[-1]
    if kind < 0.85:
        initials = surname[0].lower() + "".join(NAME_PINYIN[c][0] for c in name[1:])
        return f"{initials}{birth_year}"
    return name[1:]


def _identities(rng: np.random.Generator, buyers: pd.DataFrame, params: DepartmentsParams) -> tuple[pd.DataFrame, set[str]]:
    people = buyers[["customer_id", "gender", "birth_year"]].copy()
    people["name"] = [_random_name(rng, gender) for gender in people["gender"]]
    taken: set[str] = set()
    people["phone"] = _random_phones(rng, len(people), taken)
    pairs = rng.choice(len(people), size=2 * params.shared_phone_households, replace=False)
    phones = people["phone"].to_numpy(copy=True)
    for first, second in zip(pairs[0::2], pairs[1::2]):
        phones[second] = phones[first]
    people["phone"] = phones
    return people, taken


def _sales_accounts(people: pd.DataFrame, customers: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    totals = orders.groupby("customer_id").agg(
        first_order_date=("order_date", "min"),
        last_order_date=("order_date", "max"),
        orders=("order_id", "size"),
        spend=("amount", "sum"),
    )
    accounts = people[["customer_id", "name", "phone"]].merge(totals, left_on="customer_id", right_index=True)
    opt_in = customers.set_index("customer_id")["marketing_opt_in"]
    accounts["marketing_opt_in"] = accounts["customer_id"].map(opt_in).astype("bool")
    accounts["orders"] = accounts["orders"].astype("int64")
    accounts["spend"] = accounts["spend"].round(2)
    return accounts.sort_values("customer_id", ignore_index=True)[[c.name for c in SPECS[0].columns]]


def _outsiders(rng: np.random.Generator, n: int, taken: set[str]) -> pd.DataFrame:
    genders = rng.choice(["F", "M"], size=n, p=[0.6, 0.4])
    return pd.DataFrame(
        {
            "customer_id": [None] * n,
            "gender": genders,
            "birth_year": np.clip(np.round(rng.normal(1990, 9, size=n)), 1955, 2006).astype("int64"),
            "name": [_random_name(rng, gender) for gender in genders],
            "phone": _random_phones(rng, n, taken),
        }
    )


def _service_tickets(
    rng: np.random.Generator, people: pd.DataFrame, orders: pd.DataFrame, taken: set[str], params: DepartmentsParams
) -> tuple[pd.DataFrame, pd.DataFrame]:
    person = people.set_index("customer_id")
    drawn = rng.random(len(orders)) < params.ticket_rate_per_order
    rows = []
    last_day = END
    for order in orders.loc[drawn].itertuples(index=False):
        opened = min(order.order_date + pd.Timedelta(days=int(rng.exponential(5.0))), last_day)
        rows.append((order.customer_id, opened, _pick(rng, tuple(zip(TICKET_CATEGORIES, TICKET_CATEGORY_WEIGHTS)))))
    outsiders = _outsiders(rng, params.outsider_tickets, taken)
    for index in range(len(outsiders)):
        opened = END - pd.Timedelta(days=int(rng.integers(0, 3 * 365)))
        category = "product_question" if rng.random() < 0.8 else "delivery"
        rows.append((f"outsider-{index}", opened, category))
    outsiders["customer_id"] = [f"outsider-{index}" for index in range(len(outsiders))]
    everyone = pd.concat([people[["customer_id", "gender", "name", "phone"]], outsiders[["customer_id", "gender", "name", "phone"]]], ignore_index=True)
    everyone = everyone.set_index("customer_id")

    tickets = pd.DataFrame(rows, columns=["customer_id", "opened_date", "category"])
    tickets = tickets.sort_values(["opened_date", "customer_id"], kind="stable", ignore_index=True)
    records, key = [], []
    for number, ticket in enumerate(tickets.itertuples(index=False), start=1):
        who = everyone.loc[ticket.customer_id]
        channel = str(rng.choice(["phone", "online_chat", "email"], p=[0.45, 0.45, 0.10]))
        phone_variant = _pick(rng, TICKET_PHONE_VARIANTS)
        if channel != "phone" and phone_variant != "missing" and rng.random() < 0.15:
            phone_variant = "missing"
        name_variant = _pick(rng, TICKET_NAME_VARIANTS)
        complaint = bool(rng.random() < COMPLAINT_SHARE[ticket.category])
        age_days = (END - ticket.opened_date).days
        p_open = 0.7 if age_days <= 45 else (params.p_complaint_stuck_open if complaint else 0.01)
        status = "open" if rng.random() < p_open else "resolved"
        satisfaction = pd.NA
        if status == "resolved" and rng.random() < 0.55:
            weights = [0.12, 0.18, 0.30, 0.25, 0.15] if complaint else [0.02, 0.05, 0.18, 0.40, 0.35]
            satisfaction = int(rng.choice([1, 2, 3, 4, 5], p=weights))
        ticket_id = f"T{number:05d}"
        records.append((
            ticket_id, ticket.opened_date, channel,
            _write_name(rng, who["name"], who["gender"], name_variant),
            _write_phone(rng, who["phone"], phone_variant, taken),
            ticket.category, complaint, status, satisfaction,
        ))
        true_id = None if str(ticket.customer_id).startswith("outsider") else ticket.customer_id
        key.append(("service_tickets", ticket_id, true_id, name_variant, phone_variant))
    frame = pd.DataFrame(records, columns=[c.name for c in SPECS[1].columns])
    frame["satisfaction"] = frame["satisfaction"].astype("Int64")
    return frame, pd.DataFrame(key, columns=[c.name for c in SPECS[3].columns])


def _marketing_contacts(
    rng: np.random.Generator,
    people: pd.DataFrame,
    accounts: pd.DataFrame,
    customers: pd.DataFrame,
    taken: set[str],
    params: DepartmentsParams,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    signup = customers.set_index("customer_id")["signup_date"]
    first_order = accounts.set_index("customer_id")["first_order_date"]
    opt_in = accounts.set_index("customer_id")["marketing_opt_in"]
    n_orders = accounts.set_index("customer_id")["orders"]
    entries = []  # (person row, source, subscribed day)
    for who in people.itertuples(index=False):
        consented = bool(opt_in[who.customer_id])
        p_join = min(0.95, params.p_list_opted_in + params.p_list_per_extra_order * (n_orders[who.customer_id] - 1))
        if consented and rng.random() < p_join:
            source = "signup_form" if rng.random() < 0.55 else "wechat_follow"
            start = signup[who.customer_id]
        elif not consented and rng.random() < params.p_list_not_opted_in:
            source = "order_import"
            start = first_order[who.customer_id]
        else:
            continue
        span = max((END - start).days, 1)
        subscribed = start + pd.Timedelta(days=int(min(rng.exponential(30.0), span)))
        entries.append((who, source, subscribed))
        if rng.random() < params.p_listed_twice:
            again = subscribed + pd.Timedelta(days=int(rng.integers(0, max((END - subscribed).days, 1))))
            entries.append((who, "wechat_follow" if source != "wechat_follow" else "signup_form", again))
    outsiders = _outsiders(rng, params.outsider_contacts, taken)
    for who in outsiders.itertuples(index=False):
        source = str(rng.choice(["trade_fair", "bought_list", "wechat_follow"], p=[0.35, 0.35, 0.30]))
        subscribed = END - pd.Timedelta(days=int(rng.integers(0, 3 * 365)))
        entries.append((who, source, subscribed))
    order = sorted(range(len(entries)), key=lambda i: (entries[i][2], i))

    records, key = [], []
    year_start = pd.Timestamp("2025-01-01")
    for number, index in enumerate(order, start=1):
        who, source, subscribed = entries[index]
        channel = str(rng.choice(["wechat", "email", "sms"], p=[0.55, 0.25, 0.20]))
        if source == "wechat_follow":
            channel = "wechat"
        phone_variant = _pick(rng, CONTACT_PHONE_VARIANTS)
        if source in ("order_import", "bought_list") and phone_variant == "missing":
            phone_variant = "clean"
        if who.customer_id is None and phone_variant == "old_number":
            phone_variant = "clean"
        name_variant = _pick(rng, CONTACT_NAME_VARIANTS)
        months_listed = max(0.0, min(12.0, (END - max(subscribed, year_start)).days / 30.4))
        messages = int(rng.poisson(params.mean_messages_2025 * months_listed / 12.0))
        if messages > 0:
            if rng.random() < 0.7:
                last_message = pd.Timestamp("2025-12-10") + pd.Timedelta(days=int(rng.integers(0, 3)))
            else:
                last_message = max(subscribed, year_start) + pd.Timedelta(days=int(rng.integers(0, max((END - max(subscribed, year_start)).days, 1))))
        elif subscribed < year_start and rng.random() < 0.8:
            last_message = subscribed + pd.Timedelta(days=int(rng.integers(0, (year_start - subscribed).days)))
        else:
            last_message = None
        if last_message is not None and rng.random() < 0.6:
            opened = subscribed + pd.Timedelta(days=int(rng.integers(0, max((last_message - subscribed).days, 1))))
            if rng.random() < 0.3:
                opened = subscribed + pd.Timedelta(days=int(rng.integers(0, 60)))  # stopped reading early on
        else:
            opened = None
        contact_id = f"M{number:05d}"
        records.append((
            contact_id, channel, _nickname(rng, who.name, who.birth_year),
            _write_name(rng, who.name, who.gender, name_variant),
            _write_phone(rng, who.phone, phone_variant, taken),
            source, subscribed, messages, last_message, opened,
        ))
        key.append(("marketing_contacts", contact_id, who.customer_id, name_variant, phone_variant))
    frame = pd.DataFrame(records, columns=[c.name for c in SPECS[2].columns])
    for column in ("last_message_date", "last_opened_date"):
        frame[column] = pd.to_datetime(frame[column])
    return frame, pd.DataFrame(key, columns=[c.name for c in SPECS[3].columns])


def generate(
    rng: np.random.Generator, tables: dict[str, pd.DataFrame], params: DepartmentsParams = PARAMS
) -> dict[str, pd.DataFrame]:
    """Generate the three departments' tables and the answer key.

    Parameters
    ----------
    rng : numpy.random.Generator
        The family's random stream.
    tables : dict
        Must hold ``customers`` and ``orders``.
    params : DepartmentsParams
        Ground-truth parameters.

    Returns
    -------
    dict
        ``sales_accounts``, ``service_tickets``, ``marketing_contacts`` and ``department_links``.
    """
    customers, orders = tables["customers"], tables["orders"]
    buyers = customers[customers["customer_id"].isin(set(orders["customer_id"]))].sort_values("customer_id", ignore_index=True)
    people, taken = _identities(rng, buyers, params)
    accounts = _sales_accounts(people, customers, orders)
    tickets, ticket_key = _service_tickets(rng, people, orders, taken, params)
    contacts, contact_key = _marketing_contacts(rng, people, accounts, customers, taken, params)
    links = pd.concat([ticket_key, contact_key], ignore_index=True)
    return {"sales_accounts": accounts, "service_tickets": tickets, "marketing_contacts": contacts, "department_links": links}
