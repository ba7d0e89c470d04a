"""National register configuration is for administrators (issue 10): coordinators keep
only the view permission on target groups, dimensions and disciplines. The admin's
permission policy (register/wagtail_hooks.py) refuses them any change regardless."""

from django.db import migrations

from networks.roles import COORDINATORS_GROUP

MODELS = ["targetgroup", "dimension", "discipline"]
CHANGES = [f"{action}_{model}" for action in ("add", "change", "delete") for model in MODELS]


def revoke_changes(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    group = Group.objects.filter(name=COORDINATORS_GROUP).first()
    if group:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="register", codename__in=CHANGES)
        )


def grant_changes(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group = Group.objects.filter(name=COORDINATORS_GROUP).first()
    if group:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="register",
                codename__in=[c for c in CHANGES if not c.startswith("delete_")],
            )
        )


class Migration(migrations.Migration):
    dependencies = [("register", "0003_coordinator_permissions")]

    operations = [migrations.RunPython(revoke_changes, grant_changes)]
