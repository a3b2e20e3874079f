"""FHIR errors: every refusal is an OperationOutcome with the HTTP status that fits, naming the
element at fault (a FHIRPath expression) where there is one. Diagnostics never echo submitted values."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Issue:
    code: str  # http://hl7.org/fhir/issue-type: invalid, not-found, forbidden, login, not-supported, ...
    diagnostics: str
    expression: str | None = None
    severity: str = "error"


@dataclass
class FhirError(Exception):
    status: int
    issues: list[Issue] = field(default_factory=list)

    @classmethod
    def one(cls, status: int, code: str, diagnostics: str, expression: str | None = None) -> "FhirError":
        return cls(status, [Issue(code, diagnostics, expression)])


def operation_outcome(issues: list[Issue]) -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [
            {
                "severity": issue.severity,
                "code": issue.code,
                "diagnostics": issue.diagnostics,
                **({"expression": [issue.expression]} if issue.expression else {}),
            }
            for issue in issues
        ],
    }


ISSUE_CODE_BY_STATUS = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    409: "conflict",
    412: "conflict",
    413: "too-costly",
    422: "invalid",
    429: "throttled",
}


def issue_code_for(status: int) -> str:
    return ISSUE_CODE_BY_STATUS.get(status, "processing")
