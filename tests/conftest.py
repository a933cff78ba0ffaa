import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.servers import start_postgres

# Playwright's sync API keeps an event loop in this thread; the ORM calls the tests
# make between page actions are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

_postgres = None


def pytest_configure(config):
    """Point the suite at a real PostgreSQL server, started here unless one is given."""
    global _postgres
    from django.conf import settings

    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        _postgres = start_postgres()
        url = _postgres.url
    import environ

    database = environ.Env.db_url_config(url)
    database["ATOMIC_REQUESTS"] = False
    database["CONN_MAX_AGE"] = 0
    settings.DATABASES["default"] = database
    from django.db import connections

    # pytest-django read the database settings before this hook ran: read them again.
    connections.close_all()
    connections.__dict__.pop("settings", None)
    connections._settings = None
    if hasattr(connections._connections, "default"):
        del connections["default"]
    # Worker processes started by integration tests find the test database here.
    os.environ["DATABASE_URL"] = url


def pytest_unconfigure(config):
    if _postgres is not None:
        _postgres.stop()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached pages must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def compiled_locale(tmp_path_factory):
    """locale/ with each .po in the repository compiled by `msgfmt --check` (which
    also validates it), so translation tests see the catalogues as committed,
    not whatever .mo a developer last built."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is needed (scripts/system-packages installs it)"
    source = Path(django_settings.BASE_DIR) / "locale"
    root = tmp_path_factory.mktemp("locale")
    for po in sorted(source.glob("*/LC_MESSAGES/django.po")):
        target = root / po.parent.relative_to(source)
        target.mkdir(parents=True)
        result = subprocess.run(
            [msgfmt, "--check", "-o", str(target / "django.mo"), str(po)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    return root
