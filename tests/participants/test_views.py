import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from participants import services
from participants.models import (
    Answer,
    Consent,
    EmailMessage,
    Question,
    Registration,
    WorkshopBooking,
)
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    TimeSlotFactory,
    WorkshopFactory,
)
from tests.participants.helpers import (
    CONFIRM_LINK,
    MANAGE_LINK,
    form_data,
    link_in,
    sent_to,
)

pytestmark = pytest.mark.django_db

Status = Registration.Status


def url(event):
    return reverse("participants:register", kwargs={"slug": event.slug})


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    def submit(event, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url(event), form_data(**data))

    return submit


@pytest.fixture
def follow_link(client, django_capture_on_commit_callbacks):
    def follow(path):
        with django_capture_on_commit_callbacks(execute=True):
            return client.get(path)

    return follow


# The form -----------------------------------------------------------------------


def test_form_shows_workshops_per_slot_and_extra_questions(client):
    event = EventFactory()
    slot = TimeSlotFactory(event=event, label="Vormittag")
    WorkshopFactory(event=event, time_slot=slot, title="Daten", capacity=0)
    WorkshopFactory(event=event, time_slot=slot, title="Mobilität")
    Question.objects.create(event=event, label="Mit Bahn?", kind="checkbox")

    response = client.get(url(event))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Vormittag" in page
    assert "Workshop – Vormittag" not in page  # under "Workshops" already
    assert "Daten (ausgebucht – Warteliste)" in page
    assert "Mobilität" in page
    assert "Mit Bahn?" in page
    assert 'tabindex="-1"' in page  # the honeypot is out of the tab order


def test_register_valid_post_redirects_and_sends_confirm_email(client, submit):
    event = EventFactory()
    response = submit(event, email="neu@example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "participants:register_done", kwargs={"slug": event.slug}
    )
    registration = Registration.objects.get()
    assert registration.status == Status.PENDING
    assert registration.language == "de"
    [message] = sent_to("neu@example.org")
    assert "/anmeldung/bestaetigen/" in message.body
    done = client.get(response["Location"])
    assert "Bitte bestätigen Sie Ihre Anmeldung" in done.content.decode()


def test_register_in_english_stores_language(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en{url(event)}", form_data(email="en@example.org"))
    assert response.status_code == 302
    assert Registration.objects.get().language == "en"
    assert "/en/anmeldung/bestaetigen/" in sent_to("en@example.org")[0].body


def test_register_saves_workshops_answers_and_consents(submit):
    event = EventFactory()
    workshop = WorkshopFactory(event=event)
    text = Question.objects.create(event=event, label="Erwartung", kind="text")
    choice = Question.objects.create(
        event=event, label="Anreise", kind="choice", choices="Bahn\nAuto"
    )
    response = submit(
        event,
        **{
            f"slot_{workshop.time_slot_id}": str(workshop.pk),
            f"question_{text.pk}": "Austausch",
            f"question_{choice.pk}": "Bahn",
            "consent_photos": "on",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.bookings.get().workshop == workshop
    answers = dict(Answer.objects.values_list("question__label", "value"))
    assert answers == {"Erwartung": "Austausch", "Anreise": "Bahn"}
    kinds = set(registration.consents.values_list("kind", flat=True))
    assert kinds == {Consent.Kind.PRIVACY_NOTICE, Consent.Kind.PHOTOS}


# Rules and bad input ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("first_name", "", "Dieses Feld ist zwingend erforderlich."),
        ("last_name", "Muster\nmann", "Bitte nur eine Zeile ohne Steuerzeichen"),
        ("first_name", "E" * 101, "höchstens 100 Zeichen"),
        ("email", "kein-at-zeichen", "gültige E-Mail-Adresse"),
        ("email", "a@example.org\nBcc: b@example.org", "ohne Steuerzeichen"),
        ("email", "a@example.org\r\n", "ohne Steuerzeichen"),
        ("organisation", "O" * 201, "höchstens 200 Zeichen"),
        ("participant_kind", "alien", "gültige Auswahl"),
        ("municipality", "999999", "gültige Auswahl"),
        ("privacy_notice", None, "Datenschutzhinweis zur Kenntnis"),
        ("needs_notes", "x" * 2001, "höchstens 2000 Zeichen"),
        ("allergies", "Nüsse\x07", "keine Steuerzeichen"),
    ],
)
def test_register_bad_input_is_400_with_german_message_and_saves_nothing(
    submit, field, value, message
):
    event = EventFactory()
    response = submit(event, **{field: value})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Registration.objects.count() == 0
    assert mail.outbox == []


def test_error_summary_links_a_radio_group_to_its_first_button(submit):
    event = EventFactory(format="hybrid")

    response = submit(event, mode=None)

    page = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#id_mode_0">' in page
    assert 'id="id_mode_0"' in page


def test_register_unknown_workshop_is_400(submit):
    event = EventFactory()
    workshop = WorkshopFactory(event=event)
    response = submit(event, **{f"slot_{workshop.time_slot_id}": "999999"})
    assert response.status_code == 400
    assert Registration.objects.count() == 0


def test_register_missing_required_question_is_400(submit):
    event = EventFactory()
    question = Question.objects.create(
        event=event, label="Pflichtfrage", kind="text", required=True
    )
    response = submit(event)
    assert response.status_code == 400
    assert f"question_{question.pk}" in response.content.decode()
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"status": "cancelled"}, 410, "abgesagt"),
        ({"start_days": -1}, 410, "bereits begonnen"),
        ({"opens_days": 3}, 403, "noch nicht geöffnet"),
        ({"closes_days": -1}, 403, "Die Anmeldung ist geschlossen."),
    ],
)
def test_register_closed_event_answers_with_status_and_reason(
    client, submit, fields, status, message
):
    now = timezone.now()
    kwargs = {}
    if "status" in fields:
        kwargs["status"] = fields["status"]
    if "start_days" in fields:
        kwargs["start"] = now + timedelta(days=fields["start_days"])
        kwargs["registration_closes"] = None
    if "opens_days" in fields:
        kwargs["registration_opens"] = now + timedelta(days=fields["opens_days"])
    if "closes_days" in fields:
        kwargs["registration_closes"] = now + timedelta(days=fields["closes_days"])
    event = EventFactory(**kwargs)

    for response in (client.get(url(event)), submit(event)):
        assert response.status_code == status
        assert message in response.content.decode()
    assert Registration.objects.count() == 0


