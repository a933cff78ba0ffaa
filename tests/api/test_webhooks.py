"""Webhooks against a real HTTP receiver in the test process."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from api.models import WebhookDelivery, WebhookEndpoint
from api.webhooks.delivery import deliver
from api.webhooks.queue import requeue_due
from api.webhooks.signing import is_valid
from participants import services
from participants.models import Registration
from tests.factories import EventFactory, RegistrationFactory
from tests.servers import free_port

pytestmark = pytest.mark.django_db


class Receiver:
    """A webhook receiver on a fixed port that can be stopped and started."""

    def __init__(self):
        self.port = free_port()
        self.requests = []
        self.status = 200
        self.server = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.stop()


@pytest.fixture
def pending(receiver):
    event = EventFactory()
    endpoint = WebhookEndpoint.objects.create(
        project=event.host_project, url=receiver.url
    )
    registration = RegistrationFactory(
        event=event,
        status=Registration.Status.PENDING,
        confirmed_at=None,
        hold_expires_at=timezone.now() + timedelta(hours=1),
    )
    return endpoint, registration


def test_a_confirmation_delivers_one_signed_request(
    receiver, pending, django_capture_on_commit_callbacks
):
    endpoint, registration = pending
    receiver.start()

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_registration(registration=registration)

    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    assert is_valid(
        secret=endpoint.secret, body=body, header=headers["X-Webhook-Signature"]
    )
    payload = json.loads(body)
    delivery = WebhookDelivery.objects.get()
    assert payload["id"] == str(delivery.delivery_id) == headers["X-Webhook-Id"]
    assert payload["type"] == "registration.confirmed"
    assert payload["created"]
    assert payload["data"]["registration"]["id"] == registration.pk
    assert delivery.status == WebhookDelivery.Status.SENT


def test_receiver_down_then_up_delivers_exactly_once(
    receiver, pending, django_capture_on_commit_callbacks
):
    _endpoint, registration = pending

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_registration(registration=registration)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.next_attempt_at > timezone.now()

    receiver.start()
    later = delivery.next_attempt_at + timedelta(hours=1)
    assert requeue_due(now=later) == 1
    assert requeue_due(now=later) == 0
    assert deliver(delivery_id=delivery.pk).status == "skipped"

    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.SENT
    assert len(receiver.requests) == 1


def test_a_410_disables_the_hook(receiver, pending, django_capture_on_commit_callbacks):
    endpoint, registration = pending
    receiver.status = 410
    receiver.start()

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_registration(registration=registration)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(registration=registration)

    endpoint.refresh_from_db()
    assert endpoint.is_active is False
    assert len(receiver.requests) == 1
    assert list(WebhookDelivery.objects.values_list("status", flat=True)) == ["failed"]


def test_retries_stop_after_a_day(receiver, pending, settings):
    _endpoint, registration = pending
    receiver.status = 500
    receiver.start()
    services.confirm_registration(registration=registration)
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        created_at=timezone.now() - timedelta(days=1)
    )

    assert deliver(delivery_id=delivery.pk).status == "failed"
    assert len(receiver.requests) == 1
