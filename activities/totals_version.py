"""A number that changes whenever the monthly totals do: what caches of figures are keyed by.

``activities.rollups`` calls ``changed()`` with every write to the monthly totals, and every change
of a counted record's figures writes them (every write path brackets its change with the
rollups), so a figure cached under ``current()`` is never served after the records behind it
changed. ``reports.cache`` keys the dashboard's and the API's figures with it. How the number is
kept: ``core.versions``.

``SERVICES`` changes only when the monthly volunteers do — a participation record counted or taken
out, with its activity's approval, move or edit — not with every record: figures drawn from
participation alone (the in-service members' services) are keyed by it and outlive an import of
activities that brings no participation.
"""

from core.versions import CacheVersion

TOTALS = CacheVersion("activities:totals-version")
KEY = TOTALS.key
cache = TOTALS.cache
current = TOTALS.current
changed = TOTALS.changed

SERVICES = CacheVersion("activities:services-version")
