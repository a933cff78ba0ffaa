"""Health endpoints, the error pages, and the Redis cache that fails soft."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse

from core.cache_backend import FailSoftRedisCache
from core.views import error_page, server_error
from tests.servers import free_port, start_redis

pytestmark = pytest.mark.django_db


@pytest.fixture
def unreachable_redis_url():
    return f"redis://127.0.0.1:{free_port()}/1"


@pytest.fixture
def database_down():
    """The connection points at a port nobody listens on (a stopped server)."""
    connection.close()
    port = connection.settings_dict["PORT"]
    connection.settings_dict["PORT"] = str(free_port())
    yield
    connection.close()
    connection.settings_dict["PORT"] = port


def test_healthz_answers_without_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_each_check_ok():
    response = Client().get(reverse("readyz"))

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
    }


def test_readyz_is_503_when_the_cache_redis_is_down(settings, unreachable_redis_url):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache_backend.FailSoftRedisCache",
            "LOCATION": unreachable_redis_url,
        }
    }

    response = Client().get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error: ConnectionError"
    assert response.json()["checks"]["database"] == "ok"


def test_readyz_is_503_when_the_broker_is_down(unreachable_redis_url):
    from config.celery import app

    old = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.task_always_eager = unreachable_redis_url, False
    app._pool = None
    try:
        response = Client().get("/readyz")
    finally:
        app.conf.broker_url, app.conf.task_always_eager = old
        app._pool = None

    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error: ")


@pytest.mark.django_db(transaction=True)
def test_database_down_gives_503_page_with_retry_after_and_readyz_says_so(
    database_down,
):
    page = Client().get(reverse("events:event_list"))
    ready = Client().get("/readyz")

    assert page.status_code == 503
    assert page["Retry-After"] == "30"
    html = page.content.decode()
    assert 'class="site-header"' in html
    assert "Es ist nichts verloren gegangen" in html
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"] == "error: OperationalError"
    assert Client().get("/healthz").status_code == 200


@pytest.mark.parametrize("status", [400, 403, 404, 500, 503])
def test_error_pages_render_in_the_layout_without_database_or_session(
    status, django_assert_num_queries
):
    request = RequestFactory().get("/en/irgendwo/")

    with django_assert_num_queries(0):
        response = error_page(request, status)

    html = response.content.decode()
    assert response.status_code == status
    assert '<html lang="en">' in html
    assert 'class="site-header"' in html
    assert 'class="site-footer' in html


def test_server_error_for_a_database_outage_is_the_503(rf):
    from django.db import OperationalError

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_unknown_language_on_the_switch_is_a_400_page():
    response = Client().post(reverse("set_language"), {"language": "xx", "next": "/"})

    assert response.status_code == 400
    assert "Diese Anfrage konnten wir nicht lesen" in response.content.decode()


def test_known_language_on_the_switch_still_redirects():
    response = Client().post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_fail_soft_cache_reads_as_empty_while_redis_is_down(unreachable_redis_url):
    cache = FailSoftRedisCache(unreachable_redis_url, {})

    assert cache.get("k", "default") == "default"
    assert cache.add("k", 1) is True
    assert cache.set("k", 1) is None
    assert cache.get_many(["k"]) == {}
    with pytest.raises(ValueError):
        cache.incr("k")
    with pytest.raises(Exception):  # noqa: B017 - ping names the outage
        cache.ping()


def test_fail_soft_cache_is_a_normal_cache_while_redis_is_up():
    server = start_redis()
    try:
        cache = FailSoftRedisCache(server.url, {})
        assert cache.add("k", 1) is True
        assert cache.add("k", 1) is False
        assert cache.incr("k") == 2
        cache.ping()
    finally:
        server.stop()


def test_rate_limit_fails_open_while_the_cache_is_down(
    settings, unreachable_redis_url, caplog
):
    from django_ratelimit.core import is_ratelimited

    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache_backend.FailSoftRedisCache",
            "LOCATION": unreachable_redis_url,
        }
    }
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1")

    limited = [
        is_ratelimited(request, group="g", key="ip", rate="1/m", increment=True)
        for _ in range(3)
    ]

    assert limited == [False, False, False]
    assert "Cache unreachable" in caplog.text
    assert caches["default"].get("anything") is None
