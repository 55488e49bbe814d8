"""Input checks shared by the topic modules, so every module reports bad input the same way.

Every public function of crmkit checks its input with these helpers. A bad input raises ``ValueError`` whose
message names the argument (or ``argument['column']``), shows an offending value and says how many rows are
affected, e.g. ``orders['amount'] must be numbers: 2 of 5 rows are not, e.g. '100'``.

Policies
--------
Dates
    Accepted: ``datetime64`` columns, ``pd.Timestamp`` / ``datetime.date`` / ``numpy.datetime64`` values, and ISO
    8601 text (``"2024-01-31"``, ``"2024-01-31 09:30"``). Refused: numbers (an integer is not a date: pandas would
    read it as nanoseconds after 1970), booleans, text that is not a date, and missing dates (unless a function
    says it allows them).
Time zones
    crmkit works in the shop's local wall-clock time, with time-zone-naive dates (the data world's tables are
    naive). A time-zone-aware date is **refused**, never shifted silently: convert it yourself, e.g.
    ``dates.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)`` for the shop's local time, or
    ``dates.dt.tz_localize(None)`` to keep each date's own wall-clock time.
Booleans (flags)
    Only ``True``/``False`` and ``1``/``0`` (as numbers). Text such as ``"False"`` or ``"no"`` and missing values
    are refused, because ``astype(bool)`` would turn them into ``True``.
Identifiers
    Any hashable value; a missing id (``None``, ``NaN``, empty text) is refused with the count of rows, since a row
    without an id would otherwise vanish from a group-by.
Numbers
    Real numbers only: text (``"100"``), booleans, NaN and infinity are refused.

Warnings
--------
A function that must leave rows out warns with :class:`DroppedRowsWarning` (the count and the reason); a fit
that cannot identify its parameters warns with :class:`DegenerateFitWarning` or raises.
"""

from __future__ import annotations

import datetime as _datetime
import math
import warnings
from collections.abc import Iterable
from numbers import Integral, Real
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "DegenerateFitWarning",
    "DroppedRowsWarning",
    "as_bool_array",
    "as_date",
    "as_date_array",
    "as_float_array",
    "as_id_array",
    "as_whole_array",
    "bool_column",
    "check_choice",
    "check_column_names",
    "check_freq",
    "check_number",
    "check_share",
    "check_whole",
    "date_column",
    "id_column",
    "label_column",
    "number_column",
    "require_columns",
    "same_length",
    "warn_dropped",
]


class DroppedRowsWarning(UserWarning):
    """A function left rows out of its result; the message gives the count and the reason."""


class DegenerateFitWarning(UserWarning):
    """A model was fitted on data that cannot identify its parameters; the message says what is wrong."""


# ---------------------------------------------------------------------------
# Message helpers
# ---------------------------------------------------------------------------


def _example(value: Any) -> str:
    """A short, readable rendering of one offending value."""
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, (np.integer, np.bool_)):
        return repr(value.item())
    if isinstance(value, pd.Timestamp):
        return repr(str(value))
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _rows(bad: np.ndarray, values: Any, verb: str = "", labels: Any = None) -> str:
    """"2 of 5 rows, e.g. 'x' at row 3"; with ``verb``: "2 of 5 values are not, e.g. ...", for a mask over ``values``.

    The row is the index label from ``labels`` (a Series' index) when given, else the position.
    """
    bad = np.asarray(bad, dtype=bool).ravel()
    first = int(np.flatnonzero(bad)[0])
    sample = values.iloc[first] if isinstance(values, pd.Series) else np.asarray(values, dtype=object).ravel()[first]
    if labels is None and isinstance(values, pd.Series):
        labels = values.index
    by_row = labels is not None and len(labels) == bad.size
    where = f"row {labels[first]!r}" if by_row else f"position {first}"
    middle = f" {verb}" if verb else ""
    return f"{int(bad.sum())} of {bad.size} {'rows' if by_row else 'values'}{middle}, e.g. {_example(sample)} at {where}"


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (float, np.floating)) and math.isnan(value):
        return True
    if isinstance(value, np.datetime64) and np.isnat(value):
        return True
    return False


def _column_name(argument: str, column: str) -> str:
    return f"{argument}[{column!r}]"


