"""People: matched on ID number, else phone and name; team memberships from the 所属队伍 column."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from core.privacy import mask_id_number, mask_phone
from history.models import Action
from history.services import changes_record, snapshot
from volunteers import people_version
from volunteers.models import PERSON_ID_NUMBER_TAKEN, Gender, Person, PoliticalStatus, TeamMembership
from volunteers.validators import validate_id_number, validate_phone

from .. import columns as c
from ..models import Kind as KindName
from ..parsing import CellError, parse_list
from .base import Kind, present_values, quoting
from .coded import team_resolver


def clean_phone(row, field="phone"):
    value = row.values.get(field)
    if value:
        try:
            validate_phone(value)
        except ValidationError as error:
            row.fail(field, quoting(value, " ".join(error.messages)))


def clean_id_number(row, field="id_number"):
    value = row.values.get(field)
    if value:
        try:
            validate_id_number(value)
        except ValidationError as error:
            row.fail(field, quoting(value, " ".join(error.messages)))


class People(Kind):
    name = KindName.PEOPLE
    model = Person
    import_permissions = ("transfer.import_people",)
    export_permissions = ("transfer.export_people",)
    columns = (
        c.text("name", "姓名", "name", 50, required=True, example="张三"),
        c.identifier(
            "phone", "手机", "phone", aliases=("手机号", "手机号码", "电话", "联系电话"), example="13812341234"
        ),
        c.identifier(
            "id_number", "身份证号", "id_number", aliases=("身份证号码", "身份证"), example="410102199001011237"
        ),
        c.choice("gender", "性别", "gender", Gender, example="男"),
        c.choice("political_status", "政治面貌", "political_status", PoliticalStatus, example="中共党员"),
        c.ref("region", "所属区域", "region", required=True, example="中原区/桐柏路街道/西站东社区"),
        c.ref("teams", "所属队伍", "teams", example="青年志愿服务队"),
    )

    def key(self, row):
        v = row.values
        return ("id", v["id_number"]) if v.get("id_number") else ("phone", v.get("phone"), v["name"])

    def resolve(self, rows):
        self.teams = self.ctx.resolver("team", team_resolver)
        self.teams.prefetch(name for row in rows for name in parse_list(row.values.get("teams")))
        for row in rows:
            clean_phone(row)
            clean_id_number(row)
            if not row.values.get("phone") and not row.values.get("id_number"):
                row.fail("phone", _("Give a phone or an ID number, so the person is not recorded twice."))
            row.region = self.region(row)
            row.team_ids = []
            for name in parse_list(row.values.get("teams")):
                try:
                    row.team_ids.append(self.teams.resolve(name))
                except CellError as error:
                    row.fail("teams", error.message)

    def match(self, rows):
        ids = {row.values["id_number"] for row in rows if row.values.get("id_number")}
        phones = {row.values["phone"] for row in rows if row.values.get("phone")}
        found = Person.objects.filter(Q(id_number__in=ids) | Q(phone__in=phones)).select_related("region")
        by_id, by_phone_name = {}, {}
        for person in found:
            if person.id_number:
                by_id[person.id_number] = person
            by_phone_name.setdefault((person.phone, person.name), person)
        inside = self.ctx.regions.scope_test.inside
        for row in rows:
            v = row.values
            person = by_id.get(v.get("id_number")) if v.get("id_number") else None
            if person is not None and not inside(person.region.path):
                # ID numbers are unique in the whole ledger, so this row cannot be written; the
                # message is the one the database constraint gives (Person.Meta), in scope or not,
                # and says nothing of where or whether the number is recorded.
                row.fail("id_number", str(PERSON_ID_NUMBER_TAKEN))
                row.obj = None
                continue
            if person is None and v.get("phone"):
                candidate = by_phone_name.get((v["phone"], v["name"]))
                # Phone and name match only a person without a (different) ID number, and only
                # one in scope: outside it the row is a new person, as if no one matched.
                if (
                    candidate is not None
                    and not (candidate.id_number and v.get("id_number"))
                    and inside(candidate.region.path)
                ):
                    person = candidate
            row.obj = person

    def write(self, rows):
        history, memberships = [], []
        new_people, updated, update_fields = [], [], set()
        for row in rows:
            v = row.values
            values = present_values(
                row,
                {
                    "name": v["name"],
                    "phone": v.get("phone", ""),
                    "id_number": v.get("id_number", ""),
                    "gender": v.get("gender", ""),
                    "political_status": v.get("political_status") or PoliticalStatus.MASSES,
                    "region_id": row.region.id if row.region else None,
                },
            )
            person = row.obj
            if person is None:
                row.obj = Person(import_batch=self.ctx.batch, **values)
                new_people.append(row.obj)
                row.action = Action.CREATE
            elif self.changed(person, values):
                update_fields.update(self.changed(person, values))
                row.before = snapshot(person)
                for name, value in values.items():
                    setattr(person, name, value)
                person.import_batch = self.ctx.batch
                updated.append(person)
                row.action = Action.UPDATE
            else:
                row.action = None
        Person.objects.bulk_create(new_people)
        if updated:
            Person.objects.bulk_update(updated, sorted(update_fields | {"import_batch"}))
        if new_people or updated:
            people_version.changed()  # bulk writes send no signals
        person_ids = [row.obj.pk for row in rows]
        have = set(
            TeamMembership.objects.filter(person_id__in=person_ids).values_list("person_id", "team_id").order_by()
        )
        for row in rows:
            new_teams = [pk for pk in dict.fromkeys(row.team_ids) if (row.obj.pk, pk) not in have]
            if row.action is None and not new_teams:
                self.ctx.count_skipped()
                continue
            if row.action is not None:
                history.append(self.history(row.obj, row.action, row.before))
            self.ctx.count(row.action or Action.UPDATE)
            for team_id in new_teams:
                memberships.append(TeamMembership(person_id=row.obj.pk, team_id=team_id))
                have.add((row.obj.pk, team_id))
        TeamMembership.objects.bulk_create(memberships)
        history.extend(self.history(m, Action.CREATE) for m in memberships)
        changes_record(history)

    def export_queryset(self, scope, **filters):
        return super().export_queryset(scope, **filters).select_related("region").prefetch_related("teams")

    def export_values(self, obj, *, personal):
        return [
            obj.name,
            obj.phone if personal else mask_phone(obj.phone),
            obj.id_number if personal else mask_id_number(obj.id_number),
            obj.gender,
            obj.political_status,
            obj.region.full_name,
            "、".join(sorted(team.code for team in obj.teams.all())),
        ]
