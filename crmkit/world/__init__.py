"""The data world's public facts: the shop's calendar and economics, ground truth and simulators.

The workbook's data describe one fictional online shop. The generator
(:mod:`crmkit.synth`) makes its tables; this package holds what labs may use
from the world behind them, so they never reach into the generator:

- :mod:`crmkit.world.calendar`: the observation window and the platform's promotion calendar;
- :mod:`crmkit.world.campaigns`: the campaign response model, the past campaigns'
  designs and the simulator of a planned campaign;
- :mod:`crmkit.world.membership`: the member programme's tiers and rules.

Layers import one way: topic modules (``crmkit.campaign`` …) < ``crmkit.world``
< ``crmkit.synth``. The generator uses the world; the world never imports the generator.
"""
