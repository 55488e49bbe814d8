"""The shop's economics: the numbers every lab about money needs, typed once.

Yuchuan Tea & Home (玉川茶居) earns a gross margin of 40 % on what it sells,
the same for every order and product: the retail family of tables was generated
so, and the campaign family prices its offers against it. A lab that turns
sales into profit multiplies by :data:`GROSS_MARGIN` instead of typing 0.40.

Examples
--------
>>> from crmkit.world.shop import GROSS_MARGIN, TYPICAL_ORDER_VALUE
>>> round(GROSS_MARGIN * TYPICAL_ORDER_VALUE, 2)  # margin on a typical order, CNY
86.4
"""

from __future__ import annotations

__all__ = ["SHOP_NAME", "CURRENCY", "GROSS_MARGIN", "TYPICAL_ORDER_VALUE"]

#: The shop's name, in English and Chinese.
SHOP_NAME = "Yuchuan Tea & Home (玉川茶居)"

#: Currency of every amount in the data.
CURRENCY = "CNY"

#: Gross margin on sales (at list value, before offers): the same for every order and product.
GROSS_MARGIN = 0.40

#: The typical order value (CNY) the campaign model sizes offers against (the orders' mean is about 213).
TYPICAL_ORDER_VALUE = 216.0
