"""Public pages and registrations over HTTP: gunicorn against PostgreSQL, load from wrk.

Prints (no assertions; see bench/README.md):
- requests/s, p50 and p99 of the event list and the conference page for anonymous
  visitors with the page cache off, on with a per-process cache (locmem), and on
  with Redis; beside a bare Django view rendering a tiny template in the same
  gunicorn (bench/http_settings.py adds it);
- SQL queries per page (cache off) and per registration (GET form, POST);
- one citizen's registration, GET the form then POST it, sequentially: median
  and p99 over --sequential runs;
- --clients concurrent clients registering until the event is full and beyond:
  registrations/s, p99 of GET+POST, and the seats taken against capacity.

    .venv/bin/python bench/http_bench.py [--duration 10] [--connections 16]

Needs wrk (Debian package `wrk`; the script runs `apt-get install -y wrk` when it
is missing and it may) and redis-server for the Redis run (skipped without it).
Starts its own PostgreSQL (tests/servers.py), migrates, runs load_demo and
collectstatic, and runs gunicorn with 2 sync workers on a free loopback port in
production mode (DEBUG=0, CONN_MAX_AGE=60). Emails go to a Redis broker that no
worker reads (as in production, the request only queues them); without Redis
they are sent in-process to Django's dummy backend.
"""

import argparse
import html
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.http_settings")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
os.environ["DEBUG"] = "0"

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WRK_LINE = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)


# Servers ----------------------------------------------------------------------


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk is missing: apt-get install -y wrk", flush=True)
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=False)
        found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is missing: install the Debian package (apt-get install wrk)")
    return found


class Gunicorn:
    def __init__(self, env: dict, port: int):
        self.port = port
        # Closed with the process in stop().
        self.log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "config.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--chdir",
                str(ROOT),
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                status, _body, _headers = request(port, "GET", "/bench/bare/")
                if status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit("gunicorn did not start:\n" + Path(self.log.name).read_text())

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)
        self.log.close()


def request(port, method, path, body=None, headers=None, conn=None):
    own = conn is None
    conn = conn or HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, data, response.getheaders()
    finally:
        if own:
            conn.close()


