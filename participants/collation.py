"""People in German order, and names found without their accents: one rule each.

Order (DIN 5007-1, the dictionary rule German participant lists use): ä, ö, ü
count as a, o, u and ß as ss; a name with an umlaut comes right after the same
name without it (Abel, Äbel, Abeln). Other accents and letters such as ı, ł or ø
count as their base letter, so Öztürk stands under O, before Yılmaz. Particles in
front of the family name (``PARTICLES``: von, van, de, zu, von der, van den …)
are left out of the order, as the Duden and most German lists do: "von
Hohenlimburg" stands under H. Lists still print the name as written.

In the database, ``in_german_order(queryset)`` orders by ``GermanSortKey``:
PostgreSQL removes the particle with ``regexp_replace`` and compares with its ICU
collation ``de-x-icu`` (CLDR's German, which is DIN 5007-1); SQLite (``make
run``) calls ``sort_key_text`` registered as an SQL function. Lists sorted in
memory use ``sort_key``; a test checks that PostgreSQL and ``sort_key`` agree.

Search: ``fold`` turns text into lower-case letters without accents ("Öztürk" →
"ozturk", "ß" → "ss"); a stored name also matches in its spelled-out form
("Müller" → "mueller"), so "muller", "mueller" and "müller" all find Müller.
``matching(queryset, text, fields)`` compares ``fold`` of each word with
``Folded`` fields: PostgreSQL runs ``translate()``/``replace()`` over the table
``FOLD_TABLE`` that is computed from ``fold`` itself, SQLite calls ``fold``. No
stored copy of the names to keep in step, and no database extension.
"""

import re
import unicodedata
from functools import cache, reduce

from django.db.models import F, Func, Q, QuerySet, TextField, Value

ICU_COLLATION = "de-x-icu"

# A leading particle (and what may follow it: "von und zu", "van der") in front
# of the family name; the same pattern in Python and in PostgreSQL.
PARTICLES = (
    r"^(von|vom|van|zu|zum|zur|ten|ter|de)"
    r"([[:space:]]+(und|zu|der|den|dem|de|la|van|von))*[[:space:]]+"
)
_PARTICLES = re.compile(PARTICLES.replace("[[:space:]]", r"\s"), re.IGNORECASE)

# Letters NFKD does not take apart, and what they count as.
_BASE_LETTERS = {
    "ı": "i",
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "ŧ": "t",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
}
_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}


def fold(text: str) -> str:
    """Lower case without accents: "Öztürk-Schäfer" → "ozturk-schafer"."""
    letters = unicodedata.normalize("NFKD", text.casefold())
    return "".join(
        _BASE_LETTERS.get(ch, ch) for ch in letters if not unicodedata.combining(ch)
    )


def spelled_out(text: str) -> str:
    """Umlauts as two letters: "Müller" → "Mueller"."""
    return "".join(_UMLAUTS.get(ch, ch) for ch in text)


def without_particle(last_name: str) -> str:
    """The family name as it is sorted: "von Hohenlimburg" → "Hohenlimburg"."""
    return _PARTICLES.sub("", last_name.strip(), count=1)


def sort_key_text(text: str | None) -> str:
    """The primary sort key of one name (SQLite's ``german_sort_key``)."""
    return fold(without_particle(text or ""))


def sort_key(last_name: str, first_name: str = "", pk: int = 0) -> tuple:
    """Key for a list of people sorted in memory, the same order as the database."""
    return (
        sort_key_text(last_name),
        sort_key_text(first_name),
        last_name,
        first_name,
        pk,
    )


