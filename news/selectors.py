from django.db.models import Q

from networks.models import Network
from news.models import NewsPage


def _public_news():
    return NewsPage.objects.live().public().filter(is_public=True)


def latest_public_news(*, limit: int):
    return _public_news().select_related("network").order_by("-date", "-pk")[:limit]


def readable_networks(user):
    """Networks whose members-only news the user may read: the networks of their MDO
    groups, those they coordinate; all for an administrator."""
    if not (user.is_authenticated and getattr(user, "is_verified", lambda: False)()):
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    return Network.objects.filter(
        Q(groups__memberships__user=user) | Q(coordinators=user)
    ).distinct()


def may_read_news(user, news_page: NewsPage) -> bool:
    return news_page.is_public or readable_networks(user).filter(pk=news_page.network_id).exists()


def news_visible_to(user):
    visible = Q(is_public=True)
    if user.is_authenticated:
        visible |= Q(network__in=readable_networks(user))
    return (
        NewsPage.objects.live()
        .public()
        .filter(visible)
        .select_related("network")
        .order_by("-date", "-pk")
    )


def dashboard_news(user, *, limit: int = 5):
    """The latest items of the networks the user works in (members-only and public)."""
    return (
        NewsPage.objects.live()
        .public()
        .filter(network__in=readable_networks(user))
        .select_related("network")
        .order_by("-date", "-pk")[:limit]
    )


def news_awaiting_moderation(networks):
    """News items of the networks' sections submitted to their moderation workflow."""
    from wagtail.models import WorkflowState

    in_progress = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS)
    page_ids = [int(pk) for pk in in_progress.values_list("object_id", flat=True)]
    return NewsPage.objects.filter(pk__in=page_ids, network__in=networks).order_by("title")
