"""The Chinese summary of the printable report, written as the offices' own reports are written.

    "2020年上半年，郑东新区共开展各类活动288余场次、参与15676余人次……。其中，开展培训83期、250余场次、7476人次
    （干部教育培训83期、7476人次；青年志愿者培训250余场次）；……。13个党支部完成换届；……。"

- **The period as the reports say it**: 今年以来 for the year to date, 2021年 for a closed year, 2020年上半年,
  2021年第三季度, 2021年9月, 2021年1—9月 (``period_phrase``).
- **The whole first**, core measures only, each with its own unit; then **each category in its own words**
  ("开展培训83期、7476人次": sessions in 场次, training classes in 期, participants in 人次 straight after the
  category's name, every other figure with its label and unit); a category of two or three records names them
  with their own figures, as the reports name their activities. Heads (人, indicators such as 发动党员) and
  person-times (人次, the core measures) are never written as each other, nor added.
- **Approximate stays approximate**: a figure typed 8000余 is written 8000余, 约397636 as 约397636, a total with
  an approximate part with 余 (``reports.selectors.values.total_qualifier``).
- **Organizations and elections of the period** (13个党支部完成换届) and **projects with their progress**
  ("中原区老旧小区改造487个，301个已开工、177个已完成").

Like the reports, round large figures are written with 万 (8.9万, 3620万元, 1.5万) and exact ones in full
(397636, 43530): a figure of at least 10,000 that is a whole number of thousands is written in 万, anything
else digit for digit. The summary is Chinese whatever the interface language, as the reports it stands in for are.
"""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Q
from django.utils import translation

from activities.measures import MEASURES_BY_FIELD, qualified
from activities.models import Activity, IndicatorValue
from communities.models import OrganizationKind, Project
from regional.models import Election, ElectionKind, PairingKind, PartyKind

from .periods import CUSTOM, YEAR, Period
from .selectors import qualifiers_of, total_qualifier

# Figures written straight after the category's name, joined by 、 ("开展培训83期、250场次、7476人次").
BARE = ("training_classes", "sessions", "participants")
# Every other core measure: its words before the number, and the unit after it.
CLAUSES = {
    "sessions": ("", "场次"),
    "participants": ("参与", "人次"),
    "volunteers": ("参与志愿者", "人次"),
    "volunteer_hours": ("服务时长", "小时"),
    "people_served": ("服务群众", "人次"),
    "households": ("走访服务", "户"),
    "funds": ("投入资金", "元"),
}
# The verb a category's sentence opens with (default 开展).
LEADS = {"meeting": "召开", "observation": "组织"}
# A category with at most this many records in the period names them.
NAMED_RECORDS = 3
NAMED_RECORDS_MAX = 30  # records named in the whole summary at most (one query, capped)
PROJECTS_NAMED = 8


def chinese_number(value):
    """397636 -> "397636"; 89000 -> "8.9万"; 36200000 -> "3620万"; 3168.0 -> "3168"; 7.5 -> "7.5"."""
    value = Decimal(value)
    if value >= 10_000 and value % 1000 == 0:
        return f"{_plain(value / 10_000)}万"
    return _plain(value)


def _plain(value):
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


ROUND_WORDS = {100: "百", 1000: "千", 10_000: "万"}


def written(value, qualifier=""):
    """A figure as the reports write it: 8000 with 余 -> "8000余", 10000 with 近 -> "近万", 1000 with 上 -> "上千"."""
    if qualifier in ("近", "上", "将近", "接近") and value in ROUND_WORDS:
        return f"{qualifier}{ROUND_WORDS[int(value)]}"
    return qualified(chinese_number(value), qualifier)


