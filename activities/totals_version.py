"""A number that changes whenever the monthly totals do: what caches of figures are keyed by.

``activities.rollups`` calls ``changed()`` with every write to the monthly totals, and every change
of a counted record's figures writes them (every write path brackets its change with the
rollups), so a figure cached under ``current()`` is never served after the records behind it
changed. ``reports.cache`` keys the dashboard's and the API's figures with it. How the number is
kept: ``core.versions``.
"""

from core.versions import CacheVersion

TOTALS = CacheVersion("activities:totals-version")
KEY = TOTALS.key
cache = TOTALS.cache
current = TOTALS.current
changed = TOTALS.changed
