import pytest
from referrals.domain.identifiers import is_valid_icd10_cm, is_valid_npi


@pytest.mark.parametrize("npi", ["1234567893", "1245319599", "1003000126"])
def test_npis_with_a_correct_check_digit_are_valid(npi: str) -> None:
    assert is_valid_npi(npi)


@pytest.mark.parametrize("npi", ["1234567890", "123456789", "12345678931", "12345678a3", ""])
def test_npis_with_a_wrong_check_digit_or_shape_are_invalid(npi: str) -> None:
    assert not is_valid_npi(npi)


@pytest.mark.parametrize("code", ["M54.50", "M54.5", "G56.00", "S13.4XXA", "M17.11", "R51.9", "G43"])
def test_icd10_cm_codes_of_the_seed_conditions_are_valid(code: str) -> None:
    assert is_valid_icd10_cm(code)


@pytest.mark.parametrize("code", ["54.50", "M5", "M54.", "U07.1X1234", "m54.50x", "M54-50"])
def test_malformed_icd10_cm_codes_are_invalid(code: str) -> None:
    assert not is_valid_icd10_cm(code)
