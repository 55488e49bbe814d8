"""The customer database (客户数据库) on DuckDB: keys, constraints, history, the portrait and privacy.

Chapter 3 in code. :func:`create_database` builds the shop's customer database from the
data sets, with primary keys, foreign keys, NOT NULL and CHECK constraints, so that the
engine itself refuses a duplicate customer, an order for an unknown customer or a negative
amount. On top of it:

- :func:`load_rows` loads rows into a table and reports every refused row with its reason;
- :func:`apply_updates` changes customer attributes and keeps the old values with their
  validity dates (a *slowly changing dimension* of type 2), all or nothing;
- :func:`data_quality` measures completeness, validity, uniqueness and timeliness per column;
- :func:`customer_card` is one customer's portrait (客户画像) from every table;
- :func:`erase_customer` erases a customer on request: her personal data go, the shop's
  orders stay under a pseudonym;
- :func:`check_form` checks a customer information registration form (客户信息登记表)
  against the principles of minimal collection and consent of China's Personal Information
  Protection Law (个人信息保护法, PIPL).

The database also has views: ``roster`` (客户一览表), ``customer_cards`` (潜在/现有/流失客户卡),
``analyst_customers`` (pseudonymised, for analysts), ``marketing_audience`` (only customers whose
latest marketing consent is a yes) and ``profile_analysis`` (only customers who consented to profiling).

Examples
--------
>>> con = create_database()
>>> con.execute("SELECT count(*) FROM customers").fetchone()[0]
5000
>>> card = customer_card(con, "C00003")
>>> card["behaviour"]["orders"], card["basic"]["card_type"]
(5, 'lost')
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from crmkit import data
from crmkit._checks import (
    as_date,
    bool_column,
    check_choice,
    check_column_names,
    check_share,
    check_whole,
    id_column,
    label_column,
    number_column,
    require_columns,
)
from crmkit.customer_view import normalise_phone

__all__ = [
    "TABLES",
    "UPDATABLE",
    "FORM_CATEGORIES",
    "FORM_TYPES",
    "create_database",
    "load_rows",
    "apply_updates",
    "data_quality",
    "customer_card",
    "erase_customer",
    "pseudonym_key",
    "check_form",
    "category_shares",
    "find_traces",
]

#: The database's tables: the data set each is loaded from and its definition (columns and constraints).
TABLES: dict[str, tuple[str | None, str]] = {
    "customers": (
        None,
        """customer_id VARCHAR PRIMARY KEY CHECK (regexp_full_match(customer_id, '[CX][0-9]{5}')),
        name VARCHAR,
        phone VARCHAR CHECK (phone IS NULL OR regexp_full_match(phone, '1[0-9]{10}')),
        email VARCHAR CHECK (email IS NULL OR regexp_full_match(email, '[^@ ]+@[^@ ]+[.][a-z]+')),
        address VARCHAR,
        signup_date DATE,
        gender VARCHAR CHECK (gender IN ('F', 'M')),
        birth_year INTEGER CHECK (birth_year BETWEEN 1900 AND 2012),
        province VARCHAR,
        city_tier INTEGER CHECK (city_tier BETWEEN 1 AND 5),
        acquisition_channel VARCHAR,
        credit_level INTEGER CHECK (credit_level BETWEEN 1 AND 5),
        marketing_opt_in BOOLEAN,
        erased BOOLEAN NOT NULL DEFAULT false,
        CHECK (erased OR (name IS NOT NULL AND phone IS NOT NULL AND signup_date IS NOT NULL))""",
    ),
    "products": (
        "products",
        """product_id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        name_zh VARCHAR,
        category VARCHAR NOT NULL CHECK (category IN ('tea', 'teaware', 'home', 'gift')),
        list_price DOUBLE NOT NULL CHECK (list_price > 0)""",
    ),
    "orders": (
        "orders",
        """order_id VARCHAR PRIMARY KEY,
        customer_id VARCHAR NOT NULL REFERENCES customers (customer_id),
        order_date DATE NOT NULL,
        amount DOUBLE NOT NULL CHECK (amount >= 0),
        discount DOUBLE NOT NULL CHECK (discount >= 0),
        items INTEGER NOT NULL CHECK (items > 0),
        channel VARCHAR,
        promotion VARCHAR""",
    ),
    "order_lines": (
        "order_lines",
        """line_id VARCHAR PRIMARY KEY,
        order_id VARCHAR NOT NULL REFERENCES orders (order_id),
        product_id VARCHAR NOT NULL REFERENCES products (product_id),
        category VARCHAR NOT NULL,
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        list_price DOUBLE NOT NULL CHECK (list_price > 0),
        paid_amount DOUBLE NOT NULL CHECK (paid_amount >= 0)""",
    ),
    "profiles": (
        "customer_profiles",
        """customer_id VARCHAR PRIMARY KEY REFERENCES customers (customer_id),
        profile_consent BOOLEAN NOT NULL,
        age_band VARCHAR,
        life_stage VARCHAR CHECK (life_stage IN ('single', 'couple', 'young_family', 'older_family', 'senior')),
        household_size INTEGER CHECK (household_size BETWEEN 1 AND 20),
        CHECK (profile_consent OR (life_stage IS NULL AND household_size IS NULL))""",
    ),
    "consents": (
        "consent_records",
        """record_id VARCHAR PRIMARY KEY,
        customer_id VARCHAR NOT NULL REFERENCES customers (customer_id),
        purpose VARCHAR NOT NULL CHECK (purpose IN ('marketing', 'profile')),
        granted BOOLEAN NOT NULL,
        recorded_date DATE NOT NULL,
        channel VARCHAR""",
    ),
    "members": (
        "members",
        """customer_id VARCHAR PRIMARY KEY REFERENCES customers (customer_id),
        join_date DATE NOT NULL,
        join_source VARCHAR,
        referred_by VARCHAR,
        growth_value DOUBLE CHECK (growth_value >= 0),
        tier VARCHAR CHECK (tier IN ('member', 'silver', 'gold', 'diamond')),
        peak_tier VARCHAR,
        points_balance INTEGER CHECK (points_balance >= 0)""",
    ),
    "attitudes": (
        "loyalty_attitudes",
        """customer_id VARCHAR PRIMARY KEY REFERENCES customers (customer_id),
        survey_date DATE NOT NULL,
        recommend INTEGER CHECK (recommend BETWEEN 1 AND 7),
        prefer INTEGER CHECK (prefer BETWEEN 1 AND 7),
        price_tolerance INTEGER CHECK (price_tolerance BETWEEN 1 AND 7),
        incident_tolerance INTEGER CHECK (incident_tolerance BETWEEN 1 AND 7),
        category_spend_12m DOUBLE CHECK (category_spend_12m >= 0),
        stated_share INTEGER CHECK (stated_share BETWEEN 0 AND 100)""",
    ),
    "complaints": (
        "complaints",
        """complaint_id VARCHAR PRIMARY KEY,
        order_id VARCHAR NOT NULL REFERENCES orders (order_id),
        customer_id VARCHAR NOT NULL REFERENCES customers (customer_id),
        received_time TIMESTAMP NOT NULL,
        channel VARCHAR,
        category VARCHAR,
        severity VARCHAR CHECK (severity IN ('low', 'medium', 'high')),
        resolution_hours DOUBLE CHECK (resolution_hours >= 0),
        compensation DOUBLE CHECK (compensation >= 0),
        recovery_satisfied BOOLEAN""",
    ),
    "customer_history": (
        None,
        """customer_id VARCHAR NOT NULL REFERENCES customers (customer_id),
        column_name VARCHAR NOT NULL,
        old_value VARCHAR,
        valid_from DATE NOT NULL,
        valid_to DATE NOT NULL,
        CHECK (valid_from <= valid_to),
        PRIMARY KEY (customer_id, column_name, valid_to)""",
    ),
}

#: The customer attributes :func:`apply_updates` may change, with the rule a new value must meet.
UPDATABLE: dict[str, str] = {
    "name": "a non-empty name",
    "phone": "an 11-digit mobile number (spaces, dashes and +86 are cleaned away)",
    "email": "an address of the form name@domain.tld",
    "address": "a non-empty address",
    "province": "a non-empty province",
    "city_tier": "a whole number from 1 to 5",
}

_VIEWS = {
    "customer_cards": """
        WITH as_of AS (SELECT max(order_date) AS day FROM orders),
        bought AS (
            SELECT customer_id, count(*) AS orders, round(sum(amount), 2) AS total_spend,
                   min(order_date) AS first_order, max(order_date) AS last_order
            FROM orders GROUP BY customer_id)
        SELECT c.customer_id, c.name, c.signup_date,
               coalesce(b.orders, 0) AS orders, coalesce(b.total_spend, 0) AS total_spend,
               b.first_order, b.last_order,
               CASE WHEN b.orders IS NULL THEN 'potential'
                    WHEN b.last_order > (SELECT day FROM as_of) - INTERVAL 365 DAY THEN 'current'
                    ELSE 'lost' END AS card_type
        FROM customers c LEFT JOIN bought b USING (customer_id)
        WHERE c.customer_id NOT LIKE 'X%'""",
    "roster": """
        SELECT k.customer_id, k.name, c.phone, c.province, c.city_tier, k.signup_date,
               k.orders, k.total_spend, k.last_order, k.card_type
        FROM customer_cards k JOIN customers c USING (customer_id)
        ORDER BY k.customer_id""",
    "latest_consent": """
        SELECT customer_id, purpose, arg_max(granted, recorded_date || record_id) AS granted,
               max(recorded_date) AS recorded_date
        FROM consents GROUP BY customer_id, purpose""",
    "marketing_audience": """
        SELECT c.customer_id, c.name, c.phone, c.email
        FROM customers c JOIN latest_consent l USING (customer_id)
        WHERE l.purpose = 'marketing' AND l.granted""",
    "analyst_customers": """
        SELECT 'P' || substr(md5('{salt}' || c.customer_id), 1, 10) AS person_key,
               c.gender, p.age_band, c.province, c.city_tier, c.acquisition_channel,
               k.orders, k.total_spend, k.card_type
        FROM customers c JOIN profiles p USING (customer_id) JOIN customer_cards k USING (customer_id)""",
    "profile_analysis": """
        SELECT 'P' || substr(md5('{salt}' || p.customer_id), 1, 10) AS person_key,
               p.age_band, p.life_stage, p.household_size, c.city_tier
        FROM profiles p JOIN customers c USING (customer_id)
        WHERE p.profile_consent""",
}

#: The salt of the analysts' pseudonyms. A real shop keeps its salt secret and apart from the data;
#: this one is public so that the book's outputs can be reproduced.
PSEUDONYM_SALT = "yuchuan-ch03-demo-salt"


def pseudonym_key(customer_id: str) -> str:
    """Return the analysts' pseudonym of a customer id (the key of ``analyst_customers``).

    A salted hash: the same customer always gets the same key, so analysts can count and
    join, but the key does not show the id. Whoever knows the salt can recompute it, so the
    salt must be kept secret, away from the analysts.

    Examples
    --------
    >>> pseudonym_key("C00001") == pseudonym_key("C00001"), pseudonym_key("C00001").startswith("P")
    (True, True)
    """
    return "P" + hashlib.md5((PSEUDONYM_SALT + str(customer_id)).encode("utf-8")).hexdigest()[:10]


def _check_connection(con: Any) -> None:
    if not isinstance(con, duckdb.DuckDBPyConnection):
        raise ValueError(f"con must be a DuckDB connection from create_database, got {type(con).__name__}")


def _customer_source() -> str:
    """The customers table: the customers data set joined with the registration cards."""
    return f"""
        SELECT c.customer_id, k.name, k.phone, k.email, k.address, c.signup_date, c.gender, c.birth_year,
               c.province, c.city_tier, c.acquisition_channel, c.credit_level, c.marketing_opt_in,
               false AS erased
        FROM {data._csv_source('customers')} c
        LEFT JOIN {data._csv_source('customer_contacts')} k USING (customer_id)"""


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]


def _source_sql(con: duckdb.DuckDBPyConnection, table: str) -> str:
    dataset = TABLES[table][0]
    if table == "customers":
        return _customer_source()
    columns = ", ".join(_columns(con, table))
    return f"SELECT {columns} FROM {data._csv_source(dataset)}"


def _load_one_by_one(con: duckdb.DuckDBPyConnection, table: str, staging: str) -> pd.DataFrame:
    """Insert the staged rows one at a time, keeping the engine's reason for each refusal."""
    key = _columns(con, table)[0]
    count = con.execute(f"SELECT count(*) FROM {staging}").fetchone()[0]
    report = []
    for position in range(count):
        select = f"SELECT * EXCLUDE (_row) FROM {staging} WHERE _row = {position}"
        try:
            con.execute(f"INSERT INTO {table} {select}")
            status, reason = "loaded", ""
        except duckdb.Error as error:
            status, reason = "refused", str(error).split("\n")[0]
        value = con.execute(f"SELECT {key} FROM {staging} WHERE _row = {position}").fetchone()[0]
        report.append((position + 1, value, status, reason))
    return pd.DataFrame(report, columns=["row", key, "status", "reason"])


