"""Surveys (调查, e.g. 安全感指数调查) with their results, and suggestions (意见建议) with topic and handling status,
through ``regional.registers``.

A survey is matched on region, title and day; its counts may be written as the reports write them (1100多户,
50多条): the figure is stored with its "approximate" flag, and an export writes it back as "1100多". A
suggestion is matched on region, day and content, names its survey by title (调查日期 where two share one), and
may say how it was handled (办理状态, 办理日期, 答复情况: ``suggestion_handle``).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from regional import registers
from regional.models import Suggestion, SuggestionStatus, Survey

from .. import columns as c
from ..models import Kind as KindName
from ..parsing import plain, qualifier_of
from ..references import candidates_text
from .base import quoting
from .regional import CREATE, ORGANIZATION, REGION, SOURCE, UNIT, UPDATE, RegionalKind, code_of

# A count column: the field it fills and the flag that says it was written approximately.
COUNTS = {
    "respondents": "respondents_approximate",
    "suggestions_reported": "suggestions_approximate",
    "answered_reported": "answered_approximate",
}
APPROXIMATE = "多"  # how an export writes an approximate count: 1100多


class Surveys(RegionalKind):
    name = KindName.SURVEYS
    model = Survey
    import_permissions = ("regional.add_survey", "regional.change_survey")
    export_permissions = ("regional.view_survey",)
    references = {"region": REGION, "organization": ORGANIZATION, "unit": UNIT}
    export_select = ("region", "organization", "unit")
    columns = (
        c.text("title", "调查名称", "title", 200, required=True, aliases=("调查",), example="安全感指数调查"),
        c.ref("region", "所在区域", "region", required=True, example="中原区/桐柏路街道/西站东社区"),
        c.date("conducted_on", "调查日期", "conducted on", required=True, aliases=("调查时间",), example="2015-06-10"),
        c.ref("organization", "组织单位", "organized by", example=""),
        c.ref("unit", "共建单位", "with the member unit", aliases=("驻区单位",), example="ZY-XZPCS"),
        c.text("respondents_label", "调查对象", "who was surveyed", 50, required=True, example="沿街商户"),
        c.number("respondents", "调查数量", "surveyed", maximum=100_000_000, aliases=("调查户数",), example="1100多"),
        c.text("result", "调查结果", "result", 4000, multiline=True, example=""),
        c.text("topics", "建议主题", "topics of the suggestions", 200, example="治安、环境"),
        c.number("suggestions_reported", "收集建议数", "suggestions collected", maximum=100_000_000, example="50多"),
        c.number(
            "answered_reported", "现场解答数", "questions answered on the spot", maximum=100_000_000, example="20多"
        ),
    )

    def key(self, row):
        return (row.refs.get("region"), row.values["title"], row.values["conducted_on"])

    def match(self, rows):
        queryset = Survey.objects.filter(
            region_id__in={row.refs["region"] for row in rows},
            title__in={row.values["title"] for row in rows},
            conducted_on__in={row.values["conducted_on"] for row in rows},
        ).order_by("-pk")
        self.match_from(rows, queryset, lambda survey: (survey.region_id, survey.title, survey.conducted_on))

    def values(self, row):
        v, refs = row.values, row.refs
        values = {
            "organization": refs.get("organization"),
            "unit": refs.get("unit"),
            "respondents_label": v["respondents_label"],
            "result": v.get("result", ""),
            "topics": v.get("topics", ""),
        }
        for field, flag in COUNTS.items():
            values[field], values[flag] = plain(v.get(field)), bool(qualifier_of(v.get(field)))
        return values

    def write_row(self, row):
        v = row.values
        values = self.values(row)
        if row.obj is None:
            row.obj = registers.survey_record(
                actor=self.ctx.user,
                region=row.refs["region"],
                title=v["title"],
                conducted_on=v["conducted_on"],
                source=SOURCE,
                **values,
            )
            return CREATE
        present = self.present(row, values)
        present |= {flag: values[flag] for field, flag in COUNTS.items() if field in present}
        changes = self.changes(row.obj, present)
        if not changes:
            return None
        registers.register_update(actor=self.ctx.user, record=row.obj, data=changes, source=SOURCE)
        return UPDATE

    def export_values(self, obj, *, personal):
        respondents, suggestions, answered = (_written(obj, field) for field in COUNTS)
        return [
            obj.title,
            obj.region.full_name,
            obj.conducted_on,
            code_of(obj.organization),
            code_of(obj.unit),
            obj.respondents_label,
            respondents,
            obj.result,
            obj.topics,
            suggestions,
            answered,
        ]


def _written(survey, field):
    """A count for the sheet: the number, or "1100多" when it was written approximately (it reads back)."""
    value = getattr(survey, field)
    return f"{value}{APPROXIMATE}" if value is not None and getattr(survey, COUNTS[field]) else value


class Suggestions(RegionalKind):
    name = KindName.SUGGESTIONS
    model = Suggestion
    import_permissions = ("regional.add_suggestion", "regional.change_suggestion")
    export_permissions = ("regional.view_suggestion",)
    references = {"region": REGION}
    export_select = ("region", "survey")
    columns = (
        c.ref("region", "所在区域", "region", required=True, example="中原区/桐柏路街道/西站东社区"),
        c.text("survey", "所属调查", "survey", 200, aliases=("调查名称",), example="安全感指数调查"),
        c.date("survey_on", "调查日期", "survey conducted on", example="2015-06-10"),
        c.text("topic", "主题", "topic", 50, required=True, aliases=("建议类别", "类别"), example="治安"),
        c.text(
            "content",
            "建议内容",
            "suggestion",
            4000,
            required=True,
            multiline=True,
            aliases=("意见建议", "内容"),
            example="夜间增加巡逻",
        ),
        c.date("raised_on", "提出日期", "raised on", required=True, example="2015-06-10"),
        c.choice("status", "办理状态", "status", SuggestionStatus, aliases=("状态",), example="已办结"),
        c.date("handled_on", "办理日期", "handled on", aliases=("办结日期",), example="2015-07-01"),
        c.text(
            "response",
            "答复情况",
            "response",
            4000,
            multiline=True,
            aliases=("办理情况", "答复"),
            example="已增加夜间巡逻",
        ),
    )

    def resolve(self, rows):
        super().resolve(rows)
        live = [row for row in rows if not row.failed and row.values.get("survey")]
        surveys = {}
        if live:
            inside = self.ctx.regions.scope_test.inside
            queryset = Survey.objects.filter(title__in={row.values["survey"] for row in live}).select_related("region")
            for survey in queryset.order_by("conducted_on", "pk"):
                if inside(survey.region.path):  # a survey outside the user's regions is not found
                    surveys.setdefault(survey.title, []).append(survey)
        for row in rows:
            row.survey = None
            v = row.values
            if v.get("survey") and not row.failed:
                found = surveys.get(v["survey"], [])
                if v.get("survey_on"):
                    found = [survey for survey in found if survey.conducted_on == v["survey_on"]]
                if len(found) == 1:
                    row.survey = found[0]
                elif found:
                    row.fail(
                        "survey_on",
                        _("More than one survey is called “%(title)s”, of %(dates)s: give its date.")
                        % {"title": v["survey"], "dates": candidates_text(s.conducted_on.isoformat() for s in found)},
                    )
                else:
                    row.fail("survey", _("No survey “%(title)s” in your regions.") % {"title": v["survey"]})
            status = v.get("status")
            if status and status != SuggestionStatus.RECEIVED and not v.get("handled_on"):
                row.fail("handled_on", _("Give the date the suggestion was answered, referred or handled."))

    def key(self, row):
        return (row.refs.get("region"), row.values["raised_on"], row.values["content"])

    def match(self, rows):
        queryset = Suggestion.objects.filter(
            region_id__in={row.refs["region"] for row in rows},
            raised_on__in={row.values["raised_on"] for row in rows},
        ).order_by("-pk")
        self.match_from(rows, queryset, lambda s: (s.region_id, s.raised_on, s.content))

    def write_row(self, row):
        v = row.values
        suggestion, action = row.obj, None
        if suggestion is None:
            suggestion = registers.suggestion_record(
                actor=self.ctx.user,
                region=row.refs["region"],
                topic=v["topic"],
                content=v["content"],
                raised_on=v["raised_on"],
                survey=row.survey,
                source=SOURCE,
            )
            row.obj, action = suggestion, CREATE
        else:
            changes = self.changes(suggestion, self.present(row, {"topic": v["topic"]}))
            if changes:
                registers.register_update(actor=self.ctx.user, record=suggestion, data=changes, source=SOURCE)
                action = UPDATE
            if row.survey is not None and suggestion.survey_id != row.survey.pk:
                self.refuse_survey(suggestion)
        status = v.get("status")
        if status == SuggestionStatus.RECEIVED and suggestion.status != SuggestionStatus.RECEIVED:
            self.refuse_back(suggestion)
        handling = (status, v.get("handled_on"), v.get("response", ""))
        if status and status != SuggestionStatus.RECEIVED and handling != self.handling(suggestion):
            registers.suggestion_handle(
                actor=self.ctx.user,
                suggestion=suggestion,
                status=status,
                handled_on=handling[1],
                response=handling[2],
                source=SOURCE,
            )
            action = action or UPDATE
        return action

    def handling(self, suggestion):
        return (suggestion.status, suggestion.handled_on, suggestion.response)

    def refuse_back(self, suggestion):
        raise ValidationError(
            {
                "status": quoting(
                    SuggestionStatus(suggestion.status).label,
                    _("a suggestion already answered, referred or handled is not received again."),
                )
            }
        )

    def refuse_survey(self, suggestion):
        raise ValidationError(
            {"survey": _("This suggestion is recorded from another survey; its survey is not changed by a file.")}
        )

    def export_values(self, obj, *, personal):
        survey = obj.survey
        return [
            obj.region.full_name,
            survey.title if survey else "",
            survey.conducted_on if survey else None,
            obj.topic,
            obj.content,
            obj.raised_on,
            obj.status,
            obj.handled_on,
            obj.response,
        ]
