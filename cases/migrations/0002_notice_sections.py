from django.db import migrations

# The four sections (篇) named in the notice, in its order; frozen here, so that later
# edits to the sections (by editors, in the admin) never change what this migration does.
NOTICE_SECTIONS = [
    ("生活服务篇", "life-service", "社区生活服务类社会组织参与社区治理的案例"),
    ("慈善公益篇", "charity", "社区慈善公益类社会组织参与社区治理的案例"),
    ("社区自治篇", "self-governance", "居民自治、业委会、楼组与社区文体团队参与社区治理的案例"),
    ("矛盾调处与帮困帮教篇", "mediation", "专业调处、帮困帮教类社会力量参与社区治理的案例"),
]


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
