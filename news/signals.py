from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from networks.models import Network
from news.sections import editors_group, ensure_network_section


@receiver(post_save, sender=Network)
def create_network_section(sender, instance, created, raw=False, **kwargs):
    if not raw:
        ensure_network_section(instance)


@receiver(m2m_changed, sender=Network.coordinators.through)
def sync_network_editors(sender, instance, action, reverse, pk_set, **kwargs):
    """The editors' group of a network holds exactly its coordinators."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    networks = list(instance.coordinated_networks.all()) if reverse else [instance]
    if reverse and action in {"post_remove", "post_clear"}:
        networks += list(Network.objects.filter(pk__in=pk_set or ()))
    for network in networks:
        editors_group(network).user_set.set(network.coordinators.all())
    if reverse and action == "post_clear":
        for group in instance.groups.filter(name__startswith="Redactie "):
            group.user_set.remove(instance)


def create_sections_under_new_overview(sender, instance, **kwargs):
    """The first time a news overview is published, every network gets its section."""
    from news.sections import ensure_all_network_sections

    ensure_all_network_sections()


def connect_page_signals() -> None:
    from wagtail.signals import page_published

    from news.models import NewsIndexPage

    page_published.connect(
        create_sections_under_new_overview, sender=NewsIndexPage, dispatch_uid="news-sections"
    )
