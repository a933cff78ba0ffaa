"""Reads the demo data in `data/*.toml` and writes it into the database, idempotently.

Every row is found by a natural key (a slug, a name, or its parent plus a code,
label or position) and updated in place, so loading twice leaves the same rows.
Child rows that the data no longer lists (programme items, contributions,
stations) are removed; workshops are kept, since bookings may point at them.

The files, read relative to this module (they ship with the code):

* `network.toml`: tables `municipalities`, `organisations`, `projects` (with
  `municipalities` and `partners` as slugs), `city_labs`, `measures` (numbered
  in file order), `speakers` and `venues` (keyed; events name a venue by its key;
  a venue without `name` is the town alone, for reports that name no building).
  Their keys are the model fields; rows elsewhere are named by slug, organisations
  by name.
* One file per conference in CONFERENCES, each a list of `events`, loaded in file
  order (a `parent` must come first). An event's keys are Event fields plus
  `venue`, `host_project`, `parent`, `co_hosts` and its child lists `time_slots`,
  `workshops` (with `time_slot` by label, `designed_by`, `speakers` and
  `stations`), `programme` (with `speakers`) and `materials` (a `url`, or a file
  under static/ named by `static`: the placeholders of documents a report offers).
  Speakers are `{ speaker = "<slug>", role = "<Role>" }`, in their order of
  appearance.
* Dates are TOML local date-times in Europe/Berlin. An upcoming event has
  `days_from_today` instead: its dates are TOML local times on that day, and
  `registration_opens_days_before_today` / `registration_closes_days_before_start`
  give its registration window, so each load moves it along with the calendar.

Choice fields hold the stored values ("regionalkonferenz", "moderation"); an
unknown field or choice stops the load with the file's row named.
"""

import tomllib
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.staticfiles import finders
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.templatetags.static import static
from django.utils import timezone

from events.models import (
    Event,
    Material,
    ProgrammeContribution,
    ProgrammeItem,
    Speaker,
    Venue,
)
from projects.models import CityLab, MeasureBundle, Municipality, Organisation, Project
from workshops.models import Station, TimeSlot, Workshop, WorkshopContribution

from .users import create_demo_users

BERLIN = ZoneInfo("Europe/Berlin")
DATA = Path(__file__).resolve().parent / "data"
CONFERENCES = (
    "soest_2021",
    "arnsberg_2021",
    "siegen_2022",
    "flensburg_2022",
    "iserlohn_2023",
    "upcoming_menden",
    "upcoming_olpe",
)


@transaction.atomic
def load_demo(*, now=None, with_users=False):
    """Write the network, all conferences and (optionally) the demo accounts."""
    now = now or timezone.now()
    network = read("network")
    load_municipalities(network["municipalities"])
    load_organisations(network["organisations"])
    load_projects(network["projects"])
    load_city_labs(network["city_labs"])
    load_measures(network["measures"])
    venues = load_venues(network["venues"])
    load_speakers(network["speakers"])
    events = [
        load_event(dated(spec, now=now), network["venues"])
        for name in CONFERENCES
        for spec in read(name)["events"]
    ]
    # A venue the data no longer lists goes once no event is held there.
    Venue.objects.exclude(pk__in=venues).filter(events__isnull=True).delete()
    users = create_demo_users() if with_users else []
    return {"events": events, "users": users}


