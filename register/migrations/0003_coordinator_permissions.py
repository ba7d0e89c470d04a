"""Coordinators edit register settings in the Wagtail admin (SPEC §4): target groups with
their scales, dimensions with sub-fields, disciplines. No permission touches patients."""

from django.db import migrations

from networks.roles import COORDINATORS_GROUP

MODELS = ["targetgroup", "dimension", "discipline"]
ACTIONS = ["add", "change", "view"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; create them now.
    app_config = apps.get_app_config("register")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group, _ = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="register",
            content_type__model__in=MODELS,
            codename__in=[f"{action}_{model}" for action in ACTIONS for model in MODELS],
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    group = Group.objects.filter(name=COORDINATORS_GROUP).first()
    if group:
        group.permissions.remove(*group.permissions.filter(content_type__app_label="register"))


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0002_seed_configuration"),
        ("networks", "0002_coordinators_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
