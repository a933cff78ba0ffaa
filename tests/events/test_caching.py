"""Public pages come from the cache for anonymous visitors and change with the data.

Free places on the conference page follow the registration form's rule and are
never shown stale after a registration, cancellation, promotion or an edit.
"""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import ProgrammeItem
from participants import services
from participants.models import Registration
from tests.factories import (
    EventFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    TimeSlotFactory,
    WorkshopBookingFactory,
    WorkshopFactory,
)
from tests.participants.helpers import form_data, service_data

pytestmark = pytest.mark.django_db

LIST_URL = reverse("events:event_list")


@pytest.fixture(autouse=True)
def _caching_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 5


def get(client, url):
    """The page and how many queries it cost."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_second_visit_costs_no_query(client):
    event = EventFactory()
    url = event.get_absolute_url()

    first, first_queries = get(client, url)
    second, second_queries = get(Client(), url)

    assert first_queries > 0
    assert second_queries == 0
    assert event.title in second


def test_list_page_second_visit_costs_no_query(client):
    EventFactory(title="Digitale Dörfer")

    get(client, LIST_URL)
    page, queries = get(Client(), LIST_URL)

    assert queries == 0
    assert "Digitale Dörfer" in page


def test_each_query_string_is_its_own_page(client):
    EventFactory(title="Vor Ort in Soest")

    get(client, LIST_URL)
    filtered, queries = get(client, LIST_URL + "?format=online")

    assert queries > 0
    assert "Vor Ort in Soest" not in filtered


def test_each_language_is_its_own_page(client):
    event = EventFactory()
    get(client, event.get_absolute_url())

    english, queries = get(client, "/en" + event.get_absolute_url())

    assert queries > 0
    assert 'lang="en"' in english


def test_every_visitor_gets_their_own_csrf_token():
    event = EventFactory()
    url = event.get_absolute_url()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    get(first, url)
    page, queries = get(second, url)

    assert queries == 0
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert len(token) == 64
    # The language switch on the cached page works for the second visitor.
    response = second.post(
        reverse("set_language"),
        {"csrfmiddlewaretoken": token, "language": "en", "next": "/en/"},
    )
    assert response.status_code == 302


def test_visitor_with_a_session_is_not_served_from_the_cache(client, admin_client):
    event = EventFactory()
    get(client, event.get_absolute_url())

    _page, queries = get(admin_client, event.get_absolute_url())

    assert queries > 0


def test_messages_are_never_cached_for_others(
    client, django_capture_on_commit_callbacks
):
    """A message shown after an erasure reaches only the person it is meant for."""
    get(Client(), LIST_URL)
    client.cookies["messages"] = "x"

    _page, queries = get(client, LIST_URL)

    assert queries > 0


def test_registration_updates_free_places_at_once(client):
    event = EventFactory(capacity_onsite=10)
    url = event.get_absolute_url()
    assert "noch 10 von 10 Plätzen frei" in get(client, url)[0]

    services.register(event=event, data=service_data())

    assert "noch 9 von 10 Plätzen frei" in get(client, url)[0]


def test_cancellation_and_promotion_update_the_page(client):
    event = EventFactory(capacity_onsite=1)
    taken = RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    url = event.get_absolute_url()
    assert "ausgebucht – Warteliste" in get(client, url)[0]

    services.cancel(registration=taken)  # the waiting person moves up

    page, queries = get(client, url)
    assert queries > 0  # rendered afresh
    assert "ausgebucht – Warteliste" in page
    Registration.objects.filter(status=Registration.Status.CONFIRMED).update(
        status=Registration.Status.CANCELLED
    )
    # A bulk update fires no signal: the page catches up within the cache time.
    with time_machine.travel(timezone.now() + timedelta(seconds=6)):
        assert "noch 1 von 1 Plätzen frei" in get(client, url)[0]


def test_workshop_places_update_at_once(client):
    event = EventFactory()
    workshop = WorkshopFactory(event=event, capacity=2, title="Offene Daten")
    url = event.get_absolute_url()
    assert "noch 2 von 2 Plätzen frei" in get(client, url)[0]

    WorkshopBookingFactory(workshop=workshop, registration__event=event)

    assert "noch 1 von 2 Plätzen frei" in get(client, url)[0]


def test_lapsed_hold_frees_the_seat_within_seconds(client):
    event = EventFactory(capacity_onsite=1)
    registration = services.register(event=event, data=service_data())
    url = event.get_absolute_url()
    assert "ausgebucht" in get(client, url)[0]

    later = registration.hold_expires_at + timedelta(seconds=1)
    with time_machine.travel(later):
        # No row changed, yet the page tells the truth once its entry is old.
        assert "noch 1 von 1 Plätzen frei" in get(client, url)[0]


def test_editing_the_event_or_programme_updates_the_pages(client):
    event = EventFactory(title="Alter Titel")
    url = event.get_absolute_url()
    get(client, url)
    get(client, LIST_URL)

    event.title = "Neuer Titel"
    event.save()
    ProgrammeItemFactory(event=event, title="Keynote zur Datenstrategie")

    page = get(client, url)[0]
    assert "Neuer Titel" in page
    assert "Keynote zur Datenstrategie" in page
    assert "Neuer Titel" in get(client, LIST_URL)[0]
    ProgrammeItem.objects.filter(event=event).delete()
    assert "Keynote zur Datenstrategie" not in get(client, url)[0]


def test_co_host_change_updates_the_list(client):
    from tests.factories import MunicipalityFactory

    event = EventFactory()
    get(client, LIST_URL)

    event.co_host_municipalities.add(MunicipalityFactory(name="Arnsberg"))

    assert "Arnsberg" in get(client, LIST_URL)[0]


def test_caching_off_renders_every_time(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    event = EventFactory()
    get(client, event.get_absolute_url())

    assert get(client, event.get_absolute_url())[1] > 0


def test_not_found_is_not_cached(client):
    assert client.get("/veranstaltungen/gibt-es-nicht/").status_code == 404
    EventFactory(slug="gibt-es-nicht")

    assert client.get("/veranstaltungen/gibt-es-nicht/").status_code == 200


# The page agrees with the registration form ----------------------------------------


def test_lapsed_hold_counts_as_free_like_in_the_form(client):
    event = EventFactory(capacity_onsite=1)
    RegistrationFactory(
        event=event,
        status=Registration.Status.PENDING,
        confirmed_at=None,
        hold_expires_at=timezone.now() - timedelta(minutes=1),
    )

    page = get(client, event.get_absolute_url())[0]
    form = client.get(reverse("participants:register", args=[event.slug]))

    assert "noch 1 von 1 Plätzen frei" in page
    assert "ausgebucht" not in form.content.decode()


def test_people_waiting_make_the_event_full_like_in_the_form(client):
    event = EventFactory(format="hybrid", capacity_onsite=2, capacity_online=5)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)

    page = get(client, event.get_absolute_url())[0]
    form = client.get(reverse("participants:register", args=[event.slug]))

    assert "Plätze vor Ort</dt>" in page
    assert "ausgebucht – Warteliste" in page
    assert "Vor Ort (ausgebucht – Warteliste)" in form.content.decode()


def test_workshop_waiting_list_makes_it_full_like_in_the_form(client):
    event = EventFactory()
    slot = TimeSlotFactory(event=event)
    workshop = WorkshopFactory(event=event, time_slot=slot, capacity=2, title="Daten")
    WorkshopBookingFactory(workshop=workshop, registration__event=event)
    WorkshopBookingFactory(
        workshop=workshop, registration__event=event, status="waitlisted"
    )

    page = get(client, event.get_absolute_url())[0]
    form = client.get(reverse("participants:register", args=[event.slug]))

    assert "Daten" in page
    assert "ausgebucht – Warteliste" in page
    assert "Daten (ausgebucht – Warteliste)" in form.content.decode()


# The registration form is a public page too ----------------------------------------


def register_url(event):
    return reverse("participants:register", args=[event.slug])


def test_registration_form_comes_from_the_cache_and_its_token_works(
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    get(Client(), register_url(event))
    visitor = Client(enforce_csrf_checks=True)

    page, queries = get(visitor, register_url(event))
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(
            register_url(event), form_data(csrfmiddlewaretoken=token)
        )

    assert queries == 0
    assert response.status_code == 302
    assert Registration.objects.filter(event=event).count() == 1


def test_registration_form_shows_a_workshop_full_at_once(client):
    event = EventFactory()
    slot = TimeSlotFactory(event=event)
    workshop = WorkshopFactory(
        event=event, time_slot=slot, capacity=1, title="Offene Daten"
    )
    assert "Offene Daten (ausgebucht" not in get(client, register_url(event))[0]

    WorkshopBookingFactory(workshop=workshop, registration__event=event)

    assert (
        "Offene Daten (ausgebucht – Warteliste)"
        in get(Client(), register_url(event))[0]
    )


def test_registration_form_with_errors_is_never_cached(client):
    event = EventFactory()
    client.post(register_url(event), form_data(first_name=""))

    _page, queries = get(Client(), register_url(event))

    assert queries > 0


def form_token(page: str) -> str:
    form = page.split('method="post"', 1)[1] if 'method="post"' in page else page
    return form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]


def test_shared_registration_form_carries_each_signed_in_visitors_own_token(
    django_user_model, django_capture_on_commit_callbacks
):
    """Signed-in people never get cached pages, but share the rendered form."""
    event = EventFactory()
    first, second = (Client(enforce_csrf_checks=True) for _ in range(2))
    first.force_login(django_user_model.objects.create_user("a", "a@example.org"))
    second.force_login(django_user_model.objects.create_user("b", "b@example.org"))

    first_page = first.get(register_url(event)).content.decode()
    second_page = second.get(register_url(event)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = second.post(
            register_url(event),
            form_data(csrfmiddlewaretoken=form_token(second_page)),
        )

    assert form_token(first_page) != form_token(second_page)
    assert response.status_code == 302
    assert Registration.objects.filter(event=event).count() == 1


def test_edited_question_shows_on_the_form_at_once(client):
    from participants.models import Question

    event = EventFactory()
    question = Question.objects.create(
        event=event, label="Anreise mit dem Zug?", kind=Question.Kind.CHECKBOX
    )
    assert "Anreise mit dem Zug?" in get(client, register_url(event))[0]

    question.label = "Anreise mit Bus oder Bahn?"
    question.save()

    page = get(Client(), register_url(event))[0]
    assert "Anreise mit Bus oder Bahn?" in page
    assert "Anreise mit dem Zug?" not in page


def test_a_change_another_process_makes_shows_here_within_a_second(client):
    """With a shared cache each process reuses the version it read for a second."""
    from django.core.cache import cache

    from core.caching import VERSION_KEY

    event = EventFactory(capacity_onsite=10)
    seat = RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    url = event.get_absolute_url()
    assert "noch 10 von 10 Plätzen frei" in get(client, url)[0]

    # Another web process confirms the seat and bumps the shared version; no
    # signal reaches this process.
    Registration.objects.filter(pk=seat.pk).update(status=Registration.Status.CONFIRMED)
    cache.incr(VERSION_KEY)

    page, queries = get(Client(), url)
    assert (queries, "noch 10 von 10 Plätzen frei" in page) == (0, True)
    with time_machine.travel(timezone.now() + timedelta(seconds=1.5)):
        assert "noch 9 von 10 Plätzen frei" in get(Client(), url)[0]
