from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from networks.models import Network
from networks.roles import COORDINATORS_GROUP
from networks.selectors import coordinator_cache_key


@receiver(m2m_changed, sender=Network.coordinators.through)
def sync_coordinators_group(sender, instance, action, reverse, pk_set, **kwargs):
    """Whoever coordinates at least one network is in the coordinators' Django group
    (which opens the Wagtail admin), and nobody else."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    from accounts.models import User

    group, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    if reverse:
        users = [instance]
    elif pk_set:
        users = list(User.objects.filter(pk__in=pk_set))
    else:
        users = list(group.user_set.all())
    for user in users:
        cache.delete(coordinator_cache_key(user.pk))
        if user.coordinated_networks.exists():
            user.groups.add(group)
        else:
            user.groups.remove(group)
