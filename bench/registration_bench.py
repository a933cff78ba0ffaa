"""Registration: SQL queries per registration and 200 people at once for 50 places.

Prints (no assertions; see bench/README.md):
- queries of services.register() alone (form data for two workshops, an extra
  question and two consents), of delivering its confirmation email, and of the
  whole POST through Django's test client (form, service, eager email task);
- the concurrency figures: N submissions in N threads with their own database
  connections for P places, with the row locks and with the test-only switch
  LOCKING = False, plus wall time.

    .venv/bin/python bench/registration_bench.py [--submissions 200] [--places 50]

DATABASE_URL must point at a scratch PostgreSQL database (it is migrated; the
bench's events stay); without it a throw-away server is started.
"""

import argparse
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")


def build_event(places: int):
    from participants.models import Question
    from tests.factories import EventFactory, TimeSlotFactory, WorkshopFactory

    event = EventFactory(capacity_onsite=places)
    for label in ("Vormittag", "Nachmittag"):
        slot = TimeSlotFactory(event=event, label=label)
        WorkshopFactory.create_batch(2, event=event, time_slot=slot, capacity=20)
    Question.objects.create(event=event, label="Anreise", kind="text")
    return event


def form_post(event, n: int) -> dict:
    data = {
        "first_name": "Erika",
        "last_name": "Mustermann",
        "email": f"bench{event.pk}-{n}@example.org",
        "organisation": "Stadt Musterstadt",
        "participant_kind": "administration",
        "privacy_notice": "on",
        "consent_photos": "on",
        f"question_{event.questions.get().pk}": "Mit der Bahn",
    }
    for workshop in event.workshops.order_by("time_slot_id", "pk")[::2]:
        data[f"slot_{workshop.time_slot_id}"] = str(workshop.pk)
    return data


def measure_queries() -> None:
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from participants import services
    from participants.forms import RegistrationForm
    from participants.models import EmailMessage
    from participants.outbox.delivery import deliver

    event = build_event(500)
    form = RegistrationForm(form_post(event, 0), event=event)
    assert form.is_valid(), form.errors
    data = form.registration_data()
    # Rolled back at the end, so the email task queued on commit never runs here.
    with CaptureQueriesContext(connection) as service_queries, transaction.atomic():
        services.register(event=event, data=data)
        transaction.set_rollback(True)
    registration = services.register(event=event, data=data)  # sends its email
    message = EmailMessage.objects.get(registration=registration)
    EmailMessage.objects.filter(pk=message.pk).update(status="pending")
    with CaptureQueriesContext(connection) as email_queries:
        deliver(message_id=message.pk)

    client = Client()
    path = reverse("participants:register", kwargs={"slug": event.slug})
    with CaptureQueriesContext(connection) as request_queries:
        response = client.post(path, form_post(event, 1))
    assert response.status_code == 302, response.status_code

    def real(queries):
        control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
        return [q for q in queries if not q["sql"].startswith(control)]

    print("SQL queries per registration (two workshops, one answer, two consents);")
    print("first figure without, second with BEGIN/SAVEPOINT/COMMIT statements:")
    for label, captured in (
        ("services.register()", service_queries),
        ("deliver() of the confirm email", email_queries),
        ("whole POST (form+service+email)", request_queries),
    ):
        queries = captured.captured_queries
        print(f"  {label:34s} {len(real(queries)):3d} {len(queries):4d}")
    print("  statements of services.register():")
    for query in real(service_queries.captured_queries):
        print("    " + " ".join(query["sql"].split())[:100])


def submit_all(event, count: int):
    from django.db import connections
    from django.test import Client
    from django.urls import reverse

    path = reverse("participants:register", kwargs={"slug": event.slug})
    posts = [form_post(event, n) for n in range(count)]
    barrier = threading.Barrier(count)
    statuses = [None] * count

    def worker(i):
        try:
            barrier.wait()
            statuses[i] = Client().post(path, posts[i]).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses, time.perf_counter() - started


def measure_concurrency(submissions: int, places: int) -> None:
    from collections import Counter

    from participants.models import Registration
    from participants.services import base

    print(f"\n{submissions} simultaneous submissions for {places} places:")
    for locking in (True, False):
        base.LOCKING = locking
        event = build_event(places)
        statuses, seconds = submit_all(event, submissions)
        counts = Counter(
            Registration.objects.filter(event=event).values_list("status", flat=True)
        )
        print(
            f"  locks {'on ' if locking else 'off'}: HTTP {dict(Counter(statuses))}, "
            f"holding {counts['pending']}, waitlisted {counts['waitlisted']}, "
            f"{seconds:.1f} s wall ({submissions / seconds:.0f} registrations/s)"
        )
    base.LOCKING = True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--places", type=int, default=50)
    args = parser.parse_args()

    server = None
    if not os.environ.get("DATABASE_URL"):
        from tests.servers import start_postgres

        server = start_postgres()
        os.environ["DATABASE_URL"] = server.url
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        settings.RATELIMIT_ENABLE = False
        settings.REGISTRATION_LOCK_TIMEOUT = "120s"
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        settings.ALLOWED_HOSTS = ["testserver"]
        call_command("migrate", verbosity=0)
        measure_queries()
        measure_concurrency(args.submissions, args.places)
    finally:
        if server is not None:
            from django.db import connections

            connections.close_all()
            server.stop()


if __name__ == "__main__":
    main()
