"""Issue 19: the pages people use speak one language, with no English or raw codes in the
Indonesian pages and no Indonesian interface text in the English ones.

A fixed list of pages (public village page, complaint form and status, login, each role's
dashboard, alert queue and detail, shipment list and detail, coverage and map pages, the
Ombudsman's inbox and desk) is loaded over the demo scenario and its visible text checked
against curated lists of forbidden tokens.
"""

import re
from html.parser import HTMLParser

import pytest

from tests.core.demo_pages import DEMO_PASSWORD, loaded_demo

# English words and raw codes that must never show on an Indonesian page.
FORBIDDEN_ID = [
    r"\blogistics\b",
    r"\(ombudsman\)",
    r"\bsystem\b",
    r"\bpublic\b",
    r"\bcritical\b",
    r"\bwarning\b",
    r"\bopen\b",
    r"\backnowledged\b",
    r"\bresolved\b",
    r"\bdismissed\b",
    r"\bplanned\b",
    r"\bdispatched\b",
    r"\bdelivered\b",
    r"\bcancelled\b",
    r"· create\b",
    r"· verify\b",
    r"· web\b",
    r"\bundersupplied\b",
    r"\bno_delivery\b",
    r"Not a valid",
    r"Must be one of",
    r"does not match",
    r"Missing data",
    r"Unknown field",
    r"\bNone\b",
    r"\bTrue\b",
    r"\bFalse\b",
    r"\bnull\b",
    r"\bundefined\b",
    r"\bNaN\b",
    r"\bsack25\b",
    r"\brice\b",
    r"\bmedicine\b",
    r"\bclothing\b",
    r"\d kit\b",
    r"\d set\b",  # base-unit codes where people read "paket", "stel"
    r"\bsistem \(sistem\)",
    r"\bNot found\b",
    r"\bSubmit\b",
    r"\bSearch\b",
    r"\bShipments\b",
    r"\bAlerts\b",
    r"\bDashboard\b",
    r"\bSign (in|out)\b",
    r"\b[a-z]+_[a-z_]+\b",  # snake_case slugs: "kepala_desa", "tidak_memberikan_pelayanan"
]

# Indonesian interface words that must never show on an English page (data such as village
# names, demo notes and norm sources stay as recorded: these are the interface's own words).
FORBIDDEN_EN = [
    r"\bPeringatan\b",
    r"\bPengiriman\b",
    r"\bSaring\b",
    r"\bSemua\b",
    r"\bTampilkan\b",
    r"\bKeluar\b",
    r"\bMasuk staf\b",
    r"\blewat tenggat\b",
    r"\bbelum ditanggapi\b",
    r"\bKritis\b",
    r"\bTerbuka\b",
    r"\bDitanggapi\b",
    r"\bdirencanakan\b",
    r"\bdalam perjalanan\b",
    r"\bdibatalkan\b",
    r"\bPer tanggal\b",
    r"\bUnduh\b",
    r"\bpetugas logistik\b",
    r"\basisten Ombudsman\b",
    r"\bWarga \(pelapor\)",
    r"\bformulir situs\b",
    r"\bmengirim pengaduan\b",
    r"\bKirim laporan\b",
    r"\bKembali ke beranda\b",
    r"\bKode laporan\b",
    r"\bBukan tanggal\b",
    r"\bCakupan\b",
    r"\bKebutuhan\b",
    r"\bTersalur\b",
    r"\bDasbor\b",
    r"\bRiwayat\b",
    r"\bBarang\b",
    r"\bSurat jalan\b",
    r"\bSistem \(pemeriksaan otomatis\)",
    r"\btiba tanpa BAST\b",
    r"\bKata sandi\b",
    r"\bNama pengguna\b",
    r"\bLaporan warga\b",
]


