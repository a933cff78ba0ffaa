"""The optional second factor (allauth.mfa TOTP) guards the admin sign-in."""

import time

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.urls import reverse

from tests.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Orga-Südwestfalen-2026"


@pytest.fixture
def organiser_with_totp():
    user = VerifiedUserFactory(
        username="orga",
        email="orga@example.org",
        password=PASSWORD,
        is_staff=True,
    )
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def current_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_password_alone_does_not_sign_in_when_totp_is_on(client, organiser_with_totp):
    response = client.post(
        reverse("account_login"),
        {"login": "orga@example.org", "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not signed_in(client)


def test_correct_code_completes_the_sign_in(client, organiser_with_totp):
    _, secret = organiser_with_totp
    client.post(
        reverse("account_login"), {"login": "orga@example.org", "password": PASSWORD}
    )

    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})

    assert signed_in(client)


def test_wrong_code_is_refused(client, organiser_with_totp):
    client.post(
        reverse("account_login"), {"login": "orga@example.org", "password": PASSWORD}
    )

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})

    assert response.status_code == 200
    assert not signed_in(client)


def test_admin_login_goes_through_the_same_sign_in(client, db):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/admin/"
