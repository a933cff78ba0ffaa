"""Requests that cannot be served as asked still get one of our pages."""

import logging

from django.core.exceptions import BadRequest
from django.utils.log import log_response

from core.views import bad_request, is_database_outage, service_unavailable

logger = logging.getLogger(__name__)

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


class UndecodableBodyMiddleware:
    """A form body that is not UTF-8 (``charset=latin-1``, ``utf-16``) gets our
    400 page.

    Django refuses such a body with BadRequest when ``request.POST`` is first
    read, but, unlike for a body that is too large, does not mark it unreadable:
    every later read raises again, and its debug page and error reporter read it
    (``ExceptionReporter.get_post_parameters``), which turns the 400 into a 500.
    So the body is read here, once, before any view or CSRF check.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == FORM_CONTENT_TYPE:
            try:
                request.POST  # noqa: B018 - parse now, while we can answer
            except BadRequest as exc:
                # What Django does itself for RequestDataTooBig: later reads
                # of request.POST give an empty QueryDict instead of raising.
                request._mark_post_parse_error()
                response = bad_request(request, exc)
                log_response(
                    "Bad request (undecodable body): %s",
                    request.path,
                    response=response,
                    request=request,
                    exception=exc,
                )
                return response
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers a 503 page with
    Retry-After, rendered without the database. (An outage in another
    middleware reaches handler500, which answers the same.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        logger.warning(
            "Database unreachable (%s): answered 503 for %s %s",
            type(exception).__name__,
            request.method,
            request.path,
        )
        return service_unavailable(request)
