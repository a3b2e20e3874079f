import pytest
from referrals.adapters.icd10cm import current_release
from referrals.domain.identifiers import is_valid_npi


@pytest.mark.parametrize("npi", ["1234567893", "1245319599", "1003000126"])
def test_npis_with_a_correct_check_digit_are_valid(npi: str) -> None:
    assert is_valid_npi(npi)


@pytest.mark.parametrize("npi", ["1234567890", "123456789", "12345678931", "12345678a3", ""])
def test_npis_with_a_wrong_check_digit_or_shape_are_invalid(npi: str) -> None:
    assert not is_valid_npi(npi)


@pytest.mark.parametrize(
    "code", ["M54.50", "m54.51", "G56.00", "S13.4XXA", "M17.11", "R51.9", "G43.909", "U09.9", "U07.1"]
)
def test_billable_icd10_cm_codes_of_the_current_release_are_accepted(code: str) -> None:
    assert current_release().problem(code) is None


def test_a_code_with_subcodes_is_refused_naming_its_billable_codes() -> None:
    assert current_release().problem("M54.5") == (
        "M54.5 is not billable; use one of its billable codes: M54.50, M54.51, M54.59"
    )
    assert "G43.001, G43.009" in (current_release().problem("G43") or "")


@pytest.mark.parametrize("code", ["Z99.99", "M54.52", "54.50", "M5", "M54-50", "A00-A09", "1"])
def test_codes_that_do_not_exist_are_refused(code: str) -> None:
    assert current_release().problem(code) == f"{code} is not an ICD-10-CM code"
