"""The public QR pages: what a phone downloads, and how long a submission takes from the
form to a desk that has taken it, against headquarters on loopback (SQLite).

Page weights are the bytes on the wire with gzip (what a phone on 2G waits for). The
timings: a valid `POST /join` (validated, stored, the reference page rendered), a form
sent back with its errors marked (422), and the desk's side, one `GET /v1/changes`
that brings the submission and the `POST /v1/qr/{ref}/take` that gives it to the desk.

Run alone: `python bench/bench_public_pages.py`; `make bench` runs it with the others.
"""

from __future__ import annotations

import os
import socket
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

COUNT = 200
PAGES = ("/join?d=0502", "/join?d=0502&lang=en", "/hire", "/static/public/public.css",
         "/static/public/public.js", "/static/fonts/web/NotoSansKhmer-Regular.woff2",
         "/static/fonts/web/NotoSansKhmer-Bold.woff2", "/static/fonts/NotoSansKhmer.ttf")


def _serve(url: str):  # noqa: ANN202
    import uvicorn

    from sync.server import db
    from sync.server.app import create_app
    from sync.server.ratelimit import RateLimiter

    engine = db.make_engine(url)
    db.migrate(engine)
    app = create_app(engine, limiter=RateLimiter(rates={}))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    return engine, server, thread, f"http://127.0.0.1:{sock.getsockname()[1]}"


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"{statistics.median(ordered) * 1000:.1f} ms | {p95 * 1000:.1f} ms"


def main() -> str:
    import requests

    from sync import protocol as p
    from sync.server import devices as dev
    from tests.conftest import village_in

    folder = Path(tempfile.mkdtemp(prefix="bench-public-"))
    engine, server, thread, base = _serve(f"sqlite:///{(folder / 'hq.sqlite3').as_posix()}")
    try:
        weights = []
        for path in PAGES:
            answer = requests.get(base + path, headers={"Accept-Encoding": "gzip"},
                                  stream=True, timeout=10)
            wire = len(answer.raw.read(decode_content=False))
            weights.append((path, wire, answer.headers.get("content-encoding") or "none"))
        first = sum(w for path, w, _ in weights[:1] + weights[3:5])
        fonts = sum(w for _, w, _ in weights[5:7])

        village = village_in("0502")
        form = {"name_km": "សុខ ដារ៉ា", "sex": "female", "age": "29",
                "province": "05", "district": "0502", "commune": village[:6],
                "home_village_code": village, "preferred_province_codes": ["05"],
                "sectors": ["garment"], "expected_salary_usd": "300", "consent": "yes"}
        session = requests.Session()
        session.get(base + "/join", timeout=10)  # warm: templates, translations
        stored, refused, pulls, takes, health = [], [], [], [], []
        code = dev.new_code(engine, "0502", datetime.now(UTC))
        device = session.post(base + "/v1/enrol", headers={p.PROTOCOL_HEADER: "1"}, json={
            "code": code, "device_id": str(uuid.uuid4()), "device_tag": "BENCH1",
            "office_code": "0502"}, timeout=10).json()
        auth = {p.PROTOCOL_HEADER: "1", "Authorization": f"Bearer {device['token']}"}
        cursor = 0
        for i in range(COUNT):
            started = time.perf_counter()
            session.get(base + "/v1/health", timeout=10)
            health.append(time.perf_counter() - started)
            phone = f"012{i:06d}"
            started = time.perf_counter()
            answer = session.post(base + "/join", data=form | {"phone": phone}, timeout=10)
            stored.append(time.perf_counter() - started)
            assert answer.status_code == 200, answer.status_code
            started = time.perf_counter()
            bad = session.post(base + "/join", data=form | {"phone": "12"}, timeout=10)
            refused.append(time.perf_counter() - started)
            assert bad.status_code == 422
            started = time.perf_counter()
            pulled = session.get(base + "/v1/changes", params={"cursor": cursor},
                                 headers=auth, timeout=10).json()
            pulls.append(time.perf_counter() - started)
            cursor = pulled["cursor"]
            # The pull also brings back the one taken last time (its status changed).
            row = next(r for r in pulled["changes"]["qr_submission"]
                       if r["data"]["status"] == "waiting")
            started = time.perf_counter()
            took = session.post(f"{base}/v1/qr/{row['data']['ref']}/take", json={},
                                headers=auth, timeout=10)
            takes.append(time.perf_counter() - started)
            assert took.status_code == 200
        end_to_end = [a + b + c for a, b, c in zip(stored, pulls, takes, strict=True)]
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        engine.dispose()

    lines = [
        "## Public QR pages (`/join`, `/hire`)",
        "",
        "Bytes on the wire with `Accept-Encoding: gzip` (fonts are already compressed):",
        "",
        "| resource | bytes | encoding |",
        "|---|---|---|",
        *(f"| `{path}` | {wire:,} | {enc} |" for path, wire, enc in weights),
        "",
        f"First page (`/join?d=0502` with its CSS and script), the font apart: "
        f"**{first:,} bytes**; the two web font weights add {fonts:,} bytes "
        f"(the desk's variable TTF would add {weights[-1][1]:,}).",
        "",
        f"{COUNT} submissions on SQLite over loopback, one at a time (load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores while it ran; compare with the "
        "baseline row):",
        "",
        "| step | median | p95 |",
        "|---|---|---|",
        f"| baseline: `GET /v1/health` (one request, one `SELECT 1`) | {_ms(health)} |",
        f"| `POST /join`, valid: checked, stored, reference page | {_ms(stored)} |",
        f"| `POST /join` with a wrong phone: the form marked (422) | {_ms(refused)} |",
        f"| desk `GET /v1/changes` bringing it | {_ms(pulls)} |",
        f"| desk `POST /v1/qr/{{ref}}/take` | {_ms(takes)} |",
        f"| the three, end to end at headquarters | {_ms(end_to_end)} |",
        "",
        "Not counted: the phone's link (a 2G round trip is 300 to 1,000 ms; the first page "
        "is one HTML, one CSS, one script and, for Khmer, one font request) and the time "
        "until the desk next syncs.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(main())
