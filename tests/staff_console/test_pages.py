"""What each role sees on the console's pages with real data pushed by a desk: viewers
only counts, data officers records (every view audited), admins the audit log and the
reference data upload; employer requests with their fill status and matches, training
seats and demand."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from app.domain.digits import to_khmer_digits
from app.services import registrations
from app.services import sync as sync_service
from sync.server import console as console_pages
from sync.server import db, records
from tests.staff_console.conftest import Console, csrf_of
from tests.sync.conftest import enrolled

PHONES = ("012 345 678", "097 111 2233")
CONTACT_PHONE = "088 765 4321"
NAMES = ("Sok Dara", "សុខ ដារ៉ា", "Keo Malis", "កែវ ម៉ាលីស", "Chan Sophea")
REQUEST = {
    "employer_name": "Kampong Speu Garment Co.", "contact_person": "Chan Sophea",
    "contact_phone": CONTACT_PHONE, "province_code": "05", "district_code": "0502",
    "sector": "garment", "job_title": "Sewing machine operator", "workers_needed": 30,
    "gender": "any", "salary_usd": 260, "start_date": "2027-03-01",
    "accommodation": True, "transport": False,
}


def phone_forms(local: str) -> list[str]:
    """Every way a page could print this number."""
    digits = re.sub(r"\D", "", local)
    e164 = "+855" + digits.lstrip("0")
    forms = [local, digits, e164, e164[1:], digits[1:]]
    return forms + [to_khmer_digits(f) for f in forms]


@pytest.fixture
def populated(console: Console, make_desk, raw) -> dict[str, Any]:  # noqa: ANN001
    desk = enrolled(make_desk(), console.url, console.server.code())
    people = [
        dict(raw, name_latin="Sok Dara", name_km="សុខ ដារ៉ា", phone=PHONES[0], sex="female",
             sectors=["garment"], training_interests=["motorcycle_repair"]),
        dict(raw, name_latin="Keo Malis", name_km="កែវ ម៉ាលីស", phone=PHONES[1],
             sex="female", sectors=["garment"], national_id="123456789",
             training_interests=["motorcycle_repair", "electrical_wiring"]),
    ]
    saved = [registrations.register(desk, p) for p in people]
    sync_service.run(desk.data_dir)
    request_id, errors = records.add_request(console.engine, REQUEST, datetime.now(UTC))
    assert not errors, errors
    other_id, errors = records.add_request(
        console.engine, REQUEST | {"province_code": "12", "district_code": None,
                                   "sector": "construction", "job_title": "Bricklayer",
                                   "employer_name": "Phnom Penh Builders"},
        datetime.now(UTC))
    assert not errors, errors
    return {"desk": desk, "saved": saved, "request_id": request_id, "other_id": other_id}


_LINK = re.compile(r'(?:href|src)="(/console[^"#]*)"')


def crawl(session: Any, console: Console, populated: dict[str, Any],
          lang: str) -> dict[str, Any]:
    """Every console page a signed-in reader can reach: each GET route (its path
    parameters filled from the data, or found by following links), and every console
    link and image on those pages. {url: answer}."""
    templates = [path for method, path in console_pages.routes()
                 if method == "GET" and path != "/console/login"]
    first, second = (s["id"] for s in populated["saved"])
    queue = [t.replace("{request_id}", populated["request_id"]).replace("{id_a}", first)
             .replace("{id_b}", second).replace("{chart}", "per_day") for t in templates]
    queue = [f"{u}{'&' if '?' in u else '?'}lang={lang}" for u in queue if "{" not in u]
    seen: dict[str, Any] = {}
    while queue and len(seen) < 300:
        url = queue.pop(0).replace("&amp;", "&")
        if url in seen:
            continue
        seen[url] = answer = session.get(console.url + url, timeout=20)
        if answer.headers.get("content-type", "").startswith("text/html"):
            queue += [link for link in _LINK.findall(answer.text) if link not in seen]
    for template in templates:  # a page only a link reaches must have been reached
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/?]+", re.escape(template)) + r"(\?|$)"
        assert any(re.match(pattern, url) for url in seen), (
            f"no page reached {template}: fill its parameters in crawl()")
    return seen


def _audit(console: Console) -> list[dict[str, Any]]:
    with console.engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(db.audit_log)
                                              .order_by(db.audit_log.c.id)).mappings()]


def test_a_viewer_never_sees_a_name_or_a_phone_number_on_any_page(
        console: Console, populated: dict[str, Any]) -> None:
    viewer = console.session("viewer")
    forbidden = [f for phone in (*PHONES, CONTACT_PHONE) for f in phone_forms(phone)]
    forbidden += list(NAMES) + [s["registration_no"] for s in populated["saved"]]
    seen = 0
    for lang in ("km", "en"):
        pages = crawl(viewer, console, populated, lang)
        assert f"/console/requests?lang={lang}" in pages
        for url, page in pages.items():
            assert page.status_code in (200, 403, 404), (url, page.status_code)
            seen += page.status_code == 200
            for text in forbidden:
                assert text not in page.text, (url, text)
    assert seen >= 6  # devices, requests, training at least, in both languages
    # The numbers are there, though: the request's workers needed.
    requests_page = viewer.get(console.url + "/console/requests?lang=en", timeout=10)
    assert "2 requests · 60 workers needed · 0 hired" in requests_page.text
    assert "Sewing machine operator" in requests_page.text
    assert not any(r["actor"] == console.staff["viewer"] and r["action"].startswith("view")
                   for r in _audit(console))


def test_a_data_officer_sees_employers_and_matches_and_each_view_is_audited(
        console: Console, populated: dict[str, Any]) -> None:
    officer = console.session("data_officer")
    page = officer.get(console.url + "/console/requests?lang=en", timeout=10)
    assert "Kampong Speu Garment Co." in page.text and "+855887654321" in page.text
    match = officer.get(f"{console.url}/console/requests/{populated['request_id']}/match"
                        "?lang=en", timeout=20)
    assert match.status_code == 200
    for saved in populated["saved"]:
        assert saved["registration_no"] in match.text
    assert "Sok Dara" in match.text and "wants this sector" in match.text
    khmer = officer.get(f"{console.url}/console/requests/{populated['request_id']}/match"
                        "?lang=km", timeout=20)
    assert "សុខ ដារ៉ា" in khmer.text and "wants this sector" not in khmer.text
    views = [(r["actor"], r["action"], r["target"]) for r in _audit(console)
             if r["action"].startswith("view")]
    name = console.staff["data_officer"]
    assert (name, "view_requests", "employer_requests") in views
    assert views.count((name, "view_match", populated["request_id"])) == 2


def test_a_viewer_may_not_open_a_match(console: Console, populated: dict[str, Any]) -> None:
    page = console.session("viewer").get(
        f"{console.url}/console/requests/{populated['request_id']}/match?lang=en", timeout=10)
    assert page.status_code == 403
    assert "This page is for the Data officer role and above" in page.text


def test_requests_filter_by_province_and_sector(console: Console,
                                                populated: dict[str, Any]) -> None:
    viewer = console.session("viewer")
    page = viewer.get(console.url + "/console/requests?lang=en&province=12", timeout=10)
    assert "Bricklayer" in page.text and "Sewing machine operator" not in page.text
    page = viewer.get(console.url + "/console/requests?lang=en&sector=garment", timeout=10)
    assert "Sewing machine operator" in page.text and "Bricklayer" not in page.text
    page = viewer.get(console.url + "/console/requests?lang=en&sector=fisheries", timeout=10)
    assert "No employer request matches this filter." in page.text


def test_training_shows_seats_enrolled_and_demand_by_province(
        console: Console, populated: dict[str, Any]) -> None:
    page = console.session("viewer").get(console.url + "/console/training?lang=en",
                                         timeout=10)
    assert page.status_code == 200
    assert "AGP-2027-01-KSP" in page.text and "Kampong Speu Provincial Training Centre" in page.text
    # Both returnees of Kampong Speu want motorcycle repair; one also electrical wiring.
    row = page.text[page.text.index("<td>Kampong Speu</td>"):]
    row = row[:row.index("</tr>")]
    cells = re.findall(r'<td class="num[^"]*">(?:<strong>)?([^<]*)<', row)
    wanted = [int(c.split("/")[0]) for c in cells]
    assert sum(wanted[:-1]) == 3 and wanted[-1] == 3


def test_only_admins_read_the_audit_log_and_publish_reference_data(
        console: Console, populated: dict[str, Any]) -> None:
    for role in ("viewer", "data_officer"):
        session = console.session(role)
        for path in ("/console/audit", "/console/reference"):
            assert session.get(console.url + path, timeout=10).status_code == 403
    officer = console.session("data_officer")
    officer.get(f"{console.url}/console/requests/{populated['request_id']}/match", timeout=20)
    audit_page = console.session("admin").get(console.url + "/console/audit?lang=en",
                                              timeout=10)
    assert audit_page.status_code == 200
    assert console.staff["data_officer"] in audit_page.text
    assert "view_match" in audit_page.text and populated["request_id"] in audit_page.text


def test_an_admin_publishes_reference_data_checked_as_the_command_checks_it(
        console: Console, tmp_path: Path) -> None:
    admin = console.session("admin")
    bundled = json.loads(Path("resources/reference/reference.json").read_text("utf-8"))

    def upload(content: bytes) -> Any:
        page = admin.get(console.url + "/console/reference?lang=en", timeout=10)
        return admin.post(console.url + "/console/reference?lang=en", timeout=20,
                          data={"csrf": csrf_of(page.text)}, allow_redirects=False,
                          files={"file": ("reference.json", content, "application/json")})

    broken = upload(b"{not json")
    assert broken.status_code == 422 and "The file is not valid JSON." in broken.text
    same = upload(json.dumps(bundled).encode())
    assert same.status_code == 422
    assert "is not newer than the bundled" in same.text
    newer = dict(bundled, version="2099.1")
    newer["sessions"] = [dict(bundled["sessions"][0], seats=99)]
    done = upload(json.dumps(newer, ensure_ascii=False).encode())
    assert done.status_code == 303, done.text
    shown = admin.get(console.url + done.headers["location"] + "&lang=en", timeout=10)
    assert "Version 2099.1 is published" in shown.text
    assert records.published_reference(console.engine, "reference")["version"] == "2099.1"
    training = admin.get(console.url + "/console/training?lang=en", timeout=10)
    assert ">99<" in training.text
    [row] = [r for r in _audit(console) if r["action"] == "reference_publish"]
    assert row["actor"] == console.staff["admin"] and "2099.1" in row["detail"]