class _VisibleText(HTMLParser):
    """The text a reader sees: no scripts, styles, or login names shown as code."""

    SKIP = {"script", "style", "template", "code", "noscript"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
        for name, value in attrs:  # what a reader also meets: placeholders, labels, titles
            if name in ("placeholder", "title", "aria-label", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def offending(text: str, patterns: list[str]) -> list[str]:
    found = []
    for pattern in patterns:
        for match in re.finditer(pattern, text):
            found.append(text[max(0, match.start() - 40) : match.end() + 40])
    return found


@pytest.fixture(scope="module")
def demo(app):
    """The demo scenario, loaded once for the module (emptied afterwards)."""
    yield from loaded_demo(app)


@pytest.fixture(autouse=True)
def _clean_tables():
    """Keep the module's demo between its tests (the suite-wide cleaner would empty it)."""
    yield


def pages(ids: dict) -> dict[str, list[str]]:
    """Who reads which page (None: no login)."""
    return {
        "public": [
            f"/desa/{ids['village']}",
            "/lapor",
            f"/lapor?desa={ids['village']}",
            f"/lapor/{ids['tracking']}",
            "/lapor/ZZZZZ-ZZZZZ",
            "/login",
        ],
        "logistik": [
            "/dashboard",
            "/shipments",
            f"/shipments/{ids['shipment']}",
            "/shipments?missing_bast=true&district=Lebakgedong",
            f"/villages/{ids['village']}",
            "/alerts",
        ],
        "ombudsman": [
            "/dashboard",
            "/alerts",
            f"/alerts/{ids['alert']}",
            "/coverage/regencies",
            "/coverage/map",
            "/coverage/map?as_of=not-a-day",
            "/alerts?state=zz",
            "/ombudsman",
            "/reports",
            f"/reports/{ids['report']}",
            f"/villages/{ids['village']}",
            f"/shipments/{ids['shipment']}",
        ],
        "admin": ["/dashboard"],
    }


def _client(app, who: str, lang: str):
    client = app.test_client()
    client.get(f"/lang/{lang}")
    if who != "public":
        response = client.post("/login", data={"username": who, "password": DEMO_PASSWORD})
        assert response.status_code == 302, who
    return client


def _read_all(app, ids: dict, lang: str) -> dict[str, str]:
    texts = {}
    for who, urls in pages(ids).items():
        client = _client(app, who, lang)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 404, 422), (who, url, response.status_code)
            texts[f"{who} {url}"] = response.get_data(as_text=True)
    return texts


def test_indonesian_pages_show_no_english_or_raw_codes(app, demo):
    texts = _read_all(app, demo, "id")
    problems = {
        page: found
        for page, html in texts.items()
        if (found := offending(visible_text(html), FORBIDDEN_ID))
    }
    assert not problems, problems


def test_english_pages_show_no_indonesian_interface_words(app, demo):
    texts = _read_all(app, demo, "en")
    problems = {
        page: found
        for page, html in texts.items()
        if (found := offending(visible_text(html), FORBIDDEN_EN))
    }
    assert not problems, problems


def test_the_forbidden_lists_catch_what_the_issue_found():
    """The lists are not empty words: each phrase the walk of issue 19 met is caught."""
    for seen in (
        "Petugas (logistics)",
        "Asisten (ombudsman)",
        "sistem (sistem)",
        "public · create",
        "ombudsman · verify",
        "6 Jan · web",
        "134 kit",
        "523 set",
        "Konfirmasi desa (kepala_desa)",
        "tidak_memberikan_pelayanan",
        "critical",
        "open",
        "as_of: Not a valid date.",
    ):
        assert offending(seen, FORBIDDEN_ID), seen
    for seen in ("Peringatan", "Saring", "lewat tenggat", "Sistem (pemeriksaan otomatis)"):
        assert offending(seen, FORBIDDEN_EN), seen
    assert not offending("Kepala desa / lurah · 134 paket · 523 stel", FORBIDDEN_ID)


def test_map_popups_name_units_as_people_read_them(app, demo):
    html = _client(app, "ombudsman", "id").get("/coverage/map").get_data(as_text=True)
    assert '"unit": "paket"' in html and '"unit": "stel"' in html
    assert '"unit": "kit"' not in html and '"unit": "set"' not in html


def test_a_bad_url_filter_is_explained_in_the_reader_language(app, demo):
    page = _client(app, "ombudsman", "id").get("/coverage/map?as_of=xx")
    assert page.status_code == 422
    text = visible_text(page.get_data(as_text=True))
    assert re.search(r"Per tanggal\s*:\s*Bukan tanggal yang sah; tulis TTTT-BB-HH\.", text)
    assert "as_of" not in text and "Not a valid" not in text
    english = visible_text(_client(app, "ombudsman", "en").get("/coverage/map?as_of=xx").text)
    assert re.search(r"As of date\s*:\s*Not a date; write YYYY-MM-DD\.", english), english
    assert "as_of" not in english


def test_complaint_history_names_people_and_steps_in_words(app, demo):
    page = _client(app, "ombudsman", "id").get(f"/reports/{demo['report']}").text
    text = visible_text(page)
    assert "Warga (pelapor) · mengirim pengaduan" in text and "lewat formulir situs" in text


def test_alert_history_names_the_system_and_people_by_role(app, demo):
    text = visible_text(_client(app, "ombudsman", "id").get(f"/alerts/{demo['alert']}").text)
    assert "Sistem (pemeriksaan otomatis)" in text
    assert "(petugas logistik)" in text


def test_dashboard_alert_counts_link_to_queues_holding_as_many(app, demo):
    client = _client(app, "ombudsman", "id")
    page = client.get("/dashboard").text
    section = page.split('class="card alert-summary"')[1].split("</section>")[0]
    links = re.findall(r'<a class="count" href="([^"]+)"><b>([\d.]+)</b>', section)
    assert len(links) == 4
    for href, shown in links:
        queue = client.get(href.replace("&amp;", "&")).text
        total = re.search(r"\(([\d.]+)\)</span>", queue)
        rows = queue.count("<tr class=") if total is None else int(total.group(1).replace(".", ""))
        assert rows == int(shown.replace(".", "")), href
