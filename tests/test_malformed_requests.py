"""Every public form answers malformed requests with a 4xx page of ours, in
German, and saves nothing: bodies in another charset, invalid UTF-8, NUL bytes,
oversized fields and a missing CSRF token; oversized bodies and a bad Host too.
"""

from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from participants.models import EmailMessage, Registration
from tests.factories import EventFactory, RegistrationFactory
from tests.participants.helpers import form_data

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
LONG = "x" * 10_000


@pytest.fixture(autouse=True)
def _german():
    from django.utils import translation

    translation.activate("de")
    yield
    translation.activate("de")


def _forms() -> dict:
    """Each public form: its address and a valid submission."""
    event = EventFactory()
    RegistrationFactory(event=event, email="schon@example.org")
    return {
        "registration": (
            reverse("participants:register", kwargs={"slug": event.slug}),
            form_data(first_name="Jürgen"),
        ),
        "resend": (reverse("participants:resend"), {"email": "schon@example.org"}),
        "language": (reverse("set_language"), {"language": "en", "next": "/"}),
        "login": (
            reverse("account_login"),
            {"login": "niemand@example.org", "password": "geheim-Passwort-1"},
        ),
    }


def _body(data: dict, *, encoding="utf-8", replace=None) -> bytes:
    """``data`` urlencoded; ``replace`` maps a field to raw bytes for its value."""
    replace = replace or {}
    parts = []
    for name, value in data.items():
        raw = replace.get(name, quote(value.encode(encoding)).encode("ascii"))
        parts.append(name.encode("ascii") + b"=" + raw)
    return b"&".join(parts)


def post_raw(client, url, body: bytes, content_type=FORM):
    """POST ``body`` byte for byte (Client.post would re-encode it)."""
    return client.generic("POST", url, body, content_type=content_type)


def _state():
    return (
        Registration.objects.count(),
        EmailMessage.objects.count(),
        get_user_model().objects.count(),
        len(mail.outbox),
    )


def assert_our_german_page(response, *, statuses=range(400, 500)):
    html = response.content.decode()
    assert response.status_code in statuses, (response.status_code, html[:300])
    assert '<html lang="de">' in html
    assert 'class="site-header"' in html
    assert "Datenschutz" in html  # the site's footer, in German
    assert "Bad Request" not in html


def _text_fields(data: dict) -> list[str]:
    """The fields a person types into (not checkboxes, choices, the honeypot)."""
    return [
        field
        for field, value in data.items()
        if value not in ("on", "") and field != "participant_kind"
    ]


MALFORMED = {
    # A charset Django refuses for form bodies (it raises BadRequest).
    "latin-1": lambda data: (
        _body(data, encoding="latin-1"),
        f"{FORM}; charset=latin-1",
    ),
    "utf-16": lambda data: (
        "&".join(f"{k}={v}" for k, v in data.items()).encode("utf-16"),
        f"{FORM}; charset=utf-16",
    ),
    # Bytes that are not UTF-8 in every text field ("J\xfcrg" in latin-1).
    "invalid-utf-8": lambda data: (
        _body(data, replace=dict.fromkeys(_text_fields(data), b"J%FCrg")),
        FORM,
    ),
    "nul-bytes": lambda data: (
        _body(data, replace=dict.fromkeys(_text_fields(data), b"ab%00cd")),
        FORM,
    ),
    "10000-characters": lambda data: (
        _body(data, replace=dict.fromkeys(_text_fields(data), LONG.encode())),
        FORM,
    ),
}


@pytest.mark.parametrize("case", list(MALFORMED))
@pytest.mark.parametrize("form", ["registration", "resend", "language", "login"])
def test_public_form_answers_malformed_body_with_german_4xx_and_saves_nothing(
    form, case
):
    url, data = _forms()[form]
    before = _state()
    body, content_type = MALFORMED[case](data)

    response = post_raw(Client(), url, body, content_type)

    assert_our_german_page(response)
    assert _state() == before
    assert "_auth_user_id" not in response.client.session
    assert "django_language" not in response.cookies


@pytest.mark.parametrize("form", ["registration", "resend", "language", "login"])
def test_public_form_without_csrf_token_is_403_in_german_and_saves_nothing(form):
    url, data = _forms()[form]
    before = _state()

    response = Client(enforce_csrf_checks=True).post(url, data)

    assert_our_german_page(response, statuses={403})
    assert "Bitte senden Sie das Formular noch einmal" in response.content.decode()
    assert _state() == before


def test_undecodable_body_is_400_even_with_debug_on(settings):
    """Django's debug page reads request.POST again; it must not raise."""
    settings.DEBUG = True
    url, data = _forms()["registration"]
    before = _state()

    response = post_raw(
        Client(raise_request_exception=False),
        url,
        _body(data, encoding="latin-1"),
        f"{FORM}; charset=latin-1",
    )

    assert response.status_code == 400
    assert _state() == before


def test_oversized_body_is_400_in_our_layout(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    url, data = _forms()["registration"]
    before = _state()

    response = post_raw(Client(), url, _body({**data, "notes": "x" * 2000}))

    assert_our_german_page(response, statuses={400})
    assert "Diese Anfrage konnten wir nicht lesen" in response.content.decode()
    assert _state() == before


def test_too_many_fields_is_400_in_our_layout(settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 20
    url, data = _forms()["resend"]
    fields = {f"f{i}": "1" for i in range(50)}
    before = _state()

    response = post_raw(Client(), url, _body({**data, **fields}))

    assert_our_german_page(response, statuses={400})
    assert _state() == before


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_bad_host_is_400_in_our_layout_and_the_pages_language(
    prefix, settings, compiled_locale
):
    settings.LOCALE_PATHS = [compiled_locale]

    response = Client().get(f"{prefix}/", HTTP_HOST="evil.example.com")

    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="site-header"' in html
    if prefix:
        assert '<html lang="en">' in html
        assert "We could not read this request" in html
    else:
        assert '<html lang="de">' in html
        assert "Diese Anfrage konnten wir nicht lesen" in html


def test_broken_characters_in_a_name_get_a_german_message():
    url, data = _forms()["registration"]
    body = _body(data, replace={"first_name": b"J%EF%BF%BDrg"})  # U+FFFD itself

    response = post_raw(Client(), url, body)

    assert response.status_code == 400
    assert "bei der Übertragung beschädigt" in response.content.decode()
    assert Registration.objects.filter(first_name__contains="\ufffd").count() == 0


@pytest.mark.parametrize("value", ["abc", "-1", "9" * 30])
def test_tampered_hidden_field_on_the_check_in_page_is_400_with_a_message(value):
    from projects.models import ProjectMembership

    event = EventFactory()
    registration = RegistrationFactory(event=event)
    user = get_user_model().objects.create_user(
        username="einlass", email="einlass@example.org", password=None
    )
    ProjectMembership.objects.create(
        project=event.host_project, user=user, role=ProjectMembership.Role.STAFF
    )
    client = Client()
    client.force_login(user)

    response = client.post(
        reverse("staff:checkin", kwargs={"slug": event.slug}),
        {"code": "", "registration": value},
    )

    assert response.status_code == 400
    assert "Die gewählte Person ist unbekannt" in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is None
