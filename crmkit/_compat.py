"""Keeping old names working: argument synonyms.

The workbook uses one name per meaning (``confidence`` for a confidence level,
``as_of`` for the last day observed). Where a function used another name
before, that name stays a documented synonym: it works without a warning.
"""

from __future__ import annotations

from typing import Any


def synonym(name: str, value: Any, old_name: str, old_value: Any, default: Any = None) -> Any:
    """Return the argument's value, taken from its older name ``old_name`` if that was given instead.

    ``value`` is what the caller passed under the current ``name`` (``default``
    when she passed nothing); ``old_value`` is ``None`` unless she used the old name.

    Examples
    --------
    >>> synonym("confidence", 0.95, "level", None, default=0.95)
    0.95
    >>> synonym("confidence", 0.95, "level", 0.9, default=0.95)
    0.9
    >>> synonym("confidence", 0.8, "level", 0.9, default=0.95)
    Traceback (most recent call last):
    ...
    ValueError: give confidence or its older name level, not both (got 0.8 and 0.9)
    """
    if old_value is None:
        return value
    if value is not None and value is not default and value != default:
        raise ValueError(f"give {name} or its older name {old_name}, not both (got {value!r} and {old_value!r})")
    return old_value
