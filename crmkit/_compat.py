"""Keeping old names working: argument synonyms.

The workbook uses one name per meaning (``confidence`` for a confidence level,
``as_of`` for the last day observed). Where a function used another name
before, that name stays a documented synonym: it works without a warning.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable


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


def orders_synonym(function: Callable) -> Callable:
    """Let ``function`` take the shop's order log as ``orders=`` or under its older name ``transactions=``.

    ``orders`` is the one name for the log of purchases (one row per order);
    ``transactions=`` keeps working as a documented synonym, and giving both is refused.
    An error about the log then names the argument as the caller gave it.

    Examples
    --------
    >>> @orders_synonym
    ... def count(orders, days=1):
    ...     return len(orders) * days
    >>> count([1, 2]), count(orders=[1, 2]), count(transactions=[1, 2], days=3)
    (2, 2, 6)
    >>> count([1, 2], transactions=[1])
    Traceback (most recent call last):
    ...
    ValueError: give orders or its older name transactions, not both
    >>> @orders_synonym
    ... def first(orders):
    ...     if not orders:
    ...         raise ValueError("orders is empty")
    ...     return orders[0]
    >>> first(transactions=[])
    Traceback (most recent call last):
    ...
    ValueError: transactions is empty
    """
    signature = inspect.signature(function)
    position = list(signature.parameters).index("orders")

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if "transactions" in kwargs:
            transactions = kwargs.pop("transactions")
            if "orders" in kwargs or len(args) > position:
                raise ValueError("give orders or its older name transactions, not both")
            kwargs["orders"] = transactions
            try:
                return function(*args, **kwargs)
            except ValueError as error:  # name the argument as the caller gave it
                message = str(error)
                if not message.startswith("orders"):
                    raise
                raise ValueError("transactions" + message[len("orders"):]) from error
        return function(*args, **kwargs)

    old = inspect.Parameter("transactions", inspect.Parameter.KEYWORD_ONLY, default=None)
    parameters = list(signature.parameters.values())
    at = next((i for i, p in enumerate(parameters) if p.kind is inspect.Parameter.VAR_KEYWORD), len(parameters))
    wrapper.__signature__ = signature.replace(parameters=parameters[:at] + [old] + parameters[at:])  # type: ignore[attr-defined]
    return wrapper
