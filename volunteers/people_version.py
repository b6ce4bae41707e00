"""A number that changes whenever a person's record does: figures computed from people are cached under it.

Every save and delete of a ``Person`` changes it (``volunteers.apps`` has it follow the model), and
the bulk writes that send no signals — the people import — call ``changed()`` themselves.
``reports.regional`` keys the services of in-service members (who reported where, since when) with it,
beside the monthly totals' version. How the number is kept: ``core.versions``.
"""

from core.versions import CacheVersion

PEOPLE = CacheVersion("volunteers:people-version")
current = PEOPLE.current
changed = PEOPLE.changed
