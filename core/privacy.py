"""Masking of personal data for display and export."""


def mask_phone(value):
    """13812341234 -> 138****1234; short or empty values are hidden whole."""
    if not value:
        return ""
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


def mask_id_number(value):
    """410102199001011234 -> 410102********1234."""
    if not value:
        return ""
    if len(value) < 11:
        return "*" * len(value)
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


def can_see_personal_data(user):
    """Whether ``user`` may see phone and ID numbers in full."""
    return user.has_perm("volunteers.view_personal_data")
