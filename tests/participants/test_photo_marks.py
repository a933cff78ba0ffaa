"""Who gave no photo consent is marked on badges, sign-in sheets and at the door."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from participants.models import Consent
from projects.models import ProjectMembership
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

MARK = "Keine Fotos"


@pytest.fixture
def event():
    return EventFactory()


@pytest.fixture
def door(client, event):
    user = get_user_model().objects.create_user(
        username="einlass", email="einlass@example.org", password=None
    )
    ProjectMembership.objects.create(
        project=event.host_project, user=user, role=ProjectMembership.Role.STAFF
    )
    client.force_login(user)
    return client


def photos(registration, *, withdrawn=False):
    now = timezone.now()
    return Consent.objects.create(
        registration=registration,
        kind=Consent.Kind.PHOTOS,
        text_version="2026-1",
        text="Fotos",
        given_at=now,
        withdrawn_at=now if withdrawn else None,
    )


@pytest.fixture
def people(event):
    """One person who agreed to photos, one who never did, one who withdrew."""
    agreed = RegistrationFactory(event=event, first_name="Anna", last_name="Alpha")
    never = RegistrationFactory(event=event, first_name="Bert", last_name="Beta")
    withdrew = RegistrationFactory(event=event, first_name="Cora", last_name="Gamma")
    photos(agreed)
    photos(withdrew, withdrawn=True)
    return agreed, never, withdrew


def pdf_pages(client, event, export_format) -> list[str]:
    response = client.get(
        reverse("staff:export_download", kwargs={"slug": event.slug}),
        {"format": export_format, "status": "confirmed"},
    )
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_badges_mark_declined_and_withdrawn_photo_consent(door, event, people):
    [text] = pdf_pages(door, event, "badges")

    assert text.count(MARK) == 2
    # Badges are drawn in German order of names: Alpha, Beta, Gamma; the mark
    # follows the names it belongs to and never Anna's.
    alpha, beta, gamma = (text.index(n) for n in ("Alpha", "Beta", "Gamma"))
    marks = [i for i in range(len(text)) if text.startswith(MARK, i)]
    assert not any(alpha < m < beta for m in marks)
    assert any(beta < m < gamma for m in marks)
    assert any(m > gamma for m in marks)


def test_sign_in_sheet_marks_declined_photo_consent(door, event, people):
    [text] = pdf_pages(door, event, "signin")

    lines = text.splitlines()
    assert text.count(MARK) == 2
    beta = next(i for i, line in enumerate(lines) if "Beta, Bert" in line)
    assert MARK in " ".join(lines[beta : beta + 2])
    alpha = next(i for i, line in enumerate(lines) if "Alpha, Anna" in line)
    assert MARK not in " ".join(lines[alpha : alpha + 2])


def test_checkin_search_marks_who_must_not_be_photographed(door, event, people):
    url = reverse("staff:checkin", kwargs={"slug": event.slug})

    agreed_page = door.get(url, {"q": "Anna"}).content.decode()
    never_page = door.get(url, {"q": "Bert"}).content.decode()
    withdrew_page = door.get(url, {"q": "Cora"}).content.decode()

    assert MARK not in agreed_page
    assert MARK in never_page
    assert MARK in withdrew_page


def test_checkin_scan_warns_when_no_photo_consent(door, event, people):
    agreed, never, _withdrew = people
    url = reverse("staff:checkin", kwargs={"slug": event.slug})

    declined = door.post(url, {"code": str(never.checkin_code)}, follow=True)
    allowed = door.post(url, {"code": str(agreed.checkin_code)}, follow=True)

    assert f"{never.name}: Keine Fotos" in declined.content.decode()
    assert "Keine Fotos (keine Einwilligung" not in allowed.content.decode()