def period_phrase(period, today=None):
    """How the summary opens: 今年以来, 2021年, 2020年上半年, 2021年第三季度, 2021年9月, 2021年1—9月, or the dates."""
    today = today or datetime.date.today()
    start, end = period.start, period.end
    january_first = start.month == 1 and start.day == 1
    if january_first and start.year == today.year and end >= today and period.kind in (YEAR, CUSTOM):
        return "今年以来"
    if period.kind != CUSTOM:
        return period.describe()
    month_end = Period.month(end.year, end.month).end == end
    if start.year == end.year and start.day == 1 and month_end:
        if (start.month, end.month) == (1, 12):
            return f"{start.year}年"
        if (start.month, end.month) == (1, 6):
            return f"{start.year}年上半年"
        if (start.month, end.month) == (7, 12):
            return f"{start.year}年下半年"
        if start.month == end.month:
            return f"{start.year}年{start.month}月"
        return f"{start.year}年{start.month}—{end.month}月"
    return period.describe()


class _Figures:
    """The figures of one total (the whole, a category, a record) as (key, value, qualifier, label, unit)."""

    def __init__(self):
        self.items = []

    def add(self, key, value, qualifier, label, unit):
        if value:
            self.items.append((key, value, qualifier, label, unit))

    def text(self, lead="", name="", topic="", bare_keys=BARE):
        """ "{lead}{name}83期、7476人次，服务群众80余人次，发动党员3760人"; "" when there is nothing.

        Without a figure to follow the name directly, the sentence opens with ``topic`` instead
        ("志愿服务方面", or a record's title).
        """
        by_key = {item[0]: item for item in self.items}
        bare = [
            f"{written(v, q)}{unit}" for key in bare_keys if (item := by_key.get(key)) for _k, v, q, _l, unit in [item]
        ]
        rest = [f"{label}{written(v, q)}{unit}" for key, v, q, label, unit in self.items if key not in bare_keys]
        if not bare and not rest:
            return ""
        head = f"{lead}{name}{'、'.join(bare)}" if bare else topic
        return "，".join(part for part in [head, *rest] if part)


def _measure(figures, key, value, qualifier):
    words, unit = CLAUSES[key]
    figures.add(key, value, qualifier, words or str(MEASURES_BY_FIELD[key].label), unit)


def summary_paragraphs(*, query, totals, categories, approximate, region_name, regional=None, today=None):
    """The summary as a list of paragraphs (the print page, the Word document): the activities' paragraphs, then
    the elections, the regional work (``regional``: ``reports.regional.regional_figures``) and the projects."""
    return activity_paragraphs(
        query=query,
        totals=totals,
        categories=categories,
        approximate=approximate,
        region_name=region_name,
        today=today,
    ) + record_paragraphs(query=query, regional=regional, today=today)


def activity_paragraphs(*, query, totals, categories, approximate, region_name, today=None):
    """The whole and each category's sentence: figures of the activities, cached with the monthly totals.

    A few queries: the named records and their indicator values (two, only when a category has few records).
    """
    with translation.override("zh-hans"):
        category_name = query.category.name if query.category else ""
        parts = [
            whole_sentence(
                region_name=region_name, period=query.period, totals=totals, category_name=category_name, today=today
            )
        ]
        if totals.records:
            lines = _categories(query, totals, categories, approximate)
            if lines and not query.category:
                parts.append("其中，" + "；".join(lines) + "。")
            elif lines:
                parts.append("；".join(lines) + "。")
        return parts


def record_paragraphs(*, query, regional=None, today=None):
    """The elections of the period, its regional work and its projects: records that change outside the monthly
    totals, so read on every visit, never cached with the activities' figures (``reports.cache``).

    One query for the elections, one for the projects; ``regional`` is already counted.
    """
    with translation.override("zh-hans"):
        parts = []
        organizations = _elections(query)
        if organizations:
            parts.append(f"{period_phrase(query.period, today)}，" + "；".join(organizations) + "。")
        work = regional_lines(regional) if regional else []
        if work:
            parts.append("区域化党建方面，" + "；".join(work) + "。")
        projects = _projects(query)
        if projects:
            parts.append("项目推进方面，" + "；".join(projects) + "。")
        return parts


