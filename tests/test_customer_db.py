"""The customer database of Chapter 3: constraints, loading, history, portrait, erasure, the form check."""

import duckdb
import pandas as pd
import pytest

from crmkit import customer_db as db
from crmkit import data
from crmkit.world import customer_info


@pytest.fixture(scope="module")
def fresh():
    """A factory of new databases (each test that changes data gets its own)."""
    return db.create_database


@pytest.fixture(scope="module")
def con():
    connection = db.create_database()
    yield connection
    connection.close()


# --- building it --------------------------------------------------------------------------------


def test_every_table_is_loaded_whole_and_nothing_is_refused(con):
    assert con.execute("SELECT count(*) FROM load_report").fetchone()[0] == 0
    for table, (dataset, _) in db.TABLES.items():
        if dataset is not None:
            rows = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            assert rows == data.card(dataset)["rows"], table
    assert con.execute("SELECT count(*) FROM customers").fetchone()[0] == data.card("customers")["rows"]


@pytest.mark.parametrize(
    "sql, words",
    [
        ("INSERT INTO customers (customer_id, name, phone, signup_date) VALUES ('C00001', 'x', '13900000000', DATE '2024-01-01')", "Duplicate key"),
        ("INSERT INTO orders VALUES ('O999999', 'C99999', DATE '2025-01-01', 10, 0, 1, 'app', 'none')", "foreign key"),
        ("INSERT INTO orders VALUES ('O999999', 'C00001', DATE '2025-01-01', -10, 0, 1, 'app', 'none')", "amount >= 0"),
        ("INSERT INTO orders VALUES ('O999999', 'C00001', NULL, 10, 0, 1, 'app', 'none')", "NOT NULL"),
        ("INSERT INTO customers (customer_id, name, phone, signup_date) VALUES ('C99998', 'x', '12345', DATE '2024-01-01')", "phone"),
        ("UPDATE profiles SET life_stage = 'single' WHERE NOT profile_consent AND customer_id = 'C00001'", "profile_consent"),
    ],
)
def test_the_engine_refuses_bad_rows(con, sql, words):
    with pytest.raises(duckdb.ConstraintException, match=words):
        con.execute(sql)


def test_load_rows_loads_the_good_rows_and_reports_each_refused_one(fresh):
    con = fresh()
    rows = pd.DataFrame({
        "order_id": ["O900001", "O900002", "O000001", "O900003"],
        "customer_id": ["C00001", "C99999", "C00001", "C00002"],
        "order_date": pd.to_datetime(["2026-01-02"] * 4),
        "amount": [88.0, 50.0, 10.0, -1.0], "discount": [0.0] * 4, "items": [1] * 4,
    })
    report = db.load_rows(con, "orders", rows)
    assert report["status"].tolist() == ["loaded", "refused", "refused", "refused"]
    assert "foreign key" in report.loc[1, "reason"] and "Duplicate key" in report.loc[2, "reason"]
    assert "CHECK" in report.loc[3, "reason"]
    assert con.execute("SELECT count(*) FROM orders WHERE order_id LIKE 'O9%'").fetchone()[0] == 1


def test_load_rows_names_a_bad_table_or_column(con):
    with pytest.raises(ValueError, match="table must be one of.*'ordres'"):
        db.load_rows(con, "ordres", pd.DataFrame({"order_id": ["x"]}))
    with pytest.raises(ValueError, match=r"1 column\(s\).*'colour'"):
        db.load_rows(con, "orders", pd.DataFrame({"order_id": ["x"], "colour": ["red"]}))


def test_a_file_that_already_holds_the_database_is_refused(tmp_path):
    path = str(tmp_path / "shop.duckdb")
    db.create_database(path).close()
    with pytest.raises(ValueError, match="already holds"):
        db.create_database(path)


# --- the read-only connection over the data sets ------------------------------------------------


def test_connect_sees_every_data_set_and_cannot_change_them():
    con = data.connect()
    for name in data.list_datasets()["name"]:
        assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == data.card(name)["rows"], name
    with pytest.raises(duckdb.Error, match="read-only"):
        con.execute("CREATE TABLE scratch AS SELECT 1")
    con.close()


