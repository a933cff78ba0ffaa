"""Writes the demo structures into the database, idempotently.

Every row is found by a natural key (a slug, a name, or its parent plus a code,
label or position) and updated in place, so loading twice leaves the same rows.
Child rows that the data no longer lists (programme items, contributions,
stations) are removed; workshops are kept, since bookings may point at them.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

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

BERLIN = ZoneInfo("Europe/Berlin")


def dt(value: str) -> datetime:
    """'2023-09-06 10:00' as an aware datetime in Europe/Berlin."""
    return datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=BERLIN)


def load_municipalities(rows):
    for row in rows:
        Municipality.objects.update_or_create(
            slug=row["slug"],
            defaults={k: v for k, v in row.items() if k != "slug"},
        )


def load_organisations(rows):
    for row in rows:
        Organisation.objects.update_or_create(
            name=row["name"],
            defaults={k: v for k, v in row.items() if k != "name"},
        )


def load_projects(rows):
    projects = {}
    for row in rows:
        data = dict(row)
        municipalities = data.pop("municipalities", [])
        data.pop("partners", None)
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
        data = dict(row)
        data["municipality"] = Municipality.objects.get(slug=data["municipality"])
        data["project"] = Project.objects.get(slug=data["project"])
        CityLab.objects.update_or_create(slug=data.pop("slug"), defaults=data)


def load_measures(rows):
    for order, row in enumerate(rows, start=1):
        data = dict(row)
        project = Project.objects.get(slug=data.pop("project"))
        municipalities = data.pop("municipalities", [])
        measure, _ = MeasureBundle.objects.update_or_create(
            project=project,
            title=data.pop("title"),
            defaults={**data, "order": order},
        )
        measure.municipalities.set(Municipality.objects.filter(slug__in=municipalities))


def load_venues(venues):
    for row in venues.values():
        data = dict(row)
        if data.get("municipality"):
            data["municipality"] = Municipality.objects.get(slug=data["municipality"])
        if data.get("city_lab"):
            data["city_lab"] = CityLab.objects.get(slug=data["city_lab"])
        Venue.objects.update_or_create(
            name=data.pop("name"), city=data.pop("city"), defaults=data
        )


def _venue(venues, key):
    row = venues[key]
    return Venue.objects.get(name=row["name"], city=row["city"])


def load_speakers(rows):
    for row in rows:
        data = dict(row)
        for field, model, key in (
            ("organisation", Organisation, "name"),
            ("municipality", Municipality, "slug"),
            ("project", Project, "slug"),
        ):
            if data.get(field):
                data[field] = model.objects.get(**{key: data[field]})
        Speaker.objects.update_or_create(slug=data.pop("slug"), defaults=data)


def _sync_contributions(model, parent_field, parent, speakers):
    """Make the parent's contributions exactly the (speaker slug, role) pairs."""
    keep = []
    for order, (slug, role) in enumerate(speakers, start=1):
        contribution, _ = model.objects.update_or_create(
            **{parent_field: parent},
            speaker=Speaker.objects.get(slug=slug),
            role=role,
            defaults={"order": order},
        )
        keep.append(contribution.pk)
    model.objects.filter(**{parent_field: parent}).exclude(pk__in=keep).delete()


EVENT_FIELDS = (
    "kind",
    "series_number",
    "title",
    "motto",
    "summary",
    "description",
    "documentation",
    "start",
    "end",
    "format",
    "livestream_url",
    "recording_url",
    "capacity_onsite",
    "capacity_online",
    "registration_opens",
    "registration_closes",
    "status",
    "reported_participants",
)


def load_event(spec, venues) -> Event:
    defaults = {field: spec[field] for field in EVENT_FIELDS if field in spec}
    defaults.setdefault("status", Event.Status.PUBLISHED)
    defaults["venue"] = _venue(venues, spec["venue"]) if spec.get("venue") else None
    defaults["host_project"] = Project.objects.get(slug=spec["host_project"])
    defaults["parent"] = (
        Event.objects.get(slug=spec["parent"]) if spec.get("parent") else None
    )
    event, _ = Event.objects.update_or_create(slug=spec["slug"], defaults=defaults)
    event.co_host_municipalities.set(
        Municipality.objects.filter(slug__in=spec.get("co_hosts", []))
    )
    _load_programme(event, spec.get("programme", []))
    slots = _load_time_slots(event, spec.get("time_slots", []))
    for order, workshop in enumerate(spec.get("workshops", []), start=1):
        _load_workshop(event, workshop, order, slots)
    _load_materials(event, spec.get("materials", []))
    return event


def _load_programme(event, items):
    orders = []
    for position, item in enumerate(items, start=1):
        order = position * 10
        programme_item, _ = ProgrammeItem.objects.update_or_create(
            event=event,
            order=order,
            defaults={
                "kind": item["kind"],
                "title": item["title"],
                "description": item.get("description", ""),
                "start": item.get("start"),
                "end": item.get("end"),
                "room": item.get("room", ""),
            },
        )
        _sync_contributions(
            ProgrammeContribution,
            "programme_item",
            programme_item,
            item.get("speakers", []),
        )
        orders.append(order)
    ProgrammeItem.objects.filter(event=event).exclude(order__in=orders).delete()


def _load_time_slots(event, rows):
    slots = {}
    for row in rows:
        data = dict(row)
        slot, _ = TimeSlot.objects.update_or_create(
            event=event, label=data.pop("label"), defaults=data
        )
        slots[slot.label] = slot
    return slots


def _load_workshop(event, spec, order, slots):
    data = {
        "title": spec["title"],
        "description": spec.get("description", ""),
        "documentation": spec.get("documentation", ""),
        "room": spec.get("room", ""),
        "capacity": spec.get("capacity"),
        "time_slot": slots[spec["time_slot"]] if spec.get("time_slot") else None,
        "order": order,
    }
    if spec.get("code"):
        workshop, _ = Workshop.objects.update_or_create(
            event=event, code=spec["code"], defaults=data
        )
    else:
        workshop, _ = Workshop.objects.update_or_create(
            event=event, code="", title=data.pop("title"), defaults=data
        )
    workshop.designed_by.set(
        Municipality.objects.filter(slug__in=spec.get("designed_by", []))
    )
    _sync_contributions(
        WorkshopContribution, "workshop", workshop, spec.get("speakers", [])
    )
    stations = spec.get("stations", [])
    for position, station in enumerate(stations, start=1):
        data = dict(station)
        if data.get("city_lab"):
            data["city_lab"] = CityLab.objects.get(slug=data["city_lab"])
        Station.objects.update_or_create(
            workshop=workshop, order=position, defaults=data
        )
    workshop.stations.filter(order__gt=len(stations)).delete()


def _load_materials(event, rows):
    titles = []
    for order, row in enumerate(rows, start=1):
        Material.objects.update_or_create(
            event=event,
            title=row["title"],
            defaults={"url": row.get("url", ""), "order": order},
        )
        titles.append(row["title"])
    Material.objects.filter(event=event, file="").exclude(title__in=titles).delete()