def warn_dropped(count: int, total: int, reason: str, argument: str, *, stacklevel: int = 3) -> None:
    """Warn (``DroppedRowsWarning``) that ``count`` of ``total`` rows of ``argument`` were left out, and why.

    Nothing happens when ``count`` is 0.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_dropped(2, 10, "they fall after as_of", "orders")
    >>> print(caught[0].message)
    orders: left out 2 of 10 rows because they fall after as_of
    """
    if count:
        warnings.warn(f"{argument}: left out {count} of {total} rows because {reason}", DroppedRowsWarning,
                      stacklevel=stacklevel)


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------


def require_columns(frame: Any, columns: Iterable[str], argument: str, *, allow_empty: bool = True) -> None:
    """Raise ``ValueError`` naming ``argument`` unless ``frame`` is a DataFrame with ``columns``.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a"], "orders")
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a", "b"], "orders")
    Traceback (most recent call last):
    ...
    ValueError: orders lacks the column(s) ['b']; it has ['a']
    >>> require_columns(pd.DataFrame({"a": []}), ["a"], "orders", allow_empty=False)
    Traceback (most recent call last):
    ...
    ValueError: orders is empty (0 rows): there is nothing to analyse
    """
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{argument} must be a pandas DataFrame, got {type(frame).__name__}")
    if isinstance(columns, str):
        columns = [columns]
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"{argument} lacks the column(s) {missing}; it has {list(frame.columns)}")
    if not allow_empty and len(frame) == 0:
        raise ValueError(f"{argument} is empty (0 rows): there is nothing to analyse")


def check_column_names(**names: Any) -> None:
    """Raise ``ValueError`` unless every keyword argument is a column name (text), naming the first that is not.

    Examples
    --------
    >>> check_column_names(customer="customer_id", date="order_date")
    >>> check_column_names(customer="customer_id", date=None)
    Traceback (most recent call last):
    ...
    ValueError: date must be a column name (text), got None
    """
    for argument, value in names.items():
        if not isinstance(value, str):
            raise ValueError(f"{argument} must be a column name (text), got {_example(value)}")


def _column(frame: Any, column: str, argument: str) -> pd.Series:
    if not isinstance(column, str):
        raise ValueError(f"the column name for {argument} must be text, got {column!r}")
    require_columns(frame, [column], argument)
    return frame[column]


# ---------------------------------------------------------------------------
# Scalars: numbers, shares, whole numbers, choices
# ---------------------------------------------------------------------------


def _lower(low: float, low_open: bool) -> str:
    """The wording of a lower bound: "not be negative", "be positive", "be at least 2", "be greater than 0.5"."""
    if low == 0:
        return "be positive" if low_open else "not be negative"
    return f"be greater than {low:g}" if low_open else f"be at least {low:g}"


