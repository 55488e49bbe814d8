"""One view of the customer: clean the keys, link the records, build the table.

Chapter 1's bookstore case in code. Three departments of a shop keep their own
records of the same people: the order system (sales), the service desk and the
marketing list. Names and phone numbers are typed differently in each, so a
plain join finds only part of the matches. This module

1. puts phone numbers and names into one canonical form
   (:func:`normalise_phone`, :func:`normalise_name`);
2. links each department record to an account of the order system with a few
   explicit, explainable rules (:func:`link_records`), reporting every record
   it could not link instead of dropping it;
3. measures the linking against an answer key (:func:`link_quality`);
4. builds the unified customer view, one row per customer (:func:`unified_view`).

Names are compared through pinyin (拼音). The module carries its own small table
of the characters common in Chinese personal names (:data:`NAME_PINYIN`), so
"王秀英", "Wang Xiuying", "Xiuying Wang" and the homophone typo "王秀瑛" all get
the key ``"wang xiuying"``.

Examples
--------
>>> normalise_phone("+86 138-0013-1234")
'13800131234'
>>> normalise_name("Xiuying WANG") == normalise_name("王秀英")
True
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

import pandas as pd

from crmkit._checks import (
    as_date,
    as_whole_array,
    bool_column,
    check_column_names,
    check_share,
    date_column,
    id_column,
    label_column,
    number_column,
    require_columns,
)

__all__ = [
    "NAME_PINYIN",
    "TITLES",
    "normalise_phone",
    "normalise_name",
    "names_agree",
    "link_records",
    "link_summary",
    "link_quality",
    "unified_view",
]

#: Toneless pinyin of characters common in Chinese personal names: frequent
#: surnames and given-name characters (single readings only; characters with
#: two common readings as names are left out).
NAME_PINYIN: dict[str, str] = {
    # surnames
    "王": "wang", "李": "li", "张": "zhang", "刘": "liu", "陈": "chen", "杨": "yang", "黄": "huang",
    "赵": "zhao", "吴": "wu", "周": "zhou", "徐": "xu", "孙": "sun", "马": "ma", "朱": "zhu", "胡": "hu",
    "郭": "guo", "何": "he", "林": "lin", "罗": "luo", "高": "gao", "郑": "zheng", "梁": "liang",
    "谢": "xie", "宋": "song", "唐": "tang", "许": "xu", "韩": "han", "冯": "feng", "邓": "deng",
    "曹": "cao", "彭": "peng", "肖": "xiao", "田": "tian", "董": "dong", "袁": "yuan", "潘": "pan",
    "蒋": "jiang", "蔡": "cai", "余": "yu", "杜": "du", "叶": "ye", "程": "cheng", "苏": "su", "魏": "wei",
    "丁": "ding", "任": "ren", "沈": "shen", "姚": "yao", "卢": "lu", "姜": "jiang", "崔": "cui",
    "钟": "zhong", "谭": "tan", "陆": "lu", "汪": "wang", "范": "fan", "金": "jin", "石": "shi",
    "廖": "liao", "贾": "jia", "夏": "xia", "韦": "wei", "付": "fu", "方": "fang", "白": "bai", "邹": "zou",
    "孟": "meng", "熊": "xiong", "秦": "qin", "邱": "qiu", "江": "jiang", "尹": "yin", "薛": "xue",
    "段": "duan", "雷": "lei", "侯": "hou", "龙": "long", "史": "shi", "陶": "tao", "贺": "he", "顾": "gu",
    "毛": "mao", "郝": "hao", "龚": "gong", "邵": "shao", "万": "wan", "钱": "qian", "严": "yan",
    "武": "wu", "戴": "dai", "孔": "kong", "向": "xiang", "汤": "tang",
    # given-name characters
    "秀": "xiu", "英": "ying", "华": "hua", "丽": "li", "敏": "min", "静": "jing", "燕": "yan", "芳": "fang",
    "娟": "juan", "霞": "xia", "婷": "ting", "雪": "xue", "琳": "lin", "洁": "jie", "玲": "ling", "莉": "li",
    "红": "hong", "梅": "mei", "兰": "lan", "慧": "hui", "颖": "ying", "倩": "qian", "晶": "jing",
    "欣": "xin", "怡": "yi", "悦": "yue", "佳": "jia", "雅": "ya", "露": "lu", "瑶": "yao", "萍": "ping",
    "丹": "dan", "琴": "qin", "蕾": "lei", "婉": "wan", "晓": "xiao", "思": "si", "雨": "yu", "诗": "shi",
    "梦": "meng", "月": "yue", "薇": "wei", "彤": "tong", "伟": "wei", "强": "qiang", "磊": "lei",
    "军": "jun", "勇": "yong", "杰": "jie", "涛": "tao", "斌": "bin", "超": "chao", "明": "ming",
    "刚": "gang", "平": "ping", "辉": "hui", "鹏": "peng", "飞": "fei", "鑫": "xin", "波": "bo", "宇": "yu",
    "浩": "hao", "凯": "kai", "健": "jian", "俊": "jun", "帆": "fan", "旭": "xu", "宁": "ning", "阳": "yang",
    "志": "zhi", "建": "jian", "国": "guo", "文": "wen", "博": "bo", "晨": "chen", "子": "zi", "豪": "hao",
    "泽": "ze", "轩": "xuan", "然": "ran", "东": "dong", "海": "hai", "峰": "feng", "亮": "liang",
    "成": "cheng", "立": "li", "新": "xin",
    # homophones that agents type by mistake for the characters above
    "瑛": "ying", "俐": "li", "婧": "jing", "玮": "wei", "炜": "wei", "亭": "ting", "彬": "bin",
    "君": "jun", "艳": "yan", "霖": "lin", "滔": "tao", "铭": "ming", "晖": "hui", "惠": "hui", "朋": "peng",
    "菲": "fei", "玉": "yu", "昊": "hao", "皓": "hao", "恺": "kai", "辰": "chen", "萱": "xuan", "锋": "feng",
    "靓": "liang", "馨": "xin", "仪": "yi", "宜": "yi", "嘉": "jia", "亚": "ya", "遥": "yao", "洋": "yang",
    "智": "zhi", "坚": "jian",
}

#: Forms of address an agent may type after a surname instead of the given name:
#: 女士 (Ms), 先生 (Mr), 小姐 (Miss).
TITLES: tuple[str, ...] = ("女士", "先生", "小姐")

_PHONE_SEPARATORS = re.compile(r"[\s\-().·]")
_MOBILE = re.compile(r"1\d{10}")
_MASKED_MOBILE = re.compile(r"1\d{2}\*{4}\d{4}")


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def normalise_phone(text: object, errors: str = "raise") -> str | None:
    """Put a mainland-China mobile number into one canonical form.

    The canonical form is the 11 digits of the number, e.g. ``"13800131234"``,
    or, for a number the platform shows masked, the first three and last four
    digits around four asterisks, e.g. ``"138****1234"``. The function

    - turns full-width characters into ordinary ones (``"１３８"`` → ``"138"``);
    - removes spaces, dashes, dots and brackets;
    - removes the country code ``+86``, ``0086`` or ``86`` in front.

    Parameters
    ----------
    text : str or None
        The number as typed. ``None``, NaN and the empty string mean "no number".
    errors : {"raise", "missing"}
        What to do with text that is not a mobile number after cleaning (a digit
        too few, letters): raise ``ValueError`` (default), or return ``None`` so
        the caller can count such records.

    Returns
    -------
    str or None
        The canonical number, or ``None`` if there is none.

    Raises
    ------
    ValueError
        If ``errors="raise"`` and the text is not a mobile number; the message
        quotes the text. Also if ``errors`` is neither value.

    Examples
    --------
    >>> normalise_phone("138 0013 1234")
    '13800131234'
    >>> normalise_phone("１３８００１３１２３４")
    '13800131234'
    >>> normalise_phone("0086-138-0013-1234")
    '13800131234'
    >>> normalise_phone("138****1234")
    '138****1234'
    >>> normalise_phone("") is None
    True
    >>> normalise_phone("1380013123", errors="missing") is None
    True
    >>> normalise_phone("1380013123")
    Traceback (most recent call last):
    ...
    ValueError: phone '1380013123' is not an 11-digit mobile number after cleaning (got '1380013123')
    """
    if errors not in ("raise", "missing"):
        raise ValueError(f"errors must be 'raise' or 'missing', got {errors!r}")
    if _is_missing(text):
        return None
    if not isinstance(text, str):
        text = str(text)
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if cleaned == "":
        return None
    cleaned = _PHONE_SEPARATORS.sub("", cleaned)
    for prefix in ("+86", "0086"):
        if cleaned.startswith(prefix):
            cleaned = cleaned[len(prefix):]
    if len(cleaned) == 13 and cleaned.startswith("86"):
        cleaned = cleaned[2:]
    if _MOBILE.fullmatch(cleaned) or _MASKED_MOBILE.fullmatch(cleaned):
        return cleaned
    if errors == "missing":
        return None
    raise ValueError(f"phone {text!r} is not an 11-digit mobile number after cleaning (got {cleaned!r})")


def _has_han(text: str) -> bool:
    return any("\u4e00" <= character <= "\u9fff" for character in text)


def normalise_name(text: object) -> str | None:
    """Turn a personal name into a comparison key: pinyin syllables, sorted parts.

    A name in characters is read as a one-character surname followed by the
    given name: "王秀英" → surname ``wang``, given name ``xiuying``. A name in
    Latin letters is split at spaces: "Xiuying Wang" → ``xiuying``, ``wang``.
    The key is the parts in alphabetical order, lower case, without tone marks,
    so the order in which the parts were typed does not matter.

    A surname followed by a form of address (:data:`TITLES`, e.g. "王女士",
    "Ms Wang" is *not* recognised) gives the surname alone: ``"wang"``.
    Characters missing from :data:`NAME_PINYIN` are kept as they are, so such a
    name only matches the same characters.

    Parameters
    ----------
    text : str or None
        The name as typed. ``None``, NaN and blank text give ``None``.

    Returns
    -------
    str or None
        The key, e.g. ``"wang xiuying"``.

    Examples
    --------
    >>> normalise_name("王秀英")
    'wang xiuying'
    >>> normalise_name("Xiuying  WANG")
    'wang xiuying'
    >>> normalise_name("王 秀瑛")
    'wang xiuying'
    >>> normalise_name("王女士")
    'wang'
    >>> normalise_name("Lǚ Xiù-yīng")
    'lu xiuying'
    >>> normalise_name("  ") is None
    True
    """
    if _is_missing(text):
        return None
    if not isinstance(text, str):
        raise ValueError(f"name must be text, got {text!r}")
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if cleaned == "":
        return None
    if _has_han(cleaned):
        characters = re.sub(r"[\s·•.]", "", cleaned)
        for title in TITLES:
            if characters.endswith(title) and len(characters) > len(title):
                characters = characters[: -len(title)]
                return NAME_PINYIN.get(characters[0], characters[0]) if len(characters) == 1 else _han_key(characters)
        return _han_key(characters)
    decomposed = unicodedata.normalize("NFKD", cleaned.lower())
    letters = "".join(character for character in decomposed if not unicodedata.combining(character))
    letters = letters.replace("-", "").replace("'", "")
    parts = [part for part in re.split(r"[\s,]+", letters) if part]
    return " ".join(sorted(parts))


def _han_key(characters: str) -> str:
    syllables = [NAME_PINYIN.get(character, character) for character in characters]
    surname, given = syllables[0], "".join(syllables[1:])
    parts = [surname] + ([given] if given else [])
    return " ".join(sorted(parts))


def names_agree(first: str | None, second: str | None, threshold: float = 0.8) -> bool:
    """Decide whether two name keys (from :func:`normalise_name`) may be the same person.

    They agree if they are equal; if one is a single part (a surname typed with
    a title, "王女士" → ``"wang"``) that appears among the other's parts; or if
    their similarity (``difflib.SequenceMatcher`` ratio) is at least
    ``threshold``, which absorbs a typing error in pinyin. A missing name
    agrees with nothing.

    Examples
    --------
    >>> names_agree("wang xiuying", "wang xiuying")
    True
    >>> names_agree("wang", "wang xiuying")
    True
    >>> names_agree("wang xiuyng", "wang xiuying")
    True
    >>> names_agree("li wei", "wang xiuying")
    False
    >>> names_agree(None, "wang xiuying")
    False
    """
    check_share(threshold, "threshold")
    for argument, value in (("first", first), ("second", second)):
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{argument} must be a name key (text) or None, got {value!r}")
    if first is None or second is None:
        return False
    if first == second:
        return True
    first_parts, second_parts = first.split(), second.split()
    if len(first_parts) == 1 and first_parts[0] in second_parts:
        return True
    if len(second_parts) == 1 and second_parts[0] in first_parts:
        return True
    return difflib.SequenceMatcher(None, first, second).ratio() >= threshold


def _one_edit_variants(phone: str) -> set[str]:
    """All 11-digit numbers one typing error away: a wrong digit, two swapped, one dropped or doubled."""
    variants = set()
    if len(phone) == 11:
        for position in range(11):
            for digit in "0123456789":
                if digit != phone[position]:
                    variants.add(phone[:position] + digit + phone[position + 1:])
        for position in range(10):
            swapped = phone[:position] + phone[position + 1] + phone[position] + phone[position + 2:]
            if swapped != phone:
                variants.add(swapped)
    elif len(phone) == 10:
        for position in range(11):
            for digit in "0123456789":
                variants.add(phone[:position] + digit + phone[position:])
    elif len(phone) == 12:
        for position in range(12):
            variants.add(phone[:position] + phone[position + 1:])
    return {variant for variant in variants if _MOBILE.fullmatch(variant)}


#: The rules :func:`link_records` applies, in order, and what each means.
RULES = {
    "phone": "the cleaned phone equals the phone of exactly one account",
    "shared phone + name": "several accounts share the phone; the name picks exactly one",
    "phone typo + name": "the phone is one typing error away from an account whose name agrees",
    "masked phone + name": "first 3 and last 4 digits agree (a masked number) and so does the name",
    "name only": "the name key equals that of exactly one account (only with name_only=True)",
    "unmatched": "no rule found exactly one account",
}


def link_records(
    records: pd.DataFrame,
    accounts: pd.DataFrame,
    *,
    record_id: str,
    name: str = "name",
    phone: str = "phone",
    account_id: str = "customer_id",
    account_name: str = "name",
    account_phone: str = "phone",
    name_only: bool = False,
) -> pd.DataFrame:
    """Link each record of one department to an account of the order system.

    Both tables' phones and names are cleaned (:func:`normalise_phone` with
    ``errors="missing"``, :func:`normalise_name`). Then each record gets the
    first rule of :data:`RULES` that finds exactly one account:

    1. ``phone``: the cleaned phone equals one account's phone;
    2. ``shared phone + name``: several accounts share that phone (a
       household) and exactly one of them has an agreeing name;
    3. ``phone typo + name``: the phone is one typing error (a wrong, swapped,
       dropped or doubled digit) away from an account whose name agrees
       (:func:`names_agree`);
    4. ``masked phone + name``: the record has a masked number ``138****1234``
       and exactly one account with those digits has an agreeing name;
    5. ``name only`` (only if ``name_only=True``): exactly one account has the
       same name key. Common names are shared, so this rule trades precision for recall.

    Nothing is dropped: every record is in the result, those no rule could link
    with ``rule == "unmatched"`` and a missing ``customer_id``.

    Parameters
    ----------
    records : pandas.DataFrame
        The department's records, with columns ``record_id``, ``name`` and ``phone``.
    accounts : pandas.DataFrame
        The order system's accounts, with columns ``account_id``,
        ``account_name`` and ``account_phone``; ``account_id`` must be unique.
    record_id, name, phone : str
        Column names in ``records``.
    account_id, account_name, account_phone : str
        Column names in ``accounts``.
    name_only : bool
        Also link on a unique name alone (rule 5). Default False.

    Returns
    -------
    pandas.DataFrame
        One row per record, in the records' order, with columns ``record_id``
        (named as in ``records``), ``customer_id`` (the linked account, or
        missing), ``rule`` (which rule linked it, or ``"unmatched"``),
        ``phone_clean`` and ``name_key``.

    Raises
    ------
    ValueError
        If a named column is missing, or if ``record_id`` or ``account_id`` has duplicates.

    Examples
    --------
    >>> accounts = pd.DataFrame({"customer_id": ["C1", "C2"],
    ...                          "name": ["王秀英", "李伟"],
    ...                          "phone": ["13800131234", "13900005678"]})
    >>> tickets = pd.DataFrame({"ticket_id": ["T1", "T2", "T3", "T4"],
    ...                         "name": ["Xiuying Wang", "李先生", "王女士", "张敏"],
    ...                         "phone": ["+86 138 0013 1234", "13900005687", "138****1234", None]})
    >>> links = link_records(tickets, accounts, record_id="ticket_id")
    >>> links[["ticket_id", "customer_id", "rule"]]
      ticket_id customer_id                 rule
    0        T1          C1                phone
    1        T2          C2    phone typo + name
    2        T3          C1  masked phone + name
    3        T4         NaN            unmatched
    """
    check_column_names(record_id=record_id, name=name, phone=phone, account_id=account_id, account_name=account_name,
                       account_phone=account_phone)
    if not isinstance(name_only, bool):
        raise ValueError(f"name_only must be True or False, got {name_only!r}")
    require_columns(records, [record_id, name, phone], "records")
    require_columns(accounts, [account_id, account_name, account_phone], "accounts")
    id_column(records, record_id, "records")
    id_column(accounts, account_id, "accounts")
    if records[record_id].duplicated().any():
        duplicated = records.loc[records[record_id].duplicated(), record_id].iloc[0]
        raise ValueError(f"records column {record_id!r} has duplicates, e.g. {duplicated!r}")
    if accounts[account_id].duplicated().any():
        duplicated = accounts.loc[accounts[account_id].duplicated(), account_id].iloc[0]
        raise ValueError(f"accounts column {account_id!r} has duplicates, e.g. {duplicated!r}")

    account_phones = [normalise_phone(value, errors="missing") for value in accounts[account_phone]]
    account_keys = [normalise_name(value) for value in accounts[account_name]]
    account_ids = list(accounts[account_id])
    by_phone: dict[str, list[int]] = {}
    by_masked: dict[str, list[int]] = {}
    by_name: dict[str, list[int]] = {}
    for index, (number, key) in enumerate(zip(account_phones, account_keys)):
        if number is not None and "*" not in number:
            by_phone.setdefault(number, []).append(index)
            by_masked.setdefault(number[:3] + "****" + number[-4:], []).append(index)
        if key is not None:
            by_name.setdefault(key, []).append(index)

    rows = []
    for raw_id, raw_name, raw_phone in zip(records[record_id], records[name], records[phone]):
        number = normalise_phone(raw_phone, errors="missing")
        if number is None and not _is_missing(raw_phone):
            # Keep the digits of a number with a digit too few or too many: rule 3 may still place it.
            digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", str(raw_phone)))
            if len(digits) in (12, 13) and digits.startswith("86"):
                digits = digits[2:]
            number = digits if len(digits) in (10, 12) and digits.startswith("1") else None
        key = normalise_name(raw_name)
        found, rule = _link_one(number, key, by_phone, by_masked, by_name, account_keys, name_only)
        clean = number if number is not None and (_MOBILE.fullmatch(number) or _MASKED_MOBILE.fullmatch(number)) else None
        rows.append((raw_id, account_ids[found] if found is not None else None, rule, clean, key))
    links = pd.DataFrame(rows, columns=[record_id, "customer_id", "rule", "phone_clean", "name_key"])
    links["customer_id"] = links["customer_id"].astype("str")
    return links


def _link_one(
    number: str | None,
    key: str | None,
    by_phone: dict[str, list[int]],
    by_masked: dict[str, list[int]],
    by_name: dict[str, list[int]],
    account_keys: list[str | None],
    name_only: bool,
) -> tuple[int | None, str]:
    if number is not None and "*" not in number:
        candidates = by_phone.get(number, [])
        if len(candidates) == 1:
            return candidates[0], "phone"
        if len(candidates) > 1:
            agreeing = [index for index in candidates if names_agree(key, account_keys[index])]
            if len(agreeing) == 1:
                return agreeing[0], "shared phone + name"
            return None, "unmatched"
        near = sorted({index for variant in _one_edit_variants(number) for index in by_phone.get(variant, [])})
        agreeing = [index for index in near if names_agree(key, account_keys[index])]
        if len(agreeing) == 1:
            return agreeing[0], "phone typo + name"
    if number is not None and "*" in number:
        candidates = by_masked.get(number, [])
        agreeing = [index for index in candidates if names_agree(key, account_keys[index])]
        if len(agreeing) == 1:
            return agreeing[0], "masked phone + name"
    if name_only and key is not None and len(key.split()) > 1:
        candidates = by_name.get(key, [])
        if len(candidates) == 1:
            return candidates[0], "name only"
    return None, "unmatched"


def link_summary(links: pd.DataFrame) -> pd.DataFrame:
    """Count the records each rule linked, and the unmatched ones.

    Parameters
    ----------
    links : pandas.DataFrame
        The result of :func:`link_records`.

    Returns
    -------
    pandas.DataFrame
        One row per rule in the order of :data:`RULES` (rules that linked
        nothing included), with columns ``rule``, ``records``, ``share`` and
        ``meaning``; the shares add up to 1.

    Examples
    --------
    >>> links = pd.DataFrame({"rule": ["phone", "phone", "unmatched"], "customer_id": ["C1", "C2", None]})
    >>> summary = link_summary(links)
    >>> dict(zip(summary["rule"], summary["records"]))["phone"]
    2
    >>> float(summary["share"].sum())
    1.0
    """
    require_columns(links, ["rule"], "links")
    unknown = sorted(set(links["rule"]) - set(RULES))
    if unknown:
        raise ValueError(f"links column 'rule' has unknown values {unknown}; expected {list(RULES)}")
    counts = links["rule"].value_counts()
    table = pd.DataFrame({"rule": list(RULES)})
    table["records"] = [int(counts.get(rule, 0)) for rule in RULES]
    table["share"] = (table["records"] / max(len(links), 1)).round(4)
    table["meaning"] = [RULES[rule] for rule in RULES]
    return table


def link_quality(links: pd.DataFrame, answer_key: pd.DataFrame, record_id: str, linkable: pd.Series | None = None) -> dict[str, float]:
    """Score a linking against the answer key: precision and recall.

    - **Precision** (查准率): of the links made, the share that are right.
    - **Recall** (查全率): of the records that *could* be linked (their person
      has an account), the share linked to the right account.

    Parameters
    ----------
    links : pandas.DataFrame
        Columns ``record_id`` and ``customer_id`` (missing = not linked).
    answer_key : pandas.DataFrame
        Columns ``record_id`` (named as in ``links``) and ``customer_id``: the
        true customer (missing for a person with no account). Must cover every linked record.
    record_id : str
        The record-id column.
    linkable : pandas.Series of str, optional
        The account ids that exist. A record whose true customer is not among
        them cannot be linked and is left out of recall. Default: every true
        customer in the answer key is linkable.

    Returns
    -------
    dict
        ``links`` (number made), ``correct``, ``linkable`` (records that could
        be linked), ``precision`` and ``recall`` (rounded to 4 decimals).

    Raises
    ------
    ValueError
        If a record of ``links`` is missing from the answer key.

    Examples
    --------
    >>> links = pd.DataFrame({"id": [1, 2, 3, 4], "customer_id": ["C1", "C9", None, None]})
    >>> key = pd.DataFrame({"id": [1, 2, 3, 4], "customer_id": ["C1", "C2", "C3", None]})
    >>> link_quality(links, key, "id")
    {'links': 2, 'correct': 1, 'linkable': 3, 'precision': 0.5, 'recall': 0.3333}
    """
    check_column_names(record_id=record_id)
    require_columns(links, [record_id, "customer_id"], "links")
    require_columns(answer_key, [record_id, "customer_id"], "answer_key")
    id_column(links, record_id, "links")
    id_column(answer_key, record_id, "answer_key")
    if answer_key[record_id].duplicated().any():
        duplicated = answer_key.loc[answer_key[record_id].duplicated(), record_id].iloc[0]
        raise ValueError(f"answer_key[{record_id!r}] has duplicates, e.g. {duplicated!r}")
    truth = answer_key.set_index(record_id)["customer_id"]
    missing = links.loc[~links[record_id].isin(truth.index), record_id]
    if len(missing):
        raise ValueError(f"links[{record_id!r}]: {len(missing)} of {len(links)} linked records are not in the answer key "
                         f"(answer_key[{record_id!r}]), e.g. {missing.iloc[0]!r}")
    true_ids = truth.reindex(links[record_id]).to_numpy()
    made = links["customer_id"].notna().to_numpy()
    correct = made & (links["customer_id"].to_numpy() == true_ids)
    has_truth = pd.notna(true_ids)
    if linkable is not None:
        has_truth = has_truth & pd.Series(true_ids).isin(set(linkable)).to_numpy()
    n_links, n_correct, n_linkable = int(made.sum()), int(correct.sum()), int(has_truth.sum())
    return {
        "links": n_links,
        "correct": n_correct,
        "linkable": n_linkable,
        "precision": round(n_correct / n_links, 4) if n_links else float("nan"),
        "recall": round(n_correct / n_linkable, 4) if n_linkable else float("nan"),
    }


def unified_view(
    accounts: pd.DataFrame,
    tickets: pd.DataFrame,
    ticket_links: pd.DataFrame,
    contacts: pd.DataFrame,
    contact_links: pd.DataFrame,
    recent_since: str = "2025-12-01",
) -> pd.DataFrame:
    """Build the unified customer view (统一客户视图): one row per account.

    Parameters
    ----------
    accounts : pandas.DataFrame
        The order system's ``sales_accounts``: ``customer_id``, ``name``,
        ``orders``, ``spend``, ``last_order_date``, ``marketing_opt_in``.
    tickets : pandas.DataFrame
        ``service_tickets``: ``ticket_id``, ``complaint``, ``status``, ``satisfaction``.
    ticket_links : pandas.DataFrame
        :func:`link_records` of the tickets (``ticket_id``, ``customer_id``).
    contacts : pandas.DataFrame
        ``marketing_contacts``: ``contact_id``, ``messages_sent_2025``, ``last_message_date``.
    contact_links : pandas.DataFrame
        :func:`link_records` of the contacts (``contact_id``, ``customer_id``).
    recent_since : str
        First day of the "recent" window for ``messaged_recently``.

    Returns
    -------
    pandas.DataFrame
        One row per account, sorted by ``spend`` descending, with the account's
        columns plus ``tickets``, ``complaints``, ``open_complaints``,
        ``mean_satisfaction`` (NaN if never rated), ``list_entries`` (marketing
        records linked to the customer), ``messages_sent_2025``,
        ``messaged_recently`` (a message on or after ``recent_since``).
        Records that are not linked to an account cannot enter the view; their
        numbers are in ``view.attrs["left_out"]`` (a dict: ``service_tickets``,
        ``marketing_contacts``), so nothing is dropped silently.

    Raises
    ------
    ValueError
        If a table lacks a column it needs, or a link points to an unknown account.

    Examples
    --------
    >>> accounts = pd.DataFrame({"customer_id": ["C1", "C2"], "name": ["王秀英", "李伟"],
    ...     "orders": [5, 1], "spend": [900.0, 80.0],
    ...     "last_order_date": pd.to_datetime(["2025-11-11", "2024-06-18"]), "marketing_opt_in": [True, False]})
    >>> tickets = pd.DataFrame({"ticket_id": ["T1", "T2"], "complaint": [True, False],
    ...     "status": ["open", "resolved"], "satisfaction": pd.array([pd.NA, 4], dtype="Int64")})
    >>> ticket_links = pd.DataFrame({"ticket_id": ["T1", "T2"], "customer_id": ["C1", None]})
    >>> contacts = pd.DataFrame({"contact_id": ["M1"], "messages_sent_2025": [12],
    ...     "last_message_date": pd.to_datetime(["2025-12-20"])})
    >>> contact_links = pd.DataFrame({"contact_id": ["M1"], "customer_id": ["C1"]})
    >>> view = unified_view(accounts, tickets, ticket_links, contacts, contact_links)
    >>> view[["customer_id", "spend", "open_complaints", "messages_sent_2025", "messaged_recently"]]
      customer_id  spend  open_complaints  messages_sent_2025  messaged_recently
    0          C1  900.0                1                  12               True
    1          C2   80.0                0                   0              False
    >>> view.attrs["left_out"]
    {'service_tickets': 1, 'marketing_contacts': 0}
    """
    require_columns(accounts, ["customer_id", "name", "orders", "spend", "last_order_date", "marketing_opt_in"], "accounts")
    require_columns(tickets, ["ticket_id", "complaint", "status", "satisfaction"], "tickets")
    require_columns(ticket_links, ["ticket_id", "customer_id"], "ticket_links")
    require_columns(contacts, ["contact_id", "messages_sent_2025", "last_message_date"], "contacts")
    require_columns(contact_links, ["contact_id", "customer_id"], "contact_links")
    id_column(accounts, "customer_id", "accounts")
    number_column(accounts, "orders", "accounts", low=0)
    number_column(accounts, "spend", "accounts")
    accounts = accounts.assign(last_order_date=date_column(accounts, "last_order_date", "accounts", allow_missing=True))
    bool_column(accounts, "marketing_opt_in", "accounts")
    id_column(tickets, "ticket_id", "tickets")
    complaint = bool_column(tickets, "complaint", "tickets")
    label_column(tickets, "status", "tickets")
    number_column(tickets, "satisfaction", "tickets", allow_missing=True)
    id_column(ticket_links, "ticket_id", "ticket_links")
    id_column(contacts, "contact_id", "contacts")
    as_whole_array(contacts["messages_sent_2025"], "contacts['messages_sent_2025']")
    last_message = date_column(contacts, "last_message_date", "contacts", allow_missing=True)
    id_column(contact_links, "contact_id", "contact_links")
    recent = as_date(recent_since, "recent_since")
    tickets = tickets.assign(complaint=complaint)
    contacts = contacts.assign(last_message_date=last_message)
    known = set(accounts["customer_id"])
    for argument, links in (("ticket_links", ticket_links), ("contact_links", contact_links)):
        linked = links["customer_id"].dropna()
        unknown = linked[~linked.isin(known)]
        if len(unknown):
            raise ValueError(f"{argument} points to {len(unknown)} unknown accounts, e.g. {unknown.iloc[0]!r}")

    linked_tickets = tickets.merge(ticket_links[["ticket_id", "customer_id"]], on="ticket_id", how="left", validate="one_to_one")
    linked_contacts = contacts.merge(contact_links[["contact_id", "customer_id"]], on="contact_id", how="left", validate="one_to_one")
    left_out = {
        "service_tickets": int(linked_tickets["customer_id"].isna().sum()),
        "marketing_contacts": int(linked_contacts["customer_id"].isna().sum()),
    }
    linked_tickets = linked_tickets.dropna(subset=["customer_id"])
    linked_contacts = linked_contacts.dropna(subset=["customer_id"])

    linked_tickets = linked_tickets.assign(
        open_complaint=linked_tickets["complaint"] & (linked_tickets["status"] == "open"),
        rating=linked_tickets["satisfaction"].astype("float64"),
    )
    service = linked_tickets.groupby("customer_id").agg(
        tickets=("ticket_id", "size"),
        complaints=("complaint", "sum"),
        open_complaints=("open_complaint", "sum"),
        mean_satisfaction=("rating", "mean"),
    )
    linked_contacts = linked_contacts.assign(recent=linked_contacts["last_message_date"] >= recent)
    marketing = linked_contacts.groupby("customer_id").agg(
        list_entries=("contact_id", "size"),
        messages_sent_2025=("messages_sent_2025", "sum"),
        messaged_recently=("recent", "any"),
    )
    columns = ["customer_id", "name", "orders", "spend", "last_order_date", "marketing_opt_in"]
    view = accounts[columns].merge(service, left_on="customer_id", right_index=True, how="left")
    view = view.merge(marketing, left_on="customer_id", right_index=True, how="left")
    for column in ("tickets", "complaints", "open_complaints", "list_entries", "messages_sent_2025"):
        view[column] = view[column].fillna(0).astype("int64")
    view["messaged_recently"] = view["messaged_recently"].fillna(False).astype("bool")
    view["mean_satisfaction"] = view["mean_satisfaction"].round(2)
    view = view.sort_values(["spend", "customer_id"], ascending=[False, True], ignore_index=True)
    view.attrs["left_out"] = left_out
    return view
