"""Record linkage and the unified customer view (crmkit.customer_view), checked against the answer key."""

import pandas as pd
import pytest

from crmkit import data
from crmkit.customer_view import (
    NAME_PINYIN,
    RULES,
    link_quality,
    link_records,
    link_summary,
    names_agree,
    normalise_name,
    normalise_phone,
    unified_view,
)
from crmkit.synth import departments


@pytest.fixture(scope="module")
def tables():
    return {name: data.load(name) for name in ("sales_accounts", "service_tickets", "marketing_contacts", "department_links")}


@pytest.fixture(scope="module")
def ticket_links(tables):
    return link_records(tables["service_tickets"], tables["sales_accounts"], record_id="ticket_id", name="caller_name")


@pytest.fixture(scope="module")
def contact_links(tables):
    return link_records(tables["marketing_contacts"], tables["sales_accounts"], record_id="contact_id")


def answer_key(tables, source, record_id):
    key = tables["department_links"]
    return key[key["source"] == source].rename(columns={"record_id": record_id})


# --- cleaning keys -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["13800131234", "138 0013 1234", "138-0013-1234", "+86 13800131234", "86-13800131234", "0086 138 0013 1234",
     "１３８００１３１２３４", "(138) 0013.1234", " 13800131234 "],
)
def test_every_way_of_typing_a_phone_gives_the_same_number(typed):
    assert normalise_phone(typed) == "13800131234"


@pytest.mark.parametrize("missing", [None, "", "   ", float("nan"), pd.NA])
def test_a_missing_phone_is_none(missing):
    assert normalise_phone(missing) is None


@pytest.mark.parametrize("bad", ["1380013123", "138001312345", "23800131234", "phone", "138-0013-12x4"])
def test_a_phone_that_is_not_a_mobile_number_raises_or_is_reported_missing(bad):
    with pytest.raises(ValueError, match="not an 11-digit mobile number"):
        normalise_phone(bad)
    assert normalise_phone(bad, errors="missing") is None


def test_phone_errors_argument_is_checked():
    with pytest.raises(ValueError, match="errors must be"):
        normalise_phone("13800131234", errors="ignore")


def test_masked_phone_is_kept_masked():
    assert normalise_phone("＋86 138****1234") == "138****1234"


@pytest.mark.parametrize(
    "typed",
    ["王秀英", "王 秀英", "王秀瑛", "Wang Xiuying", "Xiuying Wang", "WANG Xiuying", "wang  xiu-ying", "Wáng Xiùyīng"],
)
def test_every_way_of_writing_a_name_gives_the_same_key(typed):
    assert normalise_name(typed) == "wang xiuying"


def test_surname_with_title_gives_the_surname():
    assert normalise_name("王女士") == "wang"
    assert normalise_name("李先生") == "li"


def test_name_that_is_not_text_is_named_in_the_error():
    with pytest.raises(ValueError, match="name must be text"):
        normalise_name(42)


def test_generator_uses_only_characters_the_pinyin_table_knows():
    used = set(departments.SURNAMES + departments.GIVEN_FEMALE + departments.GIVEN_MALE)
    used |= set(departments.HOMOPHONES.values())
    assert used <= set(NAME_PINYIN), f"characters without pinyin: {sorted(used - set(NAME_PINYIN))}"
    for original, typo in departments.HOMOPHONES.items():
        assert NAME_PINYIN[original] == NAME_PINYIN[typo], f"{original}->{typo} is not a homophone"


def test_names_agree_tolerates_one_typo_but_not_another_person():
    assert names_agree("wang xiuying", "wang xiuyng")
    assert not names_agree("wang xiuying", "wang wei")
    assert not names_agree(None, None)


# --- linking ---------------------------------------------------------------------------------------


def small_accounts():
    return pd.DataFrame(
        {"customer_id": ["C1", "C2", "C3", "C4"], "name": ["王秀英", "李伟", "张敏", "张军"],
         "phone": ["13800131234", "13900005678", "18611112222", "18611112222"]}
    )


