"""Load the workbook's data sets by name.

Every data set lives in ``datasets/`` as a data file plus a *data card*: a
Markdown page whose YAML front matter is the machine-readable part (title,
description, source, licence, row count and one entry per column with its
pandas dtype, unit and meaning) and whose body explains how the data were made.
The card is the single source of truth for the schema: :func:`load` types the
columns from it and refuses a file that does not match it.

Examples
--------
>>> from crmkit import data
>>> orders = data.load("orders")
>>> list(orders.columns[:3])
['order_id', 'customer_id', 'order_date']
>>> "orders" in set(data.list_datasets()["name"])
True
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

__all__ = ["data_dir", "list_datasets", "load", "card", "sql_columns", "connect"]

#: Column types a card may use besides plain pandas dtype names.
DATE_TYPES = {"date", "datetime"}

#: The SQL type of each card type, for DuckDB.
SQL_TYPES = {
    "str": "VARCHAR",
    "category": "VARCHAR",
    "int64": "BIGINT",
    "Int64": "BIGINT",
    "float64": "DOUBLE",
    "bool": "BOOLEAN",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "datetime": "TIMESTAMP",
}


def data_dir() -> Path:
    """Return the folder that holds the data files and their cards.

    The environment variable ``CRMKIT_DATA_DIR`` overrides the default, which is
    the ``datasets/`` folder beside the ``crmkit`` package in the repository.

    Examples
    --------
    >>> data_dir().name
    'datasets'
    """
    override = os.environ.get("CRMKIT_DATA_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "datasets"


def _read_front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise ValueError(f"data card {path.name} has no YAML front matter (it must start with '---')")
    end = text.index("\n---", 4)
    meta = yaml.safe_load(text[4:end])
    for key in ("name", "title", "file", "description", "source", "licence", "rows", "columns"):
        if key not in meta:
            raise ValueError(f"data card {path.name} lacks the front-matter key {key!r}")
    return meta


@lru_cache(maxsize=None)
def _cards(folder: str) -> dict[str, dict[str, Any]]:
    cards = {}
    for path in sorted(Path(folder).glob("*.md")):
        if path.name.lower() == "readme.md" or path.stem.startswith("_") or path.stem == "index":
            continue
        meta = _read_front_matter(path)
        cards[meta["name"]] = meta
    return cards


def card(name: str) -> dict[str, Any]:
    """Return the front matter of a data set's card as a dictionary.

    Parameters
    ----------
    name : str
        The data set's name, as listed by :func:`list_datasets`.

    Returns
    -------
    dict
        Keys ``name``, ``title``, ``file``, ``description``, ``source``,
        ``licence``, ``rows`` and ``columns`` (a list of dicts with ``name``,
        ``type``, ``unit`` and ``description``), plus any extra keys the card has.

    Raises
    ------
    ValueError
        If no data set has that name; the message lists the valid names.

    Examples
    --------
    >>> card("customers")["licence"]
    'CC0-1.0'
    """
    cards = _cards(str(data_dir()))
    if name not in cards:
        valid = ", ".join(sorted(cards)) or "(none: is CRMKIT_DATA_DIR right?)"
        raise ValueError(f"unknown data set {name!r}; valid names are: {valid}")
    return cards[name]


def list_datasets() -> pd.DataFrame:
    """List the data sets the workbook ships.

    Returns
    -------
    pandas.DataFrame
        One row per data set with columns ``name``, ``rows``, ``description``,
        ``source`` and ``licence``, sorted by name.

    Examples
    --------
    >>> table = list_datasets()
    >>> list(table.columns)
    ['name', 'rows', 'description', 'source', 'licence']
    """
    rows = []
    for meta in _cards(str(data_dir())).values():
        rows.append({key: meta[key] for key in ("name", "rows", "description", "source", "licence")})
    table = pd.DataFrame(rows, columns=["name", "rows", "description", "source", "licence"])
    return table.sort_values("name", ignore_index=True)


def load(name: str) -> pd.DataFrame:
    """Load a data set as a DataFrame typed as its data card says.

    Parameters
    ----------
    name : str
        The data set's name, e.g. ``"customers"`` or ``"orders"``.

    Returns
    -------
    pandas.DataFrame
        The columns in the card's order, with the card's dtypes; ``date`` and
        ``datetime`` columns are parsed to ``datetime64``.

    Raises
    ------
    ValueError
        If the name is unknown (the message lists the valid names), or if the
        file's columns differ from the card's (the message names them).

    Examples
    --------
    >>> customers = load("customers")
    >>> customers["signup_date"].dtype.kind
    'M'
    """
    meta = card(name)
    path = data_dir() / meta["file"]
    columns = meta["columns"]
    names = [column["name"] for column in columns]
    dtypes = {c["name"]: c["type"] for c in columns if c["type"] not in DATE_TYPES}
    date_columns = [c["name"] for c in columns if c["type"] in DATE_TYPES]
    options = dict(meta.get("read_options", {}))
    if options.get("header", "infer") is None:
        options.setdefault("names", names)
    frame = pd.read_csv(path, dtype=dtypes, **options)
    missing = [column for column in names if column not in frame.columns]
    extra = [column for column in frame.columns if column not in names]
    if missing or extra:
        raise ValueError(
            f"{meta['file']} does not match its data card: missing columns {missing}, unexpected columns {extra}"
        )
    for column in date_columns:
        frame[column] = pd.to_datetime(frame[column], format="ISO8601")
    return frame[names]


def sql_columns(name: str) -> dict[str, str]:
    """Return a data set's columns with their SQL (DuckDB) types, in the card's order.

    Examples
    --------
    >>> sql_columns("orders")["order_date"]
    'DATE'
    """
    columns = {}
    for column in card(name)["columns"]:
        if column["type"] not in SQL_TYPES:
            raise ValueError(f"data set {name!r} column {column['name']!r} has type {column['type']!r}, which has no SQL type")
        columns[column["name"]] = SQL_TYPES[column["type"]]
    return columns


def _csv_source(name: str) -> str:
    """SQL that reads a data set's file with the types of its card."""
    meta = card(name)
    path = str(data_dir() / meta["file"]).replace("'", "''")
    types = ", ".join(f"'{column}': '{sql}'" for column, sql in sql_columns(name).items())
    return f"read_csv('{path}', header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', columns = {{{types}}})"


