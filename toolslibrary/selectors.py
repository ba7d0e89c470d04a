from django.db.models import Exists, OuterRef, Q, QuerySet

from register.models import Patient, ProblemAndStrength
from toolslibrary.models import Tool


def tools_for_patient(patient: Patient) -> QuerySet[Tool]:
    """National tools and the patient's network's tools for its target group; those
    tagged with a dimension the patient has a recorded problem in come first."""
    problem_in_dimension = ProblemAndStrength.objects.filter(
        patient=patient, sub_field__dimension__tools=OuterRef("pk")
    ).exclude(problem="")
    return (
        Tool.objects.filter(target_groups=patient.target_group)
        .filter(Q(network__isnull=True) | Q(network_id=patient.group.network_id))
        .annotate(matches_problem=Exists(problem_in_dimension))
        .select_related("document")
        .order_by("-matches_problem", "title")
    )  # no DISTINCT needed: one target group joins each tool at most once


REVIEW_AFTER_DAYS = 365


def tools_due_for_review(networks) -> QuerySet[Tool]:
    """The networks' tools not reviewed for a year (the coordinator's dashboard)."""
    import datetime

    cutoff = datetime.date.today() - datetime.timedelta(days=REVIEW_AFTER_DAYS)
    return Tool.objects.filter(network__in=networks, reviewed_on__lt=cutoff).order_by(
        "reviewed_on", "title"
    )
