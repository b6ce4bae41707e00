"""Four eyes: nobody approves an activity they created or submitted, whatever their role.

On by default; ``LEDGER_FOUR_EYES=0`` turns it off for a one-person office. Writes
without a person (a loader, an operator's import at the command line) are not reviews
and pass.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

OWN_RECORD = gettext_lazy("You created or submitted this activity: someone else must approve it.")
OWN_IMPORT = gettext_lazy(
    "Activities you import are yours: they cannot be imported as approved by you. "
    "Import them as submitted, and someone else approves them."
)


def check_four_eyes(*, actor, activity):
    """Raise ``ValidationError`` when ``actor`` created or submitted ``activity`` (as loaded)."""
    if not settings.LEDGER_FOUR_EYES or actor is None:
        return
    if actor.pk in (activity.created_by_id, activity.submitted_by_id):
        raise ValidationError(str(OWN_RECORD), code="four_eyes")


def may_import_as_approved(user):
    """Whether ``user`` may import activities straight as approved under the four-eyes rule."""
    return user is None or not settings.LEDGER_FOUR_EYES
