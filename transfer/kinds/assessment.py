"""Assessments and their items, scores (考核得分), star ratings (评星定级) and supervision checks (督导), through
``regional.assessment``.

A score names its assessment by 考核名称 and 年度 (and 考核区域 where two regions hold one of that name), one
of its items by name, and the branch or organization (被考核党组织) or the member unit (被考核单位) assessed.
The assessment and its weighted items are set up first (on their admin pages, or imported as assessment items:
one sheet for the assessment and its items); a file gives the scores, and a
score imported again corrects it (``assessment_score_record``).

A supervision check is matched on region, subject and start; it is recorded once, as the report gives it.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from regional import assessment
from regional.models import AssessmentItem, AssessmentRating, AssessmentScheme, AssessmentScore, SupervisionCheck

from .. import columns as c
from ..models import Kind as KindName
from ..references import candidates_text
from .base import quoting
from .regional import CREATE, ORGANIZATION, REGION, SOURCE, UNIT, UPDATE, RegionalKind, code_of


class SchemeNamed:
    """A kind whose rows name an assessment by 考核名称 and 年度 (and 考核区域 where two regions hold one)."""

    def schemes(self, live):
        """{(name, year): [the assessments of that name and year inside the user's regions]}."""
        schemes = {}
        queryset = AssessmentScheme.objects.filter(
            name__in={row.values["scheme"] for row in live}, year__in={row.values["year"] for row in live}
        ).select_related("region")
        inside = self.ctx.regions.scope_test.inside
        for scheme in queryset:
            if inside(scheme.region.path):  # an assessment outside the user's regions is not found
                schemes.setdefault((scheme.name, scheme.year), []).append(scheme)
        return schemes

    def one_subject(self, row):
        """Fail ``row`` unless it names the branch or organization assessed, or the member unit: one of the two."""
        if bool(row.values.get("organization")) == bool(row.values.get("unit")):
            row.fail(
                "organization",
                _("Give the branch or organization assessed, or the member unit assessed: one of the two."),
            )

    def subject(self, row):
        return (
            ("organization", row.refs["organization"]) if row.refs.get("organization") else ("unit", row.refs["unit"])
        )

    @staticmethod
    def stored_subject(obj):
        """What a stored score or rating assesses, as ``subject`` gives it for a row."""
        return ("organization", obj.organization_id) if obj.organization_id else ("unit", obj.unit_id)

    def scheme(self, row, candidates):
        """The assessment the row names (of the region 考核区域 gives, where it gives one); None after failing it."""
        if row.refs.get("scheme_region"):
            candidates = [s for s in candidates if s.region_id == row.refs["scheme_region"]]
        if len(candidates) == 1:
            return candidates[0]
        v = row.values
        if candidates:
            row.fail(
                "scheme_region",
                _("More than one assessment of %(year)s is called “%(name)s”: %(candidates)s. Give its region.")
                % {
                    "year": v["year"],
                    "name": v["scheme"],
                    "candidates": candidates_text(s.region.full_name for s in candidates),
                },
            )
        else:
            row.fail(
                "scheme",
                _(
                    "No assessment “%(name)s” of %(year)s in your regions: add it and its items first, on the "
                    "assessment schemes' admin page or by importing an assessment items sheet."
                )
                % {"name": v["scheme"], "year": v["year"]},
            )
        return None


class AssessmentScores(SchemeNamed, RegionalKind):
    name = KindName.ASSESSMENT_SCORES
    model = AssessmentScore
    import_permissions = ("regional.add_assessmentscore", "regional.change_assessmentscore")
    export_permissions = ("regional.view_assessmentscore",)
    references = {"scheme_region": REGION, "organization": ORGANIZATION, "unit": UNIT}
    export_select = ("scheme__region", "item", "organization", "unit")
    columns = (
        c.text("scheme", "考核名称", "assessment", 200, required=True, aliases=("考核",), example="党建工作百分制考核"),
        c.number("year", "年度", "year", required=True, maximum=2100, aliases=("考核年度",), example="2015"),
        c.ref("scheme_region", "考核区域", "region of the assessment", example="中原区/桐柏路街道"),
        c.text("item", "考核项目", "item", 200, required=True, aliases=("项目", "考核内容"), example="组织建设"),
        c.ref(
            "organization", "被考核党组织", "branch or organization assessed", aliases=("党支部",), example="ZY-TBL-DZB"
        ),
        c.ref("unit", "被考核单位", "member unit assessed", aliases=("驻区单位",), example=""),
        c.number("score", "得分", "score", required=True, decimal_places=2, maximum=1000, example="18.5"),
    )

    def resolve(self, rows):
        super().resolve(rows)
        live = [row for row in rows if not row.failed]
        schemes = self.schemes(live)
        items = {}
        scheme_ids = {scheme.pk for named in schemes.values() for scheme in named}
        for item in AssessmentItem.objects.filter(scheme_id__in=scheme_ids).order_by("sort_order", "pk"):
            items.setdefault(item.scheme_id, {})[item.name] = item
        for row in live:
            row.item = None
            self.one_subject(row)
            scheme = self.scheme(row, schemes.get((row.values["scheme"], row.values["year"]), []))
            if scheme is None:
                continue
            row.item = items.get(scheme.pk, {}).get(row.values["item"])
            if row.item is None:
                row.fail(
                    "item",
                    _("“%(scheme)s” has no item “%(item)s”. Its items are: %(items)s.")
                    % {
                        "scheme": scheme,
                        "item": row.values["item"],
                        "items": "、".join(items.get(scheme.pk, {})) or _("none yet"),
                    },
                )

    def key(self, row):
        return (row.item.pk, *self.subject(row))

    def match(self, rows):
        queryset = AssessmentScore.objects.filter(item_id__in={row.item.pk for row in rows})
        self.match_from(rows, queryset, lambda score: (score.item_id, *self.stored_subject(score)))

    def write_row(self, row):
        score = row.values["score"]
        if row.obj is not None and row.obj.score == score:
            return None
        subject = row.refs["organization"] or row.refs["unit"]
        action = CREATE if row.obj is None else UPDATE
        row.obj = assessment.assessment_score_record(
            actor=self.ctx.user, item=row.item, subject=subject, score=score, source=SOURCE
        )
        return action

    def export_values(self, obj, *, personal):
        scheme = obj.scheme
        return [
            scheme.name,
            scheme.year,
            scheme.region.full_name,
            obj.item.name,
            code_of(obj.organization),
            code_of(obj.unit),
            obj.score,
        ]


class SupervisionChecks(RegionalKind):
    name = KindName.SUPERVISION_CHECKS
    model = SupervisionCheck
    import_permissions = ("regional.add_supervisioncheck",)
    export_permissions = ("regional.view_supervisioncheck",)
    references = {"region": REGION, "organization": ORGANIZATION}
    export_select = ("region", "organization")
    columns = (
        c.text(
            "subject",
            "督导内容",
            "what was checked",
            200,
            required=True,
            aliases=("督导事项",),
            example="科级干部驻点情况",
        ),
        c.ref("region", "所在区域", "region", required=True, aliases=("督导范围",), example="中原区"),
        c.ref("organization", "组织单位", "organized by", aliases=("牵头单位",), example=""),
        c.date("start", "开始日期", "from", required=True, example="2020-03-01"),
        c.date("end", "结束日期", "until", required=True, example="2020-03-31"),
        c.number("groups", "督导组数", "supervision groups", required=True, maximum=10_000, example="3"),
        c.number("areas", "区域数", "areas checked", maximum=1_000_000, example="10"),
        c.text("areas_label", "区域所指", "areas are", 50, example="街道"),
        c.number("places", "点位数", "places checked", maximum=10_000_000, example="267"),
        c.text("places_label", "点位所指", "places are", 50, example="工地"),
        c.text("findings", "督导发现", "findings", 4000, multiline=True, aliases=("督导情况", "发现问题"), example=""),
    )
    fields = ("subject", "start", "end", "groups", "areas", "areas_label", "places", "places_label", "findings")

    def key(self, row):
        return (row.refs.get("region"), row.values["subject"], row.values["start"])

    def match(self, rows):
        queryset = SupervisionCheck.objects.filter(
            region_id__in={row.refs["region"] for row in rows},
            subject__in={row.values["subject"] for row in rows},
            start__in={row.values["start"] for row in rows},
        ).order_by("-pk")
        self.match_from(rows, queryset, lambda check: (check.region_id, check.subject, check.start))

    def values(self, row):
        v = row.values
        values = {
            name: v.get(name, "") if name.endswith(("label", "findings")) else v.get(name) for name in self.fields
        }
        return {**values, "region": row.refs["region"], "organization": row.refs.get("organization")}

    def write_row(self, row):
        values = self.values(row)
        if row.obj is None:
            row.obj = assessment.supervision_check_create(actor=self.ctx.user, source=SOURCE, **values)
            return CREATE
        if not self.changes(row.obj, self.present(row, values)):
            return None
        raise ValidationError(
            quoting(
                str(row.obj),
                _(
                    "this supervision check is already recorded, with other figures; a check is recorded once, as "
                    "the report gives it."
                ),
            )
        )

    def export_values(self, obj, *, personal):
        return [
            obj.subject,
            obj.region.full_name,
            code_of(obj.organization),
            obj.start,
            obj.end,
            obj.groups,
            obj.areas,
            obj.areas_label,
            obj.places,
            obj.places_label,
            obj.findings,
        ]


class AssessmentItems(RegionalKind):
    """An assessment and its weighted items, one item a row: the rows of one 考核名称, 年度 and 考核区域 set up the
    assessment once (``assessment_scheme_create``) and add each item (``assessment_item_add``).

    Matched on the assessment and the item's name. An assessment's 组织党组织 and 满分, and an item's 分值 and 排序,
    are fixed once set (its scores are given against them, as on their admin pages): a row that gives them
    otherwise is refused, and the scheme's admin page says what is stored.
    """

    name = KindName.ASSESSMENT_ITEMS
    model = AssessmentItem
    import_permissions = ("regional.add_assessmentscheme", "regional.add_assessmentitem")
    export_permissions = ("regional.view_assessmentitem",)
    references = {"scheme_region": REGION, "organization": ORGANIZATION}
    export_select = ("scheme__region", "scheme__organization")
    columns = (
        c.text("scheme", "考核名称", "assessment", 200, required=True, aliases=("考核",), example="党建工作百分制考核"),
        c.number("year", "年度", "year", required=True, maximum=2100, aliases=("考核年度",), example="2015"),
        c.ref("scheme_region", "考核区域", "region of the assessment", required=True, example="中原区/桐柏路街道"),
        c.ref("organization", "组织党组织", "assessed by", aliases=("考核单位",), example=""),
        c.number("full_marks", "满分", "full marks", decimal_places=2, maximum=1000, aliases=("总分",), example="100"),
        c.text("item", "考核项目", "item", 200, required=True, aliases=("项目", "考核内容"), example="组织建设"),
        c.number("weight", "分值", "points", required=True, decimal_places=2, maximum=1000, example="30"),
        c.number("sort_order", "排序", "order", maximum=32767, aliases=("序号",), example="1"),
    )

    def __init__(self, ctx):
        super().__init__(ctx)
        self.schemes = {}  # (region id, name, year): the assessment, looked up once, or created by an earlier row

    def scheme_key(self, row):
        return (row.refs.get("scheme_region"), row.values["scheme"], row.values["year"])

    def resolve(self, rows):
        super().resolve(rows)
        wanted = {self.scheme_key(row) for row in rows if not row.failed} - set(self.schemes)
        if wanted:
            # The region was found inside the user's regions, so its assessments are too.
            queryset = AssessmentScheme.objects.filter(
                region_id__in={key[0] for key in wanted},
                name__in={key[1] for key in wanted},
                year__in={key[2] for key in wanted},
            )
            self.schemes.update({(s.region_id, s.name, s.year): s for s in queryset})

    def key(self, row):
        return (*self.scheme_key(row), row.values["item"])

    def match(self, rows):
        scheme_ids = {self.schemes[self.scheme_key(row)].pk for row in rows if self.scheme_key(row) in self.schemes}
        existing = {
            (item.scheme_id, item.name): item for item in AssessmentItem.objects.filter(scheme_id__in=scheme_ids)
        }
        for row in rows:
            scheme = self.schemes.get(self.scheme_key(row))
            row.obj = existing.get((scheme.pk, row.values["item"])) if scheme else None

    def fixed(self, record, row, values):
        """Refuse ``row`` where it gives ``record`` other ``values`` than those stored (they are fixed once set);
        an empty cell leaves the stored value."""
        given = {name: value for name, value in self.present(row, values).items() if value is not None}
        changes = self.changes(record, given)
        if changes:
            raise ValidationError(
                {
                    field: quoting(
                        str(record),
                        _(
                            "this is already recorded with other %(what)s; it is fixed once set (the scores are "
                            "given against it)."
                        )
                        % {"what": "、".join(str(record._meta.get_field(name).verbose_name) for name in changes)},
                    )
                    for field in changes
                }
            )

    def write_row(self, row):
        v = row.values
        region = row.refs["scheme_region"]
        scheme_values = {"organization": row.refs.get("organization"), "full_marks": v.get("full_marks")}
        item_values = {"weight": v["weight"], "sort_order": v.get("sort_order")}
        key = (region.pk, v["scheme"], v["year"])
        scheme = self.schemes.get(key)
        if scheme is None:
            scheme = assessment.assessment_scheme_create(
                actor=self.ctx.user, region=region, name=v["scheme"], year=v["year"], source=SOURCE, **scheme_values
            )
            self.schemes[key] = scheme  # later rows of the file add their items to it
        else:
            self.fixed(scheme, row, scheme_values)
        if row.obj is not None:
            self.fixed(row.obj, row, item_values)
            return None
        item_values["sort_order"] = item_values["sort_order"] or 0
        row.obj = assessment.assessment_item_add(
            actor=self.ctx.user, scheme=scheme, name=v["item"], source=SOURCE, **item_values
        )
        return CREATE

    def export_queryset(self, scope, **filters):
        return super().export_queryset(scope, **filters).order_by("scheme_id", "sort_order", "pk")

    def export_values(self, obj, *, personal):
        scheme = obj.scheme
        return [
            scheme.name,
            scheme.year,
            scheme.region.full_name,
            code_of(scheme.organization),
            scheme.full_marks,
            obj.name,
            obj.weight,
            obj.sort_order,
        ]


# 三星, 三星级, 3星, ★★★: the stars as people write them.
_STAR_WORDS = {**dict.fromkeys("1一", 1), **dict.fromkeys("2二两", 2), **dict.fromkeys("3三", 3)}
_STAR_WORDS |= {**dict.fromkeys("4四", 4), **dict.fromkeys("5五", 5)}
_STARS = re.compile(r"^([1-5一二两三四五])\s*(?:星级?|颗星)?$")


def parse_stars(text):
    """1 to 5 from "3", "三星", "3星级" or "★★★"; None for anything else."""
    text = unicodedata.normalize("NFKC", text).strip()
    if text and set(text) == {"★"}:
        return len(text) if len(text) <= 5 else None
    match = _STARS.match(text)
    return _STAR_WORDS[match.group(1)] if match else None


class AssessmentRatings(SchemeNamed, RegionalKind):
    """Star ratings (评星定级) of branches or units in an assessment, through ``assessment_rate``; a rating
    imported again changes it."""

    name = KindName.ASSESSMENT_RATINGS
    model = AssessmentRating
    import_permissions = ("regional.add_assessmentrating", "regional.change_assessmentrating")
    export_permissions = ("regional.view_assessmentrating",)
    references = {"scheme_region": REGION, "organization": ORGANIZATION, "unit": UNIT}
    export_select = ("scheme__region", "organization", "unit")
    columns = (
        c.text("scheme", "考核名称", "assessment", 200, required=True, aliases=("考核",), example="党建工作百分制考核"),
        c.number("year", "年度", "year", required=True, maximum=2100, aliases=("考核年度",), example="2015"),
        c.ref("scheme_region", "考核区域", "region of the assessment", example="中原区/桐柏路街道"),
        c.ref(
            "organization", "被考核党组织", "branch or organization assessed", aliases=("党支部",), example="ZY-TBL-DZB"
        ),
        c.ref("unit", "被考核单位", "member unit assessed", aliases=("驻区单位",), example=""),
        c.text("stars", "星级", "stars", 10, required=True, aliases=("评定星级",), example="三星"),
        c.text("remarks", "评语", "remarks", 4000, multiline=True, aliases=("备注",), example=""),
    )

    def resolve(self, rows):
        super().resolve(rows)
        live = [row for row in rows if not row.failed]
        schemes = self.schemes(live)
        for row in live:
            row.scheme = None
            stars = parse_stars(row.values["stars"])
            if stars is None:
                row.fail(
                    "stars",
                    _("“%(value)s” is not a star rating: write 1 to 5, 三星 or ★★★.") % {"value": row.values["stars"]},
                )
            row.values["stars"] = stars
            self.one_subject(row)
            row.scheme = self.scheme(row, schemes.get((row.values["scheme"], row.values["year"]), []))

    def key(self, row):
        return (row.scheme.pk, *self.subject(row))

    def match(self, rows):
        queryset = AssessmentRating.objects.filter(scheme_id__in={row.scheme.pk for row in rows})
        self.match_from(rows, queryset, lambda rating: (rating.scheme_id, *self.stored_subject(rating)))

    def write_row(self, row):
        values = {"stars": row.values["stars"], "remarks": row.values.get("remarks", "")}
        if row.obj is not None:
            if not self.changes(row.obj, self.present(row, values)):
                return None
            values = {**{"remarks": row.obj.remarks}, **self.present(row, values)}
        action = CREATE if row.obj is None else UPDATE
        row.obj = assessment.assessment_rate(
            actor=self.ctx.user,
            scheme=row.scheme,
            subject=row.refs["organization"] or row.refs["unit"],
            source=SOURCE,
            **values,
        )
        return action

    def export_values(self, obj, *, personal):
        scheme = obj.scheme
        return [
            scheme.name,
            scheme.year,
            scheme.region.full_name,
            code_of(obj.organization),
            code_of(obj.unit),
            obj.stars,
            obj.remarks,
        ]
