"""Which Django model permissions each project role brings (projects.backends).

A role grants these permissions for the whole model; which rows a person sees and
changes is decided by the admin through core.permissions (an organiser of one
project never sees another project's events). So the tables below answer "may
this kind of person open this admin page and press this button at all?", never
"for which event?".

    ROLE_PERMISSIONS[Role.ORGANISER] -> {app_label: {model_name: actions}}
    permissions_for_roles(roles)     -> {"events.change_event", ...}
"""

from collections.abc import Iterable

from projects.models import ProjectMembership

Role = ProjectMembership.Role

_ADD_CHANGE_VIEW = ("add", "change", "view")
_ALL = ("add", "change", "view", "delete")

# What an organiser edits in the admin: their events with programme, workshops,
# people and places, their registrations, and their project's team (people join
# by invitation: projects.services.add_team_member).
ORGANISER_PERMISSIONS = {
    "events": {
        "event": _ADD_CHANGE_VIEW,
        "venue": _ADD_CHANGE_VIEW,
        "speaker": _ADD_CHANGE_VIEW,
        "programmeitem": _ALL,
        "programmecontribution": _ALL,
        "material": _ALL,
    },
    "workshops": {
        "timeslot": _ALL,
        "workshop": _ALL,
        "workshopcontribution": _ALL,
        "station": _ALL,
        "allocationrun": ("change", "view"),
        "rotationplan": ("change", "view"),
    },
    "participants": {
        "registration": _ADD_CHANGE_VIEW,
        "workshopbooking": _ADD_CHANGE_VIEW,
        "question": _ALL,
        "answer": ("view",),
        "consent": ("view",),
        # Needs are health data: organisers only, never the door.
        "needs": ("view",),
        "broadcast": ("add", "view"),
        "emailmessage": ("view",),
        "exportlog": ("view",),
        # The anonymous headcounts kept after retention, shown on the event.
        "eventstatistic": ("view",),
    },
    "projects": {
        "project": ("change", "view"),
        "projectmembership": _ALL,
        "municipality": ("view",),
        "organisation": _ADD_CHANGE_VIEW,
        "citylab": _ADD_CHANGE_VIEW,
        "measurebundle": _ADD_CHANGE_VIEW,
    },
}

# The door: look people up and check them in, nothing else.
STAFF_PERMISSIONS = {
    "events": {"event": ("view",)},
    "workshops": {"workshop": ("view",)},
    "participants": {
        "registration": ("change", "view"),
        "workshopbooking": ("view",),
    },
}

ROLE_PERMISSIONS = {
    Role.ORGANISER: ORGANISER_PERMISSIONS,
    Role.STAFF: STAFF_PERMISSIONS,
}


def _names(spec) -> frozenset[str]:
    return frozenset(
        f"{app_label}.{action}_{model}"
        for app_label, models in spec.items()
        for model, actions in models.items()
        for action in actions
    )


PERMISSION_NAMES = {role: _names(spec) for role, spec in ROLE_PERMISSIONS.items()}


def permissions_for_roles(roles: Iterable[str]) -> frozenset[str]:
    """The union of the permissions ("app_label.codename") of ``roles``."""
    return frozenset().union(*(PERMISSION_NAMES.get(role, ()) for role in roles))
