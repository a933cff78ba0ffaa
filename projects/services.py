"""Writes for project teams: invite a person by email, remove them again.

Staff accounts are created by organisers, never by sign-up. An invited person
gets an account without a password and an email with allauth's password-reset
link, sent through the outbox (participants.outbox); choosing a password there
proves they read that mailbox, and only then does their address count as verified
(confirm_email_after_reset).
"""

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation

from participants.outbox.queue import queue_team_invitation
from projects.models import Project, ProjectMembership


class AddressNotConfirmed(Exception):
    """The address belongs to an account that can sign in but never confirmed it."""


def add_team_member(
    *,
    project: Project,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    request,
) -> ProjectMembership:
    """Give the person with ``email`` ``role`` in ``project``; side effects: may
    create their account, sets ``is_staff``, may queue an email with a link to set
    a password (an outbox row, sent after commit in the inviter's language).

    * Nobody has the address: a new account (username derived from the email,
      ``is_staff``, unusable password, never superuser) and the invitation with
      allauth's password-reset link. The address is NOT marked verified now:
      the organiser typed it, nobody has proved they read it yet.
      It becomes verified when the link is used (confirm_email_after_reset), so
      allauth's mandatory verification never trusts a typo or a foreign address.
    * An account has verified the address: only the membership is added or its
      role updated, and ``is_staff`` set. Names and password stay as they are.
    * An account carries the address unverified (anyone can sign up with any
      address): its password may belong to someone who does not own the mailbox.
      If that account cannot sign in anyway (no verified address, no superuser)
      its password is made unusable and the invitation sent, so only the mailbox
      owner can get in; otherwise AddressNotConfirmed is raised and nothing
      changes.
    """
    email = email.strip().lower()
    User = get_user_model()
    invite = False
    with transaction.atomic():
        user = _account_for(email)
        if user is None:
            user = User.objects.create_user(
                username=get_adapter().generate_unique_username([email]),
                email=email,
                password=None,
                first_name=first_name,
                last_name=last_name,
                is_staff=True,
            )
            invite = True
        else:
            user = User.objects.select_for_update().get(pk=user.pk)
            if not _has_verified(user, email):
                if user.is_superuser or _has_verified(user):
                    raise AddressNotConfirmed
                user.set_unusable_password()
                invite = True
            user.is_staff = True
            user.save(update_fields=["is_staff", "password"])
        membership, _ = ProjectMembership.objects.update_or_create(
            project=project, user=user, defaults={"role": role}
        )
        if invite:
            inviter = request.user
            queue_team_invitation(
                membership=membership,
                inviter=(
                    inviter.get_full_name() or inviter.email or inviter.get_username()
                ),
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
    return membership


def remove_team_member(*, membership: ProjectMembership) -> None:
    """Delete ``membership``; side effect: without any membership left the person
    loses the admin (``is_staff=False``; superusers keep it)."""
    User = get_user_model()
    with transaction.atomic():
        # The same lock add_team_member takes: an invitation into another project
        # at this moment cannot be undone by the is_staff update below.
        user = User.objects.select_for_update().get(pk=membership.user_id)
        ProjectMembership.objects.filter(pk=membership.pk).delete()
        if (
            not user.is_superuser
            and not ProjectMembership.objects.filter(user=user).exists()
        ):
            user.is_staff = False
            user.save(update_fields=["is_staff"])


def confirm_email_after_reset(*, user) -> None:
    """After a password reset by link: mark the user's address verified, if it is
    their only one. Side effect: writes the EmailAddress row.

    allauth does this itself only for resets by code; a reset by link does not
    touch the address. The link is bound to the set of the user's addresses
    (allauth's token generator hashes them in) and was mailed to one of them;
    with exactly one address, using it proves the user reads that mailbox, the
    same proof an email confirmation link gives. With several we cannot tell
    which one received it and leave them alone.
    """
    if user is None or not user.email:
        return
    with transaction.atomic():
        addresses = list(EmailAddress.objects.select_for_update().filter(user=user))
        if any(a.email.lower() != user.email.lower() for a in addresses):
            return
        if addresses:
            EmailAddress.objects.filter(pk=addresses[0].pk).update(
                verified=True, primary=True
            )
        else:
            EmailAddress.objects.create(
                user=user, email=user.email, verified=True, primary=True
            )


def _account_for(email: str):
    """The account that verified ``email``, else one whose own email it is."""
    verified = (
        EmailAddress.objects.filter(email__iexact=email, verified=True)
        .select_related("user")
        .first()
    )
    if verified is not None:
        return verified.user
    return get_user_model().objects.filter(email__iexact=email).order_by("pk").first()


def _has_verified(user, email: str | None = None) -> bool:
    addresses = EmailAddress.objects.filter(user=user, verified=True)
    if email is not None:
        addresses = addresses.filter(email__iexact=email)
    return addresses.exists()
