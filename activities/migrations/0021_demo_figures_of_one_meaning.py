"""The demo's overloaded figures moved where they mean one thing, and its approximate figures marked.

Before this, the demo (``load_demo``) held shops surveyed as households visited, loans granted as
funds invested, heads mobilized as volunteer or participant person-times and training classes (期)
as sessions (场次), and dropped the 余/多/约/近/上 of its figures. Only the demo's own records are
touched (external ids DEMO-…, and only while a figure is still the demo's old value): what another
office typed into a measure cannot be guessed. The monthly totals of the records touched are taken
out before and added back after, in the same transaction (``activities.rollups``).
"""

from decimal import Decimal

from django.db import migrations

# (code, name, unit, what it counts): the indicators the moved figures go to.
INDICATORS = [
    ("tutoring_answers", "答疑解难", "次", "为学生、家长答疑解难的次数"),
    ("training_classes", "培训期数", "期", "举办的培训班期数(一期培训班可含多场课)"),
    ("training_courses", "培训课程", "项", "开设的培训课程项数"),
    ("trainees", "培训人数", "人", "接受培训的人数(人头数,非人次)"),
    ("shops_surveyed", "调查商户", "户", "调查走访的沿街商户、单位户数(非居民户)"),
    ("loans_granted", "发放贷款", "元", "发放的贷款金额(非投入资金)"),
    ("loan_recipients", "获得贷款人数", "人", "获得贷款的人数"),
    ("members_mobilized", "发动党员", "人", "发动参与的党员人数(人头数,非人次)"),
    ("masses_mobilized", "带动群众", "人", "带动参与的群众人数(人头数,非人次)"),
    ("volunteers_recruited", "招募志愿者", "人", "招募的志愿者人数(人头数,非人次)"),
]

# (external id, measure, the demo's old value, indicator it moves to or None, qualifier)
MOVES = [
    ("DEMO-0002", "sessions", 10, "training_courses", "余"),
    ("DEMO-0003", "sessions", 13, None, ""),  # 13 branches' elections: the election records hold them
    ("DEMO-0010", "volunteers", 400, "volunteers_recruited", "余"),
    ("DEMO-0020", "sessions", 83, "training_classes", ""),
    ("DEMO-0021", "volunteers", 13000, "members_mobilized", "余"),
    ("DEMO-0040", "volunteers", 3760, "members_mobilized", ""),
    ("DEMO-0040", "participants", 15000, "masses_mobilized", ""),
    ("DEMO-0050", "households", 1100, "shops_surveyed", "多"),
    ("DEMO-0051", "sessions", 90, "training_classes", "余"),
    ("DEMO-0051", "participants", 10000, "trainees", "近"),
    ("DEMO-0052", "people_served", 362, "loan_recipients", ""),
    ("DEMO-0052", "funds", Decimal("36200000"), "loans_granted", ""),
    ("DEMO-0062", "sessions", 7, "training_classes", ""),
]
# (external id, indicator, old value, new indicator or None, qualifier): indicator values re-filed or marked.
INDICATOR_MOVES = [
    ("DEMO-0054", "questions_answered", 1000, "tutoring_answers", "上"),
    ("DEMO-0050", "suggestions", 50, None, "多"),
    ("DEMO-0050", "questions_answered", 20, None, "多"),
    ("DEMO-0008", "new_union_members", 400, None, "余"),
    ("DEMO-0058", "mediation_calls", 2740, None, "多"),
]
# (external id, "measure=qualifier;…") of the figures the reports give approximately.
QUALIFIERS = [
    ("DEMO-0001", "participants=余"),
    ("DEMO-0011", "sessions=余"),
    ("DEMO-0014", "people_served=余"),
    ("DEMO-0015", "sessions=余;participants=近"),
    ("DEMO-0030", "people_served=约"),
    ("DEMO-0035", "households=近"),
    ("DEMO-0054", "participants=多"),
    ("DEMO-0057", "participants=多"),
    ("DEMO-0061", "sessions=余"),
    ("DEMO-0062", "participants=余"),
    ("DEMO-0063", "sessions=余"),
]


def forwards(apps, schema_editor):
    from activities import rollups

    Activity = apps.get_model("activities", "Activity")
    Indicator = apps.get_model("activities", "Indicator")
    IndicatorValue = apps.get_model("activities", "IndicatorValue")
    demo = {a.external_id: a for a in Activity.objects.filter(external_id__startswith="DEMO-")}
    if not demo:
        return
    touched = sorted({eid for eid, *_rest in [*MOVES, *INDICATOR_MOVES, *QUALIFIERS] if eid in demo})
    selection = Activity.objects.filter(external_id__in=touched)
    # No participation record changes here, so the monthly volunteers stay as they are (and their
    # hours column, which the live code writes, comes only in 0022).
    tables = [table for table in rollups.TABLES if table is not rollups.VOLUNTEERS]
    rollups.subtract(selection, tables=tables)
    indicators = {i.code: i for i in Indicator.objects.all()}
    order = max([i.sort_order for i in indicators.values()] or [0])
    for code, name, unit, counts in INDICATORS:
        if code not in indicators and not Indicator.objects.filter(name=name).exists():
            order += 1
            indicators[code] = Indicator.objects.create(code=code, name=name, unit=unit, counts=counts, sort_order=order)
    for eid, field, old, code, qualifier in MOVES:
        activity = demo.get(eid)
        if activity is None or getattr(activity, field) != old:
            continue
        if code in indicators:
            IndicatorValue.objects.get_or_create(
                activity=activity, indicator=indicators[code], defaults={"value": old, "qualifier": qualifier}
            )
        setattr(activity, field, None)
        activity.save(update_fields=[field])
    for eid, code, old, new, qualifier in INDICATOR_MOVES:
        activity = demo.get(eid)
        value = IndicatorValue.objects.filter(activity=activity, indicator__code=code, value=old).first()
        if activity is None or value is None:
            continue
        if new in indicators and not IndicatorValue.objects.filter(activity=activity, indicator=indicators[new]).exists():
            value.indicator = indicators[new]
        value.qualifier = qualifier
        value.save()
    for eid, qualifiers in QUALIFIERS:
        if eid in demo and not demo[eid].qualifiers:
            Activity.objects.filter(pk=demo[eid].pk).update(qualifiers=qualifiers)
    rollups.add(selection, tables=tables)


class Migration(migrations.Migration):
    dependencies = [("activities", "0020_approximate_figures_and_what_indicators_count")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
