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

from .lang import language  # noqa: E402
from .language import identifier  # noqa: E402
from .readers.html import load_extractor  # noqa: E402
from .store.copies import minhash_template  # noqa: E402

language("ru").preload()  # every Russian model and table: one analysis of an invented article
load_extractor()  # trafilatura, shared by the workers that read web pages
minhash_template()  # (datasketch imports scipy: ~0.9 s, not to be counted in an article's time)
identifier()
