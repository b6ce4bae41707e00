"""The staff site's home page: where each kind of user starts."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

# A clerk's day starts at their records (我的台账); the workspace app serves it under this URL name.
CLERK_LANDING = "workspace:index"


@login_required
def home(request):
    # Who enters records (录入员, and anyone else who adds them but is not a superuser) lands on their list.
    if request.user.has_perm("activities.add_activity") and not request.user.is_superuser:
        return redirect(CLERK_LANDING)
    return render(request, "core/home.html")
