import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _german():
    """A request in English leaves English active in this thread; start in German."""
    translation.activate("de")
    yield
    translation.activate("de")
