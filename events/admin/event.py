"""The event admin: list, form, back-office links and actions."""

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
    action_page,
    exactly_one,
    report_promoted,
)
from core.errors import DomainError
from events import services
from events.admin_forms import CopyEventForm, EventAdminForm
from events.models import Event
from participants.admin_forms import broadcast_page
from participants.models import seat_q
from participants.services.retention import purge_date
from participants.staff.links import events_with_links

from ._inlines import (
    DATETIME_INPUT,
    EventStatisticInline,
    MaterialInline,
    ProgrammeItemInline,
    QuestionInline,
    TimeSlotInline,
    WorkshopInline,
    capacity_changes,
)


@admin.register(Event)
class EventAdmin(ProjectScopedAdmin):
    event_path = ""
    form = EventAdminForm
    # Few, short columns: the list fits 1280 px beside its filters.
    list_display = [
        "full_title",
        "start_date",
        "city",
        "status",
        "registrations_of_capacity",
        "back_office",
    ]
    list_display_links = ["full_title"]
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
    # Plain selects, checkboxes and one date-and-time input per field: labelled
    # for screen readers, and the browser's own pickers on a tablet.
    formfield_overrides = DATETIME_INPUT
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
            {
                "fields": [
                    "documentation",
                    ("reported_participants", "reported_participants_wording"),
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        holding = seat_q(timezone.now(), "registrations__")
        return (
            super()
            .get_queryset(request)
            .annotate(registration_count=Count("registrations", filter=holding))
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        event = self.get_object(request, object_id)
        if event is not None:
            [(_event, links)] = events_with_links(user=request.user, events=[event])
            extra_context = {**(extra_context or {}), "back_office_links": links}
        return super().change_view(request, object_id, form_url, extra_context)

    # Columns -------------------------------------------------------------

    @admin.display(description=_("Titel"), ordering="title")
    def full_title(self, obj):
        return obj.full_title

    @admin.display(description=_("Datum"), ordering="start")
    def start_date(self, obj):
        return date_format(timezone.localtime(obj.start), "SHORT_DATE_FORMAT")

    @admin.display(description=_("Ort"), ordering="venue__city")
    def city(self, obj):
        return obj.venue.city if obj.venue else "–"

    @admin.display(description=_("Betreuen"))
    def back_office(self, obj):
        url = reverse("staff:dashboard", kwargs={"slug": obj.slug})
        return format_html(
            '<a href="{}" aria-label="{}">{}</a>',
            url,
            _("Übersicht: %(event)s") % {"event": obj.full_title},
            _("Übersicht"),
        )

    @admin.display(description=_("Personenbezogene Daten werden anonymisiert am"))
    def personal_data_purge(self, obj):
        if obj.pk is None or obj.end is None:
            return _("nach dem Speichern berechnet")
        return date_format(timezone.localtime(purge_date(obj)), "DATE_FORMAT")

    @admin.display(description=_("Anmeldungen"), ordering="registration_count")
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
