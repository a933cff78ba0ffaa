"""allauth's pages and emails in German: "Sie", and "Einloggen" for the login.

allauth's own German mixes "du" and "Sie" and calls the login "Anmeldung", which on
this site means registering for an event. locale/de/LC_MESSAGES/django.po overrides
it. The catalogues are compiled from the .po files in the repository into a
temporary directory, so these tests check the .po, not whatever .mo was built last.
"""

import re
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext

from tests.factories import VerifiedUserFactory
from tests.visible_text import SPOKEN_ATTRIBUTES, visible_texts

pytestmark = pytest.mark.django_db

LOCALE = Path(django_settings.BASE_DIR) / "locale"
PASSWORD = "Einlass-Südwestfalen-2026"

# The informal address, as whole words: du, dein/deine/deinem/…, dich, dir.
INFORMAL = re.compile(r"\b(?:du|dein\w*|dich|dir)\b", re.IGNORECASE)


@pytest.fixture(autouse=True)
def _site_catalogues(settings, compiled_locale):
    # Changing LOCALE_PATHS makes Django drop its cached catalogues.
    settings.LOCALE_PATHS = [compiled_locale]


@pytest.fixture
def german(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    return client


def visible_text(response) -> str:
    # Button captions count here too: "Einloggen" must not read "Anmelden".
    texts = visible_texts(response.content.decode(), SPOKEN_ATTRIBUTES | {"value"})
    return " ".join(texts)


def informal_words(text: str) -> list[str]:
    return INFORMAL.findall(text)


def make_user(email="erika@example.org", **kwargs):
    user = VerifiedUserFactory(
        username=email.split("@")[0], email=email, password=PASSWORD, **kwargs
    )
    return user


# --- The login page ----------------------------------------------------------


def test_german_login_page_says_einloggen(german):
    response = german.get(reverse("account_login"))

    assert response.status_code == 200
    assert '<html lang="de"' in response.content.decode()
    text = visible_text(response)
    assert "Einloggen" in text
    assert "Eingeloggt bleiben" in text
    assert "Anmeldung" not in text
    assert "Anmelden" not in text
    assert informal_words(text) == []


def test_german_login_page_points_to_konto_anlegen(german):
    text = visible_text(german.get(reverse("account_login")))

    assert "Sie haben noch kein Konto?" in text
    assert "Freiwilliges Konto anlegen" in text
    # Staff rights come by invitation only: nobody is told to sign up first.
    assert "gibt es nur auf Einladung" in text
    assert "zuerst ein Konto" not in text
    assert "Registrier" not in text


def test_failed_login_speaks_formally_and_of_login(german):
    make_user()

    response = german.post(
        reverse("account_login"), {"login": "erika@example.org", "password": "falsch"}
    )

    text = visible_text(response)
    assert "Die E-Mail-Adresse und/oder das Passwort sind nicht korrekt." in text
    assert "Anmeld" not in text
    assert informal_words(text) == []


def test_lock_out_message_calls_it_login(german):
    make_user()
    for _ in range(6):
        response = german.post(
            reverse("account_login"),
            {"login": "erika@example.org", "password": "falsch"},
        )

    text = visible_text(response)
    assert "Zu viele fehlgeschlagene Login-Versuche." in text
    assert "Bitte versuchen Sie es später noch einmal." in text
    assert "Anmeld" not in text


def test_signed_in_message_says_eingeloggt(german):
    make_user()

    response = german.post(
        reverse("account_login"),
        {"login": "erika@example.org", "password": PASSWORD},
        follow=True,
    )

    text = visible_text(response)
    assert "Sie sind jetzt als" in text
    assert "eingeloggt" in text
    assert "angemeldet" not in text


# --- The other pages a person meets -----------------------------------------


@pytest.mark.parametrize(
    "name", ["account_reset_password", "account_reset_password_done"]
)
def test_password_reset_pages_are_formal(german, name):
    response = german.get(reverse(name))

    assert response.status_code == 200
    text = visible_text(response)
    assert "Passwort" in text
    assert informal_words(text) == []


def test_password_reset_page_wording(german):
    text = visible_text(german.get(reverse("account_reset_password")))

    assert "Geben Sie unten Ihre E-Mail-Adresse ein." in text


def test_signup_page_is_formal_and_says_konto_anlegen(german):
    response = german.get(reverse("account_signup"))

    assert response.status_code == 200
    text = visible_text(response)
    assert "Konto anlegen" in text
    assert "Mit Ihrem Konto einloggen" in text
    assert "Passwort (wiederholen)" in text
    assert "Registrier" not in text
    assert informal_words(text) == []


def test_signup_leads_to_a_formal_verification_page_and_email(german):
    response = german.post(
        reverse("account_signup"),
        {"email": "neu@example.org", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("account_email_verification_sent")
    text = visible_text(response)
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in text
    assert "Anlegen Ihres Kontos" in text
    assert informal_words(text) == []
    [message] = mail.outbox
    assert message.subject.endswith("Bitte bestätigen Sie Ihre E-Mail-Adresse")
    assert "Um Ihre E-Mail-Adresse zu bestätigen" in message.body
    assert informal_words(message.subject + " " + message.body) == []


def test_verification_sent_page_is_formal(german):
    response = german.get(reverse("account_email_verification_sent"))

    assert response.status_code == 200
    assert informal_words(visible_text(response)) == []


def test_logout_confirmation_is_formal(german):
    german.force_login(make_user())

    response = german.get(reverse("account_logout"))

    assert response.status_code == 200
    text = visible_text(response)
    assert "Möchten Sie sich wirklich von Ihrem Konto abmelden?" in text
    assert informal_words(text) == []


def test_totp_code_page_is_formal_and_says_einloggen(german):
    user = make_user("orga@example.org", is_staff=True)
    TOTP.activate(user, generate_totp_secret())
    german.post(
        reverse("account_login"), {"login": "orga@example.org", "password": PASSWORD}
    )

    response = german.get(reverse("mfa_authenticate"))

    assert response.status_code == 200
    text = visible_text(response)
    assert "Zwei-Faktor-Authentifizierung" in text
    assert "Einloggen" in text
    assert "Anmeld" not in text
    assert informal_words(text) == []


# --- Emails -------------------------------------------------------------------


def test_password_reset_email_is_formal(german):
    make_user()

    german.post(reverse("account_reset_password"), {"email": "erika@example.org"})

    [message] = mail.outbox
    text = message.subject + "\n" + message.body
    assert "Sie erhalten diese E-Mail" in message.body
    assert "Ihr Konto" in message.body
    assert informal_words(text) == []


def test_password_reset_email_for_an_unknown_address_is_formal(german):
    german.post(reverse("account_reset_password"), {"email": "niemand@example.org"})

    [message] = mail.outbox
    text = message.subject + "\n" + message.body
    assert "Zu dieser Adresse gibt es bei uns jedoch kein Konto." in message.body
    assert "ein Konto anlegen" in message.body
    assert informal_words(text) == []


def test_signup_with_a_known_address_sends_a_formal_email(german):
    make_user()

    german.post(
        reverse("account_signup"),
        {"email": "erika@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    [message] = mail.outbox
    text = message.subject + "\n" + message.body
    assert "Für diese E-Mail-Adresse gibt es aber bereits ein Konto." in message.body
    assert informal_words(text) == []
    assert "anzumelden" not in text


# --- English stays English ----------------------------------------------------


def test_english_keeps_allauths_own_wording():
    with translation.override("en"):
        assert gettext("Sign In") == "Sign In"
        assert gettext("Sign Up") == "Sign Up"
        assert gettext("Remember Me") == "Remember Me"
        assert pgettext("field label", "Login") == "Login"
    with translation.override("de"):
        assert gettext("Sign In") == "Einloggen"
        assert gettext("Sign Up") == "Konto anlegen"


# allauth's pages sit in i18n_patterns: /accounts/… is German (the default
# language has no prefix, whatever cookie or header the browser sends) and
# /en/accounts/… is English.


def test_english_login_page_says_sign_in(client):
    with translation.override("en"):
        path = reverse("account_login")

    response = client.get(path)

    assert path == "/en/accounts/login/"
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()
    text = visible_text(response)
    assert "Sign In" in text
    assert "Remember Me" in text
    assert "Einloggen" not in text


def test_language_switch_on_the_login_page_opens_the_english_one(german):
    page = german.get(reverse("account_login")).content.decode()

    assert 'name="next" value="/en/accounts/login/"' in page
    response = german.post(
        reverse("set_language"), {"language": "en", "next": "/en/accounts/login/"}
    )
    assert response["Location"] == "/en/accounts/login/"


def test_english_page_sends_to_the_english_login(client):
    with translation.override("en"):
        path = reverse("participants:my_registrations")

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_german_page_still_sends_to_the_german_login(german):
    response = german.get(reverse("participants:my_registrations"))

    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("path", ["/accounts/login/", "/en/accounts/login/"])
def test_sign_in_pages_are_never_stored(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
