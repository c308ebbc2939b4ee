"""Errors the domain raises on purpose. Each carries a message for the user, never a stack trace."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A rule of the domain was broken; ``message`` is shown to the user as it is."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_validation_error(self) -> ValidationError:
        if self.field:
            return ValidationError({self.field: [self.message]})
        return ValidationError(self.message)


class UnknownCode(DomainError):
    """A code (org unit, area, scheme …) that the reference data does not hold."""
