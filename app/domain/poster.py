"""What a district's QR poster says and where its code points: pure text, no drawing.

Two posters per district: one for returnees (``/join?d=DDDD``, "scan to register") and
one for employers (``/hire?d=DDDD``, "scan to ask for workers"). Khmer first, English
under it; the hotline for those without a smartphone. sync/server/poster.py draws it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

HOTLINE = "1297"
RETURNEES, EMPLOYERS = "join", "hire"


class PosterError(ValueError):
    """A poster that cannot be made: ``field`` (district, base_url) and the reason."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


def poster_url(base_url: str, district_code: str, page: str = RETURNEES) -> str:
    """The address the QR code carries: ``https://hq.example/join?d=0502``."""
    if page not in (RETURNEES, EMPLOYERS):
        raise ValueError(f"page is {RETURNEES!r} or {EMPLOYERS!r}")
    base = (base_url or "").strip()
    parts = urlsplit(base)
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.query or (
            parts.fragment):
        raise PosterError("base_url", "an address such as https://jobs.mlvt.gov.kh, "
                                      "without ? or #")
    if not (len(district_code) == 4 and district_code.isascii() and district_code.isdigit()):
        raise PosterError("district", "a 4-digit district code such as 0502")
    return f"{base.rstrip('/')}/{page}?{urlencode({'d': district_code})}"


@dataclass(frozen=True)
class Line:
    km: str
    en: str


@dataclass(frozen=True)
class PosterText:
    ministry: Line
    headline: Line
    who: Line
    place: Line
    steps: tuple[Line, ...]
    hotline: Line
    url: str


MINISTRY = Line("ក្រសួងការងារ និងបណ្តុះបណ្តាលវិជ្ជាជីវៈ",
                "Ministry of Labour and Vocational Training")


def poster_text(page: str, url: str, *, district_km: str, district_en: str,
                province_km: str, province_en: str) -> PosterText:
    """The words of one poster, for a district named in both languages."""
    place = Line(f"ស្រុក{district_km} ខេត្ត{province_km}",
                 f"{district_en} district, {province_en} province")
    if page == EMPLOYERS:
        return PosterText(
            MINISTRY,
            Line("ស្កេនកូដ QR ដើម្បីស្នើសុំកម្មករ", "Scan to ask for workers"),
            Line("សម្រាប់និយោជក៖ គ្រាន់តែបញ្ជាក់ចំនួនកម្មករ ភេទ និងប្រាក់ខែ",
                 "For employers: just say how many workers, which gender and the salary"),
            place,
            (Line("ស្កេនកូដនេះដោយកាមេរ៉ាទូរស័ព្ទ", "Scan this code with your phone's camera"),
             Line("បំពេញសំណើ ហើយទទួលលេខយោង", "Fill in the request and get a reference"),
             Line("មជ្ឈមណ្ឌលការងារខេត្តនឹងទាក់ទងទៅលោកអ្នក",
                  "The province's job centre will contact you")),
            Line(f"សួរព័ត៌មាន៖ ទូរស័ព្ទលេខ {HOTLINE}", f"Questions: call the {HOTLINE} hotline"),
            url)
    return PosterText(
        MINISTRY,
        Line("ស្កេនកូដ QR ដើម្បីចុះឈ្មោះស្វែងរកការងារ", "Scan to register for a job"),
        Line("សម្រាប់ពលករចំណាកស្រុកដែលបានវិលត្រឡប់មកពីប្រទេសថៃ",
             "For migrant workers who have come back from Thailand"),
        place,
        (Line("ស្កេនកូដនេះដោយកាមេរ៉ាទូរស័ព្ទ", "Scan this code with your phone's camera"),
         Line("បំពេញព័ត៌មាន ហើយទទួលលេខយោង", "Fill in the form and get a reference"),
         Line("មន្ត្រីស្រុករបស់អ្នកនឹងទូរស័ព្ទមកអ្នក",
              "An officer from your district will call you")),
        Line(f"គ្មានស្មាតហ្វូន? ទូរស័ព្ទមកលេខ {HOTLINE}",
             f"No smartphone? Call the {HOTLINE} hotline"),
        url)
