"""The search backend of every search (public site and Wagtail admin): the database
backend, but a query reaches it as words only.

A visitor's quote, bracket or operator ("zorg OR", `"`) would otherwise reach SQLite's
FTS5 query syntax unescaped and fail there (a 500). Words are lower-cased so that FTS5
never reads AND/OR/NOT/NEAR as operators; both databases search case-insensitively.
"""

import copy
import functools
import re

from django.db.models import QuerySet
from modelsearch.query import MATCH_ALL, And, Boost, Fuzzy, Not, Or, Phrase, PlainText
from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend

WORD = re.compile(r"\w+")


def words_only(query):
    """The query with only the words of its texts; "" when no word is left."""
    if isinstance(query, str):
        return " ".join(word.lower() for word in WORD.findall(query))
    if isinstance(query, PlainText | Phrase | Fuzzy):
        text = words_only(query.query_string)
        if not text:
            return ""
        cleaned = copy.copy(query)
        cleaned.query_string = text
        return cleaned
    if isinstance(query, And | Or):
        parts = [part for part in map(words_only, query.subqueries) if part != ""]
        if not parts:
            return ""
        return parts[0] if len(parts) == 1 else type(query)(parts)
    if isinstance(query, Not | Boost):
        inner = words_only(query.subquery)
        if inner == "":
            return ""
        cleaned = copy.copy(query)
        cleaned.subquery = inner
        return cleaned
    return query  # MatchAll and the like carry no text


class _WordsOnly:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        cleaned = words_only(query)
        if cleaned == "" and query != "":
            # Only punctuation: no match, but as real (empty) results of the model, which
            # the admin's listings need (Wagtail's EmptySearchResults has no model).
            if not isinstance(model_or_queryset, QuerySet):
                model_or_queryset = model_or_queryset.objects.all()
            model_or_queryset, cleaned = model_or_queryset.none(), MATCH_ALL
        return super()._search(query_compiler_class, cleaned, model_or_queryset, **kwargs)


@functools.cache
def _words_only_class(backend_class):
    return type(f"WordsOnly{backend_class.__name__}", (_WordsOnly, backend_class), {})


def SearchBackend(params):  # the name Wagtail looks up
    backend = DatabaseSearchBackend(params)
    backend.__class__ = _words_only_class(type(backend))
    return backend
