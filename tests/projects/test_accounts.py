"""Sign-in with allauth: email login, brute-force lock-out, sign-up grants no rights."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Einlass-Südwestfalen-2026"


@pytest.fixture
def staff_user():
    user = VerifiedUserFactory(
        username="einlass", email="einlass@example.org", password=PASSWORD
    )
    return user


def sign_in(client, login, password):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_staff_signs_in_with_email_and_password(client, staff_user):
    response = sign_in(client, "einlass@example.org", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_username_is_not_a_login(client, staff_user):
    sign_in(client, "einlass", PASSWORD)

    assert not signed_in(client)


def test_after_five_failures_even_the_right_password_is_refused(client, staff_user):
    for _ in range(5):
        response = sign_in(client, "einlass@example.org", "falsch")
        assert response.status_code == 200
        assert not signed_in(client)

    response = sign_in(client, "einlass@example.org", PASSWORD)

    assert not signed_in(client)
    assert response.status_code == 200
    assert "Login-Versuche" in response.content.decode()


def test_lock_out_is_per_account_not_for_everyone(client, staff_user):
    VerifiedUserFactory(username="orga", email="orga@example.org", password=PASSWORD)
    for _ in range(5):
        sign_in(client, "einlass@example.org", "falsch")

    sign_in(client, "orga@example.org", PASSWORD)

    assert signed_in(client)


def test_public_sign_up_never_grants_staff_rights(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "buerger@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "is_staff": "on",
            "is_superuser": "on",
        },
    )

    user = get_user_model().objects.get(email="buerger@example.org")
    assert response.status_code == 302
    assert user.is_staff is False
    assert user.is_superuser is False
    assert user.projectmembership_set.count() == 0
    staff_area = client.get(reverse("staff:event_list"))
    assert staff_area.status_code in (302, 403)