def summary_sentence(**kwargs):
    """The summary as one paragraph of text (the dashboard)."""
    return "".join(summary_paragraphs(**kwargs))


def whole_sentence(*, region_name, period, totals, category_name="", today=None):
    """The opening sentence: the period, the region and the core measures of ``totals`` (a ``selectors.Totals``).

    "2021年，大鹏新区共开展各类活动47场次，参与8.9万人次，参与志愿者2112人次，服务时长3168小时，服务群众约397636人次。"
    """
    opening = f"{period_phrase(period, today)}，{region_name}"
    values = totals.by_key()
    activity = f"{category_name}活动" if category_name else "各类活动"
    figures = _Figures()
    for key in CLAUSES:
        figure = values[key]
        _measure(figures, key, figure.current, figure.qualifier)
    if not figures.items:
        if totals.records:
            return f"{opening}共记录{activity}{totals.records}项。"
        return f"{opening}暂无{category_name}活动记录。"
    if values["sessions"].current:
        return f"{opening}{figures.text(f'共开展{activity}', bare_keys=('sessions',))}。"
    return f"{opening}累计{figures.text(bare_keys=())}。"


def _categories(query, totals, rows, approximate):
    indicators = {f.key: f for f in totals.figures if f.is_indicator}
    few = [row for row in rows if row.records <= NAMED_RECORDS]
    named = _named_records(query, [row.key for row in few], indicators)
    lines = []
    for row in rows:
        figures = _Figures()
        for key in CLAUSES:
            parts = qualifiers_of(approximate, key, category_id=row.key)
            _measure(figures, key, row.values.get(key), total_qualifier(parts, row.values.get(key)))
        for code, value in row.indicators.items():
            indicator = indicators.get(code)
            if indicator is None:
                continue
            parts = qualifiers_of(approximate, code, category_id=row.key)
            figures.add(code, value, total_qualifier(parts, value), indicator.label, indicator.unit)
        _order(figures)
        text = figures.text(LEADS.get(row.obj.code, "开展"), row.label, f"{row.label}方面")
        if not text:
            continue
        records = named.get(row.key, [])
        if len(records) == 1:
            text += f"（{records[0][0]}）"
        elif records:
            text += "（" + "；".join(body or title for title, body in records) + "）"
        lines.append(text)
    return lines


def _order(figures):
    """Bare figures first in BARE's order, then the rest as they came."""
    rank = {key: i for i, key in enumerate(BARE)}
    figures.items.sort(key=lambda item: rank.get(item[0], len(BARE)))


def _named_records(query, category_ids, indicators):
    """{category id: [(title, the title with its figures)]} for the categories with few records; two queries."""
    if not category_ids:
        return {}
    records = list(
        Activity.objects.filter(query.activity_q(), category_id__in=category_ids)
        .order_by("date", "pk")
        .only("pk", "title", "category_id", "qualifiers", *CLAUSES)[:NAMED_RECORDS_MAX]
    )
    values = defaultdict(list)
    rows = IndicatorValue.objects.filter(activity__in=records).select_related("indicator")
    for v in rows.order_by("indicator__sort_order", "indicator_id"):
        values[v.activity_id].append(v)
    named = defaultdict(list)
    for activity in records:
        figures = _Figures()
        qualifiers = activity.qualifier_map
        for key in CLAUSES:
            _measure(figures, key, getattr(activity, key), qualifiers.get(key, ""))
        for v in values[activity.pk]:
            figure = indicators.get(v.indicator.code)
            if figure is not None:
                figures.add(figure.key, v.value, v.qualifier, figure.label, figure.unit)
        _order(figures)
        named[activity.category_id].append((activity.title, figures.text("", activity.title, activity.title)))
    return named


def _subtree(query, path):
    q = query.scope.q(path)
    if query.region is not None:
        q &= Q(**{f"{path}__startswith": query.region.path})
    return q


