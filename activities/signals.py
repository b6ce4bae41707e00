"""Signals activities send inside the transaction of a workflow step, for the apps above them.

``activities`` knows nothing of who is told about a step. After each step of the review
workflow (``activities.services``: submit, withdraw, approve, return, reopen) it sends
``workflow_step`` with ``activity`` (as changed), ``action`` (a ``history.models.Action``),
``actor``, ``reason`` (the return reason, or "") and ``previous_status``; the notifications
app listens. Sent inside the step's transaction: a receiver that raises rolls the step back,
and the rows a receiver writes commit or roll back with it.
"""

from django.dispatch import Signal

workflow_step = Signal()
