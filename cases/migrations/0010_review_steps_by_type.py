"""Review steps known by their task types, and the outcome of 终审 kept outside the page.

- 形式审查, 复核修改 and 终审 become tasks of their own types (they were plain group
  approval tasks, found by name); the expert review step gets the experts' group.
- selected_for_compilation and decision_note move from CasePage (where publishing or
  reverting an older revision overwrote them) to Decision.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Q

# Frozen: the names migration 0007 gave the tasks and the experts' group.
TASK_TYPES = {"形式审查": "formatchecktask", "复核修改": "revisiontask", "终审": "finalapprovaltask"}
EXPERTS = "评审专家"


def _retype(apps, schema_editor, tasks, model):
    """Give group tasks another type. Each keeps its id, and so its place in workflows
    and its task states: its row moves from its type's table to the new type's."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("wagtailcore", "Task")
    meta = model._meta
    content_type, _ = ContentType.objects.get_or_create(
        app_label=meta.app_label, model=meta.model_name
    )
    for old in list(tasks):
        groups = list(old.groups.all())
        old.groups.clear()
        type(old).objects.filter(pk=old.pk)._raw_delete(schema_editor.connection.alias)
        new = model(task_ptr_id=old.pk, name=old.name, active=old.active, content_type=content_type)
        new.save_base(raw=True)  # the Task row is already there
        new.groups.set(groups)
        Task.objects.filter(pk=old.pk).update(content_type=content_type)


def forwards(apps, schema_editor):
    CasePage = apps.get_model("cases", "CasePage")
    Decision = apps.get_model("cases", "Decision")
    decided = CasePage.objects.filter(Q(selected_for_compilation=True) | ~Q(decision_note=""))
    for pk, selected, note in decided.values_list(
        "pk", "selected_for_compilation", "decision_note"
    ):
        Decision.objects.create(case_id=pk, selected=selected, note=note)

    group_task = apps.get_model("wagtailcore", "GroupApprovalTask")
    for name, model_name in TASK_TYPES.items():
        tasks = group_task.objects.filter(name=name)
        _retype(apps, schema_editor, tasks, apps.get_model("cases", model_name))

    Group = apps.get_model("auth", "Group")
    experts = Group.objects.filter(name=EXPERTS).first()
    if experts is not None:
        for task in apps.get_model("cases", "ExpertReviewTask").objects.all():
            task.groups.add(experts)


def backwards(apps, schema_editor):
    group_task = apps.get_model("wagtailcore", "GroupApprovalTask")
    for model_name in TASK_TYPES.values():
        tasks = apps.get_model("cases", model_name).objects.all()
        _retype(apps, schema_editor, tasks, group_task)
    CasePage = apps.get_model("cases", "CasePage")
    for decision in apps.get_model("cases", "Decision").objects.all():
        CasePage.objects.filter(pk=decision.case_id).update(
            selected_for_compilation=decision.selected, decision_note=decision.note
        )


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('cases', '0009_compilation'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='expertreviewtask',
            name='groups',
            field=models.ManyToManyField(help_text='Pages/snippets at this step in a workflow will be moderated or approved by these groups of users', to='auth.group', verbose_name='groups'),
        ),
        migrations.CreateModel(
            name='Decision',
            fields=[
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='decision', serialize=False, to='cases.casepage', verbose_name='案例')),
                ('selected', models.BooleanField(default=False, verbose_name='入选汇编')),
                ('note', models.TextField(blank=True, verbose_name='终审意见')),
                ('decided_at', models.DateTimeField(auto_now=True, verbose_name='决定时间')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='决定人')),
            ],
            options={
                'verbose_name': '终审结果',
                'verbose_name_plural': '终审结果',
            },
        ),
        migrations.CreateModel(
            name='FinalApprovalTask',
            fields=[
                ('task_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.task')),
                ('groups', models.ManyToManyField(help_text='Pages/snippets at this step in a workflow will be moderated or approved by these groups of users', to='auth.group', verbose_name='groups')),
            ],
            options={
                'verbose_name': '终审任务',
                'verbose_name_plural': '终审任务',
            },
            bases=('wagtailcore.task',),
        ),
        migrations.CreateModel(
            name='FormatCheckTask',
            fields=[
                ('task_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.task')),
                ('groups', models.ManyToManyField(help_text='Pages/snippets at this step in a workflow will be moderated or approved by these groups of users', to='auth.group', verbose_name='groups')),
            ],
            options={
                'verbose_name': '形式审查任务',
                'verbose_name_plural': '形式审查任务',
            },
            bases=('wagtailcore.task',),
        ),
        migrations.CreateModel(
            name='RevisionTask',
            fields=[
                ('task_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.task')),
                ('groups', models.ManyToManyField(help_text='Pages/snippets at this step in a workflow will be moderated or approved by these groups of users', to='auth.group', verbose_name='groups')),
            ],
            options={
                'verbose_name': '复核修改任务',
                'verbose_name_plural': '复核修改任务',
            },
            bases=('wagtailcore.task',),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(
            model_name='casepage',
            name='decision_note',
        ),
        migrations.RemoveField(
            model_name='casepage',
            name='selected_for_compilation',
        ),
    ]