def check_number(value: Any, argument: str, *, low: float | None = None, high: float | None = None,
                 low_open: bool = False, high_open: bool = False) -> float:
    """Return ``value`` as a finite float within the bounds, or raise ``ValueError`` naming ``argument``.

    ``low_open`` / ``high_open`` exclude the bound itself (``low=0, low_open=True`` means "positive").

    Examples
    --------
    >>> check_number(3, "aht", low=0, low_open=True)
    3.0
    >>> check_number(float("nan"), "weight")
    Traceback (most recent call last):
    ...
    ValueError: weight must be a finite number, got nan
    >>> check_number("5", "aht")
    Traceback (most recent call last):
    ...
    ValueError: aht must be a number, got '5' (str)
    >>> check_number(0, "aht", low=0, low_open=True)
    Traceback (most recent call last):
    ...
    ValueError: aht must be positive, got 0.0
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
            value = value.item()
        else:
            raise ValueError(f"{argument} must be a number, got {_example(value)} ({type(value).__name__})")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{argument} must be a finite number, got {number!r}")
    if low is not None and (number < low or (low_open and number == low)):
        raise ValueError(f"{argument} must {_lower(low, low_open)}, got {number!r}")
    if high is not None and (number > high or (high_open and number == high)):
        relation = "less than" if high_open else "at most"
        raise ValueError(f"{argument} must be {relation} {high:g}, got {number!r}")
    return number


def check_share(value: Any, argument: str, *, low_open: bool = False, high_open: bool = False) -> float:
    """Return a share or probability in [0, 1] (ends excluded on request), or raise ``ValueError``.

    Examples
    --------
    >>> check_share(0.4, "margin")
    0.4
    >>> check_share(40, "margin")
    Traceback (most recent call last):
    ...
    ValueError: margin must be in [0, 1] (a share), got 40.0
    >>> check_share(1, "retention", high_open=True)
    Traceback (most recent call last):
    ...
    ValueError: retention must be in [0, 1) (a share), got 1.0
    """
    number = check_number(value, argument)
    if number < 0 or (low_open and number == 0) or number > 1 or (high_open and number == 1):
        interval = f"{'(' if low_open else '['}0, 1{')' if high_open else ']'}"
        raise ValueError(f"{argument} must be in {interval} (a share), got {number!r}")
    return number


def check_whole(value: Any, argument: str, *, low: int | None = 0, high: int | None = None) -> int:
    """Return ``value`` as an int (a whole number within the bounds), or raise ``ValueError``.

    Used for counts and for the bounds of a computation (bins, replications, horizons), so that no search or
    loop is asked to run forever: pass ``high`` where a larger value would be unreasonable.

    Examples
    --------
    >>> check_whole(3.0, "bins", low=2)
    3
    >>> check_whole(2.5, "bins")
    Traceback (most recent call last):
    ...
    ValueError: bins must be a whole number, got 2.5
    >>> check_whole(True, "agents")
    Traceback (most recent call last):
    ...
    ValueError: agents must be a whole number, got True (bool)
    >>> check_whole(10**9, "horizon", high=10**6)
    Traceback (most recent call last):
    ...
    ValueError: horizon must be at most 1000000, got 1000000000
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise ValueError(f"{argument} must be a whole number, got {_example(value)} ({type(value).__name__})")
    if isinstance(value, Integral):
        count = int(value)
    else:
        number = float(value)
        if not math.isfinite(number) or not number.is_integer():
            raise ValueError(f"{argument} must be a whole number, got {number!r}")
        count = int(number)
    if low is not None and count < low:
        wording = "not be negative" if low == 0 else "be positive" if low == 1 else f"be at least {low}"
        raise ValueError(f"{argument} must {wording}, got {count}")
    if high is not None and count > high:
        raise ValueError(f"{argument} must be at most {high}, got {count}")
    return count


def check_choice(value: Any, argument: str, choices: Iterable[Any]) -> Any:
    """Return ``value`` if it is one of ``choices``, or raise ``ValueError`` listing them.

    Examples
    --------
    >>> check_choice("M", "freq", ["D", "W", "M"])
    'M'
    >>> check_choice("Q", "freq", ["D", "W", "M"])
    Traceback (most recent call last):
    ...
    ValueError: freq must be one of ['D', 'W', 'M'], got 'Q'
    """
    choices = list(choices)
    try:
        known = value in choices
    except TypeError:
        known = False
    if not known:
        raise ValueError(f"{argument} must be one of {choices}, got {_example(value)}")
    return value


def check_freq(freq: Any, argument: str = "freq") -> pd.Timedelta:
    """Return a positive fixed time step (``"30min"``, ``"1h"``, a ``Timedelta``) or raise ``ValueError``.

    Examples
    --------
    >>> check_freq("30min")
    Timedelta('0 days 00:30:00')
    >>> check_freq("-30min")
    Traceback (most recent call last):
    ...
    ValueError: freq must be a positive time step such as '30min', got '-30min'
    """
    message = f"{argument} must be a positive time step such as '30min', got {_example(freq)}"
    if isinstance(freq, (bool, np.bool_, Real)):
        raise ValueError(message)
    try:
        step = pd.Timedelta(pd.tseries.frequencies.to_offset(freq)) if isinstance(freq, str) else pd.Timedelta(freq)
    except (TypeError, ValueError) as error:
        raise ValueError(message) from error
    if pd.isna(step) or step <= pd.Timedelta(0):
        raise ValueError(message)
    return step


# ---------------------------------------------------------------------------
# Array-likes: numbers, counts, flags, ids
# ---------------------------------------------------------------------------


def _object_values(values: Any, argument: str) -> np.ndarray:
    """``values`` as a 1-d object array (a scalar becomes one element); refuse mappings and sets."""
    if isinstance(values, (dict, set, frozenset)):
        raise ValueError(f"{argument} must be a list, array or Series, got a {type(values).__name__}")
    if isinstance(values, pd.DataFrame):
        if values.shape[1] != 1:
            raise ValueError(f"{argument} must be one column of values, got a DataFrame with {values.shape[1]} columns")
        values = values.iloc[:, 0]
    if isinstance(values, (pd.Series, pd.Index)):
        return values.to_numpy(dtype=object)
    array = np.asarray(values, dtype=object)
    if array.ndim == 0:
        return array.reshape(1)
    return array


