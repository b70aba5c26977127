"""Remake the pictures of the F1 guide (resources/guide/images/) from the real window.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/guide_screenshots.py [--out DIR]

Opens the main window at 1366x768 on a throwaway desk (demo registrations, one employer
request, two records headquarters refused, the desk enrolled), in Khmer and in English,
and saves each screen the guide shows as ``<language>-<screen>.png``: scaled to 900
pixels wide and reduced to 256 colours, which keeps the text readable at a tenth of
the size. ``--full DIR`` also keeps the full-size shots (for looking at them).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WIDTH = 900
SCREENS = ("home", "register", "list", "to-fix", "employers", "training")
REQUEST = {
    "employer_name": "Kampong Speu Garment Co.", "contact_person": "Chan Sophea",
    "contact_phone": "012 345 678", "province_code": "05", "district_code": "0502",
    "sector": "garment", "job_title": "Sewing machine operator", "workers_needed": 30,
    "gender": "any", "salary_usd": 220, "accommodation": True, "transport": False,
}


def _desk(folder: Path):  # noqa: ANN202
    from app.services import demo, employers, officers
    from app.services.desk import Desk
    from app.store import meta, outbox
    from app.store.connection import transaction

    desk = Desk(folder)
    officers.setup(desk, "0502", "Sokha", "guide-password")
    demo.generate(desk, 600, seed=7)
    employers.record_request(desk, REQUEST)
    refusal = [{"field": "expected_salary_usd", "rule": "out_of_range", "params": {}}]
    newest = desk.conn.execute(
        "SELECT id, version FROM registrations ORDER BY rid DESC LIMIT 40").fetchall()
    with transaction(desk.conn):
        outbox.mark_sent(desk.conn, [(r[0], r[1]) for r in newest[2:]])
        for record_id, version in newest[:2]:
            outbox.quarantine(desk.conn, record_id, version, refusal, desk.now_iso())
        meta.put(desk.conn, "sync.token", "guide")
        meta.put(desk.conn, "sync.server_url", "https://hq.example.gov.kh")
        meta.put(desk.conn, "sync.last_success", desk.now_iso())
    return desk


def _save(image, path: Path) -> int:  # noqa: ANN001
    from PySide6.QtCore import Qt

    small = image.scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation)
    small = small.convertToFormat(small.Format.Format_Indexed8,
                                  Qt.ImageConversionFlag.ThresholdDither)
    small.save(str(path), "PNG", 0)  # 0: the smallest file
    return path.stat().st_size


def shoot(out: Path, full: Path | None) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from app.ui import preferences
    from app.ui.app import make_application
    from app.ui.main_window import MainWindow
    from app.ui.translation import install_translator

    app = make_application()
    saved = []
    with tempfile.TemporaryDirectory(prefix="jcd-guide-") as tmp:
        desk = _desk(Path(tmp) / "desk")
        try:
            for language in ("km", "en"):
                preferences.save(desk, language=language, khmer_digits=False,
                                 slip_paper=preferences.slip_paper(desk))
                install_translator(language)
                window = MainWindow(desk)
                window.resize(1366, 768)
                window.show()
                tabs = (window.HOME, window.REGISTER, window.LIST, window.REFUSED,
                        window.EMPLOYERS, window.TRAINING)
                for screen, index in zip(SCREENS, tabs, strict=True):
                    window.tabs.setCurrentIndex(index)
                    if screen == "employers":
                        window.employers.refresh()
                    for _ in range(5):
                        app.processEvents()
                    shot = window.grab().toImage()
                    if full is not None:
                        shot.save(str(full / f"{language}-{screen}.png"))
                    path = out / f"{language}-{screen}.png"
                    size = _save(shot, path)
                    saved.append(path)
                    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
                          f"  {size // 1024} KB")
                window.sync.stop()
                window._quit_confirmed = True
                window.close()
                window.deleteLater()
                QApplication.processEvents()
        finally:
            desk.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "guide" / "images")
    parser.add_argument("--full", type=Path, help="also keep full-size shots here")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.full:
        args.full.mkdir(parents=True, exist_ok=True)
    shoot(args.out, args.full)


if __name__ == "__main__":
    main()
