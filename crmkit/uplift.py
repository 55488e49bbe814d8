"""Uplift modelling (增量建模): who responds *because* of a campaign.

Chapter 6's last step: instead of predicting who buys, predict how much a
contact changes the chance of buying, then target by that.

- :class:`TwoModelUplift`: the two-model ("T-learner") estimator, one response
  model per group; it follows the shared model interface of :mod:`crmkit._model`;
- :func:`uplift_by_decile`: observed uplift in each tenth of customers ranked by a score;
- :func:`qini_curve`: the Qini curve (Radcliffe 2007).

The names are also available from :mod:`crmkit.campaign`, their first home.

Examples
--------
>>> from crmkit import uplift
>>> uplift.uplift_by_decile([0.3, 0.2, 0.1, 0.0], [True, False, True, False], [True, False, False, False], bins=2)["uplift"].tolist()
[1.0, 0.0]
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from crmkit._checks import as_bool_array, as_float_array, check_whole, same_length
from crmkit._model import FittedModel

__all__ = ["TwoModelUplift", "uplift_by_decile", "qini_curve"]


class TwoModelUplift(FittedModel):
    """Two-model uplift ("T-learner"): one response model per group; uplift = the difference.

    A classifier is fitted on the treated customers and a copy on the hold-out
    customers; a customer's predicted uplift is
    ``P(respond | treated, x) − P(respond | not treated, x)``. Simple and
    transparent; its weakness is that each model learns response, not the
    difference, so noise in either shows up in the uplift.

    Parameters
    ----------
    estimator : scikit-learn classifier, optional
        Any classifier with ``predict_proba``; cloned for each group. Default:
        ``LogisticRegression(max_iter=1000)`` on standardised features.

    Attributes
    ----------
    treated_model_, control_model_ : fitted classifiers
    n_features_in_ : int
    params_ : dict
        ``treated_rate`` and ``control_rate`` (observed response rates of the
        two groups) and ``mean_uplift`` (the mean predicted uplift of the rows
        fitted on), as in the shared model interface of :mod:`crmkit._model`.
    log_likelihood_ : float
        Summed Bernoulli log-likelihood of the observed responses under the two
        fitted response models (each row scored by its own group's model).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(4000, 1))
    >>> treated = rng.random(4000) < 0.5
    >>> p = 0.1 + 0.1 * treated * (x[:, 0] > 0)
    >>> y = rng.random(4000) < p
    >>> model = TwoModelUplift().fit(x, treated, y)
    >>> bool(model.predict(np.array([[1.5]]))[0] > model.predict(np.array([[-1.5]]))[0])
    True
    """

    _names = ("treated_rate", "control_rate", "mean_uplift")

    def __init__(self, estimator: Any = None) -> None:
        super().__init__()
        self.estimator = estimator

    def _make(self) -> Any:
        from sklearn.base import clone
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        if self.estimator is None:
            return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
        return clone(self.estimator)

    def fit(self, X: Any, treated: Any, converted: Any) -> "TwoModelUplift":
        """Fit the two response models; returns self."""
        X = as_float_array(X, "X")
        treated = as_bool_array(treated, "treated")
        converted = as_bool_array(converted, "converted")
        if X.ndim != 2:
            raise ValueError(f"X must be a 2-D table of features, got shape {X.shape}")
        same_length(X=X, treated=treated, converted=converted)
        for name, mask in (("treated", treated), ("control", ~treated)):
            outcomes = set(converted[mask].tolist())
            if len(outcomes) < 2:
                raise ValueError(f"the {name} group needs both responders and non-responders to fit a model")
        self.treated_model_ = self._make().fit(X[treated], converted[treated])
        self.control_model_ = self._make().fit(X[~treated], converted[~treated])
        self.n_features_in_ = X.shape[1]
        log_likelihood = 0.0
        for model, mask in ((self.treated_model_, treated), (self.control_model_, ~treated)):
            chance = np.clip(model.predict_proba(X[mask])[:, 1], 1e-300, 1.0 - 1e-16)
            log_likelihood += float(np.sum(np.where(converted[mask], np.log(chance), np.log1p(-chance))))
        params = {"treated_rate": converted[treated].mean(), "control_rate": converted[~treated].mean(),
                  "mean_uplift": self.predict(X).mean()}
        self._set_fit(params, log_likelihood, len(X))
        return self

    def predict(self, X: Any) -> np.ndarray:
        """Predicted uplift of each row: P(respond if treated) − P(respond if not)."""
        if not hasattr(self, "treated_model_"):
            self._check_fitted()
        X = as_float_array(X, "X")
        if X.ndim != 2 or X.shape[1] != self.n_features_in_:
            raise ValueError(f"X must be a 2-D table with the {self.n_features_in_} feature(s) fitted on, got shape {X.shape}")
        return self.treated_model_.predict_proba(X)[:, 1] - self.control_model_.predict_proba(X)[:, 1]


def _ranked_inputs(score: Any, treated: Any, converted: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Check a score and the two flags of the customers it ranks: numbers, True/False, one length, not empty."""
    score = as_float_array(score, "score", allow_empty=False)
    treated = as_bool_array(treated, "treated")
    converted = as_bool_array(converted, "converted")
    if score.ndim != 1:
        raise ValueError(f"score must be one number per customer, got shape {score.shape}")
    same_length(score=score, treated=treated, converted=converted)
    return score, treated, converted


def uplift_by_decile(score: Any, treated: Any, converted: Any, bins: int = 10) -> pd.DataFrame:
    """Observed uplift in each of ``bins`` equal groups of customers ranked by a score (highest score first).

    With the default ``bins=10`` the groups are deciles (tenths); with ``bins=5`` they are quintiles
    (fifths): name the table by its groups when you report it (an "uplift-by-quintile" table). The
    group number is in the column ``decile`` whatever ``bins`` is (the column name is kept for
    compatibility).

    Parameters
    ----------
    score : array-like
        A predicted uplift (or any targeting score) per customer.
    treated, converted : array-like of bool
        Whether each customer was contacted and whether she responded.
    bins : int, default 10
        Number of equal-sized groups.

    Returns
    -------
    pandas.DataFrame
        One row per group (1 = highest scores): ``decile``, ``customers``,
        ``treated_rate``, ``control_rate``, ``uplift`` (treated − control rate),
        ``mean_score``.

    Examples
    --------
    >>> table = uplift_by_decile([0.3, 0.2, 0.1, 0.0], [True, False, True, False], [True, False, False, False], bins=2)
    >>> table[["decile", "treated_rate", "control_rate", "uplift"]]
       decile  treated_rate  control_rate  uplift
    0       1           1.0           0.0     1.0
    1       2           0.0           0.0     0.0
    """
    score, treated, converted = _ranked_inputs(score, treated, converted)
    bins = check_whole(bins, "bins", low=1, high=len(score))
    order = np.argsort(-score, kind="stable")
    decile = np.empty(len(score), dtype=int)
    decile[order] = np.arange(len(score)) * bins // len(score) + 1
    frame = pd.DataFrame({"decile": decile, "treated": treated, "converted": converted, "score": score})
    rows = []
    for number, part in frame.groupby("decile"):
        t = part[part["treated"]]
        c = part[~part["treated"]]
        rate_t = float(t["converted"].mean()) if len(t) else math.nan
        rate_c = float(c["converted"].mean()) if len(c) else math.nan
        rows.append({"decile": int(number), "customers": len(part), "treated_rate": rate_t, "control_rate": rate_c,
                     "uplift": rate_t - rate_c, "mean_score": float(part["score"].mean())})
    return pd.DataFrame(rows)


def qini_curve(score: Any, treated: Any, converted: Any, points: int = 20) -> pd.DataFrame:
    """The Qini curve: extra responses gained by targeting the top share of customers by score.

    Customers are ranked by ``score`` (highest first). For the top share φ, with
    ``R_t(φ)``, ``R_c(φ)`` responders and ``N_t(φ)``, ``N_c(φ)`` customers in the treated
    and hold-out groups, the Qini value is ``R_t(φ) − R_c(φ) · N_t(φ) / N_c(φ)``
    (Radcliffe 2007): the incremental responses among the targeted, in treated-group
    units. A random ranking gives the straight line from 0 to the overall value.

    Parameters
    ----------
    score : array-like of numbers
        A predicted uplift (or any targeting score) per customer.
    treated, converted : array-like of bool
        Whether each customer was contacted and whether she responded (True/False or 1/0).
    points : int, default 20
        Number of points on the curve after 0; with fewer customers than points, one point per customer.

    Returns
    -------
    pandas.DataFrame
        ``share_targeted`` (0 to 1), ``qini`` (the model's curve) and ``random`` (the diagonal).

    Examples
    --------
    >>> curve = qini_curve([0.3, 0.2, 0.1, 0.0], [True, False, True, False], [True, False, False, False], points=2)
    >>> curve
       share_targeted  qini  random
    0             0.0   0.0     0.0
    1             0.5   1.0     0.5
    2             1.0   1.0     1.0
    """
    score, treated, converted = _ranked_inputs(score, treated, converted)
    # At most one point per customer: a small input with the default 20 points gets one point per customer
    # (the "valid input" case) instead of an empty first slice that wrapped to index -1.
    points = min(check_whole(points, "points", low=1), len(score))
    order = np.argsort(-score, kind="stable")
    t = treated[order]
    y = converted[order]
    cum_nt = np.cumsum(t)
    cum_nc = np.cumsum(~t)
    cum_rt = np.cumsum(t & y)
    cum_rc = np.cumsum(~t & y)
    rows = [{"share_targeted": 0.0, "qini": 0.0}]
    n = len(score)
    for k in range(1, points + 1):
        m = int(round(k * n / points))
        nt, nc, rt, rc = cum_nt[m - 1], cum_nc[m - 1], cum_rt[m - 1], cum_rc[m - 1]
        value = rt - (rc * nt / nc if nc > 0 else 0.0)
        rows.append({"share_targeted": m / n, "qini": float(value)})
    curve = pd.DataFrame(rows)
    curve["random"] = curve["share_targeted"] * curve["qini"].iloc[-1]
    return curve

