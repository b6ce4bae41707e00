"""The admin of regional Party-building, one module per group of models; importing them registers them."""

from . import assessment, committees, lists, registers

__all__ = ["assessment", "committees", "lists", "registers"]