def as_float_array(values: Any, argument: str, *, low: float | None = None, high: float | None = None,
                   low_open: bool = False, allow_empty: bool = True, allow_missing: bool = False) -> np.ndarray:
    """Return ``values`` as a float array of finite numbers, or raise ``ValueError`` naming ``argument``.

    A scalar gives a 0-d array. Text, booleans, NaN (unless ``allow_missing``) and infinity are refused, with
    the count of offending values and an example; so are values outside ``low``/``high``.

    Examples
    --------
    >>> as_float_array([1, 2], "sales")
    array([1., 2.])
    >>> as_float_array([1, None, float("nan")], "sales")
    Traceback (most recent call last):
    ...
    ValueError: sales has missing values (NaN): 2 of 3 values, e.g. nan at position 1
    >>> as_float_array(["100", "50"], "amount")
    Traceback (most recent call last):
    ...
    ValueError: amount must be numbers: 2 of 2 values are not, e.g. '100' at position 0
    >>> as_float_array([3, -1], "spend", low=0)
    Traceback (most recent call last):
    ...
    ValueError: spend must not be negative: 1 of 2 values are not, e.g. -1.0 at position 1
    """
    if isinstance(values, (dict, set, frozenset, str, bytes)):
        raise ValueError(f"{argument} must be numbers, got {_example(values)}")
    labels = values.index if isinstance(values, pd.Series) else None
    if isinstance(values, (pd.Series, pd.Index, pd.DataFrame)):
        raw = values.to_numpy()
    else:
        raw = values
    try:
        candidate = np.asarray(raw)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{argument} must be numbers (an array of one shape), got {_example(values)}") from error
    if candidate.dtype.kind in "iuf":
        array = candidate.astype(float)
    else:
        objects = candidate.astype(object)
        flat = objects.ravel()
        not_number = np.array([not (_is_missing(item) or (isinstance(item, Real) and not isinstance(item, (bool, np.bool_))))
                               for item in flat], dtype=bool)
        if not_number.any():
            raise ValueError(f"{argument} must be numbers: {_rows(not_number, flat, verb='are not', labels=labels)}")
        array = np.array([np.nan if _is_missing(item) else float(item) for item in flat], dtype=float).reshape(objects.shape)
    if array.ndim and array.size == 0 and not allow_empty:
        raise ValueError(f"{argument} is empty: there is nothing to analyse")
    flat = array.ravel()
    missing = np.isnan(flat)
    if missing.any() and not allow_missing:
        raise ValueError(f"{argument} has missing values (NaN): {_rows(missing, flat, labels=labels)}")
    infinite = np.isinf(flat)
    if infinite.any():
        raise ValueError(f"{argument} must be finite: {_rows(infinite, flat, labels=labels)}")
    present = ~missing
    for bound, is_low in ((low, True), (high, False)):
        if bound is None:
            continue
        if is_low:
            bad = present & ((flat < bound) | ((flat == bound) if low_open else False))
            relation = _lower(bound, low_open)
        else:
            bad = present & (flat > bound)
            relation = f"be at most {bound:g}"
        if bad.any():
            raise ValueError(f"{argument} must {relation}: {_rows(bad, flat, verb='are not', labels=labels)}")
    return array


def as_whole_array(values: Any, argument: str, *, low: int = 0) -> np.ndarray:
    """Return ``values`` as a float array of whole numbers ≥ ``low`` (counts), or raise ``ValueError``.

    Examples
    --------
    >>> as_whole_array([0, 2, 5], "frequency")
    array([0., 2., 5.])
    >>> as_whole_array([0, 2.5], "frequency")
    Traceback (most recent call last):
    ...
    ValueError: frequency must hold whole numbers ≥ 0: 1 of 2 values are not, e.g. 2.5 at position 1
    """
    array = as_float_array(values, argument)
    labels = values.index if isinstance(values, pd.Series) else None
    flat = array.ravel()
    bad = (flat != np.round(flat)) | (flat < low)
    if bad.any():
        raise ValueError(f"{argument} must hold whole numbers ≥ {low}: {_rows(bad, flat, verb='are not', labels=labels)}")
    return array


