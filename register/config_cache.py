"""A cache for the national register configuration (target groups, scales, dimensions,
sub-fields): read on every patient page, changed a few times a year in the admin.

Every change to those models bumps one generation number, so all cached entries are
stale at once; entries also expire after five minutes as a safety net.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

GENERATION_KEY = "register-config:generation"
TIMEOUT = 300


def cached(name: str, build):
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY) or 1
    key = f"register-config:{generation}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def config_changed(**kwargs) -> None:
    # After commit: a request reading the old rows in between would otherwise cache
    # them under the new generation.
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet: nothing cached under a generation either
        cache.add(GENERATION_KEY, 1, timeout=None)


def connect_signals() -> None:
    from register.models import Dimension, PrognosisOption, SubField, TargetGroup, UrgencyOption

    for model in (TargetGroup, PrognosisOption, UrgencyOption, Dimension, SubField):
        post_save.connect(config_changed, sender=model, dispatch_uid=f"config-save-{model}")
        post_delete.connect(config_changed, sender=model, dispatch_uid=f"config-del-{model}")
    for through in (Dimension.target_groups.through, SubField.target_groups.through):
        m2m_changed.connect(config_changed, sender=through, dispatch_uid=f"config-m2m-{through}")
