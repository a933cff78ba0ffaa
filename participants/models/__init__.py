"""The participants app's models, one module per kind of record."""

from participants.models.needs import Need, Needs
from participants.models.outbox import Broadcast, EmailMessage
from participants.models.questions import Answer, Question
from participants.models.records import EventStatistic, ExportLog
from participants.models.registrations import (
    AccessToken,
    Consent,
    ParticipantKind,
    Registration,
    RegistrationQuerySet,
    WorkshopBooking,
    lapsed_q,
    seat_q,
    waiting_q,
)

__all__ = [
    "AccessToken",
    "Answer",
    "Broadcast",
    "Consent",
    "EmailMessage",
    "EventStatistic",
    "ExportLog",
    "Need",
    "Needs",
    "ParticipantKind",
    "Question",
    "Registration",
    "RegistrationQuerySet",
    "WorkshopBooking",
    "lapsed_q",
    "seat_q",
    "waiting_q",
]
