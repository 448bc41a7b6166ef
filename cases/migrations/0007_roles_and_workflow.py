"""Groups 编辑 / 评审专家 / 终审 with their permissions, and the 优秀案例评审 workflow."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here: what this migration creates must not change when the live code does.
EDITORS = "编辑"
EXPERTS = "评审专家"
APPROVERS = "终审"
WORKFLOW_NAME = "优秀案例评审"
TASK_FORMAT_CHECK = "形式审查"
TASK_EXPERT_REVIEW = "专家评审"
TASK_REVISION = "复核修改"
TASK_FINAL = "终审"

# Model permissions per group, as (app_label, codename).
MODEL_PERMISSIONS = {
    EDITORS: [
        ("wagtailadmin", "access_admin"),
        ("cases", "view_organization"),
        ("cases", "add_organization"),
        ("cases", "change_organization"),
        ("cases", "view_application"),
        ("cases", "change_application"),
        ("cases", "view_casecategory"),
        ("cases", "change_casecategory"),
        ("cases", "view_expertprofile"),
        ("cases", "add_expertprofile"),
        ("cases", "change_expertprofile"),
        ("cases", "view_conflict"),
        ("cases", "add_conflict"),
        ("cases", "change_conflict"),
        ("cases", "delete_conflict"),
        ("cases", "view_assignment"),
        ("cases", "add_assignment"),
        ("cases", "delete_assignment"),
        ("cases", "view_review"),
        ("cases", "view_rankings"),
    ],
    EXPERTS: [
        ("wagtailadmin", "access_admin"),
        ("cases", "add_review"),
    ],
    APPROVERS: [
        ("wagtailadmin", "access_admin"),
        ("cases", "view_review"),
        ("cases", "view_rankings"),
    ],
}
# Page permissions on the whole tree, and image/document permissions, for editors.
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
# Final approval publishes: Wagtail lets a moderator act on a page only with a page
# permission, and publishing (without editing) is exactly the approvers' role.
APPROVER_PAGE_PERMISSIONS = ["publish_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    ("cases", "add_caseimage"),
    ("cases", "change_caseimage"),
    ("cases", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]



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
    for name, permissions in MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        # Exactly these: set, not add (Wagtail's own migrations grant every group some).
        group.permissions.set([_permission(apps, a, c) for a, c in permissions])
        GroupCollectionPermission.objects.filter(group=group).delete()
        groups[name] = group

    editors = groups[EDITORS]
    root = Page.objects.filter(depth=1).first()
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors, page=root, permission=_permission(apps, "wagtailcore", codename)
        )
    for codename in APPROVER_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=groups[APPROVERS],
            page=root,
            permission=_permission(apps, "wagtailcore", codename),
        )
    collection = Collection.objects.filter(depth=1).first()
    for app_label, codename in EDITOR_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=editors,
            collection=collection,
            permission=_permission(apps, app_label, codename),
        )

    format_check = _task(apps, "wagtailcore.GroupApprovalTask", TASK_FORMAT_CHECK)
    format_check.groups.add(editors)
    expert_review = _task(apps, "cases.ExpertReviewTask", TASK_EXPERT_REVIEW)
    revision = _task(apps, "wagtailcore.GroupApprovalTask", TASK_REVISION)
    revision.groups.add(editors)
    final = _task(apps, "wagtailcore.GroupApprovalTask", TASK_FINAL)
    final.groups.add(groups[APPROVERS])

    workflow, created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    if created:
        for order, task in enumerate([format_check, expert_review, revision, final]):
            WorkflowTask.objects.create(workflow=workflow, task_id=task.pk, sort_order=order)


def remove_roles_and_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=MODEL_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_expert_review_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(create_roles_and_workflow, remove_roles_and_workflow)]
