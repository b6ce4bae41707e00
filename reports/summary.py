"""The Chinese summary paragraph of the printable report, in the style of the news reports.

    "2021年以来，大鹏新区共开展志愿服务活动17场次，参与志愿者2112人次，服务时长3168小时，服务群众397636人次。"

Only figures that are not zero appear; each with its own unit. Like the reports,
round large figures are written with 万 (8.9万, 3620万元, 1.5万) and exact ones in
full (397636, 43530): a figure of at least 10,000 that is a whole number of
thousands is written in 万, anything else digit for digit. The paragraph is Chinese
whatever the interface language, as the reports it stands in for are.
"""

from decimal import Decimal

# (measure, clause with {n} for the number and the unit written after it)
CLAUSES = {
    "participants": "参与{n}人次",
    "volunteers": "参与志愿者{n}人次",
    "volunteer_hours": "服务时长{n}小时",
    "people_served": "服务群众{n}人次",
    "households": "走访服务{n}户",
    "funds": "投入资金{n}元",
}


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


def period_phrase(period, today=None):
    """How the sentence opens: "2021年以来" for a year still running, else the period ("2020年", "2021年9月")."""
    if period.kind == "year" and period.in_progress(today):
        return f"{period.start.year}年以来"
    return period.describe()


def summary_sentence(*, region_name, period, totals, category_name="", today=None):
    """The paragraph for ``totals`` (a ``selectors.Totals``) of ``region_name`` in ``period``."""
    values = totals.by_key()
    opening = f"{period_phrase(period, today)}，{region_name}"
    clauses = []
    sessions = values["sessions"].current
    activity = f"{category_name}活动" if category_name else "各类活动"
    if sessions:
        clauses.append(f"共开展{activity}{chinese_number(sessions)}场次")
    for key, clause in CLAUSES.items():
        if values[key].current:
            clauses.append(clause.format(n=chinese_number(values[key].current)))
    indicator_parts = [
        f"{figure.label}{chinese_number(figure.current)}{figure.unit}"
        for figure in totals.figures
        if figure.is_indicator and figure.current
    ]
    if not clauses and not indicator_parts:
        return f"{opening}暂无{category_name}活动记录。"
    if clauses and not sessions:
        clauses[0] = f"累计{clauses[0]}"
    sentence = opening + "，".join(clauses)
    if indicator_parts:
        sentence += ("，" if clauses else "") + ("另有" if clauses else "共有") + "、".join(indicator_parts)
    return sentence + "。"
