"""Realistic demo registrations, for training laptops and for benchmarks.

``--seed`` fixes the content (names, places, ages...); ids and registration numbers are
always new, so demo data can never collide with real records at headquarters.
Records are built already clean (no per-row validation) and saved in bulk.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from functools import cache
from typing import Any

import phonenumbers

from app.domain.codes import CHANNELS, COURSES, SECTORS
from app.services.desk import Desk, gazetteer, reference
from app.store import registrations as store
from app.store.connection import transaction

# (Khmer, Latin) pairs as officers write them.
FAMILY = [
    ("សុខ", "Sok"), ("ចាន់", "Chan"), ("ហេង", "Heng"), ("លី", "Ly"), ("គឹម", "Kim"),
    ("សួន", "Suon"), ("ជា", "Chea"), ("ពៅ", "Pov"), ("ស៊ុន", "Sun"), ("ម៉ៅ", "Mao"),
    ("ឈឹម", "Chhim"), ("អ៊ុំ", "Um"), ("កែវ", "Keo"), ("ប៊ុន", "Bun"), ("សេង", "Seng"),
    ("ឡុង", "Long"), ("នួន", "Nuon"), ("ព្រំ", "Prum"), ("យិន", "Yin"), ("ទេព", "Tep"),
    ("ស្រេង", "Sreng"), ("ខៀវ", "Khiev"), ("ឃុន", "Khun"), ("ផាន់", "Phan"), ("វង្ស", "Vong"),
]
FEMALE = [
    ("ស្រីមុំ", "Sreymom"), ("ស្រីនាង", "Sreyneang"), ("សុភា", "Sophea"), ("ចន្ធូ", "Chanthou"),
    ("ដាលីន", "Dalin"), ("ធីតា", "Thida"), ("រតនា", "Ratana"), ("ស្រីពៅ", "Sreypov"),
    ("ម៉ាលី", "Maly"), ("ស្រីលក្ខណ៍", "Sreyleak"), ("ចាន់ថា", "Chantha"), ("សុគន្ធា", "Sokuntha"),
    ("បុប្ផា", "Bopha"), ("ស្រីរ័ត្ន", "Sreyrath"), ("ច័ន្ទតារា", "Chanteara"), ("និមល", "Nimol"),
    ("សុខលី", "Sokly"), ("វិមាន", "Vimean"), ("ស្រីល័ក្ខ", "Sreyloak"), ("ពិសី", "Pisey"),
]
MALE = [
    ("ដារ៉ា", "Dara"), ("សុភ័ក្រ", "Sopheak"), ("វិចិត្រ", "Vichet"), ("សំណាង", "Samnang"),
    ("រិទ្ធី", "Rithy"), ("ពិសិដ្ឋ", "Piseth"), ("វណ្ណៈ", "Vanna"), ("សុផល", "Sophal"),
    ("បូរ៉ា", "Bora"), ("វាសនា", "Veasna"), ("កុសល", "Kosal"), ("សុវណ្ណ", "Sovann"),
    ("ចំរើន", "Chamroeun"), ("សុខុម", "Sokhom"), ("មករា", "Makara"), ("ភក្តី", "Pheakdey"),
    ("សម្បត្តិ", "Sambath"), ("ធារ៉ា", "Theara"), ("វុទ្ធី", "Vuthy"), ("ប៊ុនថន", "Bunthan"),
]
MOBILE_PREFIXES = (
    "10", "11", "12", "15", "16", "17", "61", "69", "70", "76", "77", "78", "81", "85",
    "86", "87", "88", "89", "90", "92", "93", "95", "96", "97", "98", "99", "31", "60",
    "66", "67", "68", "71",
)
PREVIOUS_JOBS = (
    "Construction worker in Bangkok", "Factory worker, Rayong", "Farm worker, Chanthaburi",
    "Fishing boat crew, Samut Sakhon", "Restaurant kitchen, Pattaya", "Security guard",
    "កម្មករសំណង់", "កម្មកររោងចក្រ", "កម្មករចំការ", "",
)


@cache
def _phone_shapes() -> list[tuple[str, int]]:
    """Prefixes and subscriber lengths that make valid numbers, checked once."""
    shapes = []
    for prefix in MOBILE_PREFIXES:
        for length in (6, 7):
            sample = "+855" + prefix + "2" * length
            if phonenumbers.is_valid_number(phonenumbers.parse(sample)):
                shapes.append((prefix, length))
    return shapes


@cache
def _villages() -> list[str]:
    gaz = gazetteer()
    return [
        v.code
        for p in gaz.provinces()
        for d in gaz.districts(p.code)
        for c in gaz.communes(d.code)
        for v in gaz.villages(c.code)
    ]


def _enrolments(i: int, interests: list[str], sessions: dict[str, list[str]]) -> list[str]:
    """Every thirtieth record that wants a course is enrolled in one of its sessions,
    chosen by the record's place in the run so a seed gives the same content as before
    enrolments existed."""
    choices = sessions[interests[0]] if interests else []
    if i % 30 or not choices:
        return []
    return [choices[(i // 30) % len(choices)]]


def make_records(
    count: int, rng: random.Random, desk: Desk, start: int = 0, total: int | None = None
) -> list[dict[str, Any]]:
    """Records ``start`` .. ``start + count`` of ``total``, registered over the last 150
    days in order, so the newest-first list shows them by date."""
    total = total or count
    span = timedelta(days=150).total_seconds()
    villages = _villages()
    provinces = [p.code for p in gazetteer().provinces()]
    shapes = _phone_shapes()
    sessions = {c: [s.code for s in reference().sessions_of(c)] for c in COURSES}
    now = desk.now()
    out = []
    for i in range(start, start + count):
        sex = rng.choice(("male", "female"))
        family = rng.choice(FAMILY)
        given = rng.choice(MALE if sex == "male" else FEMALE)
        village = rng.choice(villages)
        age = rng.randint(18, 55)
        created = now - timedelta(seconds=span * (total - i) / total + rng.random())
        today = (created + timedelta(hours=7)).date()
        has_dob = rng.random() < 0.6
        dob = today.replace(year=today.year - age, day=1) - timedelta(days=rng.randint(0, 300))
        prefix, length = rng.choice(shapes)
        phone = "+855" + prefix + "".join(rng.choice("0123456789") for _ in range(length))
        home_province = village[:2]
        preferred = [home_province] + rng.sample(provinces, rng.choice((0, 0, 1, 2)))
        out.append({
            "name_km": f"{family[0]} {given[0]}",
            "name_latin": f"{family[1]} {given[1]}".upper() if rng.random() < 0.3
            else f"{family[1]} {given[1]}",
            "sex": sex,
            "date_of_birth": dob.isoformat() if has_dob else None,
            "age": None if has_dob else age,
            "birth_year": dob.year if has_dob else today.year - age,
            "phone": phone if rng.random() < 0.9 else None,
            "national_id": "".join(rng.choice("0123456789") for _ in range(9))
            if rng.random() < 0.4 else None,
            "home_village_code": village,
            "preferred_province_codes": list(dict.fromkeys(preferred)),
            "sectors": rng.sample(SECTORS, rng.choice((1, 1, 2, 3))),
            "expected_salary_usd": rng.choice(range(180, 450, 10)),
            "returned_from": "TH",
            "return_date": (today - timedelta(days=rng.randint(0, 120))).isoformat(),
            "previous_job": rng.choice(PREVIOUS_JOBS),
            "skills": "",
            "training_interests": rng.sample(COURSES, rng.choice((0, 0, 1, 2))),
            "channel": rng.choice(CHANNELS),
            "consent": True,
            "notes": "",
            "duplicate_override_reason": None,
            "created_at": created.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "created_on": today.isoformat(),
        })
        out[-1]["training_enrolments"] = _enrolments(i, out[-1]["training_interests"],
                                                     sessions)
    return out


def generate(desk: Desk, count: int, seed: int | None = None, chunk: int = 20_000) -> int:
    """Save ``count`` demo registrations made by the signed-in officer, in one
    transaction, built and written a chunk at a time to keep memory flat."""
    officer = desk.require_officer()
    rng = random.Random(seed)
    stamp = {
        "device_id": desk.device_id, "officer_id": officer.officer_id,
        "created_at": desk.now_iso(), "created_on": desk.today().isoformat(),
    }
    with transaction(desk.conn):
        for start in range(0, count, chunk):
            part = make_records(min(chunk, count - start), rng, desk, start, count)
            for rec in part:
                rec["id"] = str(uuid.uuid4())
            store.insert_many(
                desk.conn, part, district=desk.office_code, tag=desk.device_tag, stamp=stamp
            )
    return count