def _load_staged(con: duckdb.DuckDBPyConnection, table: str, select_sql: str) -> pd.DataFrame:
    """Insert all rows in one statement; if the engine refuses any, stage them and insert one at a time."""
    columns = ", ".join(_columns(con, table))
    try:
        count = con.execute(f"INSERT INTO {table} SELECT {columns} FROM ({select_sql})").fetchone()[0]
        return pd.DataFrame({"row": range(1, count + 1), "status": "loaded", "reason": ""})
    except duckdb.Error:
        pass
    con.execute(f"CREATE OR REPLACE TEMP TABLE _staging AS SELECT {columns}, row_number() OVER () - 1 AS _row FROM ({select_sql})")
    try:
        return _load_one_by_one(con, table, "_staging")
    finally:
        con.execute("DROP TABLE _staging")


def load_rows(con: duckdb.DuckDBPyConnection, table: str, rows: pd.DataFrame) -> pd.DataFrame:
    """Insert rows into a table of the database and report, row by row, what the engine refused and why.

    The rows are inserted in one statement when all are valid. If the engine refuses any,
    they are inserted one at a time, so that every valid row is loaded and every refused row
    is reported with the engine's reason (a duplicate key, an unknown customer, a failed CHECK …).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A connection from :func:`create_database`.
    table : str
        One of :data:`TABLES`.
    rows : pandas.DataFrame
        The rows, with the table's columns (in any order; columns the table does not have are an error,
        columns it has but ``rows`` lacks are loaded as missing).

    Returns
    -------
    pandas.DataFrame
        One row per input row: ``row`` (1 = first), the key column, ``status`` (``"loaded"`` or
        ``"refused"``) and ``reason`` (empty when loaded).

    Examples
    --------
    >>> con = create_database()
    >>> new = pd.DataFrame({"order_id": ["O900001", "O900002", "O000001"], "customer_id": ["C00001", "C99999", "C00001"],
    ...     "order_date": pd.to_datetime(["2026-01-02"] * 3), "amount": [88.0, 50.0, 10.0], "discount": [0.0] * 3, "items": [1] * 3})
    >>> report = load_rows(con, "orders", new)
    >>> report[["row", "order_id", "status"]]
       row order_id   status
    0    1  O900001   loaded
    1    2  O900002  refused
    2    3  O000001  refused
    >>> "foreign key" in report.loc[1, "reason"], "Duplicate key" in report.loc[2, "reason"]
    (True, True)
    """
    _check_connection(con)
    check_choice(table, "table", sorted(TABLES))
    require_columns(rows, [], "rows")
    columns = _columns(con, table)
    extra = [column for column in rows.columns if column not in columns]
    if extra:
        raise ValueError(f"rows has {len(extra)} column(s) the table {table!r} does not have: {extra}; it has {columns}")
    frame = rows.reset_index(drop=True).copy()
    for column in columns:
        if column not in frame.columns:
            frame[column] = None
    con.register("_incoming", frame[columns])
    try:
        report = _load_staged(con, table, "SELECT * FROM _incoming")
    finally:
        con.unregister("_incoming")
    key = columns[0]
    if key not in report.columns:
        report.insert(1, key, frame[key].to_numpy())
    return report


