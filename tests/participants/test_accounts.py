"""Citizen accounts: all registrations of the verified addresses in one place."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from participants.models import Registration, WorkshopBooking
from participants.responses import SESSION_KEY
from participants.services.retention import anonymise_registrations
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    VerifiedUserFactory,
    WorkshopBookingFactory,
    WorkshopFactory,
)
from tests.participants.helpers import form_data, sent_to

pytestmark = pytest.mark.django_db

Status = Registration.Status
PASSWORD = "Konferenz-Südwestfalen-2026"
ACCOUNT_CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)")
LIST_URL = reverse("participants:my_registrations")


def manage_url(registration):
    return reverse("participants:manage", kwargs={"pk": registration.pk})


def sign_up(client, email):
    """Sign up through allauth and confirm the address from the captured mail."""
    response = client.post(
        reverse("account_signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    [path] = [
        match.group(1)
        for message in sent_to(email)
        if (match := ACCOUNT_CONFIRM_LINK.search(message.body))
    ]
    assert client.post(path).status_code == 302
    assert EmailAddress.objects.get(email=email).verified is True
    return get_user_model().objects.get(email=email)


def sign_in(client, email):
    response = client.post(
        reverse("account_login"), {"login": email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.fixture
def register(client, django_capture_on_commit_callbacks):
    """Register through the public form, as anyone would, with or without account."""

    def register(event, email):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("participants:register", kwargs={"slug": event.slug}),
                form_data(email=email),
            )
        assert response.status_code == 302
        return Registration.objects.get(event=event, email=email.lower())

    return register


@pytest.fixture
def citizen():
    """A signed-up user whose address is verified (as allauth leaves it)."""
    user = VerifiedUserFactory(
        username="erika", email="erika@example.org", password=PASSWORD
    )
    return user


def listed_titles(response) -> list[str]:
    return re.findall(
        r'<h3 class="h5 card-title">([^<]+)</h3>', response.content.decode()
    )


# The list ---------------------------------------------------------------------------


def test_account_list_shows_exactly_the_registrations_of_the_verified_address(
    client, register
):
    first = EventFactory(title="Regionalkonferenz Arnsberg")
    second = EventFactory(
        title="Fachkonferenz Daten", start=timezone.now() + timedelta(days=60)
    )
    other = EventFactory(title="Forum Soest")
    register(first, "erika@example.org")
    register(second, "Erika@Example.org")
    register(other, "jemand.anders@example.org")
    sign_up(client, "erika@example.org")
    sign_in(client, "erika@example.org")

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert listed_titles(response) == [
        "Regionalkonferenz Arnsberg",
        "Fachkonferenz Daten",
    ]
    assert "Forum Soest" not in response.content.decode()


def test_account_list_ignores_case_of_stored_addresses(client, citizen):
    RegistrationFactory(event__title="Tagung Olpe", email="ERIKA@Example.ORG")
    client.force_login(citizen)

    response = client.get(LIST_URL)

    assert listed_titles(response) == ["Tagung Olpe"]


def test_account_list_never_uses_an_unverified_address(client, register):
    register(EventFactory(title="Tagung Meschede"), "zweit@example.org")
    sign_up(client, "erika@example.org")
    sign_in(client, "erika@example.org")
    mail.outbox.clear()

    response = client.post(
        reverse("account_email"), {"email": "zweit@example.org", "action_add": ""}
    )

    assert response.status_code == 302
    address = EmailAddress.objects.get(email="zweit@example.org")
    assert address.verified is False
    assert listed_titles(client.get(LIST_URL)) == []
    registration = Registration.objects.get(email="zweit@example.org")
    assert client.get(manage_url(registration)).status_code == 403


def test_account_list_upcoming_soonest_first_then_past_latest_first(client, citizen):
    now = timezone.now()
    for title, days in [
        ("Vor einem Jahr", -365),
        ("In zwei Monaten", 60),
        ("Letzten Monat", -30),
        ("Nächste Woche", 7),
    ]:
        RegistrationFactory(
            email=citizen.email,
            event__title=title,
            event__start=now + timedelta(days=days),
        )
    client.force_login(citizen)

    response = client.get(LIST_URL)

    assert listed_titles(response) == [
        "Nächste Woche",
        "In zwei Monaten",
        "Letzten Monat",
        "Vor einem Jahr",
    ]
    page = response.content.decode()
    assert page.index("Bevorstehende Veranstaltungen") < page.index("Nächste Woche")
    assert page.index("In zwei Monaten") < page.index("Vergangene Veranstaltungen")


def test_account_list_shows_date_place_status_and_workshops(client, citizen):
    event = EventFactory(
        title="Regionalkonferenz", capacity_onsite=1, venue__name="Sauerlandhalle"
    )
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Status.WAITLISTED)
    mine = RegistrationFactory(
        event=event, email=citizen.email, status=Status.WAITLISTED
    )
    workshop = WorkshopFactory(event=event, code="A", title="Offene Daten")
    WorkshopBookingFactory(
        registration=mine, workshop=workshop, status=WorkshopBooking.Status.WAITLISTED
    )
    WorkshopBookingFactory(
        registration=mine,
        workshop__event=event,
        status=WorkshopBooking.Status.CANCELLED,
        workshop__title="Abgewählt",
    )
    RegistrationFactory(
        email=citizen.email, event__title="Forum", status=Status.CANCELLED
    )
    RegistrationFactory(
        email=citizen.email, event__title="Tagung", status=Status.PENDING
    )
    client.force_login(citizen)

    page = client.get(LIST_URL).content.decode()

    assert "Sauerlandhalle, Iserlohn" in page
    assert date_format(timezone.localtime(event.start), "DATE_FORMAT") in page
    assert "Warteliste, Platz 2" in page
    assert "Workshop A: Offene Daten" in page
    assert "Abgewählt" not in page
    assert "Storniert" in page
    assert "Noch nicht bestätigt" in page
    assert f'href="{manage_url(mine)}"' in page


def test_account_list_leaves_out_anonymised_registrations(client, citizen):
    kept = RegistrationFactory(email=citizen.email, event__title="Noch da")
    erased = RegistrationFactory(email=citizen.email, event__title="Gelöscht")
    stale = RegistrationFactory(
        email=citizen.email, event__title="Alt", anonymised_at=timezone.now()
    )
    anonymise_registrations(Registration.objects.filter(pk=erased.pk))
    client.force_login(citizen)

    response = client.get(LIST_URL)

    assert listed_titles(response) == ["Noch da"]
    assert client.get(manage_url(kept)).status_code == 200
    assert client.get(manage_url(stale)).status_code == 403


@pytest.mark.parametrize("count", [1, 8])
def test_account_list_queries_do_not_grow_with_registrations(
    client, citizen, django_assert_num_queries, count
):
    for n in range(count):
        registration = RegistrationFactory(
            email=citizen.email,
            status=Status.WAITLISTED if n % 2 else Status.CONFIRMED,
            event__start=timezone.now() + timedelta(days=n - 4),
        )
        WorkshopBookingFactory(registration=registration)
        WorkshopBookingFactory(registration=registration)
    client.force_login(citizen)

    # Session, user, verified addresses, registrations, their workshop bookings.
    with django_assert_num_queries(5):
        response = client.get(LIST_URL)

    assert len(listed_titles(response)) == count


def test_account_list_sends_anonymous_visitors_to_the_login(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={LIST_URL}"


def test_account_list_in_english(client, citizen):
    RegistrationFactory(email=citizen.email)
    client.force_login(citizen)

    response = client.get(f"/en{LIST_URL}")

    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


# The personal page through the account ------------------------------------------


def test_personal_page_opens_from_the_list_and_cancelling_works(client, register):
    registration = register(
        EventFactory(title="Konferenz Lippstadt"), "erika@example.org"
    )
    sign_up(client, "erika@example.org")
    sign_in(client, "erika@example.org")
    page = client.get(LIST_URL).content.decode()
    [link] = re.findall(r'href="(/anmeldung/\d+/)"', page)

    manage = client.get(link)
    ask = client.get(reverse("participants:cancel", kwargs={"pk": registration.pk}))
    done = client.post(reverse("participants:cancel", kwargs={"pk": registration.pk}))

    assert link == manage_url(registration)
    assert manage.status_code == 200
    assert "Konferenz Lippstadt" in manage.content.decode()
    assert ask.status_code == 200
    assert done.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert "Storniert" in client.get(LIST_URL).content.decode()
    # The account opened the page; the personal-link grant stayed unused.
    assert SESSION_KEY not in client.session


def test_personal_page_refuses_another_users_registration(client, citizen):
    theirs = RegistrationFactory(email=citizen.email)
    other = VerifiedUserFactory(
        username="max", email="max@example.org", password=PASSWORD
    )
    client.force_login(other)

    page = client.get(manage_url(theirs))
    cancel = client.post(reverse("participants:cancel", kwargs={"pk": theirs.pk}))
    data = client.get(reverse("participants:download_data", kwargs={"pk": theirs.pk}))

    assert page.status_code == 403
    assert "keiner bestätigten E-Mail-Adresse Ihres Kontos" in page.content.decode()
    assert cancel.status_code == 403
    assert data.status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == Status.CONFIRMED


def test_personal_link_still_works_without_an_account(client, citizen):
    registration = RegistrationFactory(email=citizen.email)
    session = client.session
    session[SESSION_KEY] = [registration.pk]
    session.save()

    assert client.get(manage_url(registration)).status_code == 200


# Rights and hints -------------------------------------------------------------------


def test_signing_up_grants_no_staff_rights_and_no_admin(client):
    user = sign_up(client, "buerger@example.org")
    sign_in(client, "buerger@example.org")

    admin = client.get(reverse("admin:index"))
    staff = client.get(reverse("staff:event_list"))

    assert user.is_staff is False
    assert user.is_superuser is False
    assert user.user_permissions.count() == 0
    assert user.groups.count() == 0
    assert admin.status_code == 302
    assert staff.status_code in (302, 403)


def test_signup_page_says_the_account_is_optional_and_grants_no_rights(client):
    page = client.get(reverse("account_signup")).content.decode()

    assert "Konto anlegen (freiwillig)" in page
    assert "brauchen Sie keins" in page
    assert "keine Rechte zur Verwaltung" in page


def test_done_page_offers_an_optional_account_to_anonymous_visitors(client):
    event = EventFactory()

    page = client.get(
        reverse("participants:register_done", kwargs={"slug": event.slug})
    ).content.decode()

    assert "Alle Ihre Anmeldungen an einem Ort:" in page
    signup = f"{reverse('account_signup')}?next={LIST_URL}"
    assert f'href="{signup}"' in page


def test_personal_page_links_signed_in_users_to_their_list(client, citizen):
    registration = RegistrationFactory(email=citizen.email)
    client.force_login(citizen)

    page = client.get(manage_url(registration)).content.decode()

    assert f'href="{LIST_URL}">Meine Anmeldungen</a>' in page
    assert reverse("account_signup") not in page


def test_header_links_to_the_list_only_when_signed_in(client, citizen):
    anonymous = client.get(reverse("events:event_list")).content.decode()
    client.force_login(citizen)
    signed_in = client.get(reverse("events:event_list")).content.decode()

    assert LIST_URL not in anonymous
    assert f'href="{LIST_URL}">Meine Anmeldungen</a>' in signed_in
