from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from participants.models import WorkshopBooking

from .models import Station, TimeSlot, Workshop, WorkshopContribution


class WorkshopContributionInline(admin.TabularInline):
    model = WorkshopContribution
    extra = 0
    autocomplete_fields = ["speaker"]


class StationInline(admin.StackedInline):
    model = Station
    extra = 0
    fields = ["order", "title", "question", "city_lab", "description"]


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["full_title", "event", "time_slot", "room", "booked_of_capacity"]
    list_filter = ["event__kind", "event"]
    search_fields = ["title", "code", "description", "event__title"]
    list_select_related = ["event", "time_slot"]
    filter_horizontal = ["designed_by"]
    autocomplete_fields = ["event"]
    inlines = [WorkshopContributionInline, StationInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                booked_count=Count(
                    "bookings",
                    filter=Q(bookings__status=WorkshopBooking.Status.BOOKED),
                )
            )
        )

    @admin.display(description=_("Belegt / Plätze"), ordering="booked_count")
    def booked_of_capacity(self, obj):
        capacity = obj.capacity if obj.capacity is not None else "∞"
        return f"{obj.booked_count} / {capacity}"


@admin.register(TimeSlot)
class TimeSlotAdmin(admin.ModelAdmin):
    list_display = ["label", "event", "start", "end", "allocation"]
    list_filter = ["allocation", "event"]
    search_fields = ["label", "event__title"]
    autocomplete_fields = ["event"]
