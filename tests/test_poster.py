"""`jobcentre-hq poster`: an A4 PDF whose QR code a scanner reads back as the district's
/join (or /hire) address, with the Khmer font embedded and the district's names from the
gazetteer; wrong input is refused by option, in words, with no file written."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from app.domain.poster import PosterError, poster_url
from tests.console import documented, jobcentre_hq

NEEDED = ("pdftoppm", "zbarimg", "pdffonts", "pdftotext", "pdfinfo")


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{(tmp_path / 'hq.sqlite3').as_posix()}"


def tools() -> None:
    missing = [t for t in NEEDED if shutil.which(t) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (poppler-utils, zbar-tools)")


def decoded(pdf: Path, tmp_path: Path) -> list[str]:
    """What zbarimg reads from the poster printed at 150 dpi."""
    png = tmp_path / "poster"
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(png)],
                   check=True, timeout=60)
    done = subprocess.run(["zbarimg", "-q", "--raw", str(png) + ".png"], capture_output=True,
                          text=True, timeout=60)
    return done.stdout.split()


@documented("jobcentre-hq --db URL poster --district 0502 --base-url URL --out FILE.pdf")
def test_returnees_poster_decodes_to_the_districts_join_page(db_url: str, tmp_path: Path
                                                            ) -> None:
    tools()
    out = tmp_path / "chbar-mon.pdf"
    done = jobcentre_hq(db_url, "poster", "--district", "0502", "--base-url",
                        "https://jobs.mlvt.gov.kh/", "--out", out)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "https://jobs.mlvt.gov.kh/join?d=0502"
    assert "Chbar Mon district, Kampong Speu province" in done.stdout
    assert "shrunk" not in done.stderr  # the words fit the page at their designed size
    assert decoded(out, tmp_path) == ["https://jobs.mlvt.gov.kh/join?d=0502"]

    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M) and re.search(r"^Page size:.*\(A4\)", info, re.M)
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    assert "NotoSansKhmer" in fonts
    words = subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                           text=True).stdout
    for english in ("Scan to register for a job", "Chbar Mon district",
                    "No smartphone? Call the 1297 hotline",
                    "An officer from your district will call you"):
        assert english in words


@documented("jobcentre-hq --db URL poster --district 0502 --base-url URL --out FILE.pdf "
            "--employers")
def test_employers_poster_decodes_to_the_hire_page(db_url: str, tmp_path: Path) -> None:
    tools()
    out = tmp_path / "hire.pdf"
    done = jobcentre_hq(db_url, "poster", "--district", "1201", "--base-url",
                        "http://127.0.0.1:8000", "--out", out, "--employers")
    assert done.returncode == 0, done.stderr
    assert decoded(out, tmp_path) == ["http://127.0.0.1:8000/hire?d=1201"]
    words = subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                           text=True).stdout
    assert "Scan to ask for workers" in words and "Phnom Penh province" in words


@pytest.mark.parametrize(("args", "message"), [
    (["--district", "9999", "--base-url", "https://jobs.mlvt.gov.kh"],
     "error: --district: no district 9999 in the gazetteer"),
    (["--district", "05", "--base-url", "https://jobs.mlvt.gov.kh"],
     "error: --district: a 4-digit district code such as 0502"),
    (["--district", "0502", "--base-url", "jobs.mlvt.gov.kh"],
     "error: --base-url: an address such as https://jobs.mlvt.gov.kh, without ? or #"),
    (["--district", "0502", "--base-url", "https://jobs.mlvt.gov.kh/?x=1"],
     "error: --base-url: an address such as https://jobs.mlvt.gov.kh, without ? or #"),
])
def test_wrong_input_is_refused_by_option(db_url: str, tmp_path: Path, args: list[str],
                                          message: str) -> None:
    out = tmp_path / "poster.pdf"
    done = jobcentre_hq(db_url, "poster", *args, "--out", out)
    assert done.returncode == 1
    assert done.stderr.strip().startswith(message), done.stderr
    assert not out.exists()


def test_an_unwritable_file_is_refused_in_words(db_url: str, tmp_path: Path) -> None:
    done = jobcentre_hq(db_url, "poster", "--district", "0502", "--base-url",
                        "https://jobs.mlvt.gov.kh", "--out", tmp_path / "no" / "such" / "p.pdf")
    assert done.returncode == 1
    assert done.stderr.startswith("error: --out: cannot write"), done.stderr
    assert "Traceback" not in done.stderr


def test_the_address_rule() -> None:
    assert poster_url("https://hq.example/base/", "0502") == "https://hq.example/base/join?d=0502"
    assert poster_url("https://hq.example", "0502", "hire") == "https://hq.example/hire?d=0502"
    with pytest.raises(PosterError) as bad:
        poster_url("ftp://hq.example", "0502")
    assert bad.value.field == "base_url"
