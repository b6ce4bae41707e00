"""The staff site's totals: dashboard, records behind a figure, all teams, print page, exports, organization health.

Views are thin: ``_choices`` parses the region (through the scope: outside it is a
404) and the form; the selectors do the maths; the templates show it.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.scope import scope_of
from activities.measures import MEASURES, MEASURES_BY_FIELD, qualified
from activities.models import Indicator, IndicatorValue
from communities.models import Region
from regional import selectors as regional_selectors

from . import cache, exports, health, regional, selectors, tables
from .charts import trend_png, trend_svg
from .documents import Picture, report_docx
from .forms import TotalsForm, resolve_region
from .selectors import RECORDS, SORT_KEYS
from .summary import activity_paragraphs, record_paragraphs
from .templatetags.reports import figure

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

RECORDS_PER_PAGE = 50
TEAMS_SHOWN = 20  # the dashboard's and the print page's team table; the rest on the teams page
TEAMS_PER_PAGE = 50


def _choices(request, region=None):
    """(form, query or None): the region from ``?region=`` within the scope, and the validated form."""
    scope = scope_of(request.user)
    region = region or resolve_region(scope, request.GET.get("region"))
    if region is None and not scope.is_global:
        raise Http404  # a user without any region sees no totals at all
    form = TotalsForm(request.GET, scope=scope, region=region)
    return form, (form.query() if form.is_valid() else None)


def _breadcrumb(scope, region):
    """The region's ancestors the user may open, root first (one query)."""
    if region is None:
        return []
    ancestors = Region.objects.filter(pk__in=region.ancestor_ids).only("id", "code", "name", "path").order_by("depth")
    return [a for a in ancestors if scope.allows(a)]


def _sort(form):
    key = form.cleaned_data.get("sort") or RECORDS
    return key if key in SORT_KEYS else RECORDS


def _measure_columns():
    return [(RECORDS, _("Record count"), _("records"))] + [(m.field, m.label, m.unit) for m in MEASURES]


@dataclass(frozen=True)
class Cell:
    """One figure of a breakdown table: its text and, when there are records behind it, their list."""

    text: str
    url: str = ""


def _with_cells(rows, link, approximate=(), belongs=None):
    """Give each row its cells, built here once for every measure column.

    ``link(row)`` is the records list's query string for the row (None: no link). A district's
    ranking has 1,500 cells; per-cell template logic made them most of the page's time.
    ``belongs(row, a)`` tells whether the approximate figure ``a`` (``selectors.Approximate``) counts in
    the row: its cell is then written approximately (8,000余).
    """
    columns = [key for key, _label, _unit in _measure_columns()]
    records_url = reverse("reports:records")
    for row in rows:
        base = link(row)
        mine = [a for a in approximate if belongs(row, a)] if approximate and belongs else []
        row.cells = []
        for key in columns:
            value = row.values.get(key)
            url = ""
            if value and base is not None:
                url = f"{records_url}?{base}" + (f"&measure={key}" if key != RECORDS else "")
            text = figure(value)
            if mine and value:
                text = qualified(text, selectors.total_qualifier(selectors.qualifiers_of(mine, key), value))
            row.cells.append(Cell(text, url))
    return rows


def _in_child(region):
    """Whether an approximate figure counts in a row of the child-region ranking."""

    def belongs(row, a):
        if row.is_own:
            return region is not None and a.path == region.path
        return a.path.startswith(row.obj.path)

    return belongs