def as_bool_array(values: Any, argument: str) -> np.ndarray:
    """Return ``values`` as a bool array; only ``True``/``False`` and the numbers 1/0 are accepted.

    Text such as ``"False"`` or ``"no"`` and missing values are refused with their count, because
    ``astype(bool)`` would silently make them ``True``.

    Examples
    --------
    >>> as_bool_array([True, 0, 1], "opted_in")
    array([ True, False,  True])
    >>> as_bool_array([True, "False", "no"], "opted_in")
    Traceback (most recent call last):
    ...
    ValueError: opted_in must be True/False (or 1/0): 2 of 3 values are not, e.g. 'False' at position 1
    >>> as_bool_array([True, None], "opted_in")
    Traceback (most recent call last):
    ...
    ValueError: opted_in must be True/False (or 1/0): 1 of 2 values are not, e.g. None at position 1
    """
    if isinstance(values, pd.Series) and values.dtype == bool:
        return values.to_numpy(dtype=bool)
    labels = values.index if isinstance(values, pd.Series) else None
    if isinstance(values, np.ndarray) and values.dtype == bool:
        return values.reshape(-1) if values.ndim == 0 else values
    flat = _object_values(values, argument)

    def acceptable(item: Any) -> bool:
        if isinstance(item, (bool, np.bool_)):
            return True
        if isinstance(item, Real) and not _is_missing(item):
            return float(item) in (0.0, 1.0)
        return False

    bad = np.array([not acceptable(item) for item in flat], dtype=bool)
    if bad.any():
        raise ValueError(f"{argument} must be True/False (or 1/0): {_rows(bad, flat, verb='are not', labels=labels)}")
    return np.array([bool(item) for item in flat], dtype=bool)


def _missing_labels(flat: np.ndarray) -> np.ndarray:
    return np.array([_is_missing(item) or (isinstance(item, str) and not item.strip()) for item in flat], dtype=bool)


def as_id_array(values: Any, argument: str) -> np.ndarray:
    """Return ids as a 1-d object array; a single id (e.g. ``"C1"``) counts as one id, never as its characters.

    Missing ids (``None``, NaN, empty text) are refused with their count.

    Examples
    --------
    >>> as_id_array("C1", "customer_ids")
    array(['C1'], dtype=object)
    >>> as_id_array(["C1", None, ""], "customer_ids")
    Traceback (most recent call last):
    ...
    ValueError: customer_ids has missing ids: 2 of 3 values, e.g. None at position 1
    """
    labels = values.index if isinstance(values, pd.Series) else None
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        flat = np.array([values], dtype=object)
    else:
        flat = _object_values(values, argument).ravel()
    bad = _missing_labels(flat)
    if bad.any():
        raise ValueError(f"{argument} has missing ids: {_rows(bad, flat, labels=labels)}")
    return flat


def same_length(**arrays: Any) -> int:
    """Return the common length of the named array-likes, or raise ``ValueError`` listing the lengths.

    Examples
    --------
    >>> same_length(score=[1, 2], treated=[0, 1])
    2
    >>> same_length(score=[1, 2], treated=[0])
    Traceback (most recent call last):
    ...
    ValueError: score, treated must have the same length; got 2, 1
    """
    lengths = [len(np.atleast_1d(np.asarray(value, dtype=object))) if not isinstance(value, (pd.Series, pd.DataFrame))
               else len(value) for value in arrays.values()]
    if len(set(lengths)) > 1:
        raise ValueError(f"{', '.join(arrays)} must have the same length; got {', '.join(map(str, lengths))}")
    return lengths[0] if lengths else 0


# ---------------------------------------------------------------------------
# Columns of a table
# ---------------------------------------------------------------------------


def number_column(frame: Any, column: str, argument: str, *, low: float | None = None, high: float | None = None,
                  low_open: bool = False, allow_missing: bool = False) -> pd.Series:
    """Return ``frame[column]`` as a float Series, or raise ``ValueError`` naming ``argument[column]``.

    Text (``"100"``), booleans, NaN (unless ``allow_missing``), infinity and values outside the bounds are
    refused with the count of rows and an example.

    Examples
    --------
    >>> orders = pd.DataFrame({"amount": [100, "50"]})
    >>> number_column(orders, "amount", "orders")
    Traceback (most recent call last):
    ...
    ValueError: orders['amount'] must be numbers: 1 of 2 rows are not, e.g. '50' at row 1
    >>> number_column(pd.DataFrame({"amount": [1.5, 2]}), "amount", "orders").tolist()
    [1.5, 2.0]
    """
    series = _column(frame, column, argument)
    if series.dtype == bool:
        raise ValueError(f"{_column_name(argument, column)} must be numbers, got True/False values")
    array = as_float_array(series, _column_name(argument, column), low=low, high=high, low_open=low_open,
                           allow_missing=allow_missing)
    return pd.Series(array, index=series.index, name=column)


