"""Rotation plans: speeddating tables and world-café groups, round by round.

``build_speeddating_plan`` / ``build_world_cafe_plan`` create or regenerate a
plan; ``remove_from_rotation_plans`` repairs every plan of an event after a
cancellation without reshuffling the others.
"""

from collections import Counter
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import ProgrammeItem
from participants.models import Registration
from workshops import rotation, selectors
from workshops.models import RotationPlan, Workshop
from workshops.services.errors import NoStations, PlanInfeasible, PlanningError


def build_speeddating_plan(
    *,
    programme_item: ProgrammeItem,
    rounds: int,
    seed: int = 0,
    now: datetime | None = None,
) -> RotationPlan:
    """Create or regenerate the speeddating plan for a programme item."""
    registrations = selectors.speeddating_registrations(
        programme_item=programme_item, now=now
    )
    people = [selectors.as_person(r) for r in registrations]
    try:
        plan = rotation.plan_speeddating(people, rounds, seed=seed)
    except rotation.RotationInfeasible as exc:
        raise PlanInfeasible() from exc
    data = {"rounds": _as_lists(plan), "seed": seed}
    plan_row, _created = RotationPlan.objects.update_or_create(
        programme_item=programme_item,
        defaults={
            "kind": RotationPlan.Kind.SPEEDDATING,
            "data": data,
            "stats": _speeddating_stats(plan, people),
        },
    )
    return plan_row


def build_world_cafe_plan(
    *, workshop: Workshop, groups: int | None = None, now: datetime | None = None
) -> RotationPlan:
    """Create or regenerate the world-café plan of a workshop with stations."""
    stations = list(
        workshop.stations.order_by("order", "pk").values_list("pk", flat=True)
    )
    if not stations:
        raise NoStations()
    registrations = selectors.world_cafe_registrations(workshop=workshop, now=now)
    people = [selectors.as_person(r) for r in registrations]
    try:
        plan = rotation.plan_world_cafe(people, stations=len(stations), groups=groups)
    except ValueError as exc:
        raise PlanningError(
            _("Es kann höchstens so viele Gruppen wie Stationen geben.")
        ) from exc
    plan_row, _created = RotationPlan.objects.update_or_create(
        workshop=workshop,
        defaults={
            "kind": RotationPlan.Kind.WORLD_CAFE,
            "data": _cafe_data(plan, stations),
            "stats": _cafe_stats(plan),
        },
    )
    return plan_row


def remove_from_rotation_plans(
    *, registration: Registration, from_round: int = 0
) -> list[RotationPlan]:
    """Take a cancelled person out of every plan of their event, locally.

    Speeddating: only the tables of that person change (rounds before
    ``from_round`` are kept as held). World café: one person moves at most.
    """
    changed = []
    with transaction.atomic():
        plans = (
            RotationPlan.objects.select_for_update(of=("self",))
            .filter(
                Q(programme_item__event_id=registration.event_id)
                | Q(workshop__event_id=registration.event_id)
            )
            .order_by("pk")
        )
        for plan in plans:
            if plan.kind == RotationPlan.Kind.SPEEDDATING:
                rounds = [
                    [tuple(t) for t in tables] for tables in plan.data.get("rounds", [])
                ]
                if not any(registration.pk in t for tables in rounds for t in tables):
                    continue
                people = _people_of(
                    {pk for tables in rounds for t in tables for pk in t}
                )
                repaired = rotation.repair_speeddating(
                    rounds, people, registration.pk, from_round=from_round
                )
                plan.data = {**plan.data, "rounds": _as_lists(repaired)}
                plan.stats = _speeddating_stats(repaired, people)
            else:
                groups = plan.data.get("groups", [])
                if not any(registration.pk in g for g in groups):
                    continue
                current = rotation.WorldCafePlan(
                    tuple(tuple(g) for g in groups),
                    tuple(tuple(r) for r in plan.data.get("rotation", [])),
                )
                people = _people_of({pk for g in groups for pk in g})
                repaired = rotation.repair_world_cafe(current, people, registration.pk)
                plan.data = _cafe_data(repaired, plan.data.get("stations", []))
                plan.stats = _cafe_stats(repaired)
            plan.save(update_fields=["data", "stats", "updated_at"])
            changed.append(plan)
    return changed


def _people_of(ids) -> list[rotation.Person]:
    return [selectors.as_person(r) for r in Registration.objects.filter(pk__in=ids)]


def _as_lists(plan) -> list:
    return [[list(table) for table in tables] for tables in plan]


def _speeddating_stats(plan, people) -> dict:
    known = {p.id for p in people}
    people = list(people) + [
        rotation.Person(pk)
        for tables in plan
        for table in tables
        for pk in table
        if pk not in known
    ]
    sizes = Counter(len(t) for tables in plan for t in tables)
    return {
        "people": len({pk for tables in plan for t in tables for pk in t}),
        "rounds": len(plan),
        "repeats": rotation.repeats(plan),
        "cross_municipality": round(rotation.cross_share(plan, people), 4),
        "cross_kind": round(rotation.cross_share(plan, people, "kind"), 4),
        "tables_of_three": sizes.get(3, 0),
        "breaks": sizes.get(1, 0),
    }


def _cafe_data(plan: rotation.WorldCafePlan, stations) -> dict:
    return {
        "groups": [list(g) for g in plan.groups],
        "rotation": [list(r) for r in plan.rotation],
        "stations": list(stations),
    }


def _cafe_stats(plan: rotation.WorldCafePlan) -> dict:
    sizes = [len(g) for g in plan.groups]
    return {
        "people": sum(sizes),
        "groups": len(sizes),
        "smallest_group": min(sizes, default=0),
        "largest_group": max(sizes, default=0),
        "latin_square": rotation.is_latin_square(plan.rotation),
    }
