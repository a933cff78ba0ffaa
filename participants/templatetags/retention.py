"""{{ event|purge_date }}: when an event's personal data is anonymised."""

from django import template

from participants.services import retention

register = template.Library()


@register.filter
def purge_date(event):
    return retention.purge_date(event)
