"""The audit trail search form: which service's trail, and the filters as that service's
``GET /audit`` takes them. The browser's date-time fields carry no offset; the console reads them
as UTC, as every time on its pages is shown."""

import re
from collections.abc import Mapping
from datetime import UTC, datetime

AUDITED_SERVICES = ("referrals", "scheduling", "notes", "notifications")
FILTERS = ("patient_id", "actor")
TIMES = ("since", "until")
CURSOR = re.compile(r"[A-Za-z0-9_=-]{1,400}")  # the services' cursors are URL-safe base64


def audit_search(values: Mapping[str, str]) -> tuple[str, dict[str, str], dict[str, str]]:
    """The service to ask, its query parameters, and the message for each field that is wrong."""
    service = values.get("service") or AUDITED_SERVICES[0]
    errors: dict[str, str] = {}
    if service not in AUDITED_SERVICES:
        errors["service"] = f"one of {', '.join(AUDITED_SERVICES)}"
    params = {name: values[name].strip() for name in FILTERS if values.get(name, "").strip()}
    for name in TIMES:
        text = values.get(name, "").strip()
        if not text:
            continue
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            errors[name] = "a date and time, e.g. 2026-12-01T09:30"
            continue
        params[name] = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()
    cursor = values.get("cursor", "").strip()
    if CURSOR.fullmatch(cursor):  # opaque to the console: the service refuses one it did not issue
        params["cursor"] = cursor
    return service, params, errors
