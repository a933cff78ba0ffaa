from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import (
    ProjectScopedAdmin,
    ScopedInline,
    action_page,
    exactly_one,
    report_promoted,
)
from core.errors import DomainError
from events import services
from participants.admin_forms import broadcast_page
from participants.models import EventStatistic, Question, seat_q
from participants.services.retention import purge_date
from workshops.models import TimeSlot, Workshop
from workshops.selectors import speeddating_registrations
from workshops.services import build_speeddating_plan

from .admin_forms import CopyEventForm, SpeeddatingForm
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


class ProgrammeItemInline(ScopedInline):
    model = ProgrammeItem
    extra = 0
    fields = ["order", "start", "end", "kind", "title", "room"]
    show_change_link = True


class TimeSlotInline(ScopedInline):
    model = TimeSlot
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


@admin.register(Event)
class EventAdmin(ProjectScopedAdmin):
    event_path = ""
    list_display = [
        "full_title",
        "kind",
        "start",
        "venue",
        "status",
        "registrations_of_capacity",
    ]
    list_filter = [
        "status",
        "kind",
        "format",
        ("host_project", admin.RelatedOnlyFieldListFilter),
        "start",
    ]
    search_fields = ["title", "motto", "summary", "venue__city"]
    date_hierarchy = "start"
    ordering = ["-start", "-pk"]  # explicit: the annotation groups rows
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["venue", "host_project"]
    autocomplete_fields = ["venue", "host_project", "parent"]
    filter_horizontal = ["co_host_municipalities"]
    actions = ["copy", "publish", "unpublish", "cancel", "send_message"]
    inlines = [
        ProgrammeItemInline,
        TimeSlotInline,
        WorkshopInline,
        QuestionInline,
        MaterialInline,
        EventStatisticInline,
    ]
    readonly_fields = ["personal_data_purge"]
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
                    ("retention_days", "personal_data_purge"),
                ]
            },
        ),
        (
            _("Nach der Veranstaltung"),
            {"fields": ["documentation", "reported_participants"]},
        ),
    ]

    def get_queryset(self, request):
        holding = seat_q(timezone.now(), "registrations__")
        return (
            super()
            .get_queryset(request)
            .annotate(registration_count=Count("registrations", filter=holding))
        )

    @admin.display(description=_("Personenbezogene Daten werden anonymisiert am"))
    def personal_data_purge(self, obj):
        if obj.pk is None or obj.end is None:
            return _("nach dem Speichern berechnet")
        return date_format(timezone.localtime(purge_date(obj)), "DATE_FORMAT")

    @admin.display(description=_("Anmeldungen / Plätze"), ordering="registration_count")
    def registrations_of_capacity(self, obj):
        capacity = obj.capacity_onsite if obj.capacity_onsite is not None else "∞"
        return f"{obj.registration_count} / {capacity}"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            promoted = services.apply_capacity_changes(
                event=form.instance, changes=capacity_changes(form, formsets)
            )
            report_promoted(self, request, promoted)

    # Actions -------------------------------------------------------------

    @admin.action(description=_("Kopieren (neues Datum)"), permissions=["manage"])
    def copy(self, request, queryset):
        event = exactly_one(self, request, self.manageable(request, queryset))
        if event is None:
            return None
        form = CopyEventForm(
            request.POST if "apply" in request.POST else None, event=event
        )
        if form.is_valid():
            copy = services.copy_event(event=event, **form.copy_arguments())
            self.log_addition(request, copy, [{"added": {}}])
            self.message_user(
                request,
                _("Kopie angelegt (Entwurf, ohne Anmeldungen): %(event)s")
                % {"event": copy},
                messages.SUCCESS,
            )
            return redirect(reverse("admin:events_event_change", args=[copy.pk]))
        return action_page(
            self,
            request,
            action="copy",
            title=_("Veranstaltung kopieren"),
            intro=_(
                "Programm, Zeitfenster, Workshops mit Stationen, Zusatzfragen und "
                "Mitgastgeber werden übernommen, Anmeldungen nicht. Die Kopie "
                "ist ein Entwurf."
            ),
            objects=[event],
            form=form,
            selected=[event],
            submit_label=_("Kopie anlegen"),
        )

    @admin.action(description=_("Veröffentlichen"), permissions=["manage"])
    def publish(self, request, queryset):
        done = 0
        for event in self.manageable(request, queryset):
            try:
                done += services.publish_event(event=event)
            except DomainError as exc:
                self.message_user(request, f"{event}: {exc.message}", messages.ERROR)
        self.message_user(
            request,
            ngettext(
                "%(count)d Veranstaltung veröffentlicht.",
                "%(count)d Veranstaltungen veröffentlicht.",
                done,
            )
            % {"count": done},
        )

    @admin.action(
        description=_("Zurückziehen (wieder Entwurf)"), permissions=["manage"]
    )
    def unpublish(self, request, queryset):
        done = sum(
            services.unpublish_event(event=event)
            for event in self.manageable(request, queryset)
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d Veranstaltung zurückgezogen.",
                "%(count)d Veranstaltungen zurückgezogen.",
                done,
            )
            % {"count": done},
        )

    @admin.action(
        description=_("Absagen (alle Angemeldeten benachrichtigen)"),
        permissions=["manage"],
    )
    def cancel(self, request, queryset):
        events = list(self.manageable(request, queryset))
        if "apply" not in request.POST:
            return action_page(
                self,
                request,
                action="cancel",
                title=_("Veranstaltungen absagen"),
                intro=_(
                    "Diese Veranstaltungen werden abgesagt. Alle, die angemeldet "
                    "sind oder auf der Warteliste stehen, erhalten eine E-Mail."
                ),
                objects=events,
                form=forms.Form(),
                selected=events,
                submit_label=_("Ja, absagen"),
            )
        for event in events:
            try:
                queued = services.cancel_event(event=event)
            except DomainError as exc:
                self.message_user(request, f"{event}: {exc.message}", messages.ERROR)
                continue
            self.message_user(
                request,
                ngettext(
                    "%(event)s abgesagt; %(count)d E-Mail wird verschickt.",
                    "%(event)s abgesagt; %(count)d E-Mails werden verschickt.",
                    queued,
                )
                % {"event": event, "count": queued},
                messages.SUCCESS,
            )
        return None

    @admin.action(description=_("Nachricht an Teilnehmende"), permissions=["manage"])
    def send_message(self, request, queryset):
        event = exactly_one(self, request, self.manageable(request, queryset))
        if event is None:
            return None
        return broadcast_page(
            self, request, event=event, action="send_message", selected=[event]
        )


