"""``manage.py generate_province``: a synthetic province for the benchmarks, written fast.

Every row is computed in Python with primary keys handed out here, so the
region paths ("12/57/311/") are known before anything is written, and the rows
go to the database in one stream per table: ``COPY ... FROM STDIN`` on
PostgreSQL, ``bulk_create`` in batches elsewhere. Nothing here goes through the
services on purpose: one service call per region or activity would take hours
at this size. The region fields the services own (path, depth, full name) are
computed by the same rule as ``communities.services.region_create``, which the
tests check.
"""

import argparse
import datetime
import math
import random
import time
from array import array
from dataclasses import dataclass
from itertools import islice

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction
from django.db.models import SET_NULL, Max, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from activities.measures import MEASURE_FIELDS, MEASURES_BY_FIELD
from activities.models import EARLIEST_DATE, Activity, Category, Indicator, IndicatorValue, Participation, Status
from activities.services import monthly_totals_rebuild
from communities.models import (
    PATH_SEPARATOR,
    Organization,
    OrganizationKind,
    Project,
    Region,
    RegionLevel,
    ServiceSite,
)
from volunteers.models import Gender, Person, PoliticalStatus, Team, TeamKind, TeamMembership
from volunteers.validators import id_number_check_char

ROOT_CODE = "SYN"
ROOT_NAME = "模拟省"
# Every other code the generator writes starts with this, so a clash is caught before writing.
CODE_PREFIX = f"{ROOT_CODE}-"

LEVELS = (
    RegionLevel.PROVINCE,
    RegionLevel.CITY,
    RegionLevel.DISTRICT,
    RegionLevel.SUBDISTRICT,
    RegionLevel.COMMUNITY,
    RegionLevel.GRID,
)
COMMUNITY_SHARE = 0.4  # of the regions below subdistrict level; the rest are grids
# Where activities happen: mostly communities, some grids and subdistricts.
ACTIVITY_SHARES = {RegionLevel.COMMUNITY: 0.80, RegionLevel.GRID: 0.12, RegionLevel.SUBDISTRICT: 0.08}
SUMMARY_SHARE = 0.08  # records that summarise many events over a period (start_date set)
MISSING_SHARE = 0.1  # a measure that applies is still left empty this often
LOCAL_TZ = datetime.timezone(datetime.timedelta(hours=8))  # China keeps no daylight saving time
BIRTH_FIRST = datetime.date(1950, 1, 1)
BIRTH_DAYS = 20_000  # people born 1950 to late 2004
ID_SLOTS = BIRTH_DAYS * 500  # (birth date, odd or even sequence number) pairs: one per person at most
COPY_CHUNK = 5_000
SUSPEND_INDEXES_FROM = 50_000  # rows; see _Loader._suspend_indexes
BULK_CHUNK = 2_000


def _pairs(text):
    """Two-character place words written run together: "安平东阳" -> ["安平", "东阳"]."""
    return [text[i : i + 2] for i in range(0, len(text), 2)]


