"""Two projects with everything an admin shows, and the four roles that use it.

The organisers and the staff member hold nothing but their project role and
``is_staff``: their permissions come from the role (projects.roles through
projects.backends.ProjectRoleBackend), so these tests check the set-up people
really sign in with.
"""

from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participants.models import (
    Broadcast,
    EmailMessage,
    ExportLog,
    Registration,
    WorkshopBooking,
)
from projects.models import ProjectMembership
from tests.factories import (
    EventFactory,
    ProgrammeContributionFactory,
    ProgrammeItemFactory,
    ProjectFactory,
    RegistrationFactory,
    StationFactory,
    TimeSlotFactory,
    WorkshopBookingFactory,
    WorkshopFactory,
)
from workshops.models import AllocationRun, RotationPlan, TimeSlot

Role = ProjectMembership.Role


def make_user(name, *, memberships=(), **extra):
    user = get_user_model().objects.create_user(
        username=name,
        email=f"{name}@example.org",
        password=None,
        is_staff=True,
        **extra,
    )
    for project, role in memberships:
        ProjectMembership.objects.create(project=project, user=user, role=role)
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@dataclass
class Side:
    """One project's conference with one row of every kind the admin lists."""

    project: object
    event: object
    item: object
    slot: object
    workshop: object
    registration: object
    booking: object
    email: object
    broadcast: object
    export: object
    run: object
    speeddating: object
    cafe: object

    def objects(self):
        return {
            "events.event": self.event,
            "events.programmeitem": self.item,
            "workshops.timeslot": self.slot,
            "workshops.workshop": self.workshop,
            "workshops.allocationrun": self.run,
            "workshops.rotationplan": self.speeddating,
            "participants.registration": self.registration,
            "participants.emailmessage": self.email,
            "participants.broadcast": self.broadcast,
            "participants.exportlog": self.export,
        }


def build_side(name: str, project=None) -> Side:
    project = project or ProjectFactory(name=f"Projekt {name}", slug=f"projekt-{name}")
    event = EventFactory(
        host_project=project, title=f"Konferenz {name}", slug=f"konferenz-{name}"
    )
    item = ProgrammeItemFactory(event=event, title=f"Speeddating {name}")
    ProgrammeContributionFactory(programme_item=item)
    slot = TimeSlotFactory(
        event=event, label=f"Phase {name}", allocation=TimeSlot.Allocation.PREFERENCE
    )
    workshop = WorkshopFactory(event=event, time_slot=slot, title=f"Werkstatt {name}")
    StationFactory(workshop=workshop)
    booking = WorkshopBookingFactory(
        registration__event=event,
        registration__last_name=f"Nachname{name}",
        workshop=workshop,
        status=WorkshopBooking.Status.REQUESTED,
        preference_rank=1,
    )
    registration = booking.registration
    email = EmailMessage.objects.create(
        registration=registration,
        event=event,
        kind=EmailMessage.Kind.CONFIRMATION,
        dedupe_key=f"test:{name}",
        recipient=registration.email,
    )
    broadcast = Broadcast.objects.create(
        event=event, subject=f"Rundschreiben {name}", body="Hallo"
    )
    export = ExportLog.objects.create(event=event, export_format="csv")
    run = AllocationRun.objects.create(time_slot=slot, input_fingerprint="x")
    speeddating = RotationPlan.objects.create(
        kind=RotationPlan.Kind.SPEEDDATING, programme_item=item
    )
    cafe = RotationPlan.objects.create(
        kind=RotationPlan.Kind.WORLD_CAFE, workshop=workshop
    )
    return Side(
        project=project,
        event=event,
        item=item,
        slot=slot,
        workshop=workshop,
        registration=registration,
        booking=booking,
        email=email,
        broadcast=broadcast,
        export=export,
        run=run,
        speeddating=speeddating,
        cafe=cafe,
    )


@dataclass
class World:
    a: Side
    b: Side
    superuser: object
    organiser_a: object
    organiser_b: object
    staff_a: object


def build_world() -> World:
    a, b = build_side("a"), build_side("b")
    return World(
        a=a,
        b=b,
        superuser=make_user("root", is_superuser=True),
        organiser_a=make_user(
            "orga-a",
            memberships=[(a.project, Role.ORGANISER)],
        ),
        organiser_b=make_user(
            "orga-b",
            memberships=[(b.project, Role.ORGANISER)],
        ),
        staff_a=make_user(
            "einlass-a",
            memberships=[(a.project, Role.STAFF)],
        ),
    )


def admin_url(obj, view="change"):
    opts = obj._meta
    args = [] if view in ("changelist", "add") else [obj.pk]
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def changelist_url(label: str) -> str:
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_changelist")


def post_action(client, model_label, action, objects, *, follow=False, **fields):
    """Run an admin action on ``objects`` as the changelist's form would."""
    data = {"action": action, "_selected_action": [o.pk for o in objects], **fields}
    return client.post(changelist_url(model_label), data, follow=follow)


def past(**delta):
    return timezone.now() - timedelta(**delta)


def waiting(event, **fields) -> Registration:
    return RegistrationFactory(
        event=event,
        status=Registration.Status.WAITLISTED,
        queued_at=timezone.now(),
        **fields,
    )


def change_form_data(response) -> dict:
    """The POST data an unchanged submit of an admin change form would send."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        data.update(_field_data(form, name, field))
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for inline_form in formset.formset.forms:
            for name, field in inline_form.fields.items():
                data.update(_field_data(inline_form, name, field))
    return {k: v for k, v in data.items() if v is not None}


def _field_data(form, name, field):
    value = form[name].value()
    key = form.add_prefix(name)
    widget = field.widget
    if isinstance(field, forms.JSONField):
        return {key: field.prepare_value(value)}
    if hasattr(widget, "widgets") and isinstance(value, list | tuple):
        # Split date and time: name_0 / name_1.
        return {f"{key}_{i}": v for i, v in enumerate(value)}
    if hasattr(widget, "widgets") and value is not None:
        value = widget.decompress(value)
        return {f"{key}_{i}": v for i, v in enumerate(value)}
    if isinstance(value, list | tuple):
        return {key: [str(v) for v in value]}
    if isinstance(value, bool):
        return {key: "on"} if value else {}
    if value is None:
        return {}
    return {key: value}
