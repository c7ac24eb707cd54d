"""The staff header in headless Chromium: compact on a phone, a menu that opens without JS."""

import pytest


@pytest.mark.parametrize("javascript", [True, False])
def test_phone_header_is_one_row_and_its_menu_opens(
    live_server, browser, browser_login, javascript
):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=javascript
    )
    page = context.new_page()
    browser_login(page, "logistics")
    page.goto(f"{live_server}/shipments")
    header = page.locator("header.topbar").bounding_box()
    assert header["height"] <= 72  # was about 210 px, a quarter of the screen
    shipments = page.locator("nav.nav").get_by_role("link", name="Pengiriman", exact=True)
    assert not shipments.is_visible()
    page.get_by_text("Menu", exact=True).click()
    assert shipments.is_visible()
    shipments.click()
    page.wait_for_url(f"{live_server}/shipments")
    context.close()


def test_wide_screen_shows_the_links_without_a_menu_button(live_server, browser, browser_login):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    browser_login(page, "ombudsman")
    page.goto(f"{live_server}/dashboard")
    assert page.locator("nav.nav").get_by_role("link", name="Laporan warga").is_visible()
    assert not page.locator("details.menu > summary").is_visible()
    assert page.locator("header.topbar").bounding_box()["height"] <= 100
