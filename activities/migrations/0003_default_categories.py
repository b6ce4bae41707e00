"""The default activity categories of the product design, so a fresh database has them."""

from django.db import migrations

DEFAULT_CATEGORIES = [
    ("study", "学习教育"),
    ("training", "培训"),
    ("theme_day", "主题党日/团日"),
    ("volunteer_service", "志愿服务"),
    ("visit", "走访慰问"),
    ("publicity", "宣传宣讲"),
    ("meeting", "会议议事"),
    ("observation", "观摩交流"),
    ("mediation", "矛盾调解"),
    ("assistance", "帮扶救助"),
    ("co_building", "共驻共建"),
    ("culture_sports", "文体活动"),
    ("epidemic", "疫情防控"),
    ("public_safety", "平安建设"),
]


def create_categories(apps, schema_editor):
    Category = apps.get_model("activities", "Category")
    for order, (code, name) in enumerate(DEFAULT_CATEGORIES, start=1):
        Category.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order * 10})


def remove_categories(apps, schema_editor):
    Category = apps.get_model("activities", "Category")
    Category.objects.filter(code__in=[code for code, _ in DEFAULT_CATEGORIES], activities__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("activities", "0002_activity_team_links")]

    operations = [migrations.RunPython(create_categories, remove_categories)]
