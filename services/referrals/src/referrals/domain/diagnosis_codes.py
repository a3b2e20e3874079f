"""Which ICD-10-CM codes a referral may carry: codes that exist in the current release and are
billable (a leaf of the classification), so a claim built on the referral is not refused."""

from collections.abc import Iterable

SUGGESTIONS = 12


class Icd10CmCodeSet:
    """Built from the CMS code list: every chapter, block and code, one a line, in tabular order
    (a code is followed by its subcodes), with or without dots."""

    def __init__(self, lines: Iterable[str]) -> None:
        codes = [_plain(line) for line in lines if _is_code(line)]
        self._codes = set(codes)
        self._billable = {
            code for code, after in zip(codes, [*codes[1:], ""], strict=True) if not after.startswith(code)
        }
        self._in_order = codes

    def __len__(self) -> int:
        return len(self._codes)

    def problem(self, code: str) -> str | None:
        """Why ``code`` cannot go on a referral, or None when it is a billable code."""
        plain = _plain(code)
        if plain in self._billable:
            return None
        if plain not in self._codes:
            return f"{code} is not an ICD-10-CM code"
        subcodes = [with_dot(c) for c in self._in_order if c.startswith(plain) and c in self._billable]
        listed = ", ".join(subcodes[:SUGGESTIONS]) + (", ..." if len(subcodes) > SUGGESTIONS else "")
        return f"{code} is not billable; use one of its billable codes: {listed}"


def with_dot(code: str) -> str:
    plain = _plain(code)
    return plain if len(plain) <= 3 else f"{plain[:3]}.{plain[3:]}"


def _plain(code: str) -> str:
    return code.strip().upper().replace(".", "")


def _is_code(line: str) -> bool:
    """Chapters are numbers and blocks are ranges (``A00-A09``); codes start with a letter."""
    text = line.strip()
    return bool(text) and text[0].isalpha() and "-" not in text
