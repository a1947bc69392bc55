"""The service-form helper: a service's errors land on the form's own fields."""

from django import forms
from django.core.exceptions import ValidationError

from gridpact.core.web import run_service_form


class MeetingTimes(forms.Form):
    start_time = forms.TimeField()
    note = forms.CharField(required=False)


def _refuse(error):
    def save(data):
        raise error

    return save


def test_a_service_error_lands_on_the_field_it_names_through_the_mapping():
    form = MeetingTimes({"start_time": "09:00"})
    error = ValidationError({"starts_at": "Te vroeg.", "note": "Te lang.", "elsewhere": "Nee."})
    outcome = run_service_form(form, _refuse(error), names={"starts_at": "start_time"})
    assert (outcome.saved, outcome.status) == (False, 400)
    assert form.errors["start_time"] == ["Te vroeg."]
    assert form.errors["note"] == ["Te lang."]
    assert form.non_field_errors() == ["Nee."]


def test_a_plain_service_error_goes_on_top_of_the_form():
    form = MeetingTimes({"start_time": "09:00"})
    outcome = run_service_form(form, _refuse(ValidationError("Vergadering is gesloten.")))
    assert outcome.status == 400
    assert form.non_field_errors() == ["Vergadering is gesloten."]


def test_invalid_input_never_reaches_the_service():
    called = []
    form = MeetingTimes({"start_time": "negen uur"})
    outcome = run_service_form(form, called.append)
    assert (outcome.saved, outcome.status, called) == (False, 400, [])


def test_a_saved_form_returns_what_the_service_returned():
    form = MeetingTimes({"start_time": "09:00", "note": "ok"})
    outcome = run_service_form(form, lambda data: data["note"].upper())
    assert (outcome.saved, outcome.result, outcome.stale) == (True, "OK", None)
