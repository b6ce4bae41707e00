"""A number that changes whenever a regional record does: the regional section's figures are cached under it.

Every save and delete of a regional model (member units, committee members, pairings, the three
lists, reporting, elections, office holders, assessments, checks, pools, surveys) and of an
organization (the 大工委 and 大党委 the committees are counted by) changes it: ``regional.apps``
has it follow those models, and regional's services write one record at a time, so none is missed.
``reports.regional`` keys the section with it, beside the monthly totals' version (the activities
done under pairings) and the people version (the in-service members). How the number is kept:
``core.versions``.
"""

from core.versions import CacheVersion

REGIONAL = CacheVersion("regional:figures-version")
current = REGIONAL.current
changed = REGIONAL.changed
