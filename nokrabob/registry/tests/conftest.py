import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    """The outreach page keeps its counts in the cache: each test starts without them."""
    cache.clear()
    yield
    cache.clear()
