"""The progress letter as a PDF, read back with poppler's pdftotext and pdfinfo."""

import subprocess
from pathlib import Path

from fhir.adapters.letter_pdf import render
from fhir.domain.letter import letter

from .letter_samples import NOTES, REFERRAL, REPORT


def _text_and_pages(pdf: bytes, tmp_path: Path) -> tuple[str, int]:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = next(int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:"))
    return " ".join(text.split()), pages


def test_the_letter_names_the_patient_diagnosis_visits_goals_assessments_and_plan(tmp_path: Path) -> None:
    text, pages = _text_and_pages(render(letter(REPORT, REFERRAL, NOTES)), tmp_path)
    assert 1 <= pages <= 2
    for expected in (
        "Discharge summary",
        "Patient: Dana Reyes (MRN MRN-1)",
        "Dr. Ada Osei (NPI 1234567893)",
        "M54.50 - low back pain",
        "medical massage: 8 attended of 8 planned, 12 authorised",
        "chiropractic: 4 attended of 6 planned",
        "pain nrs (lumbar): baseline 7, current 3, target at most 3 - met",
        "cervical rotation deg: baseline 45, current 70, target at least 70 - met",
        "Pain and function over the visits",
        "12 readings",
        "Lumbar tone much reduced; tolerates firm pressure. - signed by lmt-kim on 2026-01-27 11:05 UTC",
        "Cervical rotation at goal bilaterally. - signed by dc-lee",
        "home care: heat 15 minutes daily, cat-cow stretch",
        "follow-up: re-check in 4 weeks",
    ):
        assert expected in text, expected


def test_only_the_latest_signed_note_of_each_discipline_is_quoted() -> None:
    quoted = letter(REPORT, REFERRAL, NOTES).assessments
    assert [(a.discipline, a.signed_by) for a in quoted] == [
        ("chiropractic", "dc-lee"),
        ("medical massage", "lmt-kim"),
    ]
