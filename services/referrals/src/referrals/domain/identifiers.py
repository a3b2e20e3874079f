"""Validation of the National Provider Identifier a referral carries (ICD-10-CM codes are checked
against the code set, ``referrals.domain.diagnosis_codes``)."""

_NPI_PREFIX_SUM = 24  # the digits of the health-industry prefix 80840, doubled per Luhn


def is_valid_npi(npi: str) -> bool:
    """A 10-digit National Provider Identifier whose last digit is its Luhn check digit
    computed over the prefix 80840 and the first nine digits."""
    if len(npi) != 10 or not npi.isdigit():
        return False
    total = _NPI_PREFIX_SUM
    for position, char in enumerate(reversed(npi[:9])):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10 == int(npi[9])
