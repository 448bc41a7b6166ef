"""Editors (编辑) open 公示, handle objections and see who raised them; nobody else does."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "编辑"
CODENAMES = [
    "view_publicity",
    "add_publicity",
    "change_publicity",
    "view_objection",
    "change_objection",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("publicity")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=EDITORS).first()
    if group is None:
        return
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="publicity", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=EDITORS).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="publicity", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("publicity", "0001_initial"),
        ("cases", "0007_roles_and_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