def test_register_draft_event_is_404(client):
    event = EventFactory(status="draft")
    assert client.get(url(event)).status_code == 404


def test_register_twice_answers_as_a_new_registration_and_mails_the_link(
    client, submit
):
    """The form tells nobody whether an address is registered (as the resend
    form does not); the person finds their link in the mail."""
    event = EventFactory()
    first = submit(event, email="zweimal@example.org")
    mail.outbox.clear()
    second = submit(event, email="Zweimal@example.org")

    assert second.status_code == first.status_code == 302
    assert second["Location"] == first["Location"]
    done = client.get(second["Location"]).content.decode()
    assert "bereits angemeldet" not in done
    assert Registration.objects.count() == 1
    [message] = mail.outbox
    assert message.to == ["zweimal@example.org"]
    assert CONFIRM_LINK.search(message.body)


# Abuse --------------------------------------------------------------------------


def test_honeypot_pretends_success_and_saves_and_sends_nothing(submit):
    event = EventFactory()
    response = submit(event, website="http://spam.example")
    assert response.status_code == 302
    assert Registration.objects.count() == 0
    assert EmailMessage.objects.count() == 0
    assert mail.outbox == []


def test_register_rate_limit_answers_429(submit, settings):
    settings.REGISTRATION_RATE_LIMIT = "3/m"
    event = EventFactory()
    statuses = [submit(event).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert Registration.objects.count() == 3


def test_resend_rate_limit_answers_429(client, settings):
    settings.RESEND_RATE_LIMIT = "2/m"
    resend = reverse("participants:resend")
    statuses = [
        client.post(resend, {"email": "x@example.org"}).status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert "Bitte einen Moment Geduld" in client.post(resend, {}).content.decode()


def test_rate_limit_behind_a_proxy_counts_each_forwarded_client(client, settings):
    settings.RESEND_RATE_LIMIT = "2/m"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    resend = reverse("participants:resend")

    def post_from(address):
        return client.post(
            resend, {"email": "x@example.org"}, HTTP_X_FORWARDED_FOR=address
        ).status_code

    assert [post_from("203.0.113.7") for _ in range(3)] == [200, 200, 429]
    assert post_from("198.51.100.4") == 200


# Links ----------------------------------------------------------------------------


def test_confirm_link_confirms_and_redirects_to_token_free_page(
    client, submit, follow_link
):
    event = EventFactory()
    submit(event, email="link@example.org")
    confirm_path = link_in(sent_to("link@example.org")[0])

    response = follow_link(confirm_path)

    registration = Registration.objects.get()
    manage = reverse("participants:manage", kwargs={"pk": registration.pk})
    assert response.status_code == 302
    assert response["Location"] == manage
    assert registration.status == Status.CONFIRMED
    page = client.get(manage).content.decode()
    assert "Ihre Anmeldung ist bestätigt" in page

    second = follow_link(confirm_path)
    assert second.status_code == 200
    assert "bereits bestätigt" in second.content.decode()


def test_forged_link_is_404_and_changes_nothing(client, submit):
    event = EventFactory()
    submit(event)
    for name in ("confirm", "manage_link"):
        response = client.get(reverse(f"participants:{name}", args=["x" * 43]))
        assert response.status_code == 404
        assert "Link ungültig" in response.content.decode()
    assert Registration.objects.get().status == Status.PENDING


def test_expired_confirm_link_is_410_and_changes_nothing(client, submit):
    event = EventFactory()
    submit(event, email="spaet@example.org")
    confirm_path = link_in(sent_to("spaet@example.org")[0])
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        response = client.get(confirm_path)
    assert response.status_code == 410
    assert "abgelaufen" in response.content.decode()
    registration = Registration.objects.get()
    assert (registration.status, registration.confirmed_at) == (Status.PENDING, None)


def test_manage_page_without_personal_link_is_403(client):
    registration = RegistrationFactory()
    response = client.get(reverse("participants:manage", args=[registration.pk]))
    assert response.status_code == 403
    assert "persönlichen Link" in response.content.decode()


def test_resend_answers_the_same_whether_or_not_registered(
    client, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(email="bekannt@example.org")
    resend = reverse("participants:resend")

    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(resend, {"email": "bekannt@example.org"})
        unknown = client.post(resend, {"email": "unbekannt@example.org"})

    assert known.status_code == unknown.status_code == 200
    assert known.templates[0].name == unknown.templates[0].name
    [message] = mail.outbox
    assert message.to == [registration.email]
    manage_path = link_in(message, pattern=MANAGE_LINK)
    response = client.get(manage_path)
    assert response["Location"] == reverse(
        "participants:manage", args=[registration.pk]
    )


def test_resend_with_bad_email_is_400(client):
    response = client.post(reverse("participants:resend"), {"email": "a\n@b.de"})
    assert response.status_code == 400


# Self-service ---------------------------------------------------------------------


@pytest.fixture
def opened(client, follow_link, django_capture_on_commit_callbacks):
    """A confirmed registration whose personal link this client has opened."""

    def open_for(registration):
        with django_capture_on_commit_callbacks(execute=True):
            services.resend_links(email=registration.email)
        path = link_in(sent_to(registration.email)[-1], pattern=MANAGE_LINK)
        assert follow_link(path).status_code == 302
        return reverse("participants:manage", args=[registration.pk])

    return open_for


def test_manage_page_lists_details_and_ics_download(client, opened):
    registration = RegistrationFactory(first_name="Ada")
    manage = opened(registration)

    page = client.get(manage).content.decode()
    assert "Ada" in page
    ics = client.get(reverse("participants:calendar", args=[registration.pk]))
    assert ics.status_code == 200
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content
    assert registration.event.title.encode() in ics.content


def scan_png(body: bytes) -> str:
    import io

    import numpy as np
    import zxingcpp
    from PIL import Image

    (result,) = zxingcpp.read_barcodes(
        np.array(Image.open(io.BytesIO(body)).convert("L"))
    )
    return result.text


def test_manage_page_shows_the_check_in_code_that_the_door_scans(client, opened):
    registration = RegistrationFactory()
    manage = opened(registration)
    image_url = reverse("participants:checkin_image", args=[registration.pk])

    page = client.get(manage).content.decode()
    image = client.get(image_url)

    code = str(registration.checkin_code).upper()
    assert f'src="{image_url}"' in page
    assert f"QR-Code für den Check-in: {code}" in page
    assert image["Content-Type"] == "image/png"
    assert "no-store" in image["Cache-Control"]
    assert scan_png(image.content) == code


def test_no_check_in_code_for_online_or_waiting_people(client, opened):
    online = RegistrationFactory(event__format="hybrid", mode=Registration.Mode.ONLINE)
    manage = opened(online)
    image_url = reverse("participants:checkin_image", args=[online.pk])

    assert "QR-Code für den Check-in" not in client.get(manage).content.decode()
    assert client.get(image_url).status_code == 404


def test_check_in_code_needs_the_personal_link(client):
    registration = RegistrationFactory()
    image_url = reverse("participants:checkin_image", args=[registration.pk])

    assert client.get(image_url).status_code == 403


def test_change_workshop_from_manage_page(client, opened):
    registration = RegistrationFactory()
    slot = TimeSlotFactory(event=registration.event)
    a = WorkshopFactory(event=registration.event, time_slot=slot)
    b = WorkshopFactory(event=registration.event, time_slot=slot)
    WorkshopBooking.objects.create(registration=registration, workshop=a)
    opened(registration)

    response = client.post(
        reverse("participants:change_workshops", args=[registration.pk]),
        {f"slot_{slot.pk}": str(b.pk)},
    )

    assert response.status_code == 302
    booked = registration.bookings.get(status="booked")
    assert booked.workshop == b
    page = client.get(response["Location"]).content.decode()
    assert "Ihre Workshop-Auswahl ist gespeichert." in page


def test_change_to_full_workshop_is_409_and_keeps_seat(client, opened):
    registration = RegistrationFactory()
    slot = TimeSlotFactory(event=registration.event)
    a = WorkshopFactory(event=registration.event, time_slot=slot)
    b = WorkshopFactory(event=registration.event, time_slot=slot, capacity=0)
    WorkshopBooking.objects.create(registration=registration, workshop=a)
    opened(registration)

    response = client.post(
        reverse("participants:change_workshops", args=[registration.pk]),
        {f"slot_{slot.pk}": str(b.pk)},
    )
    assert response.status_code == 409
    assert "ausgebucht" in response.content.decode()
    assert registration.bookings.get().workshop == a


def test_switch_mode_on_hybrid_event(client, opened):
    event = EventFactory(format="hybrid", capacity_online=10)
    registration = RegistrationFactory(event=event, mode="onsite")
    opened(registration)
    response = client.post(
        reverse("participants:switch_mode", args=[registration.pk]), {"mode": "online"}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.mode == "online"


def test_cancel_needs_confirmation_step_then_promotes(client, opened):
    event = EventFactory(capacity_onsite=1)
    registration = RegistrationFactory(event=event)
    waiting = RegistrationFactory(
        event=event, status=Status.WAITLISTED, queued_at=timezone.now()
    )
    opened(registration)
    cancel = reverse("participants:cancel", args=[registration.pk])

    page = client.get(cancel)
    assert page.status_code == 200
    assert "wirklich stornieren" in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED

    response = client.post(cancel)
    assert response.status_code == 302
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert waiting.status == Status.CONFIRMED
    assert (
        "Diese Anmeldung ist storniert."
        in client.get(response["Location"]).content.decode()
    )


def test_withdraw_consent_with_one_click(client, opened):
    registration = RegistrationFactory()
    consent = Consent.objects.create(
        registration=registration,
        kind="photos",
        text_version="2026-1",
        text="Fotos",
        given_at=timezone.now(),
    )
    opened(registration)
    response = client.post(
        reverse("participants:withdraw_consent", args=[registration.pk, "photos"])
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_self_service_posts_need_the_personal_link(client):
    registration = RegistrationFactory()
    response = client.post(reverse("participants:cancel", args=[registration.pk]))
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


# Locks and queries ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_lock_timeout_gives_friendly_503_and_saves_nothing(client, settings):
    settings.REGISTRATION_LOCK_TIMEOUT = "200ms"
    event = EventFactory()
    locked, release = threading.Event(), threading.Event()

    def hold_event_lock():
        try:
            with transaction.atomic():
                list(type(event).objects.select_for_update().filter(pk=event.pk))
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_event_lock)
    holder.start()
    try:
        assert locked.wait(10)
        response = client.post(url(event), form_data())
    finally:
        release.set()
        holder.join()

    assert response.status_code == 503
    assert "Bitte versuchen Sie es" in response.content.decode()
    assert Registration.objects.count() == 0


def test_queries_per_registration_do_not_grow_with_registrations(client):
    event = EventFactory(capacity_onsite=500)
    slot = TimeSlotFactory(event=event)
    workshop = WorkshopFactory(event=event, time_slot=slot)

    def measure():
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                url(event), form_data(**{f"slot_{slot.pk}": str(workshop.pk)})
            )
        assert response.status_code == 302
        return len(queries)

    first = measure()
    RegistrationFactory.create_batch(30, event=event)
    assert measure() == first
