from django.db import migrations, models

from cases.fields.title_order import title_pinyin


def fill(apps, schema_editor):
    """The pages saved before: their titles in pinyin, as a save now keeps them."""
    CasePage = apps.get_model("cases", "CasePage")
    for page in CasePage.objects.only("pk", "title").iterator():
        CasePage.objects.filter(pk=page.pk).update(title_pinyin=title_pinyin(page.title))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0024_queued_mail_task_path"),
    ]

    operations = [
        migrations.AddField(
            model_name="casepage",
            name="title_pinyin",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="标题拼音"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
