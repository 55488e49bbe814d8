"""The interface every fitted model in crmkit shares, in the manner of lifetimes' fitters.

A model is made empty, then fitted:

- ``fit(...)`` estimates the parameters and returns the model itself, so
  ``model = BetaGeo().fit(...)`` reads as one step;
- ``params_`` holds the estimates in a dict, indexable by name
  (``model.params_["alpha"]``); ``log_likelihood_`` is the summed
  log-likelihood at the estimates where the model has one (else ``None``);
  ``n_observations_`` is how many observations the fit used;
- ``summary()`` returns the estimates as a table;
- using a model before ``fit`` raises :class:`NotFittedError`, a ``ValueError``;
- a method given a scalar answers with a scalar (a ``float``), given an array
  with an array.

The classes that follow it: :class:`crmkit.clv.BetaGeo`, :class:`crmkit.clv.GammaGamma`,
:class:`crmkit.loyalty.ShiftedBetaGeo` and :class:`crmkit.uplift.TwoModelUplift`.

Examples
--------
>>> from crmkit.loyalty import ShiftedBetaGeo
>>> model = ShiftedBetaGeo()
>>> model.survival(1)
Traceback (most recent call last):
...
crmkit._model.NotFittedError: ShiftedBetaGeo is not fitted yet: call fit(...) first
>>> model.fit([1000, 631, 468, 382, 326, 289, 262, 241]).summary().round(3)  # doctest: +NORMALIZE_WHITESPACE
           estimate
parameter
alpha         0.704
beta          1.182
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["NotFittedError", "FittedModel", "ScalarResult"]


class NotFittedError(ValueError, AttributeError):
    """Raised when a model is used before ``fit``; a ``ValueError`` (and an ``AttributeError``, as scikit-learn's)."""


class ScalarResult(float):
    """A float that also answers ``[0]`` and ``[-1]``.

    Model methods once returned a one-element array for a scalar input, so code
    such as ``model.p_alive(4, 20, 39)[0]`` exists in the labs. They now return
    a scalar; this subclass keeps that older code working. Use it as a float.

    Examples
    --------
    >>> value = ScalarResult(0.25)
    >>> value + 1, value[0]
    (1.25, 0.25)
    """

    def __getitem__(self, index: Any) -> float:
        if index in (0, -1):
            return float(self)
        raise IndexError(f"a scalar result has one value; index {index!r} is out of range")


def scalar_or_array(values: Any, scalar: bool) -> Any:
    """Return ``values`` as a :class:`ScalarResult` when the input was a scalar, else as given."""
    if scalar:
        return ScalarResult(np.asarray(values, dtype=float).reshape(-1)[0])
    return values


def all_scalar(*values: Any) -> bool:
    """True when every argument is a scalar (0-dimensional)."""
    return all(np.ndim(value) == 0 for value in values)


class FittedModel:
    """Base of crmkit's fitted models: parameters, log-likelihood, summary, one not-fitted error.

    Subclasses name their parameters in ``_names``, implement ``fit`` and call
    :meth:`_set_fit` at its end, then ``return self``.
    """

    _names: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.params_: dict[str, float] | None = None
        self.log_likelihood_: float | None = None
        self.n_observations_: int | None = None

    @property
    def is_fitted(self) -> bool:
        """Whether :meth:`fit` has been called."""
        return self.params_ is not None

    def _check_fitted(self) -> None:
        if not self.is_fitted:
            raise NotFittedError(f"{type(self).__name__} is not fitted yet: call fit(...) first")

    def _params(self) -> tuple[float, ...]:
        """The estimates in the order of ``_names``; raises :class:`NotFittedError` before ``fit``."""
        self._check_fitted()
        return tuple(self.params_[name] for name in self._names)

    def _set_fit(self, params: dict[str, float], log_likelihood: float | None, n_observations: int) -> None:
        self.params_ = {name: float(value) for name, value in params.items()}
        self.log_likelihood_ = None if log_likelihood is None else float(log_likelihood)
        self.n_observations_ = int(n_observations)

    def summary(self) -> pd.DataFrame:
        """The estimates as a table: one row per parameter, column ``estimate``.

        ``attrs`` holds ``model``, ``log_likelihood`` and ``n_observations``.
        """
        self._check_fitted()
        table = pd.DataFrame({"estimate": pd.Series(self.params_, dtype=float)})
        table.index.name = "parameter"
        table.attrs.update(model=type(self).__name__, log_likelihood=self.log_likelihood_,
                           n_observations=self.n_observations_)
        return table

    def __repr__(self) -> str:
        if not self.is_fitted:
            return f"{type(self).__name__}()"
        shown = ", ".join(f"{name}={value:.4g}" for name, value in self.params_.items())
        if self.log_likelihood_ is None:
            return f"{type(self).__name__}({shown})"
        return f"{type(self).__name__}({shown}; log-likelihood {self.log_likelihood_:.2f})"