# --- updates with history ------------------------------------------------------------------------


def test_the_committed_batch_is_refused_whole_with_a_reason_per_faulty_row(fresh):
    con = fresh()
    updates = data.load("customer_updates")
    report = db.apply_updates(con, updates)
    refused = report[report["status"] == "refused"]
    assert len(refused) == customer_info.PARAMS.invalid_updates
    assert (refused["reason"] != "").all()
    assert set(report["status"]) == {"refused", "not applied"}
    assert con.execute("SELECT count(*) FROM customer_history").fetchone()[0] == 0


def test_valid_updates_keep_the_old_values_with_validity_dates(fresh):
    con = fresh()
    batch = pd.DataFrame({
        "customer_id": ["C00001", "C00001", "C00001"],
        "column": ["city_tier", "city_tier", "phone"],
        "value": ["5", "3", "+86 139-0000-1111"],
        "changed_at": pd.to_datetime(["2025-06-01", "2024-02-01", "2024-03-01"]),
    })
    report = db.apply_updates(con, batch)
    assert (report["status"] == "applied").all()
    tier, phone = con.execute("SELECT city_tier, phone FROM customers WHERE customer_id = 'C00001'").fetchone()
    assert (tier, phone) == (5, "13900001111")
    history = con.execute(
        "SELECT old_value, valid_from::VARCHAR, valid_to::VARCHAR FROM customer_history "
        "WHERE column_name = 'city_tier' ORDER BY valid_to").fetchall()
    assert history == [("2", "2023-01-02", "2024-02-01"), ("3", "2024-02-01", "2025-06-01")]
    # a later batch may not back-date a change before the current value began
    late = pd.DataFrame({"customer_id": ["C00001"], "column": ["city_tier"], "value": ["1"],
                         "changed_at": pd.to_datetime(["2025-01-01"])})
    refused = db.apply_updates(con, late)
    assert refused.loc[0, "status"] == "refused" and "2025-06-01" in refused.loc[0, "reason"]


def test_apply_updates_names_missing_columns(con):
    with pytest.raises(ValueError, match="changed_at"):
        db.apply_updates(con, pd.DataFrame({"customer_id": ["C00001"], "column": ["phone"], "value": ["1"]}))


def test_data_quality_measures_each_column(con):
    quality = db.data_quality(con).set_index("column")
    assert quality.loc["customer_id", "uniqueness"] == 1.0
    email_share = data.load("customer_contacts")["email"].notna().mean()
    assert quality.loc["email", "completeness"] == pytest.approx(email_share, abs=1e-4)
    assert quality[["completeness", "validity", "uniqueness", "timeliness"]].stack().dropna().between(0, 1).all()
    with pytest.raises(ValueError, match="fresh_days"):
        db.data_quality(con, fresh_days=0)


# --- the portrait --------------------------------------------------------------------------------


def test_customer_card_agrees_with_the_data_sets(con):
    orders = data.load("orders")
    buyer = orders["customer_id"].value_counts().index[0]
    card = db.customer_card(con, buyer)
    own = orders[orders["customer_id"] == buyer]
    assert card["behaviour"]["orders"] == len(own)
    assert card["behaviour"]["total_spend"] == pytest.approx(own["amount"].sum(), abs=0.01)
    assert card["behaviour"]["first_order"] == str(own["order_date"].min().date())
    assert card["behaviour"]["last_order"] == str(own["order_date"].max().date())
    assert sum(card["behaviour"]["category_shares"].values()) == pytest.approx(1, abs=0.02)
    assert set(card) >= {"basic", "behaviour", "consent"} and card["basic"]["card_type"] == "current"


def test_card_types_follow_the_textbook(con):
    cards = con.execute("SELECT card_type, count(*) FROM customer_cards GROUP BY ALL").df().set_index("card_type")["count_star()"]
    orders = data.load("orders")
    never = data.card("customers")["rows"] - orders["customer_id"].nunique()
    assert cards["potential"] == never
    assert db.customer_card(con, "C00002")["basic"]["card_type"] == "potential"
    assert db.customer_card(con, "C00003")["basic"]["card_type"] == "lost"


