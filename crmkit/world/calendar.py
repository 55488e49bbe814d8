"""The retailer's calendar: observation window, promotion days and seasonality.

Every table family that has a time dimension uses these dates, so that the big
platform promotions (618 and Double 11) show up in orders, campaigns, calls and
complaints alike.

Examples
--------
>>> import pandas as pd
>>> from crmkit.world.calendar import seasonality, START, END
>>> days = pd.date_range(START, END, freq="D")
>>> weights = seasonality(days)
>>> round(float(weights.mean()), 6)
1.0
>>> float(weights[days == "2024-11-11"][0]) > 5
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit._checks import as_date_array

#: First and last day of the data world (inclusive).
START = pd.Timestamp("2023-01-01")
END = pd.Timestamp("2025-12-31")

#: Chinese New Year's Day (春节) in each year of the window; deliveries pause around it.
SPRING_FESTIVAL = {
    2023: pd.Timestamp("2023-01-22"),
    2024: pd.Timestamp("2024-02-10"),
    2025: pd.Timestamp("2025-01-29"),
}

#: Promotion windows: (name, Chinese name, month, first day, last day, peak day).
PROMOTIONS = (
    ("618", "618年中大促", 6, 1, 18, 18),
    ("Double 11", "双十一", 11, 1, 11, 11),
    ("Double 12", "双十二", 12, 10, 12, 12),
)

#: Relative demand inside a promotion window, on its peak day, and around Spring Festival.
WINDOW_LIFT = 2.0
PEAK_LIFT = {"618": 5.0, "Double 11": 8.0, "Double 12": 3.0}
FESTIVAL_DIP = 0.4


def promotion_of(days: pd.DatetimeIndex) -> np.ndarray:
    """Name the promotion each day falls in ("none" for an ordinary day).

    Parameters
    ----------
    days : pandas.DatetimeIndex
        Calendar days.

    Returns
    -------
    numpy.ndarray
        One string per day: "618", "Double 11", "Double 12" or "none".

    Examples
    --------
    >>> list(promotion_of(pd.DatetimeIndex(["2024-06-18", "2024-07-01"])))
    ['618', 'none']
    """
    days = pd.DatetimeIndex(as_date_array(days, "days"))
    names = np.full(len(days), "none", dtype=object)
    for name, _chinese, month, first, last, _peak in PROMOTIONS:
        inside = (days.month == month) & (days.day >= first) & (days.day <= last)
        names[inside] = name
    return names


def seasonality(days: pd.DatetimeIndex) -> np.ndarray:
    """Relative demand for each day, scaled to average 1 within each calendar year.

    Ordinary days weigh 1 before scaling; days inside a promotion window weigh
    ``WINDOW_LIFT``; a promotion's peak day weighs ``PEAK_LIFT[name]``; the
    fortnight around Spring Festival weighs ``FESTIVAL_DIP``.

    Parameters
    ----------
    days : pandas.DatetimeIndex
        Calendar days; every year they touch is scaled on its full 365/366 days.

    Returns
    -------
    numpy.ndarray
        One weight per day.

    Examples
    --------
    >>> w = seasonality(pd.date_range("2024-01-01", "2024-12-31"))
    >>> round(float(w.mean()), 6)
    1.0
    """
    days = pd.DatetimeIndex(as_date_array(days, "days"))
    if len(days) == 0:
        raise ValueError("days is empty")
    weights = pd.Series(1.0, index=days)
    years = sorted(set(days.year))
    full = pd.date_range(f"{years[0]}-01-01", f"{years[-1]}-12-31", freq="D")
    raw = pd.Series(1.0, index=full)
    names = promotion_of(full)
    raw[names != "none"] = WINDOW_LIFT
    for name, _chinese, month, _first, _last, peak in PROMOTIONS:
        raw[(full.month == month) & (full.day == peak)] = PEAK_LIFT[name]
    for festival in SPRING_FESTIVAL.values():
        around = (full >= festival - pd.Timedelta(days=7)) & (full <= festival + pd.Timedelta(days=7))
        raw[around] = FESTIVAL_DIP
    scaled = raw / raw.groupby(full.year).transform("mean")
    weights[:] = scaled.reindex(days).to_numpy()
    return weights.to_numpy()
