"""Registrations: the list, its filters and its actions."""

import json

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ProjectScopedAdmin, ScopedInline, action_page
from core.errors import DomainError
from core.permissions import Perm, events_for, scope
from events.models import Event
from participants import services
from participants.admin_forms import broadcast_page, export_page
from participants.models import (
    Consent,
    EmailMessage,
    Registration,
    WorkshopBooking,
)
from participants.services import cancel, data_rights
from participants.staff import checkin
from workshops.models import Workshop
from workshops.services import remove_from_rotation_plans


class WorkshopBookingInline(ScopedInline):
    model = WorkshopBooking
    extra = 0
    fields = ["workshop", "status", "preference_rank", "queued_at"]
    readonly_fields = ["queued_at"]
    autocomplete_fields = ["workshop"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only workshops of the registration's own event.
        if db_field.name == "workshop":
            registration_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = scope(
                Workshop.objects.filter(event__registrations__pk=registration_id),
                request.user,
                Perm.MANAGE,
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ConsentInline(ScopedInline):
    model = Consent
    extra = 0
    fields = ["kind", "text_version", "given_at", "withdrawn_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EmailMessageInline(ScopedInline):
    model = EmailMessage
    extra = 0
    fields = ["kind", "status", "attempts", "last_error", "created_at", "sent_at"]
    readonly_fields = fields
    can_delete = False
    ordering = ["created_at"]

    def has_add_permission(self, request, obj=None):
        return False


# Registrations -------------------------------------------------------------------


class AnonymisedFilter(admin.SimpleListFilter):
    """Instead of Django's "empty / not empty" of the date: yes or no. The
    parameter stays Django's, so bookmarked lists keep working."""

    title = _("Anonymisiert")
    parameter_name = "anonymised_at__isempty"

    def lookups(self, request, model_admin):
        return [("0", _("Ja")), ("1", _("Nein"))]

    def queryset(self, request, queryset):
        if self.value() in ("0", "1"):
            return queryset.filter(anonymised_at__isnull=self.value() == "1")
        return queryset


@admin.register(Registration)
class RegistrationAdmin(ProjectScopedAdmin):
    # Few, short columns: the list fits 1280 px beside its filters.
    list_display = [
        "name",
        "organisation",
        "event",
        "mode",
        "status",
        "registered_on",
        "checked_in",
    ]
    list_display_links = ["name"]
    list_filter = [
        "status",
        "mode",
        "participant_kind",
        ("event", admin.RelatedOnlyFieldListFilter),
        ("bookings__workshop", admin.RelatedOnlyFieldListFilter),
        ("municipality", admin.RelatedOnlyFieldListFilter),
        AnonymisedFilter,
    ]
    search_fields = ["first_name", "last_name", "email", "organisation"]
    list_select_related = ["event"]
    readonly_fields = [
        "created_at",
        "queued_at",
        "hold_expires_at",
        "confirmed_at",
        "cancelled_at",
        "checked_in_at",
        "anonymised_at",
    ]
    autocomplete_fields = ["event", "municipality"]
    inlines = [WorkshopBookingInline, ConsentInline, EmailMessageInline]
    actions = [
        "export",
        "confirm",
        "move_to_waitlist",
        "promote",
        "cancel",
        "check_in",
        "resend_confirmation",
        "send_message",
        "download_personal_data",
        "erase_personal_data",
    ]

    def has_checkin_permission(self, request):
        return self._holds_role(request, Perm.CHECK_IN)

    def has_export_permission(self, request):
        return self._holds_role(request, Perm.EXPORT)

    @admin.display(description=_("Name"), ordering="last_name")
    def name(self, obj):
        return f"{obj.last_name}, {obj.first_name}" if obj.first_name else obj.last_name

    @admin.display(description=_("Angemeldet"), ordering="created_at")
    def registered_on(self, obj):
        return date_format(timezone.localtime(obj.created_at), "SHORT_DATE_FORMAT")

    @admin.display(description=_("Da"), boolean=True, ordering="checked_in_at")
    def checked_in(self, obj):
        return obj.checked_in_at is not None

    @admin.action(
        description=_("Exportieren (CSV, Excel, Namensschilder, Liste)"),
        permissions=["export"],
    )
    def export(self, request, queryset):
        return export_page(self, request, queryset, action="export")

    def _each(self, request, queryset, func, *, done_message, perm=Perm.MANAGE):
        """Call ``func(registration)`` for each row the user may act on; report."""
        rows = self.scope_queryset(queryset, request.user, perm).select_related("event")
        done = 0
        for registration in rows:
            try:
                func(registration)
            except DomainError as exc:
                self.message_user(
                    request, f"{registration}: {exc.message}", messages.WARNING
                )
            except checkin.NotConfirmed:
                self.message_user(
                    request,
                    _("%(name)s: nur bestätigte Anmeldungen können einchecken.")
                    % {"name": registration},
                    messages.WARNING,
                )
            else:
                done += 1
        self.message_user(request, done_message % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Bestätigen"), permissions=["manage"])
    def confirm(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda r: services.confirm_registration(registration=r),
            done_message=_("Bestätigt: %(count)d"),
        )

    @admin.action(description=_("Auf die Warteliste setzen"), permissions=["manage"])
    def move_to_waitlist(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda r: services.move_to_waitlist(registration=r),
            done_message=_("Auf die Warteliste gesetzt: %(count)d"),
        )

    @admin.action(description=_("Nachrücken lassen"), permissions=["manage"])
    def promote(self, request, queryset):
        def promote(registration):
            if services.promote_registration(registration=registration):
                self.message_user(
                    request,
                    _("%(name)s ist über die Platzzahl hinaus nachgerückt.")
                    % {"name": registration},
                    messages.WARNING,
                )

        self._each(request, queryset, promote, done_message=_("Nachgerückt: %(count)d"))

    @admin.action(description=_("Stornieren"), permissions=["manage"])
    def cancel(self, request, queryset):
        def cancel_one(registration):
            cancel(registration=registration)
            remove_from_rotation_plans(registration=registration)

        self._each(
            request, queryset, cancel_one, done_message=_("Storniert: %(count)d")
        )

    @admin.action(description=_("Als anwesend markieren"), permissions=["checkin"])
    def check_in(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda r: checkin.check_in(registration=r),
            done_message=_("Eingecheckt: %(count)d"),
            perm=Perm.CHECK_IN,
        )

    @admin.action(description=_("Bestätigung erneut senden"), permissions=["manage"])
    def resend_confirmation(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda r: services.resend_confirmation(registration=r),
            done_message=_("E-Mails erneut in den Versand gegeben: %(count)d"),
        )

    @admin.action(description=_("Nachricht senden"), permissions=["manage"])
    def send_message(self, request, queryset):
        selected = self.manageable(request, queryset)
        event_ids = set(selected.values_list("event_id", flat=True))
        if len(event_ids) != 1:
            self.message_user(
                request,
                _("Bitte Anmeldungen genau einer Veranstaltung auswählen."),
                messages.WARNING,
            )
            return None
        event = Event.objects.get(pk=event_ids.pop())
        return broadcast_page(
            self, request, event=event, action="send_message", selected=selected
        )

    # Data subject rights (GDPR Art. 15 and 17) for the selected addresses --------

    def _addresses_and_events(self, request, queryset):
        """The selected addresses, and the events whose data this user may hand
        out or erase (None for superusers: every event)."""
        selected = self.manageable(request, queryset)
        addresses = sorted(set(selected.values_list("email", flat=True)) - {""})
        events = (
            None if request.user.is_superuser else events_for(request.user, Perm.MANAGE)
        )
        return addresses, events

    @admin.action(
        description=_("Datenauskunft für diese E-Mail-Adressen (JSON)"),
        permissions=["manage"],
    )
    def download_personal_data(self, request, queryset):
        addresses, events = self._addresses_and_events(request, queryset)
        data = [
            data_rights.export_personal_data(email=address, events=events)
            for address in addresses
        ]
        body = json.dumps(data, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        # The file name names no one: the addresses stay out of logs and histories.
        response["Content-Disposition"] = 'attachment; filename="datenauskunft.json"'
        return response

    @admin.action(
        description=_("Daten dieser E-Mail-Adressen löschen"), permissions=["manage"]
    )
    def erase_personal_data(self, request, queryset):
        addresses, events = self._addresses_and_events(request, queryset)
        if "apply" not in request.POST:
            return action_page(
                self,
                request,
                action="erase_personal_data",
                title=_("Daten löschen"),
                intro=_(
                    "Alle Anmeldungen dieser E-Mail-Adressen zu Ihren "
                    "Veranstaltungen werden anonymisiert; noch bevorstehende "
                    "werden vorher storniert, damit die Plätze nachrücken. "
                    "Nur anonyme Zahlen für die Statistik bleiben."
                ),
                objects=addresses,
                form=forms.Form(),
                selected=self.manageable(request, queryset),
                submit_label=_("Ja, endgültig löschen"),
            )
        erased = sum(
            data_rights.erase_personal_data(email=address, events=events)
            for address in addresses
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d Anmeldung anonymisiert.",
                "%(count)d Anmeldungen anonymisiert.",
                erased,
            )
            % {"count": erased},
            messages.SUCCESS,
        )
        return None
