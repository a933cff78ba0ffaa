"""Who may do what with which event: roles come from the project memberships.

Superusers may do everything. An organiser manages the events hosted by the
projects they belong to; staff of a project view its registrations, check people
in and export lists. Everything is scoped through ``Event.host_project``.

The admin and the staff pages use the same helpers, so a list, a change view, an
action and an export all see the same rows:

    events_for(user, Perm.EXPORT)              -> events the user may export
    scope(queryset, user, Perm.VIEW)           -> any queryset, limited by event
    can_export(user, event), can_check_in(...) -> object-level checks

The domain apps build on this module, so it names their models only through the
app registry, at call time.
"""

from enum import StrEnum

from django.apps import apps
from django.db.models import QuerySet


class Perm(StrEnum):
    MANAGE = "manage"  # edit the event, its programme, workshops, registrations
    VIEW = "view"  # see registrations
    CHECK_IN = "check_in"  # mark attendance at the door
    EXPORT = "export"  # download lists, sign-in sheets and badges
    VIEW_NEEDS = "view_needs"  # see needs (health data, Art. 9 GDPR) and totals


def _memberships():
    return apps.get_model("projects", "ProjectMembership")


def roles_with(perm: Perm) -> tuple[str, ...]:
    """The project roles that grant ``perm``."""
    Role = _memberships().Role
    return {
        Perm.MANAGE: (Role.ORGANISER,),
        Perm.VIEW: (Role.ORGANISER, Role.STAFF),
        Perm.CHECK_IN: (Role.ORGANISER, Role.STAFF),
        Perm.EXPORT: (Role.ORGANISER, Role.STAFF),
        Perm.VIEW_NEEDS: (Role.ORGANISER,),
    }[Perm(perm)]


def _is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def project_ids(user, perm: Perm) -> QuerySet:
    """A subquery of the ids of the projects in which the user holds a role that
    grants ``perm``: one SQL query with its caller. Superusers are not special here;
    the callers let them through first."""
    return (
        _memberships()
        .objects.filter(user=user, role__in=roles_with(perm))
        .values("project_id")
    )


def projects_for(user, perm: Perm) -> QuerySet:
    """Projects in which the user holds a role that grants ``perm``."""
    projects = apps.get_model("projects", "Project").objects
    if not _is_signed_in(user):
        return projects.none()
    if user.is_superuser:
        return projects.all()
    return projects.filter(pk__in=project_ids(user, perm))


def scope(queryset: QuerySet, user, perm: Perm, *, event_path="event") -> QuerySet:
    """Limit ``queryset`` to rows whose event the user may act on with ``perm``.

    ``event_path`` leads from the queryset's model to its Event, e.g. "event" for
    registrations and workshops, "registration__event" for bookings, "" for
    events themselves.
    """
    if not _is_signed_in(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    field = (
        f"{event_path}__host_project_id__in" if event_path else "host_project_id__in"
    )
    return queryset.filter(**{field: project_ids(user, perm)})


def events_for(user, perm: Perm) -> QuerySet:
    """Events the user may act on with ``perm``."""
    events = apps.get_model("events", "Event").objects.all()
    return scope(events, user, perm, event_path="")


def has_perm(user, event, perm: Perm) -> bool:
    """Object-level check: may ``user`` act on ``event`` with ``perm``?"""
    if not _is_signed_in(user) or event is None:
        return False
    if user.is_superuser:
        return True
    return project_ids(user, perm).filter(project_id=event.host_project_id).exists()


def can_manage(user, event) -> bool:
    return has_perm(user, event, Perm.MANAGE)


def can_view_registrations(user, event) -> bool:
    return has_perm(user, event, Perm.VIEW)


def can_check_in(user, event) -> bool:
    return has_perm(user, event, Perm.CHECK_IN)


def can_export(user, event) -> bool:
    return has_perm(user, event, Perm.EXPORT)


def is_team_member(user) -> bool:
    """Superuser or holder of any project role: may open the staff area at all."""
    if not _is_signed_in(user):
        return False
    return user.is_superuser or _memberships().objects.filter(user=user).exists()
