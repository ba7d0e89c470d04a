"""Which tools to show: one selector (`select_tools`) for the public library, the site
search and the tools next to a patient in the portal."""

import datetime

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Replace

from cms.search_backend import words_only
from register.models import Patient, ProblemAndStrength
from toolslibrary.models import Tool

NATIONAL = "national"
# Words of a query used; longer queries are cut (no error, no slow query).
MAX_QUERY_WORDS = 8
MAX_QUERY_LENGTH = 200


def matching_query(tools: QuerySet[Tool], query: str) -> QuerySet[Tool]:
    """Tools whose title, summary, target groups or dimension tags match every word.

    PostgreSQL: full-text search with the Dutch configuration (stemming, stop words), so
    "valpreventie" finds "Valpreventie bij ouderen". Elsewhere (the SQLite demo) each
    word must occur as a substring (case-insensitive), without stemming. Any text is
    safe: only its words are used (the search backend's `words_only`), long input is cut."""
    words = words_only(query[:MAX_QUERY_LENGTH]).split()[:MAX_QUERY_WORDS]
    if not words:
        return tools
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        # "Somatisch/fysiek" would be one path-like token for the parser: split at "/".
        tags = [
            Replace(name, Value("/"), Value(" "))
            for name in ("target_groups__name", "dimensions__name")
        ]
        vector = SearchVector("title", "summary", *tags, config="dutch")
        search = SearchQuery(" ".join(words), config="dutch", search_type="plain")
        found = Tool.objects.annotate(search=vector).filter(search=search).values("pk")
        return tools.filter(pk__in=found)
    for word in words:
        found = Tool.objects.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(target_groups__name__icontains=word)
            | Q(dimensions__name__icontains=word)
        ).values("pk")
        tools = tools.filter(pk__in=found)
    return tools


def select_tools(
    *, target_group=None, dimension=None, network=None, national_and=None, query: str = ""
) -> QuerySet[Tool]:
    """Tools by target group, dimension tag, curator and search words.

    `network`: only that network's tools (NATIONAL: only national ones);
    `national_and`: national tools plus that network's (a patient's network)."""
    tools = Tool.objects.all()
    if target_group is not None:
        tools = tools.filter(pk__in=Tool.objects.filter(target_groups=target_group).values("pk"))
    if dimension is not None:
        tools = tools.filter(pk__in=Tool.objects.filter(dimensions=dimension).values("pk"))
    if network == NATIONAL:
        tools = tools.filter(network__isnull=True)
    elif network is not None:
        tools = tools.filter(network=network)
    if national_and is not None:
        tools = tools.filter(Q(network__isnull=True) | Q(network=national_and))
    return matching_query(tools, query)


def tools_for_patient(patient: Patient) -> QuerySet[Tool]:
    """National tools and the patient's network's tools for its target group; those
    tagged with a dimension the patient has a recorded problem in come first."""
    problem_in_dimension = ProblemAndStrength.objects.filter(
        patient=patient, sub_field__dimension__tools=OuterRef("pk")
    ).exclude(problem="")
    return (
        select_tools(target_group=patient.target_group, national_and=patient.group.network_id)
        .annotate(matches_problem=Exists(problem_in_dimension))
        .select_related("document")
        .order_by("-matches_problem", "title")
    )


REVIEW_AFTER_DAYS = 365


def tools_due_for_review(networks) -> QuerySet[Tool]:
    """The networks' tools not reviewed for a year (the coordinator's dashboard)."""
    cutoff = datetime.date.today() - datetime.timedelta(days=REVIEW_AFTER_DAYS)
    return Tool.objects.filter(network__in=networks, reviewed_on__lt=cutoff).order_by(
        "reviewed_on", "title"
    )
