from django.db import migrations


def name_the_site(apps, schema_editor):
    """The admin's dashboard and listings show the site's name ("localhost" without one)."""
    Site = apps.get_model("wagtailcore", "Site")
    Site.objects.filter(site_name="").update(site_name="MDO-portaal")


class Migration(migrations.Migration):
    dependencies = [("cms", "0003_applicationpage_contactmessage_contactpage_and_more")]

    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
