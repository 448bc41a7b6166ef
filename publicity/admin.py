"""The 公示 and its objections in Wagtail's admin (snippet view sets): editors open a 公示
from the 终审's selection, see the objections per case and record how each was handled."""

from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils import timezone
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from publicity import listing, mail
from publicity.models import Objection, Publicity
from publicity.models.publicity import objection_storage


class PublicityCreateView(CreateView):
    def save_instance(self):
        with transaction.atomic():
            instance = super().save_instance()
            instance.opened_by = self.request.user
            instance.save(update_fields=["opened_by"])
            listing.fill(instance)
        return instance


class PublicityViewSet(SnippetViewSet):
    model = Publicity
    icon = "list-ul"
    menu_label = "公示"
    add_view_class = PublicityCreateView
    list_display = [
        "title",
        "campaign",
        Column("period", label="公示期", accessor="period_label"),
        Column("state", label="状态", accessor="state_label"),
    ]
    list_filter = ["campaign"]


class ObjectionEditView(EditView):
    def save_instance(self):
        before = Objection.objects.values_list("status", flat=True).get(pk=self.object.pk)
        instance = self.form.instance
        changed = instance.status != before
        if changed:
            instance.handled_by = self.request.user
            instance.handled_at = timezone.now()
        with transaction.atomic():
            instance = super().save_instance()
            if changed and instance.status in Objection.FINAL:
                mail.objection_handled(instance)
        return instance


class ObjectionViewSet(SnippetViewSet):
    model = Objection
    icon = "warning"
    menu_label = "异议"
    edit_view_class = ObjectionEditView
    list_display = [
        "__str__",
        Column("publicity", label="公示", accessor="publicity"),
        "status",
        "created_at",
    ]
    list_filter = ["status", "entry__publicity", "entry__case"]
    ordering = ["entry__publicity", "entry__sort_order", "created_at"]

    def get_queryset(self, request):
        return Objection.objects.select_related("entry__case", "entry__publicity")


class PublicityGroup(SnippetViewSetGroup):
    menu_label = "公示与异议"
    menu_icon = "list-ul"
    menu_order = 250
    items = (PublicityViewSet, ObjectionViewSet)


def objection_file(request, name):
    """An objection's attachment: only for those who may see objections."""
    if not request.user.has_perm("publicity.view_objection"):
        raise PermissionDenied
    if not Objection.objects.filter(attachment=name).exists():
        raise Http404
    storage = objection_storage()
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, SuspiciousFileOperation) as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=name.rsplit("/", 1)[-1])
