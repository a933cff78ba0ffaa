"""Real Redis, a real Celery worker (a separate process) and an SMTP server.

The worker reads the test database that pytest-django created, so tests here
use ``transaction=True``: what they write is committed and visible to it.
Retries are fast (1 s doubling to 3 s) so a refusing server costs seconds, and
the sweeper (when a test starts beat) picks up rows pending 2 s too long.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis as redis_lib
from django.conf import settings

from tests.integration.smtp import SMTPServer
from tests.servers import start_redis

BASE_DIR = Path(__file__).resolve().parents[2]

FAST_EMAIL = {
    "EMAIL_RETRY_BASE": "1",
    "EMAIL_RETRY_MAX": "3",
    "EMAIL_MAX_ATTEMPTS": "40",
    "EMAIL_TIMEOUT": "5",
    # The sweeper runs in the worker: rows pending 2 s past their last retry.
    "EMAIL_SWEEP_AFTER": "2",
}


def wait_until(predicate, *, timeout: float = 60, message: str = "") -> None:
    """Poll until ``predicate()`` is true; fail the test after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    pytest.fail(f"Gave up after {timeout:.0f} s waiting: {message}")


def _database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    user = db["USER"] or "postgres"
    return f"postgres://{user}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Process:
    """A celery worker or beat in its own process group, logging to a file."""

    def __init__(self, name: str, args: list[str], env: dict, log_dir: Path):
        self.name = name
        self.args = args
        self.env = env
        self.log_path = log_dir / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self, ready_marker: str | None = None, **extra_env) -> None:
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", *self.args],
                cwd=BASE_DIR,
                env={**self.env, **extra_env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if ready_marker:
            wait_until(
                lambda: ready_marker in self.log_text(offset) or not self.running,
                timeout=60,
                message=f"{self.name} to start",
            )
            if not self.running:
                pytest.fail(f"{self.name} exited:\n{self.log_text(offset)[-3000:]}")

    def log_text(self, offset: int = 0) -> str:
        if not self.log_path.exists():
            return ""
        with open(self.log_path, "rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", "replace")

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole process group: the main process and its children."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None

    def stop(self) -> None:
        """Warm shutdown; tasks it had taken but not started go back to Redis."""
        if not self.running:
            self.process = None
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
        self.process = None


@pytest.fixture(scope="package")
def redis_server():
    server = start_redis()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def redis(redis_server):
    return redis_lib.Redis.from_url(redis_server.url)


@pytest.fixture(scope="package")
def smtp_server():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def celery_on_redis(redis_server):
    """Tasks queued in this process go to Redis instead of running eagerly."""
    from config.celery import app

    old = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url = redis_server.url
    app.conf.task_always_eager = False
    app._pool = None
    app.amqp._producer_pool = None
    yield app
    app.conf.broker_url, app.conf.task_always_eager = old
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture(scope="package")
def process_env(django_db_setup, redis_server, smtp_server, tmp_path_factory):
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": redis_server.url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "SITE_URL": settings.SITE_URL,
        "LOG_LEVEL": "INFO",
        **FAST_EMAIL,
    }
    return env, tmp_path_factory.mktemp("celery")


@pytest.fixture(scope="package")
def worker(process_env, celery_on_redis):
    env, log_dir = process_env
    process = Process(
        "worker",
        [
            "worker",
            "--concurrency=4",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--hostname=test-worker@%h",
        ],
        env,
        log_dir,
    )
    process.start(ready_marker=" ready.")
    yield process
    process.stop()


@pytest.fixture
def start_beat(process_env):
    """Start one or more beat processes with fast schedules; stopped afterwards."""
    env, log_dir = process_env
    started = []

    def start(**extra_env) -> Process:
        index = len(started)
        process = Process(
            f"beat{index}",
            [
                "beat",
                "--loglevel=INFO",
                f"--schedule={log_dir / f'beat{index}-schedule'}",
                f"--pidfile={log_dir / f'beat{index}.pid'}",
            ],
            env,
            log_dir,
        )
        process.start(ready_marker="beat: Starting", **extra_env)
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()


@pytest.fixture
def mailbox(smtp_server, worker):
    """The SMTP server's record, empty, accepting; the worker up and running."""
    if not smtp_server.listening:
        smtp_server.start()
    smtp_server.mailbox.reset()
    if not worker.running:
        worker.start(ready_marker=" ready.")
    yield smtp_server.mailbox
    smtp_server.mailbox.release()
    if not smtp_server.listening:
        smtp_server.start()
