"""docs/api.md describes every endpoint the server publishes, and every rule code."""

from __future__ import annotations

import re
from pathlib import Path

from sync import protocol as p
from sync.server import db
from sync.server.app import create_app

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def test_every_published_endpoint_is_documented(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{(tmp_path / 'hq.sqlite3').as_posix()}")
    db.migrate(engine)
    text = DOC.read_text(encoding="utf-8")
    for path, methods in create_app(engine).openapi()["paths"].items():
        for method in methods:
            assert f"`{method.upper()} {path}" in text, f"{method.upper()} {path} not in docs/api.md"
    engine.dispose()


def test_every_headquarters_rule_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    rules = [v for k, v in vars(p).items() if k.startswith("RULE_")]
    for rule in rules:
        assert re.search(rf"`{rule}`", text), rule
