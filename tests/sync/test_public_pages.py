"""The public QR pages over the real server, as a phone without JavaScript meets them:
plain form posts, Khmer by default, every wrong field marked with its rule in words,
nothing stored until the whole form is valid, one record per phone and day, and the
abuse limits (rate, size, honeypot)."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from app.domain import qrref
from sync.server.public import CSP, FORM_LIMIT
from sync.server.ratelimit import RateLimiter
from tests.conftest import OFFICE, village_in
from tests.sync.conftest import LiveServer

VILLAGE = village_in(OFFICE)
PAGE_BUDGET = 60 * 1024  # gzipped, the font apart


def returnee(**changes: Any) -> dict[str, Any]:
    return {
        "name_km": "សុខ ដារ៉ា", "name_latin": "", "sex": "female", "age": "២៩",
        "date_of_birth": "", "phone": "០១២ ៣៤៥ ៦៧៨", "province": "05", "district": OFFICE,
        "commune": VILLAGE[:6], "home_village_code": VILLAGE,
        "preferred_province_codes": ["05", "12"], "sectors": ["garment", "construction"],
        "expected_salary_usd": "300", "training_interests": ["motorcycle_repair"],
        "consent": "yes", "homepage": "",
    } | changes


def employer(**changes: Any) -> dict[str, Any]:
    return {
        "employer_name": "Angkor Bricks Co.", "contact_person": "Chan Thy",
        "contact_phone": "097 765 4321", "province_code": "05", "district_code": OFFICE,
        "sector": "construction", "job_title": "Bricklayer", "workers_needed": "12",
        "gender": "any", "salary_usd": "320", "start_date": "", "accommodation": "yes",
        "notes": "", "homepage": "",
    } | changes


@pytest.fixture
def site(tmp_path: Path) -> Iterator[LiveServer]:
    """Headquarters on SQLite with a limiter that tests can exhaust (and clear)."""
    server = LiveServer(f"sqlite:///{(tmp_path / 'hq.sqlite3').as_posix()}",
                        limiter=RateLimiter(rates={"join": "5/hour", "hire": "5/hour",
                                                   "page": "100/minute"})).start()
    yield server
    server.stop()


def post(site: LiveServer, path: str, form: dict[str, Any], **params: str
         ) -> requests.Response:
    return requests.post(site.url + path, data=form, params=params, timeout=10)


def error_of(page: str, field: str) -> str | None:
    found = re.search(rf'<p class="err" id="e-{field}">([^<]*)</p>', page)
    return unescape(found[1]) if found else None


def value_of(page: str, field: str) -> str | None:
    found = re.search(rf'name="{field}" type="[a-z]+" value="([^"]*)"', page)
    return unescape(found[1]) if found else None


def reference_on(page: str) -> str:
    found = re.search(r'<p class="code" id="ref" lang="en">([^<]+)</p>', page)
    assert found, page[-2000:]
    return found[1]


def stored(site: LiveServer) -> list[dict[str, Any]]:
    with site.engine.connect() as conn:
        return [dict(r) for r in conn.execute(
            sa.text("SELECT ref, kind, status, fields FROM qr_submissions")).mappings()]


def test_join_is_khmer_by_default_and_english_on_request(site: LiveServer) -> None:
    km = requests.get(site.url + "/join", timeout=5)
    assert km.status_code == 200
    assert '<html lang="km">' in km.text and "ចុះឈ្មោះស្វែងរកការងារ" in km.text
    en = requests.get(site.url + "/join", params={"lang": "en"}, timeout=5)
    assert '<html lang="en">' in en.text and "Register for work" in en.text
    assert en.cookies.get("lang") == "en"
    # The cookie remembers the choice on the next page.
    again = requests.get(site.url + "/hire", cookies={"lang": "en"}, timeout=5)
    assert "Request workers" in again.text


def test_pages_load_nothing_from_outside_and_allow_no_inline_script(site: LiveServer) -> None:
    for path in ("/join", "/hire"):
        answer = requests.get(site.url + path, timeout=5)
        assert answer.headers["Content-Security-Policy"] == CSP
        assert "'unsafe-inline'" not in CSP and "default-src 'self'" in CSP
        assert not re.search(r'(src|href|action)="(https?:)?//', answer.text)
        assert "<script>" not in answer.text and " style=" not in answer.text
        assert answer.headers["X-Frame-Options"] == "DENY"
    css = requests.get(site.url + "/static/public/public.css", timeout=5).text
    for font in re.findall(r"url\(([^)]+)\)", css):
        got = requests.get(site.url + font, timeout=5)
        assert got.status_code == 200 and got.headers["content-type"] == "font/woff2"


def test_first_page_is_under_the_budget_gzipped(site: LiveServer) -> None:
    total = 0
    for path in ("/join?d=0502", "/static/public/public.css", "/static/public/public.js"):
        answer = requests.get(site.url + path, headers={"Accept-Encoding": "gzip"},
                              timeout=5, stream=True)
        raw = answer.raw.read(decode_content=False)
        if answer.headers.get("content-encoding") != "gzip":  # small files go plain
            raw = gzip.compress(raw)
        total += len(raw)
    assert total < PAGE_BUDGET


def test_a_poster_district_is_chosen_already(site: LiveServer) -> None:
    page = requests.get(site.url + "/join", params={"d": OFFICE}, timeout=5).text
    assert '<option value="05" selected>' in page
    assert f'<option value="{OFFICE}" selected>' in page
    assert f'<option value="{VILLAGE[:6]}">' in page  # the district's communes, to choose
    # A code that is no district is ignored, not an error.
    page = requests.get(site.url + "/join", params={"d": "9999"}, timeout=5).text
    assert "selected>" not in page and 'class="err"' not in page


def test_without_script_the_village_is_chosen_a_list_at_a_time(site: LiveServer) -> None:
    typed = {"name_km": "សុខ ដារ៉ា", "phone": "012345678", "province": "05", "step": "district"}
    page = post(site, "/join", typed).text
    assert f'<option value="{OFFICE}">' in page  # the province's districts now
    assert value_of(page, "name_km") == "សុខ ដារ៉ា" and value_of(page, "phone") == "012345678"
    assert 'class="err"' not in page
    page = post(site, "/join", typed | {"district": OFFICE, "step": "commune"}).text
    assert f'<option value="{VILLAGE[:6]}">' in page
    page = post(site, "/join", typed | {"district": OFFICE, "commune": VILLAGE[:6],
                                        "step": "village"}).text
    assert f'<option value="{VILLAGE}">' in page
    # A district of another province is dropped when the province changes.
    page = post(site, "/join", typed | {"province": "12", "district": OFFICE}).text
    assert f'<option value="{OFFICE}" selected>' not in page
    assert stored(site) == []


def test_wrong_fields_are_marked_with_the_rule_and_nothing_is_stored(site: LiveServer) -> None:
    answer = post(site, "/join", returnee(phone="12345", consent="", sectors=[],
                                          name_km="Sok", age="90"))
    assert answer.status_code == 422
    page = answer.text
    assert error_of(page, "phone") == "សូមបញ្ចូលលេខទូរស័ព្ទនៅកម្ពុជា ឧ. 012 345 678"
    assert error_of(page, "consent") and error_of(page, "sectors")
    assert error_of(page, "name_km") and error_of(page, "age")
    assert 'id="f-phone" name="phone" type="tel" value="12345"' in page
    assert 'aria-invalid="true" aria-describedby="e-phone"' in page
    # What was right is kept as typed.
    assert f'<option value="{VILLAGE}" selected>' in page
    assert 'value="garment"' in page and 'name="preferred_province_codes" value="12" checked' in page
    assert stored(site) == []
    english = post(site, "/join", returnee(phone="12345"), lang="en").text
    assert error_of(english, "phone") == "Enter a Cambodian phone number, e.g. 012 345 678"


def test_a_valid_form_gets_a_reference_and_is_stored_once(site: LiveServer) -> None:
    answer = post(site, "/join", returnee())
    assert answer.status_code == 200
    ref = reference_on(answer.text)
    assert qrref.PATTERN.match(ref)
    assert "មន្ត្រីមកពីស្រុករបស់អ្នកនឹងទូរស័ព្ទមកអ្នក" in answer.text
    [row] = stored(site)
    assert (row["ref"], row["kind"], row["status"]) == (ref, "registration", "waiting")
    fields = row["fields"] if isinstance(row["fields"], dict) else json.loads(row["fields"])
    assert (fields["phone"], fields["age"], fields["channel"], fields["consent"]) == (
        "+85512345678", 29, "qr", True)
    # The same phone again the same day: the same reference, still one record, and a
    # page that reads the same whatever the name (nothing to learn about the phone).
    again = post(site, "/join", returnee(name_km="ចាន់ ធី", phone="+855 12 345 678"))
    assert reference_on(again.text) == ref
    assert again.text.replace(ref, "") == answer.text.replace(ref, "")
    assert len(stored(site)) == 1


def test_the_honeypot_stores_nothing(site: LiveServer) -> None:
    answer = post(site, "/join", returnee(homepage="http://spam.example"))
    assert answer.status_code == 400
    assert "ទម្រង់នេះមិនអាចទទួលបានទេ" in answer.text
    assert stored(site) == []


def test_too_many_forms_from_one_address_get_a_429_page(site: LiveServer) -> None:
    for _ in range(5):
        post(site, "/join", returnee(phone="12"))
    answer = post(site, "/join", returnee())
    assert answer.status_code == 429
    assert int(answer.headers["Retry-After"]) > 0
    assert "ព្យាយាមច្រើនដងពេក" in answer.text and "1297" in answer.text
    english = post(site, "/join", returnee(), lang="en")
    assert english.status_code == 429 and "Too many forms" in english.text
    assert stored(site) == []
    # Choosing places is not a submission: it still works.
    assert post(site, "/join", {"province": "05", "step": "district"}).status_code == 200


def test_a_form_over_the_size_limit_is_refused(site: LiveServer) -> None:
    answer = post(site, "/join", returnee(name_latin="A" * (FORM_LIMIT + 1)))
    assert answer.status_code == 413
    assert "ទម្រង់ធំពេក" in answer.text
    assert stored(site) == []


def test_an_employer_request_gets_a_reference(site: LiveServer) -> None:
    bad = post(site, "/hire", employer(workers_needed="0", contact_phone="1"), lang="en")
    assert bad.status_code == 422
    assert error_of(bad.text, "workers_needed") == "Must be between 1 and 10000"
    assert error_of(bad.text, "contact_phone")
    assert value_of(bad.text, "employer_name") == "Angkor Bricks Co."
    assert stored(site) == []
    # Without script the district list comes after the province.
    step = post(site, "/hire", {"province_code": "05", "step": "district"}).text
    assert f'<option value="{OFFICE}">' in step
    good = post(site, "/hire", employer())
    ref = reference_on(good.text)
    [row] = stored(site)
    assert (row["ref"], row["kind"]) == (ref, "employer_request")
    assert "មជ្ឈមណ្ឌលការងារនៃខេត្តរបស់អ្នក" in good.text


def test_the_script_fills_the_next_list_from_places(site: LiveServer) -> None:
    answer = requests.get(site.url + "/join/places", params={"parent": OFFICE}, timeout=5)
    communes = answer.json()["places"]
    assert [VILLAGE[:6], "ច្បារមន"] in communes
    english = requests.get(site.url + "/join/places",
                           params={"parent": OFFICE, "lang": "en"}, timeout=5).json()
    assert [VILLAGE[:6], "Chbar Mon"] in english["places"]
    nothing = requests.get(site.url + "/join/places", params={"parent": "x"}, timeout=5)
    assert nothing.json() == {"places": []}


def test_the_pages_are_not_in_the_api_document(site: LiveServer) -> None:
    paths = requests.get(site.url + "/openapi.json", timeout=5).json()["paths"]
    assert not [p for p in paths if not p.startswith("/v1/")]


def test_two_languages_at_once_each_get_their_own_words() -> None:
    """Rule sentences are looked up per request: one in Khmer and one in English at the
    same moment each read their own language, and no Qt application is made for it."""
    import threading

    from PySide6.QtCore import QCoreApplication

    from app.domain.errors import FieldError
    from app.messages import field_error_text
    from sync.server.i18n import speaking

    had_app = QCoreApplication.instance() is not None
    error = FieldError("phone", "invalid_phone")
    expected = {"km": "សូមបញ្ចូលលេខទូរស័ព្ទនៅកម្ពុជា ឧ. 012 345 678",
                "en": "Enter a Cambodian phone number, e.g. 012 345 678"}
    seen: dict[str, set[str]] = {"km": set(), "en": set()}
    both_inside = threading.Barrier(2)

    def speak(lang: str) -> None:
        with speaking(lang):
            both_inside.wait()
            for _ in range(200):
                seen[lang].add(field_error_text(error))

    threads = [threading.Thread(target=speak, args=(lang,)) for lang in expected]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert seen == {lang: {text} for lang, text in expected.items()}
    assert (QCoreApplication.instance() is not None) == had_app
