"""Resolving references by natural key: regions, organizations, teams, categories, people, activities.

A region is named by its code, its full path ("中原区/桐柏路街道/西站东社区", or
its tail "桐柏路街道/西站东社区"), a name unique within the importer's scope, or
its path written without separators as people write it ("开封市鼓楼区",
"南京鼓楼区", "河南省开封市鼓楼区": see ``RegionIndex.spelled``).
Organizations, teams and categories by code or unique name. An unknown or
ambiguous reference is a ``CellError`` naming the candidates; a region outside
the importer's scope is one too.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from communities.models import Region

from .parsing import CellError, clean_text

SHOWN_CANDIDATES = 5
_SEPARATORS = re.compile(r"\s*[/／\\>›»]\s*")


def candidates_text(names):
    names = sorted(names)
    shown = "、".join(names[:SHOWN_CANDIDATES])
    if len(names) > SHOWN_CANDIDATES:
        shown += _(" and %(count)d more") % {"count": len(names) - SHOWN_CANDIDATES}
    return shown


def region_keys(value):
    """(text, path, name): what a region cell is looked up by — code or name ``text``, full ``path``, last ``name``."""
    text = unicodedata.normalize("NFKC", clean_text(value))
    path = _SEPARATORS.sub("/", text).strip("/")
    return text, path, path.rsplit("/", 1)[-1]


def region_unknown(value):
    return _("No region “%(value)s”: give its code, its full path or its name.") % {"value": value}


def region_ambiguous(value, full_names):
    return _("More than one region is called “%(value)s”: %(candidates)s. Write its code or full path.") % {
        "value": value,
        "candidates": candidates_text(full_names),
    }


def region_outside(value):
    return _("Region “%(value)s” is outside your regions.") % {"value": value}


class ScopeTest:
    """Whether a materialized path lies in the user's scope (``inside``) or above it (``above``)."""

    def __init__(self, scope):
        self.is_global = scope.is_global
        self.tops = [] if self.is_global else [r.path for r in scope.regions]

    def inside(self, path):
        return self.is_global or any(path.startswith(top) for top in self.tops)

    def visible(self, path):
        """Inside the scope, or an ancestor of it: a clerk may name the district's organizations."""
        return self.is_global or any(path.startswith(top) or top.startswith(path) for top in self.tops)


@dataclass
class RegionRecord:
    id: int
    code: str
    name: str
    full_name: str
    path: str
    parent_id: int | None
    level: str

    @property
    def short_name(self):
        return short_name(self.name)


# The level words a name ends with, longest first: "开封市" is also written "开封", "广西壮族自治区" "广西".
_LEVEL_ENDINGS = (
    "特别行政区",
    "街道办事处",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "街道",
    "地区",
    "社区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
    "镇",
    "乡",
    "村",
)
_ETHNIC_PART = re.compile(r"^(.{2,}?)[\u4e00-\u9fff]{1,4}族")
_AUTONOMOUS_REGIONS = {"内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏"}
_AUTONOMOUS_REGIONS |= {"宁夏回族自治区": "宁夏", "新疆维吾尔自治区": "新疆"}
# Place names above the tree, written before a path that starts at one of its roots ("郑州市" + "中原区…").
_ABOVE_THE_TREE = re.compile(r"(?:[\u4e00-\u9fff]{2,}?(?:省|市|自治区|特别行政区|自治州|地区|盟))+")


def short_name(name):
    """The name without its level word when something of two characters or more is left, else None."""
    if name in _AUTONOMOUS_REGIONS:
        return _AUTONOMOUS_REGIONS[name]
    for ending in _LEVEL_ENDINGS:
        if name.endswith(ending):
            stem = name[: -len(ending)]
            if ending.startswith("自治"):
                ethnic = _ETHNIC_PART.match(stem)
                stem = ethnic.group(1) if ethnic else stem
            return stem if len(stem) >= 2 else None
    return None