def test_the_profile_shows_only_with_consent(con):
    profiles = data.load("customer_profiles")
    without = profiles.loc[~profiles["profile_consent"], "customer_id"].iloc[0]
    with_consent = profiles.loc[profiles["profile_consent"], "customer_id"].iloc[0]
    assert db.customer_card(con, without)["profile"] is None
    assert db.customer_card(con, with_consent)["profile"]["life_stage"] is not None


def test_an_unknown_customer_is_named(con):
    with pytest.raises(ValueError, match="C99999"):
        db.customer_card(con, "C99999")


# --- privacy -------------------------------------------------------------------------------------


def test_erasure_leaves_no_trace_and_keeps_the_totals(fresh):
    con = fresh()
    members = data.load("members")
    referrer = members["referred_by"].dropna().iloc[0]
    assert db.find_traces(con, referrer)
    totals = "SELECT round(sum(amount), 2), count(*) FROM orders"
    lines = "SELECT round(sum(paid_amount), 2), count(*) FROM order_lines"
    before, lines_before = con.execute(totals).fetchone(), con.execute(lines).fetchone()
    affected = db.erase_customer(con, referrer)
    assert affected["customers"] == 1 and affected["members (as referrer)"] >= 1
    assert db.find_traces(con, referrer) == {}
    assert con.execute(totals).fetchone() == before and con.execute(lines).fetchone() == lines_before
    pseudonym = con.execute("SELECT customer_id, name, phone, signup_date FROM customers WHERE erased").fetchall()
    assert pseudonym == [("X00001", None, None, None)]
    with pytest.raises(ValueError, match=referrer):
        db.erase_customer(con, referrer)
    with pytest.raises(ValueError, match="X00001"):
        db.erase_customer(con, "X00001")


def test_purpose_bound_views(con):
    audience = con.execute("SELECT count(*) FROM marketing_audience").fetchone()[0]
    assert audience == int(data.load("customers")["marketing_opt_in"].sum())
    analyst_columns = [row[0] for row in con.execute("DESCRIBE analyst_customers").fetchall()]
    assert not {"customer_id", "name", "phone", "email", "address", "birth_year"} & set(analyst_columns)
    consented = int(data.load("customer_profiles")["profile_consent"].sum())
    assert con.execute("SELECT count(*) FROM profile_analysis").fetchone()[0] == consented
    key = con.execute("SELECT person_key FROM analyst_customers LIMIT 1").fetchone()[0]
    assert key.startswith("P") and len(key) == 11


# --- the registration form -----------------------------------------------------------------------

SOUND_FORM = [
    {"name": "name", "category": "basic", "type": "text", "required": True, "sensitive": False, "purpose": "address the parcel"},
    {"name": "phone", "category": "basic", "type": "phone", "required": True, "sensitive": False, "purpose": "delivery notices"},
    {"name": "children_ages", "category": "basic", "type": "text", "required": False, "sensitive": True,
     "purpose": "age-suited gift suggestions", "necessity": "only to suggest gifts; nothing else works without it"},
    {"name": "sensitive_consent", "category": "consent", "type": "boolean", "required": False, "sensitive": False,
     "purpose": "separate consent for children's information", "consent_for": "children_ages"},
]


def test_a_sound_form_has_no_problems():
    assert db.check_form(SOUND_FORM) == []
    assert db.check_form(pd.DataFrame(SOUND_FORM)) == []


@pytest.mark.parametrize(
    "change, words",
    [
        ({1: {"purpose": ""}}, "field 'phone' has no stated purpose"),
        ({2: {"required": True}}, "'children_ages' is sensitive personal information but required"),
        ({2: {"necessity": ""}}, "'children_ages' is sensitive personal information without a stated necessity"),
        ({3: {"consent_for": ""}}, "'children_ages' is sensitive personal information not covered"),
        ({3: {"category": "basic"}}, "no consent item"),
        ({3: {"required": True}}, "consent item 'sensitive_consent' is required"),
        ({0: {"name": "id_number"}}, "'id_number' is information the shop does not need"),
        ({0: {"type": "photo"}}, "unknown type 'photo'"),
    ],
)
def test_each_fault_of_a_form_is_named(change, words):
    form = [dict(field) for field in SOUND_FORM]
    for index, values in change.items():
        form[index].update(values)
    problems = db.check_form(form)
    assert any(words in problem for problem in problems), problems


