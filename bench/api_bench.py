"""The public events API against the HTML event list, 1,000 events, one process.

Creates 1,000 published events (upcoming and past, one venue and project each
shared), then times requests through Django's test client in this process, page
cache off, so both sides pay for their queries and rendering. Prints requests/s
and events served per second for the HTML list (all events on one page), one API page
of 50 and of 200 events, and a client reading all 1,000 through the API.
No assertions; see bench/README.md.

    .venv/bin/python bench/api_bench.py [--events 1000] [--seconds 5]

DATABASE_URL must point at a scratch PostgreSQL database; without it a
throw-away server is started with tests/servers.start_postgres.
"""

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")
os.environ["PUBLIC_PAGE_CACHE_SECONDS"] = "0"
# One client asks thousands of times: the per-address limit would answer 429.
os.environ["API_RATE_LIMIT"] = "10000000/min"


def create_events(count: int) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from events.models import Event
    from tests.factories import ProjectFactory, VenueFactory

    call_command("migrate", verbosity=0)
    venue, project = VenueFactory(), ProjectFactory()
    now = timezone.now()
    Event.objects.bulk_create(
        Event(
            kind=Event.Kind.KONFERENZ,
            title=f"Smart-City-Konferenz {n}",
            slug=f"bench-konferenz-{n}",
            start=now + timedelta(days=n - count // 2),
            end=now + timedelta(days=n - count // 2, hours=8),
            venue=venue,
            host_project=project,
            status=Event.Status.PUBLISHED,
        )
        for n in range(count)
    )


def measure(client, path: str, seconds: float) -> float:
    assert client.get(path).status_code == 200, path
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        client.get(path)
        done += 1
    return done / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    server = None
    if not os.environ.get("DATABASE_URL"):
        from tests.servers import start_postgres

        server = start_postgres()
        os.environ["DATABASE_URL"] = server.url
    try:
        import django

        django.setup()
        from django.test import Client

        create_events(args.events)
        client = Client(HTTP_HOST="localhost")
        html = measure(client, "/", args.seconds)
        rows = [("HTML list, all events", html, args.events)]
        for size in (50, 200):
            rate = measure(client, f"/api/v1/events/?page_size={size}", args.seconds)
            rows.append((f"API, one page of {size}", rate, size))
        pages = -(-args.events // 200)
        walk = rows[-1][1] / pages
        print(f"{args.events:,} events, {args.seconds:.0f} s per case, cache off")
        print(f"{'case':<28}{'req/s':>8}{'events/s':>11}")
        for name, rate, events in rows:
            print(f"{name:<28}{rate:>8.1f}{rate * events:>11,.0f}")
        print(
            f"all {args.events:,} through the API ({pages} pages of 200): "
            f"{walk:.2f}/s, {walk / html:.2f} x the HTML list"
        )
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
