"""CORS for the API's reads: any origin may GET /api/v1/, nothing else.

No credentials are allowed across origins (the API reads tokens from a header,
never cookies), so ``*`` is safe; the widget on a town's website relies on it.
"""

PREFIX = "/api/v1/"
READ_METHODS = ("GET", "HEAD")


class ApiCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_api = request.path.startswith(PREFIX)
        if is_api and request.method == "OPTIONS" and _is_preflight(request):
            from django.http import HttpResponse

            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Authorization, If-None-Match"
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
        if is_api and request.method in (*READ_METHODS, "OPTIONS"):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = "ETag, Link"
        return response


def _is_preflight(request) -> bool:
    return "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META
