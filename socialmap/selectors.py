"""Which social map entries to show: the public search page, the public site search and
the picker next to a patient's involved care providers all use `select_entries`."""

from django.db import connection
from django.db.models import Q, QuerySet

from cms.search_backend import words_only
from socialmap.models import SocialMapEntry

# Words of a query used; longer queries are cut (no error, no slow query).
MAX_QUERY_WORDS = 8
MAX_QUERY_LENGTH = 200
# The picker offers at most this many entries of the group's network.
PICKER_LIMIT = 200


def _kinds_matching(word: str) -> list[str]:
    """Kinds whose Dutch label contains the word ("hospice", "apotheek", "dagopvang")."""
    return [value for value, label in SocialMapEntry.Kind.choices if word in str(label).lower()]


def matching_query(entries: QuerySet[SocialMapEntry], query: str) -> QuerySet[SocialMapEntry]:
    """Entries whose name, place, address, description or kind match every word.

    PostgreSQL: full-text search with the Dutch configuration (stemming), like the tools
    library; elsewhere (the SQLite demo) each word must occur as a substring. A word
    may also name the kind in Dutch. Any text is safe: only its words are used."""
    words = words_only(query[:MAX_QUERY_LENGTH]).split()[:MAX_QUERY_WORDS]
    for word in words:
        by_kind = Q(kind__in=_kinds_matching(word))
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchVector

            vector = SearchVector("name", "place", "address", "description", config="dutch")
            search = SearchQuery(word, config="dutch", search_type="plain")
            found = SocialMapEntry.objects.annotate(search=vector).filter(
                Q(search=search) | by_kind
            )
        else:
            found = SocialMapEntry.objects.filter(
                Q(name__icontains=word)
                | Q(place__icontains=word)
                | Q(address__icontains=word)
                | Q(description__icontains=word)
                | by_kind
            )
        entries = entries.filter(pk__in=found.values("pk"))
    return entries


def select_entries(*, network=None, kind: str = "", query: str = "") -> QuerySet[SocialMapEntry]:
    entries = SocialMapEntry.objects.all()
    if network is not None:
        entries = entries.filter(network=network)
    if kind:
        entries = entries.filter(kind=kind)
    return matching_query(entries, query).select_related("network").order_by("name", "pk")


def entries_for_picker(network) -> QuerySet[SocialMapEntry]:
    """The entries a clinician of a group in `network` may pick as a care provider."""
    return select_entries(network=network)[:PICKER_LIMIT]
