"""Round numbers before they are shown, so that a notebook prints the same on every machine.

Floats computed through vectorised or BLAS kernels can differ in their last digits from one CPU to
another, and a mean of standardised values can come out as ``-1e-17`` on one machine and ``+1e-17`` on
another, which pandas prints as ``-0.00`` and ``0.00``. Printing 16 digits of such a number also
tells a reader nothing. So every number a notebook prints or charts goes through :func:`rounded`
(a fixed number of decimals) or :func:`significant` (a fixed number of significant digits, the way
the literature reports fitted parameters) first. Both turn ``-0.0`` into ``0.0``.

Examples
--------
>>> import pandas as pd
>>> rounded(pd.Series([0.12345, -0.00001]), 3).tolist()
[0.123, 0.0]
>>> significant(4.41358720318, 4)
4.414
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, TypeVar

import numpy as np
import pandas as pd

T = TypeVar("T")

__all__ = ["rounded", "significant"]


def _check_digits(digits: Any, argument: str, *, minimum: int) -> int:
    if isinstance(digits, bool) or not isinstance(digits, (int, np.integer)) or digits < minimum:
        raise ValueError(f"{argument} must be a whole number of at least {minimum}, got {digits!r}")
    return int(digits)


def _round_scalar(value: Any, decimals: int) -> Any:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        return value
    if isinstance(value, (int, np.integer)):
        return value
    result = round(float(value), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    return result


def rounded(values: T, decimals: int = 2) -> T:
    """Round every float in ``values`` to ``decimals`` places and remove negative zeros.

    Parameters
    ----------
    values : float, array-like, pandas Series or DataFrame, or a dict of these
        What to round. Columns that are not floats (text, dates, integers, categories) are returned
        unchanged, so a whole table can be passed before it is displayed or charted.
    decimals : int, default 2
        Decimal places to keep; may be negative (``-2`` rounds to hundreds).

    Returns
    -------
    the same kind of object as ``values``, rounded.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"segment": ["a", "b"], "share": [0.123456, -0.0000001]})
    >>> rounded(frame, 2)
      segment  share
    0       a   0.12
    1       b   0.00
    >>> rounded(2819297.4999, -3)
    2819000.0
    >>> rounded({"alpha": 0.80797649, "beta": 0.2044148}, 3)
    {'alpha': 0.808, 'beta': 0.204}
    """
    if isinstance(decimals, bool) or not isinstance(decimals, (int, np.integer)):
        raise ValueError(f"decimals must be a whole number, got {decimals!r}")
    decimals = int(decimals)
    if isinstance(values, pd.DataFrame):
        result = values.copy()
        for column in result.columns:
            if pd.api.types.is_float_dtype(result[column].dtype):
                result[column] = result[column].round(decimals) + 0.0
        return result
    if isinstance(values, pd.Series):
        if pd.api.types.is_float_dtype(values.dtype):
            return values.round(decimals) + 0.0
        return values
    if isinstance(values, np.ndarray):
        if np.issubdtype(values.dtype, np.floating):
            return np.round(values, decimals) + 0.0
        return values
    if isinstance(values, Mapping):
        return type(values)((key, rounded(value, decimals)) for key, value in values.items())
    if isinstance(values, (list, tuple)):
        return type(values)(rounded(value, decimals) for value in values)
    return _round_scalar(values, decimals)


def _significant_scalar(value: Any, digits: int) -> Any:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        return value
    value = float(value)
    if value == 0 or not math.isfinite(value):
        return value + 0.0
    decimals = digits - 1 - math.floor(math.log10(abs(value)))
    return round(value, decimals) + 0.0


def significant(values: T, digits: int = 4) -> T:
    """Round every float in ``values`` to ``digits`` significant digits, as published estimates are reported.

    Parameters
    ----------
    values : float, array-like, pandas Series or DataFrame, or a dict of these
        What to round; non-float columns and values are returned unchanged.
    digits : int, default 4
        Significant digits to keep (at least 1).

    Returns
    -------
    the same kind of object as ``values``, rounded.

    Examples
    --------
    >>> significant({"r": 0.24259, "alpha": 4.41359, "a": 0.79292, "b": 2.42589}, 4)
    {'r': 0.2426, 'alpha': 4.414, 'a': 0.7929, 'b': 2.426}
    >>> significant(-0.000012345, 2)
    -1.2e-05
    >>> significant(pd.Series([1234.5678, 0.00123456]), 3).tolist()
    [1230.0, 0.00123]
    """
    digits = _check_digits(digits, "digits", minimum=1)
    if isinstance(values, pd.DataFrame):
        result = values.copy()
        for column in result.columns:
            if pd.api.types.is_float_dtype(result[column].dtype):
                result[column] = significant(result[column], digits)
        return result
    if isinstance(values, pd.Series):
        if pd.api.types.is_float_dtype(values.dtype):
            return values.map(lambda value: _significant_scalar(value, digits)).astype(values.dtype)
        return values
    if isinstance(values, np.ndarray):
        if np.issubdtype(values.dtype, np.floating):
            return np.vectorize(lambda value: _significant_scalar(value, digits), otypes=[values.dtype])(values)
        return values
    if isinstance(values, Mapping):
        return type(values)((key, significant(value, digits)) for key, value in values.items())
    if isinstance(values, (list, tuple)):
        return type(values)(significant(value, digits) for value in values)
    return _significant_scalar(values, digits)