def test_each_rule_links_what_it_should():
    records = pd.DataFrame(
        {
            "id": ["phone", "household", "typo", "dropped", "masked", "nothing", "ambiguous"],
            "name": ["Xiuying Wang", "张军", "李先生", "王秀英", "王女士", "赵丽", "刘强"],
            "phone": ["+86 138 0013 1234", "18611112222", "13900005687", "1380013234", "138****1234", None, "18611112222"],
        }
    )
    links = link_records(records, small_accounts(), record_id="id")
    got = dict(zip(links["id"], zip(links["customer_id"].fillna("-"), links["rule"])))
    assert got["phone"] == ("C1", "phone")
    assert got["household"] == ("C4", "shared phone + name")
    assert got["typo"] == ("C2", "phone typo + name")
    assert got["dropped"] == ("C1", "phone typo + name")
    assert got["masked"] == ("C1", "masked phone + name")
    assert got["nothing"] == ("-", "unmatched")
    assert got["ambiguous"] == ("-", "unmatched"), "a shared phone with a name that fits neither account must not be guessed"


def test_a_phone_typo_with_a_different_name_is_not_linked():
    records = pd.DataFrame({"id": ["x"], "name": ["赵丽"], "phone": ["13900005687"]})
    links = link_records(records, small_accounts(), record_id="id")
    assert links["rule"].iloc[0] == "unmatched"


def test_name_only_links_unique_names_and_refuses_shared_ones():
    accounts = pd.concat([small_accounts(), pd.DataFrame({"customer_id": ["C5"], "name": ["李伟"], "phone": ["13700000000"]})])
    records = pd.DataFrame({"id": ["a", "b"], "name": ["Min Zhang", "李伟"], "phone": [None, None]})
    assert (link_records(records, accounts, record_id="id")["rule"] == "unmatched").all()
    links = link_records(records, accounts, record_id="id", name_only=True)
    assert list(links["customer_id"].fillna("-")) == ["C3", "-"]


def test_nothing_is_dropped_and_order_is_kept(tables, ticket_links):
    assert list(ticket_links["ticket_id"]) == list(tables["service_tickets"]["ticket_id"])
    summary = link_summary(ticket_links)
    assert summary["records"].sum() == len(tables["service_tickets"])
    assert list(summary["rule"]) == list(RULES)


def test_missing_columns_and_duplicate_ids_are_named():
    accounts = small_accounts()
    with pytest.raises(ValueError, match="records lacks the column"):
        link_records(pd.DataFrame({"id": [1]}), accounts, record_id="id")
    with pytest.raises(ValueError, match="has duplicates"):
        link_records(pd.DataFrame({"id": [1, 1], "name": ["a", "b"], "phone": [None, None]}), accounts, record_id="id")
    with pytest.raises(ValueError, match="unknown values"):
        link_summary(pd.DataFrame({"rule": ["telepathy"]}))


def test_linking_tickets_is_precise_and_finds_most_of_them(tables, ticket_links):
    quality = link_quality(ticket_links, answer_key(tables, "service_tickets", "ticket_id"), "ticket_id")
    assert quality["precision"] == 1.0, quality
    assert 0.75 < quality["recall"] < 0.90, quality


def test_linking_contacts_is_precise_and_limited_by_missing_phones(tables, contact_links):
    quality = link_quality(contact_links, answer_key(tables, "marketing_contacts", "contact_id"), "contact_id")
    assert quality["precision"] == 1.0, quality
    assert 0.55 < quality["recall"] < 0.75, quality


def test_name_only_raises_recall_and_costs_precision(tables):
    key = answer_key(tables, "marketing_contacts", "contact_id")
    strict = link_quality(link_records(tables["marketing_contacts"], tables["sales_accounts"], record_id="contact_id"), key, "contact_id")
    loose = link_quality(
        link_records(tables["marketing_contacts"], tables["sales_accounts"], record_id="contact_id", name_only=True), key, "contact_id"
    )
    assert loose["recall"] > strict["recall"] + 0.05
    assert loose["precision"] < strict["precision"]
    assert loose["precision"] > 0.95


