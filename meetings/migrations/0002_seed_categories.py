"""Default categories for attention points and findings; admins change them in Wagtail."""

from django.db import migrations

CATEGORIES = [
    "Samenwerking en afstemming",
    "Communicatie met patiënt en naasten",
    "Proactieve zorgplanning",
    "Symptoombestrijding en medicatie",
    "Mantelzorg",
    "Organisatie en bereikbaarheid van zorg",
    "Scholing en deskundigheid",
    "Overig",
]


def seed(apps, schema_editor):
    Category = apps.get_model("meetings", "Category")
    for order, name in enumerate(CATEGORIES):
        Category.objects.get_or_create(name=name, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
