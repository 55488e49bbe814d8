"""The data world's public facts: the shop's calendar and economics, ground truth and simulators.

The workbook's data describe one fictional online shop. The generator
(:mod:`crmkit.synth`) makes its tables; this package holds what labs may use
from the world behind them, so they never reach into the generator:

- :mod:`crmkit.world.shop`: the shop's economics (:data:`GROSS_MARGIN` = 0.40 …);
- :mod:`crmkit.world.calendar`: the observation window (:data:`START`, :data:`END`)
  and the platform's promotion calendar;
- :mod:`crmkit.world.campaigns`: the campaign response model, the past campaigns'
  designs and the simulator of a planned campaign;
- :mod:`crmkit.world.membership`: the member programme's tiers and rules;
- :mod:`crmkit.world.customer_info`: life stages and the category preferences that go with them.

Layers import one way: topic modules (``crmkit.campaign`` …) < ``crmkit.world``
< ``crmkit.synth``. The generator uses the world; the world never imports the generator.

Examples
--------
>>> from crmkit import world
>>> world.GROSS_MARGIN, str(world.END.date())
(0.4, '2025-12-31')
>>> world.membership.TIERS[-1]
'diamond'
"""

from crmkit.world.calendar import END, START
from crmkit.world.shop import CURRENCY, GROSS_MARGIN, SHOP_NAME, TYPICAL_ORDER_VALUE

from crmkit.world import calendar, campaigns, customer_info, membership, shop  # noqa: E402 (after the constants they use)

__all__ = ["SHOP_NAME", "CURRENCY", "GROSS_MARGIN", "TYPICAL_ORDER_VALUE", "START", "END",
           "calendar", "campaigns", "customer_info", "membership", "shop"]
