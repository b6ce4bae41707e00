from django.contrib import admin

from .models import EvidenceKind


@admin.register(EvidenceKind)
class EvidenceKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["code", "name"]
