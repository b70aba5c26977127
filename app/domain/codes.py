"""The closed code lists records use. Labels live in resources/reference."""

from __future__ import annotations

SEXES = ("male", "female")
CHANNELS = ("field", "hotline_1297", "walk_in", "telegram", "qr")
SECTORS = (
    "garment",
    "construction",
    "agriculture",
    "fisheries",
    "food_processing",
    "manufacturing",
    "hospitality",
    "domestic_work",
    "security",
    "transport",
    "retail",
    "mechanics",
    "electrical",
    "services",
    "other",
)
COURSES = (
    "agro_processing",
    "motorcycle_repair",
    "mechanics",
    "electrical_wiring",
    "air_conditioning",
)
# Countries returnees come back from, most frequent first; any ISO 3166 alpha-2 code is valid.
COMMON_COUNTRIES = ("TH", "MY", "KR", "JP", "SG", "VN", "LA", "CN", "TW")
DEFAULT_COUNTRY = "TH"