# wrk ---------------------------------------------------------------------------


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(binary, port, path, duration, connections) -> dict:
    out = subprocess.run(
        [
            binary,
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    percentiles = {p: _ms(v, u) for p, v, u in WRK_LINE.findall(out)}
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": percentiles.get("50"),
        "p99": percentiles.get("99"),
        "non2xx": int(errors.group(1)) if errors else 0,
    }


# Registration client -------------------------------------------------------------


class Citizen:
    """One browser: keeps its cookies and its connection, registers by GET+POST."""

    def __init__(self, port):
        self.port = port
        self.conn = HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies = {}

    def _send(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        status, data, response_headers = request(
            self.port, method, path, body, headers, conn=self.conn
        )
        for name, value in response_headers:
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return status, data

    def register(self, slug, fields) -> int:
        path = f"/anmelden/{slug}/"
        status, page = self._send("GET", path)
        assert status == 200, status
        token = html.unescape(TOKEN.search(page.decode()).group(1))
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token})
        status, page = self._send(
            "POST",
            path,
            body,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        return status


def form_fields(event, n: int) -> dict:
    fields = {
        "first_name": "Erika",
        "last_name": "Mustermann",
        "email": f"http{event.pk}-{n}@example.org",
        "organisation": "Stadt Musterstadt",
        "participant_kind": "administration",
        "privacy_notice": "on",
        "website": "",
    }
    slots = {}
    for workshop in event.workshops.order_by("time_slot_id", "pk"):
        slots.setdefault(workshop.time_slot_id, workshop.pk)
    for slot_id, workshop_id in slots.items():
        fields[f"slot_{slot_id}"] = str(workshop_id)
    return fields


def bench_event(places: int):
    from tests.factories import EventFactory, TimeSlotFactory, WorkshopFactory

    event = EventFactory(capacity_onsite=places, title="HTTP-Bench")
    for label in ("Vormittag", "Nachmittag"):
        slot = TimeSlotFactory(event=event, label=label)
        WorkshopFactory.create_batch(2, event=event, time_slot=slot, capacity=None)
    return event


def percentile(values, p) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def sequential(port, event, runs) -> list[float]:
    times = []
    for n in range(runs):
        citizen = Citizen(port)
        start = time.perf_counter()
        status = citizen.register(event.slug, form_fields(event, n))
        times.append((time.perf_counter() - start) * 1000)
        assert status == 302, status
    return times


def concurrent(port, event, clients, total) -> dict:
    counter = iter(range(10_000, 10_000 + total))
    lock = threading.Lock()
    latencies, failures = [], []

    def work():
        citizen = Citizen(port)
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            start = time.perf_counter()
            status = citizen.register(event.slug, form_fields(event, n))
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                (latencies if status == 302 else failures).append(elapsed)

    threads = [threading.Thread(target=work) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    return {"wall": wall, "latencies": latencies, "failures": len(failures)}


# Queries in-process ----------------------------------------------------------------


def count_queries(paths, event) -> dict:
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    result = {}
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0, ALLOWED_HOSTS=["*"]):
        client = Client()
        for name, path in paths.items():
            client.get(path)  # warm-up: per-process caches
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            result[name] = len(queries)
        citizen = Client()
        path = f"/anmelden/{event.slug}/"
        with CaptureQueriesContext(connection) as get_queries:
            citizen.get(path)
        with CaptureQueriesContext(connection) as post_queries:
            response = citizen.post(path, form_fields(event, 99_999))
        assert response.status_code == 302, response.status_code
    result["registration GET"] = len(get_queries)
    result["registration POST"] = len(post_queries)
    return result


# Main ------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--sequential", type=int, default=50)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--places", type=int, default=400)
    args = parser.parse_args()
    wrk_binary = ensure_wrk()

    from tests.servers import free_port, start_postgres, start_redis

    postgres = start_postgres()
    redis = start_redis() if shutil.which("redis-server") else None
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    os.environ.update(
        DATABASE_URL=postgres.url,
        CONN_MAX_AGE="60",
        BENCH_STATIC_ROOT=static_root,
        PYTHONPATH=str(ROOT),
        EMAIL_URL="dummymail://",
    )
    if redis:
        os.environ["CELERY_BROKER_URL"] = redis.url.replace("/0", "/1")
    servers = []
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db.models import Count

        from events.models import Event

        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        event = bench_event(args.places)
        conference = (
            Event.objects.visible()
            .exclude(pk=event.pk)
            .annotate(n=Count("workshops"))
            .order_by("-n", "-start")
            .first()
        )
        paths = {
            "bare view": "/bench/bare/",
            "event list": "/",
            "conference page": conference.get_absolute_url(),
        }
        print(
            f"conference page: {conference.full_title} "
            f"({conference.workshops.count()} workshops, "
            f"{conference.programme_items.count()} programme items)"
        )
        queries = count_queries(paths, event)

        base_env = {**os.environ}
        runs = [("cache off", {"PUBLIC_PAGE_CACHE_SECONDS": "0"})]
        runs.append(("cache on, locmem", {"PUBLIC_PAGE_CACHE_SECONDS": "5"}))
        if redis:
            runs.append(
                (
                    "cache on, Redis",
                    {"PUBLIC_PAGE_CACHE_SECONDS": "5", "CACHE_URL": redis.url},
                )
            )
        table = []
        for label, extra in runs:
            port = free_port()
            server = Gunicorn({**base_env, **extra}, port)
            servers.append(server)
            for name, path in paths.items():
                figures = wrk(wrk_binary, port, path, args.duration, args.connections)
                table.append((label, name, figures))
                print(
                    f"{label:17} {name:16} {figures['rps']:8.0f} req/s  "
                    f"p50 {figures['p50']:6.2f} ms  p99 {figures['p99']:6.2f} ms"
                    + (f"  non-2xx {figures['non2xx']}" if figures["non2xx"] else ""),
                    flush=True,
                )
            if label != runs[-1][0]:
                server.stop()
                servers.remove(server)

        print("\nSQL queries (cache off, warm):")
        for name, count in queries.items():
            print(f"  {name:20} {count}")

        port = servers[-1].port
        seq = sequential(port, event, args.sequential)
        print(
            f"\none citizen, GET form + POST, sequential ({args.sequential} runs): "
            f"median {statistics.median(seq):.1f} ms, p99 {percentile(seq, 99):.1f} ms"
        )

        from participants.models import Registration
        from participants.selectors import event_counts

        already = Registration.objects.filter(event=event).count()
        total = args.places - already + 4 * args.clients
        result = concurrent(port, event, args.clients, total)
        counts = event_counts(event=event)["onsite"]
        done = len(result["latencies"])
        print(
            f"{args.clients} concurrent clients, {total} registrations "
            f"({args.places} places, {already} taken before): "
            f"{done / result['wall']:.1f} registrations/s, "
            f"p99 {percentile(result['latencies'], 99):.0f} ms (GET+POST), "
            f"failed {result['failures']}"
        )
        print(
            f"seats taken {counts['taken']} of {args.places}, waiting "
            f"{counts['waiting']}, overbooked {max(0, counts['taken'] - args.places)}"
        )
    finally:
        for server in servers:
            server.stop()
        from django.db import connections

        connections.close_all()
        if redis:
            redis.stop()
        postgres.stop()
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    main()
