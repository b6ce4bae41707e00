"""Validation of personal identifiers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
# ASCII only: \d alone would also match full-width digits (１２３), which a Chinese keyboard types easily.
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$", re.ASCII)
_PHONE_SHAPE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$", re.ASCII)


def id_number_check_char(first17):
    """The GB 11643 check character for the first 17 digits of an ID number."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def validate_id_number(value):
    value = value.upper()
    if not _ID_SHAPE.match(value):
        raise ValidationError(_("An ID number has 18 characters: 17 digits and a digit or X."), code="id_shape")
    if id_number_check_char(value[:17]) != value[17]:
        raise ValidationError(_("This ID number's check digit is wrong; please check the number."), code="id_checksum")


def validate_phone(value):
    if not _PHONE_SHAPE.match(value):
        raise ValidationError(
            _("Enter an 11-digit mobile number (13812341234) or a landline with area code (0371-12345678)."),
            code="phone_shape",
        )
