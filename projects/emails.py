"""The invitation into a project team: a link to choose a password.

The link is allauth's own password-reset link: the same token generator and the
same view at /accounts/password/reset/key/…, so it is unguessable, expires after
PASSWORD_RESET_TIMEOUT (Django's setting, three days by default) and stops
working once a password is set. The token is minted when the email is sent and
exists only in the email. An expired link is replaced by "Passwort vergessen?"
on the sign-in page, which finds the account by its address.
"""

from allauth.account.adapter import get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.core import context as allauth_context
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from projects.models import ProjectMembership


def send_team_invitation(*, user, project, role: str, request) -> None:
    """Email ``user`` the invitation with a fresh link to set their password."""
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    # allauth builds absolute links from the request in its context; after commit
    # that may be over already, so name the inviting request explicitly.
    with allauth_context.request_context(request):
        password_url = get_adapter().get_reset_password_from_key_url(key)
    inviter = request.user
    context = {
        "user": user,
        "project": project,
        "role": ProjectMembership.Role(role).label,
        "inviter": inviter.get_full_name() or inviter.email or inviter.get_username(),
        "password_url": password_url,
        "login_url": request.build_absolute_uri(reverse("account_login")),
        "reset_url": request.build_absolute_uri(reverse("account_reset_password")),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    subject = _("Einladung ins Team von „{project}“").format(project=project.name)
    email = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("projects/emails/team_invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    email.attach_alternative(
        render_to_string("projects/emails/team_invitation.html", context), "text/html"
    )
    email.send()