class RegionIndex:
    """Every region's natural keys, loaded once per import (a province has ~10,000 regions)."""

    def __init__(self, scope_test):
        self.scope_test = scope_test
        self.by_code, self.by_full_name, self.by_name, self.by_id = {}, {}, defaultdict(list), {}
        for values in Region.objects.order_by().values_list(
            "id", "code", "name", "full_name", "path", "parent_id", "level"
        ):
            self.add(RegionRecord(*values))

    def add(self, record):
        self.by_code[record.code] = record
        self.by_full_name[record.full_name] = record
        self.by_name[record.name].append(record)
        self.by_id[record.id] = record

    def forget(self, record):
        self.by_id.pop(record.id, None)
        self.by_code.pop(record.code, None)
        self.by_full_name.pop(record.full_name, None)
        self.by_name[record.name] = [r for r in self.by_name[record.name] if r.id != record.id]

    def find(self, value):
        """The record named by ``value`` (code, full path, path tail or name), ignoring scope; CellError if none."""
        text, path, name = region_keys(value)
        record = self.by_code.get(text) or self.by_full_name.get(path)
        if record:
            return record
        matches = self.by_name.get(name, [])
        if "/" in path:
            matches = [r for r in matches if r.full_name.endswith("/" + path)]
        elif not matches:
            matches = self.spelled(re.sub(r"\s+", "", path))
        inside = [r for r in matches if self.scope_test.inside(r.path)]
        if len(inside) == 1:
            return inside[0]
        if len(inside) > 1:
            raise CellError(region_ambiguous(text, [r.full_name for r in inside]))
        if matches:
            return matches[0] if len(matches) == 1 else self._outside(text)
        raise CellError(region_unknown(text))

    def spelled(self, text):
        """The regions ``text`` names as a path written without separators ("开封市鼓楼区").

        The text ends with a region's name; what comes before it spells some of that region's
        ancestors, nearest last, each by its name or its name without the level word ("南京" for
        南京市); levels may be left out ("郑州市桐柏路街道"), and names of places above the tree
        may lead once its root is spelled ("河南省郑州市中原区" for a tree that starts at 中原区).
        """
        found = []
        for split in range(1, len(text) - 1):
            for record in self.by_name.get(text[split:], ()):
                if self._spells_ancestors(text[:split], record.parent_id):
                    found.append(record)
        return found

    def _spells_ancestors(self, rest, ancestor_id):
        if ancestor_id is None:
            return False
        ancestor = self.by_id[ancestor_id]
        for form in (ancestor.name, ancestor.short_name):
            if form and rest.endswith(form):
                before = rest[: -len(form)]
                if not before:
                    return True
                if ancestor.parent_id is None and _ABOVE_THE_TREE.fullmatch(before):
                    return True
                if self._spells_ancestors(before, ancestor.parent_id):
                    return True
        return self._spells_ancestors(rest, ancestor.parent_id)  # a level left out

    def _outside(self, text):
        raise CellError(region_outside(text))

    def resolve(self, value):
        """The record named by ``value``, which must lie inside the importer's scope."""
        record = self.find(value)
        if not self.scope_test.inside(record.path):
            self._outside(clean_text(value))
        return record


class CodeNameResolver:
    """Organizations, teams (by code or unique name) — looked up per chunk in two-query batches, then cached."""

    def __init__(self, model, scope_test, *, label, unknown, ambiguous, outside):
        self.model, self.scope_test = model, scope_test
        self.label, self.unknown, self.ambiguous, self.outside = label, unknown, ambiguous, outside
        self.cache = {}

    def prefetch(self, values):
        wanted = {clean_text(v) for v in values} - set(self.cache) - {""}
        if not wanted:
            return
        found = defaultdict(list)
        rows = (
            self.model.objects.filter(Q(code__in=wanted) | Q(name__in=wanted))
            .order_by()
            .values_list("id", "code", "name", "region__path")
        )
        by_code = {}
        for pk, code, name, path in rows:
            by_code[code] = (pk, code, name, path)
            found[name].append((pk, code, name, path))
        for value in wanted:
            self.cache[value] = self._decide(value, by_code.get(value), found.get(value, []))

    def learn(self, pk, code, name, path):
        """A record created by this import: later rows may name it."""
        self.cache[code] = pk
        self.cache.pop(name, None)

    def _decide(self, value, by_code, by_name):
        if by_code:
            record = by_code
        else:
            visible = [r for r in by_name if self.scope_test.visible(r[3])]
            if len(visible) > 1:
                return CellError(
                    self.ambiguous
                    % {"value": value, "candidates": candidates_text(f"{r[2]}（{r[1]}）" for r in visible)}
                )
            if not visible:
                return CellError((self.outside if by_name else self.unknown) % {"value": value})
            record = visible[0]
        if not self.scope_test.visible(record[3]):
            return CellError(self.outside % {"value": value})
        return record[0]

    def resolve(self, value):
        """The primary key named by ``value`` (prefetched), or None for an empty cell; CellError if unknown."""
        text = clean_text(value)
        if not text:
            return None
        if text not in self.cache:
            self.prefetch([text])
        result = self.cache[text]
        if isinstance(result, CellError):
            raise result
        return result
