"""Pages for citizens who chose to have an account (allauth): all registrations
made with one of their verified email addresses, in one place.

An account is never needed to register, and never grants staff rights: staff
rights come from is_staff and project memberships that only organisers give.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from participants import selectors


@login_required
def my_registrations(request):
    registrations = selectors.registrations_for_account(request.user)
    return render(
        request,
        "participants/account_registrations.html",
        {
            "upcoming": registrations.upcoming,
            "past": registrations.past,
            "emails": selectors.verified_emails(request.user),
        },
    )
