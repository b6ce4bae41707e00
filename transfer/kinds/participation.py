"""Participation: one person's hours at one activity; the activities' volunteer figures recounted after."""

from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext as _

from activities.models import Activity, Participation
from activities.participation import activities_recount_participation, participations_import
from activities.services import lock_message
from core.privacy import mask_id_number, mask_phone
from history.models import Action, Source
from volunteers.models import Person

from .. import columns as c
from ..models import Kind as KindName
from .base import Kind
from .people import clean_id_number, clean_phone


class Participations(Kind):
    name = KindName.PARTICIPATION
    model = Participation
    import_permissions = ("transfer.import_people",)
    export_permissions = ("transfer.export_people",)
    columns = (
        c.text(
            "activity",
            "外部编号",
            "activity",
            64,
            required=True,
            aliases=("活动编号", "external_id"),
            example="TBL-2020-0613-01",
        ),
        c.text("name", "姓名", "name", 50, example="张三"),
        c.identifier("phone", "手机", "phone", aliases=("手机号", "手机号码", "电话"), example="13812341234"),
        c.identifier("id_number", "身份证号", "id_number", aliases=("身份证号码", "身份证"), example=""),
        c.number(
            "hours",
            "时长",
            "hours",
            required=True,
            decimal_places=2,
            maximum=24,
            aliases=("服务时长", "志愿服务时长"),
            example="2.5",
        ),
    )

    def key(self, row):
        v = row.values
        return (v["activity"].upper(), v.get("id_number") or v.get("phone"))

    def resolve(self, rows):
        for row in rows:
            clean_phone(row)
            clean_id_number(row)
            if not row.values.get("phone") and not row.values.get("id_number"):
                row.fail("phone", _("Give the person's phone or ID number."))
        live = [row for row in rows if not row.failed]
        external = {row.values["activity"] for row in live}
        activities = {
            a.external_id.upper(): a
            for a in Activity.objects.filter(external_id__in=external)
            .select_related("region")
            .only("pk", "external_id", "title", "date", "region__path", "status")
        }
        ids = {row.values["id_number"] for row in live if row.values.get("id_number")}
        phones = {row.values["phone"] for row in live if row.values.get("phone") and not row.values.get("id_number")}
        by_id, by_phone = {}, defaultdict(list)
        for person in Person.objects.filter(Q(id_number__in=ids) | Q(phone__in=phones)).select_related("region"):
            if person.id_number:
                by_id[person.id_number] = person
            by_phone[person.phone].append(person)
        scope_test = self.ctx.regions.scope_test
        for row in live:
            v = row.values
            activity = activities.get(v["activity"].upper())
            if activity is None or not scope_test.inside(activity.region.path):
                row.fail(
                    "activity",
                    _("No activity in your regions has the external id “%(value)s”.") % {"value": v["activity"]},
                )
            elif (locked := lock_message(actor=self.ctx.user, activity=activity)) is not None:
                # Approved (or, for a clerk, under review): its participation changes only after a reopen.
                row.fail("activity", locked)
            row.activity = activity
            row.person = None
            if v.get("id_number"):
                row.person = by_id.get(v["id_number"])
                if row.person is None:
                    row.fail("id_number", _("No person has the ID number “%(value)s”.") % {"value": v["id_number"]})
            else:
                people = by_phone.get(v["phone"], [])
                if len(people) > 1:
                    row.fail(
                        "phone",
                        _("More than one person has the phone “%(value)s”: %(candidates)s. Give the ID number.")
                        % {
                            "value": v["phone"],
                            "candidates": "、".join(f"{p.name}（{p.region.full_name}）" for p in people),
                        },
                    )
                elif not people:
                    row.fail(
                        "phone",
                        _("No person has the phone “%(value)s”; import them as people first.") % {"value": v["phone"]},
                    )
                else:
                    row.person = people[0]

    def match(self, rows):
        pairs = Participation.objects.filter(
            activity_id__in={row.activity.pk for row in rows}, person_id__in={row.person.pk for row in rows}
        )
        existing = {(p.activity_id, p.person_id): p for p in pairs}
        for row in rows:
            row.obj = existing.get((row.activity.pk, row.person.pk))

    def write(self, rows):
        ctx = self.ctx
        creates, updates = [], []
        for row in rows:
            hours = row.values["hours"]
            if row.obj is None:
                row.obj = Participation(activity=row.activity, person=row.person, hours=hours, import_batch=ctx.batch)
                creates.append(row.obj)
            elif row.obj.hours != hours:
                updates.append((row.obj, hours))
            else:
                ctx.count_skipped()
        participations_import(actor=ctx.user, batch_id=ctx.batch.pk, at=ctx.now, creates=creates, updates=updates)
        for _i in creates:
            ctx.count(Action.CREATE)
        for _i in updates:
            ctx.count(Action.UPDATE)
        ctx.touched_activities.update(p.activity_id for p in creates)
        ctx.touched_activities.update(p.activity_id for p, _hours in updates)

    def finish(self):
        recount_participation(self.ctx)

    def export_queryset(self, scope, *, region=None, date_from=None, date_to=None):
        queryset = super().export_queryset(scope, region=region).select_related("activity", "person")
        if date_from:
            queryset = queryset.filter(activity__date__gte=date_from)
        if date_to:
            queryset = queryset.filter(activity__date__lte=date_to)
        return queryset.filter(~Q(activity__external_id=""))

    def export_values(self, obj, *, personal):
        person = obj.person
        return [
            obj.activity.external_id,
            person.name,
            person.phone if personal else mask_phone(person.phone),
            person.id_number if personal else mask_id_number(person.id_number),
            obj.hours,
        ]


def recount_participation(ctx):
    """Bring the touched activities' volunteer figures in line with their participation records."""
    if not ctx.touched_activities:
        return
    activities_recount_participation(
        activity_ids=ctx.touched_activities, actor=ctx.user, source=Source.IMPORT, batch_id=ctx.batch.pk
    )
