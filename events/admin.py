from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from participants.models import Question, Registration
from workshops.models import TimeSlot, Workshop

from .models import (
    Event,
    Material,
    ProgrammeContribution,
    ProgrammeItem,
    Speaker,
    Venue,
)


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "municipality"]
    list_filter = ["city"]
    search_fields = ["name", "street", "city"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "function", "organisation", "municipality", "project"]
    list_filter = ["organisation", "municipality"]
    search_fields = ["first_name", "last_name", "function", "organisation__name"]
    prepopulated_fields = {"slug": ["first_name", "last_name"]}
    autocomplete_fields = ["organisation", "municipality", "project"]


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    extra = 0
    fields = ["order", "start", "end", "kind", "title", "room"]
    show_change_link = True


class TimeSlotInline(admin.TabularInline):
    model = TimeSlot
    extra = 0
    fields = ["label", "start", "end", "allocation"]


class WorkshopInline(admin.TabularInline):
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


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    fields = ["order", "title", "url", "file"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "label", "kind", "choices", "required", "help_text"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "full_title",
        "kind",
        "start",
        "venue",
        "status",
        "registrations_of_capacity",
    ]
    list_filter = ["status", "kind", "format", "host_project", "start"]
    search_fields = ["title", "motto", "summary", "venue__city"]
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["venue", "host_project"]
    autocomplete_fields = ["venue", "host_project", "parent"]
    filter_horizontal = ["co_host_municipalities"]
    inlines = [
        ProgrammeItemInline,
        TimeSlotInline,
        WorkshopInline,
        QuestionInline,
        MaterialInline,
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("kind", "series_number"),
                    "title",
                    "motto",
                    "slug",
                    "status",
                    "summary",
                    "description",
                ]
            },
        ),
        (
            _("Zeit und Ort"),
            {
                "fields": [
                    ("start", "end"),
                    "venue",
                    "format",
                    ("livestream_url", "recording_url"),
                ]
            },
        ),
        (
            _("Gastgeber"),
            {"fields": ["host_project", "co_host_municipalities", "parent"]},
        ),
        (
            _("Anmeldung"),
            {
                "fields": [
                    ("capacity_onsite", "capacity_online"),
                    ("registration_opens", "registration_closes"),
                    "email_text",
                    "reminder_days",
                    "retention_days",
                ]
            },
        ),
        (
            _("Nach der Veranstaltung"),
            {"fields": ["documentation", "reported_participants"]},
        ),
    ]

    def get_queryset(self, request):
        holding = Q(
            registrations__status__in=(
                Registration.Status.CONFIRMED,
                Registration.Status.PENDING,
            )
        )
        return (
            super()
            .get_queryset(request)
            .annotate(registration_count=Count("registrations", filter=holding))
        )

    @admin.display(description=_("Anmeldungen / Plätze"), ordering="registration_count")
    def registrations_of_capacity(self, obj):
        capacity = obj.capacity_onsite if obj.capacity_onsite is not None else "∞"
        return f"{obj.registration_count} / {capacity}"


class ProgrammeContributionInline(admin.TabularInline):
    model = ProgrammeContribution
    extra = 0
    autocomplete_fields = ["speaker"]


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "kind", "start", "end"]
    list_filter = ["kind", "event"]
    search_fields = ["title", "description", "event__title"]
    list_select_related = ["event"]
    autocomplete_fields = ["event"]
    inlines = [ProgrammeContributionInline]
