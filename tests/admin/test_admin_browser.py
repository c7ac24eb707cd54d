"""Every admin page in headless Chromium at 1280 and 360 px: it loads, the page itself never
scrolls sideways (wide tables scroll inside their frame), and the event bar names the event."""

import pytest

PAGES = [
    "/admin",
    "/admin/events",
    "/admin/events/{event_id}",
    "/admin/organisations",
    "/admin/organisations/{organisation_id}",
    "/admin/depots",
    "/admin/depots/{depot_id}",
    "/admin/users",
    "/admin/users/{user_id}",
    "/admin/norms",
    "/alerts/notifications",
    "/admin/geodata",
]


@pytest.mark.parametrize("width", [1280, 360])
def test_every_admin_page_fits_the_screen(
    live_server, browser, browser_login, lebak_setup, scoped_logistics, width
):
    ids = {**lebak_setup, "user_id": scoped_logistics["id"]}
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    browser_login(page, "admin")
    for path in PAGES:
        response = page.goto(live_server + path.format(**ids))
        assert response.status == 200, path
        assert page.locator(".event-bar").inner_text().count("Banjir Lebak uji") >= 1, path
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        assert not wide, f"{path} scrolls sideways at {width} px"
    assert errors == []
    page.close()
