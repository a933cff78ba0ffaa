"""An outbox row as the email it stands for, in the recipient's language."""

from datetime import timedelta
from email.mime.image import MIMEImage
from email.utils import parseaddr

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _

from events.ics import calendar_for
from participants import qr, selectors, tokens
from participants.models import (
    AccessToken,
    EmailMessage,
    Registration,
    WorkshopBooking,
)

Kind = EmailMessage.Kind

SUBJECTS = {
    Kind.CONFIRM_REQUEST: _("Bitte bestätigen Sie Ihre Anmeldung: {event}"),
    Kind.CONFIRMATION: _("Anmeldung bestätigt: {event}"),
    Kind.WAITLISTED: _("Sie stehen auf der Warteliste: {event}"),
    Kind.PROMOTED: _("Ein Platz ist frei geworden: {event}"),
    Kind.CANCELLED: _("Ihre Anmeldung ist storniert: {event}"),
    Kind.EXPIRED: _("Ihre Reservierung ist verfallen: {event}"),
    Kind.MANAGE_LINK: _("Ihr persönlicher Link: {event}"),
    Kind.WORKSHOP_CHANGED: _("Ihre Workshops: {event}"),
    Kind.REMINDER: _("Erinnerung: {event} am {date}"),
    Kind.FOLLOW_UP: _("Dokumentation und Aufzeichnung: {event}"),
    Kind.EVENT_CANCELLED: _("Abgesagt: {event}"),
}
INVITATION_SUBJECT = _("Einladung ins Team von „{project}“")

# Kinds whose email carries a link that confirms the registration; all others
# carry the personal self-service link while the registration is active.
CONFIRM_LINK_KINDS = {Kind.CONFIRM_REQUEST}
# Kinds that bring the calendar entry and, for people on site, the check-in code.
CALENDAR_KINDS = {Kind.CONFIRMATION, Kind.REMINDER}


