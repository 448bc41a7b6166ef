"""Groups 编辑 / 评审专家 / 终审 with their permissions, and the 优秀案例评审 workflow."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from cases import roles


def _permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _task(apps, model_label, name, **fields):
    ContentType = apps.get_model("contenttypes", "ContentType")
    app_label, model_name = model_label.split(".")
    model = apps.get_model(app_label, model_name)
    content_type, _ = ContentType.objects.get_or_create(
        app_label=app_label, model=model_name.lower()
    )
    task, _ = model.objects.get_or_create(
        name=name, defaults={"content_type": content_type, "active": True, **fields}
    )
    return task


def create_roles_and_workflow(apps, schema_editor):
    # Permissions are normally created after migrations; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    groups = {}
    for name, permissions in roles.MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        # Exactly these: set, not add (Wagtail's own migrations grant every group some).
        group.permissions.set([_permission(apps, a, c) for a, c in permissions])
        GroupCollectionPermission.objects.filter(group=group).delete()
        groups[name] = group

    editors = groups[roles.EDITORS]
    root = Page.objects.filter(depth=1).first()
    for codename in roles.EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors, page=root, permission=_permission(apps, "wagtailcore", codename)
        )
    for codename in roles.APPROVER_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=groups[roles.APPROVERS],
            page=root,
            permission=_permission(apps, "wagtailcore", codename),
        )
    collection = Collection.objects.filter(depth=1).first()
    for app_label, codename in roles.EDITOR_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=editors,
            collection=collection,
            permission=_permission(apps, app_label, codename),
        )

    format_check = _task(apps, "wagtailcore.GroupApprovalTask", roles.TASK_FORMAT_CHECK)
    format_check.groups.add(editors)
    expert_review = _task(apps, "cases.ExpertReviewTask", roles.TASK_EXPERT_REVIEW)
    revision = _task(apps, "wagtailcore.GroupApprovalTask", roles.TASK_REVISION)
    revision.groups.add(editors)
    final = _task(apps, "wagtailcore.GroupApprovalTask", roles.TASK_FINAL)
    final.groups.add(groups[roles.APPROVERS])

    workflow, created = Workflow.objects.get_or_create(
        name=roles.WORKFLOW_NAME, defaults={"active": True}
    )
    if created:
        for order, task in enumerate([format_check, expert_review, revision, final]):
            WorkflowTask.objects.create(workflow=workflow, task_id=task.pk, sort_order=order)


def remove_roles_and_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=roles.WORKFLOW_NAME).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=roles.MODEL_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_expert_review_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(create_roles_and_workflow, remove_roles_and_workflow)]