def bool_column(frame: Any, column: str, argument: str) -> pd.Series:
    """Return ``frame[column]`` as a bool Series (only True/False or 1/0 accepted), or raise ``ValueError``.

    Examples
    --------
    >>> customers = pd.DataFrame({"marketing_opt_in": [True, "False", "no", None]})
    >>> bool_column(customers, "marketing_opt_in", "customers")
    Traceback (most recent call last):
    ...
    ValueError: customers['marketing_opt_in'] must be True/False (or 1/0): 3 of 4 rows are not, e.g. 'False' at row 1
    """
    series = _column(frame, column, argument)
    return pd.Series(as_bool_array(series, _column_name(argument, column)), index=series.index, name=column)


def id_column(frame: Any, column: str, argument: str) -> pd.Series:
    """Return ``frame[column]`` after checking that no id is missing (a row without an id would vanish).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", None, "b"]})
    >>> id_column(orders, "customer_id", "orders")
    Traceback (most recent call last):
    ...
    ValueError: orders['customer_id'] has missing ids: 1 of 3 rows, e.g. nan at row 1
    """
    series = _column(frame, column, argument)
    as_id_array(series, _column_name(argument, column))
    return series


def label_column(frame: Any, column: str, argument: str) -> pd.Series:
    """Return ``frame[column]`` after checking that no label (a group, a status, a channel) is missing.

    Examples
    --------
    >>> contacts = pd.DataFrame({"group": ["treatment", None]})
    >>> label_column(contacts, "group", "contacts")
    Traceback (most recent call last):
    ...
    ValueError: contacts['group'] has missing values: 1 of 2 rows, e.g. nan at row 1
    """
    series = _column(frame, column, argument)
    flat = series.to_numpy(dtype=object)
    bad = _missing_labels(flat)
    if bad.any():
        raise ValueError(f"{_column_name(argument, column)} has missing values: {_rows(bad, flat, labels=series.index)}")
    return series


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_TZ_ADVICE = ("crmkit works in the shop's local time with time-zone-naive dates; convert first, e.g. "
              ".dt.tz_convert('Asia/Shanghai').dt.tz_localize(None)")


def _refuse_tz(argument: str, example: Any) -> None:
    raise ValueError(f"{argument} is time-zone aware (e.g. {_example(example)}); {_TZ_ADVICE}")


def as_date(value: Any, argument: str, *, allow_none: bool = False) -> pd.Timestamp | None:
    """Return one date as a naive ``pd.Timestamp``; ISO text is accepted, numbers and aware dates refused.

    Examples
    --------
    >>> as_date("2024-06-30", "as_of")
    Timestamp('2024-06-30 00:00:00')
    >>> as_date(20240630, "as_of")
    Traceback (most recent call last):
    ...
    ValueError: as_of must be a date (a Timestamp or ISO text such as '2024-06-30'), got 20240630 (int)
    >>> as_date(pd.Timestamp("2024-06-30", tz="UTC"), "as_of")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: as_of is time-zone aware (e.g. '2024-06-30 00:00:00+00:00'); crmkit works in the shop's local time...
    """
    if value is None and allow_none:
        return None
    message = f"{argument} must be a date (a Timestamp or ISO text such as '2024-06-30'), got {_example(value)} " \
              f"({type(value).__name__})"
    if not isinstance(value, (str, _datetime.date, np.datetime64)):
        raise ValueError(message)
    try:
        stamp = pd.to_datetime(value, format="ISO8601") if isinstance(value, str) else pd.Timestamp(value)
    except (TypeError, ValueError) as error:
        raise ValueError(message) from error
    if pd.isna(stamp):
        raise ValueError(message)
    if stamp.tzinfo is not None:
        _refuse_tz(argument, stamp)
    return stamp


