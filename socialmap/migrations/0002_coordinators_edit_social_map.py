"""Coordinators keep their networks' social map up to date; the admin screens limit them to
their own networks' entries (socialmap/wagtail_hooks.py)."""

from django.db import migrations

from networks.roles import COORDINATORS_GROUP

CODENAMES = ["add_socialmapentry", "change_socialmapentry", "delete_socialmapentry", "view_socialmapentry"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("socialmap")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group, _ = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="socialmap", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    group = Group.objects.filter(name=COORDINATORS_GROUP).first()
    if group:
        group.permissions.remove(*group.permissions.filter(codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("socialmap", "0001_initial"),
        ("networks", "0002_coordinators_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
