"""The village picker: its markup, and in headless Chromium picking by name or typing the code."""

import re

from tests.logistics.conftest import VILLAGE


def test_new_shipment_form_offers_the_village_picker(client, login_as, scenario):
    login_as("logistics")
    response = client.get("/shipments/new")
    page = response.get_data(as_text=True)
    assert 'data-endpoint="/api/v1/public/places"' in page
    assert 'role="combobox"' in page and 'aria-controls="destination_code-options"' in page
    # The search box is hidden until the script runs; the code field works without it.
    assert '<div class="picker-search" hidden>' in page
    assert re.search(r'<input[^>]*name="destination_code"', page)
    script = re.search(r'<script src="/static/js/village_picker.js" nonce="([^"]+)"', page)
    assert script, "the picker script is served locally with a nonce"
    assert f"'nonce-{script.group(1)}'" in response.headers["Content-Security-Policy"]
    assert not re.search(r"\son[a-z]+\s*=", page), "no inline event handlers"


def test_assessment_form_offers_the_village_picker(client, login_as, scenario):
    login_as("logistics")
    page = client.get(f"/assessments/new?event_id={scenario['event_id']}").text
    assert 'aria-controls="village_code-options"' in page and "js/village_picker.js" in page


def _fill_items_and_save(page) -> None:
    page.select_option("#items-0-commodity", "rice")
    page.fill("#items-0-quantity", "2")
    page.select_option("#items-0-unit", "sack25")
    page.click("form.shipment-form button.primary")
    page.wait_for_url(re.compile(r"/shipments/\d+$"))


def test_staff_pick_a_village_by_typing_part_of_its_name(
    live_server, browser, browser_login, scenario
):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    browser_login(page, "logistics")
    page.goto(f"{live_server}/shipments/new")
    search = page.get_by_role("combobox", name="Cari desa menurut nama")
    search.press_sequentially("lebakgedo", delay=30)
    option = page.get_by_role("option").filter(has_text="Lebakgedong").first
    option.wait_for()
    assert search.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert search.get_attribute("aria-activedescendant") == option.get_attribute("id")
    page.keyboard.press("Enter")  # chooses; must not submit the form
    assert page.url.endswith("/shipments/new")
    assert page.input_value("#destination_code") == VILLAGE
    assert "Desa Lebakgedong, Kec. Lebakgedong" in page.text_content("[data-picker-chosen]")
    assert search.get_attribute("aria-expanded") == "false"
    _fill_items_and_save(page)
    assert f"Lebakgedong ({VILLAGE})" in page.content()
    assert "2 karung 25 kg" in page.content()
    assert problems == []  # no CSP refusals, no script errors


def test_without_javascript_staff_type_the_code(live_server, browser, browser_login, scenario):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    browser_login(page, "logistics")
    page.goto(f"{live_server}/shipments/new")
    assert not page.locator("#destination_code-search").is_visible()
    page.fill("#destination_code", VILLAGE)
    _fill_items_and_save(page)
    assert f"Lebakgedong ({VILLAGE})" in page.content()
    context.close()