def _figures(query):
    """The figures of the dashboard and the print page, added up (a fixed number of queries), and the summary's
    paragraphs of the activities (the rest of it is read on every visit: ``_report_context``)."""
    indicators = selectors._indicators()
    children = selectors.by_child(query)
    approximate = selectors.approximate(query)
    totals = selectors.totals(query, indicators=indicators, child_rows=children, approximate=approximate)
    categories = selectors.by_category(query, indicators=indicators)
    found = {
        "children": children,
        "approximate": approximate,
        "totals": totals,
        "categories": categories,
        "teams": selectors.top_teams(query, TEAMS_SHOWN),
        "months": selectors.by_month(query),
        "paragraphs": [
            str(paragraph)
            for paragraph in activity_paragraphs(
                query=query,
                totals=totals,
                categories=categories,
                approximate=approximate,
                region_name=query.region.name if query.region else _("All regions"),
            )
        ],
    }
    # Labels as plain text in the active language (the cache key names it): a lazy string is
    # unpickled by building a new proxy class, a millisecond each.
    for figure_ in found["totals"].figures:
        figure_.label, figure_.unit = str(figure_.label), str(figure_.unit)
    for rows in (children, found["categories"], found["teams"][0], found["months"]):
        for row in rows:
            row.label = str(row.label)
    return found


def _report_context(request, form, query, *, printing=False, tables=True):
    """Everything the dashboard and the print page show: the figures from the cache (``reports.cache``), or made.

    The figures are cached until the monthly totals change; the cells, links and chart are built from
    them for each page (``tables=False``: the figures only, for the Word file).
    """
    found = cache.figures("dashboard", query, lambda: _figures(query))
    totals, approximate, children, months = found["totals"], found["approximate"], found["children"], found["months"]
    sort = _sort(form)
    strings = _query_strings(form)
    chart_key = form.cleaned_data.get("chart") or RECORDS
    regional_context = _regional_context(query)
    # Elections, regional work and projects change outside the monthly totals (the cache's version): their
    # paragraphs are written on every visit from what the regional section counted anyway.
    paragraphs = found["paragraphs"] + [
        str(paragraph) for paragraph in record_paragraphs(query=query, regional=regional_context["regional"])
    ]
    context = {
        "form": form,
        "query": query,
        "region": query.region,
        "region_name": query.region.name if query.region else _("All regions"),
        "breadcrumb": _breadcrumb(query.scope, query.region),
        "scope_regions": [] if query.scope.is_global else query.scope.regions,
        "totals": totals,
        "approximate": approximate,
        "children": selectors.sort_rows(children, sort),
        "silent": selectors.silent_children(children),
        "categories": found["categories"],
        **_top_teams(*found["teams"]),
        "months": months,
        "chart_key": chart_key,
        "sort": sort,
        "columns": _measure_columns(),
        "summary_paragraphs": paragraphs,
        "summary": "".join(paragraphs),
        **strings,
        "printing": printing,
        "generated_at": timezone.localtime(),
        **regional_context,
    }
    if not tables:
        return context
    html = cache.figures("tables", query, lambda: _tables_html(context), strings["qs"], printing)
    context["tables"] = mark_safe(html)  # rendered by reports/_tables.html, which escapes what it shows
    return context


def _tables_html(context):
    """The dashboard's (or the print page's) tables: every cell and link built, the chart drawn, rendered."""
    strings, query, approximate = context, context["query"], context["approximate"]
    _with_cells(
        context["children"],
        lambda row: None if row.is_own else f"region={quote(row.obj.code)}&{strings['qs_without_region']}",
        approximate,
        _in_child(query.region),
    )
    _with_cells(
        context["categories"],
        lambda row: f"{strings['qs_without_category']}&category={row.key}",
        approximate,
        lambda row, a: a.category_id == row.key,
    )
    _team_cells(context["teams"], strings, approximate)
    _with_cells(
        context["months"],
        lambda row: f"{strings['qs_without_period']}&period=month&year={row.key.year}&month={row.key.month}",
        approximate,
        lambda row, a: (a.date.year, a.date.month) == (row.key.year, row.key.month),
    )
    chart_key = context["chart_key"]
    chart_label = {k: label for k, label, _unit in _measure_columns()}[chart_key]
    chart = trend_svg(
        context["months"],
        chart_key,
        title=chart_label,
        this_label=query.period.describe(),
        last_label=query.previous.describe(),
    )
    return render_to_string("reports/_tables.html", {**context, "chart": chart})


