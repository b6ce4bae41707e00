"""The dashboard's tables as plain rows (for XLSX/CSV and the Word file) and the totals as JSON (for the API and the
command); the regional section's rows, for its page table and the Word file alike."""

from django.utils.translation import gettext as _

from activities.measures import MEASURES, TOTAL_QUALIFIER, qualified
from regional.models import PairingKind

from . import selectors
from .selectors import RECORDS
from .templatetags.reports import figure

TABLES = ("totals", "child", "category", "team", "month")


def table_title(name):
    return {
        "totals": _("Totals"),
        "child": _("By child region"),
        "category": _("By category"),
        "team": _("By volunteer team"),
        "month": _("By month"),
    }[name]


def _plain(value):
    """Decimals as floats for spreadsheets (numbers stay numeric cells), integers unchanged."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    return int(value) if value == int(value) else float(value)


def totals_table(totals):
    header = [
        _("Measure or indicator"),
        _("Unit"),
        _("This period"),
        _("A year earlier"),
        _("Year-on-year change"),
        _("Year-on-year change (%)"),
    ]
    rows = [
        [
            _("Record count"),
            _("records"),
            totals.records,
            totals.previous_records,
            totals.records - totals.previous_records,
            None,
        ]
    ]
    for f in totals.figures:
        rows.append(
            [
                str(f.label),
                str(f.unit),
                # An approximate total is text as the reports write it ("8200余"); an exact one stays a number.
                qualified(str(_plain(f.current)), f.qualifier) if f.qualifier else _plain(f.current),
                _plain(f.previous),
                _plain(f.change),
                _plain(f.change_percent),
            ]
        )
    if totals.distinct_volunteers or totals.previous_distinct_volunteers:
        f = totals.volunteers_figure
        rows.append([str(f.label), str(f.unit), f.current, f.previous, f.change, _plain(f.change_percent)])
    return header, rows


def breakdown_table(by, rows, indicators):
    """Header and rows: the key's label, records, the seven measures, then indicators that have any value."""
    used = [i for i in indicators if any(r.indicators.get(i.code) for r in rows)]
    first = {"child": _("Region"), "category": _("Category"), "team": _("Volunteer team"), "month": _("Month")}[by]
    header = [first, _("Record count"), *[str(m.label) for m in MEASURES], *[f"{i.name}（{i.unit}）" for i in used]]
    body = [
        [
            str(r.label),
            r.values[RECORDS],
            *[_plain(r.values[m.field]) for m in MEASURES],
            *[_plain(r.indicators.get(i.code, 0)) for i in used],
        ]
        for r in rows
    ]
    return header, body


def _counted_units_row(counted):
    """The member units the reports count without naming them: a row of their own (none when there are none),
    never added into the named units; the total is approximate (余) when any part is."""
    if not counted:
        return []
    total = sum(c["count"] for c in counted)
    qualifiers = [c["qualifier"] for c in counted]
    qualifier = (qualifiers[0] if len(counted) == 1 else TOTAL_QUALIFIER) if any(qualifiers) else ""
    details = "；".join(f"{c['label']} {qualified(str(c['count']), c['qualifier'])}" for c in counted)
    return [("units_counted", _("Member units counted, not named"), qualified(str(total), qualifier), details)]