@lru_cache(maxsize=None)
def _catalogue_file(folder: str) -> str:
    import atexit
    import shutil
    import tempfile

    import duckdb

    scratch = tempfile.mkdtemp(prefix="crmkit-")
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    path = os.path.join(scratch, "datasets.duckdb")
    with duckdb.connect(path) as con:
        for name in _cards(folder):
            if card(name).get("read_options"):
                frame = load(name)  # a file pandas must parse (e.g. whitespace-separated): copy it in
                con.register("frame", frame)
                con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM frame')
                con.unregister("frame")
            else:
                con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM {_csv_source(name)}')
    return path


def connect():
    """Open a read-only DuckDB connection in which every data set is a table you can query with SQL.

    Each data set of :func:`list_datasets` is a view over its file, typed as its card says,
    so nothing is copied and nothing can be changed: ``INSERT``, ``UPDATE`` and ``CREATE``
    fail with an error about read-only mode. For a database you may change, with keys and
    constraints, use :func:`crmkit.customer_db.create_database`.

    Returns
    -------
    duckdb.DuckDBPyConnection
        Close it with ``con.close()`` (or use it in a ``with`` block) when done.

    Examples
    --------
    >>> con = connect()
    >>> con.execute("SELECT count(*) FROM orders").fetchone()[0] == card("orders")["rows"]
    True
    >>> con.close()
    """
    import duckdb

    return duckdb.connect(_catalogue_file(str(data_dir())), read_only=True)
