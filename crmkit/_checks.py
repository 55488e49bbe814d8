"""Input checks shared by the topic modules, so every module reports bad input the same way."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd


def require_columns(frame: Any, columns: Iterable[str], argument: str, *, allow_empty: bool = True) -> None:
    """Raise ``ValueError`` naming ``argument`` unless ``frame`` is a DataFrame with ``columns``.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a"], "orders")
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a", "b"], "orders")
    Traceback (most recent call last):
    ...
    ValueError: orders lacks the column(s) ['b']; it has ['a']
    """
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{argument} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"{argument} lacks the column(s) {missing}; it has {list(frame.columns)}")
    if not allow_empty and len(frame) == 0:
        raise ValueError(f"{argument} is empty: there is nothing to analyse")


def as_float_array(values: Any, argument: str) -> np.ndarray:
    """Return ``values`` as a float array, or raise ``ValueError`` naming ``argument``.

    Examples
    --------
    >>> as_float_array([1, 2], "sales")
    array([1., 2.])
    >>> as_float_array([1, None], "sales")
    Traceback (most recent call last):
    ...
    ValueError: sales has missing values (NaN)
    """
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{argument} must be numbers") from error
    if np.isnan(array).any():
        raise ValueError(f"{argument} has missing values (NaN)")
    return array
