"""A number that changes whenever a regional record does: the regional section's figures are cached under it.

Every save and delete of a regional model (member units, committee members, pairings, the three
lists, reporting, elections, office holders, assessments, checks, pools, surveys), of an
organization (the 大工委 and 大党委 the committees are counted by) and of a region (moved or
renamed) changes it: ``regional.apps`` has it follow those models, and regional's services write
one record at a time, so none is missed. ``reports.regional`` keys the section with it alone, and
with it the activities done under pairings (beside the monthly totals' version) and the in-service
members' services (beside the services and people versions). How the number is kept:
``core.versions``.
"""

from core.versions import CacheVersion

REGIONAL = CacheVersion("regional:figures-version")
current = REGIONAL.current
changed = REGIONAL.changed
