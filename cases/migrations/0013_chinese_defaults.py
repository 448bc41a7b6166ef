"""Wagtail's default groups and workflow speak English (Editors, Moderators, "Moderators
approval"): the portal's own roles replace the groups, and the workflow for pages other
than cases is named in Chinese and approved by 终审; the tree's root is not called Root."""

from django.db import migrations

DEFAULT_GROUPS = {"Editors": "网站编辑（系统默认）", "Moderators": "网站审核（系统默认）"}
DEFAULT_WORKFLOW = "Moderators approval"
PAGE_WORKFLOW = "页面发布审核"
PAGE_TASK = "终审审核"
APPROVERS = "终审"
ROOT_TITLE = "全部页面"
ROOT_COLLECTION = "全部文件"
SITE_NAME = "社区治理优秀案例征集平台"  # settings.WAGTAIL_SITE_NAME when this was written


def chinese_defaults(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    approvers = Group.objects.filter(name=APPROVERS).first()
    for task in GroupApprovalTask.objects.filter(name=DEFAULT_WORKFLOW):
        task.name = PAGE_TASK
        task.save(update_fields=["name"])
        if approvers is not None:
            task.groups.set([approvers])
    Workflow.objects.filter(name=DEFAULT_WORKFLOW).update(name=PAGE_WORKFLOW)
    # The roots editors see: of the page tree (explorer, breadcrumbs) and of the
    # collections (document and image uploads); and the site, shown by its name.
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name="Root").update(
        name=ROOT_COLLECTION
    )
    apps.get_model("wagtailcore", "Site").objects.filter(site_name="").update(site_name=SITE_NAME)
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title="Root").update(
        title=ROOT_TITLE, draft_title=ROOT_TITLE
    )
    for english, chinese in DEFAULT_GROUPS.items():
        group = Group.objects.filter(name=english).first()
        if group is None:
            continue
        if group.user_set.exists():  # someone relies on it: keep it, in Chinese
            group.name = chinese
            group.save(update_fields=["name"])
        else:
            group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_check_results"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(chinese_defaults, migrations.RunPython.noop)]
