"""Imported by the fork server of ``quotegraph ingest``'s workers: the models load once there,
and every worker forked from it starts with them loaded. The fork server leaves when the
ingest that started it is gone (killed with -9), and its workers follow it."""
import os
import threading
import time

from .nlp import models, syntax_parser

models()
syntax_parser()


def _leave_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


threading.Thread(target=_leave_with, args=(os.getppid(),), daemon=True).start()
