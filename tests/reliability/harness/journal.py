"""What each scenario injected and reconciled: printed as it happens (seen with ``-s`` or on a
failure) and gathered for a section at the end of the pytest run, where CI logs show it."""

import os
from collections import defaultdict

ENTRIES: dict[str, list[str]] = defaultdict(list)


def say(text: str) -> None:
    print(text)
    test = os.environ.get("PYTEST_CURRENT_TEST", "outside a test").rsplit(" ", 1)[0]
    ENTRIES[test.rsplit("::", 1)[-1]].append(text)
