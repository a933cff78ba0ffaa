"""What a person reads or hears on a page: its text nodes and the attributes that
screen readers announce, without scripts, styles or hidden inputs."""

from html.parser import HTMLParser

SPOKEN_ATTRIBUTES = frozenset({"aria-label", "title", "placeholder", "alt"})


class VisibleText(HTMLParser):
    """Collects `texts`, each with its whitespace collapsed."""

    def __init__(self, attributes=SPOKEN_ATTRIBUTES):
        super().__init__()
        self.attributes = attributes
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._hidden += 1
        if tag == "input" and dict(attrs).get("type") == "hidden":
            return
        self.texts += [
            " ".join(value.split())
            for name, value in attrs
            if name in self.attributes and value and value.strip()
        ]

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def visible_texts(html: str, attributes=SPOKEN_ATTRIBUTES) -> list[str]:
    parser = VisibleText(attributes)
    parser.feed(html)
    return parser.texts