@cache
def fold_table() -> tuple[str, str, dict[str, str]]:
    """(from, to, {letter: several letters}) that makes SQL do what ``fold`` does
    for Latin letters; combining accents are in ``from`` without a partner, so
    ``translate()`` drops them."""
    source, target, several = [], [], {}
    ranges = ((0x41, 0x5A), (0xC0, 0x24F), (0x1E00, 0x1EFF))
    for first, last in ranges:
        for code in range(first, last + 1):
            letter = chr(code)
            folded = fold(letter)
            if folded == letter or unicodedata.category(letter) == "Cn":
                continue
            if len(folded) == 1:
                source.append(letter)
                target.append(folded)
            elif folded:
                several[letter] = folded
    dropped = [chr(code) for code in range(0x300, 0x370)]
    return "".join(source) + "".join(dropped), "".join(target), several


def _register_sqlite_functions(connection) -> None:
    connection.ensure_connection()
    raw = connection.connection
    raw.create_function("german_sort_key", 1, sort_key_text, deterministic=True)
    raw.create_function("people_fold", 1, lambda t: fold(t or ""), deterministic=True)
    raw.create_function(
        "people_fold_spelled",
        1,
        lambda t: fold(spelled_out(t or "")),
        deterministic=True,
    )


class GermanSortKey(Func):
    """A name as it sorts in a German list (see the module's docstring)."""

    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        (expression,) = self.get_source_expressions()
        stripped = Func(
            expression,
            Value(PARTICLES),
            Value(""),
            Value("i"),
            function="regexp_replace",
            output_field=TextField(),
        )
        sql, params = compiler.compile(stripped)
        return f'({sql}) COLLATE "{ICU_COLLATION}"', params

    def as_sql(self, compiler, connection, **extra):
        _register_sqlite_functions(connection)
        return super().as_sql(compiler, connection, function="german_sort_key")


class Folded(Func):
    """A text column as ``fold`` (or, spelled_out=True, ``fold(spelled_out())``)
    would give it."""

    output_field = TextField()

    def __init__(self, expression, *, spelled_out: bool = False):
        super().__init__(expression)
        self.spelled_out = spelled_out

    def as_postgresql(self, compiler, connection, **extra):
        (expression,) = self.get_source_expressions()
        expression = Func(expression, function="lower", output_field=TextField())
        if self.spelled_out:
            for letter, letters in _UMLAUTS.items():
                expression = _replace(expression, letter, letters.lower())
        source, target, several = fold_table()
        expression = reduce(
            lambda inner, item: _replace(inner, *item), several.items(), expression
        )
        translated = Func(
            expression,
            Value(source),
            Value(target),
            function="translate",
            output_field=TextField(),
        )
        return compiler.compile(translated)

    def as_sql(self, compiler, connection, **extra):
        _register_sqlite_functions(connection)
        function = "people_fold_spelled" if self.spelled_out else "people_fold"
        return super().as_sql(compiler, connection, function=function)


def _replace(expression, old: str, new: str) -> Func:
    return Func(
        expression,
        Value(old),
        Value(new),
        function="replace",
        output_field=TextField(),
    )


def in_german_order(
    queryset: QuerySet, *, last_name: str = "last_name", first_name: str = "first_name"
) -> QuerySet:
    """``queryset`` of people ordered by family name, then first name, German
    style; the field names may point through a relation ("registration__last_name").
    """
    return queryset.order_by(
        GermanSortKey(F(last_name)),
        GermanSortKey(F(first_name)),
        last_name,
        first_name,
        "pk",
    )


def matching(queryset: QuerySet, text: str, fields: tuple[str, ...]) -> QuerySet:
    """The rows of ``queryset`` where every word of ``text`` is in one of ``fields``,
    accents, case and spelled-out umlauts aside."""
    words = text.split()
    if not words:
        return queryset.none()
    aliases = {}
    for field in fields:
        aliases[f"folded_{field}"] = Folded(F(field))
        aliases[f"spelled_{field}"] = Folded(F(field), spelled_out=True)
    queryset = queryset.alias(**aliases)
    for word in words:
        variants = {fold(word), fold(spelled_out(word))}
        condition = Q()
        for alias in aliases:
            for variant in variants:
                condition |= Q(**{f"{alias}__contains": variant})
        queryset = queryset.filter(condition)
    return queryset
