"""The console's duplicates pages (data officers and admins): likely duplicates across
districts, best first, with the reasons; one pair side by side; and the decision, "same
person" (keep one, mark the other) or "different people".

The list and the pair show names and phones, so every view is audited, and so is every
decision (``sync.server.duplicates.resolve``, in the decision's own transaction). This
module keeps its own words (``WORDS``); the field labels and the reasons are the desks'
own (``app.messages``), in the reader's language.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.domain import duplicates as rules
from app.domain import regno
from app.domain.registration import display_phone
from app.messages import duplicate_error_text, field_label, reason_text
from sync import protocol as p
from sync.server import db, duplicates, reference
from sync.server.console import web
from sync.server.console.auth import DataOfficer, Staff
from sync.server.i18n import Catalogue, request_language, speaking

router = APIRouter()

PAGE_SIZE = 50
STATUSES = (duplicates.OPEN, duplicates.SAME, duplicates.DIFFERENT)
# The rows of the side-by-side view, in order.
COMPARED = ("name_km", "name_latin", "sex", "date_of_birth", "age", "phone", "national_id",
            "home_village_code", "channel")
# Rows whose equal values are why the rules paired them: shown highlighted.
KEYS_OF_REASONS = {"same_phone": ("phone",), "same_national_id": ("national_id",),
                   "similar_name": ("name_km", "name_latin", "sex", "home_village_code")}

WORDS = Catalogue({
    "dup_title": ("ការចុះឈ្មោះស្ទួន", "Duplicates across districts"),
    "dup_intro": ("គូការចុះឈ្មោះដែលទំនងជាបុគ្គលតែមួយ ពីគ្រប់ស្រុក និងគ្រប់មធ្យោបាយ "
                  "ល្អបំផុតមុនគេ។ បើកគូមួយ ដើម្បីប្រៀបធៀប និងសម្រេច។",
                  "Pairs of registrations that are likely the same person, from every "
                  "district and channel, best first. Open a pair to compare and decide."),
    "dup_tab_open": ("មិនទាន់សម្រេច", "Not decided"),
    "dup_tab_same": ("បុគ្គលតែមួយ", "Same person"),
    "dup_tab_different": ("បុគ្គលផ្សេងគ្នា", "Different people"),
    "dup_count": ("{n} គូ", "{n} pairs"),
    "dup_none": ("គ្មានគូទេ។", "No pairs."),
    "dup_col_score": ("ពិន្ទុ", "Score"),
    "dup_col_first": ("ការចុះឈ្មោះទី ១", "First registration"),
    "dup_col_second": ("ការចុះឈ្មោះទី ២", "Second registration"),
    "dup_col_reasons": ("មូលហេតុ", "Why"),
    "dup_col_decided": ("សម្រេចដោយ", "Decided by"),
    "dup_open": ("បើក", "Open"),
    "dup_prev": ("មុន", "Previous"),
    "dup_next": ("បន្ទាប់", "Next"),
    "dup_back": ("ត្រឡប់ទៅបញ្ជី", "Back to the list"),
    "dup_pair_title": ("ប្រៀបធៀបការចុះឈ្មោះពីរ", "Two registrations side by side"),
    "dup_reasons": ("មូលហេតុ៖ {reasons}", "Why: {reasons}"),
    "dup_no_reason": ("ច្បាប់មិនបានផ្គូផ្គងពួកគេទេ", "the rules did not pair them"),
    "dup_field": ("ព័ត៌មាន", "Field"),
    "dup_regno": ("លេខចុះឈ្មោះ", "Registration number"),
    "dup_office": ("ការិយាល័យ (ស្រុក)", "Office (district)"),
    "dup_registered": ("បានចុះឈ្មោះ", "Registered"),
    "dup_referrals": ("ការបញ្ជូនទៅនិយោជក", "Referrals to employers"),
    "dup_withdrawn": ("បានដកឈ្មោះចេញ", "Withdrawn"),
    "dup_marked": ("ស្ទួននឹង {registration_no}", "Duplicate of {registration_no}"),
    "dup_decide": ("សម្រេច", "Decide"),
    "dup_keep": ("បុគ្គលតែមួយ — រក្សា {registration_no} ហើយកត់ការមួយទៀតថាស្ទួន",
                 "Same person — keep {registration_no} and mark the other a duplicate"),
    "dup_first_hint": ("(ចុះឈ្មោះមុន)", "(registered first)"),
    "dup_different": ("បុគ្គលផ្សេងគ្នា — កុំបង្ហាញគូនេះម្តងទៀត",
                      "Different people — never show this pair again"),
    "dup_submit": ("រក្សាទុកការសម្រេច", "Save the decision"),
    "dup_choose": ("សូមជ្រើសរើសការសម្រេចមួយ។", "Choose one of the decisions."),
    "dup_keeps_both": ("កំណត់ត្រាទាំងពីរត្រូវបានរក្សាទុក។ កុំព្យូទ័រដែលជាម្ចាស់កំណត់ត្រាស្ទួន "
                       "នឹងឃើញវានៅពេលធ្វើសមកាលកម្មលើកក្រោយ។",
                       "Both records are kept. The laptop that owns the duplicate sees it "
                       "at its next sync."),
    "dup_decided": ("{status} · សម្រេចដោយ {by} នៅ {at}", "{status} · decided by {by} on {at}"),
    "dup_done_same": ("បានរក្សាទុក៖ {duplicate} ស្ទួននឹង {survivor}។",
                      "Saved: {duplicate} is a duplicate of {survivor}."),
    "dup_done_different": ("បានរក្សាទុក៖ {a} និង {b} ជាបុគ្គលផ្សេងគ្នា។",
                           "Saved: {a} and {b} are different people."),
    "dup_not_found": ("គ្មានការចុះឈ្មោះនេះនៅទីស្នាក់ការកណ្តាលទេ។",
                      "Headquarters has no such registration."),
    "sex_male": ("ប្រុស", "Male"),
    "sex_female": ("ស្រី", "Female"),
    "channel_field": ("ចុះមូលដ្ឋាន", "Field visit"),
    "channel_hotline_1297": ("ខ្សែទូរស័ព្ទ 1297", "Hotline 1297"),
    "channel_walk_in": ("មកដោយផ្ទាល់", "Walk-in"),
    "channel_telegram": ("តេឡេក្រាម", "Telegram"),
    "channel_qr": ("កូដ QR", "QR code"),
    "years_old": ("{n} ឆ្នាំ", "{n} years"),
})


def _reasons_text(language: str, reasons: tuple[str, ...] | list[str]) -> str:
    if not reasons:
        return WORDS(language, "dup_no_reason")
    with speaking(language):
        return "; ".join(reason_text(r) for r in reasons)


def _status_text(language: str, status: str) -> str:
    return WORDS(language, f"dup_tab_{status}")


def _value(language: str, key: str, value: Any) -> str:
    """A stored value as people read it on this page."""
    if value in (None, "", []):
        return "—"
    if key == "sex":
        return WORDS(language, f"sex_{value}") if value in ("male", "female") else str(value)
    if key == "channel":
        word = f"channel_{value}"
        return WORDS(language, word) if word in WORDS.words else str(value)
    if key == "phone":
        return display_phone(str(value))
    if key == "home_village_code":
        gaz = reference.gazetteer()
        code = str(value)
        parts = [gaz.label(code[:n], language) for n in (8, 6, 4, 2) if len(code) >= n]
        return ", ".join(parts)
    if key == "age":
        return web.number(language, int(value)) if isinstance(value, int) else str(value)
    return str(value)


def _side(language: str, side: dict[str, Any]) -> dict[str, Any]:
    district = str(side.get("district_code") or "")
    return {"id": side.get("id"), "regno": side.get("registration_no") or "",
            "name": " / ".join(n for n in (side.get("name_km"), side.get("name_latin")) if n),
            "office": (reference.gazetteer().label(district, language) if district else ""),
            "channel": _value(language, "channel", side.get("channel")),
            "registered": web.when(language, side.get("created_at"), with_time=False)}


def _first_of(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """The side registered first (the survivor unless the officer picks the other)."""
    made = [p.parse_timestamp(side.get("created_at")) for side in (a, b)]
    if not all(made):
        return a
    return a if rules.survivor((made[0], str(a.get("id"))), (made[1], str(b.get("id")))) \
        == a.get("id") else b


def _list_url(status: str, page: int) -> str:
    return f"/console/duplicates?status={status}&page={page}"


@router.get("/duplicates", response_class=HTMLResponse)
def duplicates_page(request: Request, staff: DataOfficer) -> Response:
    console = web.state(request)
    language = request_language(request)
    status = request.query_params.get("status")
    status = status if status in STATUSES else duplicates.OPEN
    raw_page = request.query_params.get("page", "1")
    page = max(1, int(raw_page)) if raw_page.isdigit() else 1
    with console.engine.connect() as conn:
        counts = {s: duplicates.count(conn, s) for s in STATUSES}
        found = duplicates.pairs(conn, status=status, limit=PAGE_SIZE,
                                 offset=(page - 1) * PAGE_SIZE)
    rows = [{"a": _side(language, _first_of(pair.a, pair.b)),
             "b": _side(language, pair.b if _first_of(pair.a, pair.b) is pair.a else pair.a),
             "score": pair.score, "reasons": _reasons_text(language, pair.reasons),
             "href": f"/console/duplicates/{pair.id_a}/{pair.id_b}",
             "decided": (WORDS(language, "dup_decided", status=_status_text(language, pair.status),
                               by=pair.resolved_by or "", at=web.when(language, pair.resolved_at))
                         if pair.status != duplicates.OPEN else "")}
            for pair in found]
    if rows:
        web.record(request, staff, "view_duplicates", status,
                   f"{len(rows)} pairs, page {page}")
    tabs = [{"status": s, "label": _status_text(language, s), "count": counts[s],
             "href": _list_url(s, 1), "current": s == status} for s in STATUSES]
    notice = _notice(request, language)
    return web.render(
        request, "console/duplicates.html", staff, words=WORDS, rows=rows, tabs=tabs,
        status=status, total=counts[status], notice=notice,
        prev_href=_list_url(status, page - 1) if page > 1 else None,
        next_href=(_list_url(status, page + 1)
                   if page * PAGE_SIZE < counts[status] else None))


def _notice(request: Request, language: str) -> str:
    """What the last decision did, named by the redirect after it."""
    done = request.query_params.get("done")
    first, second = request.query_params.get("a", ""), request.query_params.get("b", "")
    if not all(regno.parse(x) is not None for x in (first, second)):
        return ""  # only registration numbers are ever named here
    if done == duplicates.SAME and first and second:
        return WORDS(language, "dup_done_same", duplicate=first, survivor=second)
    if done == duplicates.DIFFERENT and first and second:
        return WORDS(language, "dup_done_different", a=first, b=second)
    return ""


def _compared_rows(language: str, a: dict[str, Any], b: dict[str, Any],
                   reasons: tuple[str, ...]) -> list[dict[str, Any]]:
    why = {key for reason in reasons for key in KEYS_OF_REASONS.get(reason, ())}
    with speaking(language):
        labels = {key: field_label(key) for key in COMPARED}
    return [{"label": labels[key], "a": _value(language, key, a.get(key)),
             "b": _value(language, key, b.get(key)),
             "same": key in why and a.get(key) not in (None, "")}
            for key in COMPARED]


def _pair_page(request: Request, staff: Staff, id_a: str, id_b: str, *,
               error: str = "", status_code: int = 200) -> Response:
    console = web.state(request)
    language = request_language(request)
    a_id, b_id = duplicates.ordered(id_a, id_b)
    with console.engine.connect() as conn:
        found = duplicates.pair(conn, a_id, b_id)
        sides = {rid: duplicates.record(conn, rid) for rid in (a_id, b_id)}
    if any(side is None for side in sides.values()) or not all(map(p.is_uuid, (a_id, b_id))):
        return web.render(request, "console/error.html", staff, status_code=404,
                          title=WORDS(language, "dup_not_found"), message=f"{id_a} {id_b}")
    a, b = sides[a_id], sides[b_id]
    assert a is not None and b is not None
    # The one registered first on the left: it survives unless the officer picks.
    a = _first_of(a, b)
    b = sides[b_id] if a is sides[a_id] else sides[a_id]
    assert b is not None
    first = a["id"]
    reasons = found.reasons if found is not None else ()

    def column(rec: dict[str, Any]) -> dict[str, Any]:
        district = str(rec.get("district_code") or "")
        marked = rec.get("duplicate_of")
        marked_no = ""
        if marked:
            with console.engine.connect() as conn:
                survivor = duplicates.record(conn, marked)
            marked_no = (survivor or {}).get("registration_no") or marked
        return {"id": rec["id"], "regno": rec.get("registration_no") or "",
                "office": f"{reference.gazetteer().label(district, language)} ({district})",
                "registered": web.when(language, rec.get("created_at")),
                "referrals": web.number(language, rec.get("referrals") or 0),
                "withdrawn": bool(rec.get("withdrawn")),
                "marked": WORDS(language, "dup_marked", registration_no=marked_no)
                if marked else "",
                "first": rec["id"] == first}

    web.record(request, staff, "view_duplicate_pair", f"{a_id} {b_id}",
               f"{a.get('registration_no')} and {b.get('registration_no')}")
    state = found.status if found is not None else duplicates.OPEN
    decided = ""
    if found is not None and state != duplicates.OPEN:
        decided = WORDS(language, "dup_decided", status=_status_text(language, state),
                        by=found.resolved_by or "", at=web.when(language, found.resolved_at))
    return web.render(
        request, "console/duplicate_pair.html", staff, words=WORDS, status_code=status_code,
        a=column(a), b=column(b), rows=_compared_rows(language, a, b, reasons),
        reasons=_reasons_text(language, reasons), score=found.score if found else 0,
        decided=decided, open=state == duplicates.OPEN, error=error,
        can_decide=not (a.get("duplicate_of") or b.get("duplicate_of")),
        action=f"/console/duplicates/{a_id}/{b_id}")


@router.get("/duplicates/{id_a}/{id_b}", response_class=HTMLResponse)
def pair_page(request: Request, id_a: str, id_b: str, staff: DataOfficer) -> Response:
    return _pair_page(request, staff, id_a, id_b)


@router.post("/duplicates/{id_a}/{id_b}", response_class=HTMLResponse)
async def decide(request: Request, id_a: str, id_b: str, staff: DataOfficer) -> Response:
    form = await web.form_checked(request)
    language = request_language(request)
    choice = str(form.get("decision") or "")
    a_id, b_id = duplicates.ordered(id_a, id_b)
    if choice not in (f"keep:{a_id}", f"keep:{b_id}", duplicates.DIFFERENT):
        return _pair_page(request, staff, id_a, id_b, error=WORDS(language, "dup_choose"),
                          status_code=422)
    same = choice != duplicates.DIFFERENT
    console = web.state(request)
    try:
        with db.writing(console.engine) as conn:
            done = duplicates.resolve(conn, a_id, b_id, same=same, actor=staff.name,
                                      now=console.now(),
                                      survivor_id=choice.split(":", 1)[1] if same else None)
            numbers = {rid: (duplicates.record(conn, rid) or {}).get("registration_no", rid)
                       for rid in (a_id, b_id)}
    except duplicates.ResolveRefused as exc:
        with speaking(language):
            why = duplicate_error_text(exc.code, exc.params)
        return _pair_page(request, staff, id_a, id_b, error=why, status_code=409)
    if same:
        query = f"done=same&a={numbers[done.duplicate_id]}&b={numbers[done.survivor_id]}"
    else:
        query = f"done=different&a={numbers[a_id]}&b={numbers[b_id]}"
    return web.redirect(f"/console/duplicates?{query}")
