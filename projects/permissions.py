"""Who may do what with which event: roles come from ProjectMembership.

Superusers may do everything. An organiser manages the events hosted by the
projects they belong to; staff of a project view its registrations, check people
in and export lists. Everything is scoped through ``Event.host_project``.

The admin and the staff pages use the same helpers, so a list, a change view, an
action and an export all see the same rows:

    events_for(user, Perm.EXPORT)              -> events the user may export
    scope(queryset, user, Perm.VIEW)           -> any queryset, limited by event
    can_export(user, event), can_check_in(...) -> object-level checks
"""

from enum import StrEnum

from django.db.models import QuerySet

from events.models import Event
from projects.models import Project, ProjectMembership

Role = ProjectMembership.Role


class Perm(StrEnum):
    MANAGE = "manage"  # edit the event, its programme, workshops, registrations
    VIEW = "view"  # see registrations
    CHECK_IN = "check_in"  # mark attendance at the door
    EXPORT = "export"  # download lists, sign-in sheets and badges


ROLES_WITH = {
    Perm.MANAGE: (Role.ORGANISER,),
    Perm.VIEW: (Role.ORGANISER, Role.STAFF),
    Perm.CHECK_IN: (Role.ORGANISER, Role.STAFF),
    Perm.EXPORT: (Role.ORGANISER, Role.STAFF),
}


def _is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_superuser(user) -> bool:
    return _is_signed_in(user) and user.is_superuser


def projects_for(user, perm: Perm) -> QuerySet[Project]:
    """Projects in which the user holds a role that grants ``perm``."""
    if not _is_signed_in(user):
        return Project.objects.none()
    if user.is_superuser:
        return Project.objects.all()
    return Project.objects.filter(
        projectmembership__user=user,
        projectmembership__role__in=ROLES_WITH[Perm(perm)],
    ).distinct()


def _project_ids(user, perm: Perm) -> QuerySet:
    """A subquery of the ids of projects_for(): one SQL query with its caller."""
    return ProjectMembership.objects.filter(
        user=user, role__in=ROLES_WITH[Perm(perm)]
    ).values("project_id")


def events_for(user, perm: Perm) -> QuerySet[Event]:
    """Events the user may act on with ``perm``."""
    return scope(Event.objects.all(), user, perm, event_path="")


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
    return queryset.filter(**{field: _project_ids(user, perm)})


def has_perm(user, event: Event, perm: Perm) -> bool:
    """Object-level check: may ``user`` act on ``event`` with ``perm``?"""
    if not _is_signed_in(user) or event is None:
        return False
    if user.is_superuser:
        return True
    return _project_ids(user, perm).filter(project_id=event.host_project_id).exists()


def can_manage(user, event: Event) -> bool:
    return has_perm(user, event, Perm.MANAGE)


def can_view_registrations(user, event: Event) -> bool:
    return has_perm(user, event, Perm.VIEW)


def can_check_in(user, event: Event) -> bool:
    return has_perm(user, event, Perm.CHECK_IN)


def can_export(user, event: Event) -> bool:
    return has_perm(user, event, Perm.EXPORT)


def is_team_member(user) -> bool:
    """Superuser or holder of any project role: may open the staff area at all."""
    if not _is_signed_in(user):
        return False
    return user.is_superuser or ProjectMembership.objects.filter(user=user).exists()
