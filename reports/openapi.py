"""The OpenAPI 3.1 description of the JSON endpoints, written by hand.

Small enough to read in one go; the lists it names (periods, breakdowns, measures) come from the
code that checks them, and ``tests/reports/test_api.py`` calls every parameter it describes and
checks the answers against its schemas, so the two cannot drift apart unnoticed.
"""

from django.conf import settings
from django.urls import reverse

from activities.measures import MEASURES

from .forms import LATEST_YEAR
from .periods import KINDS
from .selectors import BREAKDOWNS

MAX_QUERY_LENGTH = 50

_NUMBER = {"type": "number"}
_ERRORS = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "object",
            "description": "Messages by parameter (``__all__`` for the request as a whole).",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        }
    },
}
_REGION = {
    "type": ["object", "null"],
    "description": "The region; null for all regions (superusers only).",
    "required": ["id", "code", "name", "path"],
    "properties": {
        "id": {"type": "integer"},
        "code": {"type": "string"},
        "name": {"type": "string"},
        "path": {"type": "string", "description": "The full name, e.g. 河南省郑州市中原区."},
    },
}
_FIGURES = {
    "type": "object",
    "description": "One number per core measure (" + ", ".join(m.field for m in MEASURES) + ") and per "
    "indicator with values (by its code).",
    "required": [m.field for m in MEASURES],
    "additionalProperties": _NUMBER,
}
_TOTALS = {
    "type": "object",
    "required": [
        "region",
        "period",
        "statuses",
        "records",
        "totals",
        "previous_year",
        "distinct_volunteers",
        "previous_year_distinct_volunteers",
        "approximate",
    ],
    "properties": {
        "region": _REGION,
        "period": {
            "type": "object",
            "required": ["start", "end"],
            "properties": {"start": {"type": "string", "format": "date"}, "end": {"type": "string", "format": "date"}},
        },
        "statuses": {"type": "array", "items": {"type": "string", "enum": ["approved", "submitted"]}},
        "records": {"type": "integer"},
        "totals": _FIGURES,
        "previous_year": _FIGURES,
        "distinct_volunteers": {"type": "integer"},
        "previous_year_distinct_volunteers": {"type": "integer"},
        "approximate": {
            "type": "object",
            "description": "The totals of the current period with an approximate part (a record gave 8000余 or "
            "约397636), by measure or indicator code, with the qualifier the total is written with: 余, or the "
            "one part's own (约, 近, 多 …) when the total is that part alone.",
            "additionalProperties": {"type": "string"},
        },
        "by": {"type": "string", "enum": list(BREAKDOWNS)},
        "rows": {
            "type": "array",
            "description": "With ``by``: one row per child region, category, month or team.",
            "items": {
                "type": "object",
                "required": ["key", "label", "records"],
                "properties": {
                    "key": {
                        "type": ["string", "integer", "null"],
                        "description": "Region code, category code, YYYY-MM or team id; null for records "
                        "at the region itself or without a team.",
                    },
                    "label": {"type": "string"},
                    "records": {"type": "integer"},
                },
                "additionalProperties": _NUMBER,
            },
        },
    },
}
_CHOICES = {
    "type": "object",
    "required": ["results"],
    "properties": {
        "results": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "code", "name", "region"],
                "properties": {
                    "id": {"type": "integer", "description": "What the dashboard's filter posts."},
                    "code": {"type": "string"},
                    "name": {"type": "string"},
                    "region": {"type": "string", "description": "The full name of its region."},
                },
            },
        }
    },
}


def _parameter(name, schema, description, example=None):
    parameter = {"name": name, "in": "query", "required": False, "description": description, "schema": schema}
    if example is not None:
        parameter["example"] = example
    return parameter


def _region_parameter():
    return _parameter(
        "region",
        {"type": "string"},
        "Region code (an all-digit value is a code first; only when no region has that code is it read "
        "as a region id). Default: your first region; everything for a superuser.",
    )


def _json(schema, description):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses):
    text = {
        400: "A bad parameter; the messages say which.",
        403: "Not logged in.",
        404: "The region (or kind) does not exist or lies outside your regions.",
    }
    return {str(status): {"$ref": f"#/components/responses/Error{status}"} for status in statuses} | {
        "405": {"$ref": "#/components/responses/Error405"}
    }, {f"Error{status}": _json(_ERRORS, message) for status, message in text.items()}


def document(request=None):
    """The OpenAPI document as a dict."""
    errors, error_responses = _errors(400, 403, 404)
    totals_parameters = [
        _region_parameter(),
        _parameter("period", {"type": "string", "enum": [k for k, _label in KINDS]}, "Kind of period.", "year"),
        _parameter(
            "year", {"type": "integer", "minimum": 1990, "maximum": LATEST_YEAR}, "Year (default: this year).", 2021
        ),
        _parameter("quarter", {"type": "integer", "minimum": 1, "maximum": 4}, "Quarter, with period=quarter.", 2),
        _parameter("month", {"type": "integer", "minimum": 1, "maximum": 12}, "Month, with period=month.", 6),
        _parameter("date_from", {"type": "string", "format": "date"}, "First day, with period=custom.", "2021-03-01"),
        _parameter("date_to", {"type": "string", "format": "date"}, "Last day, with period=custom.", "2021-05-31"),
        _parameter("category", {"type": "integer"}, "Only this category (its id)."),
        _parameter("team", {"type": "integer"}, "Only this volunteer team (its id)."),
        _parameter("organization", {"type": "integer"}, "Only this organization (its id)."),
        _parameter("include_submitted", {"type": "string", "enum": ["on"]}, "Count submitted records too.", "on"),
        _parameter(
            "by",
            {"type": "string", "enum": list(BREAKDOWNS)},
            "Add one row per child region, category, month or team.",
            "child",
        ),
    ]
    choices_parameters = [
        {
            "name": "kind",
            "in": "path",
            "required": True,
            "description": "What to list.",
            "schema": {"type": "string", "enum": ["team", "organization"]},
        },
        _region_parameter(),
        _parameter(
            "q",
            {"type": "string", "maxLength": MAX_QUERY_LENGTH},
            "Part of the name, or the start of the code.",
            "志愿",
        ),
    ]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Community Ledger totals API",
            "version": "1",
            "description": "Read-only JSON for logged-in users, within their regions. Log in through the "
            "staff site; the session cookie authenticates these calls.",
        },
        "security": [{"session": []}],
        "paths": {
            reverse("reports:api_totals"): {
                "get": {
                    "operationId": "totals",
                    "summary": "The totals of a region's subtree for a period, with the same period a year earlier.",
                    "parameters": totals_parameters,
                    "responses": {"200": _json(_TOTALS, "The totals.")} | errors,
                }
            },
            reverse("reports:api_choices", args=["kind"]).replace("/kind/", "/{kind}/"): {
                "get": {
                    "operationId": "choices",
                    "summary": "Teams or organizations of the region's subtree whose name or code matches; at most 20.",
                    "parameters": choices_parameters,
                    "responses": {"200": _json(_CHOICES, "The matches, by name.")} | errors,
                }
            },
        },
        "components": {
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}},
            "responses": error_responses | {"Error405": _json(_ERRORS, "Any method but GET.")},
        },
    }
