"""The serializers' base. Each app's `api.py` has its serializers, which validate shape only;
every write goes through the domain services."""

from collections.abc import Mapping

from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

# Fields whose JSON type is a string: DRF would also take a number (and make "5" of 5).
_STRING_FIELDS = (
    serializers.CharField,
    serializers.ChoiceField,
    serializers.DateField,
    serializers.UUIDField,
)


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, so a client cannot slip in organisation, status …, and
    values of another JSON type than the schema says.

    Checked on the raw input (also of nested serializers) and listed with the other errors.
    """

    def to_internal_value(self, data):
        refused = {}
        if isinstance(data, Mapping):
            for name in sorted(set(data) - set(self.fields)):
                refused[name] = [ErrorDetail("This field cannot be set.")]
            for name, field in self.fields.items():
                value = data.get(name)
                if isinstance(field, _STRING_FIELDS) and not isinstance(value, str | None):
                    refused[name] = [ErrorDetail("Not a string.")]
        try:
            values = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if refused and isinstance(error.detail, dict):
                raise serializers.ValidationError({**error.detail, **refused}) from error
            raise
        if refused:
            raise serializers.ValidationError(refused)
        return values


class DecimalStringField(serializers.DecimalField):
    """A decimal as a string ("12345.67"); a JSON number is refused, because a float cannot hold
    every amount exactly."""

    default_error_messages = {"not_a_string": 'Send the number as a string, e.g. "12345.67".'}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)