def create_database(path: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """Build the shop's customer database, with keys and constraints, from the data sets.

    Tables (see :data:`TABLES`): ``customers`` (the customers data set joined with the
    registration cards), ``products``, ``orders``, ``order_lines``, ``profiles``, ``consents``,
    ``members``, ``attitudes`` (the loyalty survey), ``complaints`` and ``customer_history``
    (old values of changed attributes, empty at first), plus the views described in the module.
    Loading goes through :func:`load_rows`; every refused row is kept in the table
    ``load_report`` (``table_name``, ``row``, ``key``, ``reason``), which is empty for the
    committed data.

    Parameters
    ----------
    path : str
        ``":memory:"`` (default) for a database in memory, or a file name. A file that already
        holds the tables is refused: delete it, or open it with ``duckdb.connect(path)``.

    Returns
    -------
    duckdb.DuckDBPyConnection

    Examples
    --------
    >>> con = create_database()
    >>> con.execute("SELECT count(*) FROM load_report").fetchone()[0]
    0
    >>> con.execute("INSERT INTO orders VALUES ('O999999', 'C00001', DATE '2025-12-31', -5, 0, 1, 'app', 'none')")
    ... # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    duckdb.duckdb.ConstraintException: Constraint Error: CHECK constraint failed on table "orders" with expression CHECK((amount >= 0))
    """
    if not isinstance(path, str) or not path:
        raise ValueError(f"path must be ':memory:' or a file name, got {path!r}")
    con = duckdb.connect(path)
    existing = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if existing & set(TABLES):
        con.close()
        raise ValueError(f"path {path!r} already holds a customer database (tables {sorted(existing & set(TABLES))})")
    for table, (_, definition) in TABLES.items():
        con.execute(f"CREATE TABLE {table} ({definition})")
    con.execute("CREATE TABLE load_report (table_name VARCHAR, row INTEGER, key VARCHAR, reason VARCHAR)")
    for table in TABLES:
        if table == "customer_history":
            continue
        report = _load_staged(con, table, _source_sql(con, table))
        refused = report[report["status"] == "refused"]
        for row, key, reason in zip(refused["row"], refused.iloc[:, 1], refused["reason"]):
            con.execute("INSERT INTO load_report VALUES (?, ?, ?, ?)", [table, int(row), str(key), reason])
    for name, sql in _VIEWS.items():
        con.execute(f"CREATE VIEW {name} AS {sql.format(salt=PSEUDONYM_SALT)}")
    return con


def _valid_update(column: str, value: Any) -> tuple[Any, str]:
    """Return the value to store and an empty reason, or (None, reason)."""
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()
    if column in ("name", "address", "province"):
        return (text, "") if text else (None, f"{column} must be {UPDATABLE[column]}")
    if column == "phone":
        phone = normalise_phone(text, errors="missing")
        if phone is None or "*" in phone:
            return None, f"phone {text!r} is not {UPDATABLE['phone']}"
        return phone, ""
    if column == "email":
        if re.fullmatch(r"[^@ ]+@[^@ ]+\.[a-z]+", text):
            return text, ""
        return None, f"email {text!r} is not {UPDATABLE['email']}"
    if column == "city_tier":
        if re.fullmatch(r"[1-5]", text):
            return int(text), ""
        return None, f"city_tier {text!r} is not {UPDATABLE['city_tier']}"
    return None, f"column {column!r} cannot be updated; updatable: {list(UPDATABLE)}"


def apply_updates(con: duckdb.DuckDBPyConnection, updates: pd.DataFrame) -> pd.DataFrame:
    """Change customer attributes, keeping each old value with its validity dates; all or nothing.

    A *slowly changing dimension of type 2* (缓慢变化维): ``customers`` holds the current
    value, and each replaced value goes to ``customer_history`` with ``valid_from`` (the day
    it took effect: the previous change, or the sign-up day) and ``valid_to`` (the day it was
    replaced). Changes of one customer and column apply in ``changed_at`` order.

    Every row is checked first: the customer exists (and is not a pseudonym); the column is
    one of :data:`UPDATABLE`; the value meets its rule; ``changed_at`` is a date, not before
    sign-up and not before the current value took effect. If any row fails, **nothing** is
    applied; otherwise all rows are applied in one transaction.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A connection from :func:`create_database`.
    updates : pandas.DataFrame
        Columns ``customer_id``, ``column``, ``value`` (text) and ``changed_at`` (date).

    Returns
    -------
    pandas.DataFrame
        The updates with two more columns: ``status`` (``"applied"``, ``"refused"``, or
        ``"not applied"`` for a valid row of a batch that had refused rows) and ``reason``.

    Raises
    ------
    ValueError
        If ``updates`` is not a DataFrame with the four columns, or is empty.

    Examples
    --------
    >>> con = create_database()
    >>> batch = pd.DataFrame({"customer_id": ["C00001"], "column": ["city_tier"], "value": ["3"],
    ...                       "changed_at": pd.to_datetime(["2024-05-01"])})
    >>> apply_updates(con, batch)[["column", "value", "status"]]
          column value   status
    0  city_tier     3  applied
    >>> con.execute("SELECT old_value, valid_from, valid_to FROM customer_history").fetchall()
    [('2', datetime.date(2023, 1, 2), datetime.date(2024, 5, 1))]
    """
    _check_connection(con)
    require_columns(updates, ["customer_id", "column", "value", "changed_at"], "updates", allow_empty=False)
    report = updates.reset_index(drop=True).copy()
    report["changed_at"] = pd.to_datetime(report["changed_at"], errors="coerce")
    order = report.sort_values("changed_at", kind="stable").index
    customers = con.execute("SELECT customer_id, signup_date FROM customers").df().set_index("customer_id")["signup_date"]
    started = {
        (customer, column): pd.Timestamp(day)
        for customer, column, day in con.execute(
            "SELECT customer_id, column_name, max(valid_to) FROM customer_history GROUP BY ALL").fetchall()
    }
    first_start = dict(started)
    reasons = pd.Series("", index=report.index, dtype=object)
    values: dict[int, Any] = {}
    for index in order:
        customer, column, day = report.at[index, "customer_id"], report.at[index, "column"], report.at[index, "changed_at"]
        if customer not in customers.index or str(customer).startswith("X"):
            reasons[index] = f"customer_id {customer!r} is not a customer of the database"
            continue
        value, reason = _valid_update(str(column), report.at[index, "value"])
        if reason:
            reasons[index] = reason
            continue
        if pd.isna(day):
            reasons[index] = "changed_at is missing or not a date"
            continue
        begins = started.get((customer, column), pd.Timestamp(customers[customer]))
        if day < begins:
            reasons[index] = f"changed_at {day.date()} is before the current {column} took effect ({begins.date()})"
            continue
        started[(customer, column)] = day
        values[index] = value
    refused = reasons != ""
    report["reason"] = reasons
    if refused.any():
        report["status"] = ["refused" if bad else "not applied" for bad in refused]
        return report
    history = []
    current: dict[tuple[str, str], Any] = {}
    for index in order:
        customer, column, day = report.at[index, "customer_id"], str(report.at[index, "column"]), report.at[index, "changed_at"]
        if (customer, column) not in current:
            current[(customer, column)] = con.execute(
                f"SELECT CAST({column} AS VARCHAR) FROM customers WHERE customer_id = ?", [customer]).fetchone()[0]
        begins = first_start.get((customer, column), customers[customer])
        history.append((customer, column, current[(customer, column)], pd.Timestamp(begins).date(), day.date()))
        current[(customer, column)] = None if values[index] is None else str(values[index])
        first_start[(customer, column)] = day
    # DuckDB checks a foreign key against the state before the transaction: update the customers
    # first, then add the history rows that reference them.
    con.execute("BEGIN TRANSACTION")
    try:
        for index in order:
            column = str(report.at[index, "column"])
            con.execute(f"UPDATE customers SET {column} = ? WHERE customer_id = ?", [values[index], report.at[index, "customer_id"]])
        con.executemany("INSERT INTO customer_history VALUES (?, ?, ?, ?, ?)", history)
        con.execute("COMMIT")
    except duckdb.Error:
        con.execute("ROLLBACK")
        raise
    report["status"] = "applied"
    return report


#: Validity rules of :func:`data_quality`: a SQL condition a valid value meets.
VALIDITY = {
    "customer_id": "regexp_full_match(customer_id, 'C[0-9]{5}')",
    "name": "length(name) BETWEEN 2 AND 4 AND NOT regexp_matches(name, '[A-Za-z0-9]')",
    "phone": "regexp_full_match(phone, '1[3-9][0-9]{9}')",
    "email": "regexp_full_match(email, '[^@ ]+@[^@ ]+[.][a-z]+')",
    "address": "address LIKE '%号%'",
    "birth_year": "year(signup_date) - birth_year BETWEEN 16 AND 100",
    "gender": "gender IN ('F', 'M')",
    "city_tier": "city_tier BETWEEN 1 AND 5",
    "signup_date": "signup_date BETWEEN DATE '2023-01-01' AND DATE '2025-12-31'",
}


def data_quality(con: duckdb.DuckDBPyConnection, as_of: Any = "2025-12-31", fresh_days: int = 730) -> pd.DataFrame:
    """Measure the quality of the ``customers`` table, column by column.

    - **completeness** (完整性): share of customers with a value;
    - **validity** (有效性): share of the values present that meet the rule in :data:`VALIDITY`
      (missing where the column has no rule);
    - **uniqueness** (唯一性): distinct values over values present (1 for a key; low values
      are normal for a column such as gender);
    - **timeliness** (及时性): for the attributes that change (:data:`UPDATABLE`), the share of
      customers whose value was set or confirmed (sign-up or last change) within ``fresh_days``
      before ``as_of``.

    Pseudonym rows of erased customers are left out.

    Examples
    --------
    >>> con = create_database()
    >>> quality = data_quality(con).set_index("column")
    >>> float(quality.loc["customer_id", "uniqueness"]), float(quality.loc["phone", "completeness"])
    (1.0, 1.0)
    """
    _check_connection(con)
    day = as_date(as_of, "as_of")
    fresh_days = check_whole(fresh_days, "fresh_days", low=1, high=100_000)
    where = "WHERE customer_id NOT LIKE 'X%'"
    total = con.execute(f"SELECT count(*) FROM customers {where}").fetchone()[0]
    rows = []
    for column in [name for name in _columns(con, "customers") if name != "erased"]:
        present, distinct = con.execute(f"SELECT count({column}), count(DISTINCT {column}) FROM customers {where}").fetchone()
        validity = None
        if column in VALIDITY and present:
            valid = con.execute(f"SELECT count(*) FROM customers {where} AND {column} IS NOT NULL AND ({VALIDITY[column]})").fetchone()[0]
            validity = valid / present
        timeliness = None
        if column in UPDATABLE:
            fresh = con.execute(
                f"""SELECT count(*) FROM customers c {where.replace('customer_id', 'c.customer_id')}
                AND coalesce((SELECT max(valid_to) FROM customer_history h
                              WHERE h.customer_id = c.customer_id AND h.column_name = '{column}'), c.signup_date)
                    > DATE '{day.date()}' - INTERVAL {fresh_days} DAY""").fetchone()[0]
            timeliness = fresh / total
        rows.append((column, present / total, validity, distinct / present if present else None, timeliness))
    table = pd.DataFrame(rows, columns=["column", "completeness", "validity", "uniqueness", "timeliness"])
    return table.astype({name: float for name in ("completeness", "validity", "uniqueness", "timeliness")}).round(4)


#: The portrait's queries, one per group of sections, each for one customer (``$1``).
#: Each output column is named ``section__field``.
PORTRAIT_QUERIES = {
    "person": """
        SELECT c.customer_id AS basic__customer_id, c.name AS basic__name, c.phone AS basic__phone,
               c.email AS basic__email, c.address AS basic__address, c.gender AS basic__gender,
               c.birth_year AS basic__birth_year, p.age_band AS basic__age_band, c.province AS basic__province,
               c.city_tier AS basic__city_tier, c.signup_date AS basic__signup_date,
               c.acquisition_channel AS basic__acquisition_channel,
               m.tier AS value__tier, m.growth_value AS value__growth_value, m.points_balance AS value__points_balance,
               a.survey_date AS attitude__survey_date, a.recommend AS attitude__recommend, a.prefer AS attitude__prefer,
               a.price_tolerance AS attitude__price_tolerance, a.incident_tolerance AS attitude__incident_tolerance,
               a.category_spend_12m AS attitude__category_spend_12m, a.stated_share AS attitude__stated_share,
               CASE WHEN p.profile_consent THEN p.life_stage END AS profile__life_stage,
               CASE WHEN p.profile_consent THEN p.household_size END AS profile__household_size
        FROM customers c LEFT JOIN profiles p USING (customer_id) LEFT JOIN members m USING (customer_id)
        LEFT JOIN attitudes a USING (customer_id)
        WHERE c.customer_id = $1 AND NOT c.erased""",
    "orders": """
        SELECT count(*) AS behaviour__orders, coalesce(round(sum(amount), 2), 0) AS behaviour__total_spend,
               min(order_date) AS behaviour__first_order, max(order_date) AS behaviour__last_order,
               round(avg(amount), 2) AS behaviour__mean_order_value,
               (SELECT channel FROM orders WHERE customer_id = $1 GROUP BY channel ORDER BY count(*) DESC, channel LIMIT 1)
                   AS behaviour__main_channel,
               (SELECT max(order_date) FROM orders) - max(order_date) AS value__recency_days
        FROM orders WHERE customer_id = $1""",
    "categories": """
        SELECT list(category ORDER BY items DESC, category) AS behaviour__categories,
               list(round(items / total, 2) ORDER BY items DESC, category) AS behaviour__shares
        FROM (SELECT category, sum(quantity) AS items, sum(sum(quantity)) OVER () AS total FROM order_lines
              WHERE order_id IN (SELECT order_id FROM orders WHERE customer_id = $1) GROUP BY category)""",
    "service": """
        SELECT count(*) AS service__complaints, max(received_time)::DATE AS service__last_complaint,
               coalesce(round(sum(compensation), 2), 0) AS service__compensation
        FROM complaints WHERE customer_id = $1""",
    "consent": """
        SELECT arg_max(granted, recorded_date::VARCHAR || record_id) FILTER (purpose = 'marketing') AS consent__marketing,
               arg_max(granted, recorded_date::VARCHAR || record_id) FILTER (purpose = 'profile') AS consent__profile
        FROM consents WHERE customer_id = $1""",
}

#: Where the customer's total spend stands among buyers: the share of buyers who spent less.
SPEND_PERCENTILE_SQL = """
    SELECT round(avg(CASE WHEN spend < $1 THEN 1 ELSE 0 END), 2)
    FROM (SELECT sum(amount) AS spend FROM orders GROUP BY customer_id)"""


def _plain(value: Any) -> Any:
    """Dates as ISO text and floats rounded to cents, so a card prints the same everywhere."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 2) + 0.0
    return value


def customer_card(con: duckdb.DuckDBPyConnection, customer_id: str) -> dict[str, dict[str, Any] | None]:
    """One customer's portrait (客户画像): what every table of the database knows about her.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A connection from :func:`create_database`.
    customer_id : str
        The customer.

    Returns
    -------
    dict
        Sections, each a dict (or ``None`` when the database holds nothing for it):

        - ``basic``: id, name, contact details, gender, birth year, age band, province,
          city tier, sign-up day, acquisition channel and ``card_type`` (potential, current or lost);
        - ``behaviour``: ``orders``, ``total_spend``, ``first_order``, ``last_order``,
          ``mean_order_value``, ``main_channel``, ``category_shares`` (share of items by category);
        - ``value``: ``recency_days`` (to the database's last order day), ``spend_percentile``
          (share of buyers who spent less), and member ``tier``, ``growth_value``, ``points_balance``;
        - ``attitude``: her answers to the loyalty survey;
        - ``service``: ``complaints``, ``last_complaint``, ``compensation``;
        - ``profile``: life stage and household size, only if she consented to profiling;
        - ``consent``: the latest ``marketing`` and ``profile`` answers.

    Raises
    ------
    ValueError
        If the customer is not in the database.

    Examples
    --------
    >>> con = create_database()
    >>> card = customer_card(con, "C00003")
    >>> sorted(card)
    ['attitude', 'basic', 'behaviour', 'consent', 'profile', 'service', 'value']
    >>> card["behaviour"]["total_spend"], card["consent"]
    (1113.51, {'marketing': True, 'profile': True})
    >>> customer_card(con, "C99999")
    Traceback (most recent call last):
    ...
    ValueError: customer_id 'C99999' is not in the customer database
    """
    _check_connection(con)
    if not isinstance(customer_id, str):
        raise ValueError(f"customer_id must be text such as 'C00001', got {customer_id!r}")
    card: dict[str, Any] = {}
    for name, sql in PORTRAIT_QUERIES.items():
        cursor = con.execute(sql, [customer_id])
        row = cursor.fetchone()
        if row is None:
            raise ValueError(f"customer_id {customer_id!r} is not in the customer database")
        for description, value in zip(cursor.description, row):
            section, field = description[0].split("__")
            card.setdefault(section, {})[field] = _plain(value)
    behaviour, value = card["behaviour"], card["value"]
    behaviour["category_shares"] = dict(zip(behaviour.pop("categories") or [], behaviour.pop("shares") or []))
    if behaviour["orders"] == 0:
        card["basic"]["card_type"] = "potential"
        value["spend_percentile"] = None
    else:
        card["basic"]["card_type"] = "current" if value["recency_days"] < 365 else "lost"
        value["spend_percentile"] = _plain(con.execute(SPEND_PERCENTILE_SQL, [behaviour["total_spend"]]).fetchone()[0])
    if card["attitude"]["survey_date"] is None:
        card["attitude"] = None
    if card["profile"]["life_stage"] is None:
        card["profile"] = None
    card["consent"] = {purpose: bool(granted) for purpose, granted in card["consent"].items() if granted is not None}
    return {section: card[section] for section in ("basic", "behaviour", "value", "attitude", "service", "profile", "consent")}


def find_traces(con: duckdb.DuckDBPyConnection, value: str) -> dict[str, int]:
    """Search every text column of every table of the database for a value: the proof of an erasure.

    Returns
    -------
    dict
        ``"table.column"`` → rows holding exactly ``value``; empty when no table holds it.

    Examples
    --------
    >>> con = create_database()
    >>> find_traces(con, "C00003")["orders.customer_id"]
    5
    >>> erase_customer(con, "C00003")["customers"]
    1
    >>> find_traces(con, "C00003")
    {}
    """
    _check_connection(con)
    found = {}
    columns = con.execute("""
        SELECT c.table_name, c.column_name FROM information_schema.columns c
        JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE t.table_type = 'BASE TABLE' AND c.data_type = 'VARCHAR'
        ORDER BY c.table_name, c.ordinal_position""").fetchall()
    for table, column in columns:
        count = con.execute(f'SELECT count(*) FROM "{table}" WHERE "{column}" = ?', [value]).fetchone()[0]
        if count:
            found[f"{table}.{column}"] = count
    return found


#: Tables whose rows about an erased customer are deleted, and those whose rows stay under her pseudonym.
ERASE_DELETE = ("customer_history", "consents", "attitudes", "profiles", "members")
ERASE_PSEUDONYMISE = ("orders", "complaints")


def erase_customer(con: duckdb.DuckDBPyConnection, customer_id: str) -> dict[str, int]:
    """Erase a customer on request (删除权): her personal data go, the shop's records stay under a pseudonym.

    1. If she has orders or complaints, a pseudonym row ``X00001`` (the next free number) is
       added to ``customers``, with no personal data at all; nothing links it back to her id.
    2. Her orders and complaints are moved to the pseudonym, so the shop's sales and service
       totals do not change (accounting records must be kept).
    3. Her rows in :data:`ERASE_DELETE` are deleted, and she is removed as the referrer of
       other members.
    4. Her row in ``customers`` is deleted.

    The steps run one statement at a time, not in one transaction: DuckDB checks a foreign key
    against the state before the transaction, so deleting a customer in the same transaction
    that moved her orders away would be refused, and an update of an order is a delete and an
    insert, refused while order lines reference it (so her order lines are set aside and put back).

    Returns
    -------
    dict
        Rows affected per table, e.g. ``{"orders": 5, …, "customers": 1}``.

    Raises
    ------
    ValueError
        If the customer is not in the database (or is already a pseudonym).

    Examples
    --------
    >>> con = create_database()
    >>> before = con.execute("SELECT round(sum(amount), 2) FROM orders").fetchone()[0]
    >>> erase_customer(con, "C00003")["orders"]
    5
    >>> con.execute("SELECT round(sum(amount), 2) FROM orders").fetchone()[0] == before
    True
    """
    _check_connection(con)
    if not isinstance(customer_id, str) or customer_id.startswith("X"):
        raise ValueError(f"customer_id {customer_id!r} is not a customer of the database")
    found = con.execute("SELECT count(*) FROM customers WHERE customer_id = ?", [customer_id]).fetchone()[0]
    if not found:
        raise ValueError(f"customer_id {customer_id!r} is not in the customer database")
    affected: dict[str, int] = {"orders": 0, "complaints": 0}
    records = con.execute(
        "SELECT (SELECT count(*) FROM orders WHERE customer_id = $1) + (SELECT count(*) FROM complaints WHERE customer_id = $1)",
        [customer_id]).fetchone()[0]
    if records:
        last = con.execute("SELECT max(customer_id) FROM customers WHERE customer_id LIKE 'X%'").fetchone()[0]
        pseudonym = f"X{(int(last[1:]) if last else 0) + 1:05d}"
        con.execute("INSERT INTO customers (customer_id, erased) VALUES (?, true)", [pseudonym])
        # Her order lines reference her orders: set them aside while the orders move to the pseudonym.
        con.execute("CREATE OR REPLACE TEMP TABLE _lines AS SELECT * FROM order_lines WHERE order_id IN "
                    "(SELECT order_id FROM orders WHERE customer_id = ?)", [customer_id])
        con.execute("CREATE OR REPLACE TEMP TABLE _complaints AS SELECT * REPLACE (? AS customer_id) FROM complaints "
                    "WHERE customer_id = ?", [pseudonym, customer_id])
        con.execute("DELETE FROM order_lines WHERE line_id IN (SELECT line_id FROM _lines)")
        con.execute("DELETE FROM complaints WHERE customer_id = ?", [customer_id])
        affected["orders"] = con.execute(
            "UPDATE orders SET customer_id = ? WHERE customer_id = ?", [pseudonym, customer_id]).fetchone()[0]
        con.execute("INSERT INTO order_lines SELECT * FROM _lines")
        affected["complaints"] = con.execute("INSERT INTO complaints SELECT * FROM _complaints").fetchone()[0]
        con.execute("DROP TABLE _lines")
        con.execute("DROP TABLE _complaints")
    affected["members (as referrer)"] = con.execute(
        "UPDATE members SET referred_by = NULL WHERE referred_by = ?", [customer_id]).fetchone()[0]
    for table in ERASE_DELETE:
        affected[table] = con.execute(f"DELETE FROM {table} WHERE customer_id = ?", [customer_id]).fetchone()[0]
    affected["customers"] = con.execute("DELETE FROM customers WHERE customer_id = ?", [customer_id]).fetchone()[0]
    return affected


#: Categories a registration-form field may have (individual and business customers, and consent).
FORM_CATEGORIES = {
    "basic": "basic information (基本信息)",
    "attitude": "attitude information (态度信息)",
    "behaviour": "behaviour information (行为信息)",
    "business_basic": "a business customer's basic information (企业基本信息)",
    "business_situation": "a business customer's business situation (业务情况)",
    "transactions": "a business customer's transactions (交易情况)",
    "contacts": "a business customer's contact people (负责人信息)",
    "consent": "a consent item (同意事项)",
}
#: Field types a registration form may use.
FORM_TYPES = ("text", "phone", "email", "date", "integer", "number", "choice", "multiple_choice", "boolean")
#: Fields an online tea shop has no need for; asking for them breaks minimal collection (最小必要).
NEVER_NEEDED = ("id_number", "national_id", "id_card", "passport", "bank_card", "religion", "health", "biometric", "income_exact")


def _as_form(fields: Any) -> pd.DataFrame:
    if isinstance(fields, pd.DataFrame):
        form = fields.copy()
    elif isinstance(fields, (list, tuple)) and all(isinstance(item, dict) for item in fields):
        form = pd.DataFrame(list(fields))
    else:
        raise ValueError(f"fields must be a DataFrame or a list of dicts, got {type(fields).__name__}")
    require_columns(form, ["name", "category", "type", "required", "purpose", "sensitive"], "fields", allow_empty=False)
    for column in ("required", "sensitive"):
        form[column] = bool_column(form, column, "fields")
    for column in ("name", "category", "type"):
        label_column(form, column, "fields")
    return form


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()


def check_form(fields: Any) -> list[str]:
    """Check a customer information registration form (客户信息登记表) against the chapter's principles.

    Each field is a row (or dict) with ``name``, ``category`` (one of :data:`FORM_CATEGORIES`),
    ``type`` (one of :data:`FORM_TYPES`), ``required`` and ``sensitive`` (True/False) and
    ``purpose`` (why the shop needs it). Optional: ``necessity`` (for a sensitive field, why it
    is strictly necessary) and ``consent_for`` (for a consent item, the fields it covers,
    separated by commas).

    The problems found, each naming the field at fault:

    - a duplicated field name, an unknown category or type;
    - a field without a stated purpose (目的明确);
    - a field the shop never needs (:data:`NEVER_NEEDED`: minimal collection, 最小必要);
    - sensitive personal information (敏感个人信息) that is required, or lacks a stated necessity,
      or is not covered by a separate consent item (单独同意);
    - a consent item that is required (consent must be free) or names an unknown field;
    - no consent item at all.

    Returns
    -------
    list of str
        Empty when the form is sound.

    Raises
    ------
    ValueError
        If ``fields`` is not a table with the six columns, or ``required``/``sensitive`` are not True/False.

    Examples
    --------
    >>> form = [
    ...     {"name": "phone", "category": "basic", "type": "phone", "required": True, "sensitive": False,
    ...      "purpose": "delivery and order notices"},
    ...     {"name": "birthday", "category": "basic", "type": "date", "required": False, "sensitive": False, "purpose": ""},
    ...     {"name": "marketing_consent", "category": "consent", "type": "boolean", "required": False,
    ...      "sensitive": False, "purpose": "permission for marketing messages"},
    ... ]
    >>> check_form(form)
    ["field 'birthday' has no stated purpose"]
    """
    form = _as_form(fields)
    problems = []
    names = [_text(name) for name in form["name"]]
    for name in sorted({name for name in names if names.count(name) > 1}):
        problems.append(f"field {name!r} appears more than once")
    consent_rows = form[form["category"] == "consent"]
    covered: set[str] = set()
    if "consent_for" in form.columns:
        for value in consent_rows["consent_for"]:
            covered |= {part.strip() for part in _text(value).split(",") if part.strip()}
    for _, row in form.iterrows():
        name = _text(row["name"])
        if row["category"] not in FORM_CATEGORIES:
            problems.append(f"field {name!r} has unknown category {row['category']!r}; valid: {list(FORM_CATEGORIES)}")
        if row["type"] not in FORM_TYPES:
            problems.append(f"field {name!r} has unknown type {row['type']!r}; valid: {list(FORM_TYPES)}")
        if not _text(row["purpose"]):
            problems.append(f"field {name!r} has no stated purpose")
        if any(word in name.lower() for word in NEVER_NEEDED):
            problems.append(f"field {name!r} is information the shop does not need (minimal collection)")
        if row["sensitive"]:
            if row["required"]:
                problems.append(f"field {name!r} is sensitive personal information but required; it must be optional")
            if not _text(row.get("necessity", "")):
                problems.append(f"field {name!r} is sensitive personal information without a stated necessity")
            if name not in covered:
                problems.append(f"field {name!r} is sensitive personal information not covered by a separate consent item")
        if row["category"] == "consent":
            if row["required"]:
                problems.append(f"consent item {name!r} is required; consent must be given freely")
            unknown = sorted({part.strip() for part in _text(row.get("consent_for", "")).split(",") if part.strip()} - set(names))
            if unknown:
                problems.append(f"consent item {name!r} covers unknown field(s) {unknown}")
    if consent_rows.empty:
        problems.append("the form has no consent item (category 'consent')")
    return problems


def category_shares(
    items: pd.DataFrame,
    by: str,
    category: str = "category",
    quantity: str = "quantity",
    customer: str = "customer_id",
    confidence: float = 0.95,
    replicates: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Share of items in each category, by group, with bootstrap intervals that resample customers.

    The items of one customer are not independent (a tea lover buys tea again and again), so the
    interval resamples whole customers within each group (a cluster bootstrap) rather than items.
    The shares describe *association*: a group's share differs because of everything that goes
    with the group, not only the group itself.

    Parameters
    ----------
    items : pandas.DataFrame
        One row per order line, with columns ``by``, ``category``, ``quantity`` and ``customer``.
    by : str
        The grouping column (e.g. ``"life_stage"`` or ``"city_tier"``); rows where it is missing are
        left out, and the result says how many in ``attrs["left_out"]``.
    confidence : float
        Confidence level of the percentile intervals, between 0 and 1.
    replicates : int
        Bootstrap replicates (at least 100).
    seed : int
        Seed of the resampling, so the intervals are the same on every run.

    Returns
    -------
    pandas.DataFrame
        One row per group and category: ``by``, ``category``, ``customers``, ``items``, ``share``,
        ``low`` and ``high`` (rounded to 4 decimals).

    Examples
    --------
    >>> lines = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "d"], "stage": ["x", "x", "x", "y", "y"],
    ...                       "category": ["tea", "home", "tea", "tea", "home"], "quantity": [3, 1, 2, 1, 1]})
    >>> table = category_shares(lines, "stage", replicates=200)
    >>> table["share"].tolist(), table["customers"].tolist()
    ([0.1667, 0.8333, 0.5, 0.5], [2, 2, 2, 2])
    >>> bool((table["low"] <= table["share"]).all() and (table["share"] <= table["high"]).all())
    True
    """
    check_column_names(by=by, category=category, quantity=quantity, customer=customer)
    require_columns(items, [by, category, quantity, customer], "items", allow_empty=False)
    id_column(items, customer, "items")
    label_column(items, category, "items")
    confidence = check_share(confidence, "confidence", low_open=True, high_open=True)
    replicates = check_whole(replicates, "replicates", low=100, high=100_000)
    seed = check_whole(seed, "seed")
    counts = number_column(items, quantity, "items", low=0)
    present = items[by].notna()
    frame = items.loc[present, [by, category, customer]].assign(_count=counts[present])
    frame[by] = frame[by].astype(str) if frame[by].dtype == object else frame[by]
    rng = np.random.default_rng(seed)
    tail = (1 - confidence) / 2
    rows = []
    for group, part in frame.groupby(by, observed=True, sort=True):
        matrix = part.pivot_table(index=customer, columns=category, values="_count", aggfunc="sum",
                                  fill_value=0, observed=True).sort_index(axis=1)
        values = matrix.to_numpy(dtype=float)
        draws = rng.integers(0, len(values), size=(replicates, len(values)))
        sums = values[draws].sum(axis=1)
        shares = sums / sums.sum(axis=1, keepdims=True)
        low, high = np.quantile(shares, [tail, 1 - tail], axis=0)
        totals = values.sum(axis=0)
        for index, name in enumerate(matrix.columns):
            rows.append((group, name, len(values), int(totals[index]), totals[index] / totals.sum(), low[index], high[index]))
    table = pd.DataFrame(rows, columns=[by, category, "customers", "items", "share", "low", "high"])
    table[["share", "low", "high"]] = table[["share", "low", "high"]].round(4) + 0.0
    table.attrs["left_out"] = int((~present).sum())
    return table
