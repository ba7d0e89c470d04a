"""Follow-up of the points that reach a network: bottlenecks, learning points, education
needs (meetings.Finding) and attention points. Once the meeting is closed the network's
coordinator gives each a status and a short response; the group sees both.

Reads and the one write live here (a small module beside selectors.py/services.py, so
the rule — own networks only — is in one place)."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from meetings.models import AttentionPoint, Finding, FollowUp, Meeting
from networks.models import Network

OPEN_STATUSES = [FollowUp.Status.NEW, FollowUp.Status.TAKEN_UP, FollowUp.Status.DISCUSSED]


def coordinated_networks(user) -> QuerySet[Network]:
    if user.is_superuser:
        return Network.objects.all()
    return Network.objects.filter(coordinators=user)


def findings_reaching(networks) -> QuerySet[Finding]:
    return Finding.objects.filter(
        meeting__status=Meeting.Status.CLOSED, meeting__group__network__in=networks
    )


def attention_points_reaching(networks) -> QuerySet[AttentionPoint]:
    return AttentionPoint.objects.filter(
        agenda_item__meeting__status=Meeting.Status.CLOSED,
        agenda_item__meeting__group__network__in=networks,
    )


def findings_for_coordinator(user) -> QuerySet[Finding]:
    return findings_reaching(coordinated_networks(user))


def attention_points_for_coordinator(user) -> QuerySet[AttentionPoint]:
    return attention_points_reaching(coordinated_networks(user))


def open_bottlenecks(networks) -> QuerySet[Finding]:
    return findings_reaching(networks).filter(
        kind=Finding.Kind.BOTTLENECK, followup_status__in=OPEN_STATUSES
    )


def followups_for_group(group, *, limit: int = 20, before=None) -> dict:
    """What the network answered to the group's points (its meetings page): only points
    with a status beyond "new" or a response; texts as the group wrote them.
    `before`: only points of meetings that started before then (a later meeting's view)."""
    answered = ~Q(followup_status=FollowUp.Status.NEW) | ~Q(followup_response="")
    findings_before = Q(meeting__starts_at__lt=before) if before else Q()
    points_before = Q(agenda_item__meeting__starts_at__lt=before) if before else Q()
    findings = (
        Finding.objects.filter(meeting__group=group, meeting__status=Meeting.Status.CLOSED)
        .filter(answered, findings_before)
        .select_related("meeting", "category")
        .order_by("-followup_updated_at", "-pk")[:limit]
    )
    points = (
        AttentionPoint.objects.filter(
            agenda_item__meeting__group=group,
            agenda_item__meeting__status=Meeting.Status.CLOSED,
        )
        .filter(answered, points_before)
        .select_related("category")
        .order_by("-followup_updated_at", "-pk")[:limit]
    )
    return {"findings": list(findings), "attention_points": list(points)}


def set_followup(item: FollowUp, *, status: str, response: str) -> FollowUp:
    """The coordinator's write (callers check the network through the permission policy)."""
    item.followup_status = status
    item.followup_response = response.strip()
    item.followup_updated_at = timezone.now()
    item.save(update_fields=["followup_status", "followup_response", "followup_updated_at"])
    return item
