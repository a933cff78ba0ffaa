import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.test import override_settings


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/datenschutz/", "Datenschutzhinweise"),
        ("/impressum/", "Impressum"),
        ("/barrierefreiheit/", "Erklärung zur Barrierefreiheit"),
        ("/en/datenschutz/", "Privacy notice"),
        ("/en/impressum/", "Imprint"),
        ("/en/barrierefreiheit/", "Accessibility statement"),
    ],
)
def test_legal_pages_have_a_default_text(client, db, path, heading):
    response = client.get(path)

    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()


@override_settings(RETENTION_DAYS=90, REGISTRATION_CONFIRM_HOURS=24)
def test_privacy_notice_states_legal_bases_and_the_configured_retention(client, db):
    content = client.get("/datenschutz/").content.decode()

    assert "Art. 6 Abs. 1 lit. e DSGVO" in content
    assert "Art. 6 Abs. 1 lit. a DSGVO" in content
    assert "90 Tage nach ihrem Ende automatisch anonymisiert" in content
    assert "24 Stunden" in content


def test_organisers_override_a_page_in_the_admin_per_language(client, db):
    site = Site.objects.get_current()
    german = FlatPage.objects.create(
        url="/impressum/", title="Impressum der Agentur", content="<p>Olpe</p>"
    )
    german.sites.add(site)
    english = FlatPage.objects.create(
        url="/en/impressum/", title="Imprint of the agency", content="<p>Olpe</p>"
    )
    english.sites.add(site)

    assert "Impressum der Agentur" in client.get("/impressum/").content.decode()
    assert "Imprint of the agency" in client.get("/en/impressum/").content.decode()


def test_english_falls_back_to_the_edited_german_page(client, db):
    page = FlatPage.objects.create(
        url="/datenschutz/", title="Datenschutz (geprüft)", content="<p>Text</p>"
    )
    page.sites.add(Site.objects.get_current())

    assert "Datenschutz (geprüft)" in client.get("/en/datenschutz/").content.decode()
