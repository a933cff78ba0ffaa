"""Group registration: one person registers colleagues; each confirms alone."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from participants import services
from participants.models import Consent, Registration
from participants.services.groups import GroupTooLarge, register_group
from tests.factories import EventFactory, RegistrationFactory
from tests.participants.helpers import (
    CONFIRM_LINK,
    link_in,
    run_at_once,
    sent_to,
    service_data,
)

Status = Registration.Status


def colleagues(count: int, prefix: str = "kollegin"):
    return [
        service_data(first_name=f"Kollegin{n}", email=f"{prefix}{n}@example.org")
        for n in range(1, count + 1)
    ]


def event_with_places_left(left: int):
    event = EventFactory(capacity_onsite=10)
    for _ in range(10 - left):
        RegistrationFactory(event=event)
    return event


@pytest.mark.django_db(transaction=True)
def test_group_of_five_with_three_places_left_holds_three_and_waits_two():
    event = event_with_places_left(3)
    lead = service_data(email="lead@example.org")

    group = register_group(event=event, lead=lead, colleagues=colleagues(4))

    assert [r.email for r in group] == [
        "lead@example.org",
        *(f"kollegin{n}@example.org" for n in range(1, 5)),
    ]
    assert [r.status for r in group] == [Status.PENDING] * 3 + [Status.WAITLISTED] * 2
    assert {r.group_lead_id for r in group[1:]} == {group[0].pk}
    assert group[0].group_lead_id is None


@pytest.mark.django_db(transaction=True)
def test_two_groups_at_once_one_takes_the_seats_the_other_waits_whole():
    event = event_with_places_left(3)

    def group(name):
        return lambda: register_group(
            event=event,
            lead=service_data(email=f"{name}@example.org"),
            colleagues=colleagues(4, prefix=f"{name}-"),
        )

    results = run_at_once([group("nord"), group("sued")])

    assert not [r for r in results if isinstance(r, Exception)]
    statuses = [[r.status for r in result] for result in results]
    # Each group ran in one transaction under one seat_lock: the first took the
    # three seats (lead first), the second found none left.
    assert sorted(statuses) == sorted(
        [
            [Status.PENDING] * 3 + [Status.WAITLISTED] * 2,
            [Status.WAITLISTED] * 5,
        ]
    )
    assert Registration.objects.filter(event=event, status=Status.PENDING).count() == 3
    assert (
        Registration.objects.filter(event=event, status=Status.WAITLISTED).count() == 7
    )


@pytest.mark.django_db(transaction=True)
def test_each_colleague_gets_their_own_link_and_confirms_with_own_consent():
    event = EventFactory()
    lead, first, second = register_group(
        event=event,
        lead=service_data(email="lead@example.org"),
        colleagues=colleagues(2),
    )
    links = {
        r.email: link_in(message)
        for r in (lead, first, second)
        for message in sent_to(r.email)
    }

    assert len(set(links.values())) == 3
    assert all(len(sent_to(r.email)) == 1 for r in (lead, first, second))

    client = Client()
    ask = client.get(links[first.email])
    first.refresh_from_db()
    assert ask.status_code == 200
    assert "Datenschutzhinweis" in ask.content.decode()
    assert first.confirmed_at is None

    refused = client.post(links[first.email], {})
    assert refused.status_code == 400
    confirmed = client.post(
        links[first.email], {"privacy_notice": "on", "consent_photos": "on"}
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse(
        "participants:manage", kwargs={"pk": first.pk}
    )
    assert first.status == Status.CONFIRMED
    assert set(first.consents.values_list("kind", flat=True)) == {
        Consent.Kind.PRIVACY_NOTICE,
        Consent.Kind.PHOTOS,
    }
    assert second.confirmed_at is None  # nobody confirms for a colleague
    assert not second.consents.exists()


@pytest.mark.django_db(transaction=True)
def test_lead_sees_the_groups_status_on_their_page():
    event = EventFactory()
    lead, first, _second = register_group(
        event=event,
        lead=service_data(email="lead@example.org"),
        colleagues=colleagues(2),
    )
    client = Client()
    client.post(link_in(sent_to(first.email)[0]), {"privacy_notice": "on"})
    lead_client = Client()
    lead_client.get(link_in(sent_to(lead.email)[0]))  # confirms the lead directly

    page = lead_client.get(
        reverse("participants:manage", kwargs={"pk": lead.pk})
    ).content.decode()

    assert "Ihre Gruppe" in page
    assert "Kollegin1" in page and "Kollegin2" in page
    assert page.count("noch nicht") == 1


@pytest.mark.django_db
def test_group_larger_than_group_max_is_refused(settings):
    settings.GROUP_MAX = 2
    event = EventFactory()

    with pytest.raises(GroupTooLarge):
        register_group(event=event, lead=service_data(), colleagues=colleagues(3))

    assert Registration.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_colleague_already_registered_is_left_out_and_sent_their_link():
    event = EventFactory()
    services.register(event=event, data=service_data(email="kollegin1@example.org"))
    mail.outbox.clear()

    group = register_group(
        event=event,
        lead=service_data(email="lead@example.org"),
        colleagues=colleagues(2),
    )

    assert [r.email for r in group] == ["lead@example.org", "kollegin2@example.org"]
    assert CONFIRM_LINK.search(sent_to("kollegin1@example.org")[0].body)