def read(name: str) -> dict:
    with (DATA / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def dated(spec: dict, *, now: datetime) -> dict:
    """The event with aware datetimes; an upcoming one placed relative to `now`."""
    data = dict(spec)
    days = data.pop("days_from_today", None)
    opens = data.pop("registration_opens_days_before_today", None)
    closes = data.pop("registration_closes_days_before_start", None)
    day = None
    if days is not None:
        day = now.astimezone(BERLIN).date() + timedelta(days=days)
    data = _aware(data, day, where=spec["slug"])
    if opens is not None:
        data["registration_opens"] = now - timedelta(days=opens)
    if closes is not None:
        data["registration_closes"] = data["start"] - timedelta(days=closes)
    return data


def _aware(value, day: date | None, *, where: str):
    if isinstance(value, dict):
        return {key: _aware(item, day, where=where) for key, item in value.items()}
    if isinstance(value, list):
        return [_aware(item, day, where=where) for item in value]
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise ValueError(f"{where}: write {value} as a local time, no offset")
        return value.replace(tzinfo=BERLIN)
    if isinstance(value, time):
        if day is None:
            raise ValueError(f"{where}: the time {value} needs days_from_today")
        return datetime.combine(day, value, tzinfo=BERLIN)
    return value


def _checked(model, data: dict, where) -> dict:
    """`data` as it is, once each key is a field of `model` and each choice valid."""
    for name, value in data.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            raise ValueError(
                f"{where}: {model.__name__} has no field {name!r}"
            ) from None
        if field.choices and value not in {choice for choice, _ in field.choices}:
            raise ValueError(f"{where}: {value!r} is no choice of {name!r}")
    return data


def load_municipalities(rows):
    for row in rows:
        data = _checked(Municipality, dict(row), row["slug"])
        Municipality.objects.update_or_create(slug=data.pop("slug"), defaults=data)


def load_organisations(rows):
    for row in rows:
        data = _checked(Organisation, dict(row), row["name"])
        Organisation.objects.update_or_create(name=data.pop("name"), defaults=data)


def load_projects(rows):
    projects = {}
    for row in rows:
        data = dict(row)
        municipalities = data.pop("municipalities", [])
        data.pop("partners", None)
        _checked(Project, data, row["slug"])
        project, _ = Project.objects.update_or_create(
            slug=data.pop("slug"), defaults=data
        )
        project.municipalities.set(Municipality.objects.filter(slug__in=municipalities))
        projects[project.slug] = project
    for row in rows:
        partners = Project.objects.filter(slug__in=row.get("partners", []))
        projects[row["slug"]].partner_projects.add(*partners)


def load_city_labs(rows):
    for row in rows:
        data = _checked(CityLab, dict(row), row["slug"])
        data["municipality"] = Municipality.objects.get(slug=data["municipality"])
        data["project"] = Project.objects.get(slug=data["project"])
        CityLab.objects.update_or_create(slug=data.pop("slug"), defaults=data)


def load_measures(rows):
    for order, row in enumerate(rows, start=1):
        data = dict(row)
        municipalities = data.pop("municipalities", [])
        _checked(MeasureBundle, data, row["title"])
        project = Project.objects.get(slug=data.pop("project"))
        measure, _ = MeasureBundle.objects.update_or_create(
            project=project,
            title=data.pop("title"),
            defaults={**data, "order": order},
        )
        measure.municipalities.set(Municipality.objects.filter(slug__in=municipalities))


def load_venues(venues):
    """Venues by name and town (a venue without a name is the town alone); returns
    the ids of the listed ones."""
    keep = []
    for key, row in venues.items():
        data = _checked(Venue, dict(row), key)
        if data.get("municipality"):
            data["municipality"] = Municipality.objects.get(slug=data["municipality"])
        if data.get("city_lab"):
            data["city_lab"] = CityLab.objects.get(slug=data["city_lab"])
        venue, _ = Venue.objects.update_or_create(
            name=data.pop("name", ""), city=data.pop("city"), defaults=data
        )
        keep.append(venue.pk)
    return keep


def _venue(venues, key):
    row = venues[key]
    return Venue.objects.get(name=row.get("name", ""), city=row["city"])


# What a speaker row leaves out is empty, so removing a line also clears it.
SPEAKER_DEFAULTS = {
    "title": "",
    "function": "",
    "bio": "",
    "organisation": None,
    "municipality": None,
    "project": None,
}


def load_speakers(rows):
    for row in rows:
        data = {**SPEAKER_DEFAULTS, **_checked(Speaker, dict(row), row["slug"])}
        for field, model, key in (
            ("organisation", Organisation, "name"),
            ("municipality", Municipality, "slug"),
            ("project", Project, "slug"),
        ):
            if data.get(field):
                data[field] = model.objects.get(**{key: data[field]})
        Speaker.objects.update_or_create(slug=data.pop("slug"), defaults=data)


def _sync_contributions(model, parent_field, parent, speakers):
    """Make the parent's contributions exactly the listed speakers and roles."""
    keep = []
    for order, row in enumerate(speakers, start=1):
        _checked(model, {"role": row["role"]}, f"{parent}: {row['speaker']}")
        contribution, _ = model.objects.update_or_create(
            **{parent_field: parent},
            speaker=Speaker.objects.get(slug=row["speaker"]),
            role=row["role"],
            defaults={"order": order},
        )
        keep.append(contribution.pk)
    model.objects.filter(**{parent_field: parent}).exclude(pk__in=keep).delete()


def load_event(spec, venues) -> Event:
    data = dict(spec)
    slug = data.pop("slug")
    venue = data.pop("venue", None)
    host_project = data.pop("host_project")
    parent = data.pop("parent", None)
    co_hosts = data.pop("co_hosts", [])
    programme = data.pop("programme", [])
    time_slots = data.pop("time_slots", [])
    workshops = data.pop("workshops", [])
    materials = data.pop("materials", [])
    defaults = _checked(Event, data, slug)
    defaults.setdefault("status", Event.Status.PUBLISHED)
    defaults["venue"] = _venue(venues, venue) if venue else None
    defaults["host_project"] = Project.objects.get(slug=host_project)
    defaults["parent"] = Event.objects.get(slug=parent) if parent else None
    event, _ = Event.objects.update_or_create(slug=slug, defaults=defaults)
    event.co_host_municipalities.set(Municipality.objects.filter(slug__in=co_hosts))
    _load_programme(event, programme)
    slots = _load_time_slots(event, time_slots)
    for order, workshop in enumerate(workshops, start=1):
        _load_workshop(event, workshop, order, slots)
    _load_materials(event, materials)
    return event


def _load_programme(event, items):
    orders = []
    for position, item in enumerate(items, start=1):
        order = position * 10
        data = dict(item)
        speakers = data.pop("speakers", [])
        defaults = {"description": "", "start": None, "end": None, "room": ""}
        defaults.update(_checked(ProgrammeItem, data, f"{event.slug}: {item['title']}"))
        programme_item, _ = ProgrammeItem.objects.update_or_create(
            event=event, order=order, defaults=defaults
        )
        _sync_contributions(
            ProgrammeContribution, "programme_item", programme_item, speakers
        )
        orders.append(order)
    ProgrammeItem.objects.filter(event=event).exclude(order__in=orders).delete()


def _load_time_slots(event, rows):
    slots = {}
    for row in rows:
        data = _checked(TimeSlot, dict(row), f"{event.slug}: {row['label']}")
        slot, _ = TimeSlot.objects.update_or_create(
            event=event, label=data.pop("label"), defaults=data
        )
        slots[slot.label] = slot
    return slots


def _load_workshop(event, spec, order, slots):
    spec = dict(spec)
    designed_by = spec.pop("designed_by", [])
    speakers = spec.pop("speakers", [])
    stations = spec.pop("stations", [])
    time_slot = spec.pop("time_slot", None)
    code = spec.pop("code", "")
    _checked(Workshop, spec, f"{event.slug}: {spec['title']}")
    data = {
        "title": spec["title"],
        "description": spec.get("description", ""),
        "documentation": spec.get("documentation", ""),
        "room": spec.get("room", ""),
        "capacity": spec.get("capacity"),
        "time_slot": slots[time_slot] if time_slot else None,
        "order": order,
    }
    if code:
        workshop, _ = Workshop.objects.update_or_create(
            event=event, code=code, defaults=data
        )
    else:
        workshop, _ = Workshop.objects.update_or_create(
            event=event, code="", title=data.pop("title"), defaults=data
        )
    workshop.designed_by.set(Municipality.objects.filter(slug__in=designed_by))
    _sync_contributions(WorkshopContribution, "workshop", workshop, speakers)
    for position, station in enumerate(stations, start=1):
        data = _checked(Station, dict(station), f"{workshop}: {station['title']}")
        if data.get("city_lab"):
            data["city_lab"] = CityLab.objects.get(slug=data["city_lab"])
        Station.objects.update_or_create(
            workshop=workshop, order=position, defaults=data
        )
    workshop.stations.filter(order__gt=len(stations)).delete()


def _load_materials(event, rows):
    """Materials link to a `url`, or to a file shipped under static/ (`static`)."""
    titles = []
    for order, row in enumerate(rows, start=1):
        data = dict(row)
        shipped = data.pop("static", "")
        if shipped and not finders.find(shipped):
            raise ValueError(f"{event.slug}: no static file {shipped!r}")
        _checked(Material, data, f"{event.slug}: {row['title']}")
        url = static(shipped) if shipped else data.get("url", "")
        Material.objects.update_or_create(
            event=event, title=row["title"], defaults={"url": url, "order": order}
        )
        titles.append(row["title"])
    Material.objects.filter(event=event, file="").exclude(title__in=titles).delete()
