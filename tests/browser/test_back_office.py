"""The back office in Chromium, as an organiser and as door staff.

Each role signs in once, lands on its events, and then reaches every back-office
page by clicking from the admin index: the event's admin page, its registrations,
the dashboard, the exports, the check-in and the allocation preview. Each page is
checked at 1280 px (a laptop) and 390 px (a phone): no sideways scrolling of the
page and no WCAG 2.1 AA violation.
"""

import re

import pytest

from projects.models import ProjectMembership
from tests.browser.conftest import assert_accessible
from tests.factories import (
    EventFactory,
    MunicipalityFactory,
    RegistrationFactory,
    TimeSlotFactory,
    VerifiedUserFactory,
    WorkshopBookingFactory,
    WorkshopFactory,
)
from workshops import services
from workshops.models import TimeSlot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Verwaltung-Südwestfalen-2026"
TITLE = "Regionalkonferenz Menden"
WIDTHS = (1280, 390)


@pytest.fixture
def event():
    event = EventFactory(title=TITLE, capacity_onsite=80)
    slot = TimeSlotFactory(
        event=event, label="Workshop-Phase", allocation=TimeSlot.Allocation.PREFERENCE
    )
    workshops = [
        WorkshopFactory(event=event, time_slot=slot, code=code, title=title, capacity=4)
        for code, title in (
            ("A", "Stadtlabore im Verbund"),
            ("B", "Storytelling: Vom Projekt zur Geschichte"),
            ("C", "Musterlösungen für interkommunale Kooperation"),
        )
    ]
    places = [MunicipalityFactory(name=name) for name in ("Menden", "Olpe", "Soest")]
    for n in range(9):
        registration = RegistrationFactory(
            event=event,
            last_name=f"von Hohenlimburg-Freudenberg {n}",
            organisation="Universität Siegen, Lehrstuhl für Stadtentwicklung",
            municipality=places[n % 3],
        )
        for rank, workshop in enumerate(workshops[n % 3 :] + workshops[: n % 3], 1):
            WorkshopBookingFactory(
                registration=registration,
                workshop=workshop,
                status="requested",
                preference_rank=rank,
            )
    services.preview_allocation(time_slot=slot)
    return event


def member(event, role, email):
    user = VerifiedUserFactory(email=email, password=PASSWORD, is_staff=True)
    ProjectMembership.objects.create(project=event.host_project, user=user, role=role)
    return user


def back_office(page):
    """The links of the event on the admin index."""
    page.goto("/admin/")
    section = page.get_by_role("region", name="Ihre Veranstaltungen")
    return section.get_by_role("list", name=f"Seiten zu {TITLE}")


def open_event_admin(page):
    page.goto("/admin/")
    row = page.get_by_role("row", name=re.compile("^Veranstaltungen "))
    row.get_by_role("link", name="Veranstaltungen", exact=True).click()
    page.get_by_role("link", name=TITLE, exact=True).click()


# Each page: how to reach it by clicking from the admin index, and what shows it.
PAGES = {
    "admin index": (None, ("heading", "Start")),
    "event admin": (open_event_admin, ("navigation", "Diese Veranstaltung betreuen")),
    "registrations": ("Anmeldungen", ("table", None)),
    "dashboard": ("Übersicht", ("heading", "Workshops: Wünsche vor der Zuteilung")),
    "exports": ("Listen und Exporte", ("heading", "Listen und Exporte")),
    "check-in": ("Check-in", ("heading", "Code scannen oder eingeben")),
    "allocation preview": ("Zuteilung Workshop-Phase", ("heading", "Ergebnis")),
}


@pytest.mark.parametrize(
    ("role", "email"),
    [
        (ProjectMembership.Role.ORGANISER, "orga@example.org"),
        (ProjectMembership.Role.STAFF, "einlass@example.org"),
    ],
)
def test_back_office_pages_are_reached_from_the_admin_index_and_fit(
    browser, live_server, event, role, email
):
    member(event, role, email)
    context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, locale="de-DE"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/login/")
    page.get_by_label(re.compile("^E-Mail")).fill(email)
    page.get_by_label(re.compile("^Passwort")).fill(PASSWORD)
    page.get_by_role("button", name="Einloggen").click()
    page.wait_for_url(re.compile(r"/staff/$"))  # staff land on their events

    problems = {}
    for name, (reach, (landmark, label)) in PAGES.items():
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        if reach is None:
            page.goto("/admin/")
        elif callable(reach):
            reach(page)
        else:
            back_office(page).get_by_role("link", name=reach, exact=True).click()
        page.wait_for_load_state()
        target = (
            page.get_by_role(landmark, name=label)
            if label
            else page.locator("#result_list")
        )
        assert target.first.is_visible(), f"{name}: {page.url}"
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            scroll = page.evaluate(
                "[document.documentElement.scrollWidth,"
                " document.documentElement.clientWidth]"
            )
            if scroll[0] > scroll[1]:
                problems[f"{name} at {width} px"] = scroll
            if width == 1280 and name in ("registrations",):
                # The list itself fits beside its filters on a laptop.
                table = page.evaluate(
                    "(t => [t.scrollWidth, t.parentElement.clientWidth])"
                    "(document.querySelector('#result_list'))"
                )
                if table[0] > table[1]:
                    problems[f"{name} table at {width} px"] = table
            assert_accessible(page)
    assert problems == {}
    context.close()
