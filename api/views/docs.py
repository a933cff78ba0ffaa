"""The OpenAPI schema and a documentation page rendered from it on the server.

Swagger UI and Redoc would need their scripts from a CDN or vendored bundles;
a page of our own needs neither and keeps the site's strict CSP.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator

from api.models import Scope, WebhookEvent

METHODS = ("get", "post", "put", "patch", "delete")


def schema_dict(request=None) -> dict:
    return SchemaGenerator().get_schema(request=request, public=True)


class DocsView(TemplateView):
    template_name = "api/docs.html"

    def get_context_data(self, **kwargs):
        schema = schema_dict()
        operations = []
        for path, item in schema["paths"].items():
            for method in METHODS:
                operation = item.get(method)
                if operation is None:
                    continue
                operations.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": operation.get("description", "").strip(),
                        "parameters": operation.get("parameters", []),
                        "needs_token": {} not in operation.get("security", [{}]),
                    }
                )
        return {
            **super().get_context_data(**kwargs),
            "title": _("Schnittstelle (API)"),
            "schema_url": reverse("api:schema"),
            "info": schema["info"],
            "operations": operations,
            "scopes": Scope.choices,
            "webhook_events": WebhookEvent.choices,
        }
