from django.db import migrations

from cases.sections import NOTICE_SECTIONS


def create_sections(apps, schema_editor):
    CaseCategory = apps.get_model("cases", "CaseCategory")
    for order, (name, slug, description) in enumerate(NOTICE_SECTIONS, start=1):
        CaseCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )


def remove_sections(apps, schema_editor):
    CaseCategory = apps.get_model("cases", "CaseCategory")
    CaseCategory.objects.filter(slug__in=[slug for _, slug, _ in NOTICE_SECTIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(create_sections, remove_sections)]