def _elections(query):
    """ "13个党支部完成换届", "郑东新区新的社会阶层人士联谊会召开成立大会并选举产生领导班子"; one query."""
    held = (
        Election.objects.filter(_subtree(query, "organization__region__path"))
        .held_in(query.period.start, query.period.end)
        .order_by("held_on", "pk")
        .values_list("kind", "organization__kind", "organization__name")[:500]
    )
    general, others, founded = Counter(), Counter(), []
    for kind, organization_kind, name in held:
        if kind == ElectionKind.FOUNDING:
            founded.append(name)
        elif kind == ElectionKind.GENERAL:
            general[organization_kind] += 1
        else:
            others[organization_kind] += 1
    lines = [f"{n}个{OrganizationKind(kind).label}完成换届" for kind, n in general.most_common()]
    lines += [f"{n}个{OrganizationKind(kind).label}完成补选" for kind, n in others.most_common()]
    if founded:
        names = "、".join(founded[:3]) + (f"等{len(founded)}个组织" if len(founded) > 3 else "")
        lines.append(f"{names}召开成立大会并选举产生领导班子")
    return lines


def _projects(query):
    """ "中原区老旧小区改造487个，301个已开工、177个已完成" for the projects of the period's years; one query."""
    years = range(query.period.start.year, query.period.end.year + 1)
    projects = (
        Project.objects.filter(_subtree(query, "region__path"), year__in=list(years))
        .order_by("-planned", "pk")
        .only("name", "unit", "planned", "started", "completed")[:PROJECTS_NAMED]
    )
    lines = []
    for p in projects:
        unit = p.unit
        if p.completed == p.planned:
            lines.append(f"完成{p.name}{p.planned}{unit}")
            continue
        progress = []
        if p.started:
            progress.append(f"{p.started}{unit}已开工")
        if p.completed:
            progress.append(f"{p.completed}{unit}已完成")
        lines.append(f"{p.name}{p.planned}{unit}" + ("，" + "、".join(progress) if progress else ""))
    return lines


# --- regional work (区域化党建) ---------------------------------------------------------------------------------

# A pairing kind's words: (a count of pairs of it, for one of two records; an aggregate's words between its sides).
PAIRING_WORDS = {
    PairingKind.CO_BUILDING: ("结对共建{n}对", "{a}与{b}结对共建"),
    PairingKind.CONTRACTING: ("分包联系{n}处", "{a}分包{b}"),
    PairingKind.CONTACT_POINT: ("建立党建工作联系点{n}个", "{a}联系{b}"),
    PairingKind.FIRST_SECRETARY: ("选派第一书记{n}名", "{a}向{b}选派第一书记"),
    PairingKind.INSTRUCTOR: ("选派党建指导员{n}名", "{a}向{b}选派党建指导员"),
}
# What an aggregate counts decides its measure word: people in 名 (56名党员科级干部), the rest in 个 (126个机关支部).
PEOPLE_ENDINGS = ("干部", "党员", "人员", "委员", "书记", "指导员", "群众", "志愿者", "居民", "人")


def _counted(count, label):
    """ "126个机关支部", "56名党员科级干部"."""
    word = "名" if label.endswith(PEOPLE_ENDINGS) else "个"
    return f"{written(count)}{word}{label}"


def _side(pairing, side):
    kind, record, count, label = pairing.side(side)
    if kind == PartyKind.GROUP:
        return _counted(count, label)
    if kind == PartyKind.PERSON:
        return "1名党员干部"  # a summary goes on paper: no person's name in it
    if kind == PartyKind.REGION:
        return record.name
    return str(record)