def regional_rows(r):
    """The regional section's figures (``reports.regional.regional_figures``) as (key, what, count, details) rows:
    the print page's table (``reports/_regional.html``) and the Word file's show these same words and figures."""
    pairings = r["pairings"]
    kinds = " ".join(f"{label} {n}" for kind, label in PairingKind.choices if (n := pairings["by_kind"].get(kind)))
    if pairings.get("a_grouped") or pairings.get("b_grouped"):
        grouped = _("aggregate pairings: %(a)s on side A, %(b)s on side B") % {
            "a": pairings.get("a_grouped") or 0,
            "b": pairings.get("b_grouped") or 0,
        }
        kinds = f"{kinds} · {grouped}" if kinds else f"· {grouped}"
    committees, done, members = r["committees"], r["pairing_activities"], r["members"]
    return [
        (
            "committees",
            _("Committees (大工委, 大党委) with member units"),
            committees["committees"],
            _("%(units)s member units, %(members)s part-time members appointed, %(candidates)s candidates")
            % {"units": committees["units"], "members": committees["members"], "candidates": committees["candidates"]},
        ),
        *_counted_units_row(committees.get("counted", [])),
        ("pairings", _("Pairings active in the period"), pairings["pairings"], kinds),
        (
            "pairing_activities",
            _("Activities done under pairings"),
            done["records"],
            _("under %(pairings)s pairings; %(participants)s person-times, %(households)s households")
            % {
                "pairings": done["pairings"],
                "participants": figure(done["participants"]),
                "households": figure(done["households"]),
            },
        ),
        (
            "needs",
            _("Needs raised"),
            r["needs"]["raised"],
            _("%(matched)s matched, %(resolved)s resolved")
            % {"matched": r["needs"]["matched"], "resolved": r["needs"]["resolved"]},
        ),
        (
            "projects",
            _("Projects claimed"),
            r["projects"]["claimed"],
            _("%(listed)s listed, %(completed)s completed")
            % {"listed": r["projects"]["listed"], "completed": r["projects"]["completed"]},
        ),
        (
            "units_reported",
            _("Units reported to communities"),
            r["reported"]["units"],
            _("%(services)s services done") % {"services": r["reported"]["services"] or 0},
        ),
        (
            "members_reported",
            _("In-service Party members reported"),
            members["members"],
            _("%(services)s services, %(hours)s hours in the communities they reported to")
            % {"services": members["services"], "hours": figure(members["hours"] or 0)},
        ),
        (
            "elections",
            _("Elections held"),
            r["elections"]["held"],
            _("in %(n)s organizations") % {"n": r["elections"]["organizations"]},
        ),
        (
            "supervision",
            _("Supervision checks"),
            r["checks"]["checks"],
            "；".join(f"{c.subject}：{c.counts_display}" for c in r["supervision"]),
        ),
    ]


def regional_tables(r):
    """The regional section as the Word file's headed tables: (heading, header, rows) of its figures, the member
    units and members per committee and the assessment rankings (the last two only when there are any)."""
    sections = [
        (
            _("Regional Party-building"),
            [_("What"), _("Count"), _("Details")],
            [[what, count, details or "—"] for _key, what, count, details in regional_rows(r)],
        )
    ]
    committees = r["committees"]
    if committees["rows"]:
        sections.append(
            (
                _("Member units and members per committee"),
                [_("Committee"), _("Region"), _("Member units"), _("Members appointed"), _("Candidates")],
                [[c.name, c.region.full_name, c.units, c.members, c.candidates] for c in committees["rows"]],
            )
        )
    if r["rankings"]:
        sections.append(
            (
                _("Assessment rankings"),
                [_("Assessment"), _("Region"), _("Best ranked")],
                [
                    [
                        str(s["scheme"]),
                        s["scheme"].region.full_name,
                        "；".join(f"{row['rank']}. {row['name']} {figure(row['total'])}" for row in s["ranking"])
                        or _("No scores recorded."),
                    ]
                    for s in r["rankings"]
                ],
            )
        )
    return sections


def _json_number(value):
    if value is None:
        return None
    if isinstance(value, int):
        return value
    return int(value) if value == int(value) else float(value)


def _values_object(values, indicators_values, indicators):
    result = {key: _json_number(values.get(key, 0)) for key in selectors.CORE_KEYS}
    for indicator in indicators:
        result[indicator.code] = _json_number(indicators_values.get(indicator.code, 0))
    return result


def payload(query, *, by=None):
    """The API's and the command's JSON: region, period, which records count, totals and (with ``by``) rows."""
    indicators = selectors._indicators()
    totals = selectors.totals(query, indicators=indicators)
    shown = [i for i in indicators if i.code in totals.by_key()]
    data = {
        "region": _region_object(query.region),
        "period": {"start": query.period.start.isoformat(), "end": query.period.end.isoformat()},
        "statuses": list(query.statuses),
        "records": totals.records,
        "totals": {f.key: _json_number(f.current) for f in totals.figures},
        "previous_year": {f.key: _json_number(f.previous) for f in totals.figures},
        "distinct_volunteers": totals.distinct_volunteers,
        "previous_year_distinct_volunteers": totals.previous_distinct_volunteers,
        # The totals with an approximate part and how they are written: {"participants": "余"} for 8200余人次.
        "approximate": {f.key: f.qualifier for f in totals.figures if f.qualifier},
    }
    if by:
        rows = selectors.rows_for(query, by, shown)
        data["by"] = by
        data["rows"] = [
            {
                "key": selectors.row_key(by, r),
                "label": str(r.label),
                "records": r.records,
                **_values_object(r.values, r.indicators, shown),
            }
            for r in rows
        ]
    return data


def _region_object(region):
    if region is None:
        return None
    return {"id": region.pk, "code": region.code, "name": region.name, "path": region.full_name}
