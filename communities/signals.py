"""Signals the region tree sends inside the transaction of the change, for the apps above it.

``communities`` knows nothing of the records placed in its regions. When a region moves to
another parent, or its level changes, the provinces, cities and districts its subtree counts
in change; the apps that keep figures by region listen here (``activities`` moves its monthly
totals), the way wagtail's page move sends ``pre_page_move`` / ``post_page_move``.

Both are sent with ``region`` and ``path``, the materialized path of the subtree: the old one
before the change, the new one after. A receiver that raises rolls the whole change back.
"""

from django.dispatch import Signal

pre_region_move = Signal()
post_region_move = Signal()
