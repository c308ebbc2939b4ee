"""The login backend: Django's own, with the user's unit and its area read in the same query.

Every page that reads people works out the user's scope from ``user.unit.area`` (``accounts.scope``);
Django's backend would load the user, then the unit, then the area, three queries per request.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user = model._default_manager.select_related("unit__area").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
