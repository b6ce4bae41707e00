"""Formatting for totals: numbers with thousands separators and no needless decimals, signed changes."""

from decimal import Decimal

from django import template

from activities.measures import qualified

register = template.Library()


@register.filter
def figure(value):
    """3168.0 -> "3,168"; 7.50 -> "7.5"; None -> "—"."""
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


@register.filter
def qualify(text, qualifier):
    """A written figure with its qualifier where the reports put it: "8,000" with 余 -> "8,000余", 约 -> "约8,000"."""
    return qualified(text, qualifier)


@register.filter
def signed(value):
    """A change with its sign: "+12", "−3" (a real minus sign), "0"."""
    if value is None:
        return "—"
    value = Decimal(value)
    text = figure(abs(value))
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return text


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def get_field(obj, name):
    """A model field's value by name (measure columns); None when absent."""
    return getattr(obj, name, None)
