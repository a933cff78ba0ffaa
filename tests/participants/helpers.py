"""Shared helpers for the registration tests."""

import itertools
import re
import threading

from django.core import mail
from django.db import connections

from participants.registration_data import RegistrationData

_numbers = itertools.count(1)

CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/(?:en/)?anmeldung/bestaetigen/[\w-]+/)")
MANAGE_LINK = re.compile(r"https?://[^/\s]+(/(?:en/)?anmeldung/link/[\w-]+/)")


def unique_email() -> str:
    return f"gast{next(_numbers)}@example.org"


def service_data(**overrides) -> RegistrationData:
    """What RegistrationForm.registration_data() hands to services.register()."""
    data = {
        "first_name": "Erika",
        "last_name": "Mustermann",
        "email": unique_email(),
        "organisation": "Stadt Musterstadt",
        "participant_kind": "administration",
        "consents": {"privacy_notice": True},
    }
    data.update(overrides)
    data["workshops"] = tuple(data.get("workshops") or ())
    return RegistrationData(**data)


def form_data(**overrides) -> dict:
    """A valid POST for the registration form of an on-site event."""
    data = {
        "first_name": "Erika",
        "last_name": "Mustermann",
        "email": unique_email(),
        "organisation": "Stadt Musterstadt",
        "participant_kind": "administration",
        "municipality": "",
        "allergies": "",
        "needs_notes": "",
        "privacy_notice": "on",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def sent_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def link_in(message, pattern=CONFIRM_LINK) -> str:
    """The path of the first personal link in an email's text."""
    match = pattern.search(message.body)
    assert match, message.body
    return match.group(1)


def run_at_once(functions) -> list:
    """Call each function in its own thread and database connection, all released
    together; returns results or raised exceptions in the same order."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def worker(index, function):
        try:
            barrier.wait()
            results[index] = function()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            results[index] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(functions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
