"""Export 50,000 registrations to CSV, XLSX, the PDF sign-in sheet and badges.

Creates one event with N confirmed registrations (bulk_create, a third of them
booked into one of three workshops), then runs each export in its own
subprocess and prints wall time, output size and the subprocess's peak resident
memory (VmHWM), next to the same process's memory just before the export.
No assertions; see bench/README.md.

    .venv/bin/python bench/export_bench.py [--rows 50000] [--formats csv,xlsx,signin]

DATABASE_URL must point at a scratch PostgreSQL database (it is migrated, and
the bench's rows are deleted at the end); without it a throw-away server is
started with tests/servers.start_postgres.
"""

import argparse
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

FIRST = ["Anna", "Jürgen", "Zoë", "Mehmet", "Łucja", "Hildegard", "Ole", "Fatma"]
LAST = ["Müller", "Schäfer", "Özdemir", "Kowalski", "Sauerland", "Weiß", "Nguyen"]
ORGS = [
    "Stadt Arnsberg",
    "Kreis Soest",
    "Südwestfalen Agentur GmbH",
    "Fachhochschule Südwestfalen, Fachbereich Informatik und Naturwissenschaften",
    "Stadtwerke Iserlohn",
    "=Formel & Co. KG",
]


def peak_rss_mb() -> float:
    """This process's peak resident memory.

    VmHWM starts afresh with each program; ru_maxrss would carry over the
    parent's peak across exec on Linux.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_django():
    import django

    django.setup()


def create_rows(rows: int) -> int:
    from django.core.management import call_command
    from django.utils import timezone

    from participants.models import ParticipantKind, Registration, WorkshopBooking
    from tests.factories import EventFactory, WorkshopFactory

    call_command("migrate", verbosity=0)
    event = EventFactory(title="Benchmark-Tagung", capacity_onsite=None)
    workshops = [
        WorkshopFactory(event=event, code=code, capacity=None) for code in "ABC"
    ]
    rng = random.Random(5)
    kinds = ParticipantKind.values
    now = timezone.now()
    started = time.perf_counter()
    for offset in range(0, rows, 5000):
        batch = [
            Registration(
                event=event,
                first_name=rng.choice(FIRST),
                last_name=f"{rng.choice(LAST)}-{n}",
                email=f"person{n}@example.org",
                organisation=rng.choice(ORGS),
                participant_kind=rng.choice(kinds),
                status=Registration.Status.CONFIRMED,
                confirmed_at=now,
                queued_at=now,
            )
            for n in range(offset, min(offset + 5000, rows))
        ]
        created = Registration.objects.bulk_create(batch)
        WorkshopBooking.objects.bulk_create(
            WorkshopBooking(
                registration=r,
                workshop=workshops[i % 3],
                status=WorkshopBooking.Status.BOOKED,
                queued_at=now,
            )
            for i, r in enumerate(created)
            if i % 3 == 0
        )
    print(
        f"created {rows:,} registrations in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return event.pk


def remove_rows(event_id: int) -> None:
    from events.models import Event
    from participants.models import ExportLog, Registration

    ExportLog.objects.filter(event_id=event_id).delete()
    Registration.objects.filter(event_id=event_id).delete()
    Event.objects.filter(pk=event_id).delete()


def child(export_format: str, event_id: int, target: str) -> None:
    """Run one export in this fresh process and print one line of figures."""
    setup_django()
    from events.models import Event
    from participants.staff.exports.formats import FORMATS
    from participants.staff.exports.rows import ExportFilters, select

    event = Event.objects.get(pk=event_id)
    writer = FORMATS[export_format]
    # As the download does: badges and sign-in sheets are on-site only by default.
    selection = writer.narrow(
        select(event=event, filters=ExportFilters(status="confirmed"))
    )
    rows = selection.registrations.count()
    before = peak_rss_mb()
    started = time.perf_counter()
    with open(target, "wb") as out:
        if writer.stream:
            for chunk in writer.stream(selection):
                out.write(chunk.encode("utf-8"))
        else:
            writer.write(selection, out)
    seconds = time.perf_counter() - started
    size = os.path.getsize(target) / 1024 / 1024
    print(
        f"| {export_format} | {rows:,} | {seconds:.1f} s | {size:.1f} MB "
        f"| {peak_rss_mb():.0f} MB | {before:.0f} MB |",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--formats", help="comma-separated; default: every format")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--event", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--target", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.event, args.target)
        return

    server = None
    if not os.environ.get("DATABASE_URL"):
        from tests.servers import start_postgres

        server = start_postgres()
        os.environ["DATABASE_URL"] = server.url
    try:
        setup_django()
        event_id = create_rows(args.rows)
        print(f"python {platform.python_version()}, {os.cpu_count()} CPUs")
        print("| format | rows | time | file | peak RSS | RSS before export |")
        print("|---|---|---|---|---|---|")
        with tempfile.TemporaryDirectory() as folder:
            from participants.staff.exports.formats import FORMATS

            formats = args.formats.split(",") if args.formats else list(FORMATS)
            for export_format in formats:
                subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--child",
                        export_format,
                        "--event",
                        str(event_id),
                        "--target",
                        str(Path(folder) / f"export.{export_format}"),
                    ],
                    check=True,
                    env=os.environ,
                )
        remove_rows(event_id)
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
