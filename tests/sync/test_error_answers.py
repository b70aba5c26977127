"""Every error headquarters answers, Starlette's own included, has the documented
``{"error", "detail"}`` JSON body with the protocol header; pages under a prefix an
HTML audience registered get that audience's own error page instead."""

from __future__ import annotations

import pytest
import requests
from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from sync import protocol as p
from sync.server import errors
from tests.sync.conftest import LiveServer
from tests.sync.test_server_api import HEADERS, enrol


def assert_error_body(answer: requests.Response, status: int, code: str) -> dict:
    assert answer.status_code == status, answer.text
    assert answer.headers["Content-Type"].startswith("application/json")
    assert answer.headers[p.PROTOCOL_HEADER] == str(p.PROTOCOL_VERSION)
    body = answer.json()
    assert body["error"] == code
    assert isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.mark.parametrize("path", ["/nope", "/v1/nope", "/v1/records/registration",
                                  "/static/nope.css", "/v2/push"])
def test_unknown_paths_get_404_with_the_error_body(hq: LiveServer, path: str) -> None:
    body = assert_error_body(requests.get(hq.url + path, timeout=5), 404, "not_found")
    assert path in body["detail"] or path.startswith("/static")


@pytest.mark.parametrize("method, path, allowed", [
    ("DELETE", "/v1/push", "POST"), ("GET", "/v1/enrol", "POST"),
    ("POST", "/v1/changes", "GET"), ("PUT", "/v1/health", "GET"),
])
def test_a_method_a_path_does_not_take_gets_405_with_allow(
        hq: LiveServer, method: str, path: str, allowed: str) -> None:
    answer = requests.request(method, hq.url + path, headers=HEADERS, timeout=5)
    body = assert_error_body(answer, 405, "method_not_allowed")
    assert allowed in answer.headers["Allow"]
    assert method in body["detail"] and allowed in body["detail"]


def test_the_api_refusals_keep_their_codes(hq: LiveServer) -> None:
    device = enrol(hq)
    auth = {**HEADERS, "Authorization": f"Bearer {device['token']}"}
    assert_error_body(requests.get(hq.url + "/v1/changes", timeout=5), 426,
                      "protocol_unsupported")
    assert_error_body(requests.get(hq.url + "/v1/changes", headers=HEADERS, timeout=5), 401,
                      "unauthorized")
    assert_error_body(requests.get(hq.url + "/v1/changes?cursor=-1", headers=auth, timeout=5),
                      422, "malformed_request")
    assert_error_body(requests.get(hq.url + "/v1/records/registration/nope", headers=auth,
                                   timeout=5), 404, "not_found")


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
def test_an_unexpected_failure_is_a_500_body_without_a_traceback(hq: LiveServer) -> None:
    def broken() -> None:
        raise RuntimeError("secret internals")

    hq.app.add_api_route("/v1/broken", broken)
    body = assert_error_body(requests.get(hq.url + "/v1/broken", timeout=5), 500,
                             "internal_error")
    assert "secret" not in body["detail"] and "Traceback" not in body["detail"]


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
def test_an_html_audience_renders_its_own_errors_under_its_prefix(hq: LiveServer) -> None:
    seen: list[errors.Failure] = []

    def page(request: Request, failure: errors.Failure) -> Response:
        seen.append(failure)
        return HTMLResponse(f"<h1>{failure.status}</h1><p>{failure.detail}</p>",
                            status_code=failure.status, headers=failure.headers)

    def broken_page(request: Request, failure: errors.Failure) -> Response:
        raise RuntimeError("the error page itself fails")

    errors.render_html_under(hq.app, "/leaflets", page)
    errors.render_html_under(hq.app, "/leaflets/old", broken_page)
    hq.app.add_api_route("/leaflets/list", lambda: {"ok": True}, methods=["GET"])

    answer = requests.get(hq.url + "/leaflets/nope", timeout=5)
    assert answer.status_code == 404 and answer.headers["Content-Type"].startswith("text/html")
    assert "<h1>404</h1>" in answer.text
    answer = requests.post(hq.url + "/leaflets/list", timeout=5)
    assert answer.status_code == 405 and "<h1>405</h1>" in answer.text
    assert answer.headers["Allow"] == "GET"
    assert [f.code for f in seen] == ["not_found", "method_not_allowed"]
    # A prefix is a whole path segment: /leafletsX is nobody's, so JSON.
    assert_error_body(requests.get(hq.url + "/leafletsX", timeout=5), 404, "not_found")
    # The longest prefix wins; an error page that fails falls back to the JSON body.
    assert_error_body(requests.get(hq.url + "/leaflets/old/x", timeout=5), 404, "not_found")
    # The API is untouched.
    assert_error_body(requests.get(hq.url + "/v1/nope", timeout=5), 404, "not_found")


@pytest.mark.parametrize("path, khmer, english", [
    ("/join/nope", "រកមិនឃើញទំព័រនេះ", "Page not found"),
    ("/hire/nope", "រកមិនឃើញទំព័រនេះ", "Page not found"),
    ("/console/nope", "រកមិនឃើញ", "There is no such page in the console."),
])
def test_the_public_pages_and_the_console_answer_a_missing_page_in_words(
        hq: LiveServer, path: str, khmer: str, english: str) -> None:
    for query, words in (("", khmer), ("?lang=en", english)):
        answer = requests.get(hq.url + path + query, timeout=5, allow_redirects=False)
        assert answer.status_code == 404
        assert answer.headers["Content-Type"].startswith("text/html")
        assert words in answer.text
        assert answer.text.lstrip().lower().startswith("<!doctype html")
