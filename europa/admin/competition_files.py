"""Competition files from the admin: Export downloads a competition, results included, as
the file load_competition reads; Import loads such a file. The same format and loader as
manage.py export_competition / load_competition (competition_file.py), and the same promise:
a file creates what is missing, never overwrites, and a bad one changes nothing."""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from europa import competition_file


class CompetitionFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Competition file"),
        help_text=gettext_lazy("A .toml file, as Export or manage.py export_competition "
                               "writes it, or a draw such as europa-league-2023-24.toml."),
    )


def download(competition):
    response = HttpResponse(
        competition_file.dump(competition), content_type="application/toml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{competition.slug}.toml"'
    return response


class CompetitionFilesMixin:
    """CompetitionAdmin's Export (an action, and a button on the change page) and its
    Import page (a button on the list)."""

    change_list_template = "admin/europa/competition/change_list.html"
    change_form_template = "admin/europa/competition/change_form.html"
    actions = ["export_file"]

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view),
                 name="europa_competition_import"),
            path("<path:object_id>/export/", self.admin_site.admin_view(self.export_view),
                 name="europa_competition_export"),
            *super().get_urls(),
        ]

    @admin.action(description=gettext_lazy("Export as a competition file"), permissions=["view"])
    def export_file(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Pick one competition to export: one file each."), messages.WARNING)
            return None
        return download(queryset.get())

    def export_view(self, request, object_id):
        competition = self.get_object(request, object_id)
        if competition is None:
            raise Http404("No such competition.")
        if not self.has_view_permission(request, competition):
            raise PermissionDenied
        return download(competition)

    def import_view(self, request):
        # Loading creates competitions (and their teams): the same right as adding one.
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = CompetitionFileForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                # One byte more than a file may have is enough to know it is too big.
                data = competition_file.parse(upload.read(competition_file.MAX_FILE_BYTES + 1), upload.name)
                report = competition_file.load(data)
            except competition_file.CompetitionFileError as error:
                form.add_error("file", _("Nothing was loaded. %(why)s") % {"why": error})
            else:
                self.message_user(request, f"{upload.name}: {report}", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:europa_competition_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a competition file"),
            "form": form,
        }
        return TemplateResponse(request, "admin/europa/competition/import.html", context)
