"""Run every benchmark and write BENCHMARKS.md.

Each bench/bench_*.py has ``main() -> str`` returning a markdown section; this runner
collects them in order with the machine's description. Run with `make bench`.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import sqlite3
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _sections(text: str) -> dict[str, str]:
    """Sections of an existing BENCHMARKS.md, keyed by benchmark name."""
    found = {}
    for chunk in text.split("<!-- bench:")[1:]:
        name, _, body = chunk.partition(" -->")
        found[name] = body.strip()
    return found


def main() -> int:
    """`python bench/run.py [bench_x ...]`: run all (or the named) benchmarks; sections of
    benchmarks not run this time are kept from the previous BENCHMARKS.md."""
    sys.path.insert(0, str(ROOT))
    only = set(sys.argv[1:])
    out = ROOT / "BENCHMARKS.md"
    sections = _sections(out.read_text(encoding="utf-8")) if out.exists() else {}
    for path in sorted(HERE.glob("bench_*.py")):
        if only and path.stem not in only:
            continue
        started = time.perf_counter()
        print(f"running {path.stem} ...", flush=True)
        sections[path.stem] = load(path).main().strip()
        print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)
    header = (
        "# Benchmarks\n\n"
        "Written by `make bench` (bench/run.py; `python bench/run.py bench_list` reruns one). "
        f"Last run on {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{time.strftime('%Y-%m-%d')}.\n"
    )
    body = "\n\n".join(f"<!-- bench:{name} -->\n{text}" for name, text in sorted(sections.items()))
    out.write_text(header + "\n" + body + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
