"""The back office's links in the admin: the events a staff member looks after."""

from django import template

from core.permissions import Perm, events_for, is_team_member
from participants.staff.links import events_with_links

register = template.Library()

INDEX_EVENTS = 5


@register.simple_tag
def back_office_events(user, limit=INDEX_EVENTS):
    """(event, links) for the user's newest events, newest first."""
    events = events_for(user, Perm.VIEW).select_related("venue").order_by("-start")
    return events_with_links(user=user, events=events[:limit])


@register.filter
def team_member(user) -> bool:
    return is_team_member(user)
