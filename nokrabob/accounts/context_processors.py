"""What every page may say about the user's own area."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from nokrabob.accounts.scope import area_words, scope_for


def area(request: HttpRequest) -> dict[str, object]:
    """``area_words``: เขต/แขวง for Bangkok's users, อำเภอ/ตำบล for the provinces', both for the rest."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Worked out only on the pages that show the words: no query for the rest.
    return {"area_words": SimpleLazyObject(lambda: area_words(scope_for(user)))}  # type: ignore[arg-type]
