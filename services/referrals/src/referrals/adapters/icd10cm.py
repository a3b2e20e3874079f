"""The current ICD-10-CM release, from the CMS code list that the ``simple-icd-10-cm`` package
ships and keeps up to date.

Read from the list file rather than through the package's API: importing the package parses its
9.7 MB tabular XML, measured at 4-14 s per process start on this project's machines (every
service replica would pay it), while the code list alone loads in well under a second."""

from functools import cache
from importlib.util import find_spec
from pathlib import Path

from referrals.domain.diagnosis_codes import Icd10CmCodeSet


@cache
def current_release() -> Icd10CmCodeSet:
    # find_spec locates the package without importing it (an import would parse the XML).
    spec = find_spec("simple_icd_10_cm")
    if spec is None or spec.origin is None:
        raise RuntimeError("the simple-icd-10-cm package is not installed")
    (code_list,) = (Path(spec.origin).parent / "data").glob("code-list-*.txt")
    return Icd10CmCodeSet(code_list.read_text(encoding="utf-8").splitlines())
