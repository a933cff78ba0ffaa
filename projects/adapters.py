"""allauth's account adapter: where people land after signing in.

A ``?next=`` address always wins (allauth reads it before asking the adapter).
Without one, organisers and door staff land on their events (/staff/), other
admin users on the admin index, everyone else where LOGIN_REDIRECT_URL says.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from core.permissions import is_team_member


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        user = request.user
        if is_team_member(user):
            return reverse("staff:event_list")
        if user.is_staff:
            return reverse("admin:index")
        return super().get_login_redirect_url(request)
