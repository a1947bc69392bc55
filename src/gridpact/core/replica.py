"""Reads that may come from a PostgreSQL read replica: dashboards and report exports.

Only code that runs inside `read_replica()` (or a view decorated with `reads_from_replica`) reads
from the `replica` database, and only when one is configured (`DATABASE_REPLICA_URL`). Everything
else, and every write, uses `default`, so a person always sees their own change on the next page.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.conf import settings

REPLICA = "replica"
_reading = ContextVar("gridpact_read_replica", default=False)


@contextmanager
def read_replica():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        with read_replica():
            return view(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as default

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA
