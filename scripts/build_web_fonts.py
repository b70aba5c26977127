"""Make the web fonts headquarters' public pages use, from resources/fonts/NotoSansKhmer.ttf.

The desk's font is the variable Noto Sans Khmer (360 KB, 173 KB gzipped). A phone on 2G
needs much less: a static instance at each weight the pages use (400 and 700), keeping
only Khmer, basic Latin and the punctuation the pages show, with every layout feature
(Khmer needs GSUB and GPOS to shape), as WOFF2 (Brotli). About 22 KB each.

    .venv/bin/pip install 'fonttools[woff]'
    .venv/bin/python scripts/build_web_fonts.py

Writes resources/fonts/web/NotoSansKhmer-{Regular,Bold}.woff2, committed to the
repository so the server needs nothing extra. The licence (OFL, no reserved names) goes
with them: resources/fonts/OFL.txt.
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

FONTS = Path(__file__).resolve().parents[1] / "resources" / "fonts"
SOURCE = FONTS / "NotoSansKhmer.ttf"
OUT = FONTS / "web"
# Basic Latin, no-break space, ×, Khmer and Khmer symbols, zero-width (non-)joiners and
# space (Khmer word breaks), dashes, quotes, bullet, ellipsis, the dotted circle that
# shows a lone vowel sign.
UNICODES = ("U+0020-007E,U+00A0,U+00D7,U+1780-17FF,U+19E0-19FF,U+200B-200D,U+2013-2014,"
            "U+2018-201D,U+2022,U+2026,U+25CC")
WEIGHTS = {"Regular": 400, "Bold": 700}


def build(name: str, weight: int) -> Path:
    font = instancer.instantiateVariableFont(TTFont(SOURCE), {"wght": weight, "wdth": 100})
    options = subset.Options()
    options.layout_features = ["*"]
    options.flavor = "woff2"
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
    subsetter.subset(font)
    out = OUT / f"NotoSansKhmer-{name}.woff2"
    OUT.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(out), options)
    return out


def main() -> None:
    for name, weight in WEIGHTS.items():
        out = build(name, weight)
        print(f"{out.relative_to(FONTS.parents[1])}: {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
