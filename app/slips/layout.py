"""What a registration slip says: every line of text, in Khmer and in English.

Pure data, no Qt: ``slip_content`` turns a record into a ``SlipContent`` and the
renderer (app/slips/render.py) only places those lines on paper. Keeping the words here
lets tests check a slip's text without drawing it, and keeps the bilingual wording in
one place.

Slips are bilingual by design (Khmer first, English beneath), so the fixed texts below
are constants rather than Qt translations: a slip printed on an English-language window
is the same slip.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

from app.domain.digits import to_khmer_digits
from app.domain.khmerdate import format_date, format_number, to_local
from app.domain.reference import Reference
from app.domain.registration import age_on, display_phone, parse_date

PAPER_SIZES = ("a6", "a5", "receipt80")

# The QR code's payload (DESIGN.md, "Registration numbers"); scanners split on "|".
QR_PREFIX = "JCD1"

# --- fixed texts --------------------------------------------------------------------

KINGDOM_KM = "ព្រះរាជាណាចក្រកម្ពុជា"
MOTTO_KM = "ជាតិ សាសនា ព្រះមហាក្សត្រ"
KINGDOM_EN = "Kingdom of Cambodia · Nation Religion King"
MINISTRY_KM = "ក្រសួងការងារ និងបណ្តុះបណ្តាលវិជ្ជាជីវៈ"
MINISTRY_EN = "Ministry of Labour and Vocational Training"
TITLE_KM = "ប័ណ្ណចុះឈ្មោះស្វែងរកការងារ"
TITLE_EN = "Job Seeker Registration Slip"
NUMBER_LABEL_KM = "លេខចុះឈ្មោះ"
NUMBER_LABEL_EN = "Registration No."
REPRINT_KM = "បោះពុម្ពឡើងវិញ"
REPRINT_EN = "REPRINT"
WITHDRAWN_KM = "បានដកឈ្មោះចេញ — ប័ណ្ណនេះលែងមានសុពលភាព"
WITHDRAWN_EN = "WITHDRAWN — this slip is no longer valid"

LABELS: dict[str, tuple[str, str]] = {
    "name": ("ឈ្មោះ", "Name"),
    "sex_age": ("ភេទ / អាយុ", "Sex / Age"),
    "phone": ("ទូរស័ព្ទ", "Phone"),
    "home": ("ទីលំនៅ", "Home village"),
    "provinces": ("ខេត្តចង់ធ្វើការ", "Preferred provinces"),
    "sectors": ("វិស័យការងារ", "Sectors"),
    "salary": ("ប្រាក់ខែរំពឹងទុក", "Expected salary"),
    "training": ("វគ្គបណ្តុះបណ្តាល", "Training interests"),
    "enrolled": ("ចុះឈ្មោះចូលរៀន", "Enrolled in"),
    "registered": ("ចុះឈ្មោះថ្ងៃ", "Registered"),
    "officer": ("មន្ត្រីចុះឈ្មោះ", "Officer"),
    "office": ("ការិយាល័យ", "Office"),
}
SEX_KM = {"male": "ប្រុស", "female": "ស្រី"}
SEX_EN = {"male": "Male", "female": "Female"}
YEARS_KM, YEARS_EN = "ឆ្នាំ", "years"
SALARY_KM, SALARY_EN = "ដុល្លារ ក្នុងមួយខែ", "per month"
NONE_KM, NONE_EN = "គ្មាន", "None"
NOT_GIVEN_KM, NOT_GIVEN_EN = "មិនបានផ្តល់", "Not given"

HOTLINE = "1297"
TELEGRAM_GROUP = "Job Search – MLVT"
NEXT_STEPS_TITLE_KM = "ជំហានបន្ទាប់"
NEXT_STEPS_TITLE_EN = "What to do next"
NEXT_STEPS_KM = (
    f"ទូរស័ព្ទទៅលេខ {to_khmer_digits(HOTLINE)} ឬចូលរួមក្រុមតេឡេក្រាម «{TELEGRAM_GROUP}» "
    "ហើយប្រាប់លេខចុះឈ្មោះរបស់អ្នក។ សូមរក្សាប័ណ្ណនេះទុក "
    "ហើយបង្ហាញនៅមជ្ឈមណ្ឌលការងារ ឬដល់និយោជក។"
)
NEXT_STEPS_EN = (
    f"Call {HOTLINE} or join the Telegram group “{TELEGRAM_GROUP}” and give your "
    "registration number. Keep this slip and show it at a job centre or to an employer."
)

# Khmer writes lists with spaces more than commas, but several sector labels contain
# spaces of their own ("កាត់ដេរ វាយនភណ្ឌ ស្បែកជើង"), so items need a visible separator.
LIST_SEPARATOR = ", "


class GazetteerLike(Protocol):
    """What the slip needs of app.domain.gazetteer.Gazetteer."""

    def get(self, code: str) -> Any: ...

    def parents(self, village_code: str) -> tuple[Any, Any, Any]: ...


@dataclass(frozen=True)
class Bilingual:
    km: str
    en: str


@dataclass(frozen=True)
class SlipField:
    """One row of the slip's table: a label and a value, each in Khmer and English.

    When ``value.en`` equals ``value.km`` (a phone number, a name typed in one script
    only) the renderer shows it once.
    """

    key: str
    label: Bilingual
    value: Bilingual


@dataclass(frozen=True)
class SlipContent:
    registration_no: str
    record_id: str
    qr_payload: str
    kingdom_km: str
    motto_km: str
    kingdom_en: str
    ministry: Bilingual
    title: Bilingual
    number_label: Bilingual
    name_km: str
    name_latin: str
    fields: tuple[SlipField, ...]
    issued: Bilingual  # when, by whom and at which office the record was registered
    next_steps_title: Bilingual
    next_steps: Bilingual
    reprint: Bilingual | None
    withdrawn: Bilingual | None
    footer: str

    def field(self, key: str) -> SlipField:
        for item in self.fields:
            if item.key == key:
                return item
        raise KeyError(key)

    def lines(self) -> list[str]:
        """Every text the slip shows, in reading order (for tests and checks)."""
        out = [self.kingdom_km, self.motto_km, self.kingdom_en, self.ministry.km,
               self.ministry.en, self.title.km, self.title.en]
        if self.reprint:
            out += [self.reprint.km, self.reprint.en]
        if self.withdrawn:
            out += [self.withdrawn.km, self.withdrawn.en]
        out += [self.number_label.km, self.number_label.en, self.registration_no]
        out += [name for name in (self.name_km, self.name_latin) if name]
        for item in self.fields:
            out += [item.label.km, item.label.en, item.value.km]
            if item.value.en != item.value.km:
                out.append(item.value.en)
        out += [self.issued.km, self.issued.en, self.next_steps_title.km, self.next_steps_title.en, self.next_steps.km,
                self.next_steps.en, self.footer]
        return out


def qr_payload(registration_no: str, record_id: str) -> str:
    return f"{QR_PREFIX}|{registration_no}|{record_id}"


def registered_on(record: Mapping[str, Any], today: date) -> date:
    """The Phnom Penh date the record was created (``today`` if it has no stamp yet)."""
    stamp = record.get("created_at")
    if not stamp:
        return today
    moment = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return to_local(moment).date()


def age_at_registration(record: Mapping[str, Any], on: date) -> int | None:
    """Age on the registration date, so a reprint a year later shows the same slip."""
    born = parse_date(record.get("date_of_birth"))
    if born is not None:
        return age_on(born, on)
    age = record.get("age")
    return int(age) if age is not None else None


def _joined(items: Sequence[str]) -> str:
    return LIST_SEPARATOR.join(item for item in items if item)


def _place_names(gazetteer: GazetteerLike, code: str) -> Bilingual:
    place = gazetteer.get(code)
    if place is None:
        return Bilingual(code, code)
    return Bilingual(place.name_km, place.name_en)


def home_village(gazetteer: GazetteerLike, village_code: str) -> Bilingual:
    """Village, commune, district, province: smallest first, as addresses are written."""
    village = _place_names(gazetteer, village_code)
    try:
        parents = gazetteer.parents(village_code)
    except KeyError:
        parents = ()
    # parents() runs from the province down; an address reads from the village up.
    names = [village] + [Bilingual(p.name_km, p.name_en) for p in reversed(parents) if p]
    return Bilingual(_joined([n.km for n in names]), _joined([n.en for n in names]))


def _sessions(reference: Reference, codes: Sequence[str]) -> Bilingual:
    """Where and when to go: course, centre and start date of each session (its code
    when the catalogue no longer lists it)."""
    km, en = [], []
    for code in codes:
        s = reference.session(code)
        if s is None:
            km.append(code)
            en.append(code)
            continue
        km.append(f"{reference.label('courses', s.course, 'km')}, {s.place_km}, "
                  f"{format_date(s.start_date, 'km')}")
        en.append(f"{reference.label('courses', s.course, 'en')}, {s.place_en}, "
                  f"{format_date(s.start_date, 'en')}")
    return Bilingual("; ".join(km), "; ".join(en))


def _labels(reference: Reference, kind: str, codes: Sequence[str]) -> Bilingual:
    if not codes:
        return Bilingual(NONE_KM, NONE_EN)
    return Bilingual(
        _joined([reference.label(kind, code, "km") for code in codes]),
        _joined([reference.label(kind, code, "en") for code in codes]),
    )


def _sex_age(record: Mapping[str, Any], age: int | None) -> Bilingual:
    sex = record.get("sex") or ""
    km = [SEX_KM.get(sex, sex)]
    en = [SEX_EN.get(sex, sex)]
    if age is not None:
        km.append(f"{format_number(age)} {YEARS_KM}")
        en.append(f"{age} {YEARS_EN}")
    return Bilingual(" · ".join(filter(None, km)), " · ".join(filter(None, en)))


def _salary(amount: int | None) -> Bilingual:
    if amount is None:
        return Bilingual(NOT_GIVEN_KM, NOT_GIVEN_EN)
    return Bilingual(f"{format_number(amount)} {SALARY_KM}", f"US${amount:,} {SALARY_EN}")


def _issued(on: Bilingual, officer: str, office: Bilingual) -> Bilingual:
    # Label-value pairs rather than a sentence: one line that reads the same way in
    # both languages, whatever the officer's name or the office label look like.
    parts = [("registered", on.km, on.en), ("officer", officer, officer),
             ("office", office.km, office.en)]
    km = "  ·  ".join(f"{LABELS[key][0]} {value}" for key, value, _ in parts if value)
    en = "  ·  ".join(f"{LABELS[key][1]} {value}" for key, _, value in parts if value)
    return Bilingual(km, en)


def slip_content(
    record: Mapping[str, Any],
    *,
    gazetteer: GazetteerLike,
    reference: Reference,
    officer_name: str,
    office_label_km: str,
    office_label_en: str,
    reprint: bool,
    today: date,
) -> SlipContent:
    """The slip of one record (a dict with the export's keys).

    ``today`` is the Phnom Penh date of printing: a reprint says when it was reprinted.
    """
    number = record["registration_no"]
    record_id = record["id"]
    on = registered_on(record, today)
    age = age_at_registration(record, on)
    phone = display_phone(record.get("phone"))
    provinces = [_place_names(gazetteer, code) for code in
                 record.get("preferred_province_codes") or []]

    def row(key: str, value: Bilingual) -> SlipField:
        return SlipField(key, Bilingual(*LABELS[key]), value)

    fields = (
        row("sex_age", _sex_age(record, age)),
        row("phone", Bilingual(phone, phone) if phone else Bilingual(NOT_GIVEN_KM,
                                                                     NOT_GIVEN_EN)),
        row("home", home_village(gazetteer, record["home_village_code"])),
        row("provinces", Bilingual(_joined([p.km for p in provinces]),
                                   _joined([p.en for p in provinces]))),
        row("sectors", _labels(reference, "sectors", record.get("sectors") or [])),
        row("salary", _salary(record.get("expected_salary_usd"))),
        row("training", _labels(reference, "courses", record.get("training_interests") or [])),
    )
    if record.get("training_enrolments"):
        fields += (row("enrolled", _sessions(reference, record["training_enrolments"])),)
    issued = _issued(
        Bilingual(format_date(on, "km"), format_date(on, "en")),
        officer_name, Bilingual(office_label_km, office_label_en),
    )
    reprint_mark = None
    if reprint:
        reprint_mark = Bilingual(f"{REPRINT_KM} {format_date(today, 'km')}",
                                 f"{REPRINT_EN} {format_date(today, 'en')}")
    withdrawn_mark = Bilingual(WITHDRAWN_KM, WITHDRAWN_EN) if record.get("withdrawn") else None
    return SlipContent(
        registration_no=number,
        record_id=record_id,
        qr_payload=qr_payload(number, record_id),
        kingdom_km=KINGDOM_KM,
        motto_km=MOTTO_KM,
        kingdom_en=KINGDOM_EN,
        ministry=Bilingual(MINISTRY_KM, MINISTRY_EN),
        title=Bilingual(TITLE_KM, TITLE_EN),
        number_label=Bilingual(NUMBER_LABEL_KM, NUMBER_LABEL_EN),
        name_km=record.get("name_km") or "",
        name_latin=record.get("name_latin") or "",
        fields=fields,
        issued=issued,
        next_steps_title=Bilingual(NEXT_STEPS_TITLE_KM, NEXT_STEPS_TITLE_EN),
        next_steps=Bilingual(NEXT_STEPS_KM, NEXT_STEPS_EN),
        reprint=reprint_mark,
        withdrawn=withdrawn_mark,
        footer=f"ID {record_id}",
    )