CITY_WORDS = _pairs("安平东阳南华西岭北川清河永宁长乐新丰广德华阳临江云台凤城金川宁远太和兴隆嘉禾瑞安")
PLACE_WORDS = _pairs(
    "建设幸福和平光明团结文化人民解放胜利民主友谊东风红旗新华朝阳花园桐柏锦绣绿城康宁"
    "福寿平安兴华育才书院滨河金水银杏翠竹丰收长春永安泰山黄河嵩山伏牛淮河汝河颍川商都"
    "中州紫荆牡丹月季杏花槐荫柳林松涛梧桐凤凰龙湖青龙白鹭望京城北城南河西河东"
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"  # one character each
GIVEN_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文海燕鹏辉雪梅鑫宇浩晨欣悦佳子涵思雨婷"
WORK_UNITS = (
    "市第一人民医院",
    "区人民法院",
    "区教育局",
    "市供电公司",
    "区税务局",
    "市自来水公司",
    "区实验小学",
    "区人民检察院",
    "市公交公司",
    "区市场监督管理局",
)
RESIDENT_UNITS = ("派出所", "社区卫生服务中心", "实验小学", "邮政支局", "供电所", "消防救援站")
NEW_ORGANIZATIONS = ("物业服务公司", "商务楼宇", "快递服务站", "社会工作服务中心")

# Indicators the synthetic activities carry values for: (code, name, unit).
INDICATORS = (
    ("suggestions", "意见建议", "条"),
    ("disputes_mediated", "调解纠纷", "起"),
    ("new_league_members", "新发展团员", "人"),
    ("inquiries_answered", "解答咨询", "个"),
    ("hazards_found", "排查隐患", "处"),
)


@dataclass(frozen=True)
class Profile:
    """How often a category occurs and the typical (median) size of its measures; 0 means "does not apply"."""

    weight: float
    participants: int
    volunteers: int = 0
    served: int = 0
    households: int = 0
    funds_share: float = 0.0
    funds: int = 0
    indicators: tuple = (("suggestions", 0.04),)  # (indicator code, share of records with a value)
    phrases: tuple = ()
    years: tuple = ()  # when set, the category is common only in these years


PROFILES = {
    "study": Profile(10, 30, phrases=("开展党史学习教育专题学习", "组织理论学习读书班", "开展“三会一课”集中学习")),
    "training": Profile(8, 40, funds_share=0.05, funds=2_000, phrases=("举办志愿者业务培训", "开展网格员能力提升培训")),
    "theme_day": Profile(
        8,
        25,
        volunteers=8,
        served=40,
        indicators=(("new_league_members", 0.25),),
        phrases=("开展主题党日活动", "组织主题团日活动", "开展“我为群众办实事”主题党日"),
    ),
    "volunteer_service": Profile(
        20,
        25,
        volunteers=15,
        served=120,
        phrases=("开展学雷锋志愿服务活动", "组织环境卫生整治志愿服务", "开展关爱老人志愿服务", "开展文明交通劝导"),
    ),
    "visit": Profile(
        10,
        8,
        volunteers=5,
        served=20,
        households=15,
        funds_share=0.3,
        funds=3_000,
        indicators=(("suggestions", 0.2),),
        phrases=("走访慰问困难群众", "开展节日走访慰问", "入户走访独居老人"),
    ),
    "publicity": Profile(
        10,
        20,
        volunteers=8,
        served=200,
        indicators=(("inquiries_answered", 0.4),),
        phrases=("开展垃圾分类宣传", "开展反诈宣传进社区", "开展政策宣讲活动"),
    ),
    "meeting": Profile(
        8, 15, indicators=(("suggestions", 0.5),), phrases=("召开居民议事会", "召开联席会议", "召开党建物业协调会")
    ),
    "observation": Profile(3, 20, phrases=("组织观摩交流活动", "赴兄弟社区学习交流")),
    "mediation": Profile(
        4,
        6,
        served=6,
        households=3,
        indicators=(("disputes_mediated", 0.7),),
        phrases=("调解邻里纠纷", "开展矛盾纠纷排查化解"),
    ),
    "assistance": Profile(
        5,
        10,
        volunteers=6,
        served=15,
        households=10,
        funds_share=0.6,
        funds=5_000,
        phrases=("开展困难群众帮扶救助", "开展助残帮扶活动"),
    ),
    "co_building": Profile(
        4,
        30,
        volunteers=10,
        served=150,
        funds_share=0.3,
        funds=20_000,
        phrases=("与驻区单位开展共驻共建活动", "签订共建协议并开展共建"),
    ),
    "culture_sports": Profile(6, 80, volunteers=10, served=300, phrases=("举办社区文艺汇演", "开展全民健身活动")),
    "epidemic": Profile(
        6,
        20,
        volunteers=15,
        served=500,
        households=100,
        phrases=("开展疫情防控值守", "协助开展核酸检测", "开展疫苗接种宣传动员"),
        years=(2020, 2021, 2022),
    ),
    "public_safety": Profile(
        6,
        15,
        volunteers=8,
        served=200,
        households=50,
        indicators=(("hazards_found", 0.4), ("inquiries_answered", 0.2)),
        phrases=("开展平安建设宣传走访", "开展治安巡逻", "开展消防安全隐患排查"),
    ),
}
DEFAULT_PROFILE = Profile(3, 20)

HELP = """\
Build a synthetic province for the benchmarks, rooted at the region with code SYN (模拟省).

Rules:
  * Regions: the province, about 10 cities, about 10 districts in each, about 10
    subdistricts in each, then communities (2 in 5) and grids, until exactly
    --regions regions exist under SYN. Paths, depths and full names are exactly
    what communities.services.region_create would write; codes start with SYN-.
  * Organizations and volunteer teams at every level below the province.
  * Activities: mostly in communities, some in grids and subdistricts, dated from
    1 January of --start-year over --years years; every active category, mostly
    approved, some submitted, draft or returned (more of them near the end);
    realistic measures, some left empty; five indicators with values on a share
    of the records. External ids are SYN-<id>.
  * People (--people) have valid GB 11643 ID numbers and phone numbers; a share
    join a team. Participations (--participations) are unique person x activity
    pairs of 0.5 to 8 hours, in the person's own district where it has enough.
  * The same --seed gives the same province.
  * One transaction: a failed run leaves nothing behind; --dry-run builds
    everything and rolls it back. When SYN exists the command stops, unless
    --replace is given: it first deletes the SYN subtree and the rows that
    depend on it, and nothing else.
  * On PostgreSQL rows are streamed with COPY and the tables are analysed
    afterwards; other databases get batched inserts.
"""


class _HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of the rules in ``--help``."""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("formatter_class", _HelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=int, default=10_000, help="Regions in the province (default 10000).")
        parser.add_argument("--activities", type=int, default=1_000_000, help="Activities (default 1000000).")
        parser.add_argument("--people", type=int, default=0, help="People (default 0).")
        parser.add_argument("--participations", type=int, default=0, help="Participation records (default 0).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--start-year", type=int, default=2019, help="First year of activities (default 2019).")
        parser.add_argument("--years", type=int, default=3, help="Years of activities (default 3).")
        parser.add_argument("--replace", action="store_true", help="Delete an existing synthetic province first.")
        parser.add_argument("--dry-run", action="store_true", help="Build everything, report, then roll back.")

    def handle(self, *args, **options):
        _check_options(options)
        started = time.perf_counter()
        loader = _Loader(self.stderr)
        try:
            with transaction.atomic():
                _lock_tables()
                removed = _make_room(replace=options["replace"])
                if removed:
                    self.stdout.write(
                        _("Removed the previous synthetic province: %(counts)s (%(seconds).1f s).")
                        % {"counts": _counts_text(removed["counts"]), "seconds": removed["seconds"]}
                    )
                _Generator(options, loader).run()
                loader.finish()
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except IntegrityError as exc:
            raise CommandError(
                _("The synthetic province could not be written; nothing was saved: %(error)s") % {"error": exc}
            ) from exc
        self._report(loader, time.perf_counter() - started, dry_run=options["dry_run"])

    def _report(self, loader, seconds, *, dry_run):
        for label, rows, table_seconds in loader.results:
            rate = rows / table_seconds if table_seconds > 0 else 0
            self.stdout.write(
                _("%(table)s: %(rows)s rows in %(seconds).1f s (%(rate)s rows/s)")
                % {"table": label, "rows": f"{rows:,}", "seconds": table_seconds, "rate": f"{rate:,.0f}"}
            )
        for label, step_seconds in loader.steps:
            self.stdout.write(_("%(step)s: %(seconds).1f s") % {"step": label, "seconds": step_seconds})
        if dry_run:
            self.stdout.write(_("Dry run: everything was rolled back, nothing was written."))
        self.stdout.write(
            self.style.SUCCESS(
                _("Synthetic province %(name)s (code %(code)s) built in %(seconds).1f s.")
                % {"name": ROOT_NAME, "code": ROOT_CODE, "seconds": seconds}
            )
        )


def _check_options(options):
    if options["regions"] < 1:
        raise CommandError(_("--regions must be at least 1."))
    for name in ("activities", "people", "participations"):
        if options[name] < 0:
            raise CommandError(_("--%(option)s must not be negative.") % {"option": name})
    if options["people"] > ID_SLOTS:
        raise CommandError(_("--people can be at most %(limit)s.") % {"limit": f"{ID_SLOTS:,}"})
    if options["participations"] > options["people"] * options["activities"]:
        raise CommandError(
            _("--participations cannot exceed --people × --activities: each person takes part in an activity once.")
        )
    first, years = options["start_year"], options["years"]
    if years < 1 or first < EARLIEST_DATE.year or first + years - 1 > 2100:
        raise CommandError(_("The activity years must lie between 1990 and 2100, and --years must be at least 1."))


def _lock_tables():
    """On PostgreSQL, keep other writers out while primary keys are handed out here."""
    if connection.vendor != "postgresql":
        return  # SQLite locks the whole database for the writing transaction anyway
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in _WRITTEN_MODELS)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")


def _make_room(*, replace):
    """Refuse, or delete the previous synthetic province; then make sure the reserved codes are free."""
    removed = None
    try:
        root = Region.objects.get(code=ROOT_CODE)
    except Region.DoesNotExist:
        pass
    else:
        if not replace:
            raise CommandError(
                _("A synthetic province (region code %(code)s) already exists; run again with --replace to rebuild it.")
                % {"code": ROOT_CODE}
            )
        started = time.perf_counter()
        counts = _delete_province(root)
        _run_deferred_checks()  # here, so their time is counted as the removal's
        removed = {"counts": counts, "seconds": time.perf_counter() - started}
    if Region.objects.roots().filter(name=ROOT_NAME).exists():
        raise CommandError(
            _("A top-level region named %(name)s already exists; the synthetic province needs that name.")
            % {"name": ROOT_NAME}
        )
    for queryset in (
        Region.objects.filter(code__startswith=CODE_PREFIX),
        Organization.objects.filter(code__startswith=CODE_PREFIX),
        Team.objects.filter(code__startswith=CODE_PREFIX),
        Activity.objects.filter(external_id__startswith=CODE_PREFIX),
    ):
        if queryset.exists():
            raise CommandError(
                _("Codes beginning with %(prefix)s are kept for the synthetic province, but some %(things)s use them.")
                % {"prefix": CODE_PREFIX, "things": queryset.model._meta.verbose_name_plural}
            )
    return removed


def _delete_province(root):
    """Delete the subtree under ``root`` and every row that refers to it, dependents first.

    ``_raw_delete`` issues one DELETE per table; ``QuerySet.delete()`` would load
    every activity to collect its cascades, a million objects in memory.
    """
    prefix = root.path
    orgs = Organization.objects.filter(Q(region__path__startswith=prefix) | Q(parent__region__path__startswith=prefix))
    teams = Team.objects.filter(Q(region__path__startswith=prefix) | Q(organization__in=orgs))
    people = Person.objects.filter(Q(region__path__startswith=prefix) | Q(reporting_community__path__startswith=prefix))
    activities = Activity.objects.filter(
        Q(region__path__startswith=prefix) | Q(team__in=teams) | Q(organization__in=orgs)
    )
    in_tree_or_org = Q(region__path__startswith=prefix) | Q(organization__in=orgs)
    steps = (
        Participation.objects.filter(Q(activity__in=activities) | Q(person__in=people)),
        IndicatorValue.objects.filter(activity__in=activities),
        activities,
        TeamMembership.objects.filter(Q(team__in=teams) | Q(person__in=people)),
        people,
        ServiceSite.objects.filter(in_tree_or_org),
        Project.objects.filter(in_tree_or_org),
        teams,
        orgs,
        Region.objects.subtree(root),
    )
    counts = _clear_other_references(
        {Region: steps[-1], Organization: orgs, Team: teams, Person: people, Activity: activities},
        handled={queryset.model for queryset in steps},
    )
    for queryset in steps:
        counts[queryset.model] = queryset._raw_delete(queryset.db)
    return counts


def _clear_other_references(doomed, *, handled):
    """Rows of other models that point at a doomed row (a user's scope region, say): deleted, or unlinked if SET_NULL.

    Found through the model registry, so models added later are covered without changing this command.
    """
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model in handled:
            continue
        for field in model._meta.concrete_fields:
            if not (field.many_to_one or field.one_to_one) or field.remote_field.model not in doomed:
                continue
            queryset = model._base_manager.filter(**{f"{field.name}__in": doomed[field.remote_field.model]})
            if field.remote_field.on_delete is SET_NULL:
                queryset.update(**{field.name: None})
            else:
                counts[model] = counts.get(model, 0) + queryset._raw_delete(queryset.db)
    return counts


def _run_deferred_checks():
    """Run the foreign-key checks PostgreSQL has queued (Django's are deferred) now rather than at commit."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _counts_text(counts):
    return ", ".join(f"{model._meta.verbose_name_plural} {count:,}" for model, count in counts.items() if count)


# Written with primary keys handed out here; their sequences are reset afterwards.
_WRITTEN_MODELS = (Region, Organization, Team, Activity, IndicatorValue, Person, TeamMembership, Participation)


def _next_id(model):
    return (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1


def apportion(total, weights, caps=None):
    """Split ``total`` into whole shares in proportion to ``weights``, none above its cap.

    Integer arithmetic, so the shares always add up to ``total`` exactly.
    """
    scaled = [max(0, round(weight * 1_000_000)) for weight in weights]
    weight_sum = sum(scaled)
    if total == 0 or not scaled:
        return [0] * len(scaled)
    if weight_sum == 0:
        scaled, weight_sum = [1] * len(scaled), len(scaled)
    counts = [total * weight // weight_sum for weight in scaled]
    if caps is not None:
        counts = [min(count, cap) for count, cap in zip(counts, caps, strict=True)]
    left = total - sum(counts)
    order = sorted(range(len(scaled)), key=scaled.__getitem__, reverse=True)
    for i in order:  # the rounding remainder, one each to the heaviest
        if not left:
            break
        if caps is None or counts[i] < caps[i]:
            counts[i] += 1
            left -= 1
    if left and caps is not None:  # caps held some back: fill whatever room is left
        for i in order:
            give = min(left, caps[i] - counts[i])
            counts[i] += give
            left -= give
            if not left:
                break
    if left:
        raise ValueError("not enough room for the total")
    return counts


def level_sizes(total):
    """How many regions each level gets: a branching of about 10 at 10,000 regions, the rest communities and grids."""
    branching = max(1, round((total / 10) ** (1 / 3)))
    upper = [1, branching, branching**2, branching**3]
    rest = total - sum(upper)
    planned = upper
    if rest > 0:
        communities = max(1, round(rest * COMMUNITY_SHARE))
        planned = upper + [communities, rest - communities]
    sizes, left = [], total
    for size in planned:
        sizes.append(min(size, left))
        left -= sizes[-1]
    return sizes + [0] * (len(LEVELS) - len(sizes))


class _Node:
    """A region as planned: its row, plus what the later tables need to know about it."""

    __slots__ = (
        "id",
        "code",
        "name",
        "level",
        "parent",
        "path",
        "depth",
        "full_name",
        "pool",
        "org",
        "teams",
        "child_names",
    )

    def __init__(self, pk, code, name, level, parent):
        self.id, self.code, self.name, self.level, self.parent = pk, code, name, level, parent
        # The rule of communities.services.region_create.
        if parent is None:
            self.path, self.depth, self.full_name = f"{pk}{PATH_SEPARATOR}", 0, name
        else:
            self.path = f"{parent.path}{pk}{PATH_SEPARATOR}"
            self.depth = parent.depth + 1
            self.full_name = f"{parent.full_name}{PATH_SEPARATOR}{name}"
        # People take part mostly within their district: the district, or the region itself above it.
        self.pool = self if self.depth <= 2 else parent.pool
        self.org = None  # the region's own Party organization, if any
        self.teams = []
        self.child_names = set()

    def nearest_org(self):
        node = self
        while node is not None and node.org is None:
            node = node.parent
        return node.org if node else None


class _Generator:
    """Plans the province and streams its rows, table by table, through the loader."""

    def __init__(self, options, loader):
        self.options = options
        self.loader = loader
        self.rng = random.Random(options["seed"])
        self.first_day = datetime.date(options["start_year"], 1, 1)
        self.last_day = datetime.date(options["start_year"] + options["years"] - 1, 12, 31)

    def run(self):
        categories = list(Category.objects.filter(is_active=True).order_by("sort_order", "pk"))
        if not categories:
            raise CommandError(_("There are no active activity categories; run migrate first."))
        self.categories = categories
        self.indicators = _ensure_indicators()
        # Read up front: the row generators run inside a COPY, when the connection can run no other query.
        self.first_id = {model: _next_id(model) for model in _WRITTEN_MODELS}
        self.nodes = self._plan_regions()
        self.loader.load(Region, _REGION_FIELDS, self._region_rows(), len(self.nodes))
        self.loader.load(Organization, _ORG_FIELDS, self._organization_rows(), None)
        self.loader.load(Team, _TEAM_FIELDS, self._team_rows(), None)
        self._plan_activities()
        self.loader.load(Activity, _ACTIVITY_FIELDS, self._activity_rows(), self.options["activities"])
        expected = self.options["activities"] // 6
        self.loader.load(IndicatorValue, _INDICATOR_VALUE_FIELDS, self._indicator_value_rows(), None, expected=expected)
        if self.options["people"]:
            self.loader.load(Person, _PERSON_FIELDS, self._person_rows(), self.options["people"])
            expected = self.options["people"] * 2 // 5
            self.loader.load(TeamMembership, _MEMBERSHIP_FIELDS, self._membership_rows(), None, expected=expected)
        if self.options["participations"]:
            self.loader.load(
                Participation, _PARTICIPATION_FIELDS, self._participation_rows(), self.options["participations"]
            )
        self.loader.reset_sequences(_WRITTEN_MODELS)

    # Regions -----------------------------------------------------------------------------------

    def _plan_regions(self):
        rng = self.rng
        sizes = level_sizes(self.options["regions"])
        next_id = self.first_id[Region]
        root = _Node(next_id, ROOT_CODE, ROOT_NAME, LEVELS[0], None)
        next_id += 1
        nodes, parents = [root], [root]
        for depth in range(1, len(LEVELS)):
            if not sizes[depth]:
                break
            level = LEVELS[depth]
            spread = (0.2, 1.8) if level == RegionLevel.GRID else (0.5, 1.5)
            counts = apportion(sizes[depth], [rng.uniform(*spread) for _ in parents])
            children = []
            for parent, count in zip(parents, counts, strict=True):
                for ordinal in range(1, count + 1):
                    # Variable width keeps codes unique at any size: SYN-01-02-003-004-002.
                    width = 2 if depth <= 2 else 3
                    code = f"{parent.code}-{ordinal:0{width}d}"
                    name = self._region_name(level, parent, ordinal)
                    children.append(_Node(next_id, code, name, level, parent))
                    next_id += 1
            nodes.extend(children)
            parents = children
        return nodes

    def _region_name(self, level, parent, ordinal):
        rng = self.rng
        if level == RegionLevel.GRID:
            name = f"第{ordinal}网格"
        else:
            words = CITY_WORDS if level == RegionLevel.CITY else PLACE_WORDS
            suffixes = {
                RegionLevel.CITY: ("市",),
                RegionLevel.DISTRICT: ("区", "区", "区", "县"),
                RegionLevel.SUBDISTRICT: ("路街道", "街道", "大街街道"),
                RegionLevel.COMMUNITY: ("社区", "社区", "里社区", "苑社区", "新村社区"),
            }[level]
            for _attempt in range(8):
                name = rng.choice(words) + rng.choice(suffixes)
                if name not in parent.child_names:
                    break
            else:
                name = f"{rng.choice(words)}{ordinal}{suffixes[0]}"
        parent.child_names.add(name)
        return name

    def _region_rows(self):
        for node in self.nodes:
            parent_id = node.parent.id if node.parent else None
            yield (node.id, node.code, node.name, node.level, parent_id, node.path, node.depth, node.full_name)

    # Organizations and teams -------------------------------------------------------------------

    def _organization_rows(self):
        rng = self.rng
        pk = self.first_id[Organization]
        serial = 0
        self.youth_leagues = {}  # district id -> its Youth League committee, which supervises the youth team
        end = self.last_day

        def row(node, kind, name, parent, members=None, term_years=None):
            nonlocal pk, serial
            serial += 1
            term_start = None
            if term_years:
                term_start = end - datetime.timedelta(days=rng.randrange(term_years * 365 + 200))
            values = (
                pk,
                f"{CODE_PREFIX}O{serial:06d}",
                name,
                kind,
                node.id,
                parent,
                _person_name(rng),
                members,
                term_start,
                term_years,
                term_years is not None and rng.random() < 0.05,
                term_years is not None and rng.random() < 0.02,
            )
            pk += 1
            return values

        for node in self.nodes:
            parent_org = node.parent.nearest_org() if node.parent else None
            if node.level == RegionLevel.DISTRICT:
                self.youth_leagues[node.id] = pk
                yield row(node, OrganizationKind.YOUTH_LEAGUE, f"共青团{node.name}委员会", None)
                yield row(node, OrganizationKind.WOMENS_FEDERATION, f"{node.name}妇女联合会", None)
                yield row(node, OrganizationKind.TRADE_UNION, f"{node.name}总工会", None)
            elif node.level == RegionLevel.SUBDISTRICT:
                node.org = pk
                name = f"中共{node.name}工作委员会"
                yield row(node, OrganizationKind.WORKING_COMMITTEE, name, None, rng.randint(500, 3000), 5)
                if rng.random() < 0.1:
                    name = f"{node.name}商务楼宇联合党委"
                    yield row(node, OrganizationKind.JOINT_COMMITTEE, name, node.org, rng.randint(30, 300), 5)
            elif node.level == RegionLevel.COMMUNITY:
                node.org = pk
                if rng.random() < 0.6:
                    name = f"中共{node.name}委员会"
                    yield row(node, OrganizationKind.COMMITTEE, name, parent_org, rng.randint(60, 400), 5)
                else:
                    name = f"中共{node.name}总支部委员会"
                    yield row(node, OrganizationKind.GENERAL_BRANCH, name, parent_org, rng.randint(30, 100), 5)
                if rng.random() < 0.15:
                    name = f"{node.name[:2]}{rng.choice(RESIDENT_UNITS)}"
                    yield row(node, OrganizationKind.RESIDENT_UNIT, name, None)
                if rng.random() < 0.05:
                    name = f"{node.name[:2]}{rng.choice(NEW_ORGANIZATIONS)}党支部"
                    yield row(node, OrganizationKind.NEW_ORGANIZATION, name, node.org, rng.randint(3, 30), 3)
            elif node.level == RegionLevel.GRID and rng.random() < 0.5:
                node.org = pk
                name = f"{node.parent.name}{node.name}党支部"
                yield row(node, OrganizationKind.BRANCH, name, parent_org, rng.randint(5, 50), 3)

    def _team_rows(self):
        rng = self.rng
        pk = self.first_id[Team]
        serial = 0
        subdistrict_kinds = (
            (TeamKind.PARTY_VOLUNTEER, "党员志愿服务队"),
            (TeamKind.WOMEN, "巾帼志愿服务队"),
            (TeamKind.TRAFFIC, "文明交通志愿服务队"),
            (TeamKind.PARTY_SHOCK, "党员突击队"),
        )
        for node in self.nodes:
            if node.level == RegionLevel.DISTRICT:
                planned = [(TeamKind.YOUTH, "青年志愿服务队"), (TeamKind.PARTY_VANGUARD, "党员先锋队")]
            elif node.level == RegionLevel.SUBDISTRICT:
                planned = [rng.choice(subdistrict_kinds)]
            elif node.level == RegionLevel.COMMUNITY and rng.random() < 0.6:
                planned = [(TeamKind.COMMUNITY, "志愿服务队")]
            else:
                continue
            for kind, suffix in planned:
                serial += 1
                node.teams.append(pk)
                founded = self.first_day - datetime.timedelta(days=rng.randrange(3650))
                yield (
                    pk,
                    f"{CODE_PREFIX}T{serial:06d}",
                    f"{node.name}{suffix}",
                    kind,
                    node.id,
                    self.youth_leagues.get(node.id) if kind == TeamKind.YOUTH else node.nearest_org(),
                    _person_name(rng),
                    rng.randint(10, 200),
                    founded,
                    rng.random() < 0.95,
                )
                pk += 1

    # Activities --------------------------------------------------------------------------------

    def _plan_activities(self):
        """Where, when and of what kind activities happen; filled in by _activity_rows."""
        rng = self.rng
        by_level = {}
        for node in self.nodes:
            by_level.setdefault(node.level, []).append(node)
        groups = [(by_level[level], share) for level, share in ACTIVITY_SHARES.items() if level in by_level]
        if not groups:  # a tree too small to have subdistricts: use what there is
            groups = [(self.nodes, 1.0)]

        pools = sorted({node.pool.id for node in self.nodes})
        self.pool_index = {pool_id: i for i, pool_id in enumerate(pools)}
        # Per pool, the activities people of that district may take part in (volunteer work, not drafts).
        self.pool_activities = [array("q") for _ in pools]
        self.pool_teams = [[] for _ in pools]
        for node in self.nodes:
            self.pool_teams[self.pool_index[node.pool.id]].extend(node.teams)

        self.target_nodes, weights = [], []
        for group, share in groups:
            activeness = [rng.lognormvariate(0, 0.7) for _ in group]
            group_sum = sum(activeness)
            self.target_nodes.extend(group)
            weights.extend(share * a / group_sum for a in activeness)
        self.targets = [self._target(node) for node in self.target_nodes]
        self.target_cum = _cumulative(weights)

        profiles = [PROFILES.get(category.code, DEFAULT_PROFILE) for category in self.categories]
        self.profiles = profiles
        self.category_cum_by_year = {}
        for year in range(self.first_day.year, self.last_day.year + 1):
            weights = [p.weight * (1 if not p.years or year in p.years else 0.05) for p in profiles]
            self.category_cum_by_year[year] = _cumulative(weights)

        days = (self.last_day - self.first_day).days + 1
        day_weights = []
        for offset in range(days):
            day = self.first_day + datetime.timedelta(days=offset)
            weight = (1.0, 1.0, 1.0, 1.0, 1.0, 0.6, 0.4)[day.weekday()]
            # Fewer around the Spring Festival, more in March (学雷锋) and at the year's end.
            weight *= {1: 0.7, 2: 0.6, 3: 1.3, 12: 1.2}.get(day.month, 1.0)
            weight *= 1.1 ** (day.year - self.first_day.year)  # the ledger is used more every year
            day_weights.append(weight)
        self.day_counts = apportion(self.options["activities"], day_weights)
        # Per activity, what the later tables need: its category and its day.
        self.activity_categories = array("H")
        self.activity_days = array("i")
        self.activity_first_id = self.first_id[Activity]

    def _target(self, node):
        """What an activity in ``node`` may use, worked out once per region."""
        own_org = node.nearest_org()
        parent_org = node.parent.nearest_org() if node.parent else None
        orgs = tuple(org for org in (own_org, own_org, own_org, parent_org) if org)
        teams, up = [], node
        while up is not None and up.depth >= 2:
            teams.extend(up.teams)
            up = up.parent
        locations = (f"{node.name}党群服务中心", f"{node.name}广场", f"{node.name}居民活动室", "", "")
        return (node.id, node.name, self.pool_index[node.pool.id], orgs, tuple(teams), locations)

    def _activity_rows(self):
        # The hot loop of the command (a million turns): plain random() and precomputed tables
        # instead of rng.choice/randrange/lognormvariate, which cost several times more.
        rng = self.rng
        random_, gauss, exp = rng.random, rng.gauss, math.exp
        targets, target_cum = self.targets, self.target_cum
        target_range = range(len(targets))
        kinds = [
            _ActivityKind.of(category, profile)
            for category, profile in zip(self.categories, self.profiles, strict=True)
        ]
        kind_range = range(len(kinds))
        max_participants = MEASURES_BY_FIELD["participants"].maximum
        max_households = MEASURES_BY_FIELD["households"].maximum
        pool_activities = self.pool_activities
        activity_categories, activity_days = self.activity_categories, self.activity_days
        last_ordinal = self.last_day.toordinal()
        earliest = EARLIEST_DATE.toordinal()
        approved, submitted, draft, returned = Status.APPROVED, Status.SUBMITTED, Status.DRAFT, Status.RETURNED
        counted = {approved, submitted}
        # Status by how long ago the record's date is: recent records are still in the workflow.
        status_tables = ((30, (0.40, 0.75, 0.90)), (120, (0.80, 0.92, 0.96)), (None, (0.96, 0.98, 0.99)))
        # Entered within four days of the date, last changed within ten days of entry, to the quarter hour.
        entered_after = [datetime.timedelta(minutes=15 * i) for i in range(4 * 24 * 4)]
        changed_after = [datetime.timedelta(minutes=15 * i) for i in range(10 * 24 * 4)]
        n_entered, n_changed = len(entered_after), len(changed_after)
        return_reasons = ("服务时长未填写，请补充", "参与人次与照片不符，请核实", "类别选择有误", "缺少活动照片")

        pk = self.activity_first_id
        first_ordinal = self.first_day.toordinal()
        for offset, count in enumerate(self.day_counts):
            if not count:
                continue
            ordinal = first_ordinal + offset
            day = datetime.date.fromordinal(ordinal)
            age = last_ordinal - ordinal
            to_approved, to_submitted, to_draft = next(t for limit, t in status_tables if limit is None or age < limit)
            picks = rng.choices(target_range, cum_weights=target_cum, k=count)
            picked_kinds = rng.choices(kind_range, cum_weights=self.category_cum_by_year[day.year], k=count)
            entered_base = datetime.datetime(day.year, day.month, day.day, 9, tzinfo=LOCAL_TZ)
            for t, c in zip(picks, picked_kinds, strict=True):
                region_id, region_name, pool, orgs, teams, locations = targets[t]
                kind = kinds[c]
                r = random_()
                if r < to_approved:
                    status = approved
                elif r < to_submitted:
                    status = submitted
                elif r < to_draft:
                    status = draft
                else:
                    status = returned
                phrase = kind.phrases[int(random_() * len(kind.phrases))]
                start_date = None
                sessions = 1
                if random_() < SUMMARY_SHARE:
                    start_date = datetime.date.fromordinal(max(earliest, ordinal - 6 - int(random_() * 84)))
                    sessions = 2 + int(random_() * 29)
                    title = (
                        f"{region_name}{phrase}（{start_date.month}月{start_date.day}日至{day.month}月{day.day}日汇总）"
                    )
                else:
                    title = f"{region_name}{phrase}"
                participants = volunteers = hours = served = households = funds = None
                if random_() >= MISSING_SHARE:
                    participants = min(int(exp(kind.participants + 0.8 * gauss())) * sessions + 1, max_participants)
                if kind.volunteers is not None and random_() >= MISSING_SHARE:
                    volunteers = min(int(exp(kind.volunteers + 0.8 * gauss())) * sessions + 1, max_participants)
                    if random_() >= MISSING_SHARE:
                        hours = f"{volunteers * (1 + 3 * random_()):.1f}"
                if kind.served is not None and random_() >= MISSING_SHARE:
                    served = min(int(exp(kind.served + gauss())) * sessions + 1, max_participants)
                if kind.households is not None and random_() >= MISSING_SHARE:
                    households = min(int(exp(kind.households + 0.8 * gauss())) * sessions + 1, max_households)
                if random_() < kind.funds_share:
                    funds = f"{min(exp(kind.funds + gauss()), 1e9):.2f}"
                entered_at = entered_base + entered_after[int(random_() * n_entered)]
                submitted_at = reviewed_at = None
                return_reason = ""
                if status != draft:
                    submitted_at = entered_at + changed_after[int(random_() * n_changed)]
                    if status != submitted:
                        reviewed_at = submitted_at + changed_after[int(random_() * n_changed)]
                        if status == returned:
                            return_reason = return_reasons[int(random_() * len(return_reasons))]
                yield (
                    pk,
                    f"{CODE_PREFIX}{pk}",
                    day,
                    start_date,
                    title,
                    kind.category_id,
                    region_id,
                    orgs[int(random_() * len(orgs))] if orgs and random_() < 0.7 else None,
                    teams[int(random_() * len(teams))] if teams and random_() < kind.team_share else None,
                    sessions if random_() >= MISSING_SHARE / 2 else None,
                    participants,
                    volunteers,
                    hours,
                    served,
                    households,
                    funds,
                    locations[int(random_() * len(locations))],
                    "",
                    status,
                    submitted_at,
                    reviewed_at,
                    return_reason,
                    None,
                    entered_at,
                    reviewed_at or submitted_at or entered_at,
                )
                activity_categories.append(c)
                activity_days.append(ordinal)
                if kind.volunteer_work and status in counted:
                    pool_activities[pool].append(pk)
                pk += 1

    def _indicator_value_rows(self):
        rng = random.Random(self.options["seed"] + 1)  # its own stream: the plan above stays the same
        pk = self.first_id[IndicatorValue]
        plans = []
        for profile in self.profiles:
            plans.append(tuple((self.indicators[code], share) for code, share in profile.indicators))
        first = self.activity_first_id
        for offset, c in enumerate(self.activity_categories):
            for indicator_id, share in plans[c]:
                if rng.random() < share:
                    yield (pk, first + offset, indicator_id, str(int(rng.lognormvariate(1.5, 0.9)) + 1))
                    pk += 1

    # People ------------------------------------------------------------------------------------

    def _person_rows(self):
        rng = random.Random(self.options["seed"] + 2)
        homes = [node for node in self.nodes if node.level == RegionLevel.COMMUNITY] or self.target_nodes
        first_id = self.first_id[Person]
        self.person_first_id = first_id
        self.person_pools = array("i")
        slot_offset = rng.randrange(ID_SLOTS)
        phone_offset = rng.randrange(10**9)
        statuses = (
            (0.25, PoliticalStatus.PARTY_MEMBER),
            (0.27, PoliticalStatus.PROBATIONARY),
            (0.42, PoliticalStatus.LEAGUE_MEMBER),
            (0.43, PoliticalStatus.DEMOCRATIC_PARTY),
            (1.0, PoliticalStatus.MASSES),
        )
        for index in range(self.options["people"]):
            home = rng.choice(homes)
            pool = self.pool_index[home.pool.id]
            male = rng.random() < 0.45
            # A bijection from index to (birth date, sequence number): ID numbers never repeat.
            slot = (index * 7_919_993 + slot_offset) % ID_SLOTS
            birth = BIRTH_FIRST + datetime.timedelta(days=slot // 500)
            sequence = (slot % 500) * 2 + (1 if male else 0)  # GB 11643: odd for men, even for women
            area = f"99{pool % 100:02d}{home.id % 100:02d}"  # area 99 does not exist: no clash with real numbers
            first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
            id_number = first17 + id_number_check_char(first17) if rng.random() < 0.75 else ""
            phone = ""
            if rng.random() < 0.92:
                phone = f"1{rng.choice('3456789')}{(index * 123_457 + phone_offset) % 10**9:09d}"
            r = rng.random()
            political = next(status for limit, status in statuses if r < limit)
            in_service = political == PoliticalStatus.PARTY_MEMBER and rng.random() < 0.4
            reported_on = None
            if in_service:
                reported_on = self.first_day + datetime.timedelta(days=rng.randrange(365))
            self.person_pools.append(pool)
            yield (
                first_id + index,
                _person_name(rng),
                phone,
                id_number,
                Gender.MALE if male else Gender.FEMALE,
                political,
                home.id,
                rng.choice(WORK_UNITS) if in_service else "",
                in_service,
                home.id if in_service else None,
                reported_on,
            )

    def _membership_rows(self):
        rng = random.Random(self.options["seed"] + 3)
        pk = self.first_id[TeamMembership]
        for offset, pool in enumerate(self.person_pools):
            teams = self.pool_teams[pool]
            if not teams or rng.random() >= 0.4:
                continue
            joined = self.first_day - datetime.timedelta(days=rng.randrange(-365, 1500))
            left = joined + datetime.timedelta(days=rng.randrange(30, 900)) if rng.random() < 0.1 else None
            role = TeamMembership.Role.MEMBER if rng.random() < 0.97 else TeamMembership.Role.DEPUTY
            yield (pk, rng.choice(teams), self.person_first_id + offset, role, joined, left)
            pk += 1

    def _participation_rows(self):
        rng = random.Random(self.options["seed"] + 4)
        total = self.options["participations"]
        people = len(self.person_pools)
        # Heavy-tailed: most people serve a few times, some very often.
        weights = [rng.paretovariate(2.0) for _ in range(people)]
        pool_sizes = [len(pool) for pool in self.pool_activities]
        caps = [pool_sizes[pool] for pool in self.person_pools]
        if sum(caps) >= total:
            pools = self.pool_activities
            person_pool = self.person_pools
        else:  # the districts are too small for this many records: everyone draws from all activities
            first = self.activity_first_id
            pools = [range(first, first + len(self.activity_days))]
            person_pool = [0] * people
            caps = [len(pools[0])] * people
        counts = apportion(total, weights, caps)
        del weights, caps
        hours = [f"{h / 2:.2f}" for h in range(1, 17)]  # 0.5 to 8 hours
        hour_cum = _cumulative([1, 3, 4, 6, 5, 6, 3, 4, 1, 2, 1, 2, 1, 1, 1, 2])
        first_activity, days = self.activity_first_id, self.activity_days
        day_starts = {}
        random_ = rng.random
        recorded_after = [datetime.timedelta(minutes=15 * i) for i in range(3 * 24 * 4)]  # within three days
        n_recorded = len(recorded_after)
        pk = self.first_id[Participation]
        for offset, count in enumerate(counts):
            if not count:
                continue
            person_id = self.person_first_id + offset
            chosen = rng.sample(pools[person_pool[offset]], count)
            picked_hours = rng.choices(hours, cum_weights=hour_cum, k=count)
            for activity_id, spent in zip(chosen, picked_hours, strict=True):
                ordinal = days[activity_id - first_activity]
                start = day_starts.get(ordinal)
                if start is None:
                    day = datetime.date.fromordinal(ordinal)
                    start = day_starts[ordinal] = datetime.datetime(day.year, day.month, day.day, 18, tzinfo=LOCAL_TZ)
                yield (pk, person_id, activity_id, spent, start + recorded_after[int(random_() * n_recorded)])
                pk += 1


@dataclass(frozen=True)
class _ActivityKind:
    """A category's profile in the form the activity loop uses: natural logs of the medians, None if not applying."""

    category_id: int
    phrases: tuple
    participants: float
    volunteers: float | None
    served: float | None
    households: float | None
    funds_share: float
    funds: float | None
    volunteer_work: bool  # people take part in it, so participation records may point at it
    team_share: float  # how often a volunteer team is named

    @classmethod
    def of(cls, category, profile):
        def log(median):
            return math.log(median) if median else None

        return cls(
            category_id=category.pk,
            phrases=profile.phrases or (f"开展{category.name}活动",),
            participants=math.log(profile.participants),
            volunteers=log(profile.volunteers),
            served=log(profile.served),
            households=log(profile.households),
            funds_share=profile.funds_share,
            funds=log(profile.funds),
            volunteer_work=bool(profile.volunteers),
            team_share=0.5 if profile.volunteers else 0.1,
        )


def _cumulative(weights):
    total, result = 0.0, []
    for weight in weights:
        total += weight
        result.append(total)
    return result


def _person_name(rng):
    given = rng.choice(GIVEN_CHARS)
    if rng.random() < 0.7:
        given += rng.choice(GIVEN_CHARS)
    return rng.choice(SURNAMES) + given


def _ensure_indicators():
    """The indicators the synthetic records use, by code; created when missing, kept on --replace."""
    ids = {}
    for order, (code, name, unit) in enumerate(INDICATORS, start=1):
        found = Indicator.objects.filter(Q(code=code) | Q(name=name)).order_by("pk").values_list("pk", flat=True)[:1]
        if found:
            ids[code] = found[0]
        else:
            ids[code] = Indicator.objects.create(code=code, name=name, unit=unit, sort_order=500 + order).pk
    return ids


_REGION_FIELDS = ("id", "code", "name", "level", "parent_id", "path", "depth", "full_name")
_ORG_FIELDS = (
    "id",
    "code",
    "name",
    "kind",
    "region_id",
    "parent_id",
    "leader",
    "member_count",
    "term_start",
    "term_years",
    "is_demonstration",
    "is_weak",
)
_TEAM_FIELDS = (
    "id",
    "code",
    "name",
    "kind",
    "region_id",
    "organization_id",
    "leader",
    "member_count",
    "founded_on",
    "is_active",
)
_ACTIVITY_FIELDS = (
    "id",
    "external_id",
    "date",
    "start_date",
    "title",
    "category_id",
    "region_id",
    "organization_id",
    "team_id",
    *MEASURE_FIELDS,
    "location",
    "notes",
    "status",
    "submitted_at",
    "reviewed_at",
    "return_reason",
    "created_by_id",
    "created_at",
    "updated_at",
)
_INDICATOR_VALUE_FIELDS = ("id", "activity_id", "indicator_id", "value")
_PERSON_FIELDS = (
    "id",
    "name",
    "phone",
    "id_number",
    "gender",
    "political_status",
    "region_id",
    "work_unit",
    "is_in_service_member",
    "reporting_community_id",
    "reported_on",
)
_MEMBERSHIP_FIELDS = ("id", "team_id", "person_id", "role", "joined_on", "left_on")
_PARTICIPATION_FIELDS = ("id", "person_id", "activity_id", "hours", "created_at")


class _Progress:
    """One self-rewriting line on stderr, only when stderr is a terminal."""

    def __init__(self, stream, label, total):
        self.stream, self.label, self.total = stream, label, total
        self.enabled = stream.isatty()
        self.started = self.shown = time.perf_counter()

    def update(self, done, *, final=False):
        if not self.enabled:
            return
        now = time.perf_counter()
        if not final and now - self.shown < 0.25:
            return
        self.shown = now
        rate = done / (now - self.started) if now > self.started else 0
        line = f"{self.label:<24} {done:>12,}"
        if self.total:
            line += f" / {self.total:,} {100 * done / self.total:5.1f}%"
        line += f"  {rate:>10,.0f}/s"
        self.stream.write(f"\r{line}\x1b[K", style_func=str, ending="\n" if final else "")
        self.stream.flush()


class _Loader:
    """Writes rows to one table at a time: COPY on PostgreSQL, bulk_create in batches elsewhere."""

    def __init__(self, stderr):
        self.stderr = stderr
        self.use_copy = connection.vendor == "postgresql"
        self.results = []  # (table label, rows, seconds)
        self.steps = []  # (step label, seconds)
        self.models = []

    def load(self, model, fields, rows, total, *, expected=None):
        """Write ``rows`` (tuples in the order of ``fields``); ``total`` or ``expected`` is how many to expect."""
        label = capfirst(model._meta.verbose_name_plural)
        names, extra = self._complete(model, fields)
        progress = _Progress(self.stderr, label, total)
        started = time.perf_counter()
        if self.use_copy:
            rebuild = self._suspend_indexes(model, total or expected or 0)
            done = self._copy(model, names, rows, extra, progress)
            progress.update(done, final=True)
            self._rebuild(model, rebuild)
        else:
            done = self._bulk_create(model, names, rows, extra, progress)
            progress.update(done, final=True)
        # The time includes rebuilding the indexes, so rows/s is what loading the table really costs.
        self.results.append((label, done, time.perf_counter() - started))
        self.models.append(model)

    def _suspend_indexes(self, model, expected):
        """Drop a table's plain indexes and foreign keys when it gets more new rows than it has; return their DDL.

        PostgreSQL's advice for bulk loads ("Populating a Database"): one index build after
        the load beats updating nine indexes and a trigram index row by row, and re-adding a
        foreign key checks every row in one join instead of one query per row. Primary keys
        and unique constraints stay. DDL is transactional here, so a failed run restores them.
        """
        if expected < SUSPEND_INDEXES_FROM:
            return []
        table = model._meta.db_table
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {qn(table)}")
            if cursor.fetchone()[0] > expected:
                return []
            # Deferred checks already queued on a table forbid ALTER TABLE: run them now.
            _run_deferred_checks()
            cursor.execute(
                """
                SELECT index_class.relname, pg_get_indexdef(index_class.oid)
                FROM pg_index
                JOIN pg_class index_class ON index_class.oid = pg_index.indexrelid
                WHERE pg_index.indrelid = %s::regclass
                  AND NOT EXISTS (
                      SELECT 1 FROM pg_constraint
                      WHERE pg_constraint.conindid = pg_index.indexrelid
                        AND pg_constraint.conrelid = pg_index.indrelid
                  )
                ORDER BY 1
                """,
                [table],
            )
            indexes = cursor.fetchall()
            cursor.execute(
                """
                SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY 1
                """,
                [table],
            )
            foreign_keys = cursor.fetchall()
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {qn(name)}")
            for name, _definition in foreign_keys:
                cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
        return [definition for _name, definition in indexes] + [
            f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}" for name, definition in foreign_keys
        ]

    def _rebuild(self, model, statements):
        if not statements:
            return
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for statement in statements:
                cursor.execute(statement)

    def _complete(self, model, fields):
        """All concrete columns: those given, then the rest at their defaults (fields added since still load)."""
        names, extra = list(fields), []
        now = timezone.now()
        for field in model._meta.concrete_fields:
            if field.attname in fields:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            elif field.has_default() or field.null or field.empty_strings_allowed:
                value = field.get_default()  # the default, else None or "" as Django would write
            else:
                raise CommandError(
                    _("The generator does not know what to write in %(model)s.%(field)s; it needs updating.")
                    % {"model": model.__name__, "field": field.name}
                )
            names.append(field.attname)
            extra.append(value)
        return names, tuple(extra)

    def _copy(self, model, names, rows, extra, progress):
        qn = connection.ops.quote_name
        opts = model._meta
        columns = ", ".join(qn(opts.get_field(name).column) for name in names)
        sql = f"COPY {qn(opts.db_table)} ({columns}) FROM STDIN"
        done = 0
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            write_row = copy.write_row
            iterator = iter(rows)
            while chunk := list(islice(iterator, COPY_CHUNK)):
                if extra:
                    for row in chunk:
                        write_row(row + extra)
                else:
                    for row in chunk:
                        write_row(row)
                done += len(chunk)
                progress.update(done)
        return done

    def _bulk_create(self, model, names, rows, extra, progress):
        # bulk_create stamps auto_now(_add) fields with the current time whatever we pass; fine off PostgreSQL.
        done = 0
        iterator = iter(rows)
        while chunk := list(islice(iterator, BULK_CHUNK)):
            model.objects.bulk_create([model(**dict(zip(names, row + extra, strict=True))) for row in chunk])
            # With DEBUG on every batch's SQL would be kept; memory must stay bounded.
            connection.queries_log.clear()
            done += len(chunk)
            progress.update(done)
        return done

    def reset_sequences(self, models):
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)

    def finish(self):
        """Add up the monthly totals again, run the deferred foreign-key checks, give the planner statistics."""
        if self.use_copy:
            self._check_and_analyse()
        started = time.perf_counter()
        # The rows went in without the services (and the previous province may have gone): add up anew.
        monthly_totals_rebuild()
        self.steps.append((_("Added up the monthly totals"), time.perf_counter() - started))

    def _check_and_analyse(self):
        started = time.perf_counter()
        _run_deferred_checks()
        self.steps.append((_("Checked the remaining foreign keys"), time.perf_counter() - started))
        started = time.perf_counter()
        with connection.cursor() as cursor:
            # ANALYZE may run inside the transaction and sees its rows.
            for model in self.models:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        self.steps.append((_("Analysed the tables"), time.perf_counter() - started))