def _regional_context(query):
    figures = regional.regional_figures(query)
    return {
        "regional": figures,
        "regional_rows": tables.regional_rows(figures),
        "regional_empty": regional.is_empty(figures),
    }


def _team_cells(rows, strings, approximate=()):
    return _with_cells(
        rows,
        lambda row: None if row.is_own else f"{strings['qs_without_team']}&team={row.key}",
        approximate,
        lambda row, a: a.team_id == row.key,
    )


def _top_teams(rows, count):
    """The busiest ``TEAMS_SHOWN`` teams and the row of records without a team; the teams page has them all.

    A province has thousands of teams: listed in full they were nine tenths of its page (3 MB).
    """
    return {
        "teams": rows,
        "teams_total": count,
        "teams_shown": TEAMS_SHOWN,
        "teams_hidden": count > TEAMS_SHOWN,
    }


def _query_strings(form):
    """The current choices as query strings, whole and without the parts a link replaces."""
    no_period = dict.fromkeys(("period", "year", "quarter", "month", "date_from", "date_to"))
    return {
        "qs": form.query_string(),
        "qs_without_region": form.query_string(region=None),
        "qs_without_period": form.query_string(**no_period),
        "qs_without_category": form.query_string(category=None),
        "qs_without_team": form.query_string(team=None),
        "qs_approved_only": form.query_string(include_submitted=None),
    }


@login_required
def dashboard(request):
    form, query = _choices(request)
    context = {"form": form, "region": form.region}
    if query is not None:
        context.update(_report_context(request, form, query))
        context["evidence_share"] = selectors.evidence_share(query)
    else:
        context["breadcrumb"] = _breadcrumb(scope_of(request.user), form.region)
        context["qs_without_region"] = form.query_string(region=None)
    return render(request, "reports/dashboard.html", context)


@login_required
def print_report(request):
    form, query = _choices(request)
    if query is None:
        return render(request, "reports/dashboard.html", {"form": form, "region": form.region}, status=200)
    return render(
        request,
        "reports/print.html",
        {**_report_context(request, form, query, printing=True), "sign_off": sign_off_block(request, query)},
    )


def sign_off_block(request, query):
    """The 填报单位 / 填报人 / 审核人 / 日期 lines a report carries; the reviewer signs by hand."""
    user = request.user
    today = timezone.localdate()
    return [
        (_("Reporting unit"), query.region.full_name if query.region else _("All regions")),
        (_("Prepared by"), user.get_full_name() or user.get_username()),
        (_("Reviewed by"), "\u3000" * 6),
        (_("Date"), _("%(year)d-%(month)d-%(day)d") % {"year": today.year, "month": today.month, "day": today.day}),
    ]


@login_required
def print_docx(request):
    """The print report as a Word document (A4, official-document fonts, the sign-off block)."""
    form, query = _choices(request)
    if query is None:
        return render(request, "reports/dashboard.html", {"form": form, "region": form.region})
    context = _report_context(request, form, query, tables=False)
    indicators = selectors._indicators()
    sections = [(tables.table_title("totals"), *tables.totals_table(context["totals"]))]
    for name, rows in (
        ("child", [row for row in context["children"] if not row.is_own] or context["children"]),
        ("category", context["categories"]),
        ("team", context["teams"]),
    ):
        sections.append((tables.table_title(name), *tables.breakdown_table(name, rows, indicators)))
    # The months' table under the dashboard's chart, drawn as a picture (Word takes no SVG).
    months = tables.breakdown_table("month", context["months"], indicators)
    sections.append((tables.table_title("month"), *months, _chart_picture(context)))
    if not context["regional_empty"]:
        sections += tables.regional_tables(context["regional"])
    title = _("%(region)s: work totals, %(period)s") % {
        "region": context["region_name"],
        "period": query.period.describe(),
    }
    document = report_docx(
        title=title, summary=context["summary_paragraphs"], tables=sections, sign_off=sign_off_block(request, query)
    )
    code = query.region.code if query.region else "all"
    response = HttpResponse(document, content_type=DOCX_TYPE)
    filename = f"{code}-{query.period.start:%Y%m%d}-{query.period.end:%Y%m%d}-report.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _chart_picture(context):
    """The dashboard's monthly chart (the measure it shows, ``?chart=``) as a PNG picture with its caption."""
    query, key = context["query"], context["chart_key"]
    label = {k: label for k, label, _unit in _measure_columns()}[key]
    this_label, last_label = query.period.describe(), query.previous.describe()
    png = trend_png(context["months"], key, this_label=this_label, last_label=last_label)
    caption = _("%(measure)s by month: bars %(this)s, dashed line %(last)s") % {
        "measure": label,
        "this": this_label,
        "last": last_label,
    }
    return Picture(png, caption)


