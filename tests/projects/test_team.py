"""Project teams: organisers invite people by email, rights follow the role.

Staff accounts are created by organisers, never by sign-up: the invited person
chooses a password through allauth's reset link and then signs in like anybody.
"""

import re
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from participants.models import EmailMessage
from participants.outbox.delivery import deliver
from projects.backends import ProjectRoleBackend
from projects.models import ProjectMembership
from projects.roles import PERMISSION_NAMES
from projects.services import (
    add_team_member,
    confirm_email_after_reset,
    remove_team_member,
)
from tests.factories import (
    EventFactory,
    ProjectFactory,
    ProjectMembershipFactory,
    UserFactory,
    VerifiedUserFactory,
)
from tests.integration.smtp import SMTPServer

pytestmark = pytest.mark.django_db

Role = ProjectMembership.Role
User = get_user_model()
PASSWORD = "Einlass-Südwestfalen-2026"


@pytest.fixture
def team():
    """Two projects with an event each; an organiser and door staff in the south."""
    south = ProjectFactory(name="5 für Südwestfalen")
    north = ProjectFactory(name="Smarte Grenzregion")
    return SimpleNamespace(
        south=south,
        north=north,
        south_event=EventFactory(host_project=south),
        north_event=EventFactory(host_project=north),
        organiser=ProjectMembershipFactory(
            project=south, role=Role.ORGANISER, user__first_name="Olga"
        ).user,
        door=ProjectMembershipFactory(project=south, role=Role.STAFF).user,
        north_organiser=ProjectMembershipFactory(
            project=north, role=Role.ORGANISER
        ).user,
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def add_url() -> str:
    return reverse("admin:projects_projectmembership_add")


def invite(client, project, *, email="nora.neu@example.org", role=Role.STAFF):
    return client.post(
        add_url(),
        {
            "email": email,
            "first_name": "Nora",
            "last_name": "Neu",
            "project": project.pk,
            "role": role,
        },
    )


def reset_path(message) -> str:
    match = re.search(
        re.escape(settings.SITE_URL) + r"(/accounts/password/reset/key/\S+/)",
        message.body,
    )
    return match.group(1)


def choose_password(client, path: str, password: str):
    """Follow the emailed link and submit the password form allauth shows."""
    response = client.get(path)
    assert response.status_code == 302  # the key moves into the session
    return client.post(response.url, {"password1": password, "password2": password})


def sign_in(client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def verified(user) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


# --- Inviting in the admin ---------------------------------------------------


def test_invited_staff_member_sets_a_password_signs_in_and_checks_in_at_own_event(
    team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(
            client_for(team.organiser), team.south, email="Nora.Neu@Example.org"
        )

    assert response.status_code == 302
    user = User.objects.get(email="nora.neu@example.org")
    assert (user.is_staff, user.is_superuser) == (True, False)
    assert not user.has_usable_password()
    assert (user.first_name, user.last_name) == ("Nora", "Neu")
    assert list(user.projectmembership_set.values_list("project", "role")) == [
        (team.south.pk, Role.STAFF)
    ]
    assert not verified(user)
    assert [message.to for message in mail.outbox] == [["nora.neu@example.org"]]
    assert "5 für Südwestfalen" in mail.outbox[0].subject
    path = reset_path(mail.outbox[0])

    person = Client()
    assert choose_password(person, path, PASSWORD).status_code == 302

    assert verified(user)
    assert Client().get(path).context["token_fail"] is True  # the link is used up
    assert sign_in(person, "nora.neu@example.org", PASSWORD).status_code == 302
    assert "_auth_user_id" in person.session
    assert person.get(reverse("admin:index")).status_code == 200
    own = reverse("staff:checkin", kwargs={"slug": team.south_event.slug})
    other = reverse("staff:checkin", kwargs={"slug": team.north_event.slug})
    assert person.get(own).status_code == 200
    assert person.get(other).status_code == 403


def test_invitation_link_is_not_a_sign_in_before_a_password_is_chosen(
    team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client_for(team.organiser), team.south)
    person = Client()

    sign_in(person, "nora.neu@example.org", "")
    person.get(reset_path(mail.outbox[0]))

    assert "_auth_user_id" not in person.session
    assert person.get(reverse("admin:index")).status_code == 302


def test_organiser_cannot_invite_into_a_project_they_do_not_organise(
    team, django_capture_on_commit_callbacks
):
    users = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client_for(team.organiser), team.north)

    assert response.status_code == 200
    assert "project" in response.context["form"].errors
    assert User.objects.count() == users
    assert not ProjectMembership.objects.filter(
        user__email__iexact="nora.neu@example.org"
    )
    assert mail.outbox == []


def test_add_form_offers_only_the_projects_the_organiser_organises(team):
    # Staff in the north does not make the north a project to invite into.
    ProjectMembershipFactory(project=team.north, user=team.organiser, role=Role.STAFF)

    response = client_for(team.organiser).get(add_url())

    form = response.context["form"]
    assert list(form.fields) == ["email", "first_name", "last_name", "project", "role"]
    assert list(form.fields["project"].queryset) == [team.south]
    assert "E-Mail-Adresse" in response.content.decode()


def test_staff_role_cannot_invite(team, django_capture_on_commit_callbacks):
    client = client_for(team.door)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, team.south)

    assert client.get(add_url()).status_code == 403
    assert response.status_code == 403
    assert not User.objects.filter(email="nora.neu@example.org").exists()
    assert mail.outbox == []


def test_inviting_an_existing_address_adds_a_membership_without_a_new_account(
    team, django_capture_on_commit_callbacks
):
    citizen = VerifiedUserFactory(email="anna@example.org", password=PASSWORD)
    users = User.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(
            client_for(team.organiser),
            team.south,
            email="ANNA@example.org",
            role=Role.ORGANISER,
        )

    citizen.refresh_from_db()
    assert response.status_code == 302
    assert User.objects.count() == users
    assert citizen.is_staff
    assert citizen.check_password(PASSWORD)
    assert citizen.projectmembership_set.get().role == Role.ORGANISER
    assert mail.outbox == []


def test_inviting_a_member_again_changes_their_role(team):
    request = admin_request(team.organiser)

    add_team_member(
        project=team.south,
        email=team.door.email,
        first_name="",
        last_name="",
        role=Role.ORGANISER,
        request=request,
    )

    assert list(team.door.projectmembership_set.values_list("role", flat=True)) == [
        Role.ORGANISER
    ]


def test_unconfirmed_account_with_the_address_is_handed_to_the_mailbox_owner(
    team, django_capture_on_commit_callbacks
):
    # Anyone can sign up with someone else's address; that account cannot sign
    # in before the address is confirmed, and its password is not the owner's.
    squatter = UserFactory(email="nora.neu@example.org", password="geraten-123")
    EmailAddress.objects.create(user=squatter, email=squatter.email, verified=False)

    with django_capture_on_commit_callbacks(execute=True):
        invite(client_for(team.organiser), team.south)

    squatter.refresh_from_db()
    assert not squatter.has_usable_password()
    assert squatter.is_staff
    assert [message.to for message in mail.outbox] == [["nora.neu@example.org"]]


def test_superuser_address_without_confirmation_is_refused(
    team, django_capture_on_commit_callbacks
):
    root = UserFactory(
        email="nora.neu@example.org", password=PASSWORD, is_superuser=True
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client_for(team.organiser), team.south)

    root.refresh_from_db()
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert root.check_password(PASSWORD)
    assert not root.projectmembership_set.exists()
    assert mail.outbox == []


def test_invitation_email_leaves_only_after_commit(
    team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        add_team_member(
            project=team.south,
            email="nora.neu@example.org",
            first_name="Nora",
            last_name="Neu",
            role=Role.STAFF,
            request=admin_request(team.organiser),
        )

    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def invite_nora(team) -> ProjectMembership:
    return add_team_member(
        project=team.south,
        email="nora.neu@example.org",
        first_name="Nora",
        last_name="Neu",
        role=Role.STAFF,
        request=admin_request(team.organiser),
    )


def test_invitation_is_an_outbox_row_that_never_holds_the_link(
    team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        membership = invite_nora(team)
    [message] = EmailMessage.objects.all()

    assert (message.kind, message.recipient, message.status) == (
        EmailMessage.Kind.TEAM_INVITATION,
        "nora.neu@example.org",
        EmailMessage.Status.PENDING,
    )
    assert (message.membership, message.event) == (membership, None)
    for callback in callbacks:
        callback()
    key = reset_path(mail.outbox[0]).split("/")[-2]
    message.refresh_from_db()
    assert message.status == EmailMessage.Status.SENT
    assert key not in str(model_to_dict(message))


def test_rolled_back_invitation_leaves_neither_row_nor_email(
    team, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        invite_nora(team)
        raise RuntimeError

    assert not EmailMessage.objects.exists()
    assert mail.outbox == []


def test_invitation_is_written_in_the_inviters_language(
    team, settings, compiled_locale, django_capture_on_commit_callbacks
):
    settings.LOCALE_PATHS = [compiled_locale]
    with translation.override("en"), django_capture_on_commit_callbacks() as sends:
        invite_nora(team)

    for send in sends:  # later, as a worker would, in German
        send()

    [email] = mail.outbox
    assert email.subject == "Invitation to the team of “5 für Südwestfalen”"
    assert "has invited you to the team" in email.body


def test_invitation_into_a_membership_removed_before_sending_is_not_sent(
    team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        membership = invite_nora(team)
    remove_team_member(membership=membership)

    for callback in callbacks:
        callback()

    message = EmailMessage.objects.get()
    assert mail.outbox == []
    assert message.status == EmailMessage.Status.FAILED
    assert "nicht mehr zum Team" in message.last_error


def test_inviting_with_the_mail_server_down_succeeds_and_mails_later(
    team, settings, django_capture_on_commit_callbacks
):
    server = SMTPServer()  # not started yet: connections are refused
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client_for(team.organiser), team.south)

    assert response.status_code == 302
    assert User.objects.get(email="nora.neu@example.org").is_staff
    message = EmailMessage.objects.get()
    assert (message.status, message.attempts) == (EmailMessage.Status.PENDING, 1)
    server.start()
    try:
        assert deliver(message_id=message.pk).status == "sent"
        assert deliver(message_id=message.pk).status == "skipped"
        assert [m["To"] for m in server.mailbox.messages] == ["nora.neu@example.org"]
    finally:
        server.stop()


def admin_request(user):
    request = RequestFactory().post(add_url())
    request.user = user
    return request


# --- The team list, changes and removal -------------------------------------


def test_team_list_shows_person_email_project_and_role_of_own_projects(team):
    response = client_for(team.organiser).get(
        reverse("admin:projects_projectmembership_changelist")
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert team.door.get_full_name() in content
    assert team.door.email in content
    assert "Einlass und Listen" in content
    assert team.north_organiser.email not in content


def test_organiser_changes_only_the_role_of_a_membership(team):
    membership = team.door.projectmembership_set.get()

    response = client_for(team.organiser).post(
        reverse("admin:projects_projectmembership_change", args=[membership.pk]),
        {"role": Role.ORGANISER, "user": team.organiser.pk, "project": team.north.pk},
    )

    membership.refresh_from_db()
    assert response.status_code == 302
    assert (membership.user, membership.project, membership.role) == (
        team.door,
        team.south,
        Role.ORGANISER,
    )


def test_organiser_cannot_open_or_remove_another_projects_membership(team):
    membership = team.north_organiser.projectmembership_set.get()
    client = client_for(team.organiser)

    change = reverse("admin:projects_projectmembership_change", args=[membership.pk])
    delete = reverse("admin:projects_projectmembership_delete", args=[membership.pk])

    assert client.get(change).status_code == 404
    assert client.post(delete, {"post": "yes"}).status_code == 404
    assert ProjectMembership.objects.filter(pk=membership.pk).exists()


def test_removing_the_last_membership_revokes_admin_access(team):
    membership = team.door.projectmembership_set.get()
    assert client_for(team.door).get(reverse("admin:index")).status_code == 200

    response = client_for(team.organiser).post(
        reverse("admin:projects_projectmembership_delete", args=[membership.pk]),
        {"post": "yes"},
    )

    team.door.refresh_from_db()
    assert response.status_code == 302
    assert not team.door.projectmembership_set.exists()
    assert team.door.is_staff is False
    assert client_for(team.door).get(reverse("admin:index")).status_code == 302


def test_removing_one_of_two_memberships_keeps_admin_access(team):
    other = ProjectMembershipFactory(
        project=ProjectFactory(), user=team.door, role=Role.STAFF
    )
    membership = team.door.projectmembership_set.get(project=team.south)

    client_for(team.organiser).post(
        reverse("admin:projects_projectmembership_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [membership.pk],
            "post": "yes",
        },
    )

    team.door.refresh_from_db()
    assert list(team.door.projectmembership_set.all()) == [other]
    assert team.door.is_staff is True


def test_removing_a_superusers_last_membership_keeps_their_admin(team):
    root = UserFactory(is_superuser=True, is_staff=True)
    membership = ProjectMembershipFactory(project=team.south, user=root)

    remove_team_member(membership=membership)

    root.refresh_from_db()
    assert root.is_staff is True


def test_project_page_shows_the_team_read_only(team):
    response = client_for(team.organiser).get(
        reverse("admin:projects_project_change", args=[team.south.pk])
    )

    [inline] = [
        formset
        for formset in response.context["inline_admin_formsets"]
        if formset.opts.model is ProjectMembership
    ]
    assert response.status_code == 200
    assert (
        inline.has_add_permission,
        inline.has_change_permission,
        inline.has_delete_permission,
    ) == (False, False, False)


# --- Permissions from the role -----------------------------------------------


def test_staff_member_may_check_in_but_not_change_events(team):
    door = User.objects.get(pk=team.door.pk)

    assert door.has_perms(["events.view_event", "participants.change_registration"])
    assert not door.has_perm("events.change_event")
    assert not door.has_perm("projects.add_projectmembership")
    response = client_for(door).post(
        reverse("admin:events_event_change", args=[team.south_event.pk]), {}
    )
    assert response.status_code == 403


def test_organiser_gets_the_organiser_permissions_and_the_team(team):
    organiser = User.objects.get(pk=team.organiser.pk)

    assert organiser.get_all_permissions() >= PERMISSION_NAMES[Role.ORGANISER]
    assert organiser.has_perms(
        ["events.change_event", "projects.delete_projectmembership"]
    )
    assert organiser.has_module_perms("projects")
    assert not organiser.has_perm("auth.change_user")


def test_role_permissions_name_real_permissions():
    names = set().union(*PERMISSION_NAMES.values())
    existing = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    }

    assert names - existing == set()


def test_no_membership_or_inactive_account_means_no_permissions(team):
    backend = ProjectRoleBackend()
    nobody = UserFactory(is_staff=True)
    inactive = User.objects.get(pk=team.organiser.pk)
    inactive.is_active = False

    assert backend.get_all_permissions(nobody) == set()
    assert backend.get_all_permissions(inactive) == set()
    assert backend.get_all_permissions(team.door, obj=team.south_event) == set()
    assert backend.authenticate(None, username=team.door.username) is None


def test_role_permissions_are_read_once_per_user_object(
    team, django_assert_num_queries
):
    door = User.objects.get(pk=team.door.pk)
    backend = ProjectRoleBackend()

    with django_assert_num_queries(1):
        backend.has_perm(door, "events.view_event")
        backend.has_perm(door, "events.change_event")
        backend.has_module_perms(door, "participants")


# --- The address counts as verified once the link was used --------------------


def test_reset_marks_the_only_address_verified():
    user = UserFactory(email="nora@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=False)

    confirm_email_after_reset(user=user)

    assert EmailAddress.objects.get(user=user).verified is True
    assert EmailAddress.objects.get(user=user).primary is True


def test_reset_leaves_several_addresses_unverified():
    user = UserFactory(email="nora@example.org")
    EmailAddress.objects.create(user=user, email=user.email, primary=True)
    EmailAddress.objects.create(user=user, email="nora@stadt.example")

    confirm_email_after_reset(user=user)

    assert not EmailAddress.objects.filter(user=user, verified=True).exists()
