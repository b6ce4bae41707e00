"""The evidence kinds an inspection of a 台账 asks for; administrators add, rename or retire them."""

from django.db import migrations

DEFAULT_KINDS = [
    ("photo", "现场照片"),
    ("sign_in_sheet", "签到表"),
    ("minutes", "会议记录"),
    ("other", "其他材料"),
]


def create_kinds(apps, schema_editor):
    EvidenceKind = apps.get_model("evidence", "EvidenceKind")
    for order, (code, name) in enumerate(DEFAULT_KINDS, start=1):
        EvidenceKind.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order * 10})


def remove_unused_kinds(apps, schema_editor):
    EvidenceKind = apps.get_model("evidence", "EvidenceKind")
    EvidenceKind.objects.filter(code__in=[code for code, _ in DEFAULT_KINDS], files__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_evidence_files")]

    operations = [migrations.RunPython(create_kinds, remove_unused_kinds)]