# The print page's own fonts for Chinese text (Debian's fonts-wqy-microhei, which the project's setup installs:
# apt-get install fonts-wqy-microhei), then whatever serif CJK font the system has.
PDF_STYLE = """
@page { size: A4; margin: 25mm 20mm 20mm 25mm; }
body, .a4 { font-family: "WenQuanYi Micro Hei", "Noto Serif CJK SC", "Noto Sans CJK SC", sans-serif; }
body { font-size: 10.5pt; }
.no-print, nav, header.site, footer.site { display: none !important; }
.a4 { max-width: none; }
table { page-break-inside: auto; } tr { page-break-inside: avoid; }
"""


def _static_fetcher():
    """WeasyPrint's fetcher: the site's static files read from disk (no request back to the server), nothing else."""
    import mimetypes

    from django.contrib.staticfiles import finders
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = url.split("://", 1)[-1]
            path = path[path.find("/") :] if "/" in path else path
            found = finders.find(path[len(settings.STATIC_URL) :]) if path.startswith(settings.STATIC_URL) else None
            if not found:
                raise ValueError(f"not fetched: {url}")
            kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=Path(found).read_bytes(), headers={"Content-Type": kind})

    return StaticFetcher()


@login_required
def print_pdf(request):
    """The print report as a PDF (WeasyPrint): the same page, tables, chart and sign-off block, Chinese fonts."""
    from weasyprint import CSS, HTML

    form, query = _choices(request)
    if query is None:
        return render(request, "reports/dashboard.html", {"form": form, "region": form.region})
    context = {**_report_context(request, form, query), "sign_off": sign_off_block(request, query), "pdf": True}
    page = render(request, "reports/print.html", context).content.decode()
    document = HTML(string=page, base_url=request.build_absolute_uri("/"), url_fetcher=_static_fetcher())
    pdf = document.write_pdf(stylesheets=[CSS(string=PDF_STYLE)])
    code = query.region.code if query.region else "all"
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{code}-{query.period.start:%Y%m%d}-{query.period.end:%Y%m%d}-report.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def teams(request):
    """Every team of the dashboard's team table, a page at a time, with the same region, period and filters."""
    form, query = _choices(request)
    if query is None:
        return render(request, "reports/dashboard.html", {"form": form, "region": form.region})
    strings = _query_strings(form)
    page = Paginator(selectors.by_team(query), TEAMS_PER_PAGE).get_page(request.GET.get("page"))
    _team_cells(page.object_list, strings)
    return render(
        request,
        "reports/teams.html",
        {
            "form": form,
            "query": query,
            "region": query.region,
            "region_name": query.region.name if query.region else _("All regions"),
            "breadcrumb": _breadcrumb(query.scope, query.region),
            "page": page,
            "columns": _measure_columns(),
            **strings,
        },
    )


