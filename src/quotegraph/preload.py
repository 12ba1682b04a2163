"""Imported by the fork server of ``quotegraph ingest``'s workers: the models load once there,
and every worker forked from it starts with them loaded.

The fork server leaves with the process that started it (``lifetime.leave_with``), and it
watches from its first line, before the models load, so a kill during loading is seen too.
Its workers leave with it: they read ``SERVER`` to know whom to follow."""
import os

from .lifetime import leave_with, owner

SERVER = os.getpid()
if owner() is not None:
    leave_with(owner())

from .language import identifier  # noqa: E402
from .nlp import models, syntax_parser  # noqa: E402

models()
syntax_parser()
identifier()
