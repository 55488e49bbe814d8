"""The retailer's calendar, now in :mod:`crmkit.world.calendar`; these names are kept for older code."""

from crmkit.world.calendar import (  # noqa: F401 (re-exported)
    END,
    FESTIVAL_DIP,
    PEAK_LIFT,
    PROMOTIONS,
    SPRING_FESTIVAL,
    START,
    WINDOW_LIFT,
    promotion_of,
    seasonality,
)