def test_link_quality_counts_by_hand():
    links = pd.DataFrame({"id": ["a", "b", "c", "d", "e"], "customer_id": ["C1", "C2", None, "C9", None]})
    key = pd.DataFrame({"id": ["a", "b", "c", "d", "e"], "customer_id": ["C1", "C3", "C4", "C9", None]})
    assert link_quality(links, key, "id") == {"links": 3, "correct": 2, "linkable": 4, "precision": 0.6667, "recall": 0.5}
    assert link_quality(links, key, "id", linkable=pd.Series(["C1", "C9"]))["recall"] == 1.0
    with pytest.raises(ValueError, match="not in the answer key"):
        link_quality(links, key.iloc[:2], "id")


# --- the unified view ----------------------------------------------------------------------------------


def test_unified_view_has_one_row_per_account_and_accounts_for_every_record(tables, ticket_links, contact_links):
    view = unified_view(tables["sales_accounts"], tables["service_tickets"], ticket_links, tables["marketing_contacts"], contact_links)
    assert len(view) == len(tables["sales_accounts"]) and view["customer_id"].is_unique
    left_out = view.attrs["left_out"]
    assert view["tickets"].sum() + left_out["service_tickets"] == len(tables["service_tickets"])
    assert view["list_entries"].sum() + left_out["marketing_contacts"] == len(tables["marketing_contacts"])
    assert view["spend"].is_monotonic_decreasing


def test_unified_view_matches_the_truth_for_linked_records(tables, ticket_links, contact_links):
    view = unified_view(tables["sales_accounts"], tables["service_tickets"], ticket_links, tables["marketing_contacts"], contact_links)
    key = answer_key(tables, "service_tickets", "ticket_id")
    true_counts = key.merge(ticket_links, on="ticket_id", suffixes=("_true", ""))
    true_counts = true_counts[true_counts["customer_id"].notna()].groupby("customer_id_true").size()
    counted = view.set_index("customer_id")["tickets"]
    assert (counted[true_counts.index] == true_counts).all()


def test_unified_view_refuses_links_to_unknown_accounts(tables, contact_links):
    bad = pd.DataFrame({"ticket_id": ["T00001"], "customer_id": ["C99999"]})
    with pytest.raises(ValueError, match="unknown accounts"):
        unified_view(tables["sales_accounts"], tables["service_tickets"].head(1), bad, tables["marketing_contacts"], contact_links)


# --- the data: department tables agree with customers and orders -------------------------------------------


def test_sales_accounts_agree_with_orders(tables):
    orders = data.load("orders")
    customers = data.load("customers").set_index("customer_id")
    accounts = tables["sales_accounts"].set_index("customer_id")
    totals = orders.groupby("customer_id").agg(orders=("order_id", "size"), spend=("amount", "sum"))
    assert set(accounts.index) == set(totals.index), "sales_accounts must hold exactly the buyers"
    assert (accounts["orders"] == totals.loc[accounts.index, "orders"]).all()
    assert (accounts["spend"] - totals.loc[accounts.index, "spend"]).abs().max() < 0.01
    assert (accounts["marketing_opt_in"] == customers.loc[accounts.index, "marketing_opt_in"]).all()


def test_answer_key_covers_every_record_and_points_to_accounts(tables):
    key = tables["department_links"]
    assert set(key.loc[key["source"] == "service_tickets", "record_id"]) == set(tables["service_tickets"]["ticket_id"])
    assert set(key.loc[key["source"] == "marketing_contacts", "record_id"]) == set(tables["marketing_contacts"]["contact_id"])
    linked = key["customer_id"].dropna()
    assert linked.isin(tables["sales_accounts"]["customer_id"]).all()


def test_tickets_follow_an_order_of_their_customer(tables):
    key = answer_key(tables, "service_tickets", "ticket_id").dropna(subset=["customer_id"])
    tickets = tables["service_tickets"].merge(key, on="ticket_id")
    first = tables["sales_accounts"].set_index("customer_id")["first_order_date"]
    assert (tickets["opened_date"] >= tickets["customer_id"].map(first)).all()
    assert tickets["opened_date"].max() <= pd.Timestamp("2025-12-31")
