"""factory_boy factories: each builds a valid row with nothing surprising attached."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone

from events.models import (
    Event,
    ProgrammeContribution,
    ProgrammeItem,
    Role,
    Speaker,
    Venue,
)
from participants.models import ParticipantKind, Registration, WorkshopBooking
from projects.models import (
    CityLab,
    Municipality,
    Organisation,
    Project,
    ProjectMembership,
)
from workshops.models import Station, TimeSlot, Workshop, WorkshopContribution


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Musterstadt {n}")
    slug = factory.Sequence(lambda n: f"musterstadt-{n}")
    district = "Märkischer Kreis"
    state = "Nordrhein-Westfalen"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Modellprojekt {n}")
    slug = factory.Sequence(lambda n: f"modellprojekt-{n}")
    kind = Project.Kind.MODEL_PROJECT


class UserFactory(factory.django.DjangoModelFactory):
    """An active account without rights; no usable password unless one is given."""

    class Meta:
        model = settings.AUTH_USER_MODEL

    username = factory.Sequence(lambda n: f"konto{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = factory.Sequence(lambda n: f"Vorname{n}")
    last_name = "Muster"
    password = factory.django.Password(None)


class VerifiedUserFactory(UserFactory):
    """An account that can sign in: allauth (verification mandatory) has its email
    address as verified and primary."""

    class Meta:
        skip_postgeneration_save = True  # the hook writes its own row

    @factory.post_generation
    def verified_address(user, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=user, email=user.email, verified=True, primary=True
            )


class ProjectMembershipFactory(factory.django.DjangoModelFactory):
    """A team member: a staff account (``is_staff``) with one role in a project."""

    class Meta:
        model = ProjectMembership

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory(UserFactory, is_staff=True)
    role = ProjectMembership.Role.STAFF


class CityLabFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CityLab

    name = factory.Sequence(lambda n: f"Stadtlabor {n}")
    slug = factory.Sequence(lambda n: f"stadtlabor-{n}")
    municipality = factory.SubFactory(MunicipalityFactory)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Stadthalle {n}")
    street = "Marktplatz 1"
    postal_code = "58636"
    city = "Iserlohn"


class EventFactory(factory.django.DjangoModelFactory):
    """A published, upcoming, on-site conference that is open for registration."""

    class Meta:
        model = Event

    kind = Event.Kind.KONFERENZ
    title = factory.Sequence(lambda n: f"Smart-City-Konferenz {n}")
    slug = factory.Sequence(lambda n: f"konferenz-{n}")
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=8))
    venue = factory.SubFactory(VenueFactory)
    host_project = factory.SubFactory(ProjectFactory)
    status = Event.Status.PUBLISHED
    capacity_onsite = 100
    registration_opens = factory.LazyFunction(
        lambda: timezone.now() - timedelta(days=1)
    )
    registration_closes = factory.LazyAttribute(lambda o: o.start - timedelta(days=1))


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    first_name = factory.Sequence(lambda n: f"Vorname{n}")
    last_name = factory.Sequence(lambda n: f"Nachname{n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    function = "Projektleitung"


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    event = factory.SubFactory(EventFactory)
    kind = ProgrammeItem.Kind.KEYNOTE
    title = factory.Sequence(lambda n: f"Programmpunkt {n}")
    start = factory.LazyAttribute(lambda o: o.event.start)
    end = factory.LazyAttribute(lambda o: o.event.start + timedelta(hours=1))
    order = factory.Sequence(lambda n: n)


class ProgrammeContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeContribution

    programme_item = factory.SubFactory(ProgrammeItemFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    role = Role.KEYNOTE


class TimeSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeSlot

    event = factory.SubFactory(EventFactory)
    label = "Workshop-Phase"
    start = factory.LazyAttribute(lambda o: o.event.start + timedelta(hours=2))
    end = factory.LazyAttribute(lambda o: o.event.start + timedelta(hours=4))


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    event = factory.SubFactory(EventFactory)
    time_slot = factory.SubFactory(
        TimeSlotFactory, event=factory.SelfAttribute("..event")
    )
    code = factory.Sequence(lambda n: f"W{n}")
    title = factory.Sequence(lambda n: f"Workshop-Thema {n}")
    capacity = 20


class WorkshopContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopContribution

    workshop = factory.SubFactory(WorkshopFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    role = Role.MODERATION


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Station

    workshop = factory.SubFactory(WorkshopFactory)
    title = factory.Sequence(lambda n: f"Station {n}")


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed on-site registration."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    first_name = factory.Sequence(lambda n: f"Erika{n}")
    last_name = "Mustermann"
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    organisation = "Stadt Musterstadt"
    participant_kind = ParticipantKind.ADMINISTRATION
    status = Registration.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
    queued_at = factory.LazyFunction(timezone.now)


class WorkshopBookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopBooking

    registration = factory.SubFactory(RegistrationFactory)
    workshop = factory.SubFactory(
        WorkshopFactory, event=factory.SelfAttribute("..registration.event")
    )
    status = WorkshopBooking.Status.BOOKED
    queued_at = factory.LazyFunction(timezone.now)
