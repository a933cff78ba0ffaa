"""The inlines of the event page and the capacity changes they make."""

from django import forms
from django.contrib import admin
from django.db import models

from core.admin import ScopedInline
from events.models import (
    Material,
    ProgrammeItem,
)
from participants.models import EventStatistic, Question
from workshops.models import TimeSlot, Workshop

# One labelled <input type="datetime-local"> instead of the admin's split widget.
DATETIME_INPUT = {
    models.DateTimeField: {
        "form_class": forms.DateTimeField,
        "widget": forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    }
}


class ProgrammeItemInline(ScopedInline):
    model = ProgrammeItem
    formfield_overrides = DATETIME_INPUT
    extra = 0
    fields = ["order", "start", "end", "kind", "title", "room"]
    show_change_link = True


class TimeSlotInline(ScopedInline):
    model = TimeSlot
    formfield_overrides = DATETIME_INPUT
    extra = 0
    fields = ["label", "start", "end", "allocation"]


class WorkshopInline(ScopedInline):
    model = Workshop
    extra = 0
    fields = ["order", "code", "title", "time_slot", "room", "capacity"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only the time slots of the event being edited.
        if db_field.name == "time_slot":
            event_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = TimeSlot.objects.filter(event_id=event_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MaterialInline(ScopedInline):
    model = Material
    extra = 0
    fields = ["order", "title", "url", "file"]


class QuestionInline(ScopedInline):
    model = Question
    extra = 0
    fields = ["order", "label", "kind", "choices", "required", "help_text"]


class EventStatisticInline(admin.TabularInline):
    """The anonymous headcounts kept when the event's personal data was purged."""

    model = EventStatistic
    extra = 0
    fields = ["dimension", "label", "count", "attended", "recorded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


CAPACITY_FIELDS = ["capacity_onsite", "capacity_online"]


def capacity_changes(form, formsets) -> list[tuple]:
    """(old, new) of every capacity the change form and its workshop rows edited."""
    changes = [
        (form.initial.get(name), form.cleaned_data.get(name))
        for name in CAPACITY_FIELDS
        if name in form.changed_data
    ]
    changes += [
        (row.initial.get("capacity"), row.cleaned_data.get("capacity"))
        for formset in formsets
        if formset.model is Workshop
        for row in formset.forms
        if "capacity" in row.changed_data
    ]
    return changes