def test_check_form_refuses_a_malformed_table():
    with pytest.raises(ValueError, match="purpose"):
        db.check_form([{"name": "x", "category": "basic", "type": "text", "required": True, "sensitive": False}])
    bad = [dict(field) for field in SOUND_FORM]
    bad[0]["required"] = "yes"
    with pytest.raises(ValueError, match=r"fields\['required'\].*1 of 4 rows.*'yes'"):
        db.check_form(bad)
    with pytest.raises(ValueError, match="list of dicts"):
        db.check_form("name, phone")


# --- the data: built-in effects can be recovered -------------------------------------------------


def test_order_lines_add_up_to_the_orders():
    lines = data.load("order_lines")
    orders = data.load("orders").set_index("order_id")
    by_order = lines.groupby("order_id")
    assert set(by_order.groups) == set(orders.index)
    assert (by_order["paid_amount"].sum().round(2) - orders["amount"]).abs().max() < 0.005
    assert (by_order["quantity"].sum() == orders["items"]).all()


def test_category_shares_by_life_stage_recover_the_ground_truth():
    lines = data.load("order_lines").merge(data.load("orders")[["order_id", "customer_id"]], on="order_id")
    profiles = data.load("customer_profiles")
    customers = data.load("customers")[["customer_id", "city_tier"]]
    items = lines.merge(profiles, on="customer_id").merge(customers, on="customer_id")
    tier3 = items[items["profile_consent"] & (items["city_tier"] == 3)]
    for stage in ("young_family", "senior"):
        own = tier3[tier3["life_stage"] == stage]
        share = own.groupby("category", observed=True)["quantity"].sum() / own["quantity"].sum()
        truth = dict(zip(customer_info.CATEGORIES, customer_info.category_probabilities(customer_info.PARAMS, stage, 3)))
        for category in ("tea", "home"):
            assert share[category] == pytest.approx(truth[category], abs=0.06), (stage, category)


def test_contacts_look_fictional():
    contacts = data.load("customer_contacts")
    assert contacts["address"].str.contains("示例市示例路").all()
    assert contacts["email"].dropna().str.endswith("@example.com").all()
    accounts = data.load("sales_accounts").set_index("customer_id")
    non_buyers = contacts[~contacts["customer_id"].isin(accounts.index)]
    assert non_buyers["phone"].str[3:7].eq("0000").all()


@pytest.mark.parametrize(
    "change, words",
    [
        ({"confidence": 1.5}, "confidence must be in"),
        ({"replicates": 10}, "replicates must be at least 100"),
        ({"replicates": 2.5}, "replicates must be a whole number"),
    ],
)
def test_category_shares_names_bad_arguments(change, words):
    items = pd.DataFrame({"customer_id": ["a", "b"], "stage": ["x", "x"], "category": ["tea", "home"], "quantity": [1, 2]})
    with pytest.raises(ValueError, match=words):
        db.category_shares(items, "stage", **change)


def test_category_shares_names_bad_quantities():
    items = pd.DataFrame({"customer_id": ["a", "b", "c"], "stage": ["x"] * 3, "category": ["tea"] * 3, "quantity": [1, -2, "3"]})
    with pytest.raises(ValueError, match=r"items\[.quantity.\].*1 of 3 rows"):
        db.category_shares(items, "stage")


def test_bad_arguments_of_the_database_functions_are_named(con):
    with pytest.raises(ValueError, match="customer_id must be text"):
        db.customer_card(con, 3)
    with pytest.raises(ValueError, match="con must be a DuckDB connection"):
        db.customer_card("shop.duckdb", "C00001")
    with pytest.raises(ValueError, match="as_of must be a date"):
        db.data_quality(con, as_of=20251231)
    with pytest.raises(ValueError, match="path must be"):
        db.create_database("")
