"""`documentation`: plain text as paragraphs and lists, without trusting any HTML.

Blank lines separate paragraphs; within one, lines starting with "• " or "- "
become the items of a list. Everything is escaped, so text from the admin or the
demo data cannot inject markup.
"""

import re

from django import template
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

BULLET = re.compile(r"^\s*[•-]\s+")
PARAGRAPHS = re.compile(r"\n\s*\n")


def _blocks(paragraph: str):
    """("p", lines) and ("ul", items) in the order they appear."""
    kind, lines = None, []
    for line in paragraph.splitlines():
        if not line.strip():
            continue
        item = BULLET.match(line)
        current = "ul" if item else "p"
        text = line[item.end() :] if item else line.strip()
        if current != kind and lines:
            yield kind, lines
            lines = []
        kind = current
        lines.append(text.strip())
    if lines:
        yield kind, lines


@register.filter(is_safe=True)
def documentation(text: str) -> SafeString:
    parts = []
    for paragraph in PARAGRAPHS.split(str(text or "").replace("\r\n", "\n")):
        for kind, lines in _blocks(paragraph):
            if kind == "ul":
                items = format_html_join("", "<li>{}</li>", ((line,) for line in lines))
                parts.append(f"<ul>{items}</ul>")
            else:
                body = "<br>".join(conditional_escape(line) for line in lines)
                parts.append(f"<p>{body}</p>")
    return mark_safe("\n".join(parts))
