"""The events widget on a town's own website: another origin, plain HTML."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser.conftest import assert_accessible
from tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOST_PAGE = """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Stadt Soest</title></head>
<body><main><h1>Stadt Soest</h1>
<div data-konferenzen-widget data-lang="{lang}"></div>
<script src="{site}/static/js/widget.js" defer></script>
</main></body></html>"""


@pytest.fixture
def town_site(live_server):
    """A plain page on another port that embeds the widget, as a town would."""
    pages = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path.split("?")[0], "").encode("utf-8")
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    for lang in ("de", "en"):
        pages[f"/{lang}.html"] = HOST_PAGE.format(lang=lang, site=live_server.url)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize(
    ("lang", "link", "heading"),
    [("de", "Zur Anmeldung", "Anmeldung"), ("en", "Register", "Registration")],
)
def test_widget_on_a_town_site_lists_events_and_leads_to_the_form(
    browser, live_server, town_site, lang, link, heading
):
    event = EventFactory(title="Smart-City-Konferenz Soest")
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto(f"{town_site}/{lang}.html")
    register = page.get_by_role("link", name=f"{link}: {event.full_title}")
    register.wait_for()

    assert page.get_by_role("link", name=event.full_title, exact=True).is_visible()
    assert_accessible(page)
    assert context.cookies(live_server.url) == []
    register.click()
    page.wait_for_url(f"{live_server.url}/**")
    assert page.get_by_role("heading", name=heading, level=1).is_visible()
    context.close()