def as_date_array(values: Any, argument: str, *, allow_missing: bool = False) -> pd.Series:
    """Return dates as a naive ``datetime64`` Series (index kept for a Series), or raise ``ValueError``.

    Accepts datetime values and ISO 8601 text; refuses numbers (an integer is not a date), booleans, text
    that is not a date, time-zone-aware dates and (unless ``allow_missing``) missing dates, with the count.

    Examples
    --------
    >>> as_date_array(["2024-01-05", pd.Timestamp("2024-02-01")], "start").dt.day.tolist()
    [5, 1]
    >>> as_date_array([20240105, 20240201], "start")
    Traceback (most recent call last):
    ...
    ValueError: start must hold dates, not numbers (an integer is not a date): 2 of 2 values, e.g. 20240105 at position 0
    >>> as_date_array(["2024-01-05", "soon", None], "start")
    Traceback (most recent call last):
    ...
    ValueError: start must hold dates (ISO text such as '2024-06-30'): 1 of 3 values are not, e.g. 'soon' at position 1
    """
    index = labels = values.index if isinstance(values, pd.Series) else None
    if isinstance(values, (str, bytes, _datetime.date, np.datetime64)):
        values = [values]
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.DatetimeTZDtype):
        _refuse_tz(argument, values.dropna().iloc[0] if values.notna().any() else values.dtype)
    if isinstance(values, pd.DatetimeIndex) and values.tz is not None:
        _refuse_tz(argument, values.dtype)
    if isinstance(values, pd.Series) and values.dtype.kind == "M":
        dates = values
    elif isinstance(values, pd.DatetimeIndex):
        dates = pd.Series(values)
    else:
        flat = _object_values(values, argument).ravel()
        numeric = np.array([isinstance(item, (Real, np.bool_)) and not _is_missing(item) for item in flat], dtype=bool)
        if numeric.any():
            raise ValueError(f"{argument} must hold dates, not numbers (an integer is not a date): "
                             f"{_rows(numeric, flat, labels=labels)}")
        aware = np.array([getattr(item, "tzinfo", None) is not None for item in flat], dtype=bool)
        if aware.any():
            _refuse_tz(argument, flat[np.flatnonzero(aware)[0]])
        missing = np.array([_is_missing(item) for item in flat], dtype=bool)
        not_date = np.array([not (missing[i] or isinstance(item, (str, _datetime.date, np.datetime64)))
                             for i, item in enumerate(flat)], dtype=bool)
        if not not_date.any():
            try:
                parsed = pd.to_datetime(pd.Series(flat, dtype=object), format="ISO8601", errors="coerce")
            except (TypeError, ValueError):  # e.g. text with different UTC offsets
                parsed = pd.Series([pd.Timestamp(item) if not missing[i] else pd.NaT for i, item in enumerate(flat)])
            if isinstance(parsed.dtype, pd.DatetimeTZDtype) or parsed.dtype == object:
                _refuse_tz(argument, parsed.dropna().iloc[0] if parsed.notna().any() else parsed.dtype)
            not_date = parsed.isna().to_numpy() & ~missing
        if not_date.any():
            raise ValueError(f"{argument} must hold dates (ISO text such as '2024-06-30'): "
                             f"{_rows(not_date, flat, verb='are not', labels=labels)}")
        parsed = parsed.to_numpy()
        dates = pd.Series(parsed, index=index)
    if not allow_missing and dates.isna().any():
        missing = dates.isna().to_numpy()
        raise ValueError(f"{argument} has missing dates: {int(missing.sum())} of {missing.size} values")
    return dates


def date_column(frame: Any, column: str, argument: str, *, allow_missing: bool = False) -> pd.Series:
    """Return ``frame[column]`` as naive ``datetime64`` dates, or raise ``ValueError`` naming the column.

    See :func:`as_date_array` for what is accepted.

    Examples
    --------
    >>> orders = pd.DataFrame({"order_date": [1, 2]})
    >>> date_column(orders, "order_date", "orders")
    Traceback (most recent call last):
    ...
    ValueError: orders['order_date'] must hold dates, not numbers (an integer is not a date): 2 of 2 rows, e.g. 1 at row 0
    >>> date_column(pd.DataFrame({"order_date": ["2024-01-05"]}), "order_date", "orders").tolist()
    [Timestamp('2024-01-05 00:00:00')]
    """
    series = _column(frame, column, argument)
    return as_date_array(series, _column_name(argument, column), allow_missing=allow_missing).rename(column)
