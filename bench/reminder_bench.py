"""Reminders end to end: 10,000 confirmed registrations, one worker, an SMTP sink.

Fills a conference (six days ahead, so the 7-day reminder is due) with N
confirmed registrations, starts Redis, one Celery worker process and an SMTP sink
(aiosmtpd in this process, counting what arrives), then sends the periodic task
``queue_due_emails`` through Redis, as beat would, and waits until every
reminder row is SENT. Prints (no assertions; see bench/README.md):

- the scan: time until all outbox rows exist;
- delivery: emails per second and total time until the last row is stamped;
- duplicates: messages arrived per correlation id (should all be 1);
- peak memory of the worker: VmHWM of the main process and of the biggest pool
  process, the largest sum of RSS seen over all of them while it ran, and the
  largest sum of PSS (the pool processes are forked from the main one after
  Django is loaded and share those pages; PSS counts a shared page once).

The scan queues the rows in batches (participants.outbox.queue.BATCH_SIZE per
``send_email_batch`` task, one SMTP connection each).

    .venv/bin/python bench/reminder_bench.py [--registrations 10000]
        [--concurrency 2] [--conn-max-age 0]

DATABASE_URL must point at a scratch PostgreSQL database (it is migrated; the
bench's rows stay); without it a throw-away server is started.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")


class Sink:
    """Accepts everything and counts correlation ids."""

    def __init__(self):
        self.lock = threading.Lock()
        self.ids = Counter()

    async def handle_DATA(self, server, session, envelope):
        for line in envelope.content.split(b"\r\n"):
            if line.startswith(b"X-Correlation-ID:"):
                with self.lock:
                    self.ids[line.split(b":", 1)[1].strip()] += 1
                break
        return "250 OK"


def proc_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def pss_kb(pid: int) -> int:
    """Proportional set size: pages shared between the worker's processes (fork
    after import) count once in the sum, not once per process as in RSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def fill(count: int):
    from django.utils import timezone

    from participants.models import Registration
    from tests.factories import EventFactory, ProgrammeItemFactory

    start = timezone.now() + timedelta(days=6)
    event = EventFactory(
        start=start,
        end=start + timedelta(hours=8),
        capacity_onsite=None,
        reminder_days=[7, 1],
        email_text="Anreise: Buslinie 7 bis Stadthalle.",
    )
    for n in range(6):
        ProgrammeItemFactory(event=event, title=f"Programmpunkt {n}")
    long_ago = timezone.now() - timedelta(days=20)
    Registration.objects.bulk_create(
        (
            Registration(
                event=event,
                first_name=f"Gast{n}",
                last_name="Mustermann",
                email=f"bench{event.pk}-{n}@example.org",
                participant_kind="administration",
                status=Registration.Status.CONFIRMED,
                confirmed_at=long_ago,
                queued_at=long_ago,
                language="en" if n % 5 == 0 else "de",
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    return event


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--registrations", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--conn-max-age", type=int, default=0)
    args = parser.parse_args()

    from tests.servers import start_postgres, start_redis

    servers = []
    if not os.environ.get("DATABASE_URL"):
        servers.append(start_postgres())
        os.environ["DATABASE_URL"] = servers[-1].url
    redis = start_redis()
    servers.append(redis)
    os.environ["CELERY_BROKER_URL"] = redis.url

    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)

    from tests.servers import free_port

    sink = Sink()
    smtp_port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    worker = None
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from participants.models import EmailMessage
        from participants.tasks import queue_due_emails

        event = fill(args.registrations)
        print(
            f"{args.registrations} confirmed registrations; one worker, "
            f"--concurrency={args.concurrency}, CONN_MAX_AGE={args.conn_max_age}"
        )

        log = tempfile.NamedTemporaryFile(prefix="reminder-bench-", suffix=".log")  # noqa: SIM115
        env = {
            **os.environ,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "CONN_MAX_AGE": str(args.conn_max_age),
            "LOG_LEVEL": "WARNING",
        }
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                f"--concurrency={args.concurrency}",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        from config.celery import app

        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if time.monotonic() > deadline or worker.poll() is not None:
                sys.exit("worker did not start:\n" + Path(log.name).read_text())

        rows = EmailMessage.objects.filter(event=event, kind="reminder")
        peak_sum = peak_pss = 0
        t0 = time.perf_counter()
        queue_due_emails.delay()
        scanned_at = None
        while True:
            time.sleep(0.25)
            pids = [worker.pid, *children(worker.pid)]
            peak_sum = max(peak_sum, sum(proc_kb(pid, "VmRSS") for pid in pids))
            peak_pss = max(peak_pss, sum(pss_kb(pid) for pid in pids))
            if scanned_at is None and rows.count() == args.registrations:
                scanned_at = time.perf_counter() - t0
            if scanned_at is not None and not rows.exclude(status="sent").exists():
                break
            if worker.poll() is not None:
                sys.exit("worker died:\n" + Path(log.name).read_text()[-3000:])
        total = time.perf_counter() - t0
        pool = children(worker.pid)
        main_hwm = proc_kb(worker.pid, "VmHWM")
        pool_hwm = max((proc_kb(pid, "VmHWM") for pid in pool), default=0)

        counts = Counter(sink.ids.values())
        print(
            f"  scan (all {args.registrations} outbox rows written) {scanned_at:6.1f} s"
        )
        print(f"  total until the last row is SENT          {total:6.1f} s")
        rate = args.registrations / total
        print(f"  emails per second (end to end)            {rate:6.1f}")
        print(f"  arrivals per correlation id               {dict(counts)}")
        print(f"  worker main process VmHWM                 {main_hwm / 1024:6.1f} MiB")
        print(f"  largest pool process VmHWM                {pool_hwm / 1024:6.1f} MiB")
        print(
            f"  peak RSS sum, main + {len(pool)} pool processes    "
            f"{peak_sum / 1024:6.1f} MiB"
        )
        print(f"  peak PSS sum (shared pages counted once)  {peak_pss / 1024:6.1f} MiB")
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        controller.stop()
        for server in reversed(servers):
            server.stop()


if __name__ == "__main__":
    main()
