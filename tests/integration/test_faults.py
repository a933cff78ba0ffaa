"""Faults during a burst of registrations, on the real servers.

The broker's Redis, the cache's Redis and PostgreSQL are each stopped while
registrations come in and started again. Whatever is down: no response is a
500, every registration the visitor was told is accepted is saved, and once
everything is back each of them gets exactly one email (the confirmation
request of the double opt-in), by the worker, through the sweeper beat runs.
"""

import shlex
import socket
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from participants.models import EmailMessage, Registration
from tests.factories import EventFactory
from tests.integration.conftest import wait_until
from tests.participants.helpers import form_data
from tests.servers import _as_postgres, _find_pg_binary, start_redis

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

BEFORE, DURING, AFTER = 8, 8, 8


def _wait_for_port(port: int, *, up: bool, timeout: float = 30) -> None:
    def listening() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            return False

    wait_until(lambda: listening() == up, timeout=timeout, message=f"port {port}")


class RedisControl:
    """Stop a suite's Redis and start it again on the same port (empty)."""

    def __init__(self, server):
        self.server = server

    def stop(self) -> None:
        self.server.stop()
        _wait_for_port(self.server.port, up=False)

    def start(self) -> None:
        self.server.process = subprocess.Popen(
            self.server.process.args,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(self.server.port, up=True)


class PostgresControl:
    """Stop the suite's PostgreSQL server and start it again with its options."""

    def __init__(self, server):
        self.data = server.directory / "data"
        self.log = server.directory / "server.log"
        self.port = server.port

    def _pg_ctl(self, *args) -> None:
        subprocess.run(
            _as_postgres([_find_pg_binary("pg_ctl"), "-D", str(self.data), *args]),
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        connections.close_all()
        self._pg_ctl("-m", "fast", "-w", "stop")

    def start(self) -> None:
        # postmaster.opts holds the command line the server last ran with.
        command = shlex.split(Path(self.data / "postmaster.opts").read_text())
        options = [a for a in command[1:] if a not in ("-D", str(self.data))]
        self._pg_ctl("-o", shlex.join(options), "-l", str(self.log), "-w", "start")
        _wait_for_port(self.port, up=True)
        connections.close_all()


@pytest.fixture(scope="module")
def cache_redis():
    server = start_redis()
    yield server
    server.stop()


@pytest.fixture
def redis_cache(settings, cache_redis):
    """The web process's cache on a Redis of its own, as in production."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache_backend.FailSoftRedisCache",
            "LOCATION": cache_redis.url.replace("/0", "/1"),
        }
    }
    yield cache_redis


def all_sent() -> bool:
    return not EmailMessage.objects.exclude(status=EmailMessage.Status.SENT)


def burst(
    event, fault, *, tag: str, one_address_during: bool = False, quiet_stop=False
) -> dict:
    """Registrations from different addresses (or, with ``one_address_during``,
    the middle third from one), the fault switched on for the middle third;
    each also looks at the (cached) event list."""
    url = reverse("participants:register", kwargs={"slug": event.slug})
    results = {"register": {}, "page": Counter()}
    for i in range(BEFORE + DURING + AFTER):
        if i == BEFORE:
            if quiet_stop:
                wait_until(all_sent, message="the worker to be idle")
            fault.stop()
        if i == BEFORE + DURING:
            fault.start()
        address = f"10.13.0.{i + 1}"
        if one_address_during and BEFORE <= i < BEFORE + DURING:
            address = "10.13.1.1"
        client = Client(REMOTE_ADDR=address)
        email = f"{tag}-{i}@example.org"
        response = client.post(url, form_data(email=email))
        results["register"][email] = response
        results["page"][client.get(reverse("events:event_list")).status_code] += 1
    return results


def accepted(results) -> set[str]:
    return {
        email
        for email, response in results["register"].items()
        if response.status_code == 302
    }


def assert_no_500_and_each_accepted_mailed_once(results, mailbox) -> None:
    statuses = Counter(r.status_code for r in results["register"].values())
    assert statuses[500] == 0, statuses
    assert results["page"][500] == 0, results["page"]
    emails = accepted(results)
    # Nothing accepted is lost, nothing refused is saved.
    assert set(Registration.objects.values_list("email", flat=True)) == emails
    wait_until(all_sent, timeout=90, message="every outbox row sent")
    assert EmailMessage.objects.count() == len(emails)
    assert {email: len(mailbox.to(email)) for email in emails} == dict.fromkeys(
        emails, 1
    )
    assert set(mailbox.correlation_counts().values()) == {1}


def test_broker_down_registrations_answered_normally_mailed_once_after(
    mailbox, worker, redis_server, start_beat, caplog
):
    start_beat(EMAIL_SWEEP_INTERVAL="1")
    event = EventFactory(capacity_onsite=200)
    started = time.monotonic()

    results = burst(event, RedisControl(redis_server), tag="broker")

    statuses = Counter(r.status_code for r in results["register"].values())
    assert statuses == {302: BEFORE + DURING + AFTER}
    assert caplog.text.count("Broker unreachable") == DURING
    assert "@" not in caplog.text  # no address in the log
    assert_no_500_and_each_accepted_mailed_once(results, mailbox)
    assert time.monotonic() - started < 120


def test_cache_down_pages_uncached_rate_limits_open_mailed_once(
    mailbox, worker, redis_cache, settings, caplog
):
    # One registration per address and minute; during the outage all come from
    # one address and still get through: the limit fails open.
    settings.REGISTRATION_RATE_LIMIT = "1/m"
    event = EventFactory(capacity_onsite=200)

    results = burst(
        event, RedisControl(redis_cache), tag="cache", one_address_during=True
    )

    statuses = Counter(r.status_code for r in results["register"].values())
    assert statuses == {302: BEFORE + DURING + AFTER}
    assert results["page"] == {200: BEFORE + DURING + AFTER}
    assert "Cache unreachable" in caplog.text
    assert_no_500_and_each_accepted_mailed_once(results, mailbox)


def test_database_down_503_with_retry_after_nothing_accepted_lost(
    mailbox, worker, start_beat
):
    from tests import conftest

    if conftest._postgres is None:
        pytest.skip("TEST_DATABASE_URL names a server this suite did not start")
    start_beat(EMAIL_SWEEP_INTERVAL="1")
    event = EventFactory(capacity_onsite=200)

    # Stopped while the worker is idle: a server that dies while the worker
    # holds an accepted SMTP transaction loses the "sent" stamp, and that one
    # email goes out again with the same Message-ID (README, "exactly once").
    results = burst(
        event, PostgresControl(conftest._postgres), tag="database", quiet_stop=True
    )

    during = list(results["register"].values())[BEFORE : BEFORE + DURING]
    assert {r.status_code for r in during} == {503}
    assert {r["Retry-After"] for r in during} == {"30"}
    page = during[0].content.decode()
    assert 'class="site-header"' in page
    assert "Es ist nichts verloren gegangen" in page
    assert len(accepted(results)) == BEFORE + AFTER
    assert_no_500_and_each_accepted_mailed_once(results, mailbox)
