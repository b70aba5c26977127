"""The public QR pages: `/join` (a returnee registers on a phone) and `/hire` (an
employer asks for workers). Server-rendered, working without JavaScript, rate limited
per address. Shares app/domain's rules with the desks; never imports app.services or
app.ui.

Without script the home village is chosen a level at a time: each list has a "show"
button that sends the form back with the next list filled in (nothing is checked or
stored then, every value typed so far comes back). With script (`/static/public/
public.js`, no inline script: the Content-Security-Policy forbids it) the next list
fills in as soon as one is chosen, from `/join/places`.

Nothing is stored until the whole form passes the desks' rules
(`sync.server.qr_submissions`); a wrong field is marked beside it in words from
`app.messages`, in the page's language. The answer to a valid form is the same whether
or not the phone was seen before (a repeat the same day gets the first reference), and
no page ever looks a phone up among registrations.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from app.domain.codes import COURSES, SECTORS
from app.domain.employers import GENDERS
from app.domain.errors import FieldError
from app.domain.gazetteer import Gazetteer, Place
from app.domain.khmerdate import PHNOM_PENH
from app.domain.reference import Reference
from app.resources import bundled_gazetteer, bundled_reference
from sync.server import errors
from sync.server import qr_submissions as qs
from sync.server.i18n import COOKIE, LANGUAGES, Catalogue, request_language, speaking
from sync.server.pages import templates
from sync.server.ratelimit import RateLimiter

FORM_LIMIT = 16 * 1024  # bytes: the longest honest form is under 4 KB
MAX_FIELDS = 200
HONEYPOT = "homepage"  # hidden from people; a robot that fills every box fills it
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
       "object-src 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}

WORDS = Catalogue({
    "ministry": ("ក្រសួងការងារ និងបណ្តុះបណ្តាលវិជ្ជាជីវៈ",
                 "Ministry of Labour and Vocational Training"),
    "other_language": ("English", "ខ្មែរ"),
    "join_title": ("ចុះឈ្មោះស្វែងរកការងារ", "Register for work"),
    "join_intro": ("សម្រាប់ពលករដែលបានវិលត្រឡប់មកពីបរទេស។ បំពេញទម្រង់នេះ "
                   "ហើយមន្ត្រីនៃស្រុករបស់អ្នកនឹងទូរស័ព្ទមកអ្នក។",
                   "For workers who have come home from abroad. Fill in this form and an "
                   "officer from your district will call you."),
    "required_note": ("ប្រអប់ដែលមានសញ្ញា * ត្រូវតែបំពេញ។", "Boxes marked * must be filled in."),
    "optional": ("មិនចាំបាច់", "optional"),
    "or": ("ឬ", "or"),
    "about_you": ("អំពីអ្នក", "About you"),
    "name_hint": ("សរសេរឈ្មោះជាអក្សរខ្មែរ ឬអក្សរឡាតាំង ឬទាំងពីរ។",
                  "Write your name in Khmer, in Latin letters, or both."),
    "age_or_dob": ("អាយុ ឬថ្ងៃខែឆ្នាំកំណើត", "Age or date of birth"),
    "phone_hint": ("លេខដែលមន្ត្រីអាចទូរស័ព្ទមកអ្នកបាន ឧ. 012 345 678",
                   "A number an officer can call you on, e.g. 012 345 678"),
    "male": ("ប្រុស", "Male"),
    "female": ("ស្រី", "Female"),
    "any": ("ប្រុស ឬស្រី", "Either"),
    "home": ("ភូមិទីលំនៅរបស់អ្នក", "Your home village"),
    "province": ("ខេត្ត/រាជធានី", "Province"),
    "district": ("ស្រុក/ខណ្ឌ", "District"),
    "commune": ("ឃុំ/សង្កាត់", "Commune"),
    "village": ("ភូមិ", "Village"),
    "choose": ("— ជ្រើសរើស —", "— choose —"),
    "show_district": ("បង្ហាញស្រុក", "Show districts"),
    "show_commune": ("បង្ហាញឃុំ", "Show communes"),
    "show_village": ("បង្ហាញភូមិ", "Show villages"),
    "work": ("ការងារដែលអ្នកចង់បាន", "The work you want"),
    "one_or_more": ("អាចជ្រើសបានច្រើន", "Choose one or more"),
    "if_any": ("បើមាន", "If any"),
    "consent_title": ("ការយល់ព្រម", "Consent"),
    "consent_text": ("ខ្ញុំយល់ព្រមឱ្យក្រសួងការងារ និងបណ្តុះបណ្តាលវិជ្ជាជីវៈ កត់ត្រាព័ត៌មាននេះ "
                     "ទូរស័ព្ទមកខ្ញុំ និងចែករំលែកវាជាមួយនិយោជកដែលកំពុងស្វែងរកកម្មករ។",
                     "I agree that the Ministry of Labour and Vocational Training may record "
                     "this information, call me, and share it with employers looking for "
                     "workers."),
    "send": ("ផ្ញើ", "Send"),
    "errors_title": ("សូមកែប្រអប់ដែលមានសញ្ញាក្រហមខាងក្រោម។ មិនទាន់បានរក្សាទុកអ្វីនៅឡើយទេ។",
                     "Please correct the boxes marked in red below. Nothing has been saved "
                     "yet."),
    "honeypot": ("កុំបំពេញប្រអប់នេះ", "Leave this box empty"),
    "done_title": ("បានទទួលហើយ សូមអរគុណ", "Received, thank you"),
    "your_ref": ("លេខយោងរបស់អ្នក", "Your reference"),
    "write_down": ("សូមកត់ទុកលេខនេះ ឬថតរូបអេក្រង់នេះ។", "Write this down or take a screenshot."),
    "join_next": ("មន្ត្រីមកពីស្រុករបស់អ្នកនឹងទូរស័ព្ទមកអ្នក ដើម្បីផ្ទៀងផ្ទាត់ព័ត៌មាន "
                  "និងបញ្ចប់ការចុះឈ្មោះ។ បន្ទាប់មក អ្នកនឹងទទួលបានលេខចុះឈ្មោះ។",
                  "An officer from your district will call you to check the details and "
                  "complete your registration. You will then get a registration number."),
    "hotline": ("បើគ្មាននរណាទូរស័ព្ទមកក្នុងរយៈពេលមួយសប្តាហ៍ សូមទូរស័ព្ទទៅលេខ 1297 "
                "ហើយប្រាប់លេខយោងនេះ។",
                "If nobody has called within a week, call the 1297 hotline and give this "
                "reference."),
    "join_again": ("ចុះឈ្មោះម្នាក់ទៀត", "Register someone else"),
    "hire_title": ("ស្នើសុំកម្មករ", "Request workers"),
    "hire_intro": ("សម្រាប់និយោជក។ ប្រាប់យើងពីចំនួនកម្មករ ភេទ និងប្រាក់ខែ "
                   "ហើយមន្ត្រីមជ្ឈមណ្ឌលការងារនៃខេត្តរបស់អ្នកនឹងទូរស័ព្ទមកអ្នក។",
                   "For employers. Tell us how many workers you need, the gender and the "
                   "salary, and an officer from your province's job centre will call you."),
    "business": ("អំពីសហគ្រាសរបស់អ្នក", "About your business"),
    "job": ("ការងារ", "The job"),
    "workplace": ("ទីកន្លែងធ្វើការ", "Workplace"),
    "offer": ("អ្វីដែលអ្នកផ្តល់ជូន", "What you offer"),
    "notes_hint": ("ព័ត៌មានបន្ថែមដែលយើងគួរដឹង", "Anything else we should know"),
    "hire_send": ("ផ្ញើសំណើ", "Send the request"),
    "hire_next": ("មន្ត្រីមជ្ឈមណ្ឌលការងារនៃខេត្តរបស់អ្នកនឹងទូរស័ព្ទមកអ្នក "
                  "ដើម្បីបញ្ជាក់សំណើ ហើយណែនាំកម្មករដែលសមស្រប។",
                  "An officer from your province's job centre will call you to confirm the "
                  "request and put suitable workers forward."),
    "hire_again": ("ស្នើសុំម្តងទៀត", "Make another request"),
    "too_many_title": ("ព្យាយាមច្រើនដងពេក", "Too many tries"),
    "too_many_text": ("ទម្រង់ត្រូវបានផ្ញើពីការតភ្ជាប់នេះច្រើនដងពេក។ សូមរង់ចាំប្រហែល {minutes} "
                      "នាទី ហើយព្យាយាមម្តងទៀត ឬទូរស័ព្ទទៅលេខ 1297។",
                      "Too many forms have been sent from this connection. Please wait about "
                      "{minutes} minutes and try again, or call the 1297 hotline."),
    "too_large_title": ("ទម្រង់ធំពេក", "The form is too large"),
    "too_large_text": ("អ្វីដែលបានផ្ញើមានទំហំធំពេក។ សូមសរសេរឱ្យខ្លីជាងនេះ ហើយព្យាយាមម្តងទៀត។",
                       "What was sent is too large. Please write less and try again."),
    "refused_title": ("មិនអាចទទួលបាន", "Could not be accepted"),
    "refused_text": ("ទម្រង់នេះមិនអាចទទួលបានទេ។ សូមបើកទំព័រនេះម្តងទៀត ហើយបំពេញវាម្តងទៀត។",
                     "This form could not be accepted. Please open the page again and fill "
                     "it in again."),
    "missing_title": ("រកមិនឃើញទំព័រនេះ", "Page not found"),
    "missing_text": ("គ្មានទំព័រនេះទេ។ សូមស្កេនកូដ QR ម្តងទៀត ឬទូរស័ព្ទទៅលេខ 1297។",
                     "There is no such page. Scan the QR code again, or call the 1297 hotline."),
    "broken_title": ("មានបញ្ហា", "Something went wrong"),
    "broken_text": ("ទំព័រនេះមិនអាចបង្ហាញបានទេពេលនេះ។ សូមព្យាយាមម្តងទៀតបន្តិចទៀត "
                    "ឬទូរស័ព្ទទៅលេខ 1297។",
                    "This page cannot be shown just now. Please try again in a moment, or "
                    "call the 1297 hotline."),
    "back": ("ត្រឡប់ទៅទម្រង់", "Back to the form"),
})

JOIN_FIELDS = ("name_km", "name_latin", "sex", "age", "date_of_birth", "phone",
               "home_village_code", "preferred_province_codes", "sectors",
               "expected_salary_usd", "training_interests", "consent")
JOIN_LISTS = ("preferred_province_codes", "sectors", "training_interests")
HIRE_FIELDS = qs.EMPLOYER_KEYS
PLACE_STEPS = ("district", "commune", "village")


def gazetteer() -> Gazetteer:
    return bundled_gazetteer()


def reference() -> Reference:
    return bundled_reference()


class FormRefused(Exception):
    def __init__(self, status: int, key: str):
        super().__init__(key)
        self.status, self.key = status, key


async def read_form(request: Request) -> list[tuple[str, str]]:
    """The url-encoded form, refused past ``FORM_LIMIT`` bytes (counted as it arrives)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > FORM_LIMIT:
        raise FormRefused(413, "too_large")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > FORM_LIMIT:
            raise FormRefused(413, "too_large")
    try:
        return parse_qsl(body.decode("utf-8"), keep_blank_values=True,
                         max_num_fields=MAX_FIELDS, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        raise FormRefused(400, "refused") from None


def _values(pairs: Sequence[tuple[str, str]], fields: Sequence[str], lists: Sequence[str]
            ) -> dict[str, Any]:
    """The form's values by field: text for most, a list for the multiple choices."""
    out: dict[str, Any] = {k: [] if k in lists else "" for k in fields}
    for key, value in pairs:
        if key in lists:
            if value not in out[key]:
                out[key].append(value)
        elif key in out or key in ("province", "district", "commune", "step", HONEYPOT):
            out[key] = value
    return out


def _options(places: Sequence[Place], lang: str) -> list[tuple[str, str]]:
    return [(p.code, p.name(lang)) for p in places]


def _place_lists(chosen: Mapping[str, str], lang: str) -> dict[str, Any]:
    """The province, district, commune and village lists and what is chosen in each,
    each level kept only if it lies in the one above."""
    gaz = gazetteer()
    province = chosen.get("province", "")
    district = chosen.get("district", "")
    commune = chosen.get("commune", "")
    village = chosen.get("village", "")
    if gaz.is_village(village):
        province, district, commune = village[:2], village[:4], village[:6]
    province = province if len(province) == 2 and gaz.get(province) else ""
    district = district if district[:2] == province and gaz.get(district) else ""
    commune = commune if commune[:4] == district and gaz.get(commune) else ""
    village = village if village[:6] == commune and gaz.is_village(village) else ""
    return {
        "province": province, "district": district, "commune": commune, "village": village,
        "provinces": _options(gaz.provinces(), lang),
        "districts": _options(gaz.districts(province), lang) if province else [],
        "communes": _options(gaz.communes(district), lang) if district else [],
        "villages": _options(gaz.villages(commune), lang) if commune else [],
    }


def _error_words(errors: Sequence[FieldError], lang: str, fields: Sequence[str]
                 ) -> tuple[dict[str, str], dict[str, str]]:
    """Field labels and, per field, the first broken rule in words."""
    from app.messages import field_error_text, field_label

    with speaking(lang):
        labels = {k: field_label(k) for k in fields}
        found: dict[str, str] = {}
        for error in errors:
            found.setdefault(error.field, field_error_text(error))
    # In the form's order, so the list at the top reads as the page does.
    texts = {k: found[k] for k in fields if k in found}
    return labels, texts | {k: v for k, v in found.items() if k not in texts}


def install(app: FastAPI, engine: Engine, *, now: Callable[[], datetime],
            limiter: RateLimiter) -> None:
    """Add the public pages to ``app``."""
    router = APIRouter(include_in_schema=False)
    env = templates()

    def address(request: Request) -> str:
        return request.client.host if request.client else "unknown"

    def page(request: Request, lang: str, name: str, status: int = 200,
             headers: Mapping[str, str] | None = None, **context: Any) -> HTMLResponse:
        query = {k: v for k, v in request.query_params.items() if k != "lang"}
        other = "en" if lang == "km" else "km"
        html = env.get_template(f"public/{name}").render(
            lang=lang, w=WORDS.for_language(lang), path=request.url.path,
            other_url=f"{request.url.path}?{urlencode(query | {'lang': other})}",
            here_query=urlencode({"lang": lang}), **context)
        response = HTMLResponse(html, status_code=status,
                                headers={**SECURITY_HEADERS, **(headers or {})})
        if request.query_params.get("lang") in LANGUAGES:
            response.set_cookie(COOKIE, lang, max_age=365 * 86400, samesite="lax",
                                httponly=True)
        return response

    def message(request: Request, lang: str, status: int, key: str,
                headers: Mapping[str, str] | None = None, **params: Any) -> HTMLResponse:
        back = "/hire" if request.url.path.startswith("/hire") else "/join"
        return page(request, lang, "message.html", status, headers,
                    title=WORDS(lang, f"{key}_title"), text=WORDS(lang, f"{key}_text", **params),
                    back=f"{back}?lang={lang}")

    def error_page(request: Request, failure: errors.Failure) -> Response:
        # Unknown pages, wrong methods, a busy database: a page in the reader's language.
        key = {404: "missing", 405: "missing", 413: "too_large"}.get(failure.status, "broken")
        return message(request, request_language(request), failure.status, key,
                       failure.headers)

    for prefix in ("/join", "/hire"):
        errors.render_html_under(app, prefix, error_page)

    def too_many(request: Request, lang: str, wait: int) -> HTMLResponse:
        return message(request, lang, 429, "too_many", {"Retry-After": str(wait)},
                       minutes=max(1, math.ceil(wait / 60)))

    def limited(request: Request, lang: str, scope: str) -> HTMLResponse | None:
        wait = limiter.hit(scope, address(request))
        return None if wait is None else too_many(request, lang, wait)

    def today() -> Any:
        return now().astimezone(PHNOM_PENH).date()

    # --- /join ------------------------------------------------------------------------

    def join_page(request: Request, lang: str, values: Mapping[str, Any],
                  errors: Sequence[FieldError] = (), status: int = 200) -> HTMLResponse:
        labels, texts = _error_words(errors, lang, JOIN_FIELDS)
        if "age" in texts and "date_of_birth" in texts:
            texts.pop("age")
        ref_data = reference()
        return page(
            request, lang, "join.html", status, values=values, errors=texts, labels=labels,
            places=_place_lists({"province": values.get("province", ""),
                                 "district": values.get("district", ""),
                                 "commune": values.get("commune", ""),
                                 "village": values.get("home_village_code", "")}, lang),
            all_provinces=_options(gazetteer().provinces(), lang),
            sectors=[(c, ref_data.label("sectors", c, lang)) for c in SECTORS],
            courses=[(c, ref_data.label("courses", c, lang)) for c in COURSES],
            sexes=[(s, WORDS(lang, s)) for s in ("male", "female")],
            honeypot=HONEYPOT, steps=PLACE_STEPS)

    @router.get("/join", response_class=HTMLResponse)
    async def join_form(request: Request) -> Response:
        lang = request_language(request)
        refused = limited(request, lang, "page")
        if refused is not None:
            return refused
        values = _values([], JOIN_FIELDS, JOIN_LISTS)
        district = request.query_params.get("d", "").strip()
        if len(district) == 4 and district.isdigit() and gazetteer().get(district):
            values |= {"province": district[:2], "district": district}
        return await run_in_threadpool(join_page, request, lang, values)

    @router.post("/join", response_class=HTMLResponse)
    async def join_send(request: Request) -> Response:
        lang = request_language(request)
        try:
            pairs = await read_form(request)
        except FormRefused as exc:
            return message(request, lang, exc.status, exc.key)
        values = _values(pairs, JOIN_FIELDS, JOIN_LISTS)
        if values.get("step"):  # a "show districts" button: the next list, nothing stored
            refused = limited(request, lang, "page")
            return refused or await run_in_threadpool(join_page, request, lang, values)
        refused = limited(request, lang, "join")
        if refused is not None:
            return refused
        if values.get(HONEYPOT):
            return message(request, lang, 400, "refused")
        raw = {k: values.get(k) for k in JOIN_FIELDS}
        raw["consent"] = "true" if values.get("consent") == "yes" else "false"
        fields, errors = qs.registration_fields(raw, today=today(), places=_places())
        if errors:
            return await run_in_threadpool(join_page, request, lang, values, errors, 422)
        made = await run_in_threadpool(qs.store, engine, qs.REGISTRATION, fields, now())
        return page(request, lang, "done.html", ref=made.ref, next_key="join_next",
                    again=f"/join?lang={lang}", again_key="join_again")

    @router.get("/join/places")
    async def places(request: Request, parent: str = "") -> Response:
        """The places one level below ``parent`` (a province, district or commune code),
        for the script that fills the next list."""
        lang = request_language(request)
        if limiter.hit("page", address(request)) is not None:
            return JSONResponse({"places": []}, status_code=429)
        gaz = gazetteer()
        place = gaz.get(parent)
        children: list[Place] = []
        if place is not None and place.level != "village":
            children = {"province": gaz.districts, "district": gaz.communes,
                        "commune": gaz.villages}[place.level](parent)
        return JSONResponse({"places": _options(children, lang)},
                            headers={"Cache-Control": "public, max-age=86400",
                                     "X-Content-Type-Options": "nosniff"})

    # --- /hire ------------------------------------------------------------------------

    def hire_page(request: Request, lang: str, values: Mapping[str, Any],
                  errors: Sequence[FieldError] = (), status: int = 200) -> HTMLResponse:
        labels, texts = _error_words(errors, lang, HIRE_FIELDS)
        gaz = gazetteer()
        province = str(values.get("province_code") or "")
        province = province if len(province) == 2 and gaz.get(province) else ""
        return page(
            request, lang, "hire.html", status, values=values, errors=texts, labels=labels,
            provinces=_options(gaz.provinces(), lang),
            districts=_options(gaz.districts(province), lang) if province else [],
            sectors=[(c, reference().label("sectors", c, lang)) for c in SECTORS],
            genders=[(g, WORDS(lang, g)) for g in GENDERS], honeypot=HONEYPOT)

    @router.get("/hire", response_class=HTMLResponse)
    async def hire_form(request: Request) -> Response:
        lang = request_language(request)
        refused = limited(request, lang, "page")
        return refused or await run_in_threadpool(
            hire_page, request, lang, _values([], HIRE_FIELDS, ()))

    @router.post("/hire", response_class=HTMLResponse)
    async def hire_send(request: Request) -> Response:
        lang = request_language(request)
        try:
            pairs = await read_form(request)
        except FormRefused as exc:
            return message(request, lang, exc.status, exc.key)
        values = _values(pairs, HIRE_FIELDS, ())
        if values.get("step"):
            refused = limited(request, lang, "page")
            return refused or await run_in_threadpool(hire_page, request, lang, values)
        refused = limited(request, lang, "hire")
        if refused is not None:
            return refused
        if values.get(HONEYPOT):
            return message(request, lang, 400, "refused")
        raw = {k: values.get(k) for k in HIRE_FIELDS}
        for key in ("accommodation", "transport"):
            raw[key] = "true" if values.get(key) == "yes" else "false"
        fields, errors = qs.employer_fields(raw, today=today(), places=_work_places())
        if errors:
            return await run_in_threadpool(hire_page, request, lang, values, errors, 422)
        made = await run_in_threadpool(qs.store, engine, qs.EMPLOYER_REQUEST, fields, now())
        return page(request, lang, "done.html", ref=made.ref, next_key="hire_next",
                    again=f"/hire?lang={lang}", again_key="hire_again")

    app.include_router(router)


def _places() -> Any:
    from sync.server.app import default_places

    return default_places()


def _work_places() -> Any:
    from sync.server.records import default_work_places

    return default_work_places()