class ProgrammeContributionInline(ScopedInline):
    model = ProgrammeContribution
    extra = 0
    autocomplete_fields = ["speaker"]


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(ProjectScopedAdmin):
    list_display = ["title", "event", "kind", "start", "end", "plan_link"]
    list_filter = ["kind", ("event", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "description", "event__title"]
    list_select_related = ["event", "rotation_plan"]
    autocomplete_fields = ["event"]
    inlines = [ProgrammeContributionInline]
    actions = ["speeddating_plan"]

    @admin.display(description=_("Rotationsplan"))
    def plan_link(self, obj):
        if not hasattr(obj, "rotation_plan"):
            return "–"
        url = reverse("workshops:speeddating_plan", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Plan ansehen"))

    @admin.action(description=_("Speeddating-Plan erstellen"), permissions=["manage"])
    def speeddating_plan(self, request, queryset):
        item = exactly_one(self, request, self.manageable(request, queryset))
        if item is None:
            return None
        people = len(speeddating_registrations(programme_item=item))
        form = SpeeddatingForm(
            request.POST if "apply" in request.POST else None, people=people
        )
        if form.is_valid():
            try:
                build_speeddating_plan(
                    programme_item=item,
                    rounds=form.cleaned_data["rounds"],
                    seed=form.cleaned_data["seed"] or 0,
                )
            except DomainError as exc:
                form.add_error("rounds", exc.message)
            else:
                self.message_user(
                    request, _("Speeddating-Plan erstellt."), messages.SUCCESS
                )
                return redirect(reverse("workshops:speeddating_plan", args=[item.pk]))
        return action_page(
            self,
            request,
            action="speeddating_plan",
            title=_("Speeddating-Plan erstellen"),
            intro=ngettext(
                "%(count)d Person hat einen Platz vor Ort.",
                "%(count)d Personen haben einen Platz vor Ort.",
                people,
            )
            % {"count": people},
            objects=[item],
            form=form,
            selected=[item],
            submit_label=_("Plan erstellen"),
        )