@login_required
def records(request):
    """The records behind one figure: the same region, period and filters, and optionally one measure > 0."""
    form, query = _choices(request)
    if query is None:
        return render(request, "reports/dashboard.html", {"form": form, "region": form.region})
    activities = query.activities()
    measure = request.GET.get("measure") or ""
    label, unit, total = _("Record count"), _("records"), None
    indicator = None
    if measure in MEASURES_BY_FIELD:
        activities = activities.filter(**{f"{measure}__gt": 0})
        label, unit = MEASURES_BY_FIELD[measure].label, MEASURES_BY_FIELD[measure].unit
        total = activities.order_by().aggregate(total=Sum(measure))["total"] or 0
    elif measure:
        indicator = Indicator.objects.filter(code=measure).order_by("pk").first()
        if indicator is None:
            raise Http404
        values = IndicatorValue.objects.filter(query.activity_q("activity__"), indicator=indicator, value__gt=0)
        activities = activities.filter(pk__in=values.values("activity_id"))
        label, unit = indicator.name, indicator.unit
        total = values.order_by().aggregate(total=Sum("value"))["total"] or 0
    activities = activities.select_related("region", "category", "team").order_by("-date", "-pk")
    page = Paginator(activities, RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/records.html",
        {
            "form": form,
            "query": query,
            "region": query.region,
            "region_name": query.region.name if query.region else _("All regions"),
            "page": page,
            "measure": measure,
            "measure_label": label,
            "measure_unit": unit,
            "total": total,
            "indicator": indicator,
            "measures": MEASURES,
            "qs": form.query_string(),
            "page_qs": form.query_string(measure=measure or None, page=None),
        },
    )


@login_required
def export(request, table, fmt):
    if table not in tables.TABLES or fmt not in ("xlsx", "csv"):
        raise Http404
    form, query = _choices(request)
    if query is None:
        return render(request, "reports/dashboard.html", {"form": form, "region": form.region})
    indicators = selectors._indicators()
    if table == "totals":
        header, rows = tables.totals_table(selectors.totals(query, indicators=indicators))
    else:
        rows = selectors.rows_for(query, table, indicators)
        if table == "child":
            rows = selectors.sort_rows(rows, _sort(form))
        header, rows = tables.breakdown_table(table, rows, indicators)
    region = query.region.name if query.region else _("All regions")
    title = f"{region} {query.period.describe()} {tables.table_title(table)}"
    code = query.region.code if query.region else "all"
    filename = f"{code}-{query.period.start:%Y%m%d}-{query.period.end:%Y%m%d}-{table}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(header, rows), content_type=exports.CSV_TYPE)
    else:
        response = HttpResponse(exports.to_xlsx(header, rows, title=title), content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _organization_regional(scope, region, year):
    """The committees with their member units and members, and the elections held in ``year`` (the page's year,
    else this year): four queries."""
    start, end = regional_selectors.year_bounds(year)
    return {
        "regional_year": year,
        "committee_figures": regional_selectors.committee_figures(scope, region),
        "elections_held": regional_selectors.elections_held(scope, region, start, end),
    }


@login_required
def organizations(request):
    """Organization health and project progress for a region subtree."""
    scope = scope_of(request.user)
    region = resolve_region(scope, request.GET.get("region"))
    if region is None and not scope.is_global:
        raise Http404
    year = request.GET.get("year", "")
    error = None
    if year and not (year.isdigit() and 1990 <= int(year) <= 2100):
        error, year = _("Enter a year between 1990 and 2100."), ""
    today = datetime.date.today()
    context = {
        "region": region,
        "region_name": region.name if region else _("All regions"),
        "breadcrumb": _breadcrumb(scope, region),
        "year": year,
        "year_error": error,
        "today": today,
        **health.organization_health(scope=scope, region=region, today=today),
        "projects": health.project_progress(scope=scope, region=region, year=int(year) if year else None),
        **_organization_regional(scope, region, int(year) if year else today.year),
    }
    return render(request, "reports/organizations.html", context)
