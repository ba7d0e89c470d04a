"""Coordinators follow up the points of their networks' meetings in the admin
(meetings/wagtail_hooks.py narrows them to their own networks)."""

from django.db import migrations

from networks.roles import COORDINATORS_GROUP

CODENAMES = ["view_finding", "change_finding", "view_attentionpoint", "change_attentionpoint"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("meetings")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group, _ = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="meetings", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    group = Group.objects.filter(name=COORDINATORS_GROUP).first()
    if group:
        group.permissions.remove(*group.permissions.filter(codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0010_findings_followup"),
        ("networks", "0002_coordinators_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
