"""The current request's id, readable by the audit trail and the log formatter."""

from contextvars import ContextVar

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")
