"""Django's ``flush``, able to empty the audit trail only where settings.AUDIT_FLUSH_EMPTIES_TRAIL is on.

The audit table refuses DELETE and TRUNCATE in the database (nokrabob/audit/maintenance.py). The test suite's
transactional tests flush after each test, so the test settings turn this on; anywhere else ``flush`` stops
at the audit table and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.commands import flush

from nokrabob.audit.maintenance import audit_maintenance


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        if not getattr(settings, "AUDIT_FLUSH_EMPTIES_TRAIL", False):
            return super().handle(**options)
        with audit_maintenance(options["database"]):
            return super().handle(**options)
