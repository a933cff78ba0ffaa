"""A citizen with an account signs in, sees all registrations, opens one."""

import re

import pytest

from participants.models import Registration
from tests.browser.conftest import assert_accessible
from tests.factories import (
    RegistrationFactory,
    VerifiedUserFactory,
    WorkshopBookingFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Konferenz-Südwestfalen-2026"


@pytest.fixture
def citizen():
    user = VerifiedUserFactory(
        username="erika", email="erika@example.org", password=PASSWORD
    )
    WorkshopBookingFactory(
        registration__email=user.email,
        registration__event__title="Regionalkonferenz Arnsberg",
        workshop__title="Offene Daten",
    )
    RegistrationFactory(
        email=user.email,
        event__title="Forum Soest",
        status=Registration.Status.WAITLISTED,
    )
    return user


def test_citizen_signs_in_and_opens_a_registration_from_the_list(page, citizen):
    page.goto("/accounts/signup/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Konto anlegen (freiwillig)"
    assert_accessible(page)

    page.goto("/konto/anmeldungen/")
    page.get_by_label(re.compile("^E-Mail")).fill("erika@example.org")
    page.get_by_label(re.compile("^Passwort")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("^Einloggen")).click()
    page.wait_for_url(re.compile(r"/konto/anmeldungen/$"))

    assert page.get_by_role("heading", name="Meine Anmeldungen", level=1).is_visible()
    assert page.get_by_role("heading", level=3).all_inner_texts() == [
        "Regionalkonferenz Arnsberg",
        "Forum Soest",
    ]
    assert page.get_by_text("Warteliste, Platz 1").is_visible()
    assert_accessible(page)

    link = re.compile(r"^Anmeldung öffnen\s*: Regionalkonferenz Arnsberg$")
    page.get_by_role("link", name=link).click()
    assert page.get_by_role("heading", name="Meine Anmeldung", level=1).is_visible()
    assert page.get_by_text("Offene Daten", exact=False).first.is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Meine Anmeldungen").last.click()
    page.wait_for_url(re.compile(r"/konto/anmeldungen/$"))
