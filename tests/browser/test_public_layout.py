"""Every public page on a phone (390 × 844) and a laptop (1280 × 800), in German
and English: nothing scrolls sideways, and axe-core finds no WCAG 2.1 A/AA
violation (issue 18).

One test per screen size: each loads the demo data once, opens the pages in one
browser context and reports every page that fails, not only the first.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Event
from participants.models import AccessToken, Registration
from participants.tokens import issue_token
from projects.models import Municipality, Project
from tests.browser.conftest import axe_violations
from tests.factories import RegistrationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"phone": (390, 844), "laptop": (1280, 800)}
SIDEWAYS = (
    "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"  # noqa: E501
)


def personal_link(registration) -> str:
    raw = issue_token(
        registration=registration,
        purpose=AccessToken.Purpose.MANAGE,
        expires_at=timezone.now() + timedelta(days=1),
    )
    return f"/anmeldung/link/{raw}/"


def public_paths() -> tuple[list[str], list[str]]:
    """(paths, personal links): every kind of public page, in both languages."""
    events = list(Event.objects.visible().order_by("start"))
    open_events = [e for e in events if e.registration_is_open()]
    paths = ["/", "/en/", "/?place=soest", "/?municipality=soest"]
    paths += [event.get_absolute_url() for event in events]
    paths += ["/en" + event.get_absolute_url() for event in events[::3]]
    for event in open_events:
        paths += [f"/anmelden/{event.slug}/", f"/en/anmelden/{event.slug}/"]
        paths += [f"/anmelden/{event.slug}/gesendet/"]
        paths += [f"/anmelden/{event.slug}/gruppe/"]
    paths += ["/projekte/", "/en/projekte/", "/kommunen/", "/en/kommunen/"]
    paths += [project.get_absolute_url() for project in Project.objects.all()[:4]]
    paths += [town.get_absolute_url() for town in Municipality.objects.all()[:4]]
    paths += ["/impressum/", "/en/impressum/", "/datenschutz/", "/en/datenschutz/"]
    paths += ["/barrierefreiheit/", "/anmeldung/link-anfordern/"]
    paths += ["/anmeldung/link/ungueltig/"]  # the message page for a bad link

    menden = Event.objects.get(slug="11-regionalkonferenz-menden")
    confirmed = RegistrationFactory(
        event=menden, status=Registration.Status.CONFIRMED, mode="onsite"
    )
    cancelled = RegistrationFactory(event=menden, status=Registration.Status.CANCELLED)
    links = [personal_link(confirmed), personal_link(cancelled)]
    paths += [f"/anmeldung/{confirmed.pk}/", f"/en/anmeldung/{confirmed.pk}/"]
    paths += [f"/anmeldung/{confirmed.pk}/stornieren/"]
    paths += [f"/anmeldung/{cancelled.pk}/", f"/en/anmeldung/{cancelled.pk}/"]
    return paths, links


@pytest.mark.parametrize("screen", SCREENS)
def test_public_pages_fit_the_screen_and_pass_axe(browser, live_server, screen):
    call_command("load_demo", verbosity=0)
    paths, links = public_paths()
    width, height = SCREENS[screen]
    context = browser.new_context(
        base_url=live_server.url,
        bypass_csp=True,  # to inject axe-core; the site's pages never need it
        locale="de-DE",
        viewport={"width": width, "height": height},
        is_mobile=screen == "phone",
        has_touch=screen == "phone",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    for link in links:  # the personal links open the personal pages
        page.goto(link)

    failures = {}
    for path in paths:
        response = page.goto(path)
        scroll_width, client_width = page.evaluate(SIDEWAYS)
        problems = []
        if response.status >= 500:
            problems.append(f"status {response.status}")
        if scroll_width > client_width:
            problems.append(f"scrolls sideways: {scroll_width} > {client_width} px")
        problems += [
            f"axe {v['id']}: {[n['target'] for n in v['nodes']][:3]}"
            for v in axe_violations(page)
        ]
        if problems:
            failures[path] = problems
    context.close()

    assert failures == {}
    assert len(paths) >= 40
