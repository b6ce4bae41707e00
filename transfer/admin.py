"""Import (with a dry-run preview), export and templates in the admin, and the batch pages.

``TransferAdminMixin`` adds three pages to a model admin — import, export and
template — which call the same ``run_import`` / ``export_table`` as the
command line. The preview is a real run inside a rolled-back transaction, so
its create/update/skip counts and errors are exactly what the confirmed
import will do. Both run as jobs (``transfer.tasks``): the request stores the
upload and queues the work, the page shows the job's progress until it ends,
then its outcome; a long export likewise.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.services import set_password_link
from activities.four_eyes import may_import_as_approved
from history.models import Change
from jobs.models import Job
from jobs.models import Kind as JobKind
from jobs.services import job_page, job_result_take, job_status

from .exporting import CONTENT_TYPES, export_count, export_table, write
from .kinds import APPROVE_PERMISSION, KINDS
from .mappings import column_choices, header_mapping_save, saved_mapping
from .models import ImportBatch
from .outcomes import readable
from .tasks import start_export, start_import
from .uploads import exists as upload_exists
from .uploads import store

# Uploads above this are refused with a message (settings.IMPORT_MAX_UPLOAD_BYTES overrides it);
# bigger files go through ``manage.py import``.
DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024
SIGNING_SALT = "transfer.import"
# How long a preview stays valid, in seconds (its stored upload is deleted after the confirm, or after
# IMPORT_UPLOAD_MAX_AGE: see transfer/uploads.py).
PREVIEW_AGE = 3600
IMPORT_JOBS = (JobKind.IMPORT_PREVIEW, JobKind.IMPORT)


def max_upload_bytes():
    return getattr(settings, "IMPORT_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (CSV, XLSX, XLS or ODS)"))
    year = forms.IntegerField(
        label=gettext_lazy("Year of dates written without one"), required=False, min_value=1990, max_value=2100
    )
    approve = forms.BooleanField(label=gettext_lazy("Import as approved"), required=False)
    header_row = forms.IntegerField(
        label=gettext_lazy("Header row"),
        help_text=gettext_lazy("Leave empty to find it: the first row naming the required columns."),
        required=False,
        min_value=1,
        max_value=20,
    )

    def __init__(self, *args, may_approve=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_approve:
            del self.fields["approve"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "The file is %(size).1f MB; the limit here is %(limit).0f MB. "
                    "Split it, or ask an administrator to import it with manage.py import."
                )
                % {"size": upload.size / 1048576, "limit": limit / 1048576}
            )
        return upload


def add_transfer_pages(site=admin.site):
    """Give the admin of each import kind's model its import, export and template pages.

    The apps below ``transfer`` (regions, people, activities …) register plain admins and know
    nothing of imports; ``TransferConfig.ready`` calls this once every admin is registered, so
    the dependency points from ``transfer`` down to them, never up.
    """
    for name, kind in KINDS.items():
        model_admin = site._registry.get(kind.model)
        if model_admin is None or isinstance(model_admin, TransferAdminMixin):
            continue
        admin_class = type(model_admin)
        with_pages = type(admin_class.__name__, (TransferAdminMixin, admin_class), {"transfer_kind": name})
        with_pages.__module__ = admin_class.__module__
        site.unregister(kind.model)
        site.register(kind.model, with_pages)


class RecheckForm(forms.Form):
    """Check the uploaded file again: another header row, and a column for each header not recognised."""

    header_row = forms.IntegerField(
        label=gettext_lazy("Header row"),
        help_text=gettext_lazy("Leave empty to find it: the first row naming the required columns."),
        required=False,
        min_value=1,
        max_value=20,
    )

    def __init__(self, *args, headers, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = list(headers)
        options = [("", _("— not read —")), *choices]
        for index, header in enumerate(self.headers):
            self.fields[f"map_{index}"] = forms.ChoiceField(label=header, choices=options, required=False)

    def mapping(self):
        """{header: field} of the headers given a column."""
        chosen = {}
        for index, header in enumerate(self.headers):
            field_name = self.cleaned_data.get(f"map_{index}")
            if field_name:
                chosen[header] = field_name
        return chosen

    def map_fields(self):
        return [self[f"map_{index}"] for index in range(len(self.headers))]


class TransferAdminMixin:
    """Import, export and template pages for a model admin; set ``transfer_kind``."""

    transfer_kind = ""
    change_list_template = "admin/transfer/change_list.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="{}_{}_import".format(*info)),
            path("export/<str:fmt>/", self.admin_site.admin_view(self.export_view), name="{}_{}_export".format(*info)),
            path(
                "template/<str:fmt>/",
                self.admin_site.admin_view(self.template_view),
                name="{}_{}_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        spec = KINDS[self.transfer_kind]
        extra_context = {
            **(extra_context or {}),
            "may_import": spec.may_import(request.user),
            "may_export": spec.may_export(request.user),
            "transfer_urls": self._urls(),
        }
        return super().changelist_view(request, extra_context)

    def _urls(self):
        prefix = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        return {
            "import": reverse(f"{prefix}_import"),
            "export_csv": reverse(f"{prefix}_export", args=["csv"]),
            "export_xlsx": reverse(f"{prefix}_export", args=["xlsx"]),
            "template_csv": reverse(f"{prefix}_template", args=["csv"]),
            "template_xlsx": reverse(f"{prefix}_template", args=["xlsx"]),
        }

    def _download(self, fmt, columns, rows, name):
        if fmt not in CONTENT_TYPES:
            raise PermissionDenied
        response = HttpResponse(content_type=CONTENT_TYPES[fmt])
        write(fmt, columns, rows, response)
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response

    def export_view(self, request, fmt):
        if not KINDS[self.transfer_kind].may_export(request.user):
            raise PermissionDenied
        if fmt not in CONTENT_TYPES:
            raise PermissionDenied
        # A short list answers at once; a long one is written by a worker, and its page offers the file.
        count = export_count(self.transfer_kind, user=request.user)
        if count > settings.EXPORT_INLINE_MAX_ROWS:
            job = start_export(user=request.user, kind=self.transfer_kind, fmt=fmt, total=count)
            return redirect(job.get_absolute_url())
        columns, rows = export_table(self.transfer_kind, user=request.user)
        return self._download(fmt, columns, rows, self.transfer_kind)

    def template_view(self, request, fmt):
        columns, rows = export_table(self.transfer_kind, template=True)
        return self._download(fmt, columns, rows, f"{self.transfer_kind}-template")

    def import_view(self, request):
        spec = KINDS[self.transfer_kind]
        if not spec.may_import(request.user):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import %(kind)s") % {"kind": self.opts.verbose_name_plural},
            "transfer_urls": self._urls(),
            "max_mb": round(max_upload_bytes() / 1048576, 1),
        }
        if request.method == "GET" and "job" in request.GET:
            return self._job_page(request, context, self._import_job(request))
        if request.method == "POST" and "token" in request.POST:
            return self._confirm(request, context)
        if request.method == "POST" and "upload" in request.POST:
            return self._recheck(request, context)
        form = ImportForm(request.POST or None, request.FILES or None, may_approve=self._may_approve(request))
        if request.method == "POST" and form.is_valid():
            options = {
                "path": store(form.cleaned_data["file"]),
                "name": form.cleaned_data["file"].name,
                "year": form.cleaned_data.get("year"),
                "approve": bool(form.cleaned_data.get("approve")),
                "header_row": form.cleaned_data.get("header_row"),
                "mapping": saved_mapping(user=request.user, kind=self.transfer_kind),
                "user": request.user.pk,
            }
            return self._preview(request, context, options)
        context["form"] = form
        return TemplateResponse(request, "admin/transfer/import.html", context)

    def _may_approve(self, request):
        # Four eyes: someone importing as approved would approve their own records.
        return (
            self.transfer_kind == "activities"
            and request.user.has_perm(APPROVE_PERMISSION)
            and may_import_as_approved(request.user)
        )

    def _import_job(self, request):
        """The import job ``?job=`` names: the user's own (a superuser's: any), of this page's kind; else 404."""
        try:
            pk = int(request.GET["job"])
        except ValueError:
            raise Http404(_("No such job.")) from None
        job = Job.objects.visible_to(request.user).filter(pk=pk, kind__in=IMPORT_JOBS).first()
        if job is None or job.params.get("kind") != self.transfer_kind:
            raise Http404(_("No such job."))
        return job

    def _start(self, request, options, *, dry_run):
        # The request stores the upload and queues the work; a worker reads the file (transfer.tasks).
        page = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        return start_import(user=request.user, kind=self.transfer_kind, options=options, dry_run=dry_run, page=page)

    def _job_page(self, request, context, job):
        """A running job's progress bar, or what came of it: the check's preview, the import's errors or batch."""
        if not job.finished:
            if request.method == "POST":
                return redirect(job_page(job))
            context.update(job=job, job_status=job_status(job))
            return TemplateResponse(request, "admin/transfer/import.html", context)
        form = ImportForm(may_approve=self._may_approve(request))
        outcome = job.result.get("import")
        if outcome is not None:
            outcome = readable(outcome)
        if outcome is None:  # cancelled or failed: the job says why
            context.update(job=job, job_status=job_status(job), form=form)
            return TemplateResponse(request, "admin/transfer/import.html", context)
        if job.kind == JobKind.IMPORT_PREVIEW:
            return self._preview_page(request, context, job.params["options"], outcome)
        if not outcome.ok:
            context.update(result=outcome, form=form)
            return TemplateResponse(request, "admin/transfer/import.html", context)
        new_users = job_result_take(job=job, key="new_users")
        if new_users:
            # Users: each new one's one-time set-password link, shown once (never stored, never in the file).
            base_url = request.build_absolute_uri("/")
            users = get_user_model().objects.filter(pk__in=new_users).order_by("pk")
            context.update(
                result=outcome,
                title=_("New users' set-password links"),
                links=[(user.username, set_password_link(user, base_url=base_url)) for user in users],
            )
            response = TemplateResponse(request, "admin/transfer/new_users.html", context)
            response["Cache-Control"] = "no-store"
            return response
        messages.success(request, job.summary)
        return redirect(reverse("admin:transfer_importbatch_change", args=[outcome.batch.pk]))

    def _preview(self, request, context, options):
        """Check the stored upload in a job: its counts, errors and how it was read, then the re-check form."""
        return self._job_page(request, context, self._start(request, options, dry_run=True))

    def _preview_page(self, request, context, options, result):
        context.update(result=result, form=ImportForm(may_approve=self._may_approve(request)))
        if result.ok:
            # The confirmed import's bar counts up to the rows checked here.
            context["token"] = signing.dumps({**options, "rows": result.rows}, salt=SIGNING_SALT)
        if result.sheets and not result.refused:
            # The file could be read: keep it for a re-check with another header row or column mapping.
            options = {**options, "unknown": list(result.unknown_headers)}
            context["upload"] = signing.dumps(options, salt=SIGNING_SALT)
            context["recheck"] = RecheckForm(
                headers=result.unknown_headers,
                choices=column_choices(self.transfer_kind),
                initial={"header_row": options.get("header_row")},
            )
        return TemplateResponse(request, "admin/transfer/import.html", context)

    def _recheck(self, request, context):
        """Check the stored upload again with the header row and the columns the user chose; remember the columns."""
        options = self._signed(request, "upload", context)
        if options is None:
            return redirect(context["transfer_urls"]["import"])
        form = RecheckForm(request.POST, headers=options.get("unknown", []), choices=column_choices(self.transfer_kind))
        if not form.is_valid():
            context.update(
                form=ImportForm(may_approve=self._may_approve(request)), recheck=form, upload=request.POST["upload"]
            )
            return TemplateResponse(request, "admin/transfer/import.html", context)
        chosen = form.mapping()
        header_mapping_save(user=request.user, kind=self.transfer_kind, mapping=chosen)
        options = {
            **options,
            "header_row": form.cleaned_data.get("header_row"),
            "mapping": {**options.get("mapping", {}), **chosen},
        }
        options.pop("unknown", None)
        return self._preview(request, context, options)

    def _signed(self, request, name, context):
        """The options signed into the form field ``name``, or None (with a message) when stale or not the user's."""
        try:
            options = signing.loads(request.POST[name], salt=SIGNING_SALT, max_age=PREVIEW_AGE)
        except signing.BadSignature:
            options = None
        if options is None or options["user"] != request.user.pk or not upload_exists(options["path"]):
            messages.error(request, _("This preview has expired; upload the file again."))
            return None
        return options

    def _confirm(self, request, context):
        options = self._signed(request, "token", context)
        if options is None:
            return redirect(context["transfer_urls"]["import"])
        return self._job_page(request, context, self._start(request, options, dry_run=False))


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "file_name",
        "user",
        "started_at",
        "rows",
        "created",
        "updated",
        "skipped",
        "approved",
    ]
    list_filter = ["kind", "via"]
    list_select_related = ["user"]
    ordering = ["-id"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields]
    change_form_template = "admin/transfer/batch.html"
    # The rows a batch page lists; the history carries every row the batch wrote.
    ROWS_SHOWN = 500

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        # A batch is an audit record: no delete page at all.
        return [url for url in super().get_urls() if not (url.name or "").endswith("_delete")]

    def has_view_permission(self, request, obj=None):
        # Whoever may import something sees their own batches (get_queryset); superusers see all.
        user = request.user
        return user.is_active and (user.is_superuser or any(kind.may_import(user) for kind in KINDS.values()))

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_change_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("No such record."))
        return obj

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(user=request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        changes = (
            Change.objects.filter(batch_id=object_id).select_related("content_type").order_by("id")[: self.ROWS_SHOWN]
        )
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "changes": changes})
