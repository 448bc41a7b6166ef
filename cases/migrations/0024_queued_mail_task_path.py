"""Mail queued before cases.notifications moved to cases.mail.notifications still goes:
the task queue keeps each task's import path and imports it when it runs."""

from django.db import migrations

OLD, NEW = "cases.notifications.send_email", "cases.mail.notifications.send_email"


def forwards(apps, schema_editor):
    apps.get_model("django_tasks_database", "DBTaskResult").objects.filter(task_path=OLD).update(
        task_path=NEW
    )


def backwards(apps, schema_editor):
    apps.get_model("django_tasks_database", "DBTaskResult").objects.filter(task_path=NEW).update(
        task_path=OLD
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0023_assignment_due_dates"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
