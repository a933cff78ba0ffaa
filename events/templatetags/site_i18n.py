from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def path_in_language(context, language: str) -> str:
    """The current page's path (with its query) as served in `language`.

    Given to set_language as `next`, so the switch works whatever language the
    browser's cookie or Accept-Language header names.
    """
    request = context["request"]
    match = request.resolver_match
    if match is None or not match.view_name:
        return request.get_full_path()
    with translation.override(language):
        try:
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return request.get_full_path()
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path