def _pairing_lines(pairings, aggregates):
    """The aggregates by their sides (the same side A's joined: "中原区纪委监委分包14个街道、46个行政村"), then the
    pairs of two records counted by kind ("结对共建12对"); an aggregate is never counted as one pair."""
    lines, last = [], None
    for pairing in aggregates:
        a, b = _side(pairing, "a"), _side(pairing, "b")
        if last is not None and last[:2] == (pairing.kind, a):
            last[2].append(b)
            continue
        last = (pairing.kind, a, [b])
        lines.append(last)
    written_lines = [PAIRING_WORDS[kind][1].format(a=a, b="、".join(bs)) for kind, a, bs in lines]
    for kind in PairingKind.values:
        pairs = (pairings["by_kind"].get(kind) or 0) - (pairings.get("grouped_by_kind", {}).get(kind) or 0)
        if pairs > 0:
            written_lines.append(PAIRING_WORDS[kind][0].format(n=written(pairs)))
    return written_lines


def _joined(*clauses):
    """The clauses with a figure, joined by 、: ("收集需求{}条", 3), ("已解决{}条", 0) -> "收集需求3条"."""
    return "、".join(text.format(written(n)) for text, n in clauses if n)


def _committee_line(committees):
    """ "吸纳驻区单位2家、驻区单位和“两新”组织100余家、兼职委员1名": the named units, the counted ones, the members."""
    units = [f"驻区单位{written(committees['units'])}家"] if committees["units"] else []
    units += [f"{c['label']}{written(c['count'], c['qualifier'])}家" for c in committees.get("counted", [])]
    clauses = ["吸纳" + "、".join(units)] if units else []
    if committees["members"]:
        clauses.append(f"兼职委员{written(committees['members'])}名")
    return "、".join(clauses)


def regional_lines(figures):
    """The regional work of ``figures`` (``reports.regional.regional_figures``) as the reports write it, each clause
    only with a figure that is not zero:

    "吸纳驻区单位2家、兼职委员1名", "126个机关支部与408个无主管楼院结对共建", "结对共建12对",
    "收集需求5条、已解决3条", "驻区单位认领项目2个、完成1个", "3个单位、12名在职党员到社区报到",
    "成立3个督导组，对10个街道267个工地科级干部驻点情况进行督导".
    Every figure is a count of records (a member unit, a pairing, a need) or a count a record gives as reported;
    only the member units a report counts without naming them (``UnitCount``) may be approximate, and they are
    written beside the named ones under their own label with their qualifier ("驻区单位和“两新”组织100余家"),
    never added into the named units' exact figure.
    """
    lines = []
    committees = figures["committees"]
    lines.append(_committee_line(committees))
    lines += _pairing_lines(figures["pairings"], figures.get("aggregate_pairings", []))
    needs, projects = figures["needs"], figures["projects"]
    lines.append(
        _joined(
            ("收集需求{}条", needs["raised"]), ("对接资源{}条", needs["matched"]), ("已解决{}条", needs["resolved"])
        )
    )
    claimed = _joined(("驻区单位认领项目{}个", projects["claimed"]), ("完成{}个", projects["completed"]))
    lines.append(
        _joined(("列入项目清单{}个", projects["listed"])) + ("，" if projects["listed"] and claimed else "") + claimed
    )
    units, members = figures["reported"]["units"], figures["members"]["members"]
    if units or members:
        reported = _joined(("{}个单位", units), ("{}名在职党员", members)) + "到社区报到"
        services = [
            _joined(("单位开展服务{}次", figures["reported"]["services"])),
            _joined(
                ("在职党员参与服务{}人次", figures["members"]["services"]),
                ("服务时长{}小时", figures["members"]["hours"]),
            ),
        ]
        lines.append("，".join([reported, *[s for s in services if s]]))
    for check in figures.get("supervision", []):
        lines.append(_supervision(check))
    return [line for line in lines if line]


def _supervision(check):
    """ "成立3个督导组，对10个街道267个工地科级干部驻点情况进行督导"."""
    where = "".join(
        _counted(n, label) for n, label in ((check.areas, check.areas_label), (check.places, check.places_label)) if n
    )
    return f"成立{written(check.groups)}个督导组，对{where}{check.subject}进行督导"