def absolute_url(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


class Prefetched:
    """What ``build`` reads besides the row, loaded once for a batch of rows: the
    active bookings of their registrations in one query, each event's programme
    with its speakers once. Without it (``build(message)``) each email queries
    its own."""

    def __init__(self, registration_ids: list[int]):
        self._bookings: dict[int, list] = {pk: [] for pk in registration_ids}
        rows = (
            WorkshopBooking.objects.filter(registration_id__in=registration_ids)
            .exclude(status=WorkshopBooking.Status.CANCELLED)
            .select_related("workshop__time_slot")
            # The order of selectors.active_bookings.
            .order_by("workshop__time_slot__start", "workshop__order", "workshop__code")
        )
        for booking in rows:
            self._bookings[booking.registration_id].append(booking)
        self._programmes: dict[tuple, list] = {}

    def bookings(self, registration: Registration) -> list:
        if registration.pk not in self._bookings:
            return selectors.active_bookings(registration)
        return self._bookings[registration.pk]

    def programme(self, event) -> list:
        key = (event.pk, event.updated_at)
        if key not in self._programmes:
            self._programmes[key] = _programme(event)
        return self._programmes[key]


def _programme(event) -> list:
    return list(event.programme_items.prefetch_related("contributions__speaker"))


def build(
    message: EmailMessage, *, prefetched: Prefetched | None = None
) -> EmailMultiAlternatives:
    """Render the message in the recipient's language, with fresh personal links,
    the calendar entry and the check-in code where the kind brings them."""
    with translation.override(message.language):
        if message.kind == Kind.TEAM_INVITATION:
            template = f"projects/emails/{message.kind}"
            subject, context, attachments = _invitation(message)
        else:
            template = f"participants/emails/{message.kind}"
            subject, context, attachments = _about_an_event(message, prefetched)
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    email = EmailMultiAlternatives(
        # A line break in a subject would start a new header.
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={
            "X-Correlation-ID": str(message.correlation_id),
            "Message-ID": f"<{message.correlation_id}@{_mail_domain()}>",
        },
    )
    email.attach_alternative(html, "text/html")
    for attachment in attachments:
        if isinstance(attachment, MIMEImage):
            email.attach(attachment)
        else:
            email.attach(*attachment)
    return email


# Registrations and events ---------------------------------------------------------


def _about_an_event(
    message: EmailMessage, prefetched: Prefetched | None
) -> tuple[str, dict, list]:
    registration = message.registration
    event = message.event
    attachments = []
    context = {
        "registration": registration,
        "event": event,
        "kind": message.kind,
        "site_url": settings.SITE_URL,
        "event_url": _event_url(event),
        "resend_url": absolute_url(reverse("participants:resend")),
        "data": message.context,
    }
    context.update(_event_context(event, registration, message.kind, prefetched))
    if registration is not None:
        bookings = (
            prefetched.bookings(registration)
            if prefetched
            else selectors.active_bookings(registration)
        )
        context["bookings"] = _in_wish_order(bookings)
        context["position"] = selectors.waitlist_position(registration)
        context.update(_links(registration, message.kind))
    if message.kind in CALENDAR_KINDS:
        attachments.append(_calendar_file(event))
        if registration is not None and not context["online"]:
            context["checkin_code"] = str(registration.checkin_code).upper()
            attachments.append(_checkin_image(context["checkin_code"]))
    return _subject(message, event), context, attachments


def _event_url(event) -> str:
    try:
        return absolute_url(event.get_absolute_url())
    except NoReverseMatch:  # the public event pages are not installed
        return settings.SITE_URL


def _links(registration: Registration, kind: str) -> dict:
    """Mint the personal links this email needs and return their absolute URLs."""
    links = {}
    active = registration.status in Registration.ACTIVE_STATUSES
    needs_confirmation = active and registration.confirmed_at is None
    if needs_confirmation and (
        kind in CONFIRM_LINK_KINDS or kind in (Kind.PROMOTED, Kind.MANAGE_LINK)
    ):
        expires = registration.hold_expires_at or timezone.now() + timedelta(
            hours=settings.REGISTRATION_CONFIRM_HOURS
        )
        raw = tokens.issue_token(
            registration=registration,
            purpose=AccessToken.Purpose.CONFIRM,
            expires_at=expires,
        )
        links["confirm_url"] = absolute_url(
            reverse("participants:confirm", kwargs={"token": raw})
        )
    elif active and not registration.event.is_past:
        raw = tokens.issue_token(
            registration=registration,
            purpose=AccessToken.Purpose.MANAGE,
            expires_at=registration.event.end + timedelta(days=1),
        )
        links["manage_url"] = absolute_url(
            reverse("participants:manage_link", kwargs={"token": raw})
        )
    return links


def _in_wish_order(bookings: list) -> list:
    """Bookings slot by slot (as given), the wishes of a slot by their rank."""
    slots = {}
    for booking in bookings:
        slots.setdefault(booking.workshop.time_slot_id, len(slots))
    return sorted(
        bookings,
        key=lambda b: (slots[b.workshop.time_slot_id], b.preference_rank or 0),
    )


def when(start, end) -> str:
    """ "12. Januar 2027, 10:00–17:00 Uhr" for one day, else both dates with
    their times, in the active language and Europe/Berlin."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    times = {
        "start_date": date_format(start, "DATE_FORMAT"),
        "start_time": time_format(start, "TIME_FORMAT"),
        "end_date": date_format(end, "DATE_FORMAT"),
        "end_time": time_format(end, "TIME_FORMAT"),
    }
    if start.date() == end.date():
        return str(_("%(start_date)s, %(start_time)s–%(end_time)s Uhr")) % times
    return (
        str(_("%(start_date)s, %(start_time)s Uhr bis %(end_date)s, %(end_time)s Uhr"))
        % times
    )


def _event_context(
    event, registration: Registration | None, kind: str, prefetched: Prefetched | None
) -> dict:
    online = registration is not None and (
        registration.mode == Registration.Mode.ONLINE
    )
    confirmed = registration is not None and (
        registration.status == Registration.Status.CONFIRMED
    )
    context = {
        "online": online,
        "livestream_url": event.livestream_url if online and confirmed else "",
        "when": when(event.start, event.end),
    }
    if kind in CALENDAR_KINDS:
        context["programme"] = (
            prefetched.programme(event) if prefetched else _programme(event)
        )
    if kind == Kind.FOLLOW_UP:
        context["materials"] = [
            {"title": m.title, "url": absolute_url(m.link)}
            for m in event.materials.all()
            if m.link
        ]
    return context


def _subject(message: EmailMessage, event) -> str:
    if message.kind == Kind.BROADCAST and message.context.get("subject"):
        return str(message.context["subject"])
    return str(SUBJECTS.get(message.kind, "{event}")).format(
        event=event.full_title,
        date=date_format(timezone.localtime(event.start), "DATE_FORMAT"),
    )


_calendar_cache: dict[tuple, str] = {}


def _calendar_file(event) -> tuple[str, str, str]:
    """The event's .ics; a worker sending a batch for one event builds it once
    (until the event or its venue changes)."""
    venue = event.venue.address if event.venue_id else ""
    key = (event.pk, event.updated_at, venue, translation.get_language())
    if key not in _calendar_cache:
        if len(_calendar_cache) >= 16:  # a batch alternates languages: keep a few
            _calendar_cache.clear()
        ics = calendar_for([event], name=event.full_title, base_url=settings.SITE_URL)
        _calendar_cache[key] = ics.decode("utf-8")
    return (f"{event.slug}.ics", _calendar_cache[key], "text/calendar")


def _checkin_image(code: str) -> MIMEImage:
    """The check-in code as a PNG, shown inline (cid:checkin) in the HTML part."""
    image = MIMEImage(qr.qr_png(code), "png")
    image.add_header("Content-ID", "<checkin>")
    image.add_header("Content-Disposition", "inline", filename="check-in.png")
    return image


# Team invitations -------------------------------------------------------------


def _invitation(message: EmailMessage) -> tuple[str, dict, list]:
    """The invitation into a project team with a link to choose a password.

    The link is allauth's password-reset link (its token generator, its view at
    /accounts/password/reset/key/…): unguessable, valid for PASSWORD_RESET_TIMEOUT
    and used up once a password is set. An expired link is replaced by "Passwort
    vergessen?" on the sign-in page, which finds the account by its address.
    """
    membership = message.membership
    user = membership.user
    password_path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "project": membership.project,
        "role": membership.get_role_display(),
        "inviter": message.context.get("inviter", ""),
        "password_url": absolute_url(password_path),
        "login_url": absolute_url(reverse("account_login")),
        "reset_url": absolute_url(reverse("account_reset_password")),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    subject = str(INVITATION_SUBJECT).format(project=membership.project.name)
    return subject, context, []


def _mail_domain() -> str:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rpartition("@")[2] or "localhost"
