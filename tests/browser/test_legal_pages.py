import pytest

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "path",
    ["/datenschutz/", "/impressum/", "/barrierefreiheit/", "/en/datenschutz/"],
)
def test_legal_pages_are_accessible(page, path):
    page.goto(path)

    assert page.get_by_role("heading", level=1).count() == 1
    assert_accessible(page)


def test_footer_links_reach_the_privacy_notice(page):
    page.goto("/impressum/")

    page.get_by_role("contentinfo").get_by_role("link", name="Datenschutz").click()

    assert page.get_by_role("heading", name="Datenschutzhinweise").is_visible()
