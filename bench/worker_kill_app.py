"""The GridPact Celery app as bench/worker_kill.py runs it, with bench-only instruments.

    celery -A worker_kill_app worker     (PYTHONPATH=src:bench, WORKER_KILL_DIR=<scratch dir>)

Nothing in GridPact changes: this module adds, only in the bench's worker,
- `Outbox`, an e-mail backend (EMAIL_BACKEND=worker_kill_app.Outbox) that writes every message it
  accepts to its own file, fsync'ed, so a duplicate e-mail is a second file;
- a slow step, while the file `slow.json` in WORKER_KILL_DIR names a target: the e-mail to that
  address stalls before the mail server accepts it ("send") or after it accepted it, while the
  connection closes ("close"); or the report export stalls half-way, after it reported progress
  ("export"). The stall writes `inflight` first, so the bench knows when to kill the worker;
- an event log (`events.log`): every task start and end, and every finished PDF, fsync'ed.
"""

import json
import os
import time
from pathlib import Path

from celery import signals
from django.core.mail.backends.base import BaseEmailBackend

from gridpact.celery import app

__all__ = ["Outbox", "app"]

DIR = Path(os.environ.get("WORKER_KILL_DIR", "/nonexistent"))
STALL_SECONDS = 120


def log_event(*words) -> None:
    line = " ".join(str(w) for w in words) + "\n"
    fd = os.open(DIR / "events.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def _slow(target: str, phase: str) -> None:
    """Stall if the bench asked for it at this point; it kills the worker during the stall."""
    try:
        wanted = json.loads((DIR / "slow.json").read_text())
    except FileNotFoundError:
        return
    if wanted["target"] == target and wanted["phase"] == phase:
        (DIR / "inflight").write_text(f"{target} {phase} {os.getpid()}\n")
        time.sleep(STALL_SECONDS)


class Outbox(BaseEmailBackend):
    """A mail server that keeps every accepted message as a file; opens and closes like SMTP."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.is_open = False
        self.accepted: list[str] = []

    def open(self) -> bool:
        if self.is_open:
            return False
        self.is_open = True
        return True

    def close(self) -> None:
        for address in self.accepted:
            _slow(address, "close")  # the server has the message; the connection is closing
        self.accepted = []
        self.is_open = False

    def send_messages(self, email_messages) -> int:
        opened = self.open()
        try:
            for message in email_messages:
                for address in message.to:
                    _slow(address, "send")  # before the server has accepted the message
                name = DIR / "outbox" / f"{time.time_ns()}-{os.getpid()}.eml"
                with open(name, "wb") as out:
                    out.write(message.message().as_bytes())
                    out.flush()
                    os.fsync(out.fileno())
                self.accepted.extend(message.to)
        finally:
            if opened:
                self.close()
        return len(email_messages)


@signals.worker_process_init.connect
def _slow_export(**kwargs) -> None:
    """Stall the export between its progress steps (after 'Laying out …', before it is done)."""
    from gridpact.monitoring import exports

    pdf = exports.pdf

    def slow_pdf(context) -> bytes:
        body = pdf(context)
        _slow("export", "export")
        log_event("pdf-built", len(body))
        return body

    exports.pdf = slow_pdf


@signals.task_prerun.connect
def _started(task_id=None, task=None, args=None, **kwargs) -> None:
    log_event("start", task_id, task.name, *(args or ()))


@signals.task_postrun.connect
def _ended(task_id=None, task=None, state=None, retval=None, **kwargs) -> None:
    log_event("end", task_id, task.name, state, retval)
