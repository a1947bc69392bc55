"""Run a bound form through a service and show on the form what the service said.

One behaviour for every edit page (decision 0026): a service's `ValidationError` lands on the
form's fields; a stale edit (`StaleEditError`, optimistic versioning) keeps what the person typed,
puts the newer version in the form so saving again is a deliberate choice, and shows the values
saved in the meantime beside the fields and in the `_stale_edit.html` include.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from gridpact.core.errors import StaleEditError

_MISSING = object()


@dataclass(frozen=True)
class NewerValue:
    """One value someone else saved while this person was editing, ready to show."""

    name: str
    label: str
    value: str = ""
    items: tuple[str, ...] = ()  # a value that reads as a list, e.g. a rule's lines


@dataclass
class StaleEdit:
    """The record as it is now, and the values in it that differ from what this person typed."""

    current: Any
    newer: list[NewerValue] = field(default_factory=list)


@dataclass
class FormOutcome:
    """What came of running a form through a service; `status` is the page's HTTP status."""

    saved: bool
    result: Any = None
    stale: StaleEdit | None = None

    @property
    def status(self) -> int:
        if self.saved:
            return 200
        return 409 if self.stale else 400


def add_service_errors(form, error: ValidationError, names: Mapping[str, str] | None = None):
    """Put a service's errors on the form: on the field it names (through `names` when the
    service calls it differently), else on top of the form."""
    names = names or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = names.get(name, name)
        if target == NON_FIELD_ERRORS or target not in form.fields:
            target = None
        form.add_error(target, ValidationError(errors))


def run_service_form(
    form,
    save: Callable[[dict], Any],
    *,
    names: Mapping[str, str] | None = None,
    version_field: str = "version",
    read: Callable[[Any], Mapping[str, Any]] | None = None,
    show: Mapping[str, Callable[[Any], str]] | None = None,
    extra: Callable[[Any], list[NewerValue]] | None = None,
) -> FormOutcome:
    """Validate `form`, then call `save(cleaned_data)`, which calls the service.

    - `names` maps a service's field names to the form's where they differ (`{"starts_at":
      "start_time"}`), for its errors.
    - `version_field` is the form's hidden field with the version the person loaded.
    - `read(current)` gives the stored values by form field name, for the fields to compare
      (default: the record's attributes of the same names).
    - `show` formats one field's value for reading (default: by the kind of field).
    - `extra(current)` adds newer values that no single field holds.
    """
    if not form.is_valid():
        return FormOutcome(saved=False)
    try:
        result = save(dict(form.cleaned_data))
    except ValidationError as error:
        add_service_errors(form, error, names)
        return FormOutcome(saved=False)
    except StaleEditError as error:
        stale = keep_input_after_stale_edit(
            form, error.current, version_field=version_field, read=read, show=show
        )
        if extra is not None:
            stale.newer.extend(extra(error.current))
        return FormOutcome(saved=False, stale=stale)
    return FormOutcome(saved=True, result=result)


def keep_input_after_stale_edit(
    form,
    current,
    *,
    version_field: str = "version",
    read: Callable[[Any], Mapping[str, Any]] | None = None,
    show: Mapping[str, Callable[[Any], str]] | None = None,
) -> StaleEdit:
    """Keep the typed input in `form` with the newer version; note beside each field the value
    saved in the meantime where it differs from what was typed."""
    data = form.data.copy()
    for name, form_field in form.fields.items():
        value = form.cleaned_data.get(name)
        if isinstance(value, date) and getattr(form_field.widget, "input_type", "") == "date":
            # A date input shows only ISO dates; "01-01-2032" typed elsewhere would vanish.
            data[form.add_prefix(name)] = value.isoformat()
    data[form.add_prefix(version_field)] = str(current.version)
    form.data = data

    stored = read(current) if read is not None else {}
    newer = []
    for name, form_field in form.fields.items():
        if name == version_field or isinstance(form_field.widget, forms.HiddenInput):
            continue
        saved = stored.get(name, _MISSING) if read else getattr(current, name, _MISSING)
        if saved is _MISSING or _same(saved, form.cleaned_data.get(name)):
            continue
        text = (show or {}).get(name, lambda v, f=form_field: _readable(f, v))(saved)
        newer.append(NewerValue(name=name, label=str(form_field.label or name), value=text))
        bound = form[name]
        bound.newer_value = text
        widget = form_field.widget
        described = widget.attrs.get("aria-describedby", "").split()
        newer_id = f"{bound.auto_id}-newer"
        if newer_id not in described:
            widget.attrs["aria-describedby"] = " ".join([*described, newer_id])
    stale = StaleEdit(current=current, newer=newer)
    form.stale_edit = stale
    return stale


def _plain(value):
    return list(value) if isinstance(value, models.QuerySet) else value


def _same(saved, typed) -> bool:
    saved, typed = _plain(saved), _plain(typed)
    if saved in (None, "") and typed in (None, ""):
        return True
    if isinstance(saved, models.Model) or isinstance(typed, models.Model):
        return getattr(saved, "pk", saved) == getattr(typed, "pk", typed)
    if isinstance(saved, list | tuple) and isinstance(typed, list | tuple):
        return sorted(str(getattr(v, "pk", v)) for v in saved) == sorted(
            str(getattr(v, "pk", v)) for v in typed
        )
    return saved == typed


def _readable(form_field, value) -> str:
    """A stored value as a person reads it in this field."""
    if value in (None, ""):
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(_readable(form_field, item) for item in value) or "–"
    if isinstance(form_field, forms.ModelChoiceField) or isinstance(value, models.Model):
        return str(value)
    if isinstance(form_field, forms.ChoiceField):
        labels = {}
        for key, label in form_field.choices:
            if isinstance(label, list | tuple):
                labels.update({str(k): str(v) for k, v in label})
            else:
                labels[str(key)] = str(label)
        return labels.get(str(value), str(value))
    if isinstance(value, date):
        return date_format(value, "j F Y")
    if isinstance(value, time):
        return time_format(value, "H:i")
    if isinstance(value, Decimal):
        shown = form_field.prepare_value(value)
        return shown if isinstance(shown, str) else str(value)
    return str(value)
